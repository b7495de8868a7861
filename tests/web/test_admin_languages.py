"""The admin pages speak the language chosen for the dashboard: sign in, surveys, one survey,
the invitation log, with their notices; English stays the default."""

from __future__ import annotations

import string

import pytest
from fastapi.testclient import TestClient

from cxm.i18n.admin import ADMIN
from cxm.i18n.catalogue import LANGUAGES
from cxm.i18n.ui import UI
from cxm.invitations import service as invitation_service
from cxm.surveys import service as survey_service
from cxm.users.service import create_user

PASSWORD = "a long enough password"
MARKUP = "<script>alert('x')</script>&C"


@pytest.fixture
def staff(app, clock):  # type: ignore[no-untyped-def]
    with app.state.cxm.engine.begin() as conn:
        create_user(conn, "admin@example.com", PASSWORD, "admin", clock.now())


def signed_in(app) -> TestClient:  # type: ignore[no-untyped-def]
    client = TestClient(app, follow_redirects=False)
    done = client.post("/login", data={"email": "admin@example.com", "password": PASSWORD})
    assert done.status_code == 303, done.text
    return client


def link_invitation(app, customer_id: str) -> None:  # type: ignore[no-untyped-def]
    state = app.state.cxm
    with state.engine.begin() as conn:
        survey = survey_service.get(conn, "csat_support")
        invitation_service.create(
            conn,
            state.settings,
            survey=survey,
            channel="link",
            at=state.clock.now(),
            customer_id=customer_id,
        )


def test_every_language_has_every_text():
    for lang in LANGUAGES:
        assert ADMIN.missing(lang) == [], lang


def test_placeholders_are_the_same_in_every_language():
    def names(text: str) -> set[str]:
        return {n for _, n, _, _ in string.Formatter().parse(text) if n}

    for key, english in ADMIN.texts["en"].items():
        for lang in LANGUAGES:
            assert names(ADMIN.text(lang, key)) == names(english), (lang, key)


def test_english_is_the_default(app, staff):
    client = signed_in(app)
    page = client.get("/admin/surveys")
    assert '<html lang="en">' in page.text
    assert "Missing texts" in page.text
    assert UI.text("en", "nav_trends") in page.text
    assert "cxm_lang" not in page.headers.get("set-cookie", "")


@pytest.mark.parametrize("lang", ["km", "th", "vi"])
def test_the_admin_pages_speak_the_chosen_language(app, staff, lang):
    link_invitation(app, "C1")
    client = signed_in(app)

    surveys = client.get(f"/admin/surveys?lang={lang}")
    assert surveys.status_code == 200
    assert f'<html lang="{lang}">' in surveys.text
    assert ADMIN.text(lang, "col_missing") in surveys.text
    assert "Missing texts" not in surveys.text
    # the dashboard's navigation and language menu, in the same words as there
    for key in ("nav_overview", "nav_trends", "nav_surveys", "nav_invitations", "sign_out"):
        assert UI.text(lang, key) in surveys.text, key
    assert 'action="/dashboard/language"' in surveys.text
    assert f'<option value="{lang}" lang="{lang}" selected>' in surveys.text
    assert "Sign out" not in surveys.text

    # the choice is remembered on the next pages, without ?lang=
    survey = client.get("/admin/surveys/csat_support")
    assert f'<html lang="{lang}">' in survey.text
    assert ADMIN.text(lang, "customer_ids") in survey.text
    assert ADMIN.text(lang, "field_question") in survey.text
    assert "Customer ids" not in survey.text and "Switch off" not in survey.text
    # the survey's own texts are data: every language's text is there to edit, as written
    with app.state.cxm.engine.connect() as conn:
        texts = survey_service.get(conn, "csat_support").texts
    assert _escaped(texts["en"]["question"]) in survey.text
    assert _escaped(texts[lang]["question"]) in survey.text

    log = client.get("/admin/invitations")
    assert f'<html lang="{lang}">' in log.text
    assert ADMIN.text(lang, "col_last_event") in log.text
    assert ADMIN.text(lang, "status_sent") in log.text  # a link is sent when it is made
    assert "Last event" not in log.text and "Response rate" not in log.text
    assert 'value="answered"' in log.text  # the filter still sends the status, not its name

    # the login page too, for someone signed out (the cookie stays)
    client.cookies.delete("cxm_session")
    login = client.get("/login")
    assert f'<html lang="{lang}">' in login.text
    assert ADMIN.text(lang, "password") in login.text
    assert "Password" not in login.text
    wrong = client.post("/login", data={"email": "admin@example.com", "password": "nope"})
    assert wrong.status_code == 401
    assert ADMIN.text(lang, "wrong_login") in wrong.text
    assert "Wrong e-mail" not in wrong.text


