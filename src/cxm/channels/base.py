"""What a channel must do: deliver one invitation (or its reminder), or say why it could not."""

from __future__ import annotations

from typing import Protocol

from cxm.invitations.service import Invitation
from cxm.surveys.definitions import Survey


class SendError(Exception):
    """The channel refused or failed to take the message; the text says why."""


class Sender(Protocol):
    def send(self, invitation: Invitation, survey: Survey, reminder: bool = False) -> None:
        """Deliver the invitation; raise SendError when it cannot be delivered."""
        ...
