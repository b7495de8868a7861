"""One entry point for every format of the monthly report."""

from __future__ import annotations

from cxm.reports.monthly import MonthlyReport

FORMATS = ("xlsx", "pdf", "html")
MEDIA_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
}


def render_report(report: MonthlyReport, fmt: str, lang: str = "en") -> bytes:
    """The report as a file's bytes; ValueError for an unknown format or language."""
    if fmt == "xlsx":
        from cxm.reports.xlsx import workbook_bytes

        return workbook_bytes(report, lang)
    if fmt == "html":
        from cxm.reports.document import render_html

        return render_html(report, lang).encode("utf-8")
    if fmt == "pdf":
        from cxm.reports.document import render_pdf

        return render_pdf(report, lang)
    raise ValueError(f"unknown report format {fmt!r}: choose one of {', '.join(FORMATS)}")
