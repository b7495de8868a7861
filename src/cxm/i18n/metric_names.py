"""The 14 service metrics' names in each interface language, by registry key."""

from __future__ import annotations

from cxm.i18n.catalogue import Catalogue

METRIC_NAMES = Catalogue(
    {
        "en": {
            "csat": "Customer satisfaction (CSAT)",
            "nps": "Net Promoter Score (NPS)",
            "ces": "Customer effort score (CES)",
            "ticket_categories": "Ticket categories",
            "ticket_volume": "Ticket volume",
            "retention_rate": "Customer retention rate",
            "churn_rate": "Customer churn rate",
            "cac": "Customer acquisition cost (CAC)",
            "clv": "Customer lifetime value (CLV)",
            "first_response_time": "First response time",
            "resolution_time": "Resolution time",
            "fcr_rate": "First contact resolution",
            "resolution_rate": "Resolution rate",
            "channels": "Preferred channels",
        },
        "km": {
            "csat": "ការពេញចិត្តរបស់អតិថិជន (CSAT)",
            "nps": "ពិន្ទុអ្នកផ្សព្វផ្សាយសុទ្ធ (NPS)",
            "ces": "ពិន្ទុការខិតខំរបស់អតិថិជន (CES)",
            "ticket_categories": "ប្រភេទសំបុត្រ",
            "ticket_volume": "ចំនួនសំបុត្រ",
            "retention_rate": "អត្រារក្សាអតិថិជន",
            "churn_rate": "អត្រាបាត់បង់អតិថិជន",
            "cac": "ថ្លៃទទួលបានអតិថិជន (CAC)",
            "clv": "តម្លៃអតិថិជនពេញមួយជីវិត (CLV)",
            "first_response_time": "ពេលឆ្លើយតបដំបូង",
            "resolution_time": "ពេលដោះស្រាយ",
            "fcr_rate": "ការដោះស្រាយនៅទំនាក់ទំនងដំបូង",
            "resolution_rate": "អត្រាដោះស្រាយ",
            "channels": "បណ្តាញដែលពេញចិត្ត",
        },
        "th": {
            "csat": "ความพึงพอใจของลูกค้า (CSAT)",
            "nps": "คะแนนการแนะนำสุทธิ (NPS)",
            "ces": "คะแนนความพยายามของลูกค้า (CES)",
            "ticket_categories": "ประเภทของทิกเก็ต",
            "ticket_volume": "ปริมาณทิกเก็ต",
            "retention_rate": "อัตราการรักษาลูกค้า",
            "churn_rate": "อัตราการสูญเสียลูกค้า",
            "cac": "ต้นทุนการได้มาซึ่งลูกค้า (CAC)",
            "clv": "มูลค่าตลอดช่วงชีวิตของลูกค้า (CLV)",
            "first_response_time": "เวลาตอบกลับครั้งแรก",
            "resolution_time": "เวลาแก้ไขปัญหา",
            "fcr_rate": "การแก้ไขปัญหาในการติดต่อครั้งแรก",
            "resolution_rate": "อัตราการแก้ไขปัญหา",
            "channels": "ช่องทางที่ลูกค้าเลือก",
        },
        "vi": {
            "csat": "Mức độ hài lòng của khách hàng (CSAT)",
            "nps": "Chỉ số thiện cảm ròng (NPS)",
            "ces": "Điểm nỗ lực của khách hàng (CES)",
            "ticket_categories": "Phân loại yêu cầu hỗ trợ",
            "ticket_volume": "Số lượng yêu cầu hỗ trợ",
            "retention_rate": "Tỷ lệ giữ chân khách hàng",
            "churn_rate": "Tỷ lệ khách hàng rời bỏ",
            "cac": "Chi phí thu hút khách hàng (CAC)",
            "clv": "Giá trị vòng đời khách hàng (CLV)",
            "first_response_time": "Thời gian phản hồi đầu tiên",
            "resolution_time": "Thời gian giải quyết",
            "fcr_rate": "Giải quyết ngay lần liên hệ đầu tiên",
            "resolution_rate": "Tỷ lệ giải quyết",
            "channels": "Kênh liên hệ ưa thích",
        },
    }
)
