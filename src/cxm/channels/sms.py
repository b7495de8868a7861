"""Survey invitations by SMS, through the HTTP endpoint of an SMS provider.

cxm POSTs `{"to", "text", "reference"}` as JSON with `Authorization: Bearer CXM_SMS_KEY`; any
2xx answer means the provider took the message.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import httpx

from cxm.channels.base import SendError
from cxm.config import Settings
from cxm.invitations.service import Invitation, link
from cxm.surveys.definitions import Survey, fill
from cxm.web.messages import message

SMS_TIMEOUT = 15.0
EXCERPT = 200


class SmsSender:
    """Sends invitations and reminders to the SMS provider of the settings."""

    def __init__(self, settings: Settings, client: httpx.Client | None = None) -> None:
        self.settings = settings
        self.client = client

    def send(self, invitation: Invitation, survey: Survey, reminder: bool = False) -> None:
        """Hand one text message to the provider; raise SendError when it does not take it."""
        s = self.settings
        if not s.sms_url:
            raise SendError("no SMS provider configured (CXM_SMS_URL)")
        if not invitation.recipient:
            raise SendError(f"invitation {invitation.id} has no phone number")
        n = invitation.reminders_sent + 1 if reminder else 0
        payload = {
            "to": invitation.recipient,
            "text": sms_text(s, invitation, survey, reminder),
            "reference": f"inv-{invitation.id}-{n}",
        }
        headers = {"Accept": "application/json"}
        if s.sms_key:
            headers["Authorization"] = f"Bearer {s.sms_key}"
        where = _where(s.sms_url)
        try:
            if self.client is not None:
                reply = self.client.post(
                    s.sms_url, json=payload, headers=headers, timeout=SMS_TIMEOUT
                )
            else:
                with httpx.Client(timeout=SMS_TIMEOUT) as client:
                    reply = client.post(s.sms_url, json=payload, headers=headers)
        except httpx.TimeoutException as exc:
            raise SendError(
                f"SMS provider {where} did not answer within {SMS_TIMEOUT:.0f} s"
            ) from exc
        except httpx.HTTPError as exc:
            raise SendError(f"could not reach SMS provider {where}: {exc}") from exc
        if not reply.is_success:
            excerpt = " ".join(reply.text.split())
            if len(excerpt) > EXCERPT:
                excerpt = excerpt[:EXCERPT] + "..."
            raise SendError(
                f"SMS provider {where} answered {reply.status_code} {reply.reason_phrase}"
                + (f": {excerpt}" if excerpt else "")
            )


def sms_text(settings: Settings, invitation: Invitation, survey: Survey, reminder: bool) -> str:
    """The text sent: the survey's `sms_text`, always with the link in it."""
    lang = survey.language_for(invitation.language)
    raw = survey.text(lang, "sms_text") or "{company}: {link}"
    if "{link}" not in raw:
        raw = raw.rstrip() + " {link}"
    text = fill(raw, {"link": link(settings, invitation), "company": settings.company_name})
    if reminder:
        text = f"{message(lang, 'reminder_prefix').strip()} {text}"
    return text.strip()


def _where(url: str) -> str:
    """The provider's address without credentials or query, for messages and logs."""
    parts = urlsplit(url)
    host = parts.netloc.rsplit("@", 1)[-1]
    return f"{parts.scheme}://{host}" if parts.scheme else host
