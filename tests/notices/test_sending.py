"""Notices reach the affected customers through a real SMTP server, in their language, once
per stage: announcement, reminder before the start, updates, resolution."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from cxm.db.schema import notice_deliveries
from cxm.notices import service
from cxm.notices.audience import Audience
from cxm.notices.schedule import NoticeError

TEXTS = {
    "en": {"title": "VPS network maintenance", "body": "Servers restart once, for 5 minutes."},
    "km": {"title": "ការថែទាំបណ្តាញ VPS", "body": "ម៉ាស៊ីនមេនឹងចាប់ផ្តើមឡើងវិញម្តង រយៈពេល៥នាទី។"},
    "th": {"title": "การบำรุงรักษาเครือข่าย VPS", "body": "เซิร์ฟเวอร์จะรีสตาร์ทหนึ่งครั้งประมาณ5นาที"},
}


def maintenance(world, hours_ahead: float = 48, audience: str = "plan=vps"):  # type: ignore[no-untyped-def]
    now = world.clock.now()
    with world.engine.begin() as conn:
        return service.create(
            conn,
            kind="maintenance",
            texts=TEXTS,
            audience=Audience.parse(audience),
            starts_at=now + timedelta(hours=hours_ahead),
            expected_end_at=now + timedelta(hours=hours_ahead + 2),
            now=now,
        )


def test_announcement_reaches_only_affected_customers_in_their_language(world):
    notice = maintenance(world)
    assert notice.status == "scheduled"
    report = world.send()
    assert report.sent == 3 and report.failed == 0
    # C3 (shared) and C4 (dedicated) are not affected, C5 has no address, C6 opted out
    assert sorted(m["To"] for m in world.received()) == [
        "joerg@example.com",
        "sokha@example.com",
        "somchai@example.com",
    ]
    (km,) = world.to("sokha@example.com")
    assert km["Subject"] == "ការថែទាំតាមគម្រោង៖ ការថែទាំបណ្តាញ VPS"
    assert km["Content-Language"] == "km"
    text = km.get_content()
    assert "ម៉ាស៊ីនមេនឹងចាប់ផ្តើមឡើងវិញម្តង" in text
    assert "ជម្រាបសួរ Sokha" in text
    assert "(Asia/Phnom_Penh)" in text and "http://cxm.test/status?lang=km" in text
    (th,) = world.to("somchai@example.com")
    assert th["Subject"] == "การบำรุงรักษาตามแผน: การบำรุงรักษาเครือข่าย VPS"
    assert "เซิร์ฟเวอร์จะรีสตาร์ทหนึ่งครั้ง" in th.get_content()
    # no German text: the notice's default language, English
    (de,) = world.to("joerg@example.com")
    assert de["Subject"] == "Planned maintenance: VPS network maintenance"
    assert "(Europe/Berlin)" in de.get_content()
    assert world.send().sent == 0  # nothing twice


def test_reminder_at_start_minus_lead_time_not_before(world):
    notice = maintenance(world, hours_ahead=48)
    world.send()
    first = len(world.received())
    world.clock.advance(timedelta(hours=24) - timedelta(minutes=1))
    assert world.send().reminders == 0
    assert len(world.received()) == first
    world.clock.advance(timedelta(minutes=1))  # start minus 24 hours
    report = world.send()
    assert report.reminders == 3 and report.sent == 3
    reminders = world.received()[first:]
    assert {m["To"] for m in reminders} == {
        "sokha@example.com",
        "somchai@example.com",
        "joerg@example.com",
    }
    (th,) = [m for m in reminders if m["To"] == "somchai@example.com"]
    assert th["Subject"].startswith("แจ้งเตือน")
    world.clock.advance(timedelta(hours=1))
    assert world.send().sent == 0
    with world.engine.connect() as conn:
        assert service.get(conn, notice.id).reminder_queued_at is not None


def test_no_reminder_for_a_notice_published_inside_the_lead_time(world):
    maintenance(world, hours_ahead=3)
    world.send()
    world.clock.advance(timedelta(hours=2, minutes=59))
    report = world.send()
    assert report.reminders == 0 and len(world.received()) == 3


def test_updates_and_resolution_each_send_one_mail(world):
    now = world.clock.now()
    with world.engine.begin() as conn:
        notice = service.create(
            conn,
            kind="incident",
            texts={"en": {"title": "Bangkok data centre outage", "body": "Sites are down."}},
            audience=Audience.parse("region=TH"),
            starts_at=now,
            now=now,
        )
    assert notice.status == "in_progress"
    world.send()
    world.clock.advance(timedelta(minutes=30))
    with world.engine.begin() as conn:
        service.add_update(
            conn,
            notice.id,
            texts={"en": "Power is back; servers are starting.", "th": "ไฟฟ้ากลับมาแล้ว"},
            status="monitoring",
            now=world.clock.now(),
        )
    world.send()
    world.clock.advance(timedelta(minutes=30))
    with world.engine.begin() as conn:
        service.resolve(conn, notice.id, texts={"en": "All sites are up."}, now=world.clock.now())
        with pytest.raises(NoticeError):
            service.resolve(conn, notice.id, now=world.clock.now())
    world.send()
    mails = world.to("somchai@example.com")
    assert [m["Subject"] for m in mails] == [
        "เหตุขัดข้อง: Bangkok data centre outage",
        "ความคืบหน้า (กำลังติดตามผล): Bangkok data centre outage",
        "แก้ไขแล้ว: Bangkok data centre outage",
    ]
    assert "ไฟฟ้ากลับมาแล้ว" in mails[1].get_content()
    assert "All sites are up." in mails[2].get_content()
    assert len(world.received()) == 3  # nobody else is in Thailand
    with world.engine.begin() as conn, pytest.raises(NoticeError):
        service.add_update(conn, notice.id, texts={"en": "again"}, status="monitoring", now=now)


def test_a_restart_sends_nothing_twice_and_failures_are_retried(world):
    maintenance(world)
    # a worker died after claiming one e-mail: that one is never sent again
    with world.engine.begin() as conn:
        first = conn.execute(select(notice_deliveries.c.id).order_by("id")).scalars().first()
        conn.execute(
            update(notice_deliveries)
            .where(notice_deliveries.c.id == first)
            .values(status="sending", claimed_until=world.clock.now() + timedelta(minutes=5))
        )
    world.clock.advance(timedelta(minutes=6))
    report = world.send()
    assert report.recovered == 1 and report.sent == 2
    # the SMTP server goes away: the e-mails wait and are sent once it is back
    maintenance(world, audience="region=VN")
    down = dataclasses.replace(world.settings, smtp_port=1)
    failed = service.send_due(world.engine, down, world.clock)
    assert failed.retried == 1 and failed.sent == 0
    assert world.send().sent == 0  # not before its retry time
    world.clock.advance(timedelta(minutes=2))
    assert world.send().sent == 1
    assert len(world.to("lan@example.com")) == 1
    world.clock.advance(timedelta(hours=2))
    assert world.send().sent == 0
    assert len(world.received()) == 3
