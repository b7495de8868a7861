"""POST /responses is idempotent on the external id; answers follow the import rules."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from api.support import API, answer, error_locs, revisions
from cxm.db.schema import responses, webhook_deliveries

pytest_plugins = ["api.fixtures"]


def stored_revision(engine, response_id: str) -> int:
    with engine.connect() as conn:
        return int(
            conn.execute(
                select(responses.c.revision).where(responses.c.response_id == response_id)
            ).scalar_one()
        )


def test_a_new_answer_is_201_and_stored_with_its_band(api, engine):
    created = api.post(f"{API}/responses", json=answer(comment="  quick, thanks  "))
    assert created.status_code == 201
    body = created.json()
    assert body["band"] == 1
    assert body["source"] == "api"
    assert body["answered_at"] == "2025-06-01T05:00:00Z"
    assert body["comment"] == "  quick, thanks  "  # comments are kept as written
    assert api.get(f"{API}/responses/ext-1").json() == body


@pytest.mark.parametrize(
    ("fields", "band"),
    [
        ({"survey": "nps", "scale": "0-10", "score": 6}, -1),
        ({"survey": "nps", "scale": "0-10", "score": 8}, 0),
        ({"survey": "CSAT", "scale": "binary", "score": 0}, -1),
        ({"survey": "ces", "scale": "1-5", "score": 1, "orientation": "high_is_bad"}, 1),
        ({"survey": "ces", "scale": "1-7", "score": 6}, 1),
    ],
)
def test_the_band_follows_the_scale_and_orientation(api, fields, band):
    body = api.post(f"{API}/responses", json=answer(**fields)).json()
    assert body["band"] == band


def test_posting_the_same_answer_again_changes_nothing(api, engine):
    first = api.post(f"{API}/responses", json=answer(customer_id="c1"))
    assert first.status_code == 201
    before = revisions(engine)
    row_revision = stored_revision(engine, "ext-1")
    # same content, written differently: another offset, padding around the id
    again = api.post(
        f"{API}/responses",
        json=answer(" ext-1 ", customer_id="c1", answered_at="2025-06-01T05:00:00Z"),
    )
    assert again.status_code == 200
    assert again.json() == first.json()
    assert revisions(engine) == before
    assert stored_revision(engine, "ext-1") == row_revision


def test_a_changed_answer_updates_it(api, engine):
    api.post(f"{API}/responses", json=answer())
    before = revisions(engine)["responses"]
    changed = api.post(f"{API}/responses", json=answer(score=2, comment="slow"))
    assert changed.status_code == 200
    assert changed.json()["score"] == 2
    assert changed.json()["band"] == -1
    assert revisions(engine)["responses"] == before + 1
    assert api.get(f"{API}/responses/ext-1").json()["comment"] == "slow"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"survey": "nps", "scale": "1-5"}, "scale"),  # not an NPS scale
        ({"survey": "csat", "scale": "0-10", "score": 9}, "scale"),
        ({"score": 6}, "score"),  # out of 1..5
        ({"score": 0}, "score"),
        ({"survey": "nps", "scale": "0-10", "score": 11}, "score"),
        ({"survey": "happiness"}, "survey"),  # unknown survey kind
        ({"scale": "1-100"}, "scale"),
        ({"answered_at": "2025-06-01T12:00:00"}, "answered_at"),  # no offset
        ({"answered_at": "01/06/2025"}, "answered_at"),
        ({"orientation": "high_is_bad"}, "orientation"),  # only for CES
        ({"response_id": "   "}, "response_id"),
        ({"response_id": "x" * 201}, "response_id"),
        ({"language": "not a language"}, "language"),
        ({"score": "five"}, "score"),
    ],
)
def test_bad_answers_are_422_naming_the_field(api, engine, fields, field):
    before = revisions(engine)
    assert ("body", field) in error_locs(api.post(f"{API}/responses", json=answer(**fields)))
    assert revisions(engine) == before


def test_missing_fields_are_named(api):
    locs = error_locs(api.post(f"{API}/responses", json={"survey": "csat"}))
    assert {("body", f) for f in ("response_id", "scale", "score", "answered_at")} <= set(locs)


def test_list_filters_and_pages(api):
    api.post(f"{API}/responses", json=answer("a", customer_id="c1"))
    api.post(
        f"{API}/responses",
        json=answer("b", customer_id="c2", survey="nps", scale="0-10", score=9),
    )
    api.post(
        f"{API}/responses",
        json=answer("c", customer_id="c1", answered_at="2025-06-02T00:00:00Z"),
    )

    def ids(**params):
        return [r["response_id"] for r in api.get(f"{API}/responses", params=params).json()["data"]]

    assert ids() == ["a", "b", "c"]
    assert ids(survey="csat") == ["a", "c"]
    assert ids(customer_id="c1") == ["a", "c"]
    assert ids(since="2025-06-01T12:00:00+07:00") == ["a", "b", "c"]
    assert ids(since="2025-06-01T06:00:00Z") == ["c"]
    assert ids(limit=2) == ["a", "b"]
    assert ids(limit=2, after="b") == ["c"]
    assert error_locs(api.get(f"{API}/responses", params={"since": "2025-06-01"})) == [
        ("query", "since")
    ]
    assert error_locs(api.get(f"{API}/responses", params={"survey": "x"})) == [("query", "survey")]
    assert api.get(f"{API}/responses/nope").status_code == 404


def test_answers_queue_webhook_events_only_when_something_changed(api, engine):
    api.post(f"{API}/webhooks", json={"url": "http://127.0.0.1:9/hook"})
    api.post(f"{API}/responses", json=answer())
    api.post(f"{API}/responses", json=answer())  # unchanged
    api.post(f"{API}/responses", json=answer(score=4))
    with engine.connect() as conn:
        events = conn.execute(
            select(webhook_deliveries.c.event).order_by(webhook_deliveries.c.id)
        ).scalars()
        assert list(events) == ["response.created", "response.updated"]
