"""Survey invitations by e-mail: the question and its scale in the message, sent over SMTP.

Each score of the scale is a link to the survey page with that score pre-selected, so one tap
opens the page ready to confirm; the plain-text part lists the same links. The message is in
the invitation's language, as text and HTML (inline styles, table layout, no images).
"""

from __future__ import annotations

import re
import smtplib
import socket
import ssl
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, getaddresses, parseaddr
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from cxm.channels.base import SendError
from cxm.clock import SYSTEM, Clock
from cxm.config import Settings
from cxm.invitations.service import Invitation, link
from cxm.surveys.definitions import Survey
from cxm.surveys.scales import Orientation
from cxm.web.messages import message

SMTP_TIMEOUT = 30.0
# Faces from the unhappiest to the happiest, as on the survey page.
FACES_5 = ("😠", "🙁", "😐", "🙂", "😄")
FACES_3 = ("🙁", "😐", "🙂")
# Scripts without spaces or with stacked letters need fonts that have them, and more room.
BASE_FONTS = "-apple-system,'Segoe UI',Roboto,Helvetica,Arial,'Noto Sans',sans-serif"
FONTS = {
    "km": "'Noto Sans Khmer','Khmer OS','Khmer OS System','Khmer UI','Leelawadee UI',Leelawadee,",
    "th": "'Noto Sans Thai','Leelawadee UI',Leelawadee,Tahoma,",
}
LINE_HEIGHT = {"km": "1.9", "th": "1.8"}
# Bodies and headers in 7-bit (base64 or quoted-printable, RFC 2047): any server takes them.
POLICY = policy.SMTP.clone(cte_type="7bit")

# (host, port, timeout) -> a connected client; replaces smtplib.SMTP / SMTP_SSL.
SmtpFactory = Callable[[str, int, float], smtplib.SMTP]


@dataclass(frozen=True)
class Choice:
    score: int
    url: str
    symbol: str  # what the button shows
    label: str  # what it means, in words
    end: str  # the low or high label when this is an end of the scale, else ""


