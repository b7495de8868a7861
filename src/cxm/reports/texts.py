"""The texts of the HTML and PDF monthly report, by key, in each report language.

Metric names come from `cxm.i18n.metric_names`; the formulas and definitions on the last page
come from the metric registry (in English). Khmer and Thai write no spaces between words: a
space in those texts separates phrases, as a comma would.
"""

from __future__ import annotations

from cxm.i18n.catalogue import Catalogue

EN = {
    "title": "Customer experience report",
    "subtitle": "{company} · {month}",
    "generated": "Generated {when}",
    "page": "Page {page} of {pages}",
    "no_data": "no data",
    "headline": "The month at a glance",
    "col_metric": "Metric",
    "col_value": "Value",
    "col_interval": "95 % interval",
    "col_n": "n",
    "col_change": "Change since {month}",
    "previous": "was {value}",
    "points": "{value} pts",
    "within_90": "90 % within {value}",
    "beyond_noise": "beyond noise",
    "within_noise": "within noise",
    "band_good": "good (above {high} %)",
    "band_fair": "fair ({low}–{high} %)",
    "band_poor": "room to improve (below {low} %)",
    "benchmark_note": (
        "CSAT benchmarks (American Customer Satisfaction Index, 2020): above 80 % is good in "
        "any industry; below 60 % leaves much room for improvement. Compare the company with "
        "its own past first."
    ),
    "noise_note": (
        "Beyond noise: the change is larger than chance would explain, at the 95 % level. "
        "Intervals are 95 %: Wilson for rates, the NPS standard error for NPS. n is the number "
        "of answers, tickets or customers a number is computed from."
    ),
    "trends": "Trends over twelve months",
    "chart_csat": "CSAT, % satisfied, with its 95 % interval",
    "chart_nps": "NPS with its 95 % interval",
    "chart_ces": "CES, % easy, with its 95 % interval",
    "guide_good": "{value}: good",
    "guide_low": "{value}: low",
    "chart_volume": "Tickets per month by category",
    "other_categories": "other",
    "no_category": "(no category)",
    "spikes": "Spikes",
    "spike_line": "{category}, {month}: {count} tickets (average of the months before: {baseline})",
    "no_spikes": "No category rose beyond noise.",
    "spike_rule": (
        "A spike is a month in which a category's tickets exceed the average of the three "
        "months before by more than chance explains (z > 3)."
    ),
    "chart_first_response": "First response time, hours",
    "chart_resolution": "Resolution time, hours",
    "median": "median",
    "p90": "90th percentile",
    "chart_channels": "Tickets by channel, {month}, % of all",
    "categories": "Tickets by category",
    "col_category": "Category",
    "col_tickets": "Tickets",
    "col_previous": "Month before",
    "loyalty": "Loyalty map",
    "loyalty_intro": (
        "Each customer placed by satisfaction (CSAT over {days} days) and loyalty (their "
        "latest NPS answer), as of {day}."
    ),
    "q_advocates": "Advocates",
    "q_vip_support": "VIP support",
    "q_wildcards": "Wildcards",
    "q_churners": "Churners",
    "hint_advocates": "promoters, satisfied",
    "hint_vip_support": "promoters, not satisfied: care for them first",
    "hint_wildcards": "satisfied, not promoters: open to competitors",
    "hint_churners": "neither: they will leave and talk",
    "axis_promoter": "promoter",
    "axis_not_promoter": "not a promoter",
    "axis_satisfied": "satisfied",
    "axis_not_satisfied": "not satisfied",
    "share_count": "{share} · {count} customers",
    "placed": (
        "{placed} of {customers} answering customers placed; {unplaced} answered on one axis only."
    ),
    "warn_churners": (
        "Churners are {share} of placed customers, above {limit}: a serious warning. They are "
        "unhappy, disloyal, and will leave and tell others."
    ),
    "ok_churners": "Churners are {share} of placed customers, below {limit}: do not over-invest.",
    "warn_wildcards": (
        "Wildcards are {share} of placed customers, above {limit}: find what disappoints them "
        "at every journey stage, and invest in user education."
    ),
    "vip_title": "VIP support: call these customers first",
    "vip_intro": "Promoters who had a bad experience, least satisfied first ({shown} of {total}).",
    "col_customer": "Customer",
    "col_email": "E-mail",
    "col_nps_score": "NPS score",
    "col_csat_answers": "Satisfied CSAT answers",
    "satisfied_of": "{satisfied} of {answers}",
    "no_vip": "No promoter is dissatisfied.",
    "stages": "CSAT per journey stage",
    "col_stage": "Stage",
    "no_stage": "(no stage)",
    "strongest": "Strongest: {stage} ({csat})",
    "weakest": "Weakest: {stage} ({csat})",
    "gap_beyond": "The gap between them is beyond noise.",
    "gap_within": "The gap between them is within noise.",
    "stages_too_few": (
        "Fewer than two stages have {n} answers or more: too few to call the strongest and "
        "the weakest."
    ),
    "no_stages": "No CSAT answer of the month names a journey stage.",
    "segments": "By {dimension}",
    "seg_first_response": "First response (median)",
    "seg_resolution": "Resolution (median)",
    "definitions": "Definitions",
    "definitions_intro": (
        "How each number is computed: the formulas and definitions of the cxm metric registry."
    ),
    "col_formula": "Formula",
    "col_definition": "Definition",
    "email_subject": "{company}: customer experience report, {month}",
    "email_intro": (
        "The customer experience report of {company} for {month} is attached. The month at a "
        "glance, with the change since the month before:"
    ),
    "email_files": "Attached: {files}",
}

