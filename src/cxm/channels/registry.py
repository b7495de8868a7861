"""The channels cxm sends invitations through, by name."""

from __future__ import annotations

from cxm.channels.base import Sender
from cxm.channels.email import EmailSender
from cxm.channels.sms import SmsSender
from cxm.config import Settings


def senders(settings: Settings) -> dict[str, Sender]:
    """Every sending channel; one that is not configured raises SendError when used."""
    return {"email": EmailSender(settings), "sms": SmsSender(settings)}
