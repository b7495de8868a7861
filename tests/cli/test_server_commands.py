"""`cxm serve`, `cxm users create`, `cxm apikey create` as an operator runs them."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import httpx

from helpers.smtp import free_port

CXM = [sys.executable, "-m", "cxm"]


def env_for(settings, **extra: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {
        **os.environ,
        "CXM_DATABASE_URL": settings.database_url,
        "CXM_ANALYTICS_PATH": settings.analytics_path,
        **extra,
    }


def test_production_refuses_the_default_secret(sqlite_settings):
    done = subprocess.run(
        [*CXM, "serve", "--port", str(free_port())],
        env=env_for(sqlite_settings, CXM_ENV="production"),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert "CXM_SECRET_KEY" in done.stderr


def test_serve_answers_and_stops(sqlite_settings):
    port = free_port()
    proc = subprocess.Popen(
        [*CXM, "serve", "--port", str(port)],
        env=env_for(sqlite_settings, CXM_ENV="production", CXM_SECRET_KEY="x" * 40),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert proc.poll() is None, proc.stdout.read() if proc.stdout else ""
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.1)
        # the admin pages want a login; the API wants a key
        admin = httpx.get(f"http://127.0.0.1:{port}/admin/surveys", follow_redirects=False)
        assert admin.status_code == 303 and admin.headers["location"].startswith("/login")
        assert httpx.get(f"http://127.0.0.1:{port}/api/v1/surveys").status_code == 401
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_users_and_keys(sqlite_settings):
    env = env_for(sqlite_settings, CXM_NEW_PASSWORD="correct horse battery")
    made = subprocess.run(
        [*CXM, "users", "create", "Ops@Example.com", "--role", "admin"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert made.returncode == 0 and "ops@example.com (admin)" in made.stdout
    again = subprocess.run(
        [*CXM, "users", "create", "ops@example.com"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert again.returncode == 1 and "exists already" in again.stderr
    weak = subprocess.run(
        [*CXM, "users", "create", "x@example.com", "--password", "short"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert weak.returncode == 1 and "at least" in weak.stderr
    key = subprocess.run(
        [*CXM, "apikey", "create", "crm sync"], env=env, capture_output=True, text=True, timeout=60
    )
    assert key.returncode == 0 and key.stdout.strip().startswith("cxm_")


def test_link_invitations_with_qr_codes(sqlite_settings, tmp_path):
    from xml.etree import ElementTree

    from cxm.invitations.qr import qr_svg

    env = env_for(sqlite_settings)
    (tmp_path / "c.csv").write_text(
        "customer_id,email,signup_at\nC/1,a@example.com,2024-01-01T00:00:00Z\nC-2,b@example.com,2024-01-01T00:00:00Z\n"
    )
    for args in (["import", "customers", str(tmp_path / "c.csv")], ["surveys", "init"]):
        done = subprocess.run([*CXM, *args], env=env, capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
    out = tmp_path / "qr"
    sent = subprocess.run(
        [
            *CXM,
            *("surveys", "send", "csat_support", "--customer", "C/1", "--customer", "C-2"),
            *("--channel", "link", "--qr", str(out)),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert sent.returncode == 0, sent.stderr
    links = dict(line.split(": ", 1) for line in sent.stdout.strip().splitlines())
    assert set(links) == {"C/1", "C-2"}
    # a customer id never becomes a path outside the folder
    assert sorted(p.name for p in out.iterdir()) == ["C-2.svg", "C_1.svg"]
    for customer, name in (("C/1", "C_1.svg"), ("C-2", "C-2.svg")):
        svg = (out / name).read_text()
        assert ElementTree.fromstring(svg).tag.endswith("svg")
        assert svg == qr_svg(links[customer])


def test_demo_opens_the_dashboard_with_a_demo_login(tmp_path):
    import re
    import threading

    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("CXM_")}
    env.update(COLUMNS="250", NO_COLOR="1")
    proc = subprocess.Popen(
        [*CXM, "demo", "--customers", "200", "--port", str(port)],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(proc.stdout or []), daemon=True)
    reader.start()
    try:
        deadline = time.monotonic() + 90
        login = None
        while login is None:
            found = re.search(r"sign in as (\S+) / (\S+)", "".join(lines))
            if found:
                login = found.groups()
            assert proc.poll() is None, "".join(lines)
            assert time.monotonic() < deadline, "".join(lines)
            time.sleep(0.2)
        assert f"http://127.0.0.1:{port}/dashboard" in "".join(lines)
        base = f"http://127.0.0.1:{port}"
        while True:
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline
            time.sleep(0.1)
        with httpx.Client(base_url=base) as client:
            signed = client.post("/login", data={"email": login[0], "password": login[1]})
            assert signed.status_code == 303
            page = client.get("/dashboard")
            assert page.status_code == 200
            assert 'data-metric="csat"' in page.text
    finally:
        proc.terminate()
        proc.wait(timeout=30)
