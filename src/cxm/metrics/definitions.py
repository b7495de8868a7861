"""The registry of metrics: what each one counts, its formula, and the keys it reports.

This is the single definition of every metric. The engine runs the `aggregates` (SQL over the
rows of one source table, per period and segment) and hands them to `compute`; the docs and
reports read `title`, `formula` and `definition` from here.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import numpy as np

from cxm.metrics import formulas, stats
from cxm.metrics.formulas import Rate


class Unit(StrEnum):
    PERCENT = "percent"  # 0-100
    NPS = "nps"  # -100..100
    SECONDS = "seconds"
    MONEY = "money"  # the unit of the imported amounts
    COUNT = "count"


class Source(StrEnum):
    RESPONSES = "responses"
    TICKETS = "tickets"
    CUSTOMERS = "customers"
    REVENUE = "revenue"
    SPEND = "spend"


class Combine(StrEnum):
    """How the engine adds up a period's number from its days'."""

    SUM = "sum"  # `sql` is an additive aggregate (a count, a sum)
    MEAN = "mean"  # `sql` is a column: its mean, kept per day as a sum and a count
    QUANTILES = "quantiles"  # `sql` is a column: its exact quantiles `qs` (quantile_cont)


@dataclass(frozen=True)
class Aggregate:
    """One number computed per period and segment from the rows of a source table.

    `sql` is an aggregate over the rows; a count of the rows meeting a condition is written
    `counting(...)` instead, which lets the engine count over pre-grouped rows.
    """

    name: str
    source: Source
    sql: str
    where: str | None = None  # set for counts: the condition the counted rows meet
    combine: Combine = Combine.SUM
    qs: tuple[float, ...] = ()  # for QUANTILES


def counting(name: str, source: Source, where: str) -> Aggregate:
    """The number of rows of `source` meeting `where`."""
    return Aggregate(name, source, f"count(*) FILTER (WHERE {where})", where)


# The columns the counts of a source read: the engine may first group its rows by these
# (and the day and segment), which is far less work than evaluating every condition per row.
GRAIN: dict[Source, tuple[str, ...]] = {Source.RESPONSES: ("survey", "band")}


@dataclass(frozen=True)
class Drill:
    """A set of rows behind a metric, listed when someone clicks the number."""

    name: str  # answers, satisfied, promoters, tickets, lost ...
    source: Source
    # the rows' condition; for customers, a key of the engine's POPULATION_RULES
    where: str | None = None


def drills_of(source: Source, *named: tuple[str, str | None]) -> tuple[Drill, ...]:
    return tuple(Drill(name, source, where) for name, where in named)


@dataclass(frozen=True)
class Metric:
    key: str
    number: int  # its number among the 14 service metrics of domain.md section 2
    title: str
    unit: Unit
    formula: str
    definition: str
    aggregates: tuple[Aggregate, ...]
    outputs: tuple[str, ...]
    compute: Callable[[Mapping[str, Any]], dict[str, Any]]
    population: bool = False  # needs the customer counts S, E, N, L of each period
    # z statistic of the change from one period's aggregates to another's; None when the
    # metric has no sampling model (money, durations) or too little data
    change_z: Callable[[Mapping[str, Any], Mapping[str, Any]], float | None] | None = None
    headline: str | None = None  # the output shown as "the" number; default: the first
    drills: tuple[Drill, ...] = ()  # the first is the metric's base (its n)
    # (below: much room for improvement, above: good), from the ACSI as quoted in domain.md
    benchmark: tuple[float, float] | None = None
    higher_is_better: bool | None = True  # None: neither (volumes, money)
    base: str | None = None  # the key of the metric's n, when no output ends in _n
    requires: tuple[str, ...] = ()  # other metrics whose aggregates `compute` reads

    @property
    def n_key(self) -> str | None:
        """The output or count that is this metric's sample size."""
        return self.base or next((k for k in self.outputs if k.endswith("_n")), None)

    @property
    def value_key(self) -> str:
        """The output key of the number a dashboard or report shows for this metric."""
        return self.headline or self.outputs[0]

    @property
    def sources(self) -> frozenset[Source]:
        """The tables this metric cannot be computed without."""
        found = {a.source for a in self.aggregates}
        if self.population:
            found.add(Source.CUSTOMERS)
        return frozenset(found)


@dataclass(frozen=True)
class Breakdown:
    """A metric that is another metric split by a dimension (categories, channels)."""

    key: str
    number: int
    title: str
    of: str
    dimension: str
    formula: str
    definition: str


