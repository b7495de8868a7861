"""The demo company's data, generated and imported the way `cxm demo` does it."""

from __future__ import annotations

from pathlib import Path

from cxm.config import Settings
from cxm.db import open_database
from cxm.demo.generator import write_demo_files
from cxm.importers.entities import ENTITIES
from cxm.importers.service import ImportOptions, import_file


def load_demo(settings: Settings, folder: Path, customers: int = 600, seed: int = 7) -> None:
    """A year (2025) of demo data in the settings' database: customers, tickets, answers,
    revenue, spend."""
    open_database(settings)  # creates the schema of a new database
    files = write_demo_files(folder, seed=seed, customers=customers)
    for entity in ENTITIES:
        import_file(settings, entity, files[entity], ImportOptions())
