"""A deterministic year of data for a web-hosting company, written as canonical import files.

The company sells shared hosting, VPS, dedicated servers and reseller plans, mostly in
Cambodia, Thailand and Vietnam. :func:`write_demo_files` simulates its customers month by
month (sign-ups with a growth trend, churn that rises after bad experiences), their support
tickets (a weekly rhythm, business-hour peaks in each customer's time zone, response times
that depend on the channel and the load), the surveys they answer (CSAT and CES after tickets,
relational NPS, CSAT at each journey stage) and the money: invoices and acquisition spend.

Patterns an analyst should find in the data:

* one outage week (:func:`outage_week`): shared-hosting technical tickets spike, response and
  resolution times stretch, CSAT drops, churn rises the month after;
* onboarding is the weakest journey stage;
* weekdays are busier than weekends, business hours busier than nights;
* about 3 % of customers are "VIP support": promoters (NPS 9-10) with bad support experiences.

The same seed always gives byte-identical files: every random draw comes from one numpy
generator, in a fixed order. E-mail addresses use the reserved ``example.*`` domains, so a
demo can never write to a real person.
"""

from __future__ import annotations

import csv
import json
import unicodedata
from calendar import monthrange
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Self

import numpy as np
import numpy.typing as npt

from cxm.demo.comments import COMMENTS, NEGATIVE, NEUTRAL, OUTAGE_COMMENTS, POSITIVE

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]
Bools = npt.NDArray[np.bool_]

MINUTE = 60
HOUR = 3_600
DAY = 86_400
NEVER = np.int64(2**62)  # churn time of a customer who stays

# --- canonical file layouts ----------------------------------------------------------------

CUSTOMER_COLUMNS = (
    "customer_id", "name", "email", "phone", "language", "region", "plan",
    "signup_at", "churned_at", "company_size",
)  # fmt: skip
TICKET_COLUMNS = (
    "ticket_id", "customer_id", "channel", "category", "priority", "status", "created_at",
    "first_response_at", "resolved_at", "agent", "team", "agents_involved", "product",
)  # fmt: skip
RESPONSE_KEYS = (
    "response_id", "customer_id", "ticket_id", "survey", "scale", "score", "comment",
    "stage", "channel", "language", "answered_at",
)  # fmt: skip
REVENUE_COLUMNS = ("customer_id", "date", "amount")
SPEND_COLUMNS = ("date", "amount", "channel")

# --- customers -----------------------------------------------------------------------------

REGIONS = (
    "Cambodia", "Thailand", "Vietnam", "Singapore", "Malaysia", "Laos", "United States",
    "Australia",
)  # fmt: skip
REGION_SHARE = (0.30, 0.30, 0.25, 0.04, 0.04, 0.03, 0.02, 0.02)
REGION_UTC_OFFSET = (7, 7, 7, 8, 8, 7, -5, 10)  # hours, for business-hour peaks
LANGUAGES = ("km", "th", "vi", "en")
ENGLISH = 3
REGION_LANGUAGE = (0, 1, 2, ENGLISH, ENGLISH, ENGLISH, ENGLISH, ENGLISH)
ENGLISH_SHARE_IN_NATIVE_REGIONS = 0.15
SCRIPT_NAME_SHARE = (0.35, 0.35, 0.70, 0.0, 0.0, 0.0, 0.0, 0.0)  # names written in script
EMAIL_DOMAINS = ("example.com", "example.net", "example.org")

PRE_START_SHARE = 0.55  # customers who signed up in the two years before the start
SIGNUP_SEASON = (1.10, 0.85, 1.05, 0.85, 1.00, 1.00, 0.95, 1.05, 1.15, 1.10, 1.25, 0.95)

COMPANY_SIZES = ("1-10", "11-50", "51-200", "200+")
COMPANY_SIZE_SHARE = (0.55, 0.28, 0.12, 0.05)
PLANS = ("shared", "vps", "dedicated", "reseller")
SHARED_PLANS = (0, 3)  # plans hosted on the shared platform hit by the outage
PLAN_BY_SIZE = (
    (0.78, 0.13, 0.02, 0.07),
    (0.55, 0.27, 0.07, 0.11),
    (0.30, 0.38, 0.22, 0.10),
    (0.15, 0.35, 0.40, 0.10),
)
PLAN_PRICES: tuple[tuple[tuple[float, ...], tuple[float, ...]], ...] = (
    ((2.99, 3.99, 5.99, 7.99, 9.99), (0.30, 0.25, 0.20, 0.15, 0.10)),
    ((19.99, 29.99, 39.99, 59.99), (0.35, 0.30, 0.20, 0.15)),
    ((99.0, 149.0, 199.0, 299.0), (0.35, 0.30, 0.20, 0.15)),
    ((29.99, 49.99, 79.99), (0.45, 0.35, 0.20)),
)
DOMAIN_RENEWAL = 14.99
DOMAIN_SHARE = 0.7
SSL_ADDON = 9.99

CONTACTS_PER_MONTH = 1.35  # mean support tickets per active customer and month
PLAN_CONTACTS = (1.0, 1.25, 1.6, 1.5)
SIZE_CONTACTS = (0.9, 1.05, 1.25, 1.4)
VIP_SHARE = 0.03

# name pools: (latin, script); pools without a script repeat the latin form
KHMER_FAMILY = (
    ("Sok", "សុខ"), ("Chan", "ចាន់"), ("Kim", "គីម"), ("Heng", "ហេង"), ("Ly", "លី"),
    ("Chea", "ជា"), ("Meas", "មាស"), ("Keo", "កែវ"), ("Prak", "ប្រាក់"), ("Seng", "សេង"),
    ("Touch", "ទូច"), ("Long", "ឡុង"), ("Mao", "ម៉ៅ"), ("Hem", "ហែម"), ("Pich", "ពេជ្រ"),
)  # fmt: skip
KHMER_GIVEN = (
    ("Dara", "ដារា"), ("Sopheap", "សុភាព"), ("Vanna", "វណ្ណា"), ("Sokha", "សុខា"),
    ("Bopha", "បុប្ផា"), ("Chenda", "ចិន្តា"), ("Rithy", "ឫទ្ធី"), ("Sovann", "សុវណ្ណ"),
    ("Visal", "វិសាល"), ("Pisey", "ពិសី"), ("Kosal", "កុសល"), ("Sreymom", "ស្រីមុំ"),
    ("Panha", "បញ្ញា"), ("Kanha", "កញ្ញា"), ("Veasna", "វាសនា"), ("Sophal", "សុផល"),
    ("Channary", "ចាន់ណារី"), ("Rachana", "រចនា"), ("Piseth", "ពិសិដ្ឋ"), ("Makara", "មករា"),
)  # fmt: skip
THAI_GIVEN = (
    ("Somchai", "สมชาย"), ("Somsak", "สมศักดิ์"), ("Malee", "มาลี"), ("Suda", "สุดา"),
    ("Niran", "นิรันดร์"), ("Kittipong", "กิตติพงษ์"), ("Pimchanok", "พิมพ์ชนก"),
    ("Anan", "อนันต์"), ("Wanida", "วนิดา"), ("Chaiwat", "ชัยวัฒน์"), ("Nattapong", "ณัฐพงศ์"),
    ("Siriporn", "ศิริพร"), ("Thanakorn", "ธนากร"), ("Pranee", "ปราณี"),
    ("Supaporn", "สุภาพร"), ("Apinya", "อภิญญา"), ("Kanokwan", "กนกวรรณ"),
    ("Jiraporn", "จิราภรณ์"), ("Prasert", "ประเสริฐ"),
)  # fmt: skip
THAI_FAMILY = (
    ("Saetang", "แซ่ตั้ง"), ("Srisuk", "ศรีสุข"), ("Wongsawat", "วงศ์สวัสดิ์"),
    ("Rattanakorn", "รัตนากร"), ("Boonmee", "บุญมี"), ("Thongchai", "ทองชัย"),
    ("Sukprasert", "สุขประเสริฐ"), ("Kaewmanee", "แก้วมณี"), ("Jaidee", "ใจดี"),
    ("Phromma", "พรหมมา"), ("Sirichai", "ศิริชัย"), ("Kongkaew", "คงแก้ว"),
    ("Charoenrat", "เจริญรัตน์"), ("Srisawat", "ศรีสวัสดิ์"), ("Chaisiri", "ชัยศิริ"),
)  # fmt: skip
VIETNAMESE_FAMILY = (
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi",
    "Đỗ", "Hồ", "Ngô", "Dương", "Lý",
)  # fmt: skip
VIETNAMESE_MIDDLE = ("Văn", "Thị", "Minh", "Thanh", "Ngọc", "Hữu", "Đức", "Quốc", "Thu", "Gia")
VIETNAMESE_GIVEN = (
    "An", "Bình", "Châu", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hùng", "Hương", "Khánh",
    "Lan", "Linh", "Long", "Mai", "Nam", "Phong", "Phương", "Quang", "Quân", "Tâm", "Thảo",
    "Trang", "Tuấn", "Vy",
)  # fmt: skip
FAMILY_NAME_FIRST = frozenset({"Cambodia", "Vietnam", "Singapore"})
LATIN_NAMES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # region: (given names, family names)
    "Singapore": (
        ("Wei Ming", "Jia Hui", "Jun Jie", "Xin Yi", "Kai Wen", "Hui Min", "Priya", "Arjun"),
        ("Tan", "Lim", "Lee", "Ng", "Wong", "Goh", "Chua", "Koh"),
    ),
    "Malaysia": (
        ("Ahmad", "Nur Aisyah", "Siti", "Hafiz", "Farah", "Chee Keong", "Mei Ling", "Ravi"),
        ("Ismail", "Rahman", "Abdullah", "Hassan", "Tan", "Lim", "Wong", "Kumar"),
    ),
    "Laos": (
        ("Souksavanh", "Khamphone", "Bounmy", "Vilayphone", "Somphone", "Phetsamone", "Noy"),
        ("Phommachanh", "Vongsa", "Sisavath", "Keomany", "Inthavong", "Chanthavong"),
    ),
    "United States": (
        ("James", "Emily", "Michael", "Sarah", "Daniel", "Olivia", "David", "Jessica"),
        ("Smith", "Johnson", "Brown", "Miller", "Wilson", "Anderson", "Nguyen", "Chen"),
    ),
    "Australia": (
        ("Jack", "Chloe", "Matthew", "Hannah", "Ryan", "Sophie", "Liam", "Grace"),
        ("Taylor", "Walker", "Clarke", "Thompson", "Martin", "White", "Kelly", "Tran"),
    ),
}
PHONE_FORMATS: dict[str, tuple[tuple[str, ...], str]] = {
    # region: (operator prefixes, pattern with # for digits)
    "Cambodia": (("12", "15", "17", "77", "78", "89", "92", "96", "97", "10", "70", "88"),
                 "+855 {p} ### ###"),
    "Thailand": (("81", "82", "84", "86", "87", "89", "61", "62", "63", "91", "92", "95"),
                 "+66 {p} ### ####"),
    "Vietnam": (("90", "91", "93", "96", "97", "98", "32", "35", "38", "70", "77", "85"),
                "+84 {p} ### ####"),
    "Singapore": (("8", "9"), "+65 {p}### ####"),
    "Malaysia": (("12", "13", "16", "17", "19"), "+60 {p}-### ####"),
    "Laos": (("20",), "+856 {p} #### ####"),
    "United States": (("212", "415", "312", "206", "512", "617"), "+1 {p} 555 01##"),
    "Australia": (("4",), "+61 {p}## ### ###"),
}  # fmt: skip

