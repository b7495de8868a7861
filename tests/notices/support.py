"""The customers of the notice tests: four languages, plans, regions, a product attribute,
one without an address and one who opted out of notices."""

from __future__ import annotations

from pathlib import Path

from cxm.config import Settings
from cxm.db import open_database
from cxm.importers.service import import_file
from helpers.files import write_csv

CUSTOMERS = [
    # id, name, email, language, region, plan, timezone, product, notices
    ("C1", "Sokha", "sokha@example.com", "km", "KH", "vps", "Asia/Phnom_Penh", "vps", ""),
    ("C2", "Somchai", "somchai@example.com", "th", "TH", "vps", "Asia/Bangkok", "vps", ""),
    ("C3", "Lan", "lan@example.com", "vi", "VN", "shared", "Asia/Ho_Chi_Minh", "shared", ""),
    ("C4", "Ann", "ann@example.com", "en", "SG", "dedicated", "Asia/Singapore", "dedicated", ""),
    ("C5", "No Mail", "", "en", "KH", "vps", "Asia/Phnom_Penh", "vps", ""),
    ("C6", "Quiet", "quiet@example.com", "de", "KH", "vps", "", "vps", "off"),
    ("C7", "Jörg", "joerg@example.com", "de", "DE", "VPS", "Europe/Berlin", "vps", ""),
]


def write_customers(settings: Settings, folder: Path) -> None:
    write_csv(
        folder / "customers.csv",
        [
            "customer_id",
            "name",
            "email",
            "language",
            "region",
            "plan",
            "timezone",
            "product",
            "notices",
            "signup_at",
        ],
        [(*row, "2024-01-01T00:00:00Z") for row in CUSTOMERS],
    )
    open_database(settings)
    import_file(settings, "customers", folder / "customers.csv")
