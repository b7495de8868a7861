"""What the demo data calls things: file layouts, regions, plans, channels, agents, stages."""

from __future__ import annotations

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
LANGUAGES = ("km", "th", "vi", "en")
ENGLISH = 3
REGION_LANGUAGE = (0, 1, 2, ENGLISH, ENGLISH, ENGLISH, ENGLISH, ENGLISH)
COMPANY_SIZES = ("1-10", "11-50", "51-200", "200+")
PLANS = ("shared", "vps", "dedicated", "reseller")
SHARED_PLANS = (0, 3)  # plans hosted on the shared platform hit by the outage

# --- tickets -------------------------------------------------------------------------------

CHANNELS = ("email", "live_chat", "phone", "sms", "facebook", "telegram", "twitter", "web_form")
CATEGORIES = (
    "technical_issue", "billing", "sales_question", "account_access", "domain_dns",
    "email_delivery", "migration", "cancellation", "feature_request",
)  # fmt: skip
TECHNICAL, CANCELLATION = 0, 7

PRIORITIES = ("low", "normal", "high", "critical")
CRITICAL = 3

PRODUCTS = ("shared_hosting", "vps", "dedicated", "domains", "email")
PLAN_PRODUCT = (0, 1, 2, 0)
DOMAINS, EMAIL = 3, 4

TEAMS = ("frontline", "technical", "billing")
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

STATUSES = ("open", "pending", "resolved")
OPEN, PENDING, RESOLVED = 0, 1, 2

# --- surveys -------------------------------------------------------------------------------

SURVEY_SCALES = {"csat": "1-5", "ces": "1-7", "nps": "0-10"}
SURVEY_KINDS = ("csat", "ces", "nps")
CSAT, CES, NPS = 0, 1, 2

STAGES = ("support", "trial", "sales_contact", "onboarding", "marketing_content", "renewal",
          "relationship")  # fmt: skip
SUPPORT, TRIAL, SALES, ONBOARDING, MARKETING, RENEWAL, RELATIONSHIP = range(7)

# --- money ---------------------------------------------------------------------------------

SPEND_CHANNELS = ("google_ads", "facebook_ads", "events", "affiliates")
