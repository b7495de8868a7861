"""Helpers of the channel tests: customers, a survey in English and Khmer, its invitations."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from cxm.config import Settings
from cxm.db.engine import get_engine
from cxm.importers.service import import_file
from cxm.invitations import service as invitations
from cxm.invitations.service import Invitation
from cxm.surveys import service as surveys
from cxm.surveys.definitions import Survey
from helpers.files import write_csv

NOW = datetime(2026, 1, 5, 10, 30, tzinfo=UTC)
COMPANY = "Angkor & Sons"
KM_QUESTION = "តើអ្នកពេញចិត្តនឹងសេវាជំនួយរបស់ {company} ដែរឬទេ?"
KM_SUBJECT = "សូមវាយតម្លៃសេវារបស់យើង ({ticket})"
TEXTS = {
    "en": {
        "question": "How satisfied are you with the help of Tom & Jerry?",
        "low_label": "Not satisfied <at all>",
        "high_label": "Very satisfied",
        "email_subject": "How did we do on ticket {ticket}?",
        "email_intro": "Hello <script>alert('x')</script>, {company} solved ticket {ticket}.",
        "sms_text": "{company}: how did we do? {link}",
    },
    "km": {
        "question": KM_QUESTION,
        "low_label": "មិនពេញចិត្តសោះ",
        "high_label": "ពេញចិត្តខ្លាំង",
        "email_subject": KM_SUBJECT,
        "email_intro": "សួស្តី! {company} បានដោះស្រាយសំណើ {ticket} របស់អ្នករួចហើយ។",
        "sms_text": "{company}: សូមឆ្លើយសំណួរមួយ {link}",
    },
}
CUSTOMERS = [
    ("c-en", "Dara", "dara@example.com", "+85512345678", "en", "2025-01-06T09:00:00Z"),
    ("c-km", "សុខា", "sokha@example.com", "+85598765432", "km", "2025-01-06T09:00:00Z"),
]


def import_customers(settings: Settings, tmp_path: Path) -> None:
    header = ("customer_id", "name", "email", "phone", "language", "signup_at")
    import_file(settings, "customers", write_csv(tmp_path / "customers.csv", header, CUSTOMERS))


def make_survey(settings: Settings, key: str = "support", **options: object) -> Survey:
    values: dict[str, object] = {
        "name": "Support CSAT",
        "kind": "csat",
        "scale": "1-5",
        "display": "faces",
        "texts": TEXTS,
        **options,
    }
    with get_engine(settings.database_url).begin() as conn:
        survey_id = surveys.create(conn, key=key, now=NOW, **values)  # type: ignore[arg-type]
        return surveys.get(conn, survey_id)


def make_invitation(
    settings: Settings,
    survey: Survey,
    *,
    channel: str = "email",
    customer_id: str | None = "c-en",
    ticket_id: str | None = "T-1042",
    **options: str,
) -> Invitation:
    with get_engine(settings.database_url).begin() as conn:
        return invitations.create(
            conn,
            settings,
            survey=survey,
            channel=channel,
            at=NOW,
            customer_id=customer_id,
            ticket_id=ticket_id,
            **options,
        )
