"""QR codes for survey links printed on receipts, posters or screens."""

from __future__ import annotations

import io
import re

import segno


def qr_svg(url: str, scale: int = 4) -> str:
    """The link as a standalone SVG QR code (error correction M survives a crumpled receipt)."""
    out = io.BytesIO()
    segno.make(url, error="m", micro=False).save(out, kind="svg", scale=scale)
    return out.getvalue().decode("utf-8")


def qr_data_uri(url: str, scale: int = 4) -> str:
    """The link as an SVG data URI, for an <img> tag (no inline markup to escape)."""
    return segno.make(url, error="m", micro=False).svg_data_uri(scale=scale)


def safe_file_name(name: str) -> str:
    """A customer id turned into a file name that cannot leave the target folder."""
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("._")
    return cleaned or "customer"
