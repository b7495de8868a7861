"""A link made by an agent in the admin pages, printed as a QR code, scanned and answered."""

from __future__ import annotations

import io

import numpy as np
import zxingcpp
from PIL import Image
from sqlalchemy import func, select

from cxm.clock import SYSTEM
from cxm.db.engine import get_engine
from cxm.db.schema import responses
from cxm.importers.service import import_file
from cxm.users.service import create_user
from helpers.files import write_csv


def test_qr_code_on_the_admin_page_opens_the_survey(server, browser, phone, tmp_path, artifacts):
    base, settings = server
    write_csv(
        tmp_path / "c.csv",
        ["customer_id", "email", "language", "signup_at"],
        [("C-QR", "qr@example.com", "vi", "2024-01-01T00:00:00Z")],
    )
    import_file(settings, "customers", tmp_path / "c.csv")
    engine = get_engine(settings.database_url)
    with engine.begin() as conn:
        create_user(conn, "agent@example.com", "correct horse battery", "agent", SYSTEM.now())

    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    try:
        page.goto(f"{base}/login?next=/admin/surveys/csat_support")
        page.fill("input[name=email]", "agent@example.com")
        page.fill("input[name=password]", "correct horse battery")
        page.click("button.primary")
        page.wait_for_url(f"{base}/admin/surveys/csat_support")
        page.fill("textarea[name=customers]", "C-QR")
        page.select_option("select[name=channel]", "link")
        page.click("form[action$='/send'] button")
        qr = page.wait_for_selector("img.qr")
        shown = page.locator("ul.links a").first.get_attribute("href")
        png = qr.screenshot(path=str(artifacts / "survey-link-qr.png"))
    finally:
        context.close()

    pixels = np.asarray(Image.open(io.BytesIO(png)).convert("L"))
    (decoded,) = zxingcpp.read_barcodes(pixels)
    assert decoded.text == shown
    assert decoded.text.startswith(f"{base}/s/")

    # the phone that scanned it opens the survey; opening records nothing
    phone.goto(decoded.text)
    phone.wait_for_selector("label.option")
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(responses)).scalar_one() == 0
    phone.locator("label.option:has(input[value='4'])").tap()
    phone.wait_for_url(f"{decoded.text}/more")
    with engine.connect() as conn:
        row = conn.execute(select(responses)).mappings().one()
    assert (row["customer_id"], row["score"], row["language"]) == ("C-QR", 4, "vi")
