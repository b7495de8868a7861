"""The dashboard's pages as a signed-in user sees them, and what a stranger cannot see."""

from __future__ import annotations

import csv
import html
import io
import re
from datetime import date

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from cxm.analytics.replica import Replica
from cxm.dashboard.view import View
from cxm.i18n.ui import UI
from cxm.importers.service import import_file
from cxm.metrics.engine import compute_metrics
from helpers.files import write_csv, write_jsonl

JUNE = "from=2025-06-01&to=2025-06-30"
PAGES = [
    "/dashboard",
    "/dashboard/trends",
    "/dashboard/loyalty",
    "/dashboard/journey",
    "/dashboard/comments",
    "/dashboard/rows?metric=csat",
    "/dashboard/rows.csv?metric=csat",
    "/dashboard/rows.xlsx?metric=csat",
    "/dashboard/report?month=2025-06&format=html",
    "/dashboard/customers/C-1",
]


def test_nothing_without_signing_in(dashboard_app):
    client = TestClient(dashboard_app, follow_redirects=False)
    for url in PAGES:
        r = client.get(url)
        assert r.status_code == 303, url
        assert r.headers["location"].startswith("/login?next=")


def _value(page: str, metric: str) -> str:
    found = re.search(
        rf'data-metric="{metric}".*?<p class="value"><a href="([^"]+)" data-value="([^"]*)"',
        page,
        re.S,
    )
    assert found, metric
    return found.group(2)


def test_overview_numbers_are_the_engines(sign_in, demo_settings):
    client = sign_in("viewer")
    page = client.get(f"/dashboard?{JUNE}&channel=email").text
    view = View(date(2025, 6, 1), date(2025, 6, 30), filters={"channel": ("email",)})
    with Replica(demo_settings).fresh() as con:
        (row,) = compute_metrics(con, view.query())
    for metric, key in (("csat", "csat"), ("nps", "nps"), ("ticket_volume", "ticket_volume"),
                        ("resolution_time", "resolution_time_median_s")):  # fmt: skip
        assert float(_value(page, metric)) == pytest.approx(row[key]), metric
    # the change against May, and whether it is beyond noise, is said for the survey scores
    assert 'data-metric="csat"' in page and "data-significant=" in page
    assert "vs May 1, 2025" in page


def test_the_number_links_to_as_many_rows(sign_in, demo_settings):
    client = sign_in("viewer")
    page = client.get(f"/dashboard?{JUNE}&region=Cambodia").text
    link = re.search(r'data-metric="csat".*?<a href="([^"]+)"', page, re.S).group(1)
    listing = client.get(html.unescape(link))
    assert listing.status_code == 200
    total = int(re.search(r'data-total="(\d+)"', listing.text).group(1))
    view = View(date(2025, 6, 1), date(2025, 6, 30), filters={"region": ("Cambodia",)})
    with Replica(demo_settings).fresh() as con:
        (row,) = compute_metrics(con, view.query())
    assert total == row["csat_n"] > 0
    # and its export has them all
    export = client.get(html.unescape(link).replace("/dashboard/rows?", "/dashboard/rows.csv?"))
    assert export.status_code == 200
    assert export.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(export.text.removeprefix("\ufeff"))))
    assert len(rows) == total


def test_xlsx_export(sign_in, tmp_path):
    client = sign_in("viewer")
    r = client.get(f"/dashboard/rows.xlsx?{JUNE}&metric=ticket_volume")
    assert r.status_code == 200
    (tmp_path / "x.xlsx").write_bytes(r.content)
    sheet = load_workbook(tmp_path / "x.xlsx", read_only=True).worksheets[0]
    header = next(sheet.iter_rows(values_only=True))
    assert "ticket_id" in header and "category" in header
    assert sum(1 for _ in sheet.iter_rows()) > 100


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/dashboard?from=2025-13-01", "from / to"),
        ("/dashboard?colour=red", "colour: not a segment"),
        ("/dashboard/rows?metric=happiness", "unknown metric"),
        ("/dashboard/rows?metric=csat&rows=happy", "choose one of"),
        ("/dashboard/rows?metric=csat&page=two", "page"),
        ("/dashboard/report?month=2025-6x&format=pdf", "month"),
        ("/dashboard/report?month=2025-06&format=doc", "format"),
    ],
)
def test_bad_addresses_are_refused_clearly(sign_in, url, message):
    r = sign_in("viewer").get(url)
    assert r.status_code == 422
    assert message in r.json()["detail"]


def test_customer_text_is_shown_as_text(sign_in, demo_settings, tmp_path):
    evil = '<img src=x onerror="alert(1)">'
    write_csv(
        tmp_path / "c.csv",
        ["customer_id", "name", "signup_at"],
        [("C-EVIL", evil, "2025-01-01T00:00:00Z")],
    )
    import_file(demo_settings, "customers", tmp_path / "c.csv")
    write_jsonl(
        tmp_path / "r.jsonl",
        [{"response_id": "R-EVIL", "customer_id": "C-EVIL", "survey": "csat", "scale": "1-5",
          "score": 1, "comment": f"slow {evil}", "answered_at": "2025-06-10T10:00:00Z"},
         {"response_id": "R-PCT", "customer_id": "C-EVIL", "survey": "csat", "scale": "1-5",
          "score": 2, "comment": "down 100%_now", "answered_at": "2025-06-11T10:00:00Z"}],
    )  # fmt: skip
    import_file(demo_settings, "responses", tmp_path / "r.jsonl")
    client = sign_in("viewer")
    for url in (
        f"/dashboard/comments?{JUNE}&q=onerror",
        "/dashboard/customers/C-EVIL",
        f"/dashboard/rows?{JUNE}&metric=csat&customer_id=C-EVIL",
    ):
        page = client.get(url)
        assert page.status_code == 200, url
        assert evil not in page.text, url
        assert html.escape(evil, quote=False) in page.text or "&lt;img" in page.text, url
    # % and _ typed in the search are looked for as they are
    found = client.get(f"/dashboard/comments?{JUNE}&q=0%25_n").text
    assert 'data-total="1"' in found and "down 100%_now" in found