# Counts of the customer base per period, computed by the engine from signup_at / churned_at:
# S customers at the start, E at the end, N acquired, L lost (of S) during the period.
POPULATION = ("customers_start", "customers_end", "customers_acquired", "customers_lost")


def _rate(key: str, rate: Rate) -> dict[str, Any]:
    return {
        key: rate.value,
        f"{key}_n": rate.n,
        f"{key}_ci_low": rate.ci_low,
        f"{key}_ci_high": rate.ci_high,
    }


def _rate_keys(key: str) -> tuple[str, ...]:
    return (key, f"{key}_n", f"{key}_ci_low", f"{key}_ci_high")


def _durations(prefix: str, source: Source, seconds: str) -> tuple[Aggregate, ...]:
    return (
        Aggregate(f"{prefix}_n", source, f"count({seconds})"),
        Aggregate(f"{prefix}_avg_s", source, seconds, combine=Combine.MEAN),
        Aggregate(f"{prefix}_quantiles", source, seconds, combine=Combine.QUANTILES, qs=(0.5, 0.9)),
    )


def _duration_keys(prefix: str) -> tuple[str, ...]:
    return (f"{prefix}_avg_s", f"{prefix}_median_s", f"{prefix}_p90_s", f"{prefix}_n")


def _single(seconds: float | None) -> float | None:
    # the analytics copy keeps durations as 4-byte floats: print them with the digits they
    # have (600.1, not 600.0999755859375)
    return None if seconds is None else float(np.format_float_positional(np.float32(seconds)))


def _duration(prefix: str) -> Callable[[Mapping[str, Any]], dict[str, Any]]:
    def compute(a: Mapping[str, Any]) -> dict[str, Any]:
        median, p90 = a[f"{prefix}_quantiles"] or (None, None)
        return {
            f"{prefix}_avg_s": a[f"{prefix}_avg_s"],
            f"{prefix}_median_s": _single(median),
            f"{prefix}_p90_s": _single(p90),
            f"{prefix}_n": a[f"{prefix}_n"],
        }

    return compute


def _int(value: Any) -> int:
    return int(value or 0)


def _proportion_change(
    successes: str, n: str
) -> Callable[[Mapping[str, Any], Mapping[str, Any]], float | None]:
    def z(before: Mapping[str, Any], after: Mapping[str, Any]) -> float | None:
        return stats.proportion_change_z(
            _int(before[successes]), _int(before[n]), _int(after[successes]), _int(after[n])
        )

    return z


def _nps_change(before: Mapping[str, Any], after: Mapping[str, Any]) -> float | None:
    def sample(a: Mapping[str, Any]) -> tuple[int, int, int]:
        return _int(a["nps_pos"]), _int(a["nps_neg"]), _int(a["nps_n"])

    return stats.nps_change_z(sample(before), sample(after))


def _retention_change(before: Mapping[str, Any], after: Mapping[str, Any]) -> float | None:
    def kept(a: Mapping[str, Any]) -> tuple[int, int]:
        start = _int(a["customers_start"])
        return max(0, _int(a["customers_end"]) - _int(a["customers_acquired"])), start

    (k1, s1), (k2, s2) = kept(before), kept(after)
    return stats.proportion_change_z(min(k1, s1), s1, min(k2, s2), s2)


def _count_change(key: str) -> Callable[[Mapping[str, Any], Mapping[str, Any]], float | None]:
    def z(before: Mapping[str, Any], after: Mapping[str, Any]) -> float | None:
        return stats.count_change_z(_int(before[key]), _int(after[key]))

    return z


R, T = Source.RESPONSES, Source.TICKETS


def _answers(kind: str) -> str:
    return f"survey = '{kind}'"


def _band(kind: str, band: int) -> str:
    return f"survey = '{kind}' AND band = {band}"


ANSWERED = "first_response_s IS NOT NULL"
RESOLVED = "resolution_s IS NOT NULL"
FCR_BASE = "resolution_s IS NOT NULL AND agents_involved >= 1"
FCR_ONE = "resolution_s IS NOT NULL AND agents_involved = 1"

