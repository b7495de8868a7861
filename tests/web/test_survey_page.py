"""The survey page as a respondent uses it: open the link, answer, add a comment."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from cxm.analytics.replica import Replica
from cxm.clock import SYSTEM
from cxm.db.schema import invitations, responses
from cxm.importers.service import import_file
from cxm.invitations import service as invitation_service
from cxm.metrics.engine import MetricsQuery, compute_metrics
from cxm.surveys import service as survey_service
from cxm.users.service import create_user
from helpers.files import write_csv


def invite(app, survey_key: str = "csat_support", customer: str = "C1"):  # type: ignore[no-untyped-def]
    state = app.state.cxm
    with state.engine.begin() as conn:
        survey = survey_service.get(conn, survey_key)
        inv = invitation_service.create(
            conn,
            state.settings,
            survey=survey,
            channel="link",
            at=state.clock.now(),
            customer_id=customer,
            ticket_id="T1",
        )
    url = invitation_service.link(state.settings, inv)
    return inv, "/" + url.split("/", 3)[3]


@pytest.fixture
def customer(settings, tmp_path):  # type: ignore[no-untyped-def]
    write_csv(
        tmp_path / "c.csv",
        ["customer_id", "email", "language", "signup_at"],
        [("C1", "dara@example.com", "km", "2024-01-01T00:00:00Z")],
    )
    import_file(settings, "customers", tmp_path / "c.csv")


def stored(app, inv):  # type: ignore[no-untyped-def]
    with app.state.cxm.engine.connect() as conn:
        response = (
            conn.execute(select(responses).where(responses.c.invitation_id == inv.id))
            .mappings()
            .first()
        )
        row = conn.execute(select(invitations).where(invitations.c.id == inv.id)).mappings().one()
    return response, row


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf" value="([0-9a-f]+)"', html).group(1)


def test_opening_records_nothing_and_submitting_records_the_score(app, client, customer):
    inv, path = invite(app)
    page = client.get(path + "?score=4")
    assert page.status_code == 200
    assert 'lang="km"' in page.text
    assert "ពេញចិត្ត" in page.text  # the question in Khmer, the customer's language
    assert re.search(r'value="4"\s+required\s+checked', page.text)
    response, row = stored(app, inv)
    assert response is None and row["status"] == "opened" and row["opened_at"] is not None
    # a scanner that follows every link twice still records nothing
    client.get(path + "?score=1")
    assert stored(app, inv)[0] is None

    done = client.post(path, data={"score": "4", "csrf": csrf_of(page.text)})
    assert done.status_code == 303 and done.headers["location"] == path + "/more"
    response, row = stored(app, inv)
    assert (response["score"], response["band"], response["survey"]) == (4, 1, "csat")
    assert (response["source"], response["customer_id"], response["ticket_id"]) == (
        "survey",
        "C1",
        "T1",
    )
    assert row["status"] == "answered"

    with Replica(app.state.cxm.settings).fresh() as con:
        day = app.state.cxm.clock.now().date()
        rows = compute_metrics(con, MetricsQuery(day, day))
    assert rows[0]["csat_n"] == 1 and rows[0]["csat"] == 100


def test_follow_up_comment_and_edit_window(app, client, customer, clock):
    inv, path = invite(app)
    page = client.get(path)
    csrf = csrf_of(page.text)
    client.post(path, data={"score": "2", "csrf": csrf})
    more = client.get(path + "/more")
    # a low score gets the "what could we do better" question
    with app.state.cxm.engine.connect() as conn:
        survey = survey_service.get(conn, "csat_support")
    assert survey.text("km", "followup_negative") in more.text
    comment = "<script>alert('x')</script> & ល្បឿនយឺត"
    thanks = client.post(path + "/more", data={"comment": comment, "csrf": csrf})
    assert thanks.status_code == 200
    assert stored(app, inv)[0]["comment"] == comment
    again = client.get(path + "/more")
    assert "&lt;script&gt;" in again.text and "<script>alert" not in again.text
    # within the edit window the answer can change, and it stays one response
    clock.advance(timedelta(minutes=30))
    client.post(path, data={"score": "5", "csrf": csrf})
    response, _ = stored(app, inv)
    assert (response["score"], response["band"], response["comment"]) == (5, 1, comment)
    # after it the link is used
    clock.advance(timedelta(minutes=31))
    assert client.get(path).status_code == 409
    assert client.post(path, data={"score": "1", "csrf": csrf}).status_code == 409
    assert stored(app, inv)[0]["score"] == 5


def test_expired_forged_and_bad_requests(app, client, customer, clock):
    inv, path = invite(app)
    page = client.get(path)
    csrf = csrf_of(page.text)
    assert client.post(path, data={"score": "4", "csrf": "0" * 64}).status_code == 400
    assert client.post(path, data={"score": "9", "csrf": csrf}).status_code == 303
    assert stored(app, inv)[0] is None  # 9 is not on a 1-5 scale
    forged = path[:-3] + ("aaa" if not path.endswith("aaa") else "bbb")
    assert client.get(forged).status_code == 404
    clock.advance(timedelta(days=app.state.cxm.settings.invitation_days, seconds=1))
    assert client.get(path).status_code == 410
    assert client.post(path, data={"score": "4", "csrf": csrf}).status_code == 410
    assert stored(app, inv)[0] is None


def test_staff_cannot_answer_for_a_customer(app, client, customer):
    with app.state.cxm.engine.begin() as conn:
        create_user(conn, "agent@example.com", "a long password", "agent", SYSTEM.now())
    login = client.post(
        "/login", data={"email": "agent@example.com", "password": "a long password"}
    )
    assert login.status_code == 303
    inv, path = invite(app)
    assert client.get(path).status_code == 403
    assert client.post(path, data={"score": "5", "csrf": "x"}).status_code == 403
    assert stored(app, inv)[0] is None


def test_nps_plus_checklist(app, client, customer):
    inv, path = invite(app, "nps_relationship")
    page = client.get(path)
    assert page.text.count('type="radio"') == 11
    csrf = csrf_of(page.text)
    client.post(path, data={"score": "6", "csrf": csrf})
    more = client.get(path + "/more")
    assert 'value="downtime"' in more.text
    client.post(
        path + "/more",
        data={"checklist": ["downtime", "slow_support"], "comment": "", "csrf": csrf},
    )
    response, _ = stored(app, inv)
    assert json.loads(response["checklist"]) == ["downtime", "slow_support"]
    assert response["band"] == -1 and response["comment"] is None


def test_faces_stars_and_binary_are_labelled_for_screen_readers(app, client, customer):
    for key, expected in (("csat_support", 5), ("csat_onboarding", 5), ("csat_binary", 2)):
        _, path = invite(app, key)
        page = client.get(path)
        assert page.text.count('class="sr-only"') >= expected + 1, key
        assert 'aria-labelledby="question"' in page.text


def test_metrics_period_of_an_answer(app, client, customer):
    _, path = invite(app)
    page = client.get(path)
    client.post(path, data={"score": "1", "csrf": csrf_of(page.text)})
    with Replica(app.state.cxm.settings).fresh() as con:
        rows = compute_metrics(con, MetricsQuery(date(2025, 3, 1), date(2025, 3, 31)))
    assert rows[0]["csat_n"] == 1 and rows[0]["csat"] == 0


def test_answers_on_the_page_are_announced_to_webhooks(app, client, customer):
    from cxm.db.schema import webhook_deliveries
    from cxm.webhooks import service as webhooks

    with app.state.cxm.engine.begin() as conn:
        webhooks.create(conn, "https://hooks.example.com/cx", app.state.cxm.clock.now())
    inv, path = invite(app)
    page = client.get(path)
    csrf = csrf_of(page.text)
    client.post(path, data={"score": "2", "csrf": csrf})
    client.post(path + "/more", data={"comment": "slow", "csrf": csrf})
    with app.state.cxm.engine.connect() as conn:
        rows = conn.execute(
            select(webhook_deliveries.c.event, webhook_deliveries.c.payload).order_by(
                webhook_deliveries.c.id
            )
        ).all()
    assert [r.event for r in rows] == ["response.created", "response.updated"]
    created, updated = (json.loads(r.payload) for r in rows)
    assert created["response_id"] == updated["response_id"] == f"inv-{inv.id}"
    assert (created["score"], created["comment"], updated["comment"]) == (2, None, "slow")
    assert created["answered_at"].endswith("Z")
