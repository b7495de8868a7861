"""Alert rules (pure): what a rule watches, how it is checked, and the built-in rules.

A rule is one of four kinds:

- `threshold`: a metric of the last complete period (day, week or month) compared with a value,
  e.g. CSAT < 60 %; with `min_n`, periods with fewer answers (or tickets) are not judged.
- `change`: a metric moved from the period before beyond noise (the registry's z test at the
  95 % level) in the direction of the comparator, by more than `value` if set.
- `spike`: the ticket count of a recent hour far above the usual count of the same weekday and
  hour (`cxm.alerts.detection`).
- `sla`: tickets at risk of missing their SLA (`at_risk`) or past it (`breached`).

Metrics are the registry's keys, plus the loyalty map's shares of placed customers
(`loyalty_churners`, `loyalty_wildcards`, `loyalty_vip_support`, `loyalty_advocates`).
"""

from __future__ import annotations

import json
import operator
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from cxm.metrics.definitions import METRICS

KINDS = ("threshold", "change", "spike", "sla")
SEVERITIES = ("info", "warning", "critical")
PERIODS = ("day", "week", "month")
COMPARATORS: dict[str, Callable[[float, float], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}
LOYALTY_METRICS = {
    "loyalty_churners": "churners",
    "loyalty_wildcards": "wildcards",
    "loyalty_vip_support": "vip_support",
    "loyalty_advocates": "advocates",
}
SLA_STATES = ("at_risk", "breached")
SPIKE_METRIC = "ticket_volume"
EMAIL = re.compile(r"[^@\s,]+@[^@\s,]+\.[^@\s,]+")


class RuleError(ValueError):
    """A rule that cannot be checked as written (which field, and why)."""

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(f"{field_name}: {message}")
        self.field = field_name
        self.message = message


@dataclass(frozen=True)
class Rule:
    id: int | None
    name: str
    kind: str
    metric: str
    comparator: str = "<"
    value: float | None = None
    period: str = "week"
    segment: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    min_n: int = 0
    severity: str = "warning"
    recipients: tuple[str, ...] = ()
    active: bool = True
    key: str | None = None  # set on built-in rules
    checked_at: datetime | None = None

    def holds(self, number: float) -> bool:
        """Whether `number` meets the rule's comparison with its value."""
        return COMPARATORS[self.comparator](number, self.value or 0.0)


def metric_keys() -> list[str]:
    """Every metric a threshold or change rule can watch."""
    return [m.key for m in METRICS] + list(LOYALTY_METRICS)


def parse_segment(text: str | None) -> dict[str, tuple[str, ...]]:
    """`channel=email,chat; region=TH` (or its JSON form) -> {"channel": ("email", "chat"),
    "region": ("TH",)}; empty: every row."""
    text = (text or "").strip()
    if not text:
        return {}
    if text.startswith("{"):
        try:
            raw = json.loads(text)
        except ValueError as exc:
            raise RuleError("segment", f"not valid JSON: {exc}") from exc
        if not isinstance(raw, dict):
            raise RuleError("segment", "expected an object of dimension: values")
        return {
            str(k): tuple(str(v) for v in (vs if isinstance(vs, list) else [vs]))
            for k, vs in raw.items()
        }
    found: dict[str, tuple[str, ...]] = {}
    for part in text.split(";"):
        if not part.strip():
            continue
        dim, sep, values = (p.strip() for p in part.partition("="))
        if not sep or not dim or not re.fullmatch(r"[A-Za-z0-9_.\-]+", dim):
            raise RuleError("segment", f"{part.strip()!r}: expected DIMENSION=VALUE[,VALUE]")
        chosen = tuple(v.strip() for v in values.split(",") if v.strip())
        if not chosen:
            raise RuleError("segment", f"{dim}: no value")
        found[dim] = found.get(dim, ()) + chosen
    return found


def segment_text(segment: Mapping[str, tuple[str, ...]]) -> str:
    """The written form of a segment: `channel=email; region=TH,VN`."""
    return "; ".join(f"{k}={','.join(v)}" for k, v in sorted(segment.items()))


def segment_json(segment: Mapping[str, tuple[str, ...]]) -> str | None:
    if not segment:
        return None
    return json.dumps({k: list(v) for k, v in sorted(segment.items())}, ensure_ascii=False)


def parse_recipients(text: str | None) -> tuple[str, ...]:
    """E-mail addresses and webhook URLs, separated by commas, spaces or new lines."""
    found = []
    for item in re.split(r"[\s,;]+", text or ""):
        item = item.strip()
        if not item:
            continue
        if item.startswith(("http://", "https://")) or EMAIL.fullmatch(item):
            found.append(item)
        else:
            raise RuleError(
                "recipients", f"{item!r} is neither an e-mail address nor an http(s) URL"
            )
    return tuple(dict.fromkeys(found))


def channel_of(recipient: str) -> str:
    return "webhook" if recipient.startswith(("http://", "https://")) else "email"


def check(rule: Rule) -> Rule:
    """The rule if it can be checked; RuleError names the first field that is wrong."""
    if not rule.name.strip():
        raise RuleError("name", "a rule needs a name")
    if rule.kind not in KINDS:
        raise RuleError("kind", f"choose one of {', '.join(KINDS)}")
    if rule.severity not in SEVERITIES:
        raise RuleError("severity", f"choose one of {', '.join(SEVERITIES)}")
    if rule.min_n < 0:
        raise RuleError("min_n", "cannot be negative")
    if rule.kind == "sla":
        if rule.metric not in SLA_STATES:
            raise RuleError("metric", f"an SLA rule watches {' or '.join(SLA_STATES)}")
        return rule
    if rule.kind == "spike":
        if rule.metric != SPIKE_METRIC:
            raise RuleError("metric", f"a spike rule watches {SPIKE_METRIC}")
        return rule
    if rule.metric not in metric_keys():
        raise RuleError("metric", f"unknown metric {rule.metric!r}")
    if rule.comparator not in COMPARATORS:
        raise RuleError("comparator", f"choose one of {' '.join(COMPARATORS)}")
    if rule.period not in PERIODS:
        raise RuleError("period", f"choose one of {', '.join(PERIODS)}")
    if rule.kind == "threshold" and rule.value is None:
        raise RuleError("value", "a threshold rule needs a value")
    if rule.kind == "change":
        if rule.metric in LOYALTY_METRICS:
            raise RuleError("metric", "loyalty shares have threshold rules only")
        metric = next(m for m in METRICS if m.key == rule.metric)
        if metric.change_z is None:
            raise RuleError("metric", f"{rule.metric} has no sampling model: use a threshold rule")
    if rule.metric in LOYALTY_METRICS and rule.segment:
        raise RuleError("segment", "the loyalty map is computed over every customer")
    return rule


# The rules every installation starts with (domain.md sections 1, 3 and 4). They can be edited
# or switched off; installing again never brings back one that was changed or disabled.
BUILT_IN: tuple[Rule, ...] = (
    Rule(
        None,
        "CSAT below 60 %",
        "threshold",
        "csat",
        "<",
        60.0,
        "week",
        min_n=20,
        severity="warning",
        key="csat_below_60",
    ),
    Rule(
        None,
        "CSAT fell beyond noise",
        "change",
        "csat",
        "<",
        0.0,
        "week",
        min_n=20,
        severity="warning",
        key="csat_drop",
    ),
    Rule(
        None,
        "Churners above 5 % of customers",
        "threshold",
        "loyalty_churners",
        ">",
        5.0,
        "day",
        min_n=20,
        severity="warning",
        key="churners_above_5",
    ),
    Rule(
        None,
        "Wildcards above 80 % of customers",
        "threshold",
        "loyalty_wildcards",
        ">",
        80.0,
        "day",
        min_n=20,
        severity="warning",
        key="wildcards_above_80",
    ),
    Rule(
        None,
        "Ticket volume spike",
        "spike",
        SPIKE_METRIC,
        ">",
        None,
        "day",
        severity="critical",
        key="ticket_spike",
    ),
    Rule(
        None,
        "SLA at risk",
        "sla",
        "at_risk",
        ">",
        None,
        "day",
        severity="warning",
        key="sla_at_risk",
    ),
    Rule(
        None,
        "SLA breached",
        "sla",
        "breached",
        ">",
        None,
        "day",
        severity="critical",
        key="sla_breached",
    ),
)
