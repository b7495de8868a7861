# ruff: noqa: E501 (the e-mail texts: a sentence stays on one line, whatever its length)
"""The e-mails of a notice, in the customer's language: announcement, reminder before the
start, progress update, resolution. Plain text (UTF-8, sent as base64 or quoted-printable),
times in the customer's own time zone, a link to the public status page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, getaddresses, parseaddr
from zoneinfo import ZoneInfo

from babel.dates import format_datetime as babel_datetime

from cxm.channels.base import SendError
from cxm.i18n.catalogue import LANGUAGES, Catalogue
from cxm.i18n.formatting import locale_of
from cxm.i18n.notices import NOTICES
from cxm.notices.schedule import CREATED, REMINDER, RESOLVED

EN = {
    "subject_created_maintenance": "Planned maintenance: {title}",
    "subject_created_incident": "Incident: {title}",
    "subject_reminder": "Reminder, maintenance starts soon: {title}",
    "subject_update": "Update ({status}): {title}",
    "subject_resolved": "Resolved: {title}",
    "greeting": "Hello {name},",
    "greeting_anonymous": "Hello,",
    "intro_created_maintenance": "We will carry out planned maintenance that affects your service.",
    "intro_created_incident": "We are working on an incident that affects your service.",
    "intro_reminder": "A reminder: the planned maintenance below starts soon.",
    "intro_update": "There is news about the notice below.",
    "intro_resolved": "The notice below is resolved. Thank you for your patience.",
    "status_line": "Status: {status}",
    "starts_line": "Start: {when}",
    "expected_end_line": "Expected end: {when}",
    "resolved_line": "Resolved: {when}",
    "status_page": "Follow it on our status page: {url}",
    "footer": "You receive this message because you are a customer of {company} affected by this notice.",
}

KM = {
    "subject_created_maintenance": "ការថែទាំតាមគម្រោង៖ {title}",
    "subject_created_incident": "ឧប្បត្តិហេតុ៖ {title}",
    "subject_reminder": "ការរំលឹក ការថែទាំនឹងចាប់ផ្តើមឆាប់ៗនេះ៖ {title}",
    "subject_update": "ព័ត៌មានថ្មី ({status})៖ {title}",
    "subject_resolved": "បានដោះស្រាយ៖ {title}",
    "greeting": "ជម្រាបសួរ {name}",
    "greeting_anonymous": "ជម្រាបសួរ",
    "intro_created_maintenance": "យើងនឹងធ្វើការថែទាំតាមគម្រោងដែលប៉ះពាល់ដល់សេវាកម្មរបស់អ្នក។",
    "intro_created_incident": "យើងកំពុងដោះស្រាយឧប្បត្តិហេតុដែលប៉ះពាល់ដល់សេវាកម្មរបស់អ្នក។",
    "intro_reminder": "សូមរំលឹកថា ការថែទាំតាមគម្រោងខាងក្រោមនឹងចាប់ផ្តើមឆាប់ៗនេះ។",
    "intro_update": "មានព័ត៌មានថ្មីអំពីសេចក្តីជូនដំណឹងខាងក្រោម។",
    "intro_resolved": "សេចក្តីជូនដំណឹងខាងក្រោមត្រូវបានដោះស្រាយហើយ។ សូមអរគុណចំពោះការអត់ធ្មត់របស់អ្នក។",
    "status_line": "ស្ថានភាព៖ {status}",
    "starts_line": "ចាប់ផ្តើម៖ {when}",
    "expected_end_line": "រំពឹងថានឹងបញ្ចប់៖ {when}",
    "resolved_line": "បានដោះស្រាយ៖ {when}",
    "status_page": "តាមដាននៅលើទំព័រស្ថានភាពរបស់យើង៖ {url}",
    "footer": "អ្នកទទួលបានសារនេះ ដោយសារអ្នកជាអតិថិជនរបស់ {company} ដែលរងផលប៉ះពាល់ពីសេចក្តីជូនដំណឹងនេះ។",
}

TH = {
    "subject_created_maintenance": "การบำรุงรักษาตามแผน: {title}",
    "subject_created_incident": "เหตุขัดข้อง: {title}",
    "subject_reminder": "แจ้งเตือน การบำรุงรักษาจะเริ่มเร็วๆนี้: {title}",
    "subject_update": "ความคืบหน้า ({status}): {title}",
    "subject_resolved": "แก้ไขแล้ว: {title}",
    "greeting": "เรียน คุณ{name}",
    "greeting_anonymous": "เรียน ลูกค้า",
    "intro_created_maintenance": "เราจะดำเนินการบำรุงรักษาตามแผนซึ่งมีผลต่อบริการของคุณ",
    "intro_created_incident": "เรากำลังแก้ไขเหตุขัดข้องที่มีผลต่อบริการของคุณ",
    "intro_reminder": "ขอแจ้งเตือนว่าการบำรุงรักษาตามแผนด้านล่างจะเริ่มเร็วๆนี้",
    "intro_update": "มีความคืบหน้าเกี่ยวกับประกาศด้านล่าง",
    "intro_resolved": "ประกาศด้านล่างได้รับการแก้ไขแล้ว ขอบคุณที่อดทนรอ",
    "status_line": "สถานะ: {status}",
    "starts_line": "เริ่ม: {when}",
    "expected_end_line": "คาดว่าจะเสร็จสิ้น: {when}",
    "resolved_line": "แก้ไขแล้วเมื่อ: {when}",
    "status_page": "ติดตามได้ที่หน้าสถานะของเรา: {url}",
    "footer": "คุณได้รับข้อความนี้เนื่องจากคุณเป็นลูกค้าของ {company} ที่ได้รับผลกระทบจากประกาศนี้",
}

VI = {
    "subject_created_maintenance": "Bảo trì theo kế hoạch: {title}",
    "subject_created_incident": "Sự cố: {title}",
    "subject_reminder": "Nhắc nhở, việc bảo trì sắp bắt đầu: {title}",
    "subject_update": "Cập nhật ({status}): {title}",
    "subject_resolved": "Đã khắc phục: {title}",
    "greeting": "Xin chào {name},",
    "greeting_anonymous": "Xin chào quý khách,",
    "intro_created_maintenance": "Chúng tôi sẽ tiến hành bảo trì theo kế hoạch, có ảnh hưởng đến dịch vụ của bạn.",
    "intro_created_incident": "Chúng tôi đang xử lý một sự cố ảnh hưởng đến dịch vụ của bạn.",
    "intro_reminder": "Xin nhắc lại: việc bảo trì theo kế hoạch dưới đây sắp bắt đầu.",
    "intro_update": "Có thông tin mới về thông báo dưới đây.",
    "intro_resolved": "Thông báo dưới đây đã được khắc phục. Cảm ơn bạn đã kiên nhẫn chờ đợi.",
    "status_line": "Trạng thái: {status}",
    "starts_line": "Bắt đầu: {when}",
    "expected_end_line": "Dự kiến kết thúc: {when}",
    "resolved_line": "Đã khắc phục lúc: {when}",
    "status_page": "Theo dõi trên trang trạng thái của chúng tôi: {url}",
    "footer": "Bạn nhận được thư này vì bạn là khách hàng của {company} bị ảnh hưởng bởi thông báo này.",
}

MAIL = Catalogue({"en": EN, "km": KM, "th": TH, "vi": VI})


@dataclass(frozen=True)
class NoticeMail:
    """Everything one e-mail says."""

    delivery_id: int
    stage: str  # created, reminder, update-<id>, resolved
    kind: str
    status: str
    lang: str  # of the notice's texts below
    title: str
    body: str
    update_text: str  # the update's (or the closing) text; "" for none
    starts_at: datetime
    expected_end_at: datetime | None
    resolved_at: datetime | None
    recipient: str
    name: str | None
    zone: ZoneInfo
    frame: str = ""  # language of the e-mail around them: the reader's, if cxm speaks it

    @property
    def frame_language(self) -> str:
        for lang in (self.frame, self.lang):
            if lang in LANGUAGES:
                return lang
        return "en"


def when(value: datetime, lang: str, zone: ZoneInfo) -> str:
    """A moment in the reader's zone and language, with the zone named."""
    local = value.astimezone(zone)
    text = babel_datetime(local, "medium", tzinfo=zone, locale=locale_of(lang))
    return f"{text} ({zone.key})"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def subject(mail: NoticeMail, frame: str) -> str:
    title = _one_line(mail.title)
    if mail.stage == CREATED:
        key = f"subject_created_{mail.kind}"
        return _one_line(MAIL.text(frame, key, title=title))
    if mail.stage == REMINDER:
        return _one_line(MAIL.text(frame, "subject_reminder", title=title))
    if mail.stage == RESOLVED:
        return _one_line(MAIL.text(frame, "subject_resolved", title=title))
    status = NOTICES.text(frame, f"status_{mail.status}")
    return _one_line(MAIL.text(frame, "subject_update", status=status, title=title))


