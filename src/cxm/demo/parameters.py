"""The knobs of the demo simulation: shares, rates, prices, daily rhythms and the outage."""

from __future__ import annotations

from cxm.demo.comments import NEGATIVE, NEUTRAL, POSITIVE

# --- customers -----------------------------------------------------------------------------

REGION_SHARE = (0.30, 0.30, 0.25, 0.04, 0.04, 0.03, 0.02, 0.02)
REGION_UTC_OFFSET = (7, 7, 7, 8, 8, 7, -5, 10)  # hours, for business-hour peaks
ENGLISH_SHARE_IN_NATIVE_REGIONS = 0.15

PRE_START_SHARE = 0.55  # customers who signed up in the two years before the start
SIGNUP_SEASON = (1.10, 0.85, 1.05, 0.85, 1.00, 1.00, 0.95, 1.05, 1.15, 1.10, 1.25, 0.95)

COMPANY_SIZE_SHARE = (0.55, 0.28, 0.12, 0.05)
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

# --- tickets -------------------------------------------------------------------------------

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

CATEGORY_MIX = (0.34, 0.15, 0.07, 0.08, 0.12, 0.12, 0.04, 0.02, 0.06)
NEW_CUSTOMER_CATEGORY_MIX = (0.24, 0.12, 0.10, 0.14, 0.17, 0.08, 0.12, 0.01, 0.02)
NEW_CUSTOMER_DAYS = 30
CATEGORY_RESOLUTION = (1.2, 0.8, 0.5, 0.6, 1.6, 1.3, 3.0, 0.7, 2.0)  # x the priority median
CATEGORY_QUALITY = (0.0, -0.15, 0.25, 0.05, 0.0, -0.1, 0.0, -0.6, -0.3)
CATEGORY_ESCALATION = (0.10, 0.02, 0.0, 0.04, 0.06, 0.08, 0.20, 0.02, 0.05)

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
ESCALATED_EXTRA_AGENTS = ((1, 2, 3), (0.70, 0.22, 0.08))

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

# --- money ---------------------------------------------------------------------------------

MONTHLY_ADS_BUDGET = 2_600.0
AFFILIATE_SHARE, AFFILIATE_COMMISSION = 0.2, 30.0
