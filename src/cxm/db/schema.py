"""Tables of the system of record (SQLAlchemy Core).

Every fact table carries `revision`: the value of its entity's counter in `data_revisions`
when the row last changed. The analytics copy pulls rows newer than the revision it has seen,
so it never rescans unchanged data. `attributes` holds the extra columns of an import (a JSON
object), usable as segments.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from cxm.db.types import UTCDateTime

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_name)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "pk": "pk_%(table_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
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
    Column("timezone", String(64)),
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
    # answers collected by cxm's own surveys
    Column("survey_id", Integer),
    Column("invitation_id", Integer),
    Column("checklist", Text),  # JSON list of the stable ids of the problems ticked (NPS+)
    Column("source", String(16)),  # import, survey, widget, api
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

# -- surveys, invitations, people --------------------------------------------------------

users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("email", String(320), nullable=False, unique=True),
    Column("name", Text),
    Column("role", String(16), nullable=False),  # admin, agent, viewer
    Column("password_hash", Text, nullable=False),
    Column("active", Boolean, nullable=False, default=True),
    Column("created_at", UTCDateTime, nullable=False),
)

api_keys = Table(
    "api_keys",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", Text, nullable=False),
    Column("prefix", String(16), nullable=False, unique=True),
    Column("key_hash", String(64), nullable=False),  # sha256 of the whole key
    Column("created_at", UTCDateTime, nullable=False),
    Column("last_used_at", UTCDateTime),
    Column("revoked_at", UTCDateTime),
)

surveys = Table(
    "surveys",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("key", String(64), nullable=False, unique=True),
    Column("name", Text, nullable=False),
    Column("kind", String(16), nullable=False),  # csat, nps, ces, rating
    Column("scale", String(16), nullable=False),
    Column("display", String(16), nullable=False),  # numbers, stars, faces
    Column("orientation", String(16), nullable=False),
    Column("default_language", String(35), nullable=False),
    Column("stage", Text),
    Column("touchpoint", Text),
    Column("checklist", Text),  # JSON list of problem ids (NPS+)
    Column("recontact_days", Integer),  # not the same person on this survey within N days
    Column("reminders", Integer, nullable=False, default=1),
    Column("reminder_days", Integer, nullable=False, default=3),
    Column("active", Boolean, nullable=False, default=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
)

survey_texts = Table(
    "survey_texts",
    metadata,
    Column("survey_id", Integer, ForeignKey("surveys.id", ondelete="CASCADE"), primary_key=True),
    Column("language", String(35), primary_key=True),
    Column("field", String(64), primary_key=True),
    Column("text", Text, nullable=False),
)

invitations = Table(
    "invitations",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("token_id", String(32), nullable=False, unique=True),
    Column("survey_id", Integer, ForeignKey("surveys.id"), nullable=False),
    Column("customer_id", String(200)),
    Column("ticket_id", String(200)),
    Column("channel", String(16), nullable=False),  # email, sms, link, widget
    Column("recipient", Text),
    Column("language", String(35)),
    # queued, sending, sent, failed, opened, answered, suppressed, expired
    Column("status", String(16), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("scheduled_at", UTCDateTime, nullable=False, index=True),
    Column("sent_at", UTCDateTime),
    Column("opened_at", UTCDateTime),
    Column("answered_at", UTCDateTime),
    Column("expires_at", UTCDateTime),
    Column("reminders_sent", Integer, nullable=False, default=0),
    Column("next_reminder_at", UTCDateTime, index=True),
    Column("response_id", String(200)),
    Column("claimed_until", UTCDateTime),
    Column("error", Text),
    Index("ix_invitations_customer_sent", "customer_id", "sent_at"),
)

invitation_events = Table(
    "invitation_events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("invitation_id", Integer, ForeignKey("invitations.id"), nullable=False, index=True),
    Column("at", UTCDateTime, nullable=False),
    Column("event", String(16), nullable=False),
    Column("detail", Text),
)

webhooks = Table(
    "webhooks",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("url", Text, nullable=False),
    Column("secret", Text, nullable=False),
    Column("active", Boolean, nullable=False, default=True),
    Column("created_at", UTCDateTime, nullable=False),
)

webhook_deliveries = Table(
    "webhook_deliveries",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("webhook_id", Integer, ForeignKey("webhooks.id"), nullable=False),
    Column("event", String(32), nullable=False),
    Column("payload", Text, nullable=False),
    Column("status", String(16), nullable=False),  # pending, delivered, failed
    Column("attempts", Integer, nullable=False, default=0),
    Column("next_attempt_at", UTCDateTime, index=True),
    Column("last_status", Integer),
    Column("last_error", Text),
    Column("created_at", UTCDateTime, nullable=False),
    Column("delivered_at", UTCDateTime),
)

report_runs = Table(
    "report_runs",
    metadata,
    Column("month", Date, primary_key=True),  # first day of the reported month
    Column("status", String(16), nullable=False),  # sending, sent, failed
    Column("recipients", Text, nullable=False),  # the addresses that have received it
    Column("attempts", Integer, nullable=False),
    Column("attempted_at", UTCDateTime, nullable=False),
    Column("sent_at", UTCDateTime),
    Column("error", Text),
)

FACT_TABLES: dict[str, Table] = {
    "customers": customers,
    "tickets": tickets,
    "responses": responses,
    "revenue": revenue,
    "spend": spend,
}


# -- SLA (migration 0004) ---------------------------------------------------------------------

sla_calendars = Table(
    "sla_calendars",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(100), nullable=False, unique=True),
    Column("timezone", String(64), nullable=False),
    Column("hours", Text, nullable=False),  # `24/7` or `mon-fri 09:00-17:00; ...`
    Column("holidays", Text, nullable=False),  # ISO dates separated by commas
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
)

sla_policies = Table(
    "sla_policies",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(100), nullable=False, unique=True),
    Column("position", Integer, nullable=False),  # order among equally specific policies
    Column("priority", Text),  # empty: any
    Column("channel", Text),
    Column("plan", Text),
    Column("first_response_minutes", Float),
    Column("resolution_minutes", Float),
    Column("calendar_id", Integer, ForeignKey("sla_calendars.id")),  # empty: 24/7 in UTC
    Column("pause_statuses", Text, nullable=False),  # separated by commas
    Column("at_risk_share", Float, nullable=False),
    Column("active", Boolean, nullable=False, default=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
)

# What happened to a ticket, for the SLA clocks: created, status, first_response, resolved,
# reopened (written by the API; imported tickets without events use their timestamps).
ticket_events = Table(
    "ticket_events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("ticket_id", String(200), nullable=False, index=True),
    Column("at", UTCDateTime, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("status", Text),
    Column("recorded_at", UTCDateTime, nullable=False),
)

# The policy each ticket keeps from when it opened (a JSON snapshot), or one set for it.
ticket_slas = Table(
    "ticket_slas",
    metadata,
    Column("ticket_id", String(200), primary_key=True),
    Column("policy_id", Integer),
    Column("policy", Text, nullable=False),
    Column("assigned_at", UTCDateTime, nullable=False),
    Column("override_by", Text),
    Column("override_at", UTCDateTime),
    Column("watching", Boolean, nullable=False, index=True),  # not resolved at the last check
    Column("checked_at", UTCDateTime),
)

# Each state a ticket's target reached (at_risk, breached, met), recorded once per round
# (a reopened ticket starts a new round), for alerts and anyone else to react to.
sla_changes = Table(
    "sla_changes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("ticket_id", String(200), nullable=False, index=True),
    Column("target", String(16), nullable=False),
    Column("state", String(16), nullable=False),
    Column("round", Integer, nullable=False),
    Column("at", UTCDateTime, nullable=False),
    Column("recorded_at", UTCDateTime, nullable=False),
    UniqueConstraint("ticket_id", "target", "state", "round", name="uq_sla_changes_key"),
)

# -- alerts (migration 0005) ------------------------------------------------------------------

# What to watch: a threshold or a change beyond noise on a metric and segment, a spike in
# ticket volume, or tickets at risk of missing (or past) their SLA. Built-in rules have a key.
alert_rules = Table(
    "alert_rules",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("key", String(64), unique=True),  # built-in rules only
    Column("name", Text, nullable=False),
    Column("kind", String(16), nullable=False),  # threshold, change, spike, sla
    Column("metric", String(64), nullable=False),
    Column("segment", Text),  # JSON object {dimension: [values]}
    Column("comparator", String(2), nullable=False),  # <, <=, >, >=
    Column("value", Float),
    Column("period", String(16), nullable=False),  # day, week, month (threshold, change)
    Column("min_n", Integer, nullable=False, default=0),
    Column("severity", String(16), nullable=False),  # info, warning, critical
    Column("recipients", Text, nullable=False, default=""),  # e-mail addresses, webhook URLs
    Column("active", Boolean, nullable=False, default=True),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    Column("checked_at", UTCDateTime),  # the last evaluation (claimed by one worker)
)

# What the rules found: one row per fingerprint (rule + segment + period, hour or ticket).
alerts = Table(
    "alerts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("rule_id", Integer, ForeignKey("alert_rules.id", ondelete="CASCADE"), nullable=False),
    Column("fingerprint", String(64), nullable=False, unique=True),
    Column("subject", Text, nullable=False),  # the period, hour or ticket it is about
    Column("severity", String(16), nullable=False),
    Column("state", String(16), nullable=False),  # open, resolved
    Column("summary", Text, nullable=False),
    Column("value", Float),
    Column("reference", Float),  # the threshold, previous value or usual level
    Column("details", Text, nullable=False),  # JSON: the numbers behind it
    Column("link", Text, nullable=False),  # path and query of the dashboard view
    Column("opened_at", UTCDateTime, nullable=False, index=True),
    Column("seen_at", UTCDateTime, nullable=False),
    Column("resolved_at", UTCDateTime),
    Index("ix_alerts_rule_state", "rule_id", "state"),
)

# One notification of an alert to one recipient; those due together go as one message.
alert_notifications = Table(
    "alert_notifications",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("alert_id", Integer, ForeignKey("alerts.id", ondelete="CASCADE"), nullable=False),
    Column("recipient", Text, nullable=False),
    Column("channel", String(16), nullable=False),  # email, webhook
    # pending, sending, sent, failed, unknown (a worker stopped while sending: never resent)
    Column("status", String(16), nullable=False),
    Column("due_at", UTCDateTime, nullable=False, index=True),
    Column("attempts", Integer, nullable=False, default=0),
    Column("batch", String(32), index=True),  # the message it went in
    Column("claimed_at", UTCDateTime),
    Column("sent_at", UTCDateTime),
    Column("error", Text),
    Index("ix_alert_notifications_alert_recipient", "alert_id", "recipient", unique=True),
)

# -- follow-ups (migration 0006) --------------------------------------------------------------

# One follow-up task per unhappy answer (closing the loop): who owns it, when it is due, where
# it stands. The answer's own fields are copied so the task reads the same if it is re-imported.
followups = Table(
    "followups",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("response_id", String(200), nullable=False, unique=True),
    Column("customer_id", String(200), index=True),
    Column("ticket_id", String(200)),
    Column("survey", String(16), nullable=False),
    Column("score", Integer, nullable=False),
    Column("band", SmallInteger, nullable=False),
    Column("reason", String(32), nullable=False),  # detractor, unsatisfied, high_effort ...
    Column("vip", Boolean, nullable=False),  # VIP support: a promoter not satisfied
    Column("agent", Text),  # the owner: the ticket's agent ...
    Column("team", Text, nullable=False),  # ... else this queue (the ticket's team or default)
    Column("status", String(16), nullable=False, index=True),  # open, contacted, resolved
    Column("answered_at", UTCDateTime, nullable=False),
    Column("opened_at", UTCDateTime, nullable=False),
    Column("due_at", UTCDateTime, nullable=False, index=True),
    Column("contacted_at", UTCDateTime),
    Column("resolved_at", UTCDateTime),
    Column("resolved_by", Text),
    Column("root_cause", String(64)),
    Column("check_requested", Boolean, nullable=False),  # "is your problem fixed?" asked for
    Column("check_invitation_id", Integer),  # the invitation of that question
    Column("updated_at", UTCDateTime, nullable=False),
)

followup_notes = Table(
    "followup_notes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column(
        "followup_id",
        Integer,
        ForeignKey("followups.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("at", UTCDateTime, nullable=False),
    Column("author", Text, nullable=False),
    Column("event", String(16), nullable=False),  # opened, note, contacted, resolved, reopened
    Column("text", Text),
)

# -- notices (migration 0007) -----------------------------------------------------------------

# A notice to customers about planned maintenance or an incident. `texts` is a JSON object
# {language: {"title": ..., "body": ...}}; `audience` a JSON object {key: [values]} of segment
# filters over customers ({} = everyone).
notices = Table(
    "notices",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(16), nullable=False),  # maintenance, incident
    Column("status", String(16), nullable=False),  # scheduled, in_progress, monitoring, resolved
    Column("default_language", String(35), nullable=False),
    Column("texts", Text, nullable=False),
    Column("audience", Text, nullable=False),
    Column("public", Boolean, nullable=False, default=True),
    Column("starts_at", UTCDateTime, nullable=False, index=True),
    Column("expected_end_at", UTCDateTime),
    Column("resolved_at", UTCDateTime),
    Column("reminder_queued_at", UTCDateTime),
    Column("created_by", Text),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
)

notice_updates = Table(
    "notice_updates",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column(
        "notice_id",
        Integer,
        ForeignKey("notices.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("status", String(16), nullable=False),  # the notice's status from this update on
    Column("texts", Text, nullable=False),  # JSON {language: text}
    Column("created_by", Text),
    Column("created_at", UTCDateTime, nullable=False),
)

# One e-mail per notice, stage and customer: the unique key keeps a stage from being queued
# (and so sent) twice. Stages: created, reminder, update-<id>, resolved.
notice_deliveries = Table(
    "notice_deliveries",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("notice_id", Integer, ForeignKey("notices.id", ondelete="CASCADE"), nullable=False),
    Column("stage", String(32), nullable=False),
    Column("customer_id", String(200), nullable=False),
    Column("recipient", Text, nullable=False),
    Column("language", String(35), nullable=False),
    Column("status", String(16), nullable=False),  # queued, sending, sent, failed
    Column("attempts", Integer, nullable=False, default=0),
    Column("next_attempt_at", UTCDateTime, nullable=False),
    Column("claimed_until", UTCDateTime),
    Column("created_at", UTCDateTime, nullable=False),
    Column("sent_at", UTCDateTime),
    Column("error", Text),
    UniqueConstraint("notice_id", "stage", "customer_id", name="uq_notice_deliveries_key"),
    Index("ix_notice_deliveries_due", "status", "next_attempt_at"),
)