CSAT = Metric(
    key="csat",
    number=2,
    title="Customer satisfaction (CSAT)",
    unit=Unit.PERCENT,
    formula="satisfied answers / all CSAT answers x 100",
    definition=(
        "Share of CSAT answers that are satisfied: 4-5 on the 1-5 scale (stars and faces "
        "too), 3 on 1-3, 6-7 on 1-7, Good on binary. By the time the answer was given. "
        "95 % Wilson interval."
    ),
    aggregates=(
        counting("csat_n", R, _answers("csat")),
        counting("csat_pos", R, _band("csat", 1)),
    ),
    drills=drills_of(
        R,
        ("answers", _answers("csat")),
        ("satisfied", _band("csat", 1)),
        ("unsatisfied", _band("csat", -1)),
    ),
    outputs=_rate_keys("csat"),
    compute=lambda a: _rate("csat", formulas.csat(_int(a["csat_pos"]), _int(a["csat_n"]))),
    change_z=_proportion_change("csat_pos", "csat_n"),
    benchmark=(60.0, 80.0),
)

NPS = Metric(
    key="nps",
    number=1,
    title="Net Promoter Score (NPS)",
    unit=Unit.NPS,
    formula="% promoters (9-10) - % detractors (0-6)",
    definition=(
        "Answers to 'How likely are you to recommend us?' on 0-10. Passives (7-8) count only "
        "in the base. Interval: NPS +- 1.96 x sqrt((p + d - (p - d)^2) / n) x 100, clipped to "
        "-100..100, with p and d the shares of promoters and detractors."
    ),
    aggregates=(
        counting("nps_n", R, _answers("nps")),
        counting("nps_pos", R, _band("nps", 1)),
        counting("nps_neg", R, _band("nps", -1)),
    ),
    drills=drills_of(
        R,
        ("answers", _answers("nps")),
        ("promoters", _band("nps", 1)),
        ("passives", _band("nps", 0)),
        ("detractors", _band("nps", -1)),
    ),
    outputs=_rate_keys("nps"),
    compute=lambda a: _rate(
        "nps", formulas.nps(_int(a["nps_pos"]), _int(a["nps_neg"]), _int(a["nps_n"]))
    ),
    change_z=_nps_change,
)

CES = Metric(
    key="ces",
    number=3,
    title="Customer effort score (CES)",
    unit=Unit.PERCENT,
    formula="answers on the easy side (4-5 of 5, 6-7 of 7) / all CES answers x 100",
    definition=(
        "Agreement with '[Company] made it easy for me to handle my issue'. Questions worded "
        "the other way round (high = hard) are turned before counting. 95 % Wilson interval."
    ),
    aggregates=(
        counting("ces_n", R, _answers("ces")),
        counting("ces_pos", R, _band("ces", 1)),
    ),
    drills=drills_of(
        R, ("answers", _answers("ces")), ("easy", _band("ces", 1)), ("hard", _band("ces", -1))
    ),
    outputs=_rate_keys("ces"),
    compute=lambda a: _rate("ces", formulas.ces(_int(a["ces_pos"]), _int(a["ces_n"]))),
    change_z=_proportion_change("ces_pos", "ces_n"),
)

TICKET_VOLUME = Metric(
    key="ticket_volume",
    number=5,
    title="Ticket volume",
    unit=Unit.COUNT,
    formula="tickets created in the period",
    definition="Tickets received per day, week, month ..., by creation time.",
    aggregates=(Aggregate("ticket_volume", T, "count(*)"),),
    drills=drills_of(T, ("tickets", None)),
    outputs=("ticket_volume",),
    compute=lambda a: {"ticket_volume": _int(a["ticket_volume"])},
    change_z=_count_change("ticket_volume"),
    higher_is_better=None,
)

FIRST_RESPONSE_TIME = Metric(
    key="first_response_time",
    number=10,
    title="First response time",
    unit=Unit.SECONDS,
    formula="sum of (first_response_at - created_at) / tickets answered",
    definition=(
        "Over the tickets created in the period that have had a first agent reply; the mean "
        "with the median and 90th percentile beside it (one slow ticket dominates a mean). "
        "Wall-clock time."
    ),
    aggregates=_durations("first_response_time", T, "first_response_s"),
    drills=drills_of(T, ("answered", ANSWERED), ("unanswered", f"NOT ({ANSWERED})")),
    outputs=_duration_keys("first_response_time"),
    compute=_duration("first_response_time"),
    # a mean is dominated by one ticket left open for a month: show the median
    headline="first_response_time_median_s",
    higher_is_better=False,
)

