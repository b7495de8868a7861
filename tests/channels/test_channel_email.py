"""Survey e-mails: rendered in the customer's language, the scale in the message, sent by SMTP."""

from __future__ import annotations

import dataclasses
import re
import smtplib
import socket
from collections.abc import Iterator
from email.message import EmailMessage
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from aiosmtpd.smtp import AuthResult, Envelope, LoginPassword

from channels.support import COMPANY, NOW, import_customers, make_invitation, make_survey
from cxm.channels.base import SendError
from cxm.channels.email import EmailSender, build_message
from cxm.clock import FrozenClock
from cxm.config import Settings
from cxm.invitations.service import Invitation, link
from cxm.security.tokens import read_invitation
from cxm.surveys.definitions import Survey
from cxm.web.messages import message
from helpers.smtp import Mailbox, free_port, serving

SENDER = "Support <support@example.com>"


class RefusingMailbox(Mailbox):
    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Envelope, address: str, options: Any
    ) -> str:
        return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown"


def _authenticate(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> Any:
    ok = isinstance(data, LoginPassword) and data.password == b"right"
    return AuthResult(success=ok, handled=False)


@pytest.fixture
def mailbox() -> Iterator[tuple[Mailbox, int]]:
    handler = Mailbox()
    with serving(handler) as controller:
        yield handler, controller.port


@pytest.fixture
def world(settings: Settings, tmp_path: Path) -> tuple[Settings, Survey]:
    """Two customers (English, Khmer) and a CSAT survey with faces, in both databases."""
    import_customers(settings, tmp_path)
    s = dataclasses.replace(settings, company_name=COMPANY, smtp_sender=SENDER)
    return s, make_survey(s)


def smtp(settings: Settings, port: int, **values: Any) -> Settings:
    values = {"smtp_host": "127.0.0.1", "smtp_port": port, "smtp_tls": "none", **values}
    return dataclasses.replace(settings, **values)


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.hrefs.extend(v for k, v in attrs if k == "href" and v)


def hrefs(html: str) -> list[str]:
    parser = Links()
    parser.feed(html)
    return parser.hrefs


def scores_of(settings: Settings, invitation: Invitation, urls: list[str]) -> list[int | None]:
    """The score of each link (None: no score), checking it opens this invitation."""
    out: list[int | None] = []
    for url in urls:
        parts = urlsplit(url)
        assert url.startswith(settings.base_url + "/s/")
        assert read_invitation(settings.secret_key, parts.path.split("/")[-1]) == (
            invitation.token_id
        )
        query = parse_qs(parts.query)
        out.append(int(query["score"][0]) if "score" in query else None)
    return out


def parts(msg: EmailMessage) -> tuple[str, str]:
    assert msg.get_content_type() == "multipart/alternative"
    plain, html = msg.get_body(("plain",)), msg.get_body(("html",))
    assert plain is not None and html is not None
    assert plain.get_content_charset() == html.get_content_charset() == "utf-8"
    return plain.get_content(), html.get_content()


def test_invitation_reaches_the_server_with_its_scale(
    world: tuple[Settings, Survey], mailbox: tuple[Mailbox, int]
) -> None:
    base, survey = world
    box, port = mailbox
    settings = smtp(base, port)
    invitation = make_invitation(settings, survey, customer_id="c-en")

    EmailSender(settings, clock=FrozenClock(NOW)).send(invitation, survey)

    assert len(box.envelopes) == 1
    envelope = box.envelopes[0]
    assert envelope.mail_from == "support@example.com"
    assert envelope.rcpt_tos == ["dara@example.com"]
    msg = box.messages()[0]
    assert msg["From"] == SENDER
    assert msg["To"] == "dara@example.com"
    assert msg["Subject"] == "How did we do on ticket T-1042?"
    assert msg["Message-ID"] == f"<cxm-inv-{invitation.id}-0@example.com>"
    assert msg["Date"].datetime == NOW
    assert msg["Content-Language"] == "en"
    plain, html = parts(msg)

    assert scores_of(settings, invitation, hrefs(html)) == [1, 2, 3, 4, 5, None]
    assert 'lang="en"' in html and 'dir="ltr"' in html
    for face in range(1, 6):
        assert message("en", f"face_{face}") in html
    assert "Very satisfied" in html and message("en", "email_button") in html

    urls = re.findall(r"https?://\S+", plain)
    assert scores_of(settings, invitation, urls) == [1, 2, 3, 4, 5, None]
    assert urls == [link(settings, invitation, n) for n in (1, 2, 3, 4, 5)] + [
        link(settings, invitation)
    ]
    assert "How satisfied are you with the help of Tom & Jerry?" in plain
    assert "Angkor & Sons solved ticket T-1042." in plain


def test_khmer_invitation_is_in_khmer(
    world: tuple[Settings, Survey], mailbox: tuple[Mailbox, int]
) -> None:
    base, survey = world
    box, port = mailbox
    settings = smtp(base, port)
    invitation = make_invitation(settings, survey, customer_id="c-km")
    assert invitation.language == "km"

    EmailSender(settings).send(invitation, survey)

    raw = box.envelopes[0].original_content or b""
    assert max(raw) < 128, "the message travels in 7-bit encodings"
    msg = box.messages()[0]
    assert msg["To"] == "sokha@example.com"
    assert msg["Subject"] == "សូមវាយតម្លៃសេវារបស់យើង (T-1042)"
    assert msg["Content-Language"] == "km"
    plain, html = parts(msg)
    question = "តើអ្នកពេញចិត្តនឹងសេវាជំនួយរបស់ Angkor & Sons ដែរឬទេ?"
    assert question in plain
    assert question.replace("&", "&amp;") in html
    assert "មិនពេញចិត្តសោះ" in html and "ពេញចិត្តខ្លាំង" in html
    assert 'lang="km"' in html and "Noto Sans Khmer" in html and "Khmer OS" in html
    assert message("km", "email_button") in html and message("km", "email_button") in plain
    assert scores_of(settings, invitation, hrefs(html)) == [1, 2, 3, 4, 5, None]


def test_html_escapes_every_text(world: tuple[Settings, Survey]) -> None:
    settings, survey = world
    invitation = make_invitation(settings, survey, ticket_id="<b>T&1</b>")
    plain, html = parts(build_message(settings, invitation, survey))

    assert "<script>" not in html and "&lt;script&gt;alert(" in html
    assert "Tom &amp; Jerry" in html and "Tom & Jerry" not in html
    assert "Angkor &amp; Sons" in html and "Angkor & Sons" not in html
    assert "Not satisfied &lt;at all&gt;" in html
    assert "&lt;b&gt;T&amp;1&lt;/b&gt;" in html
    # The plain-text part is not HTML: the same texts as written.
    assert "Hello <script>alert('x')</script>, Angkor & Sons solved ticket <b>T&1</b>." in plain


def test_reminder_has_the_prefix_and_its_own_message_id(
    world: tuple[Settings, Survey], mailbox: tuple[Mailbox, int]
) -> None:
    base, survey = world
    box, port = mailbox
    settings = smtp(base, port)
    invitation = make_invitation(settings, survey)
    sender = EmailSender(settings)

    sender.send(invitation, survey)
    sender.send(invitation, survey, reminder=True)
    later = dataclasses.replace(invitation, reminders_sent=1)
    sender.send(later, survey, reminder=True)

    first, reminder, second = box.messages()
    prefix = message("en", "reminder_prefix").strip()
    assert reminder["Subject"] == f"{prefix} {first['Subject']}"
    ids = [m["Message-ID"] for m in (first, reminder, second)]
    assert ids == [f"<cxm-inv-{invitation.id}-{n}@example.com>" for n in (0, 1, 2)]
    assert scores_of(settings, invitation, hrefs(parts(reminder)[1])) == [1, 2, 3, 4, 5, None]


@pytest.mark.parametrize(
    ("options", "scores", "symbols"),
    [
        ({"display": "numbers"}, [1, 2, 3, 4, 5], [">1<", ">5<"]),
        ({"display": "stars"}, [1, 2, 3, 4, 5], ["★ 1", "★ 5"]),
        ({"kind": "nps", "scale": "0-10", "display": "numbers"}, list(range(11)), [">10<"]),
        ({"scale": "binary", "display": "numbers"}, [1, 0], ["👍", "👎"]),
        ({"scale": "1-3"}, [1, 2, 3], ["🙁", "😐", "🙂"]),
    ],
)
def test_every_scale_is_drawn(
    sqlite_settings: Settings,
    options: dict[str, str],
    scores: list[int],
    symbols: list[str],
) -> None:
    settings = dataclasses.replace(sqlite_settings, smtp_sender=SENDER)
    survey = make_survey(settings, **options)
    invitation = make_invitation(settings, survey, customer_id=None, recipient="a@example.com")
    plain, html = parts(build_message(settings, invitation, survey))

    assert scores_of(settings, invitation, hrefs(html)) == [*scores, None]
    assert re.findall(r"score=(\d+)", plain) == [str(n) for n in scores]
    for symbol in symbols:
        assert symbol in html
    if survey.scale == "binary":
        assert message("en", "good") in html and message("en", "bad") in html


def test_faces_follow_the_meaning_of_an_effort_scale(sqlite_settings: Settings) -> None:
    """On 'how much effort' (high is bad) the happy face is the low score."""
    survey = make_survey(sqlite_settings, kind="ces", orientation="high_is_bad")
    invitation = make_invitation(sqlite_settings, survey, customer_id=None, recipient="a@b.example")
    plain, _ = parts(build_message(sqlite_settings, invitation, survey))
    assert plain.index("😄") < plain.index("😠")


def test_login_is_used_when_configured(world: tuple[Settings, Survey]) -> None:
    base, survey = world
    box = Mailbox()
    with serving(box, authenticator=_authenticate, auth_require_tls=False) as controller:
        settings = smtp(base, controller.port, smtp_user="cxm", smtp_password="right")
        invitation = make_invitation(settings, survey)
        EmailSender(settings).send(invitation, survey)
        assert len(box.envelopes) == 1

        wrong = dataclasses.replace(settings, smtp_password="wrong")
        with pytest.raises(SendError, match=r"refused the login of 'cxm': 535"):
            EmailSender(wrong).send(invitation, survey)
        assert len(box.envelopes) == 1


def test_without_smtp_host_nothing_is_sent(world: tuple[Settings, Survey]) -> None:
    settings, survey = world
    invitation = make_invitation(settings, survey)
    with pytest.raises(SendError, match=r"no SMTP server configured \(CXM_SMTP_HOST\)"):
        EmailSender(settings).send(invitation, survey)


def test_closed_port_is_a_send_error(sqlite_settings: Settings) -> None:
    port = free_port()
    settings = smtp(sqlite_settings, port)
    survey = make_survey(settings)
    invitation = make_invitation(settings, survey, customer_id=None, recipient="a@example.com")
    with pytest.raises(SendError, match=rf"could not connect to SMTP server 127.0.0.1:{port}"):
        EmailSender(settings).send(invitation, survey)


def test_rejected_recipient_is_a_send_error(sqlite_settings: Settings) -> None:
    survey = make_survey(sqlite_settings)
    box = RefusingMailbox()
    with serving(box) as controller:
        settings = smtp(sqlite_settings, controller.port)
        invitation = make_invitation(
            settings, survey, customer_id=None, recipient="gone@example.com"
        )
        with pytest.raises(SendError) as info:
            EmailSender(settings).send(invitation, survey)
        assert str(info.value) == (
            f"SMTP server 127.0.0.1:{controller.port} refused the recipient gone@example.com: "
            "550 5.1.1 <gone@example.com>: Recipient address rejected: User unknown"
        )
        assert box.envelopes == []


def test_starttls_mode_needs_a_server_that_offers_it(
    sqlite_settings: Settings, mailbox: tuple[Mailbox, int]
) -> None:
    box, port = mailbox
    settings = smtp(sqlite_settings, port, smtp_tls="starttls")
    survey = make_survey(settings)
    invitation = make_invitation(settings, survey, customer_id=None, recipient="a@example.com")
    with pytest.raises(SendError, match=r"does not offer STARTTLS: set CXM_SMTP_TLS"):
        EmailSender(settings).send(invitation, survey)
    assert box.envelopes == []


def test_a_silent_server_times_out(sqlite_settings: Settings) -> None:
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        settings = smtp(sqlite_settings, silent.getsockname()[1])
        survey = make_survey(settings)
        invitation = make_invitation(settings, survey, customer_id=None, recipient="a@example.com")

        def quick(host: str, port: int, timeout: float) -> smtplib.SMTP:
            return smtplib.SMTP(host, port, timeout=0.3)

        with pytest.raises(SendError, match=r"did not answer within"):
            EmailSender(settings, smtp_factory=quick).send(invitation, survey)


def test_a_recipient_list_is_refused(
    sqlite_settings: Settings, mailbox: tuple[Mailbox, int]
) -> None:
    box, port = mailbox
    settings = smtp(sqlite_settings, port)
    survey = make_survey(settings)
    invitation = make_invitation(
        settings, survey, customer_id=None, recipient="a@example.com, b@example.com"
    )
    with pytest.raises(SendError, match=r"is not one e-mail address"):
        EmailSender(settings).send(invitation, survey)
    assert box.envelopes == []