@pytest.mark.parametrize("lang", ["km", "th", "vi"])
def test_a_language_chosen_before_signing_in_stays(app, staff, lang):
    client = TestClient(app, follow_redirects=False)
    login = client.get(f"/login?next=/admin/invitations&lang={lang}")
    assert f'<html lang="{lang}">' in login.text
    assert (
        'action="/login"' in login.text and 'name="next" value="/admin/invitations"' in login.text
    )
    assert client.cookies.get("cxm_lang") == lang
    done = client.post("/login", data={"email": "admin@example.com", "password": PASSWORD})
    assert done.status_code == 303
    page = client.get("/admin/invitations")
    assert f'<html lang="{lang}">' in page.text
    assert ADMIN.text(lang, "summary_none") in page.text


def test_the_language_menu_switches_the_admin_pages(app, staff):
    client = signed_in(app)
    chosen = client.get("/dashboard/language?lang=th&next=/admin/surveys/csat_support")
    assert chosen.status_code == 303
    assert chosen.headers["location"] == "/admin/surveys/csat_support"
    page = client.get(chosen.headers["location"])
    assert '<html lang="th">' in page.text
    assert ADMIN.text("th", "texts_title") in page.text
    # and back
    client.get("/dashboard/language?lang=en&next=/admin/surveys")
    assert '<html lang="en">' in client.get("/admin/surveys").text


def test_the_browser_language_is_used_when_nothing_was_chosen(app, staff):
    client = signed_in(app)
    page = client.get("/admin/invitations", headers={"Accept-Language": "vi-VN,vi;q=0.9"})
    assert '<html lang="vi">' in page.text
    assert ADMIN.text("vi", "invitations_title") in page.text


@pytest.mark.parametrize("lang", ["km", "th", "vi"])
def test_notices_speak_the_chosen_language(app, staff, lang):
    client = signed_in(app)
    client.get(f"/admin/surveys?lang={lang}")
    page = client.get("/admin/surveys/csat_support")
    csrf = page.text.split('name="csrf" value="', 1)[1].split('"', 1)[0]

    saved = client.post(
        "/admin/surveys/csat_support/texts",
        data={"csrf": csrf, "language": "km", "text:thanks": "អរគុណ {company}"},
    )
    assert saved.status_code == 303
    shown = client.get(saved.headers["location"]).text
    assert ADMIN.text(lang, "texts_saved", language="ខ្មែរ") in shown
    assert "texts saved" not in shown

    queued = client.post(
        "/admin/surveys/csat_support/send",
        data={"csrf": csrf, "customers": f"C-NONE, {MARKUP}", "channel": "email"},
    )
    assert queued.status_code == 303
    shown = client.get(queued.headers["location"]).text
    expected = ADMIN.text(
        lang,
        "not_sent",
        notice=ADMIN.text(lang, "invitations_queued", n="0"),
        errors="; ".join(ADMIN.text(lang, "no_email", customer=c) for c in ("C-NONE", MARKUP)),
    )
    assert _escaped(expected) in shown
    assert "<script>alert" not in shown and "queued" not in shown

    made = client.post(
        "/admin/surveys/csat_support/send",
        data={"csrf": csrf, "customers": "C2", "channel": "link"},
    )
    assert made.status_code == 200
    assert ADMIN.text(lang, "invitations_created", n="1") in made.text
    assert ADMIN.text(lang, "links_once") in made.text
    # the language menu of this answer to a form comes back to the survey page
    assert 'name="next" value="/admin/surveys/csat_support"' in made.text


def test_customer_written_text_stays_escaped_on_the_invitation_log(app, staff):
    link_invitation(app, MARKUP)
    client = signed_in(app)
    for lang in LANGUAGES:
        page = client.get(f"/admin/invitations?lang={lang}")
        assert _escaped(MARKUP) in page.text, lang
        assert "<script>alert" not in page.text, lang


def test_unknown_channel_and_language_code_are_refused_in_the_chosen_language(app, staff):
    client = signed_in(app)
    client.get("/admin/surveys?lang=vi")
    page = client.get("/admin/surveys/csat_support")
    csrf = page.text.split('name="csrf" value="', 1)[1].split('"', 1)[0]
    bad = client.post(
        "/admin/surveys/csat_support/send",
        data={"csrf": csrf, "customers": "C1", "channel": "pigeon"},
    )
    assert bad.status_code == 422
    assert bad.json()["detail"] == ADMIN.text("vi", "bad_channel")
    bad = client.post("/admin/surveys/csat_support/texts", data={"csrf": csrf, "language": "x y"})
    assert bad.status_code == 422
    assert bad.json()["detail"] == ADMIN.text("vi", "bad_language_code")


def _escaped(text: str) -> str:
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("'", "&#39;")
        .replace('"', "&#34;")
    )
