"""What respondents read around a survey's own texts: survey page, widget, e-mail and SMS.

One catalogue per language; a text missing in a language is shown in English. Placeholders
(`{n}`, `{max}`, `{time}`, `{company}`) have the same names in every language. Khmer and Thai
are written without spaces between words, with a space only between phrases.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from cxm.surveys.definitions import fill

FALLBACK = "en"

_EN = {
    "page_title": "Your feedback",
    "choose_score": "Choose a score",
    "score_n": "{n} out of {max}",
    "face_1": "Very unhappy",
    "face_2": "Unhappy",
    "face_3": "Neutral",
    "face_4": "Happy",
    "face_5": "Very happy",
    "star_n": "{n}-star rating",
    "good": "Good",
    "bad": "Bad",
    "submit": "Send",
    "score_required": "Please choose a score.",
    "comment_label": "Tell us more (optional)",
    "comment_placeholder": "Write your comment here",
    "send_comment": "Send comment",
    "skip": "Skip",
    "saved": "Your answer is saved.",
    "thank_you_title": "Thank you!",
    "change_answer": "You can change your answer until {time}.",
    "expired_title": "This survey has closed",
    "expired_body": "The time to answer this survey has passed. Thank you all the same.",
    "used_title": "You have already answered",
    "used_body": "This survey has already been answered. Thank you for your feedback.",
    "not_found_title": "Survey not found",
    "not_found_body": "This link is not valid. Please check that you opened the whole link.",
    "staff_title": "You are signed in as staff",
    "staff_body": (
        "A survey is answered by the customer it was sent to. "
        "A signed-in staff member cannot answer it for them."
    ),
    "email_scale_hint": "Choose a score to answer. It only takes a moment.",
    "email_footer": "You receive this e-mail because you are a customer of {company}.",
    "email_button": "Answer the survey",
    "reminder_prefix": "Reminder: ",
    "widget_title": "How are we doing?",
    "widget_close": "Close",
    "privacy_note": "Your answer is used only to improve our service.",
}

_KM = {
    "page_title": "មតិរបស់អ្នក",
    "choose_score": "ជ្រើសរើសពិន្ទុ",
    "score_n": "{n} លើ {max}",
    "face_1": "មិនសប្បាយចិត្តខ្លាំង",
    "face_2": "មិនសប្បាយចិត្ត",
    "face_3": "ធម្មតា",
    "face_4": "សប្បាយចិត្ត",
    "face_5": "សប្បាយចិត្តខ្លាំង",
    "star_n": "{n} ផ្កាយ",
    "good": "ល្អ",
    "bad": "មិនល្អ",
    "submit": "ផ្ញើ",
    "score_required": "សូមជ្រើសរើសពិន្ទុ។",
    "comment_label": "ប្រាប់យើងបន្ថែម (ស្រេចចិត្ត)",
    "comment_placeholder": "សរសេរមតិរបស់អ្នកនៅទីនេះ",
    "send_comment": "ផ្ញើមតិ",
    "skip": "រំលង",
    "saved": "ចម្លើយរបស់អ្នកត្រូវបានរក្សាទុកហើយ។",
    "thank_you_title": "សូមអរគុណ!",
    "change_answer": "អ្នកអាចកែប្រែចម្លើយរបស់អ្នកបានរហូតដល់ {time}។",
    "expired_title": "ការស្ទង់មតិនេះបានបិទហើយ",
    "expired_body": "ពេលវេលាសម្រាប់ឆ្លើយការស្ទង់មតិនេះបានផុតកំណត់ហើយ។ សូមអរគុណ។",
    "used_title": "អ្នកបានឆ្លើយរួចហើយ",
    "used_body": "ការស្ទង់មតិនេះត្រូវបានឆ្លើយរួចហើយ។ សូមអរគុណចំពោះមតិរបស់អ្នក។",
    "not_found_title": "រកមិនឃើញការស្ទង់មតិ",
    "not_found_body": "តំណនេះមិនត្រឹមត្រូវទេ។ សូមពិនិត្យថាអ្នកបានបើកតំណពេញលេញ។",
    "staff_title": "អ្នកបានចូលជាបុគ្គលិក",
    "staff_body": "ការស្ទង់មតិនេះត្រូវឆ្លើយដោយអតិថិជនដែលបានទទួលវា។ បុគ្គលិកដែលបានចូលគណនីមិនអាចឆ្លើយជំនួសអតិថិជនបានទេ។",
    "email_scale_hint": "សូមជ្រើសរើសពិន្ទុដើម្បីឆ្លើយ។ ចំណាយពេលតែបន្តិចប៉ុណ្ណោះ។",
    "email_footer": "អ្នកទទួលបានអ៊ីមែលនេះ ព្រោះអ្នកជាអតិថិជនរបស់ {company}។",
    "email_button": "ឆ្លើយការស្ទង់មតិ",
    "reminder_prefix": "រំលឹក៖ ",
    "widget_title": "តើយើងបម្រើអ្នកបានល្អទេ?",
    "widget_close": "បិទ",
    "privacy_note": "ចម្លើយរបស់អ្នកត្រូវបានប្រើតែដើម្បីកែលម្អសេវារបស់យើងប៉ុណ្ណោះ។",
}

_TH = {
    "page_title": "ความคิดเห็นของคุณ",
    "choose_score": "เลือกคะแนน",
    "score_n": "{n} จาก {max}",
    "face_1": "ไม่พอใจมาก",
    "face_2": "ไม่พอใจ",
    "face_3": "ปานกลาง",
    "face_4": "พอใจ",
    "face_5": "พอใจมาก",
    "star_n": "{n} ดาว",
    "good": "ดี",
    "bad": "ไม่ดี",
    "submit": "ส่ง",
    "score_required": "โปรดเลือกคะแนน",
    "comment_label": "บอกเราเพิ่มเติม (ไม่บังคับ)",
    "comment_placeholder": "พิมพ์ความคิดเห็นของคุณที่นี่",
    "send_comment": "ส่งความคิดเห็น",
    "skip": "ข้าม",
    "saved": "บันทึกคำตอบของคุณแล้ว",
    "thank_you_title": "ขอบคุณมาก",
    "change_answer": "คุณแก้ไขคำตอบได้จนถึง {time}",
    "expired_title": "แบบสำรวจนี้ปิดแล้ว",
    "expired_body": "หมดเวลาตอบแบบสำรวจนี้แล้ว ขอบคุณที่ให้ความสนใจ",
    "used_title": "คุณตอบแบบสำรวจนี้แล้ว",
    "used_body": "แบบสำรวจนี้ได้รับคำตอบแล้ว ขอบคุณสำหรับความคิดเห็นของคุณ",
    "not_found_title": "ไม่พบแบบสำรวจ",
    "not_found_body": "ลิงก์นี้ไม่ถูกต้อง โปรดตรวจสอบว่าคุณเปิดลิงก์ครบถ้วน",
    "staff_title": "คุณเข้าสู่ระบบในฐานะเจ้าหน้าที่",
    "staff_body": "แบบสำรวจนี้ต้องตอบโดยลูกค้าที่ได้รับเท่านั้น เจ้าหน้าที่ที่เข้าสู่ระบบอยู่ไม่สามารถตอบแทนลูกค้าได้",
    "email_scale_hint": "เลือกคะแนนเพื่อตอบ ใช้เวลาเพียงครู่เดียว",
    "email_footer": "คุณได้รับอีเมลนี้เนื่องจากคุณเป็นลูกค้าของ {company}",
    "email_button": "ตอบแบบสำรวจ",
    "reminder_prefix": "แจ้งเตือน: ",
    "widget_title": "บริการของเราเป็นอย่างไรบ้าง",
    "widget_close": "ปิด",
    "privacy_note": "คำตอบของคุณจะใช้เพื่อปรับปรุงบริการของเราเท่านั้น",
}

_VI = {
    "page_title": "Ý kiến của bạn",
    "choose_score": "Chọn điểm",
    "score_n": "{n} trên {max}",
    "face_1": "Rất không hài lòng",
    "face_2": "Không hài lòng",
    "face_3": "Bình thường",
    "face_4": "Hài lòng",
    "face_5": "Rất hài lòng",
    "star_n": "Đánh giá {n} sao",
    "good": "Tốt",
    "bad": "Không tốt",
    "submit": "Gửi",
    "score_required": "Vui lòng chọn một mức điểm.",
    "comment_label": "Chia sẻ thêm với chúng tôi (không bắt buộc)",
    "comment_placeholder": "Nhập ý kiến của bạn tại đây",
    "send_comment": "Gửi ý kiến",
    "skip": "Bỏ qua",
    "saved": "Câu trả lời của bạn đã được lưu.",
    "thank_you_title": "Cảm ơn bạn!",
    "change_answer": "Bạn có thể thay đổi câu trả lời đến {time}.",
    "expired_title": "Khảo sát đã đóng",
    "expired_body": "Đã hết thời gian trả lời khảo sát này. Cảm ơn bạn đã quan tâm.",
    "used_title": "Bạn đã trả lời rồi",
    "used_body": "Khảo sát này đã được trả lời. Cảm ơn bạn đã góp ý.",
    "not_found_title": "Không tìm thấy khảo sát",
    "not_found_body": "Liên kết không hợp lệ. Vui lòng kiểm tra bạn đã mở đúng và đủ liên kết.",
    "staff_title": "Bạn đang đăng nhập với tư cách nhân viên",
    "staff_body": (
        "Khảo sát phải do chính khách hàng nhận được trả lời. "
        "Nhân viên đang đăng nhập không thể trả lời thay khách hàng."
    ),
    "email_scale_hint": "Chọn một mức điểm để trả lời, chỉ mất vài giây.",
    "email_footer": "Bạn nhận được email này vì bạn là khách hàng của {company}.",
    "email_button": "Trả lời khảo sát",
    "reminder_prefix": "Nhắc nhở: ",
    "widget_title": "Chúng tôi phục vụ bạn thế nào?",
    "widget_close": "Đóng",
    "privacy_note": "Câu trả lời của bạn chỉ được dùng để cải thiện dịch vụ của chúng tôi.",
}

MESSAGES: Mapping[str, Mapping[str, str]] = MappingProxyType(
    {
        language: MappingProxyType(catalogue)
        for language, catalogue in (("en", _EN), ("km", _KM), ("th", _TH), ("vi", _VI))
    }
)


def _language(language: str | None) -> str:
    """The catalogue for a tag such as "km", "th-TH" or "VI"; English when there is none."""
    tag = (language or "").strip().lower().replace("_", "-")
    for candidate in (tag, tag.split("-")[0]):
        if candidate in MESSAGES:
            return candidate
    return FALLBACK


def message(language: str, key: str, **values: str) -> str:
    """The text `key` in `language` (English when it has none), its placeholders filled.

    A placeholder without a value is left as written. An unknown key raises KeyError.
    """
    raw = MESSAGES[_language(language)].get(key) or MESSAGES[FALLBACK].get(key)
    if raw is None:
        raise KeyError(f"no interface text {key!r}")
    return fill(raw, values)