# --- tickets -------------------------------------------------------------------------------

CHANNELS = ("email", "live_chat", "phone", "sms", "facebook", "telegram", "twitter", "web_form")
CHANNEL_BY_REGION = (
    (0.22, 0.26, 0.06, 0.02, 0.14, 0.20, 0.01, 0.09),
    (0.30, 0.30, 0.08, 0.02, 0.15, 0.04, 0.02, 0.09),
    (0.26, 0.28, 0.08, 0.02, 0.18, 0.08, 0.01, 0.09),
    (0.38, 0.32, 0.08, 0.01, 0.04, 0.05, 0.03, 0.09),
    (0.34, 0.30, 0.08, 0.02, 0.08, 0.06, 0.03, 0.09),
    (0.26, 0.26, 0.06, 0.03, 0.18, 0.12, 0.01, 0.08),
    (0.42, 0.30, 0.12, 0.01, 0.02, 0.01, 0.04, 0.08),
    (0.42, 0.30, 0.12, 0.01, 0.02, 0.01, 0.04, 0.08),
)
FIRST_RESPONSE_MINUTES = (95.0, 1.5, 0.8, 25.0, 18.0, 9.0, 35.0, 120.0)  # median by channel

CATEGORIES = (
    "technical_issue", "billing", "sales_question", "account_access", "domain_dns",
    "email_delivery", "migration", "cancellation", "feature_request",
)  # fmt: skip
TECHNICAL, CANCELLATION = 0, 7
CATEGORY_MIX = (0.34, 0.15, 0.07, 0.08, 0.12, 0.12, 0.04, 0.02, 0.06)
NEW_CUSTOMER_CATEGORY_MIX = (0.24, 0.12, 0.10, 0.14, 0.17, 0.08, 0.12, 0.01, 0.02)
NEW_CUSTOMER_DAYS = 30
CATEGORY_RESOLUTION = (1.2, 0.8, 0.5, 0.6, 1.6, 1.3, 3.0, 0.7, 2.0)  # x the priority median
CATEGORY_QUALITY = (0.0, -0.15, 0.25, 0.05, 0.0, -0.1, 0.0, -0.6, -0.3)
CATEGORY_ESCALATION = (0.10, 0.02, 0.0, 0.04, 0.06, 0.08, 0.20, 0.02, 0.05)

PRIORITIES = ("low", "normal", "high", "critical")
CRITICAL = 3
PRIORITY_BY_CATEGORY = (
    (0.10, 0.56, 0.28, 0.06),
    (0.30, 0.60, 0.09, 0.01),
    (0.45, 0.50, 0.05, 0.00),
    (0.15, 0.55, 0.25, 0.05),
    (0.20, 0.60, 0.17, 0.03),
    (0.15, 0.60, 0.22, 0.03),
    (0.25, 0.60, 0.14, 0.01),
    (0.30, 0.62, 0.08, 0.00),
    (0.70, 0.29, 0.01, 0.00),
)
OUTAGE_PRIORITY = (0.02, 0.40, 0.44, 0.14)
PRIORITY_FIRST_RESPONSE = (1.3, 1.0, 0.6, 0.08)
PRIORITY_RESOLUTION_HOURS = (6.0, 3.5, 2.0, 0.25)  # median, after the first response
PRIORITY_ESCALATION = (0.0, 0.0, 0.10, 0.30)

PRODUCTS = ("shared_hosting", "vps", "dedicated", "domains", "email")
PLAN_PRODUCT = (0, 1, 2, 0)
DOMAINS, EMAIL = 3, 4
# per category: share of tickets about the plan's own product, then domains, then e-mail
PRODUCT_BY_CATEGORY = (
    (1.00, 0.00, 0.00),
    (0.60, 0.30, 0.10),
    (0.60, 0.25, 0.15),
    (0.80, 0.00, 0.20),
    (0.15, 0.85, 0.00),
    (0.15, 0.00, 0.85),
    (1.00, 0.00, 0.00),
    (0.80, 0.20, 0.00),
    (0.70, 0.15, 0.15),
)

TEAMS = ("frontline", "technical", "billing")
TEAM_BY_CATEGORY = (
    (0.35, 0.65, 0.00),
    (0.25, 0.00, 0.75),
    (0.90, 0.05, 0.05),
    (0.80, 0.15, 0.05),
    (0.45, 0.55, 0.00),
    (0.40, 0.60, 0.00),
    (0.15, 0.85, 0.00),
    (0.30, 0.00, 0.70),
    (0.70, 0.30, 0.00),
)
# name, team, workload weight, speed (x times), quality (added to the experience)
AGENTS: tuple[tuple[str, int, float, float, float], ...] = (
    ("Sokha Chan", 0, 1.2, 0.9, 0.20),
    ("Dara Kim", 0, 1.0, 1.0, 0.05),
    ("Malee Srisuk", 0, 1.1, 0.95, 0.10),
    ("Linh Nguyen", 0, 1.0, 1.0, 0.00),
    ("Vanna Heng", 0, 0.9, 1.1, -0.05),
    ("Nattapong Boonmee", 0, 1.0, 1.05, 0.05),
    ("Thao Tran", 0, 1.1, 0.9, 0.15),
    ("Sreymom Ly", 0, 0.8, 1.0, 0.00),
    ("Kevin Tan", 0, 0.7, 1.6, -0.70),
    ("Pimchanok Jaidee", 0, 1.0, 1.0, 0.05),
    ("Minh Pham", 0, 0.9, 0.85, 0.10),
    ("Bopha Keo", 0, 0.6, 1.15, -0.10),
    ("Rithy Sok", 1, 1.2, 0.9, 0.15),
    ("Chaiwat Thongchai", 1, 1.0, 1.0, 0.05),
    ("Quang Le", 1, 1.1, 0.8, 0.25),
    ("Visal Meas", 1, 0.9, 1.2, -0.20),
    ("Hai Do", 1, 1.0, 1.0, 0.00),
    ("Kittipong Saetang", 1, 0.8, 1.05, 0.05),
    ("Daniel Lim", 1, 0.7, 0.95, 0.10),
    ("Piseth Prak", 1, 0.9, 1.1, -0.05),
    ("Channary Seng", 2, 1.2, 0.9, 0.10),
    ("Siriporn Wongsawat", 2, 1.0, 1.0, 0.05),
    ("Huong Vu", 2, 1.0, 1.05, 0.00),
    ("Sophal Touch", 2, 0.8, 1.2, -0.15),
    ("Aisha Rahman", 2, 0.7, 0.95, 0.10),
)
ESCALATED_EXTRA_AGENTS = ((1, 2, 3), (0.70, 0.22, 0.08))

