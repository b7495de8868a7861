"""The canonical columns of each importable entity and the rules a row must follow."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from cxm.surveys.scales import ORIENTABLE, SCALES, SCALES_OF, Orientation, SurveyKind


class Kind(StrEnum):
    ID = "id"  # text key, trimmed, never empty
    TEXT = "text"  # trimmed text
    RAW = "raw"  # text kept exactly as written (comments)
    LOWER = "lower"  # trimmed, lower-cased label (channel, status ...)
    LANGUAGE = "language"  # BCP 47 language tag, lower-cased (km, th, vi, en, pt-br ...)
    EMAIL = "email"
    TIMEZONE = "timezone"  # IANA time zone name
    TIMESTAMP = "timestamp"
    DATE = "date"
    INT = "int"
    NUMBER = "number"
    CHOICE = "choice"


@dataclass(frozen=True)
class Column:
    name: str
    kind: Kind
    required: bool = False
    choices: tuple[str, ...] = ()
    minimum: float | None = None
    default: str | None = None


@dataclass(frozen=True)
class Check:
    """A rule across columns, as an SQL condition on typed values that must hold."""

    column: str
    condition: str
    reason: str  # an SQL string expression


@dataclass(frozen=True)
class Entity:
    name: str
    key: str
    columns: tuple[Column, ...]
    checks: tuple[Check, ...] = ()
    # Without a key column in the file, rows are keyed by these columns plus their
    # occurrence number, so the same file imports to the same keys every time.
    natural_key: tuple[str, ...] = ()

    def column(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.name == name), None)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


def _after(later: str, earlier: str, what: str) -> Check:
    return Check(
        later,
        f"{later} IS NULL OR {earlier} IS NULL OR {later} >= {earlier}",
        f"'{what} (' || strftime({later}, '%Y-%m-%dT%H:%M:%SZ') || ' is before ' || "
        f"strftime({earlier}, '%Y-%m-%dT%H:%M:%SZ') || ')'",
    )


CUSTOMERS = Entity(
    name="customers",
    key="customer_id",
    columns=(
        Column("customer_id", Kind.ID, required=True),
        Column("name", Kind.TEXT),
        Column("email", Kind.EMAIL),
        Column("phone", Kind.TEXT),
        Column("language", Kind.LANGUAGE),
        Column("region", Kind.TEXT),
        Column("plan", Kind.TEXT),
        Column("signup_at", Kind.TIMESTAMP, required=True),
        Column("churned_at", Kind.TIMESTAMP),
        Column("timezone", Kind.TIMEZONE),
    ),
    checks=(_after("churned_at", "signup_at", "churned before signing up"),),
)

TICKETS = Entity(
    name="tickets",
    key="ticket_id",
    columns=(
        Column("ticket_id", Kind.ID, required=True),
        Column("customer_id", Kind.TEXT),
        Column("channel", Kind.LOWER),
        Column("category", Kind.TEXT),
        Column("priority", Kind.LOWER),
        Column("status", Kind.LOWER),
        Column("created_at", Kind.TIMESTAMP, required=True),
        Column("first_response_at", Kind.TIMESTAMP),
        Column("resolved_at", Kind.TIMESTAMP),
        Column("agent", Kind.TEXT),
        Column("team", Kind.TEXT),
        Column("agents_involved", Kind.INT, minimum=0),
    ),
    checks=(
        _after("first_response_at", "created_at", "first response before the ticket was created"),
        _after("resolved_at", "created_at", "resolved before created"),
    ),
)

_SCALE_RULES = " OR ".join(
    f"(survey = '{kind}' AND scale IN ({', '.join(repr(s) for s in scales)}))"
    for kind, scales in SCALES_OF.items()
)
_RANGE_RULES = " OR ".join(
    f"(scale = '{s.name}' AND score BETWEEN {s.low} AND {s.high})" for s in SCALES.values()
)
_RANGE_TEXT = " ".join(f"WHEN '{s.name}' THEN '{s.low}..{s.high}'" for s in SCALES.values())

RESPONSES = Entity(
    name="responses",
    key="response_id",
    columns=(
        Column("response_id", Kind.ID, required=True),
        Column("customer_id", Kind.TEXT),
        Column("ticket_id", Kind.TEXT),
        Column("survey", Kind.CHOICE, required=True, choices=tuple(SurveyKind)),
        Column("scale", Kind.CHOICE, required=True, choices=tuple(SCALES)),
        Column("score", Kind.INT, required=True),
        Column(
            "orientation",
            Kind.CHOICE,
            choices=tuple(Orientation),
            default=Orientation.HIGH_IS_GOOD.value,
        ),
        Column("comment", Kind.RAW),
        Column("stage", Kind.LOWER),
        Column("channel", Kind.LOWER),
        Column("language", Kind.LANGUAGE),
        Column("answered_at", Kind.TIMESTAMP, required=True),
    ),
    checks=(
        Check(
            "scale",
            f"survey IS NULL OR scale IS NULL OR {_SCALE_RULES}",
            "'scale ' || scale || ' is not a ' || upper(survey) || ' scale'",
        ),
        Check(
            "score",
            f"scale IS NULL OR score IS NULL OR {_RANGE_RULES}",
            f"'score ' || score || ' is out of range for scale ' || scale || ' (' || "
            f"(CASE scale {_RANGE_TEXT} END) || ')'",
        ),
        Check(
            "orientation",
            f"orientation = '{Orientation.HIGH_IS_GOOD}' OR survey IN "
            f"({', '.join(repr(k.value) for k in ORIENTABLE)})",
            "'high_is_bad applies only to CES questions'",
        ),
    ),
)

REVENUE = Entity(
    name="revenue",
    key="revenue_id",
    columns=(
        Column("revenue_id", Kind.ID),
        Column("customer_id", Kind.ID, required=True),
        Column("date", Kind.DATE, required=True),
        Column("amount", Kind.NUMBER, required=True),
    ),
    natural_key=("customer_id", "date"),
)

SPEND = Entity(
    name="spend",
    key="spend_id",
    columns=(
        Column("spend_id", Kind.ID),
        Column("date", Kind.DATE, required=True),
        Column("amount", Kind.NUMBER, required=True, minimum=0),
        Column("channel", Kind.LOWER),
    ),
    natural_key=("date", "channel"),
)

ENTITIES: dict[str, Entity] = {e.name: e for e in (CUSTOMERS, TICKETS, RESPONSES, REVENUE, SPEND)}
