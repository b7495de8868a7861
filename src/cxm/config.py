"""Settings, read once from the environment (variables named CXM_*).

Every setting is declared here once, with its help text; `docs/configuration.md` lists them
all and a test keeps the two in step.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from cxm.i18n.catalogue import LANGUAGES

DEV_SECRET = "development-only-secret-key"
MIN_SECRET_LENGTH = 32


class ConfigError(ValueError):
    """A setting has a value cxm cannot use."""


def setting(env: str, default: Any, help: str) -> Any:
    return field(default=default, metadata={"env": env, "help": help})


@dataclass(frozen=True)
class Settings:
    database_url: str = setting(
        "CXM_DATABASE_URL",
        "sqlite:///cxm.db",
        "Where the system of record lives, as an SQLAlchemy-style URL: `sqlite:///path.db` "
        "(default, a file in the working directory) or `postgresql://user:pass@host/db`.",
    )
    timezone: str = setting(
        "CXM_TIMEZONE",
        "UTC",
        "IANA time zone of the reports: days, weeks and months begin at midnight there. "
        "Timestamps are always stored in UTC.",
    )
    analytics_path: str = setting(
        "CXM_ANALYTICS_PATH",
        "",
        "File of the columnar analytics copy (DuckDB) the metrics are computed on. Default: "
        "beside an SQLite database (`cxm.db` -> `cxm.analytics.duckdb`), else "
        "`cxm-analytics.duckdb` in the working directory. It is rebuilt from the database "
        "whenever needed and can be deleted at any time.",
    )
    auto_migrate: bool = setting(
        "CXM_AUTO_MIGRATE",
        True,
        "Bring the database schema up to date automatically when a command starts. Set to "
        "`false` to run `cxm db upgrade` yourself.",
    )
    import_memory_limit: str = setting(
        "CXM_IMPORT_MEMORY_LIMIT",
        "1GB",
        "Memory the import and analytics engine may use before spilling to disk.",
    )
    loyalty_window_days: int = setting(
        "CXM_LOYALTY_WINDOW_DAYS",
        180,
        "Loyalty map: days of CSAT answers that decide whether a customer is satisfied.",
    )
    loyalty_promoter_min: int = setting(
        "CXM_LOYALTY_PROMOTER_MIN",
        9,
        "Loyalty map: lowest NPS score (0-10) that makes a customer a promoter.",
    )
    loyalty_satisfied_share: float = setting(
        "CXM_LOYALTY_SATISFIED_SHARE",
        50.0,
        "Loyalty map: a customer is satisfied when at least this percentage of their CSAT "
        "answers in the window are satisfied ones.",
    )

    base_url: str = setting(
        "CXM_BASE_URL",
        "http://localhost:8000",
        "Public address of the server, used in the links sent to customers.",
    )
    company_name: str = setting(
        "CXM_COMPANY_NAME",
        "Example Hosting",
        "Name of the company as customers know it, used in survey questions and e-mails.",
    )
    env: str = setting(
        "CXM_ENV",
        "development",
        "`production` makes the server refuse to start with a default or short secret key.",
    )
    secret_key: str = setting(
        "CXM_SECRET_KEY",
        DEV_SECRET,
        "Key that signs survey links, sessions and form tokens: a long random string (at "
        "least 32 characters) in production. Changing it invalidates every link sent.",
    )
    smtp_host: str = setting("CXM_SMTP_HOST", "", "SMTP server that sends survey e-mails.")
    smtp_port: int = setting("CXM_SMTP_PORT", 587, "Port of the SMTP server.")
    smtp_user: str = setting("CXM_SMTP_USER", "", "SMTP user name (empty: no login).")
    smtp_password: str = setting("CXM_SMTP_PASSWORD", "", "SMTP password.")
    smtp_tls: str = setting(
        "CXM_SMTP_TLS",
        "starttls",
        "`starttls`, `ssl` (implicit TLS, usually port 465) or `none` (a relay on localhost).",
    )
    smtp_sender: str = setting(
        "CXM_SMTP_SENDER",
        "cxm@localhost",
        "From address of survey e-mails, e.g. `Support <support@example.com>`.",
    )
    sms_url: str = setting(
        "CXM_SMS_URL",
        "",
        "HTTP endpoint of the SMS provider: cxm POSTs JSON {to, text, reference} to it.",
    )
    sms_key: str = setting(
        "CXM_SMS_KEY", "", "Key sent to the SMS provider as `Authorization: Bearer KEY`."
    )
    invitation_days: int = setting(
        "CXM_INVITATION_DAYS", 30, "Days a survey link stays valid after it is sent."
    )
    edit_minutes: int = setting(
        "CXM_EDIT_MINUTES",
        60,
        "Minutes after answering during which the same link can change the answer.",
    )
    csat_delay_minutes: int = setting(
        "CXM_CSAT_DELAY_MINUTES",
        0,
        "Minutes after a ticket is resolved before its CSAT/CES survey is sent (0: at once).",
    )
    nps_first_days: int = setting(
        "CXM_NPS_FIRST_DAYS", 3, "Days after signing up before a customer's first NPS survey."
    )
    nps_every_days: int = setting(
        "CXM_NPS_EVERY_DAYS", 180, "Days between a customer's NPS surveys after the first."
    )
    contact_days: int = setting(
        "CXM_CONTACT_DAYS",
        7,
        "At most one survey per person in this many days, over every survey and channel.",
    )
    quiet_hours: str = setting(
        "CXM_QUIET_HOURS",
        "21:00-08:00",
        "Local hours of the customer in which no survey or reminder is sent (empty: none).",
    )
    report_recipients: str = setting(
        "CXM_REPORT_RECIPIENTS",
        "",
        "Comma-separated e-mail addresses that receive the monthly report (through the SMTP "
        "server above) every month. Empty: no report is sent.",
    )
    report_day: int = setting(
        "CXM_REPORT_DAY",
        1,
        "Day of the month (1-31; the last day in shorter months) on which last month's "
        "report is sent.",
    )
    report_hour: int = setting(
        "CXM_REPORT_HOUR",
        7,
        "Hour (0-23, in `CXM_TIMEZONE`) from which the monthly report is sent on that day.",
    )
    report_formats: str = setting(
        "CXM_REPORT_FORMATS",
        "pdf,xlsx",
        "Files attached to the monthly report e-mail: any of `pdf`, `xlsx`, `html`.",
    )
    report_language: str = setting(
        "CXM_REPORT_LANGUAGE",
        "en",
        "Language of the monthly report e-mail and its files: `en`, `km`, `th` or `vi`.",
    )
    widget_secret: str = setting(
        "CXM_WIDGET_SECRET",
        "",
        "Key your website uses to vouch for a signed-in visitor of the widget: "
        "`data-signature` = hex HMAC-SHA256 of the customer id with this key. Without it, "
        "widget answers are anonymous.",
    )
    widget_origins: str = setting(
        "CXM_WIDGET_ORIGINS",
        "",
        "Comma-separated web origins allowed to embed the survey widget "
        "(e.g. `https://www.example.com`).",
    )
    alert_recipients: str = setting(
        "CXM_ALERT_RECIPIENTS",
        "",
        "Alerts: e-mail addresses and webhook URLs (Slack-compatible JSON), comma-separated, "
        "notified of alerts whose rule names no recipients of its own.",
    )
    alert_quiet_hours: str = setting(
        "CXM_ALERT_QUIET_HOURS",
        "22:00-07:00",
        "Alerts: local hours (in `CXM_TIMEZONE`) in which only critical alerts are sent; the "
        "others wait for the end of the quiet hours (empty: none).",
    )
    alert_check_minutes: int = setting(
        "CXM_ALERT_CHECK_MINUTES",
        5,
        "Alerts: minutes between two checks of each rule by the worker.",
    )
    alert_spike_weeks: int = setting(
        "CXM_ALERT_SPIKE_WEEKS",
        8,
        "Alerts: weeks of the same weekday and hour that give the usual ticket count a spike "
        "is measured against (at least 4).",
    )
    alert_spike_min_tickets: int = setting(
        "CXM_ALERT_SPIKE_MIN_TICKETS",
        10,
        "Alerts: fewest tickets in an hour that can be a spike, however quiet that hour "
        "usually is.",
    )

    notice_lead_hours: int = setting(
        "CXM_NOTICE_LEAD_HOURS",
        24,
        "Notices: hours before a planned maintenance starts at which its customers are "
        "reminded of it (0: no reminder). A notice published later than that gets none.",
    )
    notice_recent_days: int = setting(
        "CXM_NOTICE_RECENT_DAYS",
        7,
        "Notices: days a resolved notice stays listed on the public status page (`/status`).",
    )
    followup_due_hours: str = setting(
        "CXM_FOLLOWUP_DUE_HOURS",
        "detractor=24,unsatisfied=24,high_effort=24,negative_comment=48,not_fixed=8",
        "Follow-up policy: hours after an unhappy answer within which its follow-up task is "
        "due, per reason (`detractor`, `unsatisfied`, `high_effort`, `negative_comment`, "
        "`not_fixed`). A reason left out is not followed up.",
    )
    followup_vip_hours: int = setting(
        "CXM_FOLLOWUP_VIP_HOURS",
        4,
        "Follow-up policy: hours within which a task of a VIP-support customer (a promoter "
        "who is not satisfied) is due, when shorter than its reason's; they are listed first.",
    )
    followup_queue: str = setting(
        "CXM_FOLLOWUP_QUEUE",
        "support",
        "Team queue that owns a follow-up task when its answer is about no ticket or the "
        "ticket has no team.",
    )
    followup_root_causes: str = setting(
        "CXM_FOLLOWUP_ROOT_CAUSES",
        "product_defect,outage,slow_response,agent_knowledge,billing,policy,"
        "customer_education,other",
        "Comma-separated root causes one of which closes a follow-up task.",
    )
    followup_max_age_days: int = setting(
        "CXM_FOLLOWUP_MAX_AGE_DAYS",
        14,
        "Answers given more than this many days before they reach cxm (an import of past "
        "data) open no follow-up task.",
    )

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        """Read every setting from the environment, checking each value."""
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = env.get(f.metadata["env"])
            if raw is None or raw == "":
                continue
            values[f.name] = _parse(f.metadata["env"], raw, type(f.default))
        settings = cls(**values)
        _ = settings.zone  # refuses an unknown time zone now rather than mid-command
        if settings.env not in ("development", "production"):
            raise ConfigError(f"CXM_ENV={settings.env!r}: expected development or production")
        if settings.smtp_tls not in ("starttls", "ssl", "none"):
            raise ConfigError(f"CXM_SMTP_TLS={settings.smtp_tls!r}: expected starttls, ssl or none")
        _check_report(settings)
        _check_alerts(settings)
        _check_followups(settings)
        return settings

    def check_production(self) -> None:
        """Refuse settings that are unsafe for a server facing the world."""
        if self.env == "production" and (
            self.secret_key == DEV_SECRET or len(self.secret_key) < MIN_SECRET_LENGTH
        ):
            raise ConfigError(
                "CXM_SECRET_KEY must be set to a random string of at least "
                f"{MIN_SECRET_LENGTH} characters in production (e.g. `openssl rand -hex 32`)"
            )

    @property
    def report_recipient_list(self) -> tuple[str, ...]:
        return tuple(a.strip() for a in self.report_recipients.split(",") if a.strip())

    @property
    def report_format_list(self) -> tuple[str, ...]:
        return tuple(f.strip().lower() for f in self.report_formats.split(",") if f.strip())

    @property
    def allowed_origins(self) -> tuple[str, ...]:
        return tuple(o.strip().rstrip("/") for o in self.widget_origins.split(",") if o.strip())

    @property
    def zone(self) -> ZoneInfo:
        try:
            return ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ConfigError(
                f"CXM_TIMEZONE={self.timezone!r} is not an IANA time zone (e.g. Asia/Bangkok)"
            ) from exc

    @property
    def analytics_file(self) -> Path:
        if self.analytics_path:
            return Path(self.analytics_path)
        prefix = "sqlite:///"
        if self.database_url.startswith(prefix) and self.database_url != prefix + ":memory:":
            db = Path(self.database_url[len(prefix) :].split("?")[0])
            return db.with_name(db.stem + ".analytics.duckdb")
        return Path("cxm-analytics.duckdb")


REPORT_FORMATS = ("pdf", "xlsx", "html")  # those of cxm.reports.render, which is heavy to import


def _check_report(s: Settings) -> None:
    """Refuse a monthly report schedule that could never be sent as configured."""
    if not 1 <= s.report_day <= 31:
        raise ConfigError(f"CXM_REPORT_DAY={s.report_day}: expected a day of the month, 1-31")
    if not 0 <= s.report_hour <= 23:
        raise ConfigError(f"CXM_REPORT_HOUR={s.report_hour}: expected an hour, 0-23")
    unknown = [f for f in s.report_format_list if f not in REPORT_FORMATS]
    if unknown or not s.report_format_list:
        raise ConfigError(
            f"CXM_REPORT_FORMATS={s.report_formats!r}: expected some of {', '.join(REPORT_FORMATS)}"
        )
    if s.report_language not in LANGUAGES:
        raise ConfigError(
            f"CXM_REPORT_LANGUAGE={s.report_language!r}: expected one of {', '.join(LANGUAGES)}"
        )
    for address in s.report_recipient_list:
        if "@" not in address or any(c.isspace() for c in address):
            raise ConfigError(f"CXM_REPORT_RECIPIENTS: {address!r} is not an e-mail address")


def _check_followups(s: Settings) -> None:
    """Refuse a follow-up policy that names an unknown reason or no root cause."""
    from cxm.followups.rules import PolicyError, policy_from

    try:
        policy_from(s)
    except PolicyError as exc:
        raise ConfigError(str(exc)) from exc


def _check_alerts(s: Settings) -> None:
    """Refuse alert settings the worker could not use."""
    from cxm.alerts.rules import RuleError, parse_recipients
    from cxm.invitations.policy import QuietHours

    try:
        QuietHours.parse(s.alert_quiet_hours)
    except ValueError as exc:
        raise ConfigError(f"CXM_ALERT_QUIET_HOURS: {exc}") from exc
    try:
        parse_recipients(s.alert_recipients)
    except RuleError as exc:
        raise ConfigError(f"CXM_ALERT_RECIPIENTS: {exc.message}") from exc
    if s.alert_check_minutes < 1:
        raise ConfigError(f"CXM_ALERT_CHECK_MINUTES={s.alert_check_minutes}: at least 1")
    if s.alert_spike_weeks < 4:
        raise ConfigError(f"CXM_ALERT_SPIKE_WEEKS={s.alert_spike_weeks}: at least 4")
    if s.alert_spike_min_tickets < 1:
        raise ConfigError(f"CXM_ALERT_SPIKE_MIN_TICKETS={s.alert_spike_min_tickets}: at least 1")


def _parse(env: str, raw: str, kind: type) -> Any:
    if kind is bool:
        lowered = raw.strip().lower()
        if lowered in {"1", "true", "yes", "on"}:
            return True
        if lowered in {"0", "false", "no", "off"}:
            return False
        raise ConfigError(f"{env}={raw!r}: expected true or false")
    if kind in (int, float):
        try:
            return kind(raw)
        except ValueError as exc:
            raise ConfigError(f"{env}={raw!r}: expected a number") from exc
    return raw


def documented_settings() -> list[tuple[str, Any, str]]:
    """(environment variable, default, help) of every setting, for the docs."""
    return [(f.metadata["env"], f.default, f.metadata["help"]) for f in fields(Settings)]


def settings_table() -> str:
    """The table of docs/configuration.md: every setting, its default and meaning."""
    rows = ["| variable | default | meaning |", "|---|---|---|"]
    for env, default, text in documented_settings():
        if isinstance(default, bool):
            shown = f"`{str(default).lower()}`"
        elif default == "":
            shown = "(derived)" if env == "CXM_ANALYTICS_PATH" else "(none)"
        else:
            shown = f"`{default}`"
        rows.append(f"| `{env}` | {shown} | {text} |")
    return "\n".join(rows) + "\n"
