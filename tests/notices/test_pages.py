"""The public status page and the staff pages that publish, update and resolve notices."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from cxm.notices import service
from cxm.notices.audience import Audience


def publish(world, title: str, *, kind="incident", hours=0.0, texts=None, public=True):  # type: ignore[no-untyped-def]
    now = world.clock.now()
    with world.engine.begin() as conn:
        return service.create(
            conn,
            kind=kind,
            texts=texts or {"en": {"title": title, "body": "Details & more <b>soon</b>."}},
            audience=Audience.parse(""),
            starts_at=now + timedelta(hours=hours),
            expected_end_at=now + timedelta(hours=hours + 2),
            public=public,
            now=now,
        )


def csrf(page: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', page)
    assert found is not None
    return found.group(1)


def test_status_page_lists_current_and_recent_escaped_in_the_visitor_language(web_world, sign_in):
    world = web_world
    client = sign_in(None)  # nobody signed in
    old = publish(world, "Old outage")
    with world.engine.begin() as conn:
        service.resolve(conn, old.id, now=world.clock.now())
    world.clock.advance(timedelta(days=8))  # resolved more than 7 days ago: gone
    recent = publish(world, "Mail delays")
    with world.engine.begin() as conn:
        service.resolve(conn, recent.id, texts={"en": "Queues are empty."}, now=world.clock.now())
    publish(world, "<script>alert(1)</script> outage")
    publish(
        world,
        "",
        kind="maintenance",
        hours=30,
        texts={
            "en": {"title": "Database upgrade", "body": ""},
            "km": {"title": "ការធ្វើឱ្យប្រសើរមូលដ្ឋានទិន្នន័យ", "body": ""},
        },
    )
    publish(world, "Internal drill", public=False)

    page = client.get("/status")
    assert page.status_code == 200
    html = page.text
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; outage" in html
    assert "Details &amp; more &lt;b&gt;soon&lt;/b&gt;." in html
    current, recent_part = html.split('id="notice-', 1)[1], html.split("Recently resolved")[1]
    assert "Database upgrade" in current and "Mail delays" in recent_part
    assert "Queues are empty." in recent_part
    assert "Old outage" not in html and "Internal drill" not in html
    assert "Content-Security-Policy" in page.headers and "http" not in re.sub(
        r'href="/[^"]*"|https?://cxm\.test', "", html.split("<body")[0]
    )
    khmer = client.get("/status?lang=km").text
    assert "ការធ្វើឱ្យប្រសើរមូលដ្ឋានទិន្នន័យ" in khmer and "ស្ថានភាពសេវាកម្ម" in khmer
    thai = client.get("/status", headers={"Accept-Language": "th-TH,th;q=0.9"}).text
    assert "สถานะบริการ" in thai and "Database upgrade" in thai
    data = client.get("/status.json?lang=km").json()
    assert [n["title"] for n in data["current"]][-1] == "ការធ្វើឱ្យប្រសើរមូលដ្ឋានទិន្នន័យ"
    assert [n["title"] for n in data["recent"]] == ["Mail delays"]
    assert client.get("/status.css").headers["content-type"].startswith("text/css")


def test_staff_publish_with_audience_preview_update_and_resolve(web_world, sign_in):
    world = web_world
    viewer = sign_in("viewer")
    listing = viewer.get("/notices")
    assert listing.status_code == 200 and 'action="/notices"' not in listing.text
    assert viewer.post("/notices", data={"csrf": csrf(listing.text)}).status_code == 403

    agent = sign_in("agent")
    token = csrf(agent.get("/notices").text)
    form = {
        "csrf": token,
        "kind": "maintenance",
        "title:en": "VPS host reboot",
        "body:en": "Each VPS restarts once.",
        "title:th": "รีบูตเครื่องแม่ข่าย VPS",
        "audience": "plan=vps",
        "starts_at": "2025-06-05 19:00",
        "expected_end_at": "2025-06-05 20:00",
        "public": "1",
    }
    preview = agent.post("/notices", data={**form, "action": "preview"})
    assert preview.status_code == 200
    assert "5 customers affected, 3 will receive an e-mail." in preview.text
    assert agent.post("/notices", data={**form, "csrf": "forged"}).status_code == 400
    bad = agent.post("/notices", data={**form, "audience": "plan", "action": "publish"})
    assert bad.status_code == 422 and "key=value" in bad.text

    made = agent.post("/notices", data={**form, "action": "publish"})
    assert made.status_code == 303
    detail = agent.get(made.headers["location"])
    assert detail.status_code == 200
    assert "VPS host reboot" in detail.text
    assert "ខ្មែរ: title, body" in detail.text  # the admin sees what is missing
    assert re.search(r"<code>created</code></td><td>queued</td><td>3</td>", detail.text)
    notice_id = int(made.headers["location"].split("/")[2].split("?")[0])
    with world.engine.connect() as conn:
        assert service.get(conn, notice_id).starts_at.isoformat() == "2025-06-05T19:00:00+00:00"

    token = csrf(detail.text)
    posted = agent.post(
        f"/notices/{notice_id}/updates",
        data={"csrf": token, "status": "in_progress", "text:en": "Reboots have begun."},
    )
    assert posted.status_code == 303
    done = agent.post(f"/notices/{notice_id}/resolve", data={"csrf": token})
    assert done.status_code == 303
    world.send()
    subjects = [m["Subject"] for m in world.to("joerg@example.com")]
    assert subjects == [
        "Planned maintenance: VPS host reboot",
        "Update (In progress): VPS host reboot",
        "Resolved: VPS host reboot",
    ]
    assert world.to("somchai@example.com")[0]["Subject"] == ("การบำรุงรักษาตามแผน: รีบูตเครื่องแม่ข่าย VPS")
    closed = agent.get(f"/notices/{notice_id}")
    assert f'action="/notices/{notice_id}/updates"' not in closed.text
    again = agent.post(f"/notices/{notice_id}/resolve", data={"csrf": token})
    assert again.status_code == 422


def test_trends_charts_shade_the_incident_period(web_world, sign_in, tmp_path):
    from cxm.importers.service import import_file
    from helpers.files import write_csv

    world = web_world
    rows = [
        (f"T{d}-{i}", "C1", "email", "technical", "normal", f"2025-06-{d:02d}T04:00:00Z")
        for d in range(1, 21)
        for i in range(3)
    ]
    header = ["ticket_id", "customer_id", "channel", "category", "priority", "created_at"]
    import_file(world.settings, "tickets", write_csv(tmp_path / "t.csv", header, rows))
    client = sign_in("viewer")
    url = "/dashboard/trends?from=2025-06-01&to=2025-06-20&grain=day"
    assert 'class="shade"' not in client.get(url).text
    world.clock.set(datetime(2025, 6, 10, 1, 0, tzinfo=UTC))
    notice = publish(world, "Outage")
    world.clock.set(datetime(2025, 6, 12, 5, 0, tzinfo=UTC))
    with world.engine.begin() as conn:
        service.resolve(conn, notice.id, now=world.clock.now())
    page = client.get(url).text
    shades = re.findall(r'<rect class="shade"[^>]*><title>([^<]*)</title>', page)
    assert shades and len(set(shades)) == 1  # the same period on every chart
    assert "10" in shades[0] and "12" in shades[0]