class EmailSender:
    """Sends invitations and reminders through the SMTP server of the settings."""

    def __init__(
        self,
        settings: Settings,
        smtp_factory: SmtpFactory | None = None,
        clock: Clock = SYSTEM,
    ) -> None:
        self.settings = settings
        self.smtp_factory = smtp_factory
        self.clock = clock

    def send(self, invitation: Invitation, survey: Survey, reminder: bool = False) -> None:
        """Deliver one e-mail; raise SendError when the SMTP server does not take it."""
        s = self.settings
        if not s.smtp_host:
            raise SendError("no SMTP server configured (CXM_SMTP_HOST)")
        if not invitation.recipient:
            raise SendError(f"invitation {invitation.id} has no e-mail address")
        msg = build_message(s, invitation, survey, reminder=reminder, now=self.clock.now())
        self.deliver(msg)

    def deliver(self, msg: EmailMessage) -> None:
        """Hand one finished message to the SMTP server; SendError says why it failed."""
        s = self.settings
        server = f"{s.smtp_host}:{s.smtp_port}"
        sender, recipient = parseaddr(str(msg["From"]))[1], str(msg["To"])
        client = None
        try:
            client = self._connect()
            if s.smtp_tls == "starttls":
                client.ehlo()
                if not client.has_extn("starttls"):
                    raise SendError(
                        f"SMTP server {server} does not offer STARTTLS: set CXM_SMTP_TLS=ssl "
                        "for implicit TLS, or none for a relay on this machine"
                    )
                client.starttls(context=ssl.create_default_context())
                client.ehlo()
            if s.smtp_user:
                client.login(s.smtp_user, s.smtp_password)
            client.send_message(msg, sender, [recipient])
        except SendError:
            raise
        except smtplib.SMTPRecipientsRefused as exc:
            code, text = next(iter(exc.recipients.values()), (0, b""))
            raise SendError(
                f"SMTP server {server} refused the recipient {recipient}: {_reply(code, text)}"
            ) from exc
        except smtplib.SMTPSenderRefused as exc:
            raise SendError(
                f"SMTP server {server} refused the sender {exc.sender}: "
                f"{_reply(exc.smtp_code, exc.smtp_error)} (check CXM_SMTP_SENDER)"
            ) from exc
        except smtplib.SMTPAuthenticationError as exc:
            raise SendError(
                f"SMTP server {server} refused the login of {s.smtp_user!r}: "
                f"{_reply(exc.smtp_code, exc.smtp_error)} (check CXM_SMTP_USER and "
                "CXM_SMTP_PASSWORD)"
            ) from exc
        except smtplib.SMTPNotSupportedError as exc:
            raise SendError(f"SMTP server {server} does not support this: {exc}") from exc
        except smtplib.SMTPDataError as exc:
            raise SendError(
                f"SMTP server {server} refused the message: {_reply(exc.smtp_code, exc.smtp_error)}"
            ) from exc
        except smtplib.SMTPServerDisconnected as exc:
            if isinstance(exc.__context__, TimeoutError):
                raise SendError(
                    f"SMTP server {server} did not answer within {SMTP_TIMEOUT:.0f} s"
                ) from exc
            raise SendError(f"SMTP server {server} closed the connection: {exc}") from exc
        except smtplib.SMTPResponseException as exc:
            raise SendError(
                f"SMTP server {server} answered {_reply(exc.smtp_code, exc.smtp_error)}"
            ) from exc
        except smtplib.SMTPException as exc:
            raise SendError(f"SMTP server {server}: {exc}") from exc
        except ssl.SSLError as exc:
            raise SendError(f"TLS with SMTP server {server} failed: {exc}") from exc
        except TimeoutError as exc:
            raise SendError(
                f"SMTP server {server} did not answer within {SMTP_TIMEOUT:.0f} s"
            ) from exc
        except socket.gaierror as exc:
            raise SendError(f"SMTP server {s.smtp_host!r} not found: {exc.strerror}") from exc
        except OSError as exc:
            raise SendError(
                f"could not connect to SMTP server {server}: {exc.strerror or exc}"
            ) from exc
        finally:
            if client is not None:
                _close(client)

    def _connect(self) -> smtplib.SMTP:
        s = self.settings
        if self.smtp_factory is not None:
            return self.smtp_factory(s.smtp_host, s.smtp_port, SMTP_TIMEOUT)
        if s.smtp_tls == "ssl":
            return smtplib.SMTP_SSL(
                s.smtp_host,
                s.smtp_port,
                timeout=SMTP_TIMEOUT,
                context=ssl.create_default_context(),
            )
        return smtplib.SMTP(s.smtp_host, s.smtp_port, timeout=SMTP_TIMEOUT)


def _reply(code: int, text: bytes | str) -> str:
    words = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    return " ".join(f"{code} {words}".split())


def _close(client: smtplib.SMTP) -> None:
    """End the session politely; once the message is taken, a failure here changes nothing."""
    try:
        client.quit()
    except (smtplib.SMTPException, OSError):
        client.close()


def attempt(invitation: Invitation, reminder: bool) -> int:
    """0 for the invitation itself, 1, 2 ... for its reminders."""
    return invitation.reminders_sent + 1 if reminder else 0