def test_comments_filter_and_search(sign_in):
    client = sign_in("viewer")
    everything = client.get(f"/dashboard/comments?{JUNE}").text
    negative = client.get(f"/dashboard/comments?{JUNE}&kind=csat&score=negative").text
    count = lambda page: int(re.search(r'data-total="(\d+)"', page).group(1))  # noqa: E731
    assert 0 < count(negative) < count(everything)
    assert 'class="band1"' not in negative and 'class="band-1"' in negative
    # a search with LIKE's own characters finds them literally, not as wildcards
    assert count(client.get(f"/dashboard/comments?{JUNE}&q=%25_%25").text) == 0
    # the export carries exactly the listed comments
    link = re.search(r'id="export-csv" href="([^"]+)"', negative).group(1)
    export = client.get(html.unescape(link))
    rows = list(csv.DictReader(io.StringIO(export.text.removeprefix("\ufeff"))))
    assert len(rows) == count(negative)
    assert {(r["survey"], r["band"]) for r in rows} == {("csat", "-1")}
    assert all(r["comment"] for r in rows)


def test_customer_page(sign_in, demo_settings):
    with Replica(demo_settings).fresh() as con:
        (customer,) = con.execute(
            "SELECT customer_id FROM responses WHERE comment IS NOT NULL "
            "GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1"
        ).fetchone()
    client = sign_in("viewer")
    page = client.get(f"/dashboard/customers/{customer}")
    assert page.status_code == 200
    assert page.text.count('<li class="response">') >= 1
    assert 'class="trend trend-' in page.text
    assert client.get("/dashboard/customers/NOBODY").status_code == 404


def test_loyalty_and_journey(sign_in):
    client = sign_in("viewer")
    loyalty = client.get("/dashboard/loyalty?from=2025-12-01&to=2025-12-31").text
    for q in ("advocates", "vip_support", "wildcards", "churners"):
        assert f'data-quadrant="{q}"' in loyalty
    assert 'href="/dashboard/customers/' in loyalty
    journey = client.get("/dashboard/journey?from=2025-01-01&to=2025-12-31").text
    # the demo's weak stage is onboarding
    assert "Weakest stage: onboarding" in journey


def test_trends_mark_the_outage_spike(sign_in):
    page = sign_in("viewer").get("/dashboard/trends?from=2025-01-01&to=2025-12-31&grain=week").text
    assert "Spikes:" in page
    assert page.count('data-chart="') == 6
    # every chart point of the scores links to its rows
    assert re.search(r'<a href="/dashboard/rows\?from=2025-\d\d-\d\d&amp;to=', page)


@pytest.mark.parametrize("lang", ["km", "th", "vi"])
def test_the_interface_speaks_the_chosen_language(sign_in, lang):
    client = sign_in("viewer")
    page = client.get(f"/dashboard?{JUNE}&lang={lang}")
    assert page.status_code == 200
    assert f'<html lang="{lang}">' in page.text
    assert UI.text(lang, "overview_title") in page.text
    assert UI.text("en", "beyond_noise") not in page.text
    # the choice is remembered
    again = client.get(f"/dashboard/trends?{JUNE}").text
    assert UI.text(lang, "trends_title") in again


def test_every_language_has_every_text():
    for lang in ("km", "th", "vi"):
        assert UI.missing(lang) == []


def test_report_download(sign_in):
    client = sign_in("viewer")
    r = client.get("/dashboard/report?month=2025-06&format=html&lang=vi")
    assert r.status_code == 200
    assert r.headers["content-disposition"] == 'attachment; filename="cxm-report-2025-06.html"'
    assert "<html" in r.text


def test_each_quadrant_lists_its_customers(sign_in, demo_settings):
    from cxm.metrics.loyalty import loyalty_map

    client = sign_in("viewer")
    page = client.get("/dashboard/loyalty?from=2025-12-01&to=2025-12-31").text
    with Replica(demo_settings).fresh() as con:
        found = loyalty_map(con, date(2025, 12, 31))
    for quadrant, count in found.counts.items():
        link = re.search(
            rf'data-quadrant="{quadrant.value}".*?<a href="([^"]+)">', page, re.S
        ).group(1)
        listed = client.get(html.unescape(link))
        assert f'data-total="{count}"' in listed.text
        export = client.get(
            html.unescape(link).replace("/loyalty/customers?", "/loyalty/customers.csv?")
        )
        rows = list(csv.DictReader(io.StringIO(export.text.removeprefix("\ufeff"))))
        assert len(rows) == count
    assert client.get("/dashboard/loyalty/customers?quadrant=fans").status_code == 422
