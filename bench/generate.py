"""Generate benchmark data: N tickets, N survey responses and N / 50 customers over 2025.

The files are in the canonical import layouts (src/cxm/importers/entities.py), timestamps in
ISO 8601 with Z. Everything is vectorised (numpy draws, pyarrow strings) and written chunk by
chunk, so memory stays bounded whatever N is and 10 M rows take well under a minute or two.

The data is random, not realistic, but it exercises every rule the metrics depend on:

* tickets: 8 channels; ~7 % never answered (no first_response_at), ~15 % unresolved;
  agents_involved 1-4, blank (unknown) on ~2 %;
* responses: CSAT (mostly 1-5, some 1-3 and binary), NPS 0-10, CES (mostly 1-7, some 1-5;
  a fifth of CES questions worded high-is-bad); ~5 % without a channel;
* customers: sign-ups from 2022 to the end of 2025, about 40 % churned by the end of 2025.

Usage: .venv/bin/python bench/generate.py --rows 1000000 --out bench/out/1000000
"""

from __future__ import annotations

import argparse
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv

CHUNK = 1_000_000
CUSTOMERS_PER = 50  # one customer per 50 tickets
DAY = 86_400
YEAR_START = int(datetime(2025, 1, 1, tzinfo=UTC).timestamp())
YEAR_END = int(datetime(2026, 1, 1, tzinfo=UTC).timestamp())
SIGNUP_START = int(datetime(2022, 1, 1, tzinfo=UTC).timestamp())
# Timestamps are written through two small lookup tables (day, time of day): much faster than
# formatting every value. The day table covers every timestamp the generator can produce.
TABLE_FROM = date(2021, 1, 1)
TABLE_DAYS = 8 * 366
TABLE_EPOCH = int(datetime(2021, 1, 1, tzinfo=UTC).timestamp())

CHANNELS = ("email", "chat", "phone", "web", "sms", "facebook", "telegram", "x")
CHANNEL_P = (0.30, 0.25, 0.15, 0.10, 0.06, 0.06, 0.05, 0.03)
CATEGORIES = ("technical issue", "billing", "sales question", "cancellation", "domain", "email")
PRIORITIES = ("low", "normal", "high", "urgent")
TEAMS = ("tier1", "tier2", "billing", "network", "success")
LANGUAGES = ("km", "th", "vi", "en")
REGIONS = ("Cambodia", "Thailand", "Vietnam", "Singapore", "Malaysia", "Laos")
PLANS = ("shared", "vps", "dedicated", "reseller")
STAGES = ("support", "onboarding", "renewal", "trial", "sales contact")
# (survey, scale, low, high, share of all responses)
SURVEYS = (
    ("csat", "1-5", 1, 5, 0.40),
    ("csat", "1-3", 1, 3, 0.05),
    ("csat", "binary", 0, 1, 0.05),
    ("nps", "0-10", 0, 10, 0.25),
    ("ces", "1-7", 1, 7, 0.20),
    ("ces", "1-5", 1, 5, 0.05),
)
HIGH_IS_BAD_SHARE = 0.2  # of CES answers

TICKET_SCHEMA = pa.schema(
    [(c, pa.string()) for c in ("ticket_id", "customer_id", "channel", "category", "priority")]
    + [(c, pa.string()) for c in ("status", "created_at", "first_response_at", "resolved_at")]
    + [("agent", pa.string()), ("team", pa.string()), ("agents_involved", pa.int8())]
)
RESPONSE_SCHEMA = pa.schema(
    [(c, pa.string()) for c in ("response_id", "customer_id", "ticket_id", "survey", "scale")]
    + [("score", pa.int8())]
    + [(c, pa.string()) for c in ("orientation", "stage", "channel", "language", "answered_at")]
)
CUSTOMER_SCHEMA = pa.schema(
    [
        (c, pa.string())
        for c in (
            "customer_id",
            "name",
            "email",
            "language",
            "region",
            "plan",
            "signup_at",
            "churned_at",
        )
    ]
)

_DAYS = pa.array([(TABLE_FROM + timedelta(days=d)).isoformat() for d in range(TABLE_DAYS)])
_TIMES = pa.array(
    [f"T{h:02d}:{m:02d}:{s:02d}Z" for h in range(24) for m in range(60) for s in range(60)]
)