def body_text(mail: NoticeMail, company: str, status_url: str) -> str:
    """The plain-text body."""
    frame = mail.frame_language
    t = MAIL.for_language(frame)
    name = _one_line(mail.name or "")
    lines = [t("greeting", name=name) if name else t("greeting_anonymous"), ""]
    if mail.stage == CREATED:
        lines.append(t(f"intro_created_{mail.kind}"))
    elif mail.stage == REMINDER:
        lines.append(t("intro_reminder"))
    elif mail.stage == RESOLVED:
        lines.append(t("intro_resolved"))
    else:
        lines.append(t("intro_update"))
    lines += ["", f"{NOTICES.text(frame, 'kind_' + mail.kind)}: {_one_line(mail.title)}"]
    if mail.body.strip():
        lines += ["", mail.body.strip()]
    if mail.update_text.strip():
        lines += ["", mail.update_text.strip()]
    lines += ["", t("status_line", status=NOTICES.text(frame, f"status_{mail.status}"))]
    lines.append(t("starts_line", when=when(mail.starts_at, frame, mail.zone)))
    if mail.expected_end_at is not None and mail.status != "resolved":
        lines.append(t("expected_end_line", when=when(mail.expected_end_at, frame, mail.zone)))
    if mail.resolved_at is not None:
        lines.append(t("resolved_line", when=when(mail.resolved_at, frame, mail.zone)))
    lines += ["", t("status_page", url=status_url), "", "-- ", t("footer", company=company)]
    return "\n".join(lines) + "\n"