RESOLUTION_TIME = Metric(
    key="resolution_time",
    number=11,
    title="Resolution time",
    unit=Unit.SECONDS,
    formula="sum of (resolved_at - created_at) / resolved tickets",
    definition=(
        "Over the tickets created in the period that are resolved (have resolved_at); mean, "
        "median and 90th percentile. Wall-clock time."
    ),
    aggregates=_durations("resolution_time", T, "resolution_s"),
    drills=drills_of(T, ("resolved", RESOLVED), ("open", f"NOT ({RESOLVED})")),
    outputs=_duration_keys("resolution_time"),
    compute=_duration("resolution_time"),
    headline="resolution_time_median_s",
    higher_is_better=False,
)

FCR = Metric(
    key="fcr_rate",
    number=12,
    title="First contact resolution (FCR)",
    unit=Unit.PERCENT,
    formula="tickets resolved by one agent / resolved tickets x 100",
    definition=(
        "Among resolved tickets created in the period whose agents_involved is known, the "
        "share handled from start to resolution by a single agent. 95 % Wilson interval."
    ),
    aggregates=(
        Aggregate("fcr_n", T, f"count(*) FILTER (WHERE {FCR_BASE})"),
        Aggregate("fcr_pos", T, f"count(*) FILTER (WHERE {FCR_ONE})"),
    ),
    drills=drills_of(
        T,
        ("resolved", FCR_BASE),
        ("one_agent", FCR_ONE),
        ("several_agents", f"{FCR_BASE} AND agents_involved > 1"),
    ),
    outputs=_rate_keys("fcr_rate"),
    compute=lambda a: _rate("fcr_rate", formulas.fcr_rate(_int(a["fcr_pos"]), _int(a["fcr_n"]))),
    change_z=_proportion_change("fcr_pos", "fcr_n"),
)

RESOLUTION_RATE = Metric(
    key="resolution_rate",
    number=13,
    title="Resolution rate",
    unit=Unit.PERCENT,
    formula="resolved tickets / all tickets created in the period x 100",
    definition=(
        "The seed's 'resolved / unresolved' is a ratio, not a rate, and undefined when nothing "
        "is open; it is reported beside it as resolved_to_unresolved. 95 % Wilson interval."
    ),
    aggregates=(Aggregate("resolved", T, "count(resolution_s)"),),
    drills=drills_of(T, ("tickets", None), ("resolved", RESOLVED), ("open", f"NOT ({RESOLVED})")),
    outputs=(*_rate_keys("resolution_rate"), "resolved_to_unresolved"),
    compute=lambda a: {
        **_rate(
            "resolution_rate",
            formulas.resolution_rate(_int(a["resolved"]), _int(a["ticket_volume"])),
        ),
        "resolved_to_unresolved": formulas.resolved_to_unresolved(
            _int(a["resolved"]), _int(a["ticket_volume"])
        ),
    },
    change_z=_proportion_change("resolved", "ticket_volume"),
    requires=("ticket_volume",),
)

RETENTION = Metric(
    key="retention_rate",
    number=6,
    title="Customer retention rate (CRR)",
    unit=Unit.PERCENT,
    formula="(E - N) / S x 100",
    definition=(
        "S customers at the start of the period (signed up before it, not churned before it), "
        "E at its end, N acquired during it (signup_at in the period)."
    ),
    aggregates=(),
    outputs=(*_rate_keys("retention_rate"), *POPULATION[:3]),
    compute=lambda a: {
        **_rate(
            "retention_rate",
            formulas.retention_rate(
                _int(a["customers_start"]), _int(a["customers_end"]), _int(a["customers_acquired"])
            ),
        ),
        **{k: _int(a[k]) for k in POPULATION[:3]},
    },
    population=True,
    change_z=_retention_change,
    drills=drills_of(
        Source.CUSTOMERS,
        ("start", "customers_start"),
        ("end", "customers_end"),
        ("acquired", "customers_acquired"),
    ),
)

CHURN = Metric(
    key="churn_rate",
    number=7,
    title="Customer churn rate",
    unit=Unit.PERCENT,
    formula="customers lost in the period / customers at its start x 100",
    definition=(
        "Lost = customers counted in S whose churned_at falls in the period; equals 100 - CRR "
        "when no customer both joined and left within the period."
    ),
    aggregates=(),
    outputs=(*_rate_keys("churn_rate"), "customers_lost"),
    compute=lambda a: {
        **_rate(
            "churn_rate",
            formulas.churn_rate(_int(a["customers_lost"]), _int(a["customers_start"])),
        ),
        "customers_lost": _int(a["customers_lost"]),
    },
    population=True,
    change_z=_proportion_change("customers_lost", "customers_start"),
    drills=drills_of(Source.CUSTOMERS, ("start", "customers_start"), ("lost", "customers_lost")),
    higher_is_better=False,
)

