"""Segments: how a dimension such as channel, region or an imported attribute applies to
each source table.

A dimension is read from the table's own column, else from its imported attributes, else -
for survey answers given about a ticket - from the ticket's (so CSAT splits by agent and
team), else - for tables that point to a customer - from the customer's column or
attributes. A table the dimension cannot apply to has no value for it, and its metrics are
left empty in a split.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from cxm.metrics.definitions import Source
from cxm.metrics.quantiles import bucket_column

# Columns that are not segments: free text, personal data, times and derived values.
NOT_SEGMENTS = frozenset(
    {
        "name",
        "email",
        "phone",
        "comment",
        "checklist",
        # keys of single rows split nothing
        "response_id",
        "ticket_id",
        "revenue_id",
        "spend_id",
        "invitation_id",
        "attributes",
        "amount",
        "score",
        "signup_at",
        "churned_at",
        "created_at",
        "first_response_at",
        "resolved_at",
        "answered_at",
        "date",
        "signup_day",
        "churn_day",
        "created_day",
        "answered_day",
        "first_response_s",
        "resolution_s",
        bucket_column("first_response_s"),
        bucket_column("resolution_s"),
    }
)
HAS_CUSTOMER = frozenset({Source.RESPONSES, Source.TICKETS, Source.REVENUE})
HAS_TICKET = frozenset({Source.RESPONSES})


class UnknownSegment(ValueError):
    """The dimension exists in no table and in no imported attribute."""


@dataclass(frozen=True)
class SegmentSql:
    expr: str  # SQL of the segment value, over alias t (the table), k (its ticket), c (customer)
    joins: str | None = None  # "ticket" or "customer" when the value comes through a join

    @staticmethod
    def column(name: str, alias: str) -> str:
        """SQL of a segment that is a column of the table `alias` stands for."""
        return f'CAST({alias}."{name}" AS VARCHAR)'


class Segments:
    """What the analytics copy knows about columns and imported attributes."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.columns: dict[str, set[str]] = {}
        for table, column in con.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = 'main'"
        ).fetchall():
            if column not in NOT_SEGMENTS:
                self.columns.setdefault(table, set()).add(column)
        self.attributes: dict[str, set[str]] = {}
        for entity, key in con.execute("SELECT entity, key FROM attribute_keys").fetchall():
            self.attributes.setdefault(entity, set()).add(key)

    def available(self) -> list[str]:
        """Every dimension some table can be split by."""
        names: set[str] = set()
        for source in Source:
            names |= self.columns.get(source.value, set()) | self.attributes.get(
                source.value, set()
            )
        return sorted(names)

    def resolve(self, dimension: str, source: Source) -> SegmentSql | None:
        """The SQL of `dimension` for rows of `source`, or None when it does not apply."""
        own = self._on(dimension, source.value, "t")
        if own is not None:
            return SegmentSql(own)
        if source in HAS_TICKET:
            via = self._on(dimension, "tickets", "k")
            if via is not None:
                return SegmentSql(via, joins="ticket")
        if source in HAS_CUSTOMER:
            via = self._on(dimension, "customers", "c")
            if via is not None:
                return SegmentSql(via, joins="customer")
        return None

    def check(self, dimension: str) -> None:
        """Refuse a dimension no table has."""
        if not any(self.resolve(dimension, s) for s in Source):
            raise UnknownSegment(
                f"unknown segment {dimension!r}: choose one of {', '.join(self.available())}"
            )

    def _on(self, dimension: str, table: str, alias: str) -> str | None:
        if dimension in self.columns.get(table, set()):
            return SegmentSql.column(dimension, alias)
        if dimension in self.attributes.get(table, set()):
            path = '$."' + dimension.replace('"', '\\"') + '"'
            return (
                f"json_extract_string({alias}.attributes, '{path.replace(chr(39), chr(39) * 2)}')"
            )
        return None