def build_message(
    mail: NoticeMail,
    *,
    sender: str,
    company: str,
    base_url: str,
    now: datetime,
) -> EmailMessage:
    """The complete e-mail; SendError when the sender or recipient cannot be written."""
    from cxm.channels.email import POLICY

    frame = mail.frame_language
    sender_name, sender_addr = parseaddr(sender)
    if "@" not in sender_addr:
        raise SendError(f"CXM_SMTP_SENDER={sender!r} is not an e-mail address")
    recipients = [a for _, a in getaddresses([mail.recipient]) if a]
    if len(recipients) != 1 or "@" not in recipients[0]:
        raise SendError(f"{mail.recipient!r} is not one e-mail address")
    status_url = f"{base_url.rstrip('/')}/status?lang={frame}"
    msg = EmailMessage(policy=POLICY)
    try:
        msg["From"] = formataddr((sender_name or company, sender_addr))
        msg["To"] = recipients[0]
        msg["Subject"] = subject(mail, frame)
    except ValueError as exc:
        raise SendError(f"cannot write the e-mail headers: {exc}") from exc
    domain = sender_addr.rsplit("@", 1)[1]
    msg["Message-ID"] = f"<cxm-notice-{mail.delivery_id}@{domain}>"
    msg["Date"] = format_datetime(now)
    msg["Auto-Submitted"] = "auto-generated"
    msg["X-Auto-Response-Suppress"] = "OOF, AutoReply"
    msg.set_content(body_text(mail, company, status_url))
    msg["Content-Language"] = frame
    return msg
