"""The demo generator: deterministic, canonical, valid, and the patterns it promises are there."""

from __future__ import annotations

import csv
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from statistics import median
from typing import Any

import pytest

from cxm.demo import outage_week, write_demo_files
from cxm.demo.comments import BANDS, COMMENTS, NEGATIVE, NEUTRAL, OUTAGE_COMMENTS, POSITIVE

START = date(2025, 1, 1)
END = date(2026, 1, 1)
FILES = {
    "customers": "customers.csv",
    "tickets": "tickets.csv",
    "responses": "responses.jsonl",
    "revenue": "revenue.csv",
    "spend": "spend.csv",
}
CUSTOMER_COLUMNS = [
    "customer_id", "name", "email", "phone", "language", "region", "plan", "signup_at",
    "churned_at", "company_size",
]  # fmt: skip
TICKET_COLUMNS = [
    "ticket_id", "customer_id", "channel", "category", "priority", "status", "created_at",
    "first_response_at", "resolved_at", "agent", "team", "agents_involved", "product",
]  # fmt: skip
RESPONSE_KEYS = [
    "response_id", "customer_id", "ticket_id", "survey", "scale", "score", "comment", "stage",
    "channel", "language", "answered_at",
]  # fmt: skip
CHANNELS = {"email", "live_chat", "phone", "sms", "facebook", "telegram", "twitter", "web_form"}
CATEGORIES = {
    "technical_issue", "billing", "sales_question", "account_access", "domain_dns",
    "email_delivery", "migration", "cancellation", "feature_request",
}  # fmt: skip
STAGES = {"support", "trial", "sales_contact", "onboarding", "marketing_content", "renewal",
          "relationship"}  # fmt: skip
PHONE_CODES = {
    "Cambodia": "+855 ", "Thailand": "+66 ", "Vietnam": "+84 ", "Singapore": "+65 ",
    "Malaysia": "+60 ", "Laos": "+856 ", "United States": "+1 ", "Australia": "+61 ",
}  # fmt: skip
NATIVE_LANGUAGE = {"Cambodia": "km", "Thailand": "th", "Vietnam": "vi"}
PLAN_PRICE_RANGE = {
    "shared": (2, 11),
    "vps": (19, 61),
    "dedicated": (99, 301),
    "reseller": (29, 81),
}
SCALE_RANGE = {"csat": ("1-5", 1, 5), "ces": ("1-7", 1, 7), "nps": ("0-10", 0, 10)}
TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
AMOUNT = re.compile(r"^\d+\.\d{2}$")


def ts(text: str) -> datetime:
    assert TIMESTAMP.match(text), text
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ")


@dataclass
class Demo:
    paths: dict[str, Path]
    customers: list[dict[str, str]]
    tickets: list[dict[str, str]]
    responses: list[dict[str, Any]]
    revenue: list[dict[str, str]]
    spend: list[dict[str, str]]

    @property
    def customer(self) -> dict[str, dict[str, str]]:
        return {c["customer_id"]: c for c in self.customers}

    @property
    def ticket(self) -> dict[str, dict[str, str]]:
        return {t["ticket_id"]: t for t in self.tickets}

    def csat(self, stage: str | None = None) -> list[dict[str, Any]]:
        return [
            r
            for r in self.responses
            if r["survey"] == "csat" and (stage is None or r["stage"] == stage)
        ]


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load(paths: dict[str, Path]) -> Demo:
    with paths["responses"].open(encoding="utf-8") as handle:
        responses = [json.loads(line) for line in handle]
    return Demo(
        paths=paths,
        customers=read_csv(paths["customers"]),
        tickets=read_csv(paths["tickets"]),
        responses=responses,
        revenue=read_csv(paths["revenue"]),
        spend=read_csv(paths["spend"]),
    )


def satisfied(responses: Iterable[dict[str, Any]]) -> float:
    scores: list[int] = [r["score"] for r in responses]
    return sum(s >= 4 for s in scores) / len(scores)


def nps(scores: list[int]) -> float:
    return 100 * (sum(s >= 9 for s in scores) - sum(s <= 6 for s in scores)) / len(scores)


def week_of(moment: datetime, first: date) -> int:
    return (moment.date() - first).days // 7


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Demo:
    return load(write_demo_files(tmp_path_factory.mktemp("demo")))


# --- determinism and layout ----------------------------------------------------------------


def test_same_seed_gives_byte_identical_files(tmp_path: Path) -> None:
    first = write_demo_files(tmp_path / "a", seed=11, months=3, customers=400)
    second = write_demo_files(tmp_path / "b", seed=11, months=3, customers=400)
    other = write_demo_files(tmp_path / "c", seed=12, months=3, customers=400)
    for entity in FILES:
        assert first[entity].read_bytes() == second[entity].read_bytes(), entity
    assert first["tickets"].read_bytes() != other["tickets"].read_bytes()


