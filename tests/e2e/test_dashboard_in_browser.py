"""The dashboard in a real browser: sign in, filter, drill down from a chart point to its
rows, export them, switch language. Screenshots are kept in test-artifacts/."""

from __future__ import annotations

import csv
import io
import re

from cxm.clock import SYSTEM
from cxm.db.engine import get_engine
from cxm.users.service import create_user
from helpers.demo import load_demo

PASSWORD = "a long enough password"


def test_filter_drill_down_export_and_language(server, browser, tmp_path, artifacts):
    base, settings = server
    load_demo(settings, tmp_path / "demo")
    with get_engine(settings.database_url).begin() as conn:
        create_user(conn, "viewer@example.com", PASSWORD, "viewer", SYSTEM.now())

    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    try:
        page.goto(f"{base}/dashboard")
        assert "/login" in page.url
        page.fill("input[name=email]", "viewer@example.com")
        page.fill("input[name=password]", PASSWORD)
        page.click("button.primary")
        page.wait_for_url(re.compile(r"/dashboard$"))
        # the latest month of data, by default
        assert page.input_value("input[name=from]") == "2025-12-01"

        # filter: June, e-mail only; the address keeps the view
        page.fill("input[name=from]", "2025-06-01")
        page.fill("input[name=to]", "2025-06-30")
        page.select_option("select[name=channel]", "email")
        page.click("form.filters button.primary")
        page.wait_for_url(re.compile(r"channel=email"))
        assert "from=2025-06-01" in page.url
        csat_all = page.locator("[data-metric=csat] .value a").get_attribute("data-value")
        page.screenshot(path=str(artifacts / "dashboard-overview.png"), full_page=True)

        # trends over the year by month; click the June point of the CSAT chart
        page.goto(f"{base}/dashboard/trends?from=2025-01-01&to=2025-12-31&channel=email")
        june = page.locator("figure[data-chart=csat] a:has(.point[data-label='Jun 25'])")
        assert june.count() == 1
        page.screenshot(path=str(artifacts / "dashboard-trends.png"), full_page=True)
        june.click()
        page.wait_for_url(re.compile(r"/dashboard/rows\?"))
        assert "from=2025-06-01" in page.url and "to=2025-06-30" in page.url
        total = int(page.locator("#row-count").get_attribute("data-total") or "0")
        assert total > 0
        assert page.locator("table.rows tbody tr").count() == min(total, 100)
        page.screenshot(path=str(artifacts / "dashboard-rows.png"), full_page=True)

        # the point's rows are the answers the overview's June CSAT was computed from
        page.goto(f"{base}/dashboard?from=2025-06-01&to=2025-06-30&channel=email")
        n_text = page.locator("[data-metric=csat] .n").inner_text()
        assert int(re.sub(r"\D", "", n_text)) == total
        assert page.locator("[data-metric=csat] .value a").get_attribute("data-value") == csat_all

        # export what the list shows, all of it
        page.goto(f"{base}/dashboard/rows?from=2025-06-01&to=2025-06-30&channel=email&metric=csat")
        with page.expect_download() as download:
            page.click("#export-csv")
        saved = tmp_path / "rows.csv"
        download.value.save_as(saved)
        rows = list(csv.DictReader(io.StringIO(saved.read_text("utf-8-sig"))))
        assert len(rows) == total
        assert {r["channel"] for r in rows} == {"email"}

        # switch to Khmer: the interface follows and remembers
        page.goto(f"{base}/dashboard?from=2025-06-01&to=2025-06-30")
        page.select_option("#language select[name=lang]", "km")
        page.click("#language button")
        page.wait_for_load_state()
        assert page.locator("html").get_attribute("lang") == "km"
        assert page.locator("h1").inner_text().startswith("ទិដ្ឋភាពទូទៅ")
        page.goto(f"{base}/dashboard/trends")
        assert page.locator("html").get_attribute("lang") == "km"
        page.screenshot(path=str(artifacts / "dashboard-km.png"), full_page=True)
    finally:
        context.close()
