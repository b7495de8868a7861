"""Answering surveys in a real browser on a phone-sized screen, in Khmer and Thai."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from cxm.db.engine import get_engine
from cxm.db.schema import responses
from cxm.importers.service import import_file
from cxm.invitations import service as invitations
from cxm.surveys import service as surveys
from helpers.files import write_csv

# fonts that draw each script; a glyph drawn by any other (or none) is a box
SCRIPT_FONTS = {
    "km": re.compile(r"khmer|noto sans khmer|hanuman|battambang", re.I),
    "th": re.compile(r"thai|tlwg|loma|garuda|norasi|kinnari|sawasdee|umpush|waree|laksaman", re.I),
}


def invite(settings, tmp_path, language: str, survey_key: str):  # type: ignore[no-untyped-def]
    write_csv(
        tmp_path / f"{language}.csv",
        ["customer_id", "email", "language", "signup_at"],
        [(f"C-{language}", f"{language}@example.com", language, "2024-01-01T00:00:00Z")],
    )
    import_file(settings, "customers", tmp_path / f"{language}.csv")
    with get_engine(settings.database_url).begin() as conn:
        survey = surveys.get(conn, survey_key)
        inv = invitations.create(
            conn,
            settings,
            survey=survey,
            channel="link",
            at=surveys_now(),
            customer_id=f"C-{language}",
        )
    return inv, invitations.link(settings, inv)


def surveys_now():  # type: ignore[no-untyped-def]
    from cxm.clock import SYSTEM

    return SYSTEM.now()


def fonts_drawing(page, selector: str) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """The platform fonts chromium used for the text of an element, with glyph counts."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    return {f["familyName"]: f["glyphCount"] for f in fonts}


@pytest.mark.parametrize(
    ("language", "survey_key", "score"),
    [("km", "csat_support", 5), ("th", "nps_relationship", 10)],
)
def test_answer_on_a_phone(server, phone, artifacts, tmp_path, language, survey_key, score):
    _base, settings = server
    _inv, url = invite(settings, tmp_path, language, survey_key)
    phone.goto(url)
    assert phone.get_attribute("html", "lang") == language
    fonts = fonts_drawing(phone, "h1")
    drawn = sum(n for name, n in fonts.items() if SCRIPT_FONTS[language].search(name))
    assert drawn > 0, f"no {language} font drew the question: {fonts}"
    phone.screenshot(path=str(artifacts / f"survey-{language}-question.png"), full_page=True)
    # nothing is recorded by opening the page
    with get_engine(settings.database_url).connect() as conn:
        assert conn.execute(select(responses)).first() is None
    # one tap on a score answers
    phone.locator(f"label.option:has(input[value='{score}'])").tap()
    phone.wait_for_url(re.compile(r"/more$"))
    phone.locator("textarea").fill("ល្អណាស់" if language == "km" else "บริการดีมาก")
    phone.screenshot(path=str(artifacts / f"survey-{language}-followup.png"), full_page=True)
    phone.locator("button[type=submit]").tap()
    phone.wait_for_load_state()
    assert phone.locator("h1").inner_text().strip()
    phone.screenshot(path=str(artifacts / f"survey-{language}-thanks.png"), full_page=True)
    with get_engine(settings.database_url).connect() as conn:
        row = conn.execute(select(responses)).mappings().one()
    assert row["score"] == score and row["band"] == 1 and row["comment"]


def test_keyboard_only(server, phone, tmp_path):
    _base, settings = server
    _inv, url = invite(settings, tmp_path, "km", "csat_support")
    phone.goto(url)
    # the scale is a group of labelled radio buttons: reachable and choosable by keyboard
    radios = phone.get_by_role("radio")
    assert radios.count() == 5
    assert all(radios.nth(i).get_attribute("value") for i in range(5))
    names = [radios.nth(i).evaluate("e => e.labels[0].innerText") for i in range(5)]
    assert all(n.strip() for n in names)
    phone.keyboard.press("Tab")
    phone.keyboard.press("ArrowRight")
    phone.wait_for_url(re.compile(r"/more$"))
