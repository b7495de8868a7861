"""The filter bar's menus: the values of columns (noted by the copy as rows arrive) and of
imported attributes, and a text field instead of a menu for dimensions with many values."""

from __future__ import annotations

from cxm.analytics.replica import Replica
from cxm.dashboard import filters
from cxm.importers.service import import_file
from helpers.files import write_csv

T0 = "2025-06-10T10:00:00Z"


def menus(settings, dims):  # type: ignore[no-untyped-def]
    with Replica(settings).fresh() as con:
        return dict(filters._menu_values(con, dims))


def test_menus_follow_imports(settings, tmp_path, monkeypatch):
    monkeypatch.setattr(filters, "MENU_VALUES", 3)
    tickets = ["ticket_id", "channel", "agent", "created_at", "customer_id"]
    first = [
        ("T1", "email", "Dara", T0, "C1"),
        ("T2", "chat", "Sok", T0, "C2"),
        ("T3", "email", "", T0, "C1"),
    ]
    import_file(settings, "tickets", write_csv(tmp_path / "a.csv", tickets, first))
    customers = ["customer_id", "signup_at", "Plan Tier"]
    rows = [("C1", T0, "gold"), ("C2", T0, "silver")]
    import_file(settings, "customers", write_csv(tmp_path / "c.csv", customers, rows))
    found = menus(settings, ("channel", "agent", "plan_tier", "nothing"))
    assert found == {"channel": ["chat", "email"], "agent": ["Dara", "Sok"], "plan_tier": [
        "gold", "silver"]}  # fmt: skip
    more = [("T4", "sms", "Vy", T0, "C2"), ("T5", "phone", "Vy", T0, "C2")]
    import_file(settings, "tickets", write_csv(tmp_path / "b.csv", tickets, more))
    found = menus(settings, ("channel", "agent"))
    assert found["agent"] == ["Dara", "Sok", "Vy"]
    assert found["channel"] is None  # four values: more than a menu holds here


def test_the_copy_notes_values_once_and_only_of_splittable_columns(sqlite_settings, tmp_path):
    tickets = ["ticket_id", "channel", "created_at"]
    rows = [(f"T{i}", "email" if i % 2 else "chat", T0) for i in range(50)]
    import_file(sqlite_settings, "tickets", write_csv(tmp_path / "a.csv", tickets, rows))
    import_file(sqlite_settings, "tickets", write_csv(tmp_path / "b.csv", tickets, rows[:5]))
    with Replica(sqlite_settings).fresh() as con:
        noted = con.execute(
            "SELECT name, value FROM column_values WHERE entity = 'tickets' ORDER BY ALL"
        ).fetchall()
    assert noted == [("channel", "chat"), ("channel", "email")]  # no ticket ids, no repeats