def iso(seconds: np.ndarray, missing: np.ndarray | None = None) -> pa.Array:
    """Epoch seconds (UTC) as ISO 8601 text with Z; null where `missing`."""
    rel = seconds - TABLE_EPOCH
    if rel.size and (rel.min() < 0 or rel.max() >= TABLE_DAYS * DAY):
        raise ValueError("timestamp outside the lookup table")
    days = pa.array(rel // DAY, mask=missing)
    times = pa.array(rel % DAY, mask=missing)
    return pc.binary_join_element_wise(pc.take(_DAYS, days), pc.take(_TIMES, times), "")


def ids(prefix: str, numbers: np.ndarray, missing: np.ndarray | None = None) -> pa.Array:
    return pc.binary_join_element_wise(
        prefix, pa.array(numbers, mask=missing).cast(pa.string()), ""
    )


def pick(
    rng: np.random.Generator,
    values: tuple[str, ...],
    n: int,
    p: tuple[float, ...] | None = None,
    missing: np.ndarray | None = None,
) -> pa.Array:
    """n labels drawn from `values` (null where `missing`)."""
    index = rng.choice(len(values), size=n, p=p).astype(np.int8)
    return pa.DictionaryArray.from_arrays(pa.array(index, mask=missing), pa.array(values)).cast(
        pa.string()
    )


def _lognormal_s(rng: np.random.Generator, median_s: float, sigma: float, n: int) -> np.ndarray:
    return np.rint(rng.lognormal(np.log(median_s), sigma, n)).astype(np.int64)


def ticket_chunk(rng: np.random.Generator, first: int, n: int, customers: int) -> pa.Table:
    created = rng.integers(YEAR_START, YEAR_END, n, dtype=np.int64)
    answered = rng.random(n) >= 0.07
    first_delay = _lognormal_s(rng, 1_800, 1.3, n)
    resolved = rng.random(n) >= 0.15
    work = _lognormal_s(rng, 6 * 3_600, 1.2, n)
    resolve_delay = np.where(answered, first_delay, 0) + work
    # keep every timestamp inside the lookup table (a few days past 2025 at most)
    first_delay = np.minimum(first_delay, 30 * DAY)
    resolve_delay = np.minimum(resolve_delay, 200 * DAY)
    agents = rng.choice(4, size=n, p=(0.6, 0.25, 0.1, 0.05)).astype(np.int8) + 1
    unknown_agents = rng.random(n) < 0.02
    status = np.where(resolved, 2, np.where(answered, 1, 0)).astype(np.int8)
    return pa.Table.from_arrays(
        [
            ids("T", np.arange(first, first + n)),
            ids("C", rng.integers(0, customers, n)),
            pick(rng, CHANNELS, n, CHANNEL_P),
            pick(rng, CATEGORIES, n),
            pick(rng, PRIORITIES, n, (0.3, 0.5, 0.15, 0.05)),
            pa.DictionaryArray.from_arrays(
                pa.array(status), pa.array(["open", "pending", "solved"])
            ).cast(pa.string()),
            iso(created),
            iso(created + first_delay, ~answered),
            iso(created + resolve_delay, ~resolved),
            ids("agent", rng.integers(0, 200, n)),
            pick(rng, TEAMS, n),
            pa.array(agents, mask=unknown_agents),
        ],
        schema=TICKET_SCHEMA,
    )


def response_chunk(rng: np.random.Generator, first: int, n: int, tickets: int) -> pa.Table:
    kinds = rng.choice(len(SURVEYS), size=n, p=[s[4] for s in SURVEYS])
    low = np.array([s[2] for s in SURVEYS])[kinds]
    high = np.array([s[3] for s in SURVEYS])[kinds]
    width = high - low + 1
    # skewed towards the top of the scale, as real answers are
    score = low + np.minimum(width - 1, (width * rng.random(n) ** 0.55).astype(np.int64))
    is_ces = np.array([s[0] == "ces" for s in SURVEYS])[kinds]
    bad = is_ces & (rng.random(n) < HIGH_IS_BAD_SHARE)
    score = np.where(bad, low + high - score, score)  # the same opinion, asked the other way
    orientation = np.where(is_ces, np.where(bad, 1, 0), 2).astype(np.int8)
    no_ticket = rng.random(n) < 0.3
    return pa.Table.from_arrays(
        [
            ids("R", np.arange(first, first + n)),
            ids("C", rng.integers(0, max(1, tickets // CUSTOMERS_PER), n)),
            ids("T", rng.integers(0, tickets, n), no_ticket),
            pa.DictionaryArray.from_arrays(
                pa.array(kinds.astype(np.int8)), pa.array([s[0] for s in SURVEYS])
            ).cast(pa.string()),
            pa.DictionaryArray.from_arrays(
                pa.array(kinds.astype(np.int8)), pa.array([s[1] for s in SURVEYS])
            ).cast(pa.string()),
            pa.array(score.astype(np.int8)),
            pa.DictionaryArray.from_arrays(
                pa.array(orientation), pa.array(["high_is_good", "high_is_bad", None])
            ).cast(pa.string()),
            pick(rng, STAGES, n),
            pick(rng, CHANNELS, n, CHANNEL_P, missing=rng.random(n) < 0.05),
            pick(rng, LANGUAGES, n),
            iso(rng.integers(YEAR_START, YEAR_END, n, dtype=np.int64)),
        ],
        schema=RESPONSE_SCHEMA,
    )


def customer_chunk(rng: np.random.Generator, first: int, n: int) -> pa.Table:
    number = np.arange(first, first + n)
    signup = rng.integers(SIGNUP_START, YEAR_END, n, dtype=np.int64)
    churn = signup + np.rint(rng.exponential(500 * DAY, n)).astype(np.int64)
    stays = (rng.random(n) < 0.4) | (churn >= YEAR_END)
    return pa.Table.from_arrays(
        [
            ids("C", number),
            ids("Customer ", number),
            pc.binary_join_element_wise(ids("c", number), "@example.com", ""),
            pick(rng, LANGUAGES, n),
            pick(rng, REGIONS, n),
            pick(rng, PLANS, n, (0.6, 0.25, 0.1, 0.05)),
            iso(signup),
            iso(np.where(stays, signup, churn), stays),
        ],
        schema=CUSTOMER_SCHEMA,
    )


def _write(path: Path, schema: pa.Schema, chunks) -> None:
    tmp = path.with_name(path.name + ".part")
    options = pcsv.WriteOptions(quoting_style="needed")
    with pcsv.CSVWriter(tmp, schema, write_options=options) as writer:
        for table in chunks:
            writer.write_table(table)
    tmp.replace(path)  # a file that exists is complete


def _chunks(total: int, chunk: int):
    for first in range(0, total, chunk):
        yield first, min(chunk, total - first)


def generate(out: Path, rows: int, seed: int = 2025, chunk: int = CHUNK) -> dict[str, Path]:
    """Write customers.csv, tickets.csv and responses.csv into `out`; skip files present."""
    out.mkdir(parents=True, exist_ok=True)
    customers = max(1, rows // CUSTOMERS_PER)
    paths = {e: out / f"{e}.csv" for e in ("customers", "tickets", "responses")}
    # one generator per file, so a file regenerated alone is the same as before
    seeds = np.random.SeedSequence(seed).spawn(3)
    makers = {
        "customers": (
            CUSTOMER_SCHEMA,
            customers,
            lambda rng, f, n: customer_chunk(rng, f, n),
        ),
        "tickets": (TICKET_SCHEMA, rows, lambda rng, f, n: ticket_chunk(rng, f, n, customers)),
        "responses": (
            RESPONSE_SCHEMA,
            rows,
            lambda rng, f, n: response_chunk(rng, f, n, rows),
        ),
    }
    for (entity, (schema, total, make)), ss in zip(makers.items(), seeds, strict=True):
        if paths[entity].exists():
            continue
        rng = np.random.default_rng(ss)
        _write(paths[entity], schema, (make(rng, f, n) for f, n in _chunks(total, chunk)))
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="tickets (and responses)")
    parser.add_argument("--out", type=Path, default=None, help="default: bench/out/ROWS")
    parser.add_argument("--seed", type=int, default=2025)
    args = parser.parse_args()
    out = args.out or Path(__file__).resolve().parent / "out" / str(args.rows)
    started = time.perf_counter()
    paths = generate(out, args.rows, args.seed)
    took = time.perf_counter() - started
    for entity, path in paths.items():
        print(f"{entity:<10} {path}  {path.stat().st_size / 1e6:,.0f} MB")
    print(f"generated in {took:.1f} s")


if __name__ == "__main__":
    main()
