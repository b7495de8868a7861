"""SLA policies, business-hours calendars, ticket events and the policy each ticket keeps.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

from cxm.db.types import UTCDateTime

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sla_calendars",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("timezone", sa.String(64), nullable=False),
        sa.Column("hours", sa.Text(), nullable=False),
        sa.Column("holidays", sa.Text(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_sla_calendars"),
        sa.UniqueConstraint("name", name="uq_sla_calendars_name"),
    )
    op.create_table(
        "sla_policies",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("priority", sa.Text()),
        sa.Column("channel", sa.Text()),
        sa.Column("plan", sa.Text()),
        sa.Column("first_response_minutes", sa.Float()),
        sa.Column("resolution_minutes", sa.Float()),
        sa.Column("calendar_id", sa.Integer()),
        sa.Column("pause_statuses", sa.Text(), nullable=False),
        sa.Column("at_risk_share", sa.Float(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["calendar_id"], ["sla_calendars.id"], name="fk_sla_policies_calendar_id_sla_calendars"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_sla_policies"),
        sa.UniqueConstraint("name", name="uq_sla_policies_name"),
    )
    op.create_table(
        "ticket_events",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("ticket_id", sa.String(200), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("status", sa.Text()),
        sa.Column("recorded_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_ticket_events"),
    )
    op.create_index("ix_ticket_events_ticket_id", "ticket_events", ["ticket_id"])
    op.create_table(
        "ticket_slas",
        sa.Column("ticket_id", sa.String(200), nullable=False),
        sa.Column("policy_id", sa.Integer()),
        sa.Column("policy", sa.Text(), nullable=False),
        sa.Column("assigned_at", UTCDateTime(), nullable=False),
        sa.Column("override_by", sa.Text()),
        sa.Column("override_at", UTCDateTime()),
        sa.Column("watching", sa.Boolean(), nullable=False),
        sa.Column("checked_at", UTCDateTime()),
        sa.PrimaryKeyConstraint("ticket_id", name="pk_ticket_slas"),
    )
    op.create_index("ix_ticket_slas_watching", "ticket_slas", ["watching"])
    op.create_table(
        "sla_changes",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("ticket_id", sa.String(200), nullable=False),
        sa.Column("target", sa.String(16), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("recorded_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_sla_changes"),
        sa.UniqueConstraint("ticket_id", "target", "state", "round", name="uq_sla_changes_key"),
    )
    op.create_index("ix_sla_changes_ticket_id", "sla_changes", ["ticket_id"])


def downgrade() -> None:
    for table in ("sla_changes", "ticket_slas", "ticket_events", "sla_policies", "sla_calendars"):
        op.drop_table(table)
