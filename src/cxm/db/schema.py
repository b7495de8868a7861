"""Tables of the system of record (SQLAlchemy Core).

Every fact table carries `revision`: the value of its entity's counter in `data_revisions`
when the row last changed. The analytics copy pulls rows newer than the revision it has seen,
so it never rescans unchanged data. `attributes` holds the extra columns of an import (a JSON
object), usable as segments.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    Date,
    Float,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Table,
    Text,
)

from cxm.db.types import UTCDateTime

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_name)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "pk": "pk_%(table_name)s",
    }
)


def _revision() -> Column[int]:
    return Column("revision", BigInteger, nullable=False, index=True)


customers = Table(
    "customers",
    metadata,
    Column("customer_id", String(200), primary_key=True),
    Column("name", Text),
    Column("email", Text),
    Column("phone", Text),
    Column("language", String(35)),
    Column("region", Text),
    Column("plan", Text),
    Column("signup_at", UTCDateTime, nullable=False),
    Column("churned_at", UTCDateTime),
    Column("attributes", Text),
    _revision(),
)

tickets = Table(
    "tickets",
    metadata,
    Column("ticket_id", String(200), primary_key=True),
    Column("customer_id", String(200), index=True),
    Column("channel", Text),
    Column("category", Text),
    Column("priority", Text),
    Column("status", Text),
    Column("created_at", UTCDateTime, nullable=False, index=True),
    Column("first_response_at", UTCDateTime),
    Column("resolved_at", UTCDateTime),
    Column("agent", Text),
    Column("team", Text),
    Column("agents_involved", Integer),
    Column("attributes", Text),
    _revision(),
)

responses = Table(
    "responses",
    metadata,
    Column("response_id", String(200), primary_key=True),
    Column("customer_id", String(200), index=True),
    Column("ticket_id", String(200), index=True),
    Column("survey", String(16), nullable=False),
    Column("scale", String(16), nullable=False),
    Column("orientation", String(16), nullable=False),
    Column("score", Integer, nullable=False),
    # +1 satisfied / easy / promoter, 0 neutral / passive, -1 unsatisfied / hard / detractor,
    # fixed when the answer is stored so it keeps its meaning if a survey's scale changes.
    Column("band", SmallInteger, nullable=False),
    Column("comment", Text),
    Column("stage", Text),
    Column("channel", Text),
    Column("language", String(35)),
    Column("answered_at", UTCDateTime, nullable=False, index=True),
    Column("attributes", Text),
    _revision(),
)

revenue = Table(
    "revenue",
    metadata,
    Column("revenue_id", String(200), primary_key=True),
    Column("customer_id", String(200), nullable=False, index=True),
    Column("date", Date, nullable=False, index=True),
    Column("amount", Float, nullable=False),
    Column("attributes", Text),
    _revision(),
)

spend = Table(
    "spend",
    metadata,
    Column("spend_id", String(200), primary_key=True),
    Column("date", Date, nullable=False, index=True),
    Column("amount", Float, nullable=False),
    Column("channel", Text),
    Column("attributes", Text),
    _revision(),
)

data_revisions = Table(
    "data_revisions",
    metadata,
    Column("entity", String(32), primary_key=True),
    Column("revision", BigInteger, nullable=False),
)

# Keys removed from a fact table, so the analytics copy can drop them too.
tombstones = Table(
    "tombstones",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("entity", String(32), nullable=False),
    Column("key", String(200), nullable=False),
    Column("revision", BigInteger, nullable=False, index=True),
)

cxm_meta = Table(
    "cxm_meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

import_runs = Table(
    "import_runs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("entity", String(32), nullable=False),
    Column("source", Text, nullable=False),
    Column("started_at", UTCDateTime, nullable=False),
    Column("finished_at", UTCDateTime),
    Column("status", String(16), nullable=False),
    Column("rows_read", BigInteger, nullable=False, default=0),
    Column("rows_inserted", BigInteger, nullable=False, default=0),
    Column("rows_updated", BigInteger, nullable=False, default=0),
    Column("rows_unchanged", BigInteger, nullable=False, default=0),
    Column("rows_rejected", BigInteger, nullable=False, default=0),
    Column("revision", BigInteger),
    Column("message", Text),
)

FACT_TABLES: dict[str, Table] = {
    "customers": customers,
    "tickets": tickets,
    "responses": responses,
    "revenue": revenue,
    "spend": spend,
}
