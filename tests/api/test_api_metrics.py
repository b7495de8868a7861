"""GET /metrics: the rows of `cxm metrics --format json`, up to date with the last write."""

from __future__ import annotations

import json
from datetime import date

from typer.testing import CliRunner

from api.support import API, answer, customer, error_locs, ticket
from cxm.analytics.replica import Replica
from cxm.cli.app import app as cli
from cxm.metrics.engine import MetricsQuery, compute_metrics
from cxm.metrics.periods import Period

pytest_plugins = ["api.fixtures"]


def load(api) -> None:
    for i in range(6):
        region = "Cambodia" if i % 2 else "Thailand"
        api.put(f"{API}/customers/c{i}", json=customer(region=region, email=f"c{i}@example.com"))
    for i in range(8):
        api.put(
            f"{API}/tickets/t{i}",
            json=ticket(
                customer_id=f"c{i % 6}",
                channel="email" if i % 2 else "chat",
                created_at=f"2025-0{4 + i % 2}-1{i}T08:00:00Z",
                first_response_at=f"2025-0{4 + i % 2}-1{i}T08:30:00Z",
                resolved_at=f"2025-0{4 + i % 2}-1{i}T12:00:00Z" if i < 6 else None,
                agents_involved=1 + i % 2,
            ),
        )
    for i in range(10):
        api.post(
            f"{API}/responses",
            json=answer(
                f"s{i}",
                customer_id=f"c{i % 6}",
                ticket_id=f"t{i % 8}",
                score=1 + i % 5,
                channel="email" if i % 3 else "chat",
                answered_at=f"2025-0{4 + i % 2}-2{i % 8}T09:00:00+07:00",
            ),
        )
        api.post(
            f"{API}/responses",
            json=answer(
                f"n{i}",
                customer_id=f"c{i % 6}",
                survey="nps",
                scale="0-10",
                score=i,
                answered_at=f"2025-0{4 + i % 2}-2{i % 8}T09:00:00Z",
            ),
        )


def engine_rows(settings, query: MetricsQuery):
    with Replica(settings).fresh() as con:
        return json.loads(json.dumps(compute_metrics(con, query)))


RANGE = {"from": "2025-04-01", "to": "2025-06-30"}


def test_metrics_are_the_engines_rows(api, settings):
    load(api)
    got = api.get(f"{API}/metrics", params=RANGE)
    assert got.status_code == 200, got.text
    expected = engine_rows(settings, MetricsQuery(date(2025, 4, 1), date(2025, 6, 30)))
    assert got.json() == expected
    assert [r["period"] for r in expected] == ["2025-04-01", "2025-05-01", "2025-06-01"]
    assert expected[0]["csat_n"] + expected[1]["csat_n"] == 10

    split = api.get(
        f"{API}/metrics",
        params={**RANGE, "period": "quarter", "by": "region", "filter": "channel:email"},
    )
    assert split.status_code == 200, split.text
    assert split.json() == engine_rows(
        settings,
        MetricsQuery(
            date(2025, 4, 1), date(2025, 6, 30), Period.QUARTER, "region", {"channel": ("email",)}
        ),
    )
    assert {r["region"] for r in split.json()} <= {"Cambodia", "Thailand", None}


def test_metrics_are_what_the_cli_prints(api, settings):
    load(api)
    env = {
        "CXM_DATABASE_URL": settings.database_url,
        "CXM_ANALYTICS_PATH": str(settings.analytics_file),
        "CXM_TIMEZONE": settings.timezone,
    }
    for params, args in [
        ({}, []),
        ({**RANGE, "period": "week", "by": "channel"}, ["--period", "week", "--by", "channel"]),
        ({**RANGE, "filter": ["region=Cambodia"]}, ["--filter", "region=Cambodia"]),
    ]:
        if "from" in params:
            args = ["--from", RANGE["from"], "--to", RANGE["to"], *args]
        printed = CliRunner().invoke(cli, ["metrics", *args, "--format", "json"], env=env)
        assert printed.exit_code == 0, printed.output
        assert api.get(f"{API}/metrics", params=params).json() == json.loads(printed.stdout)


def test_metrics_reflect_an_answer_just_posted(api):
    load(api)
    before = api.get(f"{API}/metrics", params=RANGE).json()
    api.post(f"{API}/responses", json=answer("late", score=5, answered_at="2025-06-15T10:00:00Z"))
    after = api.get(f"{API}/metrics", params=RANGE).json()
    assert after[2]["csat_n"] == before[2]["csat_n"] + 1
    assert after[2]["csat"] == 100.0
    assert after[:2] == before[:2]


def test_bad_metric_queries_are_422(api):
    load(api)

    def locs(**params):
        return error_locs(api.get(f"{API}/metrics", params=params))

    assert locs(by="shoe_size") == [("query", "by")]
    assert locs(filter="shoe_size:42") == [("query", "filter")]
    assert locs(filter="no-separator") == [("query", "filter")]
    assert locs(**{"from": "2025-06-01", "to": "2025-05-01"}) == [("query", "to")]
    assert locs(**{"from": "2025-13-01"}) == [("query", "from")]
    assert locs(period="fortnight") == [("query", "period")]
    assert locs(**{"from": "1000-01-01", "to": "2025-01-01"}) == [("query", "from")]
    assert locs(**{"from": "2000-01-01", "to": "2025-01-01", "period": "day"}) == [
        ("query", "period")
    ]
