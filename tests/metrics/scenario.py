"""A small, hand-checked data set reproducing the worked examples of domain.md.

January 2025 (UTC):
- customers: 100 signed up in 2024 (S), 25 of them churn in January, 15 sign up (N) -> E = 90,
  retention (90 - 15) / 100 = 75 %, churn 25 / 100 = 25 %;
- CSAT: 30 answers of 4 and 50 of 5 among 112 -> 71.4 %;
- NPS: 80 promoters, 5 passives, 15 detractors -> 65;
- CES (1-7): 6 easy (6-7) of 10 -> 60 %;
- tickets: 4 with known times.
March 2025: 20,000 customers acquired for a spend of 10,000 -> CAC 0.50.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from cxm.config import Settings
from cxm.importers.service import import_file
from helpers.files import write_csv

JAN = datetime(2025, 1, 1, tzinfo=UTC)


def iso(t: datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def write_scenario(folder: Path) -> dict[str, Path]:
    customers = []
    for i in range(100):
        churned = iso(JAN + timedelta(days=2 + i % 20, hours=5)) if i < 25 else None
        region = "Cambodia" if i % 2 == 0 else "Thailand"
        customers.append(
            (f"C{i:03d}", region, "shared", iso(datetime(2024, 6, 1, tzinfo=UTC)), churned)
        )
    for i in range(15):
        customers.append(
            (f"N{i:03d}", "Vietnam", "vps", iso(JAN + timedelta(days=10, hours=i)), None)
        )
    for i in range(20_000):
        customers.append(
            (f"M{i:05d}", "Vietnam", "shared", iso(datetime(2025, 3, 2, tzinfo=UTC)), None)
        )
    files = {
        "customers": write_csv(
            folder / "customers.csv",
            ["customer_id", "region", "plan", "signup_at", "churned_at"],
            customers,
        )
    }
    responses = []
    csat_scores = [4] * 30 + [5] * 50 + [3] * 12 + [2] * 10 + [1] * 10
    for i, score in enumerate(csat_scores):
        channel = "email" if i % 2 == 0 else "live_chat"
        stage = "support" if i < 100 else "onboarding"
        responses.append(
            (
                f"S{i:03d}",
                f"C{i % 100:03d}",
                "csat",
                "1-5",
                score,
                channel,
                stage,
                iso(JAN + timedelta(days=3, minutes=i)),
            )
        )
    nps_scores = [10] * 40 + [9] * 40 + [8] * 3 + [7] * 2 + [6] * 5 + [0] * 10
    for i, score in enumerate(nps_scores):
        responses.append(
            (
                f"P{i:03d}",
                f"C{i:03d}",
                "nps",
                "0-10",
                score,
                "email",
                "relationship",
                iso(JAN + timedelta(days=4, minutes=i)),
            )
        )
    for i, score in enumerate([7, 7, 6, 6, 6, 6, 5, 4, 2, 1]):
        responses.append(
            (
                f"E{i:03d}",
                f"C{i:03d}",
                "ces",
                "1-7",
                score,
                "email",
                "support",
                iso(JAN + timedelta(days=5, minutes=i)),
            )
        )
    files["responses"] = write_csv(
        folder / "responses.csv",
        [
            "response_id",
            "customer_id",
            "survey",
            "scale",
            "score",
            "channel",
            "stage",
            "answered_at",
        ],
        responses,
    )
    t0 = JAN + timedelta(days=6)
    tickets = [
        # id, customer, channel, category, created, first reply after s, resolved after s, agents
        ("T1", "C001", "email", "billing", t0, 600, 3600, 1),
        ("T2", "C002", "email", "technical_issue", t0, 1200, 7200, 2),
        ("T3", "C003", "live_chat", "technical_issue", t0, 60, 600, 1),
        ("T4", "C004", "phone", "technical_issue", t0, None, None, None),
    ]
    files["tickets"] = write_csv(
        folder / "tickets.csv",
        [
            "ticket_id",
            "customer_id",
            "channel",
            "category",
            "created_at",
            "first_response_at",
            "resolved_at",
            "agents_involved",
        ],
        [
            (
                tid,
                cid,
                ch,
                cat,
                iso(c),
                iso(c + timedelta(seconds=f)) if f else None,
                iso(c + timedelta(seconds=r)) if r else None,
                a,
            )
            for tid, cid, ch, cat, c, f, r, a in tickets
        ],
    )
    files["spend"] = write_csv(
        folder / "spend.csv",
        ["date", "amount", "channel"],
        [("2025-03-10", "10000.00", "google_ads")],
    )
    files["revenue"] = write_csv(
        folder / "revenue.csv",
        ["customer_id", "date", "amount"],
        [(f"C{i:03d}", "2025-01-15", "10.00") for i in range(100)],
    )
    return files


def load_scenario(settings: Settings, folder: Path) -> None:
    for entity, path in write_scenario(folder).items():
        import_file(settings, entity, path)