KM = {
    "title": "របាយការណ៍បទពិសោធន៍អតិថិជន",
    "subtitle": "{company} · {month}",
    "generated": "បង្កើតនៅ {when}",
    "page": "ទំព័រ {page} នៃ {pages}",
    "no_data": "គ្មានទិន្នន័យ",
    "headline": "សង្ខេបប្រចាំខែ",
    "col_metric": "រង្វាស់",
    "col_value": "តម្លៃ",
    "col_interval": "ចន្លោះទំនុកចិត្ត 95 %",
    "col_n": "n",
    "col_change": "ប្រែប្រួលធៀបនឹង {month}",
    "previous": "មុន {value}",
    "points": "{value} ពិន្ទុ",
    "within_90": "90 % ក្នុងរយៈពេល {value}",
    "beyond_noise": "លើសពីភាពចៃដន្យ",
    "within_noise": "ក្នុងកម្រិតចៃដន្យ",
    "band_good": "ល្អ (លើស {high} %)",
    "band_fair": "មធ្យម ({low}–{high} %)",
    "band_poor": "ត្រូវកែលម្អ (ក្រោម {low} %)",
    "benchmark_note": (
        "កម្រិតយោង CSAT (American Customer Satisfaction Index, 2020)៖ លើស 80 % "
        "គឺល្អក្នុងគ្រប់វិស័យ ក្រោម 60 % នៅមានកន្លែងត្រូវកែលម្អច្រើន។ "
        "ត្រូវប្រៀបធៀបក្រុមហ៊ុនជាមួយលទ្ធផលកន្លងមករបស់ខ្លួនជាមុនសិន។"
    ),
    "noise_note": (
        "លើសពីភាពចៃដន្យ៖ ការប្រែប្រួលធំជាងអ្វីដែលភាពចៃដន្យអាចពន្យល់បាន នៅកម្រិត 95 %។ "
        "ចន្លោះទាំងអស់គឺ 95 %៖ Wilson សម្រាប់អត្រា និងកំហុសស្តង់ដាររបស់ NPS សម្រាប់ NPS។ "
        "n គឺចំនួនចម្លើយ សំបុត្រ ឬអតិថិជនដែលប្រើសម្រាប់គណនាលេខនីមួយៗ។"
    ),
    "trends": "និន្នាការរយៈពេលដប់ពីរខែ",
    "chart_csat": "CSAT (% ពេញចិត្ត) ជាមួយចន្លោះ 95 %",
    "chart_nps": "NPS ជាមួយចន្លោះ 95 %",
    "chart_ces": "CES (% ងាយស្រួល) ជាមួយចន្លោះ 95 %",
    "guide_good": "{value}៖ ល្អ",
    "guide_low": "{value}៖ ទាប",
    "chart_volume": "ចំនួនសំបុត្រប្រចាំខែ តាមប្រភេទ",
    "other_categories": "ផ្សេងៗ",
    "no_category": "(គ្មានប្រភេទ)",
    "spikes": "ការកើនឡើងខ្លាំង",
    "spike_line": "{category}, {month}៖ សំបុត្រ {count} (មធ្យមនៃខែមុនៗ៖ {baseline})",
    "no_spikes": "គ្មានប្រភេទណាកើនឡើងលើសពីភាពចៃដន្យទេ។",
    "spike_rule": (
        "ការកើនឡើងខ្លាំង គឺខែដែលចំនួនសំបុត្រនៃប្រភេទមួយ "
        "លើសមធ្យមនៃបីខែមុន ច្រើនជាងអ្វីដែលភាពចៃដន្យអាចពន្យល់បាន (z > 3)។"
    ),
    "chart_first_response": "ពេលឆ្លើយតបដំបូង (ម៉ោង)",
    "chart_resolution": "ពេលដោះស្រាយ (ម៉ោង)",
    "median": "មេដ្យាន",
    "p90": "ភាគរយទី 90",
    "chart_channels": "សំបុត្រតាមបណ្តាញ {month} (% នៃសំបុត្រទាំងអស់)",
    "categories": "សំបុត្រតាមប្រភេទ",
    "col_category": "ប្រភេទ",
    "col_tickets": "សំបុត្រ",
    "col_previous": "ខែមុន",
    "loyalty": "ផែនទីភាពស្មោះត្រង់",
    "loyalty_intro": (
        "អតិថិជនម្នាក់ៗត្រូវបានដាក់តាមការពេញចិត្ត (CSAT ក្នុងរយៈពេល {days} ថ្ងៃ) "
        "និងភាពស្មោះត្រង់ (ចម្លើយ NPS ចុងក្រោយ) គិតត្រឹម {day}។"
    ),
    "q_advocates": "អ្នកគាំទ្រ",
    "q_vip_support": "ការគាំទ្រ VIP",
    "q_wildcards": "អ្នកមិនប្រាកដ",
    "q_churners": "អ្នកនឹងចាកចេញ",
    "hint_advocates": "អ្នកផ្សព្វផ្សាយ និងពេញចិត្ត",
    "hint_vip_support": "អ្នកផ្សព្វផ្សាយ តែមិនពេញចិត្ត៖ យកចិត្តទុកដាក់ពួកគេមុនគេ",
    "hint_wildcards": "ពេញចិត្ត តែមិនមែនអ្នកផ្សព្វផ្សាយ៖ អាចទៅរកគូប្រកួត",
    "hint_churners": "មិនពេញចិត្ត មិនស្មោះត្រង់៖ នឹងចាកចេញ ហើយនិយាយប្រាប់អ្នកដទៃ",
    "axis_promoter": "អ្នកផ្សព្វផ្សាយ",
    "axis_not_promoter": "មិនមែនអ្នកផ្សព្វផ្សាយ",
    "axis_satisfied": "ពេញចិត្ត",
    "axis_not_satisfied": "មិនពេញចិត្ត",
    "share_count": "{share} · អតិថិជន {count} នាក់",
    "placed": (
        "បានដាក់អតិថិជន {placed} នាក់ ក្នុងចំណោម {customers} នាក់ដែលបានឆ្លើយ "
        "{unplaced} បានឆ្លើយតែលើអ័ក្សមួយប៉ុណ្ណោះ។"
    ),
    "warn_churners": (
        "អ្នកនឹងចាកចេញមាន {share} នៃអតិថិជនដែលបានដាក់ លើស {limit}៖ នេះជាការព្រមានធ្ងន់ធ្ងរ។ "
        "ពួកគេមិនពេញចិត្ត មិនស្មោះត្រង់ ហើយនឹងចាកចេញ និងនិយាយប្រាប់អ្នកដទៃ។"
    ),
    "ok_churners": ("អ្នកនឹងចាកចេញមាន {share} នៃអតិថិជនដែលបានដាក់ ក្រោម {limit}៖ មិនចាំបាច់វិនិយោគហួសហេតុទេ។"),
    "warn_wildcards": (
        "អ្នកមិនប្រាកដមាន {share} នៃអតិថិជនដែលបានដាក់ លើស {limit}៖ "
        "ស្វែងរកអ្វីដែលធ្វើឱ្យពួកគេខកចិត្តនៅគ្រប់ដំណាក់កាល ហើយវិនិយោគលើការអប់រំអ្នកប្រើ។"
    ),
    "vip_title": "ការគាំទ្រ VIP៖ ទូរស័ព្ទទៅអតិថិជនទាំងនេះមុនគេ",
    "vip_intro": ("អ្នកផ្សព្វផ្សាយដែលមានបទពិសោធន៍មិនល្អ អ្នកពេញចិត្តតិចបំផុតមុនគេ ({shown} ក្នុងចំណោម {total})។"),
    "col_customer": "អតិថិជន",
    "col_email": "អ៊ីមែល",
    "col_nps_score": "ពិន្ទុ NPS",
    "col_csat_answers": "ចម្លើយ CSAT ដែលពេញចិត្ត",
    "satisfied_of": "{satisfied} ក្នុងចំណោម {answers}",
    "no_vip": "គ្មានអ្នកផ្សព្វផ្សាយណាដែលមិនពេញចិត្តទេ។",
    "stages": "CSAT តាមដំណាក់កាលនៃដំណើរអតិថិជន",
    "col_stage": "ដំណាក់កាល",
    "no_stage": "(គ្មានដំណាក់កាល)",
    "strongest": "ខ្លាំងបំផុត៖ {stage} ({csat})",
    "weakest": "ខ្សោយបំផុត៖ {stage} ({csat})",
    "gap_beyond": "គម្លាតរវាងដំណាក់កាលទាំងពីរលើសពីភាពចៃដន្យ។",
    "gap_within": "គម្លាតរវាងដំណាក់កាលទាំងពីរស្ថិតក្នុងកម្រិតចៃដន្យ។",
    "stages_too_few": (
        "មានដំណាក់កាលតិចជាងពីរដែលមានចម្លើយ {n} ឬច្រើនជាងនេះ៖ តិចពេកដើម្បីកំណត់ដំណាក់កាលខ្លាំងបំផុត និងខ្សោយបំផុត។"
    ),
    "no_stages": "គ្មានចម្លើយ CSAT ណាក្នុងខែនេះបញ្ជាក់ដំណាក់កាលទេ។",
    "segments": "តាម {dimension}",
    "seg_first_response": "ឆ្លើយតបដំបូង (មេដ្យាន)",
    "seg_resolution": "ដោះស្រាយ (មេដ្យាន)",
    "definitions": "និយមន័យ",
    "definitions_intro": ("របៀបគណនាលេខនីមួយៗ៖ រូបមន្ត និងនិយមន័យពីបញ្ជីរង្វាស់របស់ cxm (ជាភាសាអង់គ្លេស)។"),
    "col_formula": "រូបមន្ត",
    "col_definition": "និយមន័យ",
    "email_subject": "{company}៖ របាយការណ៍បទពិសោធន៍អតិថិជន {month}",
    "email_intro": (
        "សូមភ្ជាប់មកជាមួយនូវរបាយការណ៍បទពិសោធន៍អតិថិជនរបស់ {company} សម្រាប់ {month}។ "
        "សង្ខេបប្រចាំខែ និងការប្រែប្រួលធៀបនឹងខែមុន៖"
    ),
    "email_files": "ឯកសារភ្ជាប់៖ {files}",
}

