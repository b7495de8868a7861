"""Survey invitations by SMS: JSON to the provider's endpoint, the link in the text."""

from __future__ import annotations

import dataclasses
import json
import re
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from channels.support import COMPANY, import_customers, make_invitation, make_survey
from cxm.channels.base import Sender, SendError
from cxm.channels.email import EmailSender
from cxm.channels.registry import senders
from cxm.channels.sms import SmsSender
from cxm.config import Settings
from cxm.invitations.service import link
from cxm.security.tokens import read_invitation
from cxm.surveys.definitions import Survey
from cxm.web.messages import message

KEY = "sms-key-0123456789"


@dataclass
class Provider:
    """A stand-in SMS provider: records each request, answers with `status` and `body`."""

    url: str = ""
    status: int = 202
    body: bytes = b'{"id": "msg-1"}'
    requests: list[dict[str, Any]] = field(default_factory=list)


@pytest.fixture
def provider() -> Iterator[Provider]:
    state = Provider()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers["Content-Length"])
            state.requests.append(
                {
                    "path": self.path,
                    "headers": dict(self.headers),
                    "json": json.loads(self.rfile.read(length)),
                }
            )
            self.send_response(state.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(state.body)))
            self.end_headers()
            self.wfile.write(state.body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_port}/v1/messages"
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture
def world(settings: Settings, tmp_path: Path, provider: Provider) -> tuple[Settings, Survey]:
    import_customers(settings, tmp_path)
    s = dataclasses.replace(settings, company_name=COMPANY, sms_url=provider.url, sms_key=KEY)
    return s, make_survey(s)


def test_provider_receives_the_text_with_a_working_link(
    world: tuple[Settings, Survey], provider: Provider
) -> None:
    settings, survey = world
    invitation = make_invitation(settings, survey, channel="sms", customer_id="c-km")

    SmsSender(settings).send(invitation, survey)

    (request,) = provider.requests
    assert request["path"] == "/v1/messages"
    assert request["headers"]["Authorization"] == f"Bearer {KEY}"
    assert request["headers"]["Content-Type"] == "application/json"
    body = request["json"]
    assert body["to"] == "+85598765432"
    assert body["reference"] == f"inv-{invitation.id}-0"
    url = link(settings, invitation)
    assert body["text"] == f"Angkor & Sons: សូមឆ្លើយសំណួរមួយ {url}"
    found = re.findall(r"https?://\S+", body["text"])
    assert found == [url]
    token = urlsplit(url).path.split("/")[-1]
    assert read_invitation(settings.secret_key, token) == invitation.token_id


def test_reminder_has_the_prefix_and_its_own_reference(
    world: tuple[Settings, Survey], provider: Provider
) -> None:
    settings, survey = world
    invitation = make_invitation(settings, survey, channel="sms", customer_id="c-en")

    SmsSender(settings).send(invitation, survey, reminder=True)

    body = provider.requests[0]["json"]
    prefix = message("en", "reminder_prefix").strip()
    assert body["text"] == f"{prefix} Angkor & Sons: how did we do? {link(settings, invitation)}"
    assert body["reference"] == f"inv-{invitation.id}-1"


def test_a_text_without_link_still_carries_it(
    sqlite_settings: Settings, provider: Provider
) -> None:
    settings = dataclasses.replace(sqlite_settings, sms_url=provider.url)
    survey = make_survey(settings, texts={"en": {"sms_text": "Rate us, please."}})
    invitation = make_invitation(
        settings, survey, channel="sms", customer_id=None, recipient="+855 12 000 111"
    )
    SmsSender(settings).send(invitation, survey)
    request = provider.requests[0]
    assert request["json"]["text"] == f"Rate us, please. {link(settings, invitation)}"
    assert "Authorization" not in request["headers"]


def test_an_error_reply_is_a_send_error(world: tuple[Settings, Survey], provider: Provider) -> None:
    settings, survey = world
    invitation = make_invitation(settings, survey, channel="sms")
    provider.status = 500
    provider.body = b'{"error": "upstream carrier unavailable"}' + b" " * 50 + b"x" * 500

    with pytest.raises(SendError) as info:
        SmsSender(settings).send(invitation, survey)

    text = str(info.value)
    assert text.startswith(
        f"SMS provider {provider.url.rsplit('/v1', 1)[0]} answered 500 Internal Server Error: "
        '{"error": "upstream carrier unavailable"}'
    )
    assert text.endswith("...") and len(text) < 300
    assert KEY not in text


def test_unreachable_or_unconfigured_provider(sqlite_settings: Settings) -> None:
    survey = make_survey(sqlite_settings)
    invitation = make_invitation(
        sqlite_settings, survey, channel="sms", customer_id=None, recipient="+85512000111"
    )
    with pytest.raises(SendError, match=r"no SMS provider configured \(CXM_SMS_URL\)"):
        SmsSender(sqlite_settings).send(invitation, survey)

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    closed = dataclasses.replace(sqlite_settings, sms_url=f"http://127.0.0.1:{port}/send")
    with pytest.raises(SendError, match=rf"could not reach SMS provider http://127.0.0.1:{port}"):
        SmsSender(closed).send(invitation, survey)


def test_registry_has_both_channels(sqlite_settings: Settings) -> None:
    channels = senders(sqlite_settings)
    assert set(channels) == {"email", "sms"}
    assert isinstance(channels["email"], EmailSender)
    assert isinstance(channels["sms"], SmsSender)
    sender: Sender = channels["sms"]
    assert callable(sender.send)
