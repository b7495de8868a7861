"""The system of record: customers, tickets, responses, revenue, spend.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

import uuid

import sqlalchemy as sa
from alembic import op

from cxm.db.types import UTCDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

ENTITIES = ("customers", "tickets", "responses", "revenue", "spend")


def _key(name: str) -> sa.Column:
    return sa.Column(name, sa.String(200), nullable=False)


def _tail() -> list:
    return [
        sa.Column("attributes", sa.Text()),
        sa.Column("revision", sa.BigInteger(), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "customers",
        _key("customer_id"),
        sa.Column("name", sa.Text()),
        sa.Column("email", sa.Text()),
        sa.Column("phone", sa.Text()),
        sa.Column("language", sa.String(35)),
        sa.Column("region", sa.Text()),
        sa.Column("plan", sa.Text()),
        sa.Column("signup_at", UTCDateTime(), nullable=False),
        sa.Column("churned_at", UTCDateTime()),
        *_tail(),
        sa.PrimaryKeyConstraint("customer_id", name="pk_customers"),
    )
    op.create_table(
        "tickets",
        _key("ticket_id"),
        sa.Column("customer_id", sa.String(200)),
        sa.Column("channel", sa.Text()),
        sa.Column("category", sa.Text()),
        sa.Column("priority", sa.Text()),
        sa.Column("status", sa.Text()),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("first_response_at", UTCDateTime()),
        sa.Column("resolved_at", UTCDateTime()),
        sa.Column("agent", sa.Text()),
        sa.Column("team", sa.Text()),
        sa.Column("agents_involved", sa.Integer()),
        *_tail(),
        sa.PrimaryKeyConstraint("ticket_id", name="pk_tickets"),
    )
    op.create_index("ix_tickets_customer_id", "tickets", ["customer_id"])
    op.create_index("ix_tickets_created_at", "tickets", ["created_at"])
    op.create_table(
        "responses",
        _key("response_id"),
        sa.Column("customer_id", sa.String(200)),
        sa.Column("ticket_id", sa.String(200)),
        sa.Column("survey", sa.String(16), nullable=False),
        sa.Column("scale", sa.String(16), nullable=False),
        sa.Column("orientation", sa.String(16), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("band", sa.SmallInteger(), nullable=False),
        sa.Column("comment", sa.Text()),
        sa.Column("stage", sa.Text()),
        sa.Column("channel", sa.Text()),
        sa.Column("language", sa.String(35)),
        sa.Column("answered_at", UTCDateTime(), nullable=False),
        *_tail(),
        sa.PrimaryKeyConstraint("response_id", name="pk_responses"),
    )
    op.create_index("ix_responses_customer_id", "responses", ["customer_id"])
    op.create_index("ix_responses_ticket_id", "responses", ["ticket_id"])
    op.create_index("ix_responses_answered_at", "responses", ["answered_at"])
    op.create_table(
        "revenue",
        _key("revenue_id"),
        sa.Column("customer_id", sa.String(200), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("amount", sa.Float(), nullable=False),
        *_tail(),
        sa.PrimaryKeyConstraint("revenue_id", name="pk_revenue"),
    )
    op.create_index("ix_revenue_customer_id", "revenue", ["customer_id"])
    op.create_index("ix_revenue_date", "revenue", ["date"])
    op.create_table(
        "spend",
        _key("spend_id"),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("amount", sa.Float(), nullable=False),
        sa.Column("channel", sa.Text()),
        *_tail(),
        sa.PrimaryKeyConstraint("spend_id", name="pk_spend"),
    )
    op.create_index("ix_spend_date", "spend", ["date"])
    for entity in ENTITIES:
        op.create_index(f"ix_{entity}_revision", entity, ["revision"])

    revisions = op.create_table(
        "data_revisions",
        sa.Column("entity", sa.String(32), nullable=False),
        sa.Column("revision", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("entity", name="pk_data_revisions"),
    )
    op.bulk_insert(revisions, [{"entity": e, "revision": 0} for e in ENTITIES])
    op.create_table(
        "tombstones",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("entity", sa.String(32), nullable=False),
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("revision", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_tombstones"),
    )
    op.create_index("ix_tombstones_revision", "tombstones", ["revision"])
    meta = op.create_table(
        "cxm_meta",
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_cxm_meta"),
    )
    # Identifies this database, so an analytics copy made from another one is never reused.
    op.bulk_insert(meta, [{"key": "instance_id", "value": uuid.uuid4().hex}])
    op.create_table(
        "import_runs",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("entity", sa.String(32), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("started_at", UTCDateTime(), nullable=False),
        sa.Column("finished_at", UTCDateTime()),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("rows_read", sa.BigInteger(), nullable=False),
        sa.Column("rows_inserted", sa.BigInteger(), nullable=False),
        sa.Column("rows_updated", sa.BigInteger(), nullable=False),
        sa.Column("rows_unchanged", sa.BigInteger(), nullable=False),
        sa.Column("rows_rejected", sa.BigInteger(), nullable=False),
        sa.Column("revision", sa.BigInteger()),
        sa.Column("message", sa.Text()),
        sa.PrimaryKeyConstraint("id", name="pk_import_runs"),
    )


def downgrade() -> None:
    for table in ("import_runs", "cxm_meta", "tombstones", "data_revisions", *reversed(ENTITIES)):
        op.drop_table(table)