TH = {
    "title": "รายงานประสบการณ์ลูกค้า",
    "subtitle": "{company} · {month}",
    "generated": "สร้างเมื่อ {when}",
    "page": "หน้า {page} จาก {pages}",
    "no_data": "ไม่มีข้อมูล",
    "headline": "ภาพรวมของเดือน",
    "col_metric": "ตัวชี้วัด",
    "col_value": "ค่า",
    "col_interval": "ช่วงความเชื่อมั่น 95 %",
    "col_n": "n",
    "col_change": "เปลี่ยนแปลงจาก {month}",
    "previous": "เดิม {value}",
    "points": "{value} จุด",
    "within_90": "90 % ภายใน {value}",
    "beyond_noise": "เกินความผันผวนปกติ",
    "within_noise": "อยู่ในความผันผวนปกติ",
    "band_good": "ดี (สูงกว่า {high} %)",
    "band_fair": "ปานกลาง ({low}–{high} %)",
    "band_poor": "ควรปรับปรุง (ต่ำกว่า {low} %)",
    "benchmark_note": (
        "เกณฑ์อ้างอิง CSAT (American Customer Satisfaction Index, 2020): สูงกว่า 80 % "
        "ถือว่าดีในทุกอุตสาหกรรม ต่ำกว่า 60 % ยังมีสิ่งที่ต้องปรับปรุงอีกมาก "
        "ควรเปรียบเทียบบริษัทกับผลในอดีตของตนเองก่อน"
    ),
    "noise_note": (
        "เกินความผันผวนปกติ หมายถึงการเปลี่ยนแปลงที่มากกว่าที่ความบังเอิญจะอธิบายได้ "
        "ที่ระดับ 95 % ทุกช่วงเป็นช่วงความเชื่อมั่น 95 %: แบบ Wilson สำหรับอัตรา "
        "และค่าความคลาดเคลื่อนมาตรฐานของ NPS สำหรับ NPS n คือจำนวนคำตอบ ทิกเก็ต "
        "หรือลูกค้าที่ใช้คำนวณตัวเลขนั้น"
    ),
    "trends": "แนวโน้มสิบสองเดือน",
    "chart_csat": "CSAT (% ที่พึงพอใจ) พร้อมช่วง 95 %",
    "chart_nps": "NPS พร้อมช่วง 95 %",
    "chart_ces": "CES (% ที่ทำได้ง่าย) พร้อมช่วง 95 %",
    "guide_good": "{value}: ดี",
    "guide_low": "{value}: ต่ำ",
    "chart_volume": "จำนวนทิกเก็ตต่อเดือนตามประเภท",
    "other_categories": "อื่น ๆ",
    "no_category": "(ไม่มีประเภท)",
    "spikes": "การพุ่งสูงขึ้น",
    "spike_line": "{category}, {month}: {count} ทิกเก็ต (ค่าเฉลี่ยของเดือนก่อนหน้า: {baseline})",
    "no_spikes": "ไม่มีประเภทใดเพิ่มขึ้นเกินความผันผวนปกติ",
    "spike_rule": (
        "การพุ่งสูงขึ้น คือเดือนที่จำนวนทิกเก็ตของประเภทหนึ่งสูงกว่าค่าเฉลี่ยของสามเดือนก่อนหน้า "
        "มากเกินกว่าที่ความบังเอิญจะอธิบายได้ (z > 3)"
    ),
    "chart_first_response": "เวลาตอบกลับครั้งแรก (ชั่วโมง)",
    "chart_resolution": "เวลาแก้ไขปัญหา (ชั่วโมง)",
    "median": "ค่ามัธยฐาน",
    "p90": "เปอร์เซ็นไทล์ที่ 90",
    "chart_channels": "ทิกเก็ตตามช่องทาง {month} (% ของทั้งหมด)",
    "categories": "ทิกเก็ตตามประเภท",
    "col_category": "ประเภท",
    "col_tickets": "ทิกเก็ต",
    "col_previous": "เดือนก่อน",
    "loyalty": "แผนที่ความภักดี",
    "loyalty_intro": (
        "ลูกค้าแต่ละรายถูกจัดตามความพึงพอใจ (CSAT ในช่วง {days} วัน) "
        "และความภักดี (คำตอบ NPS ล่าสุด) ณ วันที่ {day}"
    ),
    "q_advocates": "ผู้สนับสนุน",
    "q_vip_support": "ดูแลแบบ VIP",
    "q_wildcards": "กลุ่มไม่แน่นอน",
    "q_churners": "กลุ่มเสี่ยงเลิกใช้",
    "hint_advocates": "ผู้แนะนำที่พึงพอใจ",
    "hint_vip_support": "ผู้แนะนำที่ไม่พึงพอใจ: ดูแลพวกเขาก่อน",
    "hint_wildcards": "พึงพอใจแต่ไม่ใช่ผู้แนะนำ: อาจหันไปหาคู่แข่ง",
    "hint_churners": "ไม่พึงพอใจและไม่ภักดี: จะเลิกใช้และบอกต่อ",
    "axis_promoter": "ผู้แนะนำ",
    "axis_not_promoter": "ไม่ใช่ผู้แนะนำ",
    "axis_satisfied": "พึงพอใจ",
    "axis_not_satisfied": "ไม่พึงพอใจ",
    "share_count": "{share} · ลูกค้า {count} ราย",
    "placed": ("จัดตำแหน่งลูกค้าได้ {placed} จาก {customers} รายที่ตอบ {unplaced} ตอบเพียงด้านเดียว"),
    "warn_churners": (
        "กลุ่มเสี่ยงเลิกใช้มี {share} ของลูกค้าที่จัดตำแหน่งแล้ว สูงกว่า {limit}: "
        "เป็นสัญญาณเตือนที่ร้ายแรง พวกเขาไม่พึงพอใจ ไม่ภักดี และจะเลิกใช้แล้วบอกต่อ"
    ),
    "ok_churners": ("กลุ่มเสี่ยงเลิกใช้มี {share} ของลูกค้าที่จัดตำแหน่งแล้ว ต่ำกว่า {limit}: ไม่ควรลงทุนมากเกินไป"),
    "warn_wildcards": (
        "กลุ่มไม่แน่นอนมี {share} ของลูกค้าที่จัดตำแหน่งแล้ว สูงกว่า {limit}: "
        "ค้นหาสิ่งที่ทำให้พวกเขาผิดหวังในทุกขั้นตอน และลงทุนในการให้ความรู้แก่ผู้ใช้"
    ),
    "vip_title": "ดูแลแบบ VIP: โทรหาลูกค้าเหล่านี้ก่อน",
    "vip_intro": "ผู้แนะนำที่ได้รับประสบการณ์ไม่ดี เรียงจากพึงพอใจน้อยที่สุด ({shown} จาก {total})",
    "col_customer": "ลูกค้า",
    "col_email": "อีเมล",
    "col_nps_score": "คะแนน NPS",
    "col_csat_answers": "คำตอบ CSAT ที่พึงพอใจ",
    "satisfied_of": "{satisfied} จาก {answers}",
    "no_vip": "ไม่มีผู้แนะนำรายใดที่ไม่พึงพอใจ",
    "stages": "CSAT ตามขั้นตอนของเส้นทางลูกค้า",
    "col_stage": "ขั้นตอน",
    "no_stage": "(ไม่มีขั้นตอน)",
    "strongest": "แข็งแกร่งที่สุด: {stage} ({csat})",
    "weakest": "อ่อนที่สุด: {stage} ({csat})",
    "gap_beyond": "ความต่างระหว่างสองขั้นตอนนี้เกินความผันผวนปกติ",
    "gap_within": "ความต่างระหว่างสองขั้นตอนนี้อยู่ในความผันผวนปกติ",
    "stages_too_few": (
        "ขั้นตอนที่มีคำตอบตั้งแต่ {n} รายการขึ้นไปมีไม่ถึงสองขั้นตอน: น้อยเกินกว่าจะระบุขั้นตอนที่แข็งแกร่งที่สุดและอ่อนที่สุด"
    ),
    "no_stages": "เดือนนี้ไม่มีคำตอบ CSAT ที่ระบุขั้นตอน",
    "segments": "แยกตาม {dimension}",
    "seg_first_response": "ตอบกลับครั้งแรก (มัธยฐาน)",
    "seg_resolution": "แก้ไขปัญหา (มัธยฐาน)",
    "definitions": "คำจำกัดความ",
    "definitions_intro": ("วิธีคำนวณตัวเลขแต่ละตัว: สูตรและคำจำกัดความจากทะเบียนตัวชี้วัดของ cxm (ภาษาอังกฤษ)"),
    "col_formula": "สูตร",
    "col_definition": "คำจำกัดความ",
    "email_subject": "{company}: รายงานประสบการณ์ลูกค้า {month}",
    "email_intro": (
        "แนบรายงานประสบการณ์ลูกค้าของ {company} ประจำเดือน{month} มาพร้อมนี้ "
        "ภาพรวมของเดือนและการเปลี่ยนแปลงจากเดือนก่อน:"
    ),
    "email_files": "ไฟล์แนบ: {files}",
}

