"""The widget on a company's website: allowed sites only, spam guards, identified visitors."""

from __future__ import annotations

import dataclasses
import re
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from cxm.db.schema import invitations, responses
from cxm.surveys.service import install_templates
from cxm.web.app import create_app
from cxm.web.pages.widget import customer_signature

SITE = "https://www.example.com"


@pytest.fixture
def widget_app(settings, clock):  # type: ignore[no-untyped-def]
    s = dataclasses.replace(
        settings, widget_origins=f"{SITE}, https://shop.example.com", widget_secret="site-secret"
    )
    application = create_app(s, clock)
    with application.state.cxm.engine.begin() as conn:
        install_templates(conn, clock.now())
    return application


@pytest.fixture
def client(widget_app) -> TestClient:  # type: ignore[no-untyped-def]
    return TestClient(widget_app, follow_redirects=False)


def token_of(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


def answers(app) -> list[dict]:  # type: ignore[no-untyped-def]
    with app.state.cxm.engine.connect() as conn:
        return [dict(r) for r in conn.execute(select(responses)).mappings()]


def test_only_allowed_sites_can_show_it(client):
    assert client.get("/w/csat_support?origin=https://evil.example").status_code == 403
    page = client.get(f"/w/csat_support?origin={SITE}&lang=th")
    assert page.status_code == 200
    assert f"frame-ancestors {SITE}" in page.headers["content-security-policy"]
    assert 'lang="th"' in page.text and 'name="website"' in page.text


def test_an_answer_after_a_moment_is_recorded(client, widget_app, clock):
    page = client.get(f"/w/csat_support?origin={SITE}&lang=km")
    token = token_of(page.text)
    # at once: a bot
    assert client.post("/w/csat_support", data={"score": "5", "csrf": token}).status_code == 400
    clock.advance(timedelta(seconds=3))
    # the hidden field filled in: a bot
    bot = {"score": "5", "csrf": token, "website": "http://spam"}
    assert client.post("/w/csat_support", data=bot).status_code == 400
    assert answers(widget_app) == []
    done = client.post("/w/csat_support", data={"score": "5", "csrf": token})
    assert done.status_code == 303 and done.headers["location"].endswith("/more")
    more = client.get(done.headers["location"])
    assert f"frame-ancestors {SITE}" in more.headers["content-security-policy"]
    (row,) = answers(widget_app)
    assert (row["score"], row["source"], row["customer_id"], row["language"]) == (
        5,
        "widget",
        None,
        "km",
    )
    # the same form again changes that answer, it does not add one
    client.post("/w/csat_support", data={"score": "4", "csrf": token})
    (row,) = answers(widget_app)
    assert row["score"] == 4


def test_identified_visitors_need_the_sites_signature(client, widget_app, clock):
    good = customer_signature("site-secret", "C9")
    for sig, expected in ((good, "C9"), ("0" * 64, None)):
        page = client.get(f"/w/csat_support?origin={SITE}&customer=C9&sig={sig}")
        clock.advance(timedelta(seconds=2))
        client.post("/w/csat_support", data={"score": "3", "csrf": token_of(page.text)})
        with widget_app.state.cxm.engine.connect() as conn:
            last = conn.execute(
                select(invitations.c.customer_id).order_by(invitations.c.id.desc())
            ).first()
        assert last[0] == expected


def test_eligibility_respects_contact_limits(client, clock):
    sig = customer_signature("site-secret", "C9")
    q = f"/w/csat_support/eligible?customer=C9&sig={sig}"
    first = client.get(q, headers={"Origin": SITE})
    assert first.json()["show"] is True
    assert first.headers["access-control-allow-origin"] == SITE
    assert client.get(q, headers={"Origin": "https://evil.example"}).status_code == 403
    page = client.get(f"/w/csat_support?origin={SITE}&customer=C9&sig={sig}")
    clock.advance(timedelta(seconds=2))
    client.post("/w/csat_support", data={"score": "5", "csrf": token_of(page.text)})
    after = client.get(q, headers={"Origin": SITE}).json()
    assert after["show"] is False and "contact limit" in after["reason"]
    clock.advance(timedelta(days=8))
    assert client.get(q, headers={"Origin": SITE}).json()["show"] is True


def test_a_flood_from_one_address_is_slowed_but_an_office_is_not(client, widget_app, clock):
    limits = widget_app.state.cxm.limits
    # many people behind one address, each answering once, stay under the ceiling
    for _ in range(50):
        page = client.get(f"/w/csat_support?origin={SITE}")
        clock.advance(timedelta(seconds=2))
        assert (
            client.post(
                "/w/csat_support", data={"score": "4", "csrf": token_of(page.text)}
            ).status_code
            == 303
        )
    # one form hammered is stopped
    page = client.get(f"/w/csat_support?origin={SITE}")
    clock.advance(timedelta(seconds=2))
    codes = [
        client.post("/w/csat_support", data={"score": "4", "csrf": token_of(page.text)}).status_code
        for _ in range(limits.per_link.limit + 5)
    ]
    assert 429 in codes and codes.count(303) <= limits.per_link.limit