STATUSES = ("open", "pending", "resolved")
OPEN, PENDING, RESOLVED = 0, 1, 2
NEVER_ANSWERED_SHARE = 0.004
STALE_PENDING_SHARE = 0.003
LONG_TAIL_SHARE = 0.05

# arrivals by local hour (0-23) and by weekday (Monday first)
HOURLY_PROFILE = (
    0.25, 0.15, 0.10, 0.08, 0.08, 0.12, 0.30, 0.60, 1.00, 1.35, 1.45, 1.40,
    1.10, 1.25, 1.40, 1.35, 1.25, 1.05, 0.80, 0.70, 0.65, 0.60, 0.50, 0.35,
)  # fmt: skip
NIGHT_RESPONSE = 1.4  # slower first responses between 00:00 and 06:59 local time
WEEKDAY_PROFILE = (1.15, 1.12, 1.08, 1.05, 0.98, 0.58, 0.48)

# --- the outage ----------------------------------------------------------------------------

OUTAGE_MONTH_FRACTION = 5 / 12  # the outage falls in the sixth month of a year
OUTAGE_DAY_OF_MONTH = 9
OUTAGE_DAYS = 7
OUTAGE_TECHNICAL_EXTRA = 4.5  # extra technical tickets, x the usual technical rate
OUTAGE_DAY_PROFILE = (0.28, 0.22, 0.16, 0.12, 0.09, 0.07, 0.06)
OUTAGE_RESOLUTION = 2.2
OUTAGE_AFTERMATH_DAYS = 60

# --- experience, surveys and churn ---------------------------------------------------------

CSAT_CUTS = (-3.3, -2.9, -2.5, -0.95)  # latent experience -> 1..5
CES_CUTS = (-2.35, -2.05, -1.84, -1.46, -1.08, -0.31)  # latent effort -> 1..7
BAD_EXPERIENCE = CSAT_CUTS[1]  # at or below a CSAT of 2
OUTAGE_QUALITY = 0.35
OUTAGE_TECHNICAL_QUALITY = 0.4
VIP_QUALITY = 3.0

CSAT_SURVEY_SHARE = 0.80  # of resolved tickets; CES_SURVEY_SHARE more get a CES survey
CES_SURVEY_SHARE = 0.15
NOT_SURVEYED_SHARE = 1.0 - CSAT_SURVEY_SHARE - CES_SURVEY_SHARE
NOT_SURVEYED = 2
SURVEY_SCALES = {"csat": "1-5", "ces": "1-7", "nps": "0-10"}
SURVEY_KINDS = ("csat", "ces", "nps")
CSAT, CES, NPS = 0, 1, 2

STAGES = ("support", "trial", "sales_contact", "onboarding", "marketing_content", "renewal",
          "relationship")  # fmt: skip
SUPPORT, TRIAL, SALES, ONBOARDING, MARKETING, RENEWAL, RELATIONSHIP = range(7)
STAGE_BASE = -1.73
STAGE_QUALITY = (0.0, -0.14, 0.23, -0.70, -0.25, -0.04, 0.0)
STAGE_ANSWER_RATE = (0.0, 0.8, 1.0, 1.0, 0.8, 0.8, 0.0)
SURVEY_CHANNELS = ((0, 3, 7), (0.70, 0.10, 0.20))  # email, sms, web_form

NPS_CADENCE_DAYS = 180
NPS_FIRST_DAYS = 3
NPS_WAVE_DAY = 14  # the quarterly wave goes out on the 15th of every third month
NPS_WAVE_GAP_DAYS = 45  # no wave invitation this close to a cadence one
NPS_ANSWER_RATE = 0.65
VIP_NPS_ANSWER_RATE = 0.8
NPS_CENTER, NPS_SPREAD = 8.05, 1.55

CHURN_PER_MONTH = 0.0115
PLAN_CHURN = (1.1, 0.9, 0.6, 0.8)
EARLY_CHURN_DAYS, EARLY_CHURN = 90, 1.6
BAD_EXPERIENCE_CHURN = 2.5
POST_OUTAGE_CHURN = 0.5
CANCELLATION_TICKET_SHARE = 0.45

COMMENT_SHARE = {NEGATIVE: 0.55, NEUTRAL: 0.32, POSITIVE: 0.31}
OUTAGE_COMMENT_SHARE = 0.65

SPEND_CHANNELS = ("google_ads", "facebook_ads", "events", "affiliates")
MONTHLY_ADS_BUDGET = 2_600.0
AFFILIATE_SHARE, AFFILIATE_COMMISSION = 0.2, 30.0


# --- public API ----------------------------------------------------------------------------


def write_demo_files(
    out_dir: Path,
    *,
    seed: int = 7,
    start: date = date(2025, 1, 1),
    months: int = 12,
    customers: int = 4000,
) -> dict[str, Path]:
    """Write customers.csv, tickets.csv, responses.jsonl, revenue.csv, spend.csv into out_dir.

    Returns the path of each file by entity name. The same arguments always give
    byte-identical files; the outage week is derived from ``start`` (see :func:`outage_week`).
    """
    if months < 1 or customers < 1:
        raise ValueError("months and customers must be at least 1")
    rng = np.random.default_rng(seed)
    cal = _Calendar.build(start, months)
    people = _make_customers(rng, cal, customers)
    tickets, responses = _simulate(rng, cal, people)
    comments = _draw_comments(rng, people, responses)
    revenue = _revenue_rows(rng, cal, people)
    spend = _spend_rows(rng, cal, people)

    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {
        "customers": out_dir / "customers.csv",
        "tickets": out_dir / "tickets.csv",
        "responses": out_dir / "responses.jsonl",
        "revenue": out_dir / "revenue.csv",
        "spend": out_dir / "spend.csv",
    }
    ticket_ids = _ticket_ids(tickets)
    _write_csv(paths["customers"], CUSTOMER_COLUMNS, _customer_rows(cal, people))
    _write_csv(paths["tickets"], TICKET_COLUMNS, _ticket_rows(cal, tickets, ticket_ids))
    _write_jsonl(
        paths["responses"], _response_records(cal, people, responses, comments, ticket_ids)
    )
    _write_csv(paths["revenue"], REVENUE_COLUMNS, revenue)
    _write_csv(paths["spend"], SPEND_COLUMNS, spend)
    return paths


def outage_week(start: date, months: int = 12) -> tuple[date, date]:
    """The demo outage for a period: its first day and the day after its last."""
    first = _add_months(start, int(months * OUTAGE_MONTH_FRACTION))
    first += timedelta(days=OUTAGE_DAY_OF_MONTH - 1)
    return first, first + timedelta(days=OUTAGE_DAYS)


# --- calendar ------------------------------------------------------------------------------


def _add_months(day: date, count: int) -> date:
    year, month = divmod(day.month - 1 + count, 12)
    year += day.year
    return date(year, month + 1, min(day.day, monthrange(year, month + 1)[1]))


