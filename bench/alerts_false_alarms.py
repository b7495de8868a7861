"""How often the ticket-volume spike rule fires on ordinary data: its false-alarm rate.

Generates the demo company's year (2025) at one or more sizes, imports it into a fresh SQLite
database and replays the built-in spike rule hour by hour from March (the first eight weeks
are its history) to December, in Bangkok time, leaving out the June outage week (9-15 June,
the one real incident of the data). Every alarm outside it is a false one. It then replays the
outage week itself and an hour with 60 extra tickets injected, which should fire.

    .venv/bin/python bench/alerts_false_alarms.py [--customers 600 6000] [--seed 7]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from cxm.alerts.service import replay_spikes
from cxm.analytics.replica import Replica
from cxm.config import Settings
from cxm.db import open_database
from cxm.demo.generator import write_demo_files
from cxm.importers.entities import ENTITIES
from cxm.importers.service import ImportOptions, import_file

OUTAGE = (date(2025, 6, 9), date(2025, 6, 15))
FIRST, LAST = date(2025, 3, 1), date(2025, 12, 31)
INJECTED = datetime(2025, 10, 15, 3, 0, tzinfo=UTC)  # Wednesday 10:00 in Bangkok


def measure(customers: int, seed: int, folder: Path) -> None:
    settings = Settings.from_env(
        {
            "CXM_DATABASE_URL": f"sqlite:///{folder / 'cxm.db'}",
            "CXM_ANALYTICS_PATH": str(folder / "analytics.duckdb"),
            "CXM_TIMEZONE": "Asia/Bangkok",
        }
    )
    started = time.perf_counter()
    open_database(settings)
    files = write_demo_files(folder / "files", seed=seed, customers=customers)
    for entity in ENTITIES:
        import_file(settings, entity, files[entity], ImportOptions())
    loaded = time.perf_counter() - started
    with Replica(settings).fresh() as con:
        tickets = con.execute("SELECT count(*) FROM tickets").fetchone()[0]
        started = time.perf_counter()
        normal = replay_spikes(con, settings, FIRST, LAST, [OUTAGE])
        replayed = time.perf_counter() - started
        outage = replay_spikes(con, settings, *OUTAGE)
    print(f"\n{customers} customers, {tickets} tickets (loaded in {loaded:.1f} s)")
    print(f"  ordinary hours judged: {normal.hours} ({normal.weeks:.1f} weeks) in {replayed:.2f} s")
    print(f"  false alarms: {len(normal.alarms)} = {normal.per_week:.3f} a week")
    for s in normal.alarms:
        print(f"    {s.hour:%a %Y-%m-%d %H:00}: {s.count} tickets, usually {s.usual:.1f}")
    first = min((s.hour for s in outage.alarms), default=None)
    print(
        f"  outage week: {len(outage.alarms)} spike hours"
        + (f", the first at {first:%a %d %b %H:00}" if first else "")
    )
    # 60 extra tickets in one ordinary hour
    with (folder / "surge.csv").open("w") as f:
        f.write("ticket_id,created_at\n")
        for i in range(60):
            at = INJECTED + timedelta(seconds=55 * i)
            f.write(f"SURGE-{i},{at.isoformat()}\n")
    import_file(settings, "tickets", folder / "surge.csv", ImportOptions())
    with Replica(settings).fresh() as con:
        day = INJECTED.date()
        injected = replay_spikes(con, settings, day, day)
    found = [s for s in injected.alarms if s.hour.hour == 10]
    print(f"  60 tickets injected on {day} 10:00: {'found' if found else 'MISSED'}", end="")
    if found:
        print(f" ({found[0].count} tickets, usually {found[0].usual:.1f}, limit {found[0].limit})")
    else:
        print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, nargs="+", default=[600, 6000])
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    for customers in args.customers:
        with tempfile.TemporaryDirectory(prefix="cxm-alerts-bench-") as tmp:
            measure(customers, args.seed, Path(tmp))


if __name__ == "__main__":
    main()