def build_message(
    settings: Settings,
    invitation: Invitation,
    survey: Survey,
    *,
    reminder: bool = False,
    now: datetime | None = None,
) -> EmailMessage:
    """The complete e-mail of an invitation (or of its reminder)."""
    lang = survey.language_for(invitation.language)
    company = settings.company_name
    values = {"company": company, "ticket": invitation.ticket_id or ""}
    subject = _one_line(survey.text(lang, "email_subject", **values))
    if reminder:
        subject = f"{_one_line(message(lang, 'reminder_prefix'))} {subject}".strip()
    context = _context(settings, invitation, survey, lang, values)
    context["subject"] = subject

    sender_name, sender_addr = parseaddr(settings.smtp_sender)
    if "@" not in sender_addr:
        raise SendError(f"CXM_SMTP_SENDER={settings.smtp_sender!r} is not an e-mail address")
    domain = sender_addr.rsplit("@", 1)[1]
    recipients = [a for _, a in getaddresses([invitation.recipient or ""]) if a]
    if len(recipients) != 1 or "@" not in recipients[0]:
        raise SendError(f"{invitation.recipient!r} is not one e-mail address")
    msg = EmailMessage(policy=POLICY)
    try:
        msg["From"] = formataddr((sender_name or company, sender_addr))
        msg["To"] = recipients[0]
        msg["Subject"] = subject
    except ValueError as exc:
        raise SendError(f"cannot write the e-mail headers: {exc}") from exc
    msg["Message-ID"] = f"<cxm-inv-{invitation.id}-{attempt(invitation, reminder)}@{domain}>"
    if now is not None:
        msg["Date"] = format_datetime(now)
    # An invitation is sent by a program: no out-of-office replies, please.
    msg["Auto-Submitted"] = "auto-generated"
    msg["X-Auto-Response-Suppress"] = "OOF, AutoReply"
    env = _environment()
    msg.set_content(env.get_template("email/invitation.txt").render(**context))
    msg.add_alternative(env.get_template("email/invitation.html").render(**context), "html")
    msg["Content-Language"] = lang  # after the content, which replaces every Content-* header
    return msg


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _context(
    settings: Settings,
    invitation: Invitation,
    survey: Survey,
    lang: str,
    values: dict[str, str],
) -> dict[str, Any]:
    company = values["company"]
    return {
        "lang": lang,
        "fonts": Markup(FONTS.get(lang, "") + BASE_FONTS),
        "line_height": LINE_HEIGHT.get(lang, "1.6"),
        "company": company,
        # Without a ticket, "{ticket}" leaves two spaces where it was.
        "intro": re.sub(r"[ \t]{2,}", " ", survey.text(lang, "email_intro", **values)).strip(),
        "question": survey.text(lang, "question", **values),
        "hint": message(lang, "email_scale_hint"),
        "choices": choices(settings, invitation, survey, lang),
        "display": "binary" if survey.scale == "binary" else survey.display,
        "low_label": "" if survey.scale == "binary" else survey.text(lang, "low_label"),
        "high_label": "" if survey.scale == "binary" else survey.text(lang, "high_label"),
        "button": message(lang, "email_button"),
        "survey_url": link(settings, invitation),
        "footer": message(lang, "email_footer", company=company),
    }


def choices(settings: Settings, invitation: Invitation, survey: Survey, lang: str) -> list[Choice]:
    """One choice per score, in the order shown, each with its own link."""
    scores = survey.scores()
    orientation = Orientation(survey.orientation)
    low_label = survey.text(lang, "low_label")
    high_label = survey.text(lang, "high_label")
    out = []
    for i, score in enumerate(scores):
        if survey.scale == "binary":
            symbol = "👍" if score == 1 else "👎"
            label = message(lang, "good" if score == 1 else "bad")
        elif survey.display == "faces":
            # The face follows what the score means: on an effort question 1 is the happy end.
            j = survey.scale_def.oriented(score, orientation) - scores[0]
            symbol = (FACES_5 if len(scores) == 5 else FACES_3)[j]
            label = message(lang, f"face_{j + 1 if len(scores) == 5 else (1, 3, 5)[j]}")
        elif survey.display == "stars":
            symbol = f"★ {score}"
            label = message(lang, "star_n", n=str(score))
        else:
            symbol = str(score)
            label = message(lang, "score_n", n=str(score), max=str(scores[-1]))
        end = ""
        if survey.scale != "binary":
            end = low_label if i == 0 else (high_label if i == len(scores) - 1 else "")
        out.append(Choice(score, link(settings, invitation, score), symbol, label, end))
    if survey.scale == "binary":
        out.reverse()  # Good first, as on the survey page
    return out


@cache
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("cxm.web", "templates"),
        # Every value is escaped in HTML; the plain-text part is not HTML.
        autoescape=select_autoescape(
            enabled_extensions=("html",), disabled_extensions=("txt",), default=True
        ),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