@dataclass(frozen=True)
class _Calendar:
    """The simulated period; every time is in whole seconds since its start (UTC midnight)."""

    start: date
    months: int
    month_starts: tuple[int, ...]  # months + 1 boundaries
    outage: tuple[int, int]

    @classmethod
    def build(cls, start: date, months: int) -> _Calendar:
        bounds = tuple((_add_months(start, m) - start).days * DAY for m in range(months + 1))
        first, after = outage_week(start, months)
        outage = ((first - start).days * DAY, (after - start).days * DAY)
        return cls(start, months, bounds, outage)

    @property
    def end(self) -> int:
        return self.month_starts[-1]

    @property
    def days(self) -> int:
        return self.end // DAY

    def weekday(self, day: Ints) -> Ints:
        return (self.start.weekday() + day) % 7

    def calendar_month(self, day: Ints) -> Ints:
        """The month of the year (1-12) of each day index."""
        stamps = np.datetime64(self.start.isoformat(), "D") + day.astype("timedelta64[D]")
        return stamps.astype("datetime64[M]").astype(np.int64) % 12 + 1

    def in_outage(self, seconds: Ints) -> Bools:
        return (seconds >= self.outage[0]) & (seconds < self.outage[1])

    def after_outage(self, seconds: Ints) -> Bools:
        last = self.outage[1] + OUTAGE_AFTERMATH_DAYS * DAY
        return (seconds >= self.outage[0]) & (seconds < last)

    def timestamps(self, seconds: Ints) -> list[str]:
        base = np.datetime64(self.start.isoformat(), "s")
        text = np.datetime_as_string(base + seconds.astype("timedelta64[s]"), unit="s")
        return [f"{t}Z" for t in text.tolist()]

    def dates(self, seconds: Ints) -> list[str]:
        base = np.datetime64(self.start.isoformat(), "D")
        text = np.datetime_as_string(base + (seconds // DAY).astype("timedelta64[D]"))
        return [str(day) for day in text]


# --- random helpers ------------------------------------------------------------------------


def _choose(rng: np.random.Generator, weights: Sequence[float] | Floats, size: int) -> Ints:
    p = np.asarray(weights, dtype=np.float64)
    return rng.choice(p.size, size=size, p=p / p.sum()).astype(np.int64)


def _choose_by_row(rng: np.random.Generator, table: Any, rows: Ints) -> Ints:
    """For each entry of rows, a column of table drawn with that row's weights."""
    cum = np.cumsum(np.asarray(table, dtype=np.float64), axis=1)
    cum /= cum[:, -1:]
    picked = (rng.random(rows.size)[:, None] >= cum[rows]).sum(axis=1)
    return np.asarray(np.minimum(picked, cum.shape[1] - 1), dtype=np.int64)


def _local_seconds(rng: np.random.Generator, size: int) -> Ints:
    """Seconds after local midnight, peaking in business hours."""
    hours = _choose(rng, HOURLY_PROFILE, size)
    return hours * HOUR + rng.integers(0, HOUR, size)


def _lognormal(rng: np.random.Generator, median: Any, sigma: float, size: int) -> Floats:
    return np.asarray(median, dtype=np.float64) * np.exp(rng.normal(0.0, sigma, size))


# --- customers -----------------------------------------------------------------------------


@dataclass
class _Customers:
    region: Ints
    language: Ints
    company_size: Ints
    plan: Ints
    signup: Ints
    churn: Ints  # NEVER while the customer stays
    contact_rate: Floats  # tickets per month
    care: Floats  # how well support usually goes for this customer
    loyalty: Floats
    responsiveness: Floats  # chance to answer a survey
    vip: Bools
    price: Floats
    has_domain: Bools
    names: list[str]
    emails: list[str]
    phones: list[str]

    @property
    def count(self) -> int:
        return int(self.region.size)

    @property
    def utc_offset(self) -> Ints:
        return np.asarray(REGION_UTC_OFFSET, dtype=np.int64)[self.region] * HOUR

    @property
    def on_shared(self) -> Bools:
        return np.isin(self.plan, SHARED_PLANS)


def _make_customers(rng: np.random.Generator, cal: _Calendar, n: int) -> _Customers:
    region = _choose(rng, REGION_SHARE, n)
    signup = _draw_signups(rng, cal, region)
    order = np.argsort(signup, kind="stable")
    region, signup = region[order], signup[order]

    native = np.asarray(REGION_LANGUAGE, dtype=np.int64)[region]
    language = np.where(rng.random(n) < ENGLISH_SHARE_IN_NATIVE_REGIONS, ENGLISH, native)
    size = _choose(rng, COMPANY_SIZE_SHARE, n)
    plan = _choose_by_row(rng, PLAN_BY_SIZE, size)
    rate = (
        CONTACTS_PER_MONTH
        * np.asarray(PLAN_CONTACTS)[plan]
        * np.asarray(SIZE_CONTACTS)[size]
        * rng.gamma(1.5, 1 / 1.5, n)
    )
    care = rng.normal(0.0, 0.6, n)
    loyalty = rng.normal(0.0, 1.0, n)
    responsiveness = rng.beta(2.0, 3.8, n)
    vip = _pick_vips(rng, cal, signup)
    loyalty[vip] = np.maximum(loyalty[vip], 1.5)
    responsiveness[vip] = np.maximum(responsiveness[vip], 0.5)
    rate[vip] = np.maximum(rate[vip], 0.8)
    names, emails = _make_names(rng, region, language == native)
    return _Customers(
        region=region,
        language=language,
        company_size=size,
        plan=plan,
        signup=signup,
        churn=np.full(n, NEVER, dtype=np.int64),
        contact_rate=rate,
        care=care,
        loyalty=loyalty,
        responsiveness=responsiveness,
        vip=vip,
        price=_draw_prices(rng, plan),
        has_domain=rng.random(n) < DOMAIN_SHARE,
        names=names,
        emails=emails,
        phones=_make_phones(rng, region),
    )


def _pick_vips(rng: np.random.Generator, cal: _Calendar, signup: Ints) -> Bools:
    """Loyal customers whom support keeps failing, among those with a few months of history."""
    eligible = np.flatnonzero(signup < cal.end - 120 * DAY)
    count = min(round(VIP_SHARE * signup.size), eligible.size)
    chosen = rng.choice(eligible, size=count, replace=False)
    vip = np.zeros(signup.size, dtype=bool)
    vip[chosen] = True
    return vip


def _draw_signups(rng: np.random.Generator, cal: _Calendar, region: Ints) -> Ints:
    """Sign-up times: 55 % over the two previous years, the rest in the period, growing."""
    n = region.size
    before = 730
    past_weight = np.linspace(1.0, 2.0, before)
    day_before = _choose(rng, past_weight, n) - before
    days = np.arange(cal.days, dtype=np.int64)
    weight = (
        (1.0 + 0.7 * days / cal.days)
        * np.asarray(SIGNUP_SEASON)[cal.calendar_month(days) - 1]
        * np.asarray(WEEKDAY_PROFILE)[cal.weekday(days)]
    )
    after = (days * DAY >= cal.outage[0]) & (days * DAY < cal.outage[1] + 30 * DAY)
    weight[after] *= 0.75
    day_within = _choose(rng, weight, n)
    is_new = rng.random(n) >= PRE_START_SHARE
    day = np.where(is_new, day_within, day_before)
    offset = np.asarray(REGION_UTC_OFFSET, dtype=np.int64)[region] * HOUR
    signup = day * DAY + _local_seconds(rng, n) - offset
    return np.asarray(np.minimum(signup, cal.end - HOUR), dtype=np.int64)


def _draw_prices(rng: np.random.Generator, plan: Ints) -> Floats:
    price = np.zeros(plan.size)
    for index, (prices, weights) in enumerate(PLAN_PRICES):
        mine = plan == index
        price[mine] = np.asarray(prices)[_choose(rng, weights, int(mine.sum()))]
    return price


def _ascii(text: str) -> str:
    """Latin transliteration without diacritics (Vietnamese đ becomes d)."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _name_parts(region: str, picks: Ints) -> list[tuple[str, str]]:
    """(latin, script) parts of one name, in the order they are written."""
    if region == "Cambodia":
        return [_pool(KHMER_FAMILY, picks[0]), _pool(KHMER_GIVEN, picks[1])]
    if region == "Thailand":
        return [_pool(THAI_GIVEN, picks[0]), _pool(THAI_FAMILY, picks[1])]
    if region == "Vietnam":
        parts = [
            VIETNAMESE_FAMILY[picks[0] % len(VIETNAMESE_FAMILY)],
            VIETNAMESE_MIDDLE[picks[2] % len(VIETNAMESE_MIDDLE)],
            VIETNAMESE_GIVEN[picks[1] % len(VIETNAMESE_GIVEN)],
        ]
        return [(_ascii(p), p) for p in parts]
    given, family = LATIN_NAMES[region]
    first = given[picks[0] % len(given)]
    last = family[picks[1] % len(family)]
    ordered = [last, first] if region in FAMILY_NAME_FIRST else [first, last]
    return [(p, p) for p in ordered]


def _pool(pool: tuple[tuple[str, str], ...], pick: int) -> tuple[str, str]:
    return pool[int(pick) % len(pool)]


def _make_names(
    rng: np.random.Generator, region: Ints, native_speaker: Bools
) -> tuple[list[str], list[str]]:
    """Names plausible for each region, and e-mail addresses derived from them."""
    n = region.size
    picks = rng.integers(0, 1_000_000, (n, 3))
    in_script = rng.random(n) < np.asarray(SCRIPT_NAME_SHARE)[region]
    domains = rng.integers(0, len(EMAIL_DOMAINS), n)
    names, emails = [], []
    for i in range(n):
        region_name = REGIONS[region[i]]
        parts = _name_parts(region_name, picks[i])
        script = bool(in_script[i] and native_speaker[i])
        names.append(" ".join(script_form if script else latin for latin, script_form in parts))
        given, family = _given_and_family(region_name, [latin for latin, _ in parts])
        emails.append(f"{_slug(given)}.{_slug(family)}{i + 1}@{EMAIL_DOMAINS[domains[i]]}")
    return names, emails


def _given_and_family(region: str, latin_parts: list[str]) -> tuple[str, str]:
    if region in FAMILY_NAME_FIRST:
        return latin_parts[-1], latin_parts[0]
    return latin_parts[0], latin_parts[-1]


def _slug(text: str) -> str:
    return "".join(c for c in text.lower() if c.isascii() and c.isalnum())


def _make_phones(rng: np.random.Generator, region: Ints) -> list[str]:
    digits = rng.integers(0, 10, (region.size, 10))
    prefixes = rng.integers(0, 1_000_000, region.size)
    phones = []
    for i, r in enumerate(region):
        operators, pattern = PHONE_FORMATS[REGIONS[r]]
        text = pattern.format(p=operators[prefixes[i] % len(operators)])
        for d in digits[i]:
            text = text.replace("#", str(d), 1)
        phones.append(text)
    return phones


# --- the simulation ------------------------------------------------------------------------


@dataclass
class _Columns:
    """A bundle of equally long numpy columns that can be filtered and concatenated."""

    def take(self, index: Any) -> Self:
        return type(self)(**{f.name: getattr(self, f.name)[index] for f in fields(self)})

    @classmethod
    def concat(cls, parts: Sequence[Self]) -> Self:
        return cls(
            **{f.name: np.concatenate([getattr(p, f.name) for p in parts]) for f in fields(cls)}
        )

    @property
    def size(self) -> int:
        return int(getattr(self, fields(self)[0].name).size)


@dataclass
class _Tickets(_Columns):
    customer: Ints
    created: Ints
    category: Ints
    channel: Ints
    priority: Ints
    team: Ints
    agent: Ints
    agents_involved: Ints
    product: Ints
    first_response: Ints  # -1 when never answered
    resolved: Ints  # -1 while not resolved
    status: Ints
    outage: Bools  # created during the outage week
    surge: Bools  # one of the outage's extra technical tickets
    quality: Floats  # latent experience of the customer


@dataclass
class _Responses(_Columns):
    customer: Ints
    ticket: Ints  # index into the tickets, -1 for surveys not about a ticket
    survey: Ints
    score: Ints
    stage: Ints
    channel: Ints
    answered: Ints
    about_outage: Bools


@dataclass
class _Events(_Columns):
    """Survey invitations not tied to a ticket, at the time they would be answered."""

    customer: Ints
    time: Ints
    stage: Ints


@dataclass
class _Experience:
    """What each customer has lived through so far: drives NPS and churn."""

    bad: Floats  # recent bad experiences, decaying
    quality_sum: Floats
    quality_n: Floats
    last_seen: Ints  # last activity, churn comes after it

    @classmethod
    def empty(cls, n: int) -> _Experience:
        return cls(np.zeros(n), np.zeros(n), np.zeros(n), np.full(n, -(2**40), dtype=np.int64))

    def mean_quality(self) -> Floats:
        return self.quality_sum / (self.quality_n + 1.0)

    def record_month(self, tickets: _Tickets) -> None:
        n = self.bad.size
        self.bad *= 0.6
        self.quality_sum *= 0.7
        self.quality_n *= 0.7
        self.bad += np.bincount(tickets.customer, tickets.quality <= BAD_EXPERIENCE, n)
        self.quality_sum += np.bincount(tickets.customer, tickets.quality + 1.1, n)
        self.quality_n += np.bincount(tickets.customer, minlength=n)
        self.seen(tickets.customer, np.maximum(tickets.created, tickets.resolved))

    def seen(self, customer: Ints, when: Ints) -> None:
        np.maximum.at(self.last_seen, customer, when)


def _simulate(
    rng: np.random.Generator, cal: _Calendar, people: _Customers
) -> tuple[_Tickets, _Responses]:
    """Run the period month by month; churn depends on what happened before."""
    experience = _Experience.empty(people.count)
    stage_events = _stage_events(rng, cal, people)
    nps_events = _nps_events(rng, cal, people)
    ticket_parts: list[_Tickets] = []
    response_parts: list[_Responses] = []
    ticket_count = 0
    for month in range(cal.months):
        low, high = cal.month_starts[month], cal.month_starts[month + 1]
        leaving = _decide_churn(rng, cal, people, experience, low, high)
        tickets = _month_tickets(rng, cal, people, low, high, leaving)
        in_month = [e.take((e.time >= low) & (e.time < high)) for e in (stage_events, nps_events)]
        month_responses = [
            _ticket_surveys(rng, cal, people, tickets, ticket_count),
            _stage_surveys(rng, cal, people, in_month[0], experience),
            _nps_surveys(rng, cal, people, in_month[1], experience),
        ]
        experience.record_month(tickets)
        for part in month_responses:
            experience.seen(part.customer, part.answered)
        ticket_parts.append(tickets)
        response_parts.extend(month_responses)
        ticket_count += tickets.size
    return _Tickets.concat(ticket_parts), _Responses.concat(response_parts)


def _decide_churn(
    rng: np.random.Generator,
    cal: _Calendar,
    people: _Customers,
    experience: _Experience,
    low: int,
    high: int,
) -> Ints:
    """Pick who leaves during [low, high) and when; return their indices."""
    staying = (people.signup < high) & (people.churn == NEVER)
    tenure_days = (low - people.signup) / DAY
    hazard = (
        CHURN_PER_MONTH
        * np.asarray(PLAN_CHURN)[people.plan]
        * np.where(tenure_days < EARLY_CHURN_DAYS, EARLY_CHURN, 1.0)
        * (1.0 + BAD_EXPERIENCE_CHURN * experience.bad)
        * np.exp(-0.25 * people.loyalty)
        * np.where(people.vip, 0.4, 1.0)
    )
    aftermath = _overlap(low, high, cal.outage[1], cal.outage[1] + 45 * DAY)
    hazard = np.where(people.on_shared, hazard * (1.0 + POST_OUTAGE_CHURN * aftermath), hazard)
    exposure = np.clip((high - np.maximum(people.signup, low)) / (high - low), 0.0, 1.0)
    draw = rng.random(people.count) < np.minimum(hazard, 0.3) * exposure
    earliest = np.maximum.reduce(
        [np.full(people.count, low), people.signup + DAY, experience.last_seen + HOUR]
    )
    when = earliest + (rng.random(people.count) * (high - earliest)).astype(np.int64)
    leaving = np.flatnonzero(staying & draw & (earliest < high))
    people.churn[leaving] = when[leaving]
    return leaving


def _overlap(low: int, high: int, start: int, stop: int) -> float:
    """Share of [low, high) that falls in [start, stop)."""
    return max(0, min(high, stop) - max(low, start)) / (high - low)


# --- tickets -------------------------------------------------------------------------------


def _month_tickets(
    rng: np.random.Generator,
    cal: _Calendar,
    people: _Customers,
    low: int,
    high: int,
    leaving: Ints,
) -> _Tickets:
    customer, created, from_outage = _arrivals(rng, cal, people, low, high)
    cancel_customer, cancel_created = _cancellation_arrivals(rng, people, leaving)
    regular_per_day = float((~from_outage).sum()) / ((high - low) / DAY)
    forced = np.concatenate(
        [np.where(from_outage, TECHNICAL, -1), np.full(cancel_customer.size, CANCELLATION)]
    )
    customer = np.concatenate([customer, cancel_customer])
    created = np.concatenate([created, cancel_created])
    from_outage = np.concatenate([from_outage, np.zeros(cancel_customer.size, dtype=bool)])
    return _describe_tickets(
        rng, cal, people, customer, created, forced, from_outage, regular_per_day
    )


def _arrivals(
    rng: np.random.Generator, cal: _Calendar, people: _Customers, low: int, high: int
) -> tuple[Ints, Ints, Bools]:
    """Ticket arrivals per customer and local day, plus the outage's extra technical tickets."""
    days = np.arange(low // DAY, high // DAY, dtype=np.int64)
    active = (people.signup[:, None] < (days[None, :] + 1) * DAY) & (
        people.churn[:, None] > days[None, :] * DAY
    )
    daily = people.contact_rate[:, None] / 30.44 * active
    weekday = np.asarray(WEEKDAY_PROFILE) / np.mean(WEEKDAY_PROFILE)
    counts = rng.poisson(daily * weekday[cal.weekday(days)][None, :])

    outage_day = (days - cal.outage[0] // DAY).clip(0, OUTAGE_DAYS)
    profile = np.append(np.asarray(OUTAGE_DAY_PROFILE), 0.0)[outage_day]
    profile[days * DAY < cal.outage[0]] = 0.0
    extra_share = CATEGORY_MIX[TECHNICAL] * OUTAGE_TECHNICAL_EXTRA * OUTAGE_DAYS
    extra_daily = daily * people.on_shared[:, None] * extra_share * profile[None, :]
    extra = rng.poisson(extra_daily)

    customer, created, outage = [], [], []
    for matrix, flag in ((counts, False), (extra, True)):
        rows, cols = np.nonzero(matrix)
        repeat = matrix[rows, cols]
        who = np.repeat(rows, repeat).astype(np.int64)
        day = np.repeat(days[cols], repeat)
        when = day * DAY + _local_seconds(rng, who.size) - people.utc_offset[who]
        keep = (when >= np.maximum(0, people.signup[who] + 5 * MINUTE)) & (
            when < np.minimum(people.churn[who], cal.end)
        )
        customer.append(who[keep])
        created.append(when[keep])
        outage.append(np.full(int(keep.sum()), flag))
    return np.concatenate(customer), np.concatenate(created), np.concatenate(outage)


def _cancellation_arrivals(
    rng: np.random.Generator, people: _Customers, leaving: Ints
) -> tuple[Ints, Ints]:
    """A cancellation request a few hours to a few days before some customers leave."""
    asks = leaving[rng.random(leaving.size) < CANCELLATION_TICKET_SHARE]
    before = (rng.uniform(0.1, 5.0, asks.size) * DAY).astype(np.int64)
    created = people.churn[asks] - before
    keep = created >= np.maximum(0, people.signup[asks] + HOUR)
    return asks[keep], created[keep]


def _describe_tickets(
    rng: np.random.Generator,
    cal: _Calendar,
    people: _Customers,
    customer: Ints,
    created: Ints,
    forced_category: Ints,
    surge: Bools,
    regular_per_day: float,
) -> _Tickets:
    """Category, channel, routing and timings of new tickets."""
    n = customer.size
    new_customer = (created - people.signup[customer]) < NEW_CUSTOMER_DAYS * DAY
    category = np.where(
        new_customer,
        _choose(rng, NEW_CUSTOMER_CATEGORY_MIX, n),
        _choose(rng, CATEGORY_MIX, n),
    )
    category = np.where(forced_category >= 0, forced_category, category)
    priority = np.where(
        surge,
        _choose(rng, OUTAGE_PRIORITY, n),
        _choose_by_row(rng, PRIORITY_BY_CATEGORY, category),
    )
    team = _choose_by_row(rng, TEAM_BY_CATEGORY, category)
    tickets = _Tickets(
        customer=customer,
        created=created,
        category=category,
        channel=_choose_by_row(rng, CHANNEL_BY_REGION, people.region[customer]),
        priority=priority,
        team=team,
        agent=_pick_agent(rng, team),
        agents_involved=_agents_involved(rng, category, priority, cal.in_outage(created)),
        product=_pick_product(rng, category, people.plan[customer]),
        first_response=np.zeros(n, dtype=np.int64),
        resolved=np.zeros(n, dtype=np.int64),
        status=np.zeros(n, dtype=np.int64),
        outage=cal.in_outage(created),
        surge=surge,
        quality=np.zeros(n),
    )
    tickets.first_response, tickets.resolved, tickets.status = _timings(
        rng, cal, people, tickets, regular_per_day
    )
    tickets.quality = _ticket_quality(rng, cal, people, tickets)
    return tickets


def _pick_product(rng: np.random.Generator, category: Ints, plan: Ints) -> Ints:
    kind = _choose_by_row(rng, PRODUCT_BY_CATEGORY, category)
    own = np.asarray(PLAN_PRODUCT, dtype=np.int64)[plan]
    return np.select([kind == 0, kind == 1], [own, DOMAINS], EMAIL).astype(np.int64)


def _pick_agent(rng: np.random.Generator, team: Ints) -> Ints:
    weights = np.zeros((len(TEAMS), len(AGENTS)))
    for index, (_, agent_team, workload, _, _) in enumerate(AGENTS):
        weights[agent_team, index] = workload
    return _choose_by_row(rng, weights, team)


def _agents_involved(
    rng: np.random.Generator, category: Ints, priority: Ints, during_outage: Bools
) -> Ints:
    chance = (
        0.06
        + np.asarray(CATEGORY_ESCALATION)[category]
        + np.asarray(PRIORITY_ESCALATION)[priority]
        + 0.2 * during_outage
    )
    escalated = rng.random(category.size) < chance
    extra_values, extra_weights = ESCALATED_EXTRA_AGENTS
    extra = np.asarray(extra_values)[_choose(rng, extra_weights, category.size)]
    return np.asarray(1 + escalated * extra, dtype=np.int64)


def _load(
    rng: np.random.Generator, cal: _Calendar, created: Ints, regular_per_day: float
) -> Floats:
    """How busy support was on each ticket's day, 1 on an ordinary day."""
    day = created // DAY
    first = int(day.min()) if day.size else 0
    counts = np.bincount(day - first) if day.size else np.zeros(0)
    jitter = np.exp(rng.normal(0.0, 0.12, counts.size))
    busy = counts / max(regular_per_day, 1.0) * jitter
    busy = np.where(cal.in_outage((np.arange(counts.size) + first) * DAY), busy * 1.5, busy)
    return np.maximum(busy[day - first], 0.3)


def _timings(
    rng: np.random.Generator,
    cal: _Calendar,
    people: _Customers,
    tickets: _Tickets,
    regular_per_day: float,
) -> tuple[Ints, Ints, Ints]:
    """First response, resolution (both -1 when absent) and status at the end of the period."""
    n = tickets.size
    created, priority = tickets.created, tickets.priority
    load = _load(rng, cal, created, regular_per_day)
    local_hour = ((created + people.utc_offset[tickets.customer]) % DAY) // HOUR
    speed = np.asarray([a[3] for a in AGENTS])[tickets.agent]
    first_minutes = (
        _lognormal(rng, np.asarray(FIRST_RESPONSE_MINUTES)[tickets.channel], 0.75, n)
        * np.asarray(PRIORITY_FIRST_RESPONSE)[priority]
        * load**1.3
        * speed
        * np.where(local_hour < 7, NIGHT_RESPONSE, 1.0)
    )
    first = created + np.maximum(first_minutes * MINUTE, 10).astype(np.int64)
    work_hours = (
        _lognormal(rng, np.asarray(PRIORITY_RESOLUTION_HOURS)[priority], 0.85, n)
        * np.asarray(CATEGORY_RESOLUTION)[tickets.category]
        * (1.0 + 0.7 * (tickets.agents_involved - 1))
        * speed
        * load**0.8
        * np.where(tickets.surge, OUTAGE_RESOLUTION, 1.0)
    )
    tail = rng.random(n) < LONG_TAIL_SHARE
    work_hours = np.where(tail, work_hours * np.exp(rng.uniform(1.2, 3.2, n)), work_hours)
    resolved = first + np.maximum(work_hours * HOUR, MINUTE).astype(np.int64)

    unanswered = (rng.random(n) < NEVER_ANSWERED_SHARE) | (first >= cal.end)
    stale = rng.random(n) < STALE_PENDING_SHARE
    unresolved = unanswered | stale | (resolved >= cal.end)
    waiting = rng.random(n) < 0.6
    status = np.where(unresolved, np.where(waiting & ~unanswered, PENDING, OPEN), RESOLVED)
    first = np.where(unanswered, -1, first)
    resolved = np.where(unresolved, -1, resolved)
    return first, resolved, status.astype(np.int64)


def _ticket_quality(
    rng: np.random.Generator,
    cal: _Calendar,
    people: _Customers,
    tickets: _Tickets,
) -> Floats:
    """The customer's latent experience of a ticket; its CSAT and CES are cut from it."""
    c = tickets.customer
    done = np.where(tickets.resolved >= 0, tickets.resolved, cal.end + 2 * DAY)
    answered = np.where(tickets.first_response >= 0, tickets.first_response, done)
    resolution_hours = (done - tickets.created) / HOUR
    response_hours = (answered - tickets.created) / HOUR
    agent_quality = np.asarray([a[4] for a in AGENTS])[tickets.agent]
    quality = (
        people.care[c]
        + agent_quality
        + np.asarray(CATEGORY_QUALITY)[tickets.category]
        - 0.45 * np.log1p(resolution_hours)
        - 0.25 * np.log1p(response_hours)
        - 0.35 * (tickets.agents_involved - 1)
        - OUTAGE_QUALITY * tickets.outage
        - OUTAGE_TECHNICAL_QUALITY * tickets.surge
        - VIP_QUALITY * people.vip[c]
        + rng.normal(0.0, 0.8, tickets.size)
    )
    return np.asarray(quality, dtype=np.float64)


# --- surveys -------------------------------------------------------------------------------


def _cut(latent: Floats, cuts: Sequence[float], lowest: int) -> Ints:
    steps = (latent[:, None] > np.asarray(cuts)[None, :]).sum(axis=1)
    return np.asarray(lowest + steps, dtype=np.int64)


def _answer_delay(rng: np.random.Generator, size: int) -> Ints:
    """Minutes to two days between a survey invitation and the answer."""
    minutes = _lognormal(rng, 40.0, 1.4, size).clip(3, 48 * 60)
    return (minutes * MINUTE).astype(np.int64)


def _keep_answers(people: _Customers, cal: _Calendar, customer: Ints, answered: Ints) -> Bools:
    alive = (answered > people.signup[customer]) & (answered < people.churn[customer])
    return alive & (answered >= 0) & (answered < cal.end)


def _ticket_surveys(
    rng: np.random.Generator,
    cal: _Calendar,
    people: _Customers,
    tickets: _Tickets,
    offset: int,
) -> _Responses:
    """CSAT after most resolved tickets, CES after some; a third of customers answer."""
    n = tickets.size
    c = tickets.customer
    kind = _choose(rng, (CSAT_SURVEY_SHARE, CES_SURVEY_SHARE, NOT_SURVEYED_SHARE), n)
    willing = np.minimum(
        people.responsiveness[c] * np.where(tickets.quality <= BAD_EXPERIENCE, 1.3, 1.0), 0.95
    )
    answers = rng.random(n) < willing
    answered = tickets.resolved + _answer_delay(rng, n)
    effort = 0.6 * tickets.quality - 0.3 * (tickets.agents_involved - 1) + rng.normal(0, 0.6, n)
    score = np.where(kind == CSAT, _cut(tickets.quality, CSAT_CUTS, 1), _cut(effort, CES_CUTS, 1))
    keep = (
        (tickets.status == RESOLVED)
        & (kind != NOT_SURVEYED)
        & answers
        & _keep_answers(people, cal, c, answered)
    )
    return _Responses(
        customer=c,
        ticket=np.arange(n, dtype=np.int64) + offset,
        survey=np.where(kind == CSAT, CSAT, CES).astype(np.int64),
        score=score,
        stage=np.full(n, SUPPORT, dtype=np.int64),
        channel=tickets.channel,
        answered=answered,
        about_outage=tickets.outage,
    ).take(keep)


def _stage_events(rng: np.random.Generator, cal: _Calendar, people: _Customers) -> _Events:
    """Transactional CSAT invitations along the customer journey, before churn is known."""
    n = people.count
    everyone = np.arange(n, dtype=np.int64)
    new = everyone[people.signup >= 0]
    signup = people.signup
    parts: list[tuple[Ints, Floats | Ints, int]] = []
    trial = new[rng.random(new.size) < 0.6]
    parts.append((trial, signup[trial] + rng.uniform(7, 14, trial.size) * DAY, TRIAL))
    sales = new[rng.random(new.size) < 0.25 + 0.1 * people.company_size[new]]
    parts.append((sales, signup[sales] + rng.uniform(0.1, 2, sales.size) * DAY, SALES))
    upsell = everyone[rng.random(n) < 0.05]
    parts.append((upsell, _uniform_time(rng, cal, signup[upsell]), SALES))
    parts.append((new, signup[new] + rng.uniform(5, 20, new.size) * DAY, ONBOARDING))
    reached = everyone[rng.random(n) < 0.35]
    parts.append((reached, _uniform_time(rng, cal, signup[reached]), MARKETING))
    for year in (1, 2, 3):
        renew = signup + year * 365 * DAY
        due = everyone[(renew >= 0) & (renew < cal.end)]
        parts.append((due, renew[due] + rng.uniform(1, 5, due.size) * DAY, RENEWAL))
    return _events(cal, parts)


def _uniform_time(rng: np.random.Generator, cal: _Calendar, after: Ints) -> Floats:
    low = np.maximum(after, 0)
    return np.asarray(low + rng.random(after.size) * (cal.end - low), dtype=np.float64)


def _events(cal: _Calendar, parts: list[tuple[Ints, Any, int]]) -> _Events:
    customer = np.concatenate([p[0] for p in parts]).astype(np.int64)
    time = np.concatenate([np.asarray(p[1]) for p in parts]).astype(np.int64)
    stage = np.concatenate([np.full(p[0].size, p[2]) for p in parts]).astype(np.int64)
    inside = (time >= 0) & (time < cal.end)
    return _Events(customer, time, stage).take(inside)


def _stage_surveys(
    rng: np.random.Generator,
    cal: _Calendar,
    people: _Customers,
    events: _Events,
    experience: _Experience,
) -> _Responses:
    """CSAT at the journey stages; onboarding is where the company is weakest."""
    n = events.size
    c = events.customer
    rate = np.asarray(STAGE_ANSWER_RATE)[events.stage] * people.responsiveness[c]
    latent = (
        0.6 * people.care[c]
        + STAGE_BASE
        + np.asarray(STAGE_QUALITY)[events.stage]
        + rng.normal(0.0, 0.9, n)
    )
    score = _cut(latent, CSAT_CUTS, 1)
    channel = _survey_channels(rng, n)
    keep = (rng.random(n) < rate) & _keep_answers(people, cal, c, events.time)
    bad_onboarding = keep & (events.stage == ONBOARDING) & (score <= 2)
    np.add.at(experience.bad, c[bad_onboarding], 1.0)
    return _Responses(
        customer=c,
        ticket=np.full(n, -1, dtype=np.int64),
        survey=np.full(n, CSAT, dtype=np.int64),
        score=score,
        stage=events.stage,
        channel=channel,
        answered=events.time,
        about_outage=np.zeros(n, dtype=bool),
    ).take(keep)


def _survey_channels(rng: np.random.Generator, size: int) -> Ints:
    values, weights = SURVEY_CHANNELS
    return np.asarray(values, dtype=np.int64)[_choose(rng, weights, size)]


def _nps_events(rng: np.random.Generator, cal: _Calendar, people: _Customers) -> _Events:
    """Relational NPS: 3 days after sign-up, every 180 days after, and a quarterly wave."""
    n = people.count
    everyone = np.arange(n, dtype=np.int64)
    parts: list[tuple[Ints, Any, int]] = []
    cadence_times = []
    horizon = (cal.end - int(people.signup.min())) // (NPS_CADENCE_DAYS * DAY) + 1
    for k in range(int(horizon)):
        due = people.signup + (NPS_FIRST_DAYS + k * NPS_CADENCE_DAYS) * DAY
        inside = everyone[(due >= 0) & (due < cal.end)]
        parts.append((inside, due[inside] + _nps_delay(rng, inside.size), _nps_stage(k)))
        cadence_times.append(due)
    cadence = np.stack(cadence_times, axis=1)
    for month in range(1, cal.months, 3):
        wave = cal.month_starts[month] + NPS_WAVE_DAY * DAY
        near = (np.abs(cadence - wave) < NPS_WAVE_GAP_DAYS * DAY).any(axis=1)
        invited = everyone[(people.signup < wave - 30 * DAY) & ~near]
        parts.append((invited, wave + _nps_delay(rng, invited.size), RELATIONSHIP))
    return _events(cal, parts)


def _nps_delay(rng: np.random.Generator, size: int) -> Ints:
    """Relational surveys are answered less promptly: up to six days after the invitation."""
    return _answer_delay(rng, size) * 3


def _nps_stage(occurrence: int) -> int:
    """The first NPS after sign-up is onboarding; every yearly one is a renewal."""
    if occurrence == 0:
        return ONBOARDING
    return RENEWAL if occurrence % 2 == 0 else RELATIONSHIP


def _nps_surveys(
    rng: np.random.Generator,
    cal: _Calendar,
    people: _Customers,
    events: _Events,
    experience: _Experience,
) -> _Responses:
    """Likelihood to recommend, driven by loyalty and by the support experience so far."""
    n = events.size
    c = events.customer
    tenure_years = np.clip((events.time - people.signup[c]) / (365 * DAY), 0, 3)
    hurt = cal.after_outage(events.time) & people.on_shared[c]
    latent = (
        people.loyalty[c]
        + 0.5 * experience.mean_quality()[c]
        + 0.12 * tenure_years
        - 0.9 * hurt
        - 0.25 * (events.stage == ONBOARDING)
        + rng.normal(0.0, 0.75, n)
    )
    score = np.clip(np.rint(NPS_CENTER + NPS_SPREAD * latent), 0, 10).astype(np.int64)
    vip_score = 9 + (rng.random(n) < 0.6)
    score = np.where(people.vip[c], vip_score, score)
    rate = np.where(people.vip[c], VIP_NPS_ANSWER_RATE, NPS_ANSWER_RATE * people.responsiveness[c])
    keep = (rng.random(n) < rate) & _keep_answers(people, cal, c, events.time)
    return _Responses(
        customer=c,
        ticket=np.full(n, -1, dtype=np.int64),
        survey=np.full(n, NPS, dtype=np.int64),
        score=score,
        stage=events.stage,
        channel=_survey_channels(rng, n),
        answered=events.time,
        about_outage=hurt,
    ).take(keep)


# --- comments ------------------------------------------------------------------------------


def _band(survey: int, score: int) -> str:
    negative_max, positive_min = {CSAT: (2, 4), CES: (3, 6), NPS: (6, 9)}[survey]
    if score <= negative_max:
        return NEGATIVE
    return POSITIVE if score >= positive_min else NEUTRAL


def _draw_comments(
    rng: np.random.Generator, people: _Customers, responses: _Responses
) -> list[str | None]:
    """About a third of answers carry a comment in the customer's language, fitting the score."""
    n = responses.size
    draws = rng.random((n, 2))
    picks = rng.integers(0, 1_000_000, n)
    comments: list[str | None] = []
    for i in range(n):
        band = _band(int(responses.survey[i]), int(responses.score[i]))
        if draws[i, 0] >= COMMENT_SHARE[band]:
            comments.append(None)
            continue
        language = LANGUAGES[people.language[responses.customer[i]]]
        bank = COMMENTS[language][band]
        if band == NEGATIVE and responses.about_outage[i] and draws[i, 1] < OUTAGE_COMMENT_SHARE:
            bank = OUTAGE_COMMENTS[language]
        comments.append(bank[picks[i] % len(bank)])
    return comments


# --- money ---------------------------------------------------------------------------------


def _revenue_rows(
    rng: np.random.Generator, cal: _Calendar, people: _Customers
) -> list[tuple[str, str, str]]:
    """Monthly invoices on each customer's billing day while active."""
    signup_day = people.signup // DAY
    signup_dates = [cal.start + timedelta(days=int(d)) for d in signup_day]
    billing_day = np.asarray([min(d.day, 28) for d in signup_dates], dtype=np.int64)
    signup_month = np.asarray([d.month for d in signup_dates], dtype=np.int64)
    churn_day = np.where(people.churn == NEVER, cal.days + 1, people.churn // DAY)
    day_text = cal.dates(np.arange(cal.days, dtype=np.int64) * DAY)
    rows: list[tuple[str, str, str]] = []
    month = date(cal.start.year, cal.start.month, 1)
    while (month - cal.start).days < cal.days:
        invoice_day = (month - cal.start).days + billing_day - 1
        billed = (invoice_day >= np.maximum(signup_day, 0)) & (
            invoice_day < np.minimum(churn_day, cal.days)
        )
        renewal = people.has_domain & (signup_month == month.month) & (invoice_day > signup_day)
        amount = (
            people.price
            + np.where(renewal, DOMAIN_RENEWAL, 0.0)
            + np.where(rng.random(people.count) < 0.03, SSL_ADDON, 0.0)
        )
        for i in np.flatnonzero(billed).tolist():
            rows.append((_customer_id(i), day_text[invoice_day[i]], f"{amount[i]:.2f}"))
        month = _add_months(month, 1)
    rows.sort(key=lambda row: (row[1], row[0]))
    return rows


def _spend_rows(
    rng: np.random.Generator, cal: _Calendar, people: _Customers
) -> list[tuple[str, str, str]]:
    """Acquisition spend: weekly ad invoices, occasional events, monthly affiliate payouts."""
    google, facebook, events, affiliates = SPEND_CHANNELS
    rows: list[tuple[date, float, str]] = []
    for month in range(cal.months):
        low, high = cal.month_starts[month], cal.month_starts[month + 1]
        first = cal.start + timedelta(days=low // DAY)
        length = (high - low) // DAY
        budget = MONTHLY_ADS_BUDGET * (1.0 + 0.5 * month / max(cal.months - 1, 1))
        for week in range(4):
            day = first + timedelta(days=7 * week)
            rows.append((day, budget * 0.6 / 4 * np.exp(rng.normal(0, 0.15)), google))
            rows.append(
                (day + timedelta(days=2), budget * 0.4 / 4 * np.exp(rng.normal(0, 0.2)), facebook)
            )
        for _ in range(int(rng.random() < 0.4) + int(rng.random() < 0.15)):
            day = first + timedelta(days=int(rng.integers(0, length)))
            rows.append((day, rng.uniform(400, 1800), events))
        signups = int(((people.signup >= low) & (people.signup < high)).sum())
        payout = signups * AFFILIATE_SHARE * AFFILIATE_COMMISSION * rng.uniform(0.8, 1.2)
        rows.append((first + timedelta(days=length - 1), payout, affiliates))
    rows.sort(key=lambda row: (row[0], row[2]))
    return [(day.isoformat(), f"{amount:.2f}", channel) for day, amount, channel in rows]


# --- writing -------------------------------------------------------------------------------


def _customer_id(index: int) -> str:
    return f"C{index + 1:05d}"


def _ticket_ids(tickets: _Tickets) -> list[str]:
    """Ticket ids in creation order, indexed by simulation order."""
    order = np.lexsort((tickets.customer, tickets.created))
    rank = np.empty(tickets.size, dtype=np.int64)
    rank[order] = np.arange(tickets.size)
    return [f"T{r + 1:06d}" for r in rank.tolist()]


def _optional_timestamps(cal: _Calendar, seconds: Ints) -> list[str]:
    text = cal.timestamps(np.maximum(seconds, 0))
    return [t if s >= 0 else "" for t, s in zip(text, seconds.tolist(), strict=True)]


def _customer_rows(cal: _Calendar, people: _Customers) -> Iterable[tuple[str, ...]]:
    signup = cal.timestamps(people.signup)
    churn = _optional_timestamps(cal, np.where(people.churn == NEVER, -1, people.churn))
    for i in range(people.count):
        yield (
            _customer_id(i),
            people.names[i],
            people.emails[i],
            people.phones[i],
            LANGUAGES[people.language[i]],
            REGIONS[people.region[i]],
            PLANS[people.plan[i]],
            signup[i],
            churn[i],
            COMPANY_SIZES[people.company_size[i]],
        )


def _ticket_rows(cal: _Calendar, tickets: _Tickets, ids: list[str]) -> Iterable[tuple[str, ...]]:
    created = cal.timestamps(tickets.created)
    first = _optional_timestamps(cal, tickets.first_response)
    resolved = _optional_timestamps(cal, tickets.resolved)
    for i in np.lexsort((tickets.customer, tickets.created)).tolist():
        yield (
            ids[i],
            _customer_id(int(tickets.customer[i])),
            CHANNELS[tickets.channel[i]],
            CATEGORIES[tickets.category[i]],
            PRIORITIES[tickets.priority[i]],
            STATUSES[tickets.status[i]],
            created[i],
            first[i],
            resolved[i],
            AGENTS[tickets.agent[i]][0],
            TEAMS[tickets.team[i]],
            str(tickets.agents_involved[i]),
            PRODUCTS[tickets.product[i]],
        )


def _response_records(
    cal: _Calendar,
    people: _Customers,
    responses: _Responses,
    comments: list[str | None],
    ticket_ids: list[str],
) -> Iterable[dict[str, Any]]:
    answered = cal.timestamps(responses.answered)
    order = np.lexsort((responses.ticket, responses.customer, responses.survey, responses.answered))
    for number, i in enumerate(order.tolist(), start=1):
        survey = SURVEY_KINDS[responses.survey[i]]
        ticket = int(responses.ticket[i])
        yield {
            "response_id": f"R{number:06d}",
            "customer_id": _customer_id(int(responses.customer[i])),
            "ticket_id": ticket_ids[ticket] if ticket >= 0 else None,
            "survey": survey,
            "scale": SURVEY_SCALES[survey],
            "score": int(responses.score[i]),
            "comment": comments[i],
            "stage": STAGES[responses.stage[i]],
            "channel": CHANNELS[responses.channel[i]],
            "language": LANGUAGES[people.language[responses.customer[i]]],
            "answered_at": answered[i],
        }


def _write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def _write_jsonl(path: Path, records: Iterable[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
