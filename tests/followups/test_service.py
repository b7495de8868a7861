"""Follow-up tasks on a real database: opened once per answer from every path, owned, worked,
resolved with a root cause, and the "Is your problem fixed?" question queued once."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import Engine, select

from cxm.clock import FrozenClock
from cxm.config import Settings
from cxm.db import open_database
from cxm.db.schema import followups, invitations
from cxm.followups import service
from cxm.followups.service import Filters, FollowupError
from cxm.invitations import service as invitation_service
from cxm.worker import run_jobs
from followups.support import NOW, add_answer, add_customer, add_ticket


@pytest.fixture
def engine(settings: Settings) -> Engine:
    return open_database(settings)


def _tasks(engine: Engine) -> list[service.Task]:
    with engine.connect() as conn:
        return service.list_tasks(conn, Filters(status="all"), NOW)


def test_every_unhappy_answer_opens_one_task(engine: Engine, settings: Settings) -> None:
    add_customer(engine, "c1")
    add_ticket(engine, "t1", "c1", agent="Dara", team="hosting")
    add_answer(engine, "r1", "csat", 1, ticket_id="t1")  # unsatisfied, about a ticket
    add_answer(engine, "r2", "nps", 3)  # detractor, no ticket: the default queue
    add_answer(engine, "r3", "csat", 5)  # happy: nothing
    add_answer(engine, "r4", "nps", 7, comment="Support was slow")  # negative comment
    opened = service.scan(engine, settings, NOW)
    assert len(opened) == 3
    by_answer = {t.response_id: t for t in _tasks(engine)}
    assert set(by_answer) == {"r1", "r2", "r4"}
    assert (by_answer["r1"].reason, by_answer["r1"].agent, by_answer["r1"].team) == (
        "unsatisfied",
        "Dara",
        "hosting",
    )
    assert (by_answer["r2"].reason, by_answer["r2"].agent, by_answer["r2"].team) == (
        "detractor",
        None,
        "support",
    )
    assert by_answer["r4"].reason == "negative_comment"
    assert by_answer["r4"].due_at == NOW + timedelta(hours=48)
    assert all(t.status == "open" for t in by_answer.values())
    # nothing new: a second scan opens nothing; an answer changed later is looked at again
    assert service.scan(engine, settings, NOW) == []
    add_answer(engine, "r3", "csat", 5, comment="fine, but billing is terrible")
    again = service.scan(engine, settings, NOW + timedelta(minutes=1))
    assert len(again) == 1
    assert len(_tasks(engine)) == 4
    # the same answer changed once more does not open a second task
    add_answer(engine, "r1", "csat", 2, ticket_id="t1", comment="still bad")
    assert service.scan(engine, settings, NOW + timedelta(minutes=2)) == []
    with engine.connect() as conn:
        notes = service.notes(conn, by_answer["r1"].id)
    assert [(n.event, n.text) for n in notes] == [("opened", "unsatisfied")]


def test_answers_of_long_ago_open_nothing(engine: Engine, settings: Settings) -> None:
    add_answer(engine, "old", "nps", 0, answered_at=NOW - timedelta(days=15))
    add_answer(engine, "recent", "nps", 0, answered_at=NOW - timedelta(days=13))
    service.scan(engine, settings, NOW)
    assert [t.response_id for t in _tasks(engine)] == ["recent"]


def test_vip_support_customers_come_first_and_sooner(engine: Engine, settings: Settings) -> None:
    add_customer(engine, "fan")
    add_customer(engine, "critic")
    # a promoter whose support went badly: VIP support
    add_answer(
        engine, "fan-nps", "nps", 10, customer_id="fan", answered_at=NOW - timedelta(days=30)
    )
    add_answer(engine, "fan-csat", "csat", 2, customer_id="fan")
    # not a promoter: a churner, and answered earlier (due earlier)
    add_answer(
        engine, "critic-nps", "nps", 5, customer_id="critic", answered_at=NOW - timedelta(days=2)
    )
    add_answer(
        engine, "critic-csat", "csat", 1, customer_id="critic", answered_at=NOW - timedelta(hours=1)
    )
    service.scan(engine, settings, NOW)
    with engine.connect() as conn:
        active = service.list_tasks(conn, Filters(), NOW)
        vip = service.list_tasks(conn, Filters(vip=True), NOW)
    assert active[0].response_id == "fan-csat"
    assert active[0].vip and active[0].due_at == NOW + timedelta(hours=4)
    assert [t.response_id for t in vip] == ["fan-csat"]
    assert {t.response_id for t in active} == {"fan-csat", "critic-nps", "critic-csat"}


def test_the_worker_opens_tasks_once_with_several_workers(
    engine: Engine, settings: Settings
) -> None:
    for i in range(30):
        add_answer(engine, f"r{i}", "csat", 1, customer_id=f"c{i}")
    clock = FrozenClock(NOW)
    errors: list[BaseException] = []

    def work() -> None:
        try:
            service.scan(engine, settings, clock.now())
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    run_jobs(engine, settings, clock, {})  # the worker's own pass: nothing more
    with engine.connect() as conn:
        rows = conn.execute(select(followups.c.response_id)).scalars().all()
    assert sorted(rows) == sorted(f"r{i}" for i in range(30))


def test_status_flow_notes_and_root_cause(engine: Engine, settings: Settings) -> None:
    add_customer(engine, "c1")
    add_answer(engine, "r1", "ces", 2)
    [task_id] = service.scan(engine, settings, NOW)
    later = NOW + timedelta(hours=1)
    with engine.begin() as conn:
        with pytest.raises(FollowupError) as early:
            service.change_status(
                conn, settings, task_id, "resolved", "ana", later, root_cause="outage"
            )
        assert early.value.code == "transition"
        service.add_note(conn, task_id, "ana", "Called, no answer; e-mailed.", later)
        with pytest.raises(FollowupError):
            service.add_note(conn, task_id, "ana", "   ", later)
        task = service.change_status(
            conn, settings, task_id, "contacted", "ana", later, note="Reached her"
        )
        assert task.status == "contacted" and task.contacted_at == later
        with pytest.raises(FollowupError) as no_cause:
            service.change_status(conn, settings, task_id, "resolved", "ana", later)
        assert no_cause.value.code == "root_cause"
        done = later + timedelta(hours=2)
        task = service.change_status(
            conn, settings, task_id, "resolved", "ana", done, root_cause="customer_education"
        )
        assert (task.status, task.resolved_at, task.resolved_by, task.root_cause) == (
            "resolved",
            done,
            "ana",
            "customer_education",
        )
        assert not task.check_requested
        reopened = service.change_status(conn, settings, task_id, "open", "bo", done)
        assert reopened.status == "open" and reopened.root_cause is None
        assert reopened.contacted_at == later
        notes = service.notes(conn, task_id)
    assert [(n.event, n.author, n.text) for n in notes] == [
        ("opened", "cxm", "high_effort"),
        ("note", "ana", "Called, no answer; e-mailed."),
        ("contacted", "ana", "Reached her"),
        ("resolved", "ana", None),
        ("reopened", "bo", None),
    ]


def test_resolving_can_ask_whether_the_problem_is_fixed(engine: Engine, settings: Settings) -> None:
    add_customer(engine, "c1", language="th")
    add_customer(engine, "nobody", email=None, phone=None)
    add_answer(engine, "r1", "csat", 1)
    add_answer(engine, "r2", "csat", 1, customer_id="nobody")
    service.scan(engine, settings, NOW)
    with engine.connect() as conn:
        tasks = {t.customer_id: t for t in service.list_tasks(conn, Filters(), NOW)}
    # the customer was sent a survey two days ago: the question waits for the contact limit
    with engine.begin() as conn:
        from cxm.surveys.service import get as get_survey
        from cxm.surveys.service import install_templates

        install_templates(conn, NOW)
        sent = invitation_service.create(
            conn,
            settings,
            survey=get_survey(conn, "csat_support"),
            channel="email",
            at=NOW - timedelta(days=2),
            customer_id="c1",
        )
        invitation_service.update_status(
            conn,
            sent.id,
            NOW - timedelta(days=2),
            "sent",
            None,
            status="sent",
            sent_at=NOW - timedelta(days=2),
        )
    for task in tasks.values():
        with engine.begin() as conn:
            service.change_status(conn, settings, task.id, "contacted", "ana", NOW)
            service.change_status(
                conn, settings, task.id, "resolved", "ana", NOW, root_cause="outage", ask_fixed=True
            )
    with engine.connect() as conn:
        reached = service.get(conn, tasks["c1"].id)
        unreachable = service.get(conn, tasks["nobody"].id)
        invitation = invitation_service.get(conn, reached.check_invitation_id)
        survey_key = conn.execute(
            select(invitations.c.survey_id).where(invitations.c.id == invitation.id)
        ).scalar()
        check = service.check_of(conn, reached)
        notes = service.notes(conn, unreachable.id)
    assert reached.check_requested and invitation.status == "queued"
    assert invitation.channel == "email" and invitation.recipient == "c1@example.com"
    assert invitation.language == "th"
    assert invitation.scheduled_at == NOW - timedelta(days=2) + timedelta(
        days=settings.contact_days
    )
    assert survey_key is not None and check is not None and check["status"] == "queued"
    assert unreachable.check_requested and unreachable.check_invitation_id is None
    assert ("check", "unreachable") in [(n.event, n.text) for n in notes]


def test_a_no_to_the_question_opens_a_new_task(engine: Engine, settings: Settings) -> None:
    add_customer(engine, "c1")
    add_answer(engine, "r1", "csat", 1)
    [task_id] = service.scan(engine, settings, NOW)
    with engine.begin() as conn:
        service.change_status(conn, settings, task_id, "contacted", "ana", NOW)
        service.change_status(
            conn, settings, task_id, "resolved", "ana", NOW, root_cause="other", ask_fixed=True
        )
        survey = service.fixed_survey(conn, NOW)
    add_answer(
        engine,
        "inv-1",
        "rating",
        0,
        scale="binary",
        survey_id=survey.id,
        answered_at=NOW + timedelta(days=1),
    )
    [again] = service.scan(engine, settings, NOW + timedelta(days=1))
    with engine.connect() as conn:
        task = service.get(conn, again)
    assert task.reason == "not_fixed" and task.due_at == NOW + timedelta(days=1, hours=8)


def test_vip_support_uses_the_loyalty_maps_window_of_local_days(
    engine: Engine, settings: Settings
) -> None:
    from dataclasses import replace
    from datetime import UTC, date, datetime

    from cxm.analytics.replica import Replica
    from cxm.metrics.loyalty import LoyaltyRules, Quadrant, loyalty_map

    bangkok = replace(settings, timezone="Asia/Bangkok")  # UTC+7
    # NOW is 2 June 2025 16:00 in Bangkok; 180 days up to that day start on 5 December 2024,
    # at 17:00 UTC on the 4th
    first = datetime(2024, 12, 4, 17, 0, tzinfo=UTC)
    for cid, at in (("inside", first), ("outside", first - timedelta(seconds=1))):
        add_customer(engine, cid)
        add_answer(engine, f"{cid}-nps", "nps", 10, customer_id=cid, answered_at=NOW)
        add_answer(engine, f"{cid}-csat", "csat", 1, customer_id=cid, answered_at=at)
    later = NOW + timedelta(minutes=1)
    with engine.connect() as conn:
        assert service.is_vip(conn, bangkok, "inside", later)
        assert not service.is_vip(conn, bangkok, "outside", later)
    with Replica(bangkok).fresh() as con:
        placed = loyalty_map(con, date(2025, 6, 2), LoyaltyRules.of(bangkok)).placements
    assert {p.customer_id: p.quadrant for p in placed} == {
        "inside": Quadrant.VIP_SUPPORT,
        "outside": None,  # no CSAT answer in the window: not on the map
    }