VI = {
    "title": "Báo cáo trải nghiệm khách hàng",
    "subtitle": "{company} · {month}",
    "generated": "Tạo lúc {when}",
    "page": "Trang {page} / {pages}",
    "no_data": "không có dữ liệu",
    "headline": "Tổng quan tháng",
    "col_metric": "Chỉ số",
    "col_value": "Giá trị",
    "col_interval": "Khoảng tin cậy 95 %",
    "col_n": "n",
    "col_change": "Thay đổi so với {month}",
    "previous": "trước: {value}",
    "points": "{value} điểm",
    "within_90": "90 % trong vòng {value}",
    "beyond_noise": "vượt mức nhiễu",
    "within_noise": "trong mức nhiễu",
    "band_good": "tốt (trên {high} %)",
    "band_fair": "trung bình ({low}–{high} %)",
    "band_poor": "cần cải thiện (dưới {low} %)",
    "benchmark_note": (
        "Mốc tham chiếu CSAT (American Customer Satisfaction Index, 2020): trên 80 % là tốt "
        "trong mọi ngành; dưới 60 % còn nhiều chỗ cần cải thiện. Hãy so sánh công ty với "
        "chính kết quả trước đây của mình trước."
    ),
    "noise_note": (
        "Vượt mức nhiễu: thay đổi lớn hơn mức mà ngẫu nhiên có thể giải thích, ở mức 95 %. "
        "Các khoảng là khoảng tin cậy 95 %: Wilson cho các tỷ lệ, sai số chuẩn của NPS cho "
        "NPS. n là số câu trả lời, yêu cầu hoặc khách hàng dùng để tính con số đó."
    ),
    "trends": "Xu hướng mười hai tháng",
    "chart_csat": "CSAT, % hài lòng, với khoảng 95 %",
    "chart_nps": "NPS với khoảng 95 %",
    "chart_ces": "CES, % dễ dàng, với khoảng 95 %",
    "guide_good": "{value}: tốt",
    "guide_low": "{value}: thấp",
    "chart_volume": "Số yêu cầu hỗ trợ mỗi tháng theo loại",
    "other_categories": "khác",
    "no_category": "(không có loại)",
    "spikes": "Các đợt tăng vọt",
    "spike_line": "{category}, {month}: {count} yêu cầu (trung bình các tháng trước: {baseline})",
    "no_spikes": "Không có loại nào tăng vượt mức nhiễu.",
    "spike_rule": (
        "Tăng vọt là tháng mà số yêu cầu của một loại vượt trung bình của ba tháng trước đó "
        "nhiều hơn mức ngẫu nhiên có thể giải thích (z > 3)."
    ),
    "chart_first_response": "Thời gian phản hồi đầu tiên, giờ",
    "chart_resolution": "Thời gian giải quyết, giờ",
    "median": "trung vị",
    "p90": "phân vị 90",
    "chart_channels": "Yêu cầu theo kênh, {month}, % tổng số",
    "categories": "Yêu cầu theo loại",
    "col_category": "Loại",
    "col_tickets": "Yêu cầu",
    "col_previous": "Tháng trước",
    "loyalty": "Bản đồ lòng trung thành",
    "loyalty_intro": (
        "Mỗi khách hàng được xếp theo mức hài lòng (CSAT trong {days} ngày) và lòng trung "
        "thành (câu trả lời NPS gần nhất), tính đến {day}."
    ),
    "q_advocates": "Người ủng hộ",
    "q_vip_support": "Hỗ trợ VIP",
    "q_wildcards": "Khó đoán",
    "q_churners": "Sắp rời bỏ",
    "hint_advocates": "người giới thiệu, hài lòng",
    "hint_vip_support": "người giới thiệu nhưng chưa hài lòng: quan tâm họ trước",
    "hint_wildcards": "hài lòng nhưng không giới thiệu: dễ chuyển sang đối thủ",
    "hint_churners": "không hài lòng, không trung thành: sẽ rời đi và kể lại",
    "axis_promoter": "người giới thiệu",
    "axis_not_promoter": "không giới thiệu",
    "axis_satisfied": "hài lòng",
    "axis_not_satisfied": "không hài lòng",
    "share_count": "{share} · {count} khách hàng",
    "placed": (
        "Đã xếp {placed} trên {customers} khách hàng có trả lời; {unplaced} chỉ trả lời một trục."
    ),
    "warn_churners": (
        "Nhóm sắp rời bỏ chiếm {share} số khách hàng đã xếp, trên {limit}: cảnh báo nghiêm "
        "trọng. Họ không hài lòng, không trung thành, sẽ rời đi và kể cho người khác."
    ),
    "ok_churners": (
        "Nhóm sắp rời bỏ chiếm {share} số khách hàng đã xếp, dưới {limit}: không nên đầu tư "
        "quá mức."
    ),
    "warn_wildcards": (
        "Nhóm khó đoán chiếm {share} số khách hàng đã xếp, trên {limit}: tìm điều khiến họ "
        "thất vọng ở mọi giai đoạn và đầu tư vào hướng dẫn người dùng."
    ),
    "vip_title": "Hỗ trợ VIP: gọi cho những khách hàng này trước",
    "vip_intro": (
        "Người giới thiệu đã có trải nghiệm không tốt, người ít hài lòng nhất trước "
        "({shown} trên {total})."
    ),
    "col_customer": "Khách hàng",
    "col_email": "E-mail",
    "col_nps_score": "Điểm NPS",
    "col_csat_answers": "Câu trả lời CSAT hài lòng",
    "satisfied_of": "{satisfied} trên {answers}",
    "no_vip": "Không có người giới thiệu nào chưa hài lòng.",
    "stages": "CSAT theo giai đoạn hành trình khách hàng",
    "col_stage": "Giai đoạn",
    "no_stage": "(không có giai đoạn)",
    "strongest": "Mạnh nhất: {stage} ({csat})",
    "weakest": "Yếu nhất: {stage} ({csat})",
    "gap_beyond": "Chênh lệch giữa hai giai đoạn này vượt mức nhiễu.",
    "gap_within": "Chênh lệch giữa hai giai đoạn này nằm trong mức nhiễu.",
    "stages_too_few": (
        "Có ít hơn hai giai đoạn đạt từ {n} câu trả lời trở lên: quá ít để xác định giai "
        "đoạn mạnh nhất và yếu nhất."
    ),
    "no_stages": "Không có câu trả lời CSAT nào trong tháng ghi giai đoạn hành trình.",
    "segments": "Theo {dimension}",
    "seg_first_response": "Phản hồi đầu tiên (trung vị)",
    "seg_resolution": "Giải quyết (trung vị)",
    "definitions": "Định nghĩa",
    "definitions_intro": (
        "Cách tính từng con số: công thức và định nghĩa trong danh mục chỉ số của cxm "
        "(bằng tiếng Anh)."
    ),
    "col_formula": "Công thức",
    "col_definition": "Định nghĩa",
    "email_subject": "{company}: báo cáo trải nghiệm khách hàng, {month}",
    "email_intro": (
        "Đính kèm là báo cáo trải nghiệm khách hàng của {company} cho {month}. Tổng quan "
        "tháng, kèm thay đổi so với tháng trước:"
    ),
    "email_files": "Tệp đính kèm: {files}",
}

REPORT_TEXTS = Catalogue({"en": EN, "km": KM, "th": TH, "vi": VI})