def test_returns_a_path_per_entity(demo: Demo) -> None:
    assert set(demo.paths) == set(FILES)
    for entity, name in FILES.items():
        assert demo.paths[entity].name == name
        assert demo.paths[entity].stat().st_size > 0


def test_files_have_the_canonical_columns(demo: Demo) -> None:
    def header(entity: str) -> list[str]:
        with demo.paths[entity].open(encoding="utf-8", newline="") as handle:
            return next(csv.reader(handle))

    assert header("customers") == CUSTOMER_COLUMNS
    assert header("tickets") == TICKET_COLUMNS
    assert header("revenue") == ["customer_id", "date", "amount"]
    assert header("spend") == ["date", "amount", "channel"]
    assert all(list(r) == RESPONSE_KEYS for r in demo.responses)


def test_rejects_an_empty_period(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        write_demo_files(tmp_path, months=0)


# --- validity ------------------------------------------------------------------------------


def test_customers_are_valid(demo: Demo) -> None:
    customers = demo.customers
    assert [c["customer_id"] for c in customers] == [
        f"C{i:05d}" for i in range(1, len(customers) + 1)
    ]
    assert len({c["email"] for c in customers}) == len(customers)
    for c in customers:
        assert re.fullmatch(r"[a-z0-9]+\.[a-z0-9]+\d+@example\.(com|net|org)", c["email"]), c
        assert c["name"].strip() == c["name"] and c["name"]
        assert c["phone"].startswith(PHONE_CODES[c["region"]]), c
        assert c["language"] in {NATIVE_LANGUAGE.get(c["region"], "en"), "en"}, c
        assert c["plan"] in PLAN_PRICE_RANGE
        assert c["company_size"] in {"1-10", "11-50", "51-200", "200+"}
        signup = ts(c["signup_at"])
        assert signup < datetime(2026, 1, 1)
        if c["churned_at"]:
            assert signup < ts(c["churned_at"]) < datetime(2026, 1, 1)


def test_customer_mix_is_plausible(demo: Demo) -> None:
    n = len(demo.customers)
    regions = Counter(c["region"] for c in demo.customers)
    for region, share in (("Cambodia", 0.30), ("Thailand", 0.30), ("Vietnam", 0.25)):
        assert abs(regions[region] / n - share) < 0.04, regions
    native = [c for c in demo.customers if c["region"] in NATIVE_LANGUAGE]
    english = sum(c["language"] == "en" for c in native) / len(native)
    assert 0.10 < english < 0.20
    assert Counter(c["plan"] for c in demo.customers).most_common(1)[0][0] == "shared"
    before = sum(ts(c["signup_at"]) < datetime(2025, 1, 1) for c in demo.customers) / n
    assert 0.50 < before < 0.60
    assert sum(bool(c["churned_at"]) for c in demo.customers) < 0.35 * n
    scripts = "".join(c["name"] for c in demo.customers)
    assert re.search("[\u1780-\u17ff]", scripts) and re.search("[\u0e00-\u0e7f]", scripts)


def test_tickets_are_valid(demo: Demo) -> None:
    customers = demo.customer
    tickets = demo.tickets
    assert [t["ticket_id"] for t in tickets] == [f"T{i:06d}" for i in range(1, len(tickets) + 1)]
    teams: dict[str, set[str]] = defaultdict(set)
    for t in tickets:
        owner = customers[t["customer_id"]]
        created = ts(t["created_at"])
        assert ts(owner["signup_at"]) <= created < datetime(2026, 1, 1), t
        assert created >= datetime(2025, 1, 1)
        if owner["churned_at"]:
            assert created < ts(owner["churned_at"]), t
        assert t["channel"] in CHANNELS and t["category"] in CATEGORIES
        assert t["priority"] in {"low", "normal", "high", "critical"}
        assert t["product"] in {"shared_hosting", "vps", "dedicated", "domains", "email"}
        assert 1 <= int(t["agents_involved"]) <= 4
        first = ts(t["first_response_at"]) if t["first_response_at"] else None
        resolved = ts(t["resolved_at"]) if t["resolved_at"] else None
        if first:
            assert first >= created
        if resolved:
            assert resolved >= created and (first is None or resolved >= first)
        assert (t["status"] == "resolved") == (resolved is not None), t
        assert t["status"] in {"open", "pending", "resolved"}
        teams[t["agent"]].add(t["team"])
    assert 20 <= len(teams) <= 30
    assert all(len(owned) == 1 for owned in teams.values())
    assert {team for owned in teams.values() for team in owned} == {
        "frontline",
        "technical",
        "billing",
    }


def test_ticket_mix_is_plausible(demo: Demo) -> None:
    n = len(demo.tickets)
    assert 40_000 <= n <= 60_000
    categories = Counter(t["category"] for t in demo.tickets)
    assert categories.most_common(1)[0][0] == "technical_issue"
    channels = [c for c, _ in Counter(t["channel"] for t in demo.tickets).most_common()]
    assert set(channels[:2]) == {"email", "live_chat"}
    critical = sum(t["priority"] == "critical" for t in demo.tickets) / n
    assert 0.02 < critical < 0.05
    assert sum(t["status"] == "resolved" for t in demo.tickets) > 0.97 * n
    assert 0 < sum(not t["first_response_at"] for t in demo.tickets) < 0.01 * n
    assert sum(t["agents_involved"] == "1" for t in demo.tickets) > 0.75 * n


def test_responses_are_valid(demo: Demo) -> None:
    customers = demo.customer
    tickets = demo.ticket
    ids = [r["response_id"] for r in demo.responses]
    assert ids == [f"R{i:06d}" for i in range(1, len(ids) + 1)]
    for r in demo.responses:
        owner = customers[r["customer_id"]]
        answered = ts(r["answered_at"])
        assert ts(owner["signup_at"]) < answered < datetime(2026, 1, 1)
        if owner["churned_at"]:
            assert answered < ts(owner["churned_at"])
        scale, low, high = SCALE_RANGE[r["survey"]]
        assert r["scale"] == scale and isinstance(r["score"], int) and low <= r["score"] <= high
        assert r["stage"] in STAGES and r["channel"] in CHANNELS
        assert r["language"] == owner["language"]
        if r["ticket_id"] is None:
            assert r["stage"] != "support"
            continue
        ticket = tickets[r["ticket_id"]]
        assert r["survey"] in {"csat", "ces"} and r["stage"] == "support"
        assert ticket["customer_id"] == r["customer_id"]
        assert ticket["channel"] == r["channel"] and ticket["status"] == "resolved"
        delay = answered - ts(ticket["resolved_at"])
        assert timedelta(minutes=3) <= delay <= timedelta(days=2)


def test_every_survey_kind_and_stage_is_present(demo: Demo) -> None:
    kinds = Counter((r["survey"], r["stage"]) for r in demo.responses)
    for stage in ("support", "trial", "sales_contact", "onboarding", "marketing_content"):
        assert kinds["csat", stage] > 100, kinds
    assert kinds["csat", "renewal"] > 100 and kinds["ces", "support"] > 500
    assert {s for (survey, s) in kinds if survey == "nps"} == {
        "onboarding",
        "renewal",
        "relationship",
    }


def test_nps_follows_the_relational_cadence(demo: Demo) -> None:
    customers = demo.customer
    for r in demo.responses:
        if r["survey"] == "nps" and r["stage"] == "onboarding":
            waited = ts(r["answered_at"]) - ts(customers[r["customer_id"]]["signup_at"])
            assert timedelta(days=3) <= waited <= timedelta(days=10)


def test_comments_fit_language_and_score(demo: Demo) -> None:
    bands = {
        language: {text: band for band in BANDS for text in bank[band]}
        for language, bank in COMMENTS.items()
    }
    commented = [r for r in demo.responses if r["comment"] is not None]
    assert 0.30 < len(commented) / len(demo.responses) < 0.40
    negative_max = {"csat": 2, "ces": 3, "nps": 6}
    positive_min = {"csat": 4, "ces": 6, "nps": 9}
    for r in commented:
        language, score, survey = r["language"], r["score"], r["survey"]
        if r["comment"] in OUTAGE_COMMENTS[language]:
            assert score <= negative_max[survey]
            continue
        band = bands[language][r["comment"]]
        if score <= negative_max[survey]:
            assert band == NEGATIVE
        elif score >= positive_min[survey]:
            assert band == POSITIVE
        else:
            assert band == NEUTRAL
    texts = [r["comment"] for r in commented]
    assert any("<" in t for t in texts) and any("&" in t for t in texts)
    assert any('"' in t for t in texts) and any("\n" in t for t in texts)
    assert {r["language"] for r in commented} == {"km", "th", "vi", "en"}


def test_comment_banks_are_rich_and_in_their_script() -> None:
    scripts = {
        "km": "[\u1780-\u17ff]",
        "th": "[\u0e00-\u0e7f]",
        "vi": "[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]",
    }
    for language, bank in COMMENTS.items():
        assert set(bank) == set(BANDS)
        for band in BANDS:
            texts = bank[band]
            assert len(texts) >= 15 and len(set(texts)) == len(texts)
            for text in texts:
                assert text == text.strip() and "  " not in text
                if language in scripts:
                    assert re.search(scripts[language], text.lower()), text
        assert len(OUTAGE_COMMENTS[language]) >= 5


def test_revenue_is_valid(demo: Demo) -> None:
    customers = demo.customer
    billing_days: dict[str, set[int]] = defaultdict(set)
    for row in demo.revenue:
        owner = customers[row["customer_id"]]
        assert DATE.match(row["date"]) and AMOUNT.match(row["amount"]), row
        day = date.fromisoformat(row["date"])
        assert START <= day < END
        assert day >= ts(owner["signup_at"]).date()
        if owner["churned_at"]:
            assert day < ts(owner["churned_at"]).date()
        low, high = PLAN_PRICE_RANGE[owner["plan"]]
        assert low <= float(row["amount"]) <= high + 25, row
        billing_days[row["customer_id"]].add(day.day)
    assert all(len(days) == 1 for days in billing_days.values())
    per_customer = Counter(row["customer_id"] for row in demo.revenue)
    assert max(per_customer.values()) == 12


def test_spend_is_valid(demo: Demo) -> None:
    monthly: dict[str, float] = defaultdict(float)
    for row in demo.spend:
        assert DATE.match(row["date"]) and AMOUNT.match(row["amount"]), row
        assert START <= date.fromisoformat(row["date"]) < END
        assert row["channel"] in {"google_ads", "facebook_ads", "events", "affiliates"}
        assert float(row["amount"]) > 0
        monthly[row["date"][:7]] += float(row["amount"])
    assert len(monthly) == 12
    assert all(1_000 < total < 10_000 for total in monthly.values()), monthly


# --- patterns ------------------------------------------------------------------------------


def test_outage_week_is_derived_from_the_start() -> None:
    assert outage_week(START) == (date(2025, 6, 9), date(2025, 6, 16))
    first, after = outage_week(date(2024, 4, 1), 6)
    assert date(2024, 4, 1) < first < after < date(2024, 10, 1)


def test_outage_week_has_more_technical_tickets_and_lower_csat(demo: Demo) -> None:
    first, _ = outage_week(START)
    technical = Counter(
        week_of(ts(t["created_at"]), first)
        for t in demo.tickets
        if t["category"] == "technical_issue"
    )
    around = [-3, -2, -1, 1, 2, 3]
    usual = sum(technical[w] for w in around) / len(around)
    assert 3 * usual <= technical[0] <= 5 * usual, technical

    tickets = demo.ticket
    by_week: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for r in demo.csat("support"):
        by_week[week_of(ts(tickets[r["ticket_id"]]["created_at"]), first)].append(r)
    outage = satisfied(by_week[0])
    for w in around:
        assert outage < satisfied(by_week[w]) - 0.15, (w, outage)

    waits: dict[int, list[float]] = defaultdict(list)
    for t in demo.tickets:
        if t["first_response_at"]:
            wait = (ts(t["first_response_at"]) - ts(t["created_at"])).total_seconds()
            waits[week_of(ts(t["created_at"]), first)].append(wait)
    assert median(waits[0]) > 1.5 * max(median(waits[w]) for w in around)


def test_onboarding_is_the_weakest_stage(demo: Demo) -> None:
    by_stage: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in demo.csat():
        by_stage[r["stage"]].append(r)
    rates = {stage: satisfied(rows) for stage, rows in by_stage.items()}
    others = [rate for stage, rate in rates.items() if stage != "onboarding"]
    assert rates["onboarding"] < min(others) - 0.08, rates


def test_weekdays_are_busier_than_weekends(demo: Demo) -> None:
    per_day = Counter(ts(t["created_at"]).date() for t in demo.tickets)
    weekday = [n for day, n in per_day.items() if day.weekday() < 5]
    weekend = [n for day, n in per_day.items() if day.weekday() >= 5]
    assert sum(weekday) / len(weekday) > 1.4 * sum(weekend) / len(weekend)


def test_tickets_peak_in_local_business_hours(demo: Demo) -> None:
    customers = demo.customer
    local = Counter(
        (ts(t["created_at"]) + timedelta(hours=7)).hour
        for t in demo.tickets
        if customers[t["customer_id"]]["region"] in NATIVE_LANGUAGE
    )
    business = sum(local[h] for h in range(9, 17)) / 8
    night = sum(local[h] for h in range(0, 6)) / 6
    assert business > 4 * night


def test_response_and_resolution_times_are_realistic(demo: Demo) -> None:
    waits: dict[str, list[float]] = defaultdict(list)
    resolution: list[float] = []
    critical: list[float] = []
    for t in demo.tickets:
        created = ts(t["created_at"])
        if t["first_response_at"]:
            waits[t["channel"]].append((ts(t["first_response_at"]) - created).total_seconds())
        if t["resolved_at"]:
            hours = (ts(t["resolved_at"]) - created).total_seconds() / 3600
            resolution.append(hours)
            if t["priority"] == "critical":
                critical.append(hours)
    assert median(waits["live_chat"]) < 300 and median(waits["phone"]) < 300
    assert median(waits["email"]) > 1800
    assert sum(h <= 1 for h in critical) / len(critical) > 0.6
    assert sum(h <= 24 for h in resolution) / len(resolution) > 0.8
    assert 0 < sum(h > 72 for h in resolution) / len(resolution) < 0.05


def test_headline_scores(demo: Demo) -> None:
    first, _ = outage_week(START)
    tickets = demo.ticket
    usual = [
        r
        for r in demo.csat("support")
        if week_of(ts(tickets[r["ticket_id"]]["created_at"]), first) != 0
    ]
    assert 0.75 <= satisfied(usual) <= 0.85
    assert 20 <= nps([r["score"] for r in demo.responses if r["survey"] == "nps"]) <= 40
    ces = [r["score"] for r in demo.responses if r["survey"] == "ces"]
    assert 0.45 < sum(s >= 6 for s in ces) / len(ces) < 0.75


def test_vip_support_customers_exist(demo: Demo) -> None:
    latest_nps: dict[str, int] = {}
    for r in sorted(demo.responses, key=lambda r: r["answered_at"]):
        if r["survey"] == "nps":
            latest_nps[r["customer_id"]] = r["score"]
    support: dict[str, list[int]] = defaultdict(list)
    for r in demo.csat("support"):
        support[r["customer_id"]].append(r["score"])
    vip = [
        customer
        for customer, scores in support.items()
        if latest_nps.get(customer, 0) >= 9
        and len(scores) >= 2
        and sum(s <= 2 for s in scores) > len(scores) / 2
    ]
    assert 0.02 <= len(vip) / len(demo.customers) <= 0.05


def test_churn_is_monthly_and_rises_after_the_outage(demo: Demo) -> None:
    rates = {}
    for month in range(1, 13):
        low = datetime(2025, month, 1)
        high = datetime(2025 + month // 12, month % 12 + 1, 1)
        active = [
            c
            for c in demo.customers
            if ts(c["signup_at"]) < low and not (c["churned_at"] and ts(c["churned_at"]) < low)
        ]
        lost = sum(bool(c["churned_at"]) and low <= ts(c["churned_at"]) < high for c in active)
        rates[month] = lost / len(active)
    assert all(0.008 < rate < 0.05 for rate in rates.values()), rates
    assert 0.015 <= sum(rates.values()) / 12 <= 0.025, rates
    assert rates[7] > sorted(rates.values())[6], rates


def test_customers_who_had_bad_experiences_churn_more(demo: Demo) -> None:
    scores: dict[str, list[int]] = defaultdict(list)
    for r in demo.csat("support"):
        scores[r["customer_id"]].append(r["score"])
    churned = {c["customer_id"] for c in demo.customers if c["churned_at"]}

    def churn_rate(group: list[str]) -> float:
        return sum(c in churned for c in group) / len(group)

    unhappy = [c for c, s in scores.items() if min(s) <= 2]
    happy = [c for c, s in scores.items() if min(s) >= 4]
    assert churn_rate(unhappy) > 1.3 * churn_rate(happy)


def test_another_start_keeps_every_rule(tmp_path: Path) -> None:
    start = date(2024, 4, 1)
    paths = write_demo_files(tmp_path, seed=3, start=start, months=6, customers=1500)
    small = load(paths)
    end = datetime(2024, 10, 1)
    assert all(datetime(2024, 4, 1) <= ts(t["created_at"]) < end for t in small.tickets)
    assert all(ts(r["answered_at"]) < end for r in small.responses)
    assert all("2024-04-01" <= row["date"] < "2024-10-01" for row in small.revenue)
    first, _ = outage_week(start, 6)
    technical = Counter(
        week_of(ts(t["created_at"]), first)
        for t in small.tickets
        if t["category"] == "technical_issue"
    )
    assert technical[0] > 2.5 * max(technical[w] for w in (-2, -1, 1, 2))
