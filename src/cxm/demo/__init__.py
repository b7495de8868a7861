"""Demo data: a deterministic year of a web-hosting company, written as canonical import files."""

from cxm.demo.generator import outage_week, write_demo_files

__all__ = ["outage_week", "write_demo_files"]
