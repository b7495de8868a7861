"""The built-in survey templates, with their texts in English, Khmer, Thai and Vietnamese.

A template is what `cxm surveys install` turns into a survey: kind, scale, display, the journey
stage it measures and every text a respondent sees in each language (domain.md section 1).
The wording follows the source articles where they give one; Khmer and Thai are written
without spaces between words, with a space only between phrases.

Each text field is filled with a known set of values when it is shown (`PLACEHOLDERS`): a
`{name}` outside that set would reach the respondent as written.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

LANGUAGES = ("en", "km", "th", "vi")

# Every template has these texts in every language.
BASE_FIELDS = (
    "question",
    "low_label",
    "high_label",
    "followup_negative",
    "followup_neutral",
    "followup_positive",
    "thanks",
    "email_subject",
    "email_intro",
    "sms_text",
)

# The values each field is filled with where it is shown; checklist texts get none.
PLACEHOLDERS: Mapping[str, frozenset[str]] = MappingProxyType(
    {
        "question": frozenset({"company"}),
        "low_label": frozenset(),
        "high_label": frozenset(),
        "followup_negative": frozenset(),
        "followup_neutral": frozenset(),
        "followup_positive": frozenset(),
        "thanks": frozenset({"company"}),
        "email_subject": frozenset({"company", "ticket"}),
        "email_intro": frozenset({"company", "ticket"}),
        "sms_text": frozenset({"company", "link"}),
        "checklist_prompt": frozenset(),
    }
)


@dataclass(frozen=True)
class Template:
    key: str
    name: str  # English name shown to admins
    kind: str  # "csat" | "nps" | "ces" | "rating"
    scale: str  # a key of cxm.surveys.scales.SCALES
    display: str  # "numbers" | "stars" | "faces"
    orientation: str  # "high_is_good" | "high_is_bad"
    stage: str | None  # journey stage: trial, sales_contact, onboarding, support, renewal ...
    touchpoint: str | None  # what triggers the invitation: ticket_resolved, signup, quarterly ...
    checklist: tuple[str, ...]  # stable ids of the NPS+ checklist items, in the order shown
    texts: Mapping[str, Mapping[str, str]]  # language -> field -> text
    delay_days: int = 0  # days after the touchpoint the invitation is meant to be sent
    recontact_days: int | None = None  # days before the same customer is asked again


def required_fields(template: Template) -> tuple[str, ...]:
    """Every text field `template` needs in each language."""
    if not template.checklist:
        return BASE_FIELDS
    return (*BASE_FIELDS, "checklist_prompt", *(f"checklist.{c}" for c in template.checklist))


def placeholders_of(field: str) -> frozenset[str]:
    """The `{names}` a text of `field` may use."""
    if field.startswith("checklist."):
        return frozenset()
    return PLACEHOLDERS[field]


# Texts shared by several templates.

_CSAT_ENDS = {
    "en": {"low_label": "Very dissatisfied", "high_label": "Very satisfied"},
    "km": {"low_label": "មិនពេញចិត្តខ្លាំង", "high_label": "ពេញចិត្តខ្លាំង"},
    "th": {"low_label": "ไม่พึงพอใจอย่างยิ่ง", "high_label": "พึงพอใจอย่างยิ่ง"},
    "vi": {"low_label": "Rất không hài lòng", "high_label": "Rất hài lòng"},
}

_NPS_QUESTION = {
    "en": {
        "question": "How likely are you to recommend {company} to a friend or colleague?",
        "low_label": "Not at all likely",
        "high_label": "Extremely likely",
    },
    "km": {
        "question": "តើអ្នកទំនងជាណែនាំ {company} ទៅមិត្តភក្តិ ឬសហការីកម្រិតណា?",
        "low_label": "មិនទំនងទាល់តែសោះ",
        "high_label": "ទំនងខ្លាំងបំផុត",
    },
    "th": {
        "question": "คุณมีแนวโน้มที่จะแนะนำ {company} ให้กับเพื่อนหรือเพื่อนร่วมงานมากน้อยเพียงใด",
        "low_label": "ไม่มีแนวโน้มเลย",
        "high_label": "มีแนวโน้มอย่างยิ่ง",
    },
    "vi": {
        "question": "Khả năng bạn giới thiệu {company} cho bạn bè hoặc đồng nghiệp là bao nhiêu?",
        "low_label": "Hoàn toàn không có khả năng",
        "high_label": "Rất có khả năng",
    },
}

# NPS+: the known top problems of a web host, asked as a checklist after the score.
HOSTING_PROBLEMS = (
    "downtime",
    "slow_sites",
    "email_delivery",
    "slow_support",
    "billing_errors",
    "ssl_certificates",
    "migration",
    "control_panel",
)

_HOSTING_CHECKLIST = {
    "en": {
        "checklist_prompt": "Have you had any of these problems recently? Tick all that apply.",
        "checklist.downtime": "Website down or unreachable",
        "checklist.slow_sites": "Slow website",
        "checklist.email_delivery": "Problems sending or receiving email",
        "checklist.slow_support": "Slow replies from support",
        "checklist.billing_errors": "Billing errors",
        "checklist.ssl_certificates": "SSL certificate problems",
        "checklist.migration": "Difficult website migration",
        "checklist.control_panel": "Control panel hard to use",
    },
    "km": {
        "checklist_prompt": "តើថ្មីៗនេះអ្នកបានជួបបញ្ហាណាមួយខាងក្រោមដែរឬទេ? សូមជ្រើសរើសទាំងអស់ដែលត្រូវ។",
        "checklist.downtime": "គេហទំព័រមិនដំណើរការ ឬចូលមិនបាន",
        "checklist.slow_sites": "គេហទំព័រដំណើរការយឺត",
        "checklist.email_delivery": "បញ្ហាផ្ញើ និងទទួលអ៊ីមែល",
        "checklist.slow_support": "ក្រុមជំនួយឆ្លើយតបយឺត",
        "checklist.billing_errors": "វិក្កយបត្រមិនត្រឹមត្រូវ",
        "checklist.ssl_certificates": "បញ្ហាវិញ្ញាបនបត្រ SSL",
        "checklist.migration": "ការផ្ទេរគេហទំព័រពិបាក",
        "checklist.control_panel": "ផ្ទាំងគ្រប់គ្រងពិបាកប្រើ",
    },
    "th": {
        "checklist_prompt": "ช่วงนี้คุณพบปัญหาใดต่อไปนี้บ้าง (เลือกได้หลายข้อ)",
        "checklist.downtime": "เว็บไซต์ล่มหรือเข้าไม่ได้",
        "checklist.slow_sites": "เว็บไซต์โหลดช้า",
        "checklist.email_delivery": "ปัญหาการส่งและรับอีเมล",
        "checklist.slow_support": "ทีมช่วยเหลือตอบกลับช้า",
        "checklist.billing_errors": "การเรียกเก็บเงินผิดพลาด",
        "checklist.ssl_certificates": "ปัญหาใบรับรอง SSL",
        "checklist.migration": "การย้ายเว็บไซต์ยุ่งยาก",
        "checklist.control_panel": "แผงควบคุมใช้งานยาก",
    },
    "vi": {
        "checklist_prompt": "Gần đây bạn gặp vấn đề nào dưới đây? Chọn tất cả mục phù hợp.",
        "checklist.downtime": "Website ngừng hoạt động hoặc không truy cập được",
        "checklist.slow_sites": "Website tải chậm",
        "checklist.email_delivery": "Lỗi gửi hoặc nhận email",
        "checklist.slow_support": "Bộ phận hỗ trợ phản hồi chậm",
        "checklist.billing_errors": "Sai sót trong hóa đơn, thanh toán",
        "checklist.ssl_certificates": "Sự cố chứng chỉ SSL",
        "checklist.migration": "Khó chuyển website từ nơi khác sang",
        "checklist.control_panel": "Bảng điều khiển khó sử dụng",
    },
}


def _texts(*parts: Mapping[str, Mapping[str, str]]) -> Mapping[str, Mapping[str, str]]:
    """The texts of a template: per language, the fields of every part merged."""
    merged: dict[str, dict[str, str]] = {language: {} for language in LANGUAGES}
    for part in parts:
        for language, fields in part.items():
            merged[language].update(fields)
    return MappingProxyType({k: MappingProxyType(v) for k, v in merged.items()})


_CSAT_SUPPORT = Template(
    key="csat_support",
    name="Support CSAT (after a ticket is resolved)",
    kind="csat",
    scale="1-5",
    display="faces",
    orientation="high_is_good",
    stage="support",
    touchpoint="ticket_resolved",
    checklist=(),
    texts=_texts(
        _CSAT_ENDS,
        {
            "en": {
                "question": "How satisfied are you with the support you received?",
                "followup_negative": "What could we do better?",
                "followup_neutral": "What would have made it better?",
                "followup_positive": "What did you like most?",
                "thanks": "Thank you for your feedback. It helps us improve our support.",
                "email_subject": "How was your support from {company}?",
                "email_intro": "Your support request {ticket} has been resolved.",
                "sms_text": "{company}: how satisfied are you with our support? {link}",
            },
            "km": {
                "question": "តើអ្នកពេញចិត្តកម្រិតណាចំពោះសេវាគាំទ្រដែលអ្នកបានទទួល?",
                "followup_negative": "តើយើងអាចធ្វើអ្វីបានប្រសើរជាងនេះ?",
                "followup_neutral": "តើអ្វីខ្លះអាចធ្វើឱ្យបទពិសោធន៍នេះប្រសើរជាងនេះ?",
                "followup_positive": "តើអ្នកចូលចិត្តអ្វីជាងគេ?",
                "thanks": "សូមអរគុណចំពោះមតិរបស់អ្នក។ វាជួយយើងកែលម្អសេវាគាំទ្ររបស់យើង។",
                "email_subject": "សូមវាយតម្លៃសេវាគាំទ្ររបស់ {company}",
                "email_intro": "សំណើជំនួយ {ticket} របស់អ្នកត្រូវបានដោះស្រាយរួចហើយ។",
                "sms_text": "{company}: សូមវាយតម្លៃសេវាគាំទ្ររបស់យើង {link}",
            },
            "th": {
                "question": "คุณพึงพอใจกับความช่วยเหลือที่ได้รับมากน้อยเพียงใด",
                "followup_negative": "เราจะปรับปรุงอะไรให้ดีขึ้นได้บ้าง",
                "followup_neutral": "อะไรจะช่วยให้ประสบการณ์ครั้งนี้ดียิ่งขึ้น",
                "followup_positive": "คุณชอบอะไรมากที่สุด",
                "thanks": "ขอบคุณสำหรับความคิดเห็น ซึ่งจะช่วยให้เราปรับปรุงบริการได้ดียิ่งขึ้น",
                "email_subject": "โปรดให้คะแนนความช่วยเหลือจาก {company}",
                "email_intro": "คำขอความช่วยเหลือ {ticket} ของคุณได้รับการแก้ไขเรียบร้อยแล้ว",
                "sms_text": "{company}: โปรดให้คะแนนความช่วยเหลือของเรา {link}",
            },
            "vi": {
                "question": "Bạn hài lòng đến mức nào với sự hỗ trợ mà bạn đã nhận được?",
                "followup_negative": "Chúng tôi có thể làm gì tốt hơn?",
                "followup_neutral": "Điều gì sẽ giúp trải nghiệm này tốt hơn?",
                "followup_positive": "Bạn thích điều gì nhất?",
                "thanks": "Cảm ơn bạn đã góp ý. Ý kiến của bạn giúp chúng tôi hỗ trợ tốt hơn.",
                "email_subject": "Bạn thấy dịch vụ hỗ trợ của {company} thế nào?",
                "email_intro": "Yêu cầu hỗ trợ {ticket} của bạn đã được giải quyết.",
                "sms_text": "{company}: Mời bạn đánh giá sự hỗ trợ của chúng tôi {link}",
            },
        },
    ),
)

_CES_SUPPORT = Template(
    key="ces_support",
    name="Support CES (how easy it was)",
    kind="ces",
    scale="1-7",
    display="numbers",
    orientation="high_is_good",
    stage="support",
    touchpoint="ticket_resolved",
    checklist=(),
    texts=_texts(
        {
            "en": {
                "question": "{company} made it easy for me to handle my issue.",
                "low_label": "Strongly disagree",
                "high_label": "Strongly agree",
                "followup_negative": "What made it difficult?",
                "followup_neutral": "What could have made it easier?",
                "followup_positive": "What made it easy for you?",
                "thanks": "Thank you. Your answer helps us make things easier for you.",
                "email_subject": "Was it easy to get help from {company}?",
                "email_intro": "How much do you agree with the statement below?",
                "sms_text": "{company}: was it easy to get your issue solved? {link}",
            },
            "km": {
                "question": "{company} បានធ្វើឱ្យខ្ញុំងាយស្រួលក្នុងការដោះស្រាយបញ្ហារបស់ខ្ញុំ។",
                "low_label": "មិនយល់ស្របយ៉ាងខ្លាំង",
                "high_label": "យល់ស្របយ៉ាងខ្លាំង",
                "followup_negative": "តើអ្វីខ្លះដែលធ្វើឱ្យអ្នកជួបការលំបាក?",
                "followup_neutral": "តើយើងអាចធ្វើអ្វីខ្លះ ដើម្បីឱ្យកាន់តែងាយស្រួល?",
                "followup_positive": "តើអ្វីដែលធ្វើឱ្យវាងាយស្រួលសម្រាប់អ្នក?",
                "thanks": "សូមអរគុណ! ចម្លើយរបស់អ្នកជួយយើងធ្វើឱ្យអ្វីៗកាន់តែងាយស្រួលសម្រាប់អ្នក។",
                "email_subject": "តើការទទួលជំនួយពី {company} ងាយស្រួលដែរឬទេ?",
                "email_intro": "តើអ្នកយល់ស្របនឹងប្រយោគខាងក្រោមកម្រិតណា?",
                "sms_text": "{company}: តើការដោះស្រាយបញ្ហារបស់អ្នកងាយស្រួលដែរឬទេ? {link}",
            },
            "th": {
                "question": "{company} ช่วยให้ฉันจัดการปัญหาได้อย่างง่ายดาย",
                "low_label": "ไม่เห็นด้วยอย่างยิ่ง",
                "high_label": "เห็นด้วยอย่างยิ่ง",
                "followup_negative": "อะไรทำให้การแก้ปัญหาครั้งนี้ยุ่งยาก",
                "followup_neutral": "เราจะทำให้ง่ายขึ้นได้อย่างไร",
                "followup_positive": "อะไรทำให้การแก้ปัญหาครั้งนี้ง่ายสำหรับคุณ",
                "thanks": "ขอบคุณสำหรับคำตอบ ซึ่งจะช่วยให้เราทำให้ทุกอย่างง่ายขึ้นสำหรับคุณ",
                "email_subject": "การขอความช่วยเหลือจาก {company} ง่ายแค่ไหน",
                "email_intro": "คุณเห็นด้วยกับข้อความต่อไปนี้มากน้อยเพียงใด",
                "sms_text": "{company}: การแก้ปัญหากับเราง่ายแค่ไหน ตอบได้ที่ {link}",
            },
            "vi": {
                "question": "{company} đã giúp tôi giải quyết vấn đề một cách dễ dàng.",
                "low_label": "Hoàn toàn không đồng ý",
                "high_label": "Hoàn toàn đồng ý",
                "followup_negative": "Điều gì khiến việc giải quyết vấn đề trở nên khó khăn?",
                "followup_neutral": "Chúng tôi có thể làm gì để mọi việc dễ dàng hơn?",
                "followup_positive": "Điều gì khiến bạn thấy dễ dàng?",
                "thanks": "Cảm ơn bạn! Câu trả lời của bạn giúp chúng tôi phục vụ thuận tiện hơn.",
                "email_subject": "Nhận hỗ trợ từ {company} có dễ dàng không?",
                "email_intro": "Bạn đồng ý với nhận định dưới đây ở mức nào?",
                "sms_text": "{company}: Giải quyết vấn đề với chúng tôi có dễ dàng không? {link}",
            },
        },
    ),
)

_NPS_RELATIONSHIP = Template(
    key="nps_relationship",
    name="Relationship NPS+ (quarterly, with the top hosting problems)",
    kind="nps",
    scale="0-10",
    display="numbers",
    orientation="high_is_good",
    stage="relationship",
    touchpoint="quarterly",
    checklist=HOSTING_PROBLEMS,
    recontact_days=90,
    texts=_texts(
        _NPS_QUESTION,
        _HOSTING_CHECKLIST,
        {
            "en": {
                "followup_negative": "Why did you give this score? What should we fix first?",
                "followup_neutral": "What would make you more likely to recommend us?",
                "followup_positive": "What do you like most about us?",
                "thanks": "Thank you for your feedback. We read every answer.",
                "email_subject": "Would you recommend {company}?",
                "email_intro": "One short question about your experience with {company}.",
                "sms_text": "{company}: would you recommend us? One question: {link}",
            },
            "km": {
                "followup_negative": "ហេតុអ្វីបានជាអ្នកផ្តល់ពិន្ទុនេះ? តើយើងគួរកែលម្អអ្វីមុនគេ?",
                "followup_neutral": "តើយើងអាចធ្វើអ្វី ដើម្បីឱ្យអ្នកចង់ណែនាំយើងកាន់តែខ្លាំង?",
                "followup_positive": "តើអ្នកចូលចិត្តអ្វីជាងគេអំពីយើង?",
                "thanks": "សូមអរគុណចំពោះមតិរបស់អ្នក។ យើងអានគ្រប់ចម្លើយ។",
                "email_subject": "តើអ្នកនឹងណែនាំ {company} ដល់អ្នកដទៃដែរឬទេ?",
                "email_intro": "សំណួរខ្លីមួយអំពីបទពិសោធន៍របស់អ្នកជាមួយ {company}។",
                "sms_text": "{company}: តើអ្នកនឹងណែនាំយើងដល់អ្នកដទៃដែរឬទេ? {link}",
            },
            "th": {
                "followup_negative": "ทำไมคุณจึงให้คะแนนนี้ และเราควรแก้ไขเรื่องใดก่อน",
                "followup_neutral": "เราจะทำอย่างไรให้คุณอยากแนะนำเรามากขึ้น",
                "followup_positive": "คุณชอบอะไรในบริการของเรามากที่สุด",
                "thanks": "ขอบคุณสำหรับความคิดเห็น เราอ่านทุกคำตอบ",
                "email_subject": "คุณจะแนะนำ {company} ให้คนรู้จักหรือไม่",
                "email_intro": "คำถามสั้น ๆ เกี่ยวกับประสบการณ์ของคุณกับ {company}",
                "sms_text": "{company}: คุณจะแนะนำเราให้คนรู้จักไหม ตอบได้ที่ {link}",
            },
            "vi": {
                "followup_negative": "Vì sao bạn chọn điểm này? Chúng tôi nên cải thiện gì trước?",
                "followup_neutral": "Chúng tôi cần làm gì để bạn sẵn lòng giới thiệu hơn?",
                "followup_positive": "Bạn thích điều gì nhất ở chúng tôi?",
                "thanks": "Cảm ơn bạn đã góp ý. Chúng tôi đọc mọi câu trả lời.",
                "email_subject": "Bạn có giới thiệu {company} cho người quen không?",
                "email_intro": "Một câu hỏi ngắn về trải nghiệm của bạn với {company}.",
                "sms_text": "{company}: Bạn có giới thiệu chúng tôi cho người quen không? {link}",
            },
        },
    ),
)

_NPS_ONBOARDING = Template(
    key="nps_onboarding",
    name="Onboarding NPS (3 days after signup)",
    kind="nps",
    scale="0-10",
    display="numbers",
    orientation="high_is_good",
    stage="onboarding",
    touchpoint="signup",
    checklist=(),
    delay_days=3,
    texts=_texts(
        _NPS_QUESTION,
        {
            "en": {
                "followup_negative": "What disappointed you in your first days with us?",
                "followup_neutral": "What would make getting started with us better?",
                "followup_positive": "What have you liked most so far?",
                "thanks": "Thank you! Your answer helps us welcome new customers better.",
                "email_subject": "Your first days with {company}",
                "email_intro": "You started with {company} a few days ago. How is it going?",
                "sms_text": "{company}: how are your first days with us? One question: {link}",
            },
            "km": {
                "followup_negative": "តើមានអ្វីដែលធ្វើឱ្យអ្នកមិនពេញចិត្តក្នុងថ្ងៃដំបូងៗជាមួយយើង?",
                "followup_neutral": "តើអ្វីខ្លះអាចធ្វើឱ្យការចាប់ផ្តើមជាមួយយើងកាន់តែប្រសើរ?",
                "followup_positive": "តើអ្នកចូលចិត្តអ្វីជាងគេរហូតមកដល់ពេលនេះ?",
                "thanks": "សូមអរគុណ! ចម្លើយរបស់អ្នកជួយយើងស្វាគមន៍អតិថិជនថ្មីបានកាន់តែល្អ។",
                "email_subject": "ថ្ងៃដំបូងៗរបស់អ្នកជាមួយ {company}",
                "email_intro": "អ្នកបានចាប់ផ្តើមប្រើសេវា {company} កាលពីពីរបីថ្ងៃមុន។ តើអ្វីៗដំណើរការល្អដែរឬទេ?",
                "sms_text": "{company}: តើថ្ងៃដំបូងៗជាមួយយើងយ៉ាងដូចម្តេចដែរ? {link}",
            },
            "th": {
                "followup_negative": "ในช่วงแรกมีอะไรที่ทำให้คุณผิดหวังบ้าง",
                "followup_neutral": "อะไรจะช่วยให้การเริ่มต้นใช้งานกับเราดียิ่งขึ้น",
                "followup_positive": "จนถึงตอนนี้คุณชอบอะไรมากที่สุด",
                "thanks": "ขอบคุณ คำตอบของคุณช่วยให้เราดูแลลูกค้าใหม่ได้ดียิ่งขึ้น",
                "email_subject": "ช่วงแรกของคุณกับ {company} เป็นอย่างไรบ้าง",
                "email_intro": "คุณเริ่มใช้บริการ {company} มาได้ไม่กี่วันแล้ว ทุกอย่างเป็นอย่างไรบ้าง",
                "sms_text": "{company}: ช่วงแรกกับเราเป็นอย่างไรบ้าง ตอบได้ที่ {link}",
            },
            "vi": {
                "followup_negative": "Điều gì khiến bạn chưa hài lòng trong những ngày đầu?",
                "followup_neutral": "Điều gì sẽ giúp việc bắt đầu với chúng tôi tốt hơn?",
                "followup_positive": "Cho đến nay, bạn thích điều gì nhất?",
                "thanks": "Cảm ơn bạn! Câu trả lời giúp chúng tôi chào đón khách hàng mới tốt hơn.",
                "email_subject": "Những ngày đầu của bạn với {company}",
                "email_intro": "Bạn đã bắt đầu dùng {company} được vài ngày. Mọi việc thế nào rồi?",
                "sms_text": "{company}: Những ngày đầu với chúng tôi thế nào? {link}",
            },
        },
    ),
)

_CSAT_ONBOARDING = Template(
    key="csat_onboarding",
    name="Onboarding CSAT (getting started)",
    kind="csat",
    scale="1-5",
    display="stars",
    orientation="high_is_good",
    stage="onboarding",
    touchpoint="onboarding_completed",
    checklist=(),
    texts=_texts(
        _CSAT_ENDS,
        {
            "en": {
                "question": "How satisfied are you with getting started with our service?",
                "followup_negative": "What could we do better?",
                "followup_neutral": "What would have made getting started easier?",
                "followup_positive": "What helped you most?",
                "thanks": "Thank you for your feedback!",
                "email_subject": "How was getting started with {company}?",
                "email_intro": "Your account is ready. We would like to hear how it went.",
                "sms_text": "{company}: how was getting started with us? {link}",
            },
            "km": {
                "question": "តើអ្នកពេញចិត្តកម្រិតណាចំពោះការចាប់ផ្តើមប្រើសេវារបស់យើង?",
                "followup_negative": "តើយើងអាចធ្វើអ្វីបានប្រសើរជាងនេះ?",
                "followup_neutral": "តើអ្វីខ្លះអាចធ្វើឱ្យការចាប់ផ្តើមកាន់តែងាយស្រួល?",
                "followup_positive": "តើអ្វីដែលបានជួយអ្នកច្រើនជាងគេ?",
                "thanks": "សូមអរគុណចំពោះមតិរបស់អ្នក!",
                "email_subject": "តើការចាប់ផ្តើមជាមួយ {company} យ៉ាងដូចម្តេចដែរ?",
                "email_intro": "គណនីរបស់អ្នករួចរាល់ហើយ។ យើងចង់ដឹងពីបទពិសោធន៍របស់អ្នក។",
                "sms_text": "{company}: សូមវាយតម្លៃការចាប់ផ្តើមប្រើសេវារបស់យើង {link}",
            },
            "th": {
                "question": "คุณพึงพอใจกับการเริ่มต้นใช้งานบริการของเรามากน้อยเพียงใด",
                "followup_negative": "เราจะปรับปรุงอะไรให้ดีขึ้นได้บ้าง",
                "followup_neutral": "อะไรจะช่วยให้การเริ่มต้นใช้งานง่ายขึ้น",
                "followup_positive": "อะไรช่วยคุณได้มากที่สุด",
                "thanks": "ขอบคุณสำหรับความคิดเห็นของคุณ",
                "email_subject": "การเริ่มต้นใช้งาน {company} เป็นอย่างไรบ้าง",
                "email_intro": "บัญชีของคุณพร้อมใช้งานแล้ว เราอยากทราบว่าทุกอย่างเป็นอย่างไรบ้าง",
                "sms_text": "{company}: การเริ่มต้นใช้งานเป็นอย่างไรบ้าง ให้คะแนนได้ที่ {link}",
            },
            "vi": {
                "question": "Bạn hài lòng đến mức nào với việc bắt đầu dùng dịch vụ của chúng tôi?",
                "followup_negative": "Chúng tôi có thể làm gì tốt hơn?",
                "followup_neutral": "Điều gì sẽ giúp việc bắt đầu dễ dàng hơn?",
                "followup_positive": "Điều gì giúp ích cho bạn nhiều nhất?",
                "thanks": "Cảm ơn bạn đã góp ý!",
                "email_subject": "Bạn bắt đầu với {company} thế nào?",
                "email_intro": "Tài khoản của bạn đã sẵn sàng. Bạn thấy mọi việc thế nào?",
                "sms_text": "{company}: Mời bạn đánh giá việc bắt đầu sử dụng dịch vụ {link}",
            },
        },
    ),
)

_CSAT_BINARY = Template(
    key="csat_binary",
    name="Chat CSAT (Good / Bad)",
    kind="csat",
    scale="binary",
    display="numbers",
    orientation="high_is_good",
    stage="support",
    touchpoint="chat_ended",
    checklist=(),
    texts=_texts(
        {
            "en": {
                "question": "How do you feel about our service?",
                "low_label": "Bad, I am not satisfied",
                "high_label": "Good, I am satisfied",
                "followup_negative": "What could we do better?",
                "followup_neutral": "What would have made it better?",
                "followup_positive": "What did you like most?",
                "thanks": "Thank you for chatting with us!",
                "email_subject": "How was your chat with {company}?",
                "email_intro": "Thank you for chatting with us.",
                "sms_text": "{company}: how was your chat with us? {link}",
            },
            "km": {
                "question": "តើអ្នកមានអារម្មណ៍យ៉ាងណាចំពោះសេវាកម្មរបស់យើង?",
                "low_label": "មិនល្អ ខ្ញុំមិនពេញចិត្ត",
                "high_label": "ល្អ ខ្ញុំពេញចិត្ត",
                "followup_negative": "តើយើងអាចធ្វើអ្វីបានប្រសើរជាងនេះ?",
                "followup_neutral": "តើអ្វីខ្លះអាចធ្វើឱ្យវាប្រសើរជាងនេះ?",
                "followup_positive": "តើអ្នកចូលចិត្តអ្វីជាងគេ?",
                "thanks": "សូមអរគុណដែលបានជជែកជាមួយយើង!",
                "email_subject": "តើការជជែកជាមួយ {company} យ៉ាងដូចម្តេចដែរ?",
                "email_intro": "សូមអរគុណដែលបានជជែកជាមួយយើង។",
                "sms_text": "{company}: តើការជជែកជាមួយយើងយ៉ាងដូចម្តេចដែរ? {link}",
            },
            "th": {
                "question": "คุณรู้สึกอย่างไรกับบริการของเรา",
                "low_label": "ไม่ดี ไม่พึงพอใจ",
                "high_label": "ดี พึงพอใจ",
                "followup_negative": "เราจะปรับปรุงอะไรให้ดีขึ้นได้บ้าง",
                "followup_neutral": "อะไรจะทำให้บริการครั้งนี้ดียิ่งขึ้น",
                "followup_positive": "คุณชอบอะไรมากที่สุด",
                "thanks": "ขอบคุณที่แชทกับเรา",
                "email_subject": "การแชทกับ {company} เป็นอย่างไรบ้าง",
                "email_intro": "ขอบคุณที่แชทกับเรา",
                "sms_text": "{company}: การแชทกับเราเป็นอย่างไรบ้าง {link}",
            },
            "vi": {
                "question": "Bạn cảm thấy thế nào về dịch vụ của chúng tôi?",
                "low_label": "Không tốt, tôi không hài lòng",
                "high_label": "Tốt, tôi hài lòng",
                "followup_negative": "Chúng tôi có thể làm gì tốt hơn?",
                "followup_neutral": "Điều gì sẽ giúp cuộc trò chuyện tốt hơn?",
                "followup_positive": "Bạn thích điều gì nhất?",
                "thanks": "Cảm ơn bạn đã trò chuyện với chúng tôi!",
                "email_subject": "Cuộc trò chuyện với {company} thế nào?",
                "email_intro": "Cảm ơn bạn đã trò chuyện với chúng tôi.",
                "sms_text": "{company}: Bạn thấy cuộc trò chuyện với chúng tôi thế nào? {link}",
            },
        },
    ),
)

_RATING = Template(
    key="rating",
    name="Agent rating (1-5 stars)",
    kind="rating",
    scale="1-5",
    display="stars",
    orientation="high_is_good",
    stage="support",
    touchpoint="ticket_resolved",
    checklist=(),
    texts=_texts(
        {
            "en": {
                "question": "How would you rate the agent who helped you?",
                "low_label": "Poor",
                "high_label": "Excellent",
                "followup_negative": "What could our agent have done better?",
                "followup_neutral": "What would have made it excellent?",
                "followup_positive": "What did our agent do well?",
                "thanks": "Thank you! We share your rating with the team.",
                "email_subject": "Please rate the agent who helped you",
                "email_intro": "Please rate the agent who handled your request {ticket}.",
                "sms_text": "{company}: please rate the agent who helped you: {link}",
            },
            "km": {
                "question": "តើអ្នកវាយតម្លៃភ្នាក់ងារដែលបានជួយអ្នកយ៉ាងដូចម្តេច?",
                "low_label": "មិនល្អ",
                "high_label": "ល្អណាស់",
                "followup_negative": "តើភ្នាក់ងាររបស់យើងអាចធ្វើអ្វីបានប្រសើរជាងនេះ?",
                "followup_neutral": "តើអ្វីខ្លះអាចធ្វើឱ្យសេវានេះល្អឥតខ្ចោះ?",
                "followup_positive": "តើភ្នាក់ងាររបស់យើងបានធ្វើអ្វីបានល្អ?",
                "thanks": "សូមអរគុណ! យើងនឹងចែករំលែកការវាយតម្លៃរបស់អ្នកជាមួយក្រុមការងារ។",
                "email_subject": "សូមវាយតម្លៃភ្នាក់ងារដែលបានជួយអ្នក",
                "email_intro": "សូមវាយតម្លៃភ្នាក់ងារដែលបានដោះស្រាយសំណើ {ticket} របស់អ្នក។",
                "sms_text": "{company}: សូមវាយតម្លៃភ្នាក់ងារដែលបានជួយអ្នក {link}",
            },
            "th": {
                "question": "คุณจะให้คะแนนเจ้าหน้าที่ที่ดูแลคุณเท่าไร",
                "low_label": "ควรปรับปรุง",
                "high_label": "ดีเยี่ยม",
                "followup_negative": "เจ้าหน้าที่ของเราควรปรับปรุงเรื่องใด",
                "followup_neutral": "อะไรจะทำให้บริการครั้งนี้ดีเยี่ยม",
                "followup_positive": "เจ้าหน้าที่ของเราทำอะไรได้ดี",
                "thanks": "ขอบคุณ เราจะแจ้งคะแนนของคุณให้ทีมงานทราบ",
                "email_subject": "โปรดให้คะแนนเจ้าหน้าที่ที่ดูแลคุณ",
                "email_intro": "โปรดให้คะแนนเจ้าหน้าที่ที่ดูแลคำขอ {ticket} ของคุณ",
                "sms_text": "{company}: โปรดให้คะแนนเจ้าหน้าที่ที่ดูแลคุณ {link}",
            },
            "vi": {
                "question": "Bạn đánh giá thế nào về nhân viên đã hỗ trợ bạn?",
                "low_label": "Kém",
                "high_label": "Xuất sắc",
                "followup_negative": "Nhân viên của chúng tôi có thể làm gì tốt hơn?",
                "followup_neutral": "Điều gì sẽ giúp lần hỗ trợ này trở nên xuất sắc?",
                "followup_positive": "Nhân viên của chúng tôi đã làm tốt điều gì?",
                "thanks": "Cảm ơn bạn! Chúng tôi sẽ chia sẻ đánh giá của bạn với đội ngũ.",
                "email_subject": "Mời bạn đánh giá nhân viên hỗ trợ",
                "email_intro": "Mời bạn đánh giá nhân viên đã xử lý yêu cầu {ticket} của bạn.",
                "sms_text": "{company}: Mời bạn đánh giá nhân viên đã hỗ trợ bạn {link}",
            },
        },
    ),
)

TEMPLATES: Mapping[str, Template] = MappingProxyType(
    {
        t.key: t
        for t in (
            _CSAT_SUPPORT,
            _CES_SUPPORT,
            _NPS_RELATIONSHIP,
            _NPS_ONBOARDING,
            _CSAT_ONBOARDING,
            _CSAT_BINARY,
            _RATING,
        )
    }
)
