"""Surveys, invitations, users, API keys, webhooks; survey fields on responses; customer zone.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

from cxm.db.types import UTCDateTime

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("customers") as t:
        t.add_column(sa.Column("timezone", sa.String(64)))
    with op.batch_alter_table("responses") as t:
        t.add_column(sa.Column("survey_id", sa.Integer()))
        t.add_column(sa.Column("invitation_id", sa.Integer()))
        t.add_column(sa.Column("checklist", sa.Text()))
        t.add_column(sa.Column("source", sa.String(16)))
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("email", sa.String(320), nullable=False),
        sa.Column("name", sa.Text()),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("password_hash", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_users"),
        sa.UniqueConstraint("email", name="uq_users_email"),
    )
    op.create_table(
        "api_keys",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("prefix", sa.String(16), nullable=False),
        sa.Column("key_hash", sa.String(64), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("last_used_at", UTCDateTime()),
        sa.Column("revoked_at", UTCDateTime()),
        sa.PrimaryKeyConstraint("id", name="pk_api_keys"),
        sa.UniqueConstraint("prefix", name="uq_api_keys_prefix"),
    )
    op.create_table(
        "surveys",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("scale", sa.String(16), nullable=False),
        sa.Column("display", sa.String(16), nullable=False),
        sa.Column("orientation", sa.String(16), nullable=False),
        sa.Column("default_language", sa.String(35), nullable=False),
        sa.Column("stage", sa.Text()),
        sa.Column("touchpoint", sa.Text()),
        sa.Column("checklist", sa.Text()),
        sa.Column("recontact_days", sa.Integer()),
        sa.Column("reminders", sa.Integer(), nullable=False),
        sa.Column("reminder_days", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_surveys"),
        sa.UniqueConstraint("key", name="uq_surveys_key"),
    )
    op.create_table(
        "survey_texts",
        sa.Column("survey_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(35), nullable=False),
        sa.Column("field", sa.String(64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["survey_id"],
            ["surveys.id"],
            name="fk_survey_texts_survey_id_surveys",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("survey_id", "language", "field", name="pk_survey_texts"),
    )
    op.create_table(
        "invitations",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("token_id", sa.String(32), nullable=False),
        sa.Column("survey_id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.String(200)),
        sa.Column("ticket_id", sa.String(200)),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("recipient", sa.Text()),
        sa.Column("language", sa.String(35)),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("scheduled_at", UTCDateTime(), nullable=False),
        sa.Column("sent_at", UTCDateTime()),
        sa.Column("opened_at", UTCDateTime()),
        sa.Column("answered_at", UTCDateTime()),
        sa.Column("expires_at", UTCDateTime()),
        sa.Column("reminders_sent", sa.Integer(), nullable=False),
        sa.Column("next_reminder_at", UTCDateTime()),
        sa.Column("response_id", sa.String(200)),
        sa.Column("claimed_until", UTCDateTime()),
        sa.Column("error", sa.Text()),
        sa.ForeignKeyConstraint(
            ["survey_id"], ["surveys.id"], name="fk_invitations_survey_id_surveys"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_invitations"),
        sa.UniqueConstraint("token_id", name="uq_invitations_token_id"),
    )
    op.create_index("ix_invitations_scheduled_at", "invitations", ["scheduled_at"])
    op.create_index("ix_invitations_next_reminder_at", "invitations", ["next_reminder_at"])
    op.create_index("ix_invitations_customer_sent", "invitations", ["customer_id", "sent_at"])
    op.create_table(
        "invitation_events",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("invitation_id", sa.Integer(), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("event", sa.String(16), nullable=False),
        sa.Column("detail", sa.Text()),
        sa.ForeignKeyConstraint(
            ["invitation_id"],
            ["invitations.id"],
            name="fk_invitation_events_invitation_id_invitations",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_invitation_events"),
    )
    op.create_index("ix_invitation_events_invitation_id", "invitation_events", ["invitation_id"])
    op.create_table(
        "webhooks",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("secret", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_webhooks"),
    )
    op.create_table(
        "webhook_deliveries",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("webhook_id", sa.Integer(), nullable=False),
        sa.Column("event", sa.String(32), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", UTCDateTime()),
        sa.Column("last_status", sa.Integer()),
        sa.Column("last_error", sa.Text()),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("delivered_at", UTCDateTime()),
        sa.ForeignKeyConstraint(
            ["webhook_id"], ["webhooks.id"], name="fk_webhook_deliveries_webhook_id_webhooks"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_webhook_deliveries"),
    )
    op.create_index(
        "ix_webhook_deliveries_next_attempt_at", "webhook_deliveries", ["next_attempt_at"]
    )


def downgrade() -> None:
    for table in (
        "webhook_deliveries",
        "webhooks",
        "invitation_events",
        "invitations",
        "survey_texts",
        "surveys",
        "api_keys",
        "users",
    ):
        op.drop_table(table)
    with op.batch_alter_table("responses") as t:
        for column in ("source", "checklist", "invitation_id", "survey_id"):
            t.drop_column(column)
    with op.batch_alter_table("customers") as t:
        t.drop_column("timezone")
