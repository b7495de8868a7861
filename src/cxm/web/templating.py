"""Jinja2 templates of the package, with autoescaping on: nothing a customer wrote is HTML."""

from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.responses import HTMLResponse


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("cxm.web", "templates"),
        autoescape=select_autoescape(("html", "xml"), default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["when"] = _when
    return env


def _when(value: datetime | None) -> str:
    return "–" if value is None else f"{value:%Y-%m-%d %H:%M} UTC"


def render(name: str, **context: Any) -> str:
    return environment().get_template(name).render(**context)


SECURITY_HEADERS = {
    # The pages load nothing from elsewhere; inline script is refused.
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


def page(
    name: str, status_code: int = 200, frame_ancestors: tuple[str, ...] = (), **context: Any
) -> HTMLResponse:
    """A rendered page; `frame_ancestors` are the sites allowed to show it in a frame."""
    headers = dict(SECURITY_HEADERS)
    if frame_ancestors:
        headers["Content-Security-Policy"] = headers["Content-Security-Policy"].replace(
            "frame-ancestors 'none'", "frame-ancestors " + " ".join(frame_ancestors)
        )
    context.setdefault("embedded", bool(frame_ancestors))
    return HTMLResponse(render(name, **context), status_code=status_code, headers=headers)
