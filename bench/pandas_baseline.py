"""A straightforward pandas implementation of the month-by-month `cxm metrics` numbers.

It is the baseline the benchmark compares the engine with, and an independent check of the
engine's numbers: it reads the same CSV files the import reads and applies, on its own, the
definitions of the domain reference (domain.md) and the registry (cxm/metrics/definitions.py):

* a row belongs to the calendar month of its local day (CXM_TIMEZONE; UTC in the bench) of
  created_at (tickets), answered_at (responses); only days in [first, last] count;
* band: the score turned so that high = good (CES asked high-is-bad: low + high - score), then
  +1 at or above the scale's positive threshold, -1 at or below its negative one, else 0;
  CSAT = band +1 / CSAT answers, NPS = % band +1 - % band -1, CES = band +1 / CES answers;
* ticket volume = tickets created; first response / resolution time = mean, median and 90th
  percentile (linear interpolation) of the durations that exist;
* FCR = resolved with agents_involved = 1 / resolved with agents_involved >= 1; resolution
  rate = resolved / all tickets;
* S, E, N, L of each month from signup / churn days; retention = (E - N) / S, churn = L / S.

Timing splits the work in three: `load` (read the CSV files into DataFrames), `prepare`
(derive the columns the analytics copy stores: local day and month, durations, band) and
`suite` (the month-by-month numbers). The benchmark's headline ratio is against `suite`
alone, which favours pandas: the engine's timings include opening the analytics copy and
checking it is current.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pcsv

# scale -> (low, high, positive_min, negative_max), on the oriented score (high = good).
# Top-2 box on 5 and 7 points, top box on 3, "good" on binary; NPS promoters 9-10,
# detractors 0-6 (domain.md section 1).
SCALES = {
    "1-5": (1, 5, 4, 2),
    "1-3": (1, 3, 3, 1),
    "1-7": (1, 7, 6, 3),
    "0-10": (0, 10, 9, 6),
    "binary": (0, 1, 1, 0),
}
SURVEYS = ("csat", "nps", "ces")

UTC_S = pa.timestamp("s", tz="UTC")


@dataclass
class Frames:
    tickets: pd.DataFrame
    responses: pd.DataFrame
    customers: pd.DataFrame


def _read(path: Path, columns: list[str], types: dict[str, pa.DataType]) -> pd.DataFrame:
    options = pcsv.ConvertOptions(
        include_columns=columns,
        column_types=types,
        auto_dict_encode=True,
        strings_can_be_null=True,  # a blank cell is no value, as the import reads it
    )
    return pcsv.read_csv(path, convert_options=options).to_pandas()


def load(data: Path) -> Frames:
    """The columns the metrics need, from the CSV files (low-cardinality text as categories)."""
    tickets = _read(
        data / "tickets.csv",
        ["channel", "created_at", "first_response_at", "resolved_at", "agents_involved"],
        {
            "created_at": UTC_S,
            "first_response_at": UTC_S,
            "resolved_at": UTC_S,
            "agents_involved": pa.int16(),
        },
    )
    responses = _read(
        data / "responses.csv",
        ["survey", "scale", "score", "orientation", "channel", "answered_at"],
        {"answered_at": UTC_S, "score": pa.int16()},
    )
    customers = _read(
        data / "customers.csv",
        ["signup_at", "churned_at"],
        {"signup_at": UTC_S, "churned_at": UTC_S},
    )
    for df in (tickets, responses):
        # a file without a single blank makes the column plain text; group keys are categories
        df["channel"] = df["channel"].astype("category")
    return Frames(tickets, responses, customers)


def local_day(ts: pd.Series, tz: str) -> pd.Series:
    """The calendar day in `tz` (as a midnight timestamp) of a UTC timestamp."""
    return ts.dt.tz_convert(tz).dt.tz_localize(None).dt.normalize()


def band(responses: pd.DataFrame) -> pd.Series:
    """+1 / 0 / -1 of each answer, from its scale, score and orientation."""
    scale = responses["scale"]  # categorical: the mappings run once per scale

    def per_scale(i: int) -> np.ndarray:
        return scale.map({k: v[i] for k, v in SCALES.items()}).to_numpy(dtype="int16")

    low, high, pos, neg = (per_scale(i) for i in range(4))
    score = responses["score"].to_numpy(dtype="int16")
    flipped = (responses["orientation"] == "high_is_bad").to_numpy(dtype=bool)
    oriented = np.where(flipped, low + high - score, score)
    return pd.Series(
        np.select([oriented >= pos, oriented <= neg], [1, -1], 0).astype("int8"),
        index=responses.index,
    )


def prepare(frames: Frames, tz: str = "UTC") -> Frames:
    """The derived columns of the analytics copy: local days and months, durations, band."""
    t = frames.tickets.copy()
    t["day"] = local_day(t["created_at"], tz)
    t["month"] = t["day"].dt.to_period("M")
    t["first_response_s"] = (t["first_response_at"] - t["created_at"]).dt.total_seconds()
    t["resolution_s"] = (t["resolved_at"] - t["created_at"]).dt.total_seconds()
    r = frames.responses.copy()
    r["day"] = local_day(r["answered_at"], tz)
    r["month"] = r["day"].dt.to_period("M")
    r["band"] = band(r)
    c = frames.customers.copy()
    c["signup_day"] = local_day(c["signup_at"], tz)
    c["churn_day"] = local_day(c["churned_at"], tz)
    return Frames(t, r, c)


def _months(first: date, last: date) -> list[tuple[pd.Period, pd.Timestamp, pd.Timestamp]]:
    """(month, start, end) of each month overlapping first..last, clipped: [start, end)."""
    stop = pd.Timestamp(last) + pd.Timedelta(days=1)
    out = []
    for p in pd.period_range(pd.Timestamp(first), pd.Timestamp(last), freq="M"):
        start = max(p.start_time, pd.Timestamp(first))
        end = min((p + 1).start_time, stop)
        out.append((p, start, end))
    return out


def _none(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, float) and np.isnan(value):
        return None
    return value.item() if isinstance(value, np.generic) else value


def _pct(pos: int, n: int) -> float | None:
    return 100 * pos / n if n else None


def suite(frames: Frames, first: date, last: date, by: str | None = None) -> dict:
    """{(period 'YYYY-MM-DD', segment or None): {key: value}} as `cxm metrics` computes them.

    `frames` must come from `prepare`.
    """
    lo, hi = pd.Timestamp(first), pd.Timestamp(last)
    keys = ["month", by] if by else ["month"]

    # tickets
    t = frames.tickets
    t = t[(t["day"] >= lo) & (t["day"] <= hi)]
    resolved = t["resolution_s"].notna()
    t = t.assign(
        fcr_n=resolved & (t["agents_involved"] >= 1),
        fcr_pos=resolved & (t["agents_involved"] == 1),
        resolved=resolved,
    )
    g = t.groupby(keys, observed=True, dropna=False, sort=False)
    tick = g.agg(
        ticket_volume=("created_at", "size"),
        resolved=("resolved", "sum"),
        fcr_n=("fcr_n", "sum"),
        fcr_pos=("fcr_pos", "sum"),
    )
    for prefix, col in (
        ("first_response_time", "first_response_s"),
        ("resolution_time", "resolution_s"),
    ):
        d = g[col]
        tick[f"{prefix}_n"] = d.count()
        tick[f"{prefix}_avg_s"] = d.mean()
        tick[f"{prefix}_median_s"] = d.median()
        tick[f"{prefix}_p90_s"] = d.quantile(0.9)

    # responses
    r = frames.responses
    r = r[(r["day"] >= lo) & (r["day"] <= hi)]
    r = r.assign(pos=r["band"] == 1, neg=r["band"] == -1)
    resp = r.groupby([*keys, "survey"], observed=True, dropna=False, sort=False).agg(
        n=("band", "size"), pos=("pos", "sum"), neg=("neg", "sum")
    )

    result: dict[tuple[str, str | None], dict[str, Any]] = {}

    def row(key: tuple) -> dict[str, Any]:
        month, *seg = key
        segment = seg[0] if seg else None
        segment = None if segment is None or pd.isna(segment) else str(segment)
        return result.setdefault((month.start_time.date().isoformat(), segment), {})

    tick_rows = tick.to_dict("index")
    for key, v in tick_rows.items():
        out = row(key if isinstance(key, tuple) else (key,))
        out.update({k: _none(x) for k, x in v.items()})
    for key, v in resp.to_dict("index").items():
        *group, survey = key
        out = row(tuple(group))
        out[f"{survey}_n"] = int(v["n"])
        out[f"{survey}_pos"] = int(v["pos"])
        out[f"{survey}_neg"] = int(v["neg"])

    months = _months(first, last)
    if by is None:
        for month, _, _ in months:
            row((month,))
        population = _population(frames.customers, months)
    else:
        population = None

    for (period, _), out in result.items():
        volume = int(out.get("ticket_volume") or 0)
        resolved_n = int(out.get("resolved") or 0)
        fcr_n = int(out.get("fcr_n") or 0)
        final: dict[str, Any] = {}
        for survey in SURVEYS:
            n = out.get(f"{survey}_n", 0)
            pos, neg = out.get(f"{survey}_pos", 0), out.get(f"{survey}_neg", 0)
            final[f"{survey}_n"] = n
            final[survey] = (
                (100 * (pos - neg) / n if n else None) if survey == "nps" else _pct(pos, n)
            )
        final["ticket_volume"] = volume
        for prefix in ("first_response_time", "resolution_time"):
            for suffix in ("avg_s", "median_s", "p90_s", "n"):
                final[f"{prefix}_{suffix}"] = out.get(f"{prefix}_{suffix}")
        final["fcr_rate"] = _pct(int(out.get("fcr_pos") or 0), fcr_n)
        final["fcr_rate_n"] = fcr_n
        final["resolution_rate"] = _pct(resolved_n, volume)
        final["resolution_rate_n"] = volume
        if population is None:
            final.update(dict.fromkeys(POPULATION_KEYS))
        else:
            s, e, n, lost = population[period]
            final["retention_rate"] = 100 * (e - n) / s if s > 0 else None
            final["retention_rate_n"] = s
            final["churn_rate"] = _pct(lost, s)
            final["churn_rate_n"] = s
            final["customers_start"] = s
            final["customers_end"] = e
            final["customers_acquired"] = n
            final["customers_lost"] = lost
        out.clear()
        out.update(final)
    return result


POPULATION_KEYS = (
    "retention_rate",
    "retention_rate_n",
    "churn_rate",
    "churn_rate_n",
    "customers_start",
    "customers_end",
    "customers_acquired",
    "customers_lost",
)


def _population(customers: pd.DataFrame, months: list) -> dict[str, tuple[int, int, int, int]]:
    s_day, x_day = customers["signup_day"], customers["churn_day"]
    out = {}
    for month, start, end in months:
        here_start = (s_day < start) & (x_day.isna() | (x_day >= start))
        here_end = (s_day < end) & (x_day.isna() | (x_day >= end))
        acquired = (s_day >= start) & (s_day < end)
        lost = (s_day < start) & (x_day >= start) & (x_day < end)
        out[month.start_time.date().isoformat()] = (
            int(here_start.sum()),
            int(here_end.sum()),
            int(acquired.sum()),
            int(lost.sum()),
        )
    return out


# The keys compared with the engine's rows.
COMPARED = (
    "csat",
    "csat_n",
    "nps",
    "nps_n",
    "ces",
    "ces_n",
    "ticket_volume",
    *(
        f"{p}_{s}"
        for p in ("first_response_time", "resolution_time")
        for s in ("avg_s", "median_s", "p90_s", "n")
    ),
    "fcr_rate",
    "fcr_rate_n",
    "resolution_rate",
    "resolution_rate_n",
    *POPULATION_KEYS,
)


def compare(engine_rows: list[dict], by: str | None, expected: dict, rel: float = 1e-6) -> list:
    """Every difference between the engine's rows and the pandas numbers: (row, key, a, b)."""
    problems: list[tuple[Any, str, Any, Any]] = []
    got = {(r["period"], r.get(by) if by else None): r for r in engine_rows}
    for key in sorted(set(got) | set(expected), key=lambda k: (k[0], k[1] is None, k[1] or "")):
        if key not in got or key not in expected:
            where = "engine" if key not in got else "pandas"
            problems.append((key, "(row)", f"missing in {where}", None))
            continue
        a, b = got[key], expected[key]
        for name in COMPARED:
            x, y = _none(a.get(name)), _none(b.get(name))
            if x is None or y is None:
                if x is not y:
                    problems.append((key, name, x, y))
            elif abs(x - y) > rel * max(abs(x), abs(y)) + 1e-9:
                problems.append((key, name, x, y))
    return problems