CAC = Metric(
    key="cac",
    number=8,
    title="Customer acquisition cost (CAC)",
    unit=Unit.MONEY,
    formula="sales and marketing spend in the period / customers acquired in it",
    definition=(
        "Spend from the spend import; acquired = customers whose signup_at is in the period."
    ),
    aggregates=(Aggregate("spend", Source.SPEND, "sum(amount)"),),
    drills=(
        Drill("spend", Source.SPEND),
        Drill("acquired", Source.CUSTOMERS, "customers_acquired"),
    ),
    outputs=("cac", "spend"),
    compute=lambda a: {
        "cac": formulas.cac(a["spend"], _int(a["customers_acquired"])),
        "spend": a["spend"],
    },
    population=True,
    higher_is_better=False,
    base="customers_acquired",
)

CLV = Metric(
    key="clv",
    number=9,
    title="Customer lifetime value (CLV)",
    unit=Unit.MONEY,
    formula="annual revenue per customer x relationship length in years - CAC",
    definition=(
        "The simple historical form: the period's revenue over its average customer count "
        "((S + E) / 2), scaled to a year, times 1 / the yearly churn implied by the period's "
        "churn rate, minus the period's CAC when it can be measured. Empty when nobody churned "
        "(the length cannot be estimated)."
    ),
    aggregates=(Aggregate("revenue", Source.REVENUE, "sum(amount)"),),
    drills=(Drill("revenue", Source.REVENUE), Drill("lost", Source.CUSTOMERS, "customers_lost")),
    outputs=("clv", "revenue"),
    compute=lambda a: {
        "clv": formulas.clv(
            a["revenue"],
            _int(a["customers_start"]),
            _int(a["customers_end"]),
            _int(a["customers_lost"]),
            a["window_days"],
            formulas.cac(a["spend"], _int(a["customers_acquired"])),
        ),
        "revenue": a["revenue"],
    },
    population=True,
    higher_is_better=True,
    base="customers_start",
    requires=("cac",),
)

METRICS: tuple[Metric, ...] = (
    CSAT,
    NPS,
    CES,
    TICKET_VOLUME,
    FIRST_RESPONSE_TIME,
    RESOLUTION_TIME,
    FCR,
    RESOLUTION_RATE,
    RETENTION,
    CHURN,
    CAC,
    CLV,
)

BREAKDOWNS: tuple[Breakdown, ...] = (
    Breakdown(
        key="ticket_categories",
        number=4,
        title="Ticket categories",
        of="ticket_volume",
        dimension="category",
        formula="tickets per category, and their share of all tickets",
        definition=(
            "Ticket volume split by category (technical issue, billing, sales question ...)."
        ),
    ),
    Breakdown(
        key="channels",
        number=14,
        title="Preferred channels",
        of="ticket_volume",
        dimension="channel",
        formula="tickets per channel / all tickets x 100",
        definition="Share of contacts per channel (email, live chat, phone, SMS, social ...).",
    ),
)

# The keys of one row of `cxm metrics`, in order, after `period` and the segment.
OUTPUT_KEYS: tuple[str, ...] = tuple(k for m in METRICS for k in m.outputs)


def selected(keys: Collection[str] = ()) -> tuple[Metric, ...]:
    """The metrics named (all when none are), with those they require, in registry order."""
    if not keys:
        return METRICS
    by_key = {m.key: m for m in METRICS}
    unknown = sorted(set(keys) - by_key.keys())
    if unknown:
        raise ValueError(f"unknown metric(s) {', '.join(unknown)}: choose from {', '.join(by_key)}")
    wanted: set[str] = set()
    todo = list(keys)
    while todo:
        key = todo.pop()
        if key not in wanted:
            wanted.add(key)
            todo.extend(by_key[key].requires)
    return tuple(m for m in METRICS if m.key in wanted)


def aggregates_of(source: Source, metrics: tuple[Metric, ...] = METRICS) -> tuple[Aggregate, ...]:
    """Every aggregate the metrics need from one source table."""
    seen: dict[str, Aggregate] = {}
    for metric in metrics:
        for agg in metric.aggregates:
            if agg.source is source:
                seen.setdefault(agg.name, agg)
    return tuple(seen.values())
