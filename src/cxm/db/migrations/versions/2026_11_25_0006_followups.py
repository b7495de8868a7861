"""Follow-up tasks for unhappy customers, with their notes.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

from cxm.db.types import UTCDateTime

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "followups",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("response_id", sa.String(200), nullable=False),
        sa.Column("customer_id", sa.String(200)),
        sa.Column("ticket_id", sa.String(200)),
        sa.Column("survey", sa.String(16), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("band", sa.SmallInteger(), nullable=False),
        sa.Column("reason", sa.String(32), nullable=False),
        sa.Column("vip", sa.Boolean(), nullable=False),
        sa.Column("agent", sa.Text()),
        sa.Column("team", sa.Text(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("answered_at", UTCDateTime(), nullable=False),
        sa.Column("opened_at", UTCDateTime(), nullable=False),
        sa.Column("due_at", UTCDateTime(), nullable=False),
        sa.Column("contacted_at", UTCDateTime()),
        sa.Column("resolved_at", UTCDateTime()),
        sa.Column("resolved_by", sa.Text()),
        sa.Column("root_cause", sa.String(64)),
        sa.Column("check_requested", sa.Boolean(), nullable=False),
        sa.Column("check_invitation_id", sa.Integer()),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_followups"),
        sa.UniqueConstraint("response_id", name="uq_followups_response_id"),
    )
    op.create_index("ix_followups_customer_id", "followups", ["customer_id"])
    op.create_index("ix_followups_status", "followups", ["status"])
    op.create_index("ix_followups_due_at", "followups", ["due_at"])
    op.create_table(
        "followup_notes",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("followup_id", sa.Integer(), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("author", sa.Text(), nullable=False),
        sa.Column("event", sa.String(16), nullable=False),
        sa.Column("text", sa.Text()),
        sa.ForeignKeyConstraint(
            ["followup_id"],
            ["followups.id"],
            name="fk_followup_notes_followup_id_followups",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_followup_notes"),
    )
    op.create_index("ix_followup_notes_followup_id", "followup_notes", ["followup_id"])


def downgrade() -> None:
    op.drop_index("ix_followup_notes_followup_id", table_name="followup_notes")
    op.drop_table("followup_notes")
    op.drop_index("ix_followups_due_at", table_name="followups")
    op.drop_index("ix_followups_status", table_name="followups")
    op.drop_index("ix_followups_customer_id", table_name="followups")
    op.drop_table("followups")
