"""How fast the dashboard answers on the benchmark data (10 M tickets + 10 M answers).

Each view is requested through the web application as a signed-in user (routing, the
metrics, the charts, the page), in process: "cold" with no result kept in memory and the
analytics copy opened afresh (the first visitor after an import), "new" with no result kept
but the copy still open from a view read a moment before (a visitor asking a new question),
"warm" as every later visitor sees it. The baseline, measured in the
same run, is one pass over both tables (tickets and answers counted by month in DuckDB): the
least any view over the whole year could cost.

    .venv/bin/python bench/dashboard.py --data bench/out/10000000 [--runs 5]

The data directory is the one bench/run.py made (cxm.db and its analytics copy).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

VIEWS = {
    "overview, June": "/dashboard?from=2025-06-01&to=2025-06-30",
    "overview, June, e-mail": "/dashboard?from=2025-06-01&to=2025-06-30&channel=email",
    "overview, the year": "/dashboard?from=2025-01-01&to=2025-12-31",
    "trends, year by month": "/dashboard/trends?from=2025-01-01&to=2025-12-31",
    "trends, year by week": "/dashboard/trends?from=2025-01-01&to=2025-12-31&grain=week",
    "loyalty map": "/dashboard/loyalty?from=2025-12-01&to=2025-12-31",
    "wildcards on the map, page 1": "/dashboard/loyalty/customers?from=2025-12-01&to=2025-12-31"
    "&quadrant=wildcards",
    "journey": "/dashboard/journey?from=2025-01-01&to=2025-12-31",
    "comments, negative CSAT": "/dashboard/comments?from=2025-06-01&to=2025-06-30&kind=csat"
    "&score=negative",
    "rows behind June CSAT, page 1": "/dashboard/rows?from=2025-06-01&to=2025-06-30&metric=csat",
    "rows, page 50": "/dashboard/rows?from=2025-06-01&to=2025-06-30&metric=csat&page=50",
    "customer timeline": "/dashboard/customers/C42",
}
PASSWORD = "benchmark password"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=Path("bench/out/10000000"))
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    data = args.data.resolve()
    os.environ.update(
        CXM_DATABASE_URL=f"sqlite:///{data / 'cxm.db'}",
        CXM_ANALYTICS_PATH=str(data / "cxm.analytics.duckdb"),
        CXM_TIMEZONE="UTC",
    )
    from fastapi.testclient import TestClient

    from cxm.analytics.replica import Replica
    from cxm.config import Settings
    from cxm.dashboard.cache import RESULTS
    from cxm.users.service import UserError, create_user
    from cxm.web.app import create_app

    settings = Settings.from_env()
    app = create_app(settings)
    with app.state.cxm.engine.begin() as conn, contextlib.suppress(UserError):
        # made by an earlier run, or now
        create_user(conn, "bench@example.com", PASSWORD, "viewer", datetime.now(UTC))
    client = TestClient(app, follow_redirects=False)
    signed = client.post("/login", data={"email": "bench@example.com", "password": PASSWORD})
    assert signed.status_code == 303, signed.text
    with Replica(settings).fresh() as con:
        rows = con.execute("SELECT count(*) FROM tickets").fetchone()[0]  # type: ignore[index]
        baseline = []
        for _ in range(args.runs):
            started = time.perf_counter()
            for table, day in (("tickets", "created_day"), ("responses", "answered_day")):
                con.execute(
                    f"SELECT date_trunc('month', {day}), count(*) FROM {table} GROUP BY 1"
                ).fetchall()
            baseline.append(time.perf_counter() - started)
    one_pass = statistics.median(baseline)
    print(f"{rows:,} tickets; baseline (one pass over both tables): {one_pass * 1000:.0f} ms")
    print(f"{'view':34} {'cold ms':>9} {'new ms':>9} {'warm ms':>9} {'cold / baseline':>16}")
    worst = 0.0
    for name, url in VIEWS.items():
        cold, new, warm = [], [], []
        for _ in range(args.runs):
            for times in (cold, new):
                RESULTS.clear()
                if times is cold:
                    Replica(settings).release()
                started = time.perf_counter()
                answer = client.get(url)
                times.append(time.perf_counter() - started)
                assert answer.status_code == 200, (url, answer.status_code, answer.text[:300])
            started = time.perf_counter()
            client.get(url)
            warm.append(time.perf_counter() - started)
        c, n, w = (statistics.median(t) for t in (cold, new, warm))
        worst = max(worst, c)
        print(f"{name:34} {c * 1000:9.0f} {n * 1000:9.0f} {w * 1000:9.0f} {c / one_pass:16.1f}")
    print(f"slowest cold view: {worst * 1000:.0f} ms (medians of {args.runs})")


if __name__ == "__main__":
    sys.exit(main())
