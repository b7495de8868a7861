"""How many answers a second `cxm serve` takes, through the API and through the survey page.

Starts a real server (uvicorn, one process) on a fresh database, then answers with C clients
at once: (a) POST /api/v1/responses; (b) the survey page as a respondent uses it (GET the
page, POST the score: one answer = two requests). The baseline, measured in the same run, is
GET /healthz: what the server does per request with no work, so the ratio shows what an
answer costs on top of HTTP.

    .venv/bin/python bench/answers.py [--answers 2000] [--clients 16]
        [--database-url postgresql://...]
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
CSRF = re.compile(r'name="csrf" value="([0-9a-f]+)"')


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def prepare(env: dict[str, str], n: int) -> tuple[str, list[str]]:
    """An API key and n survey links on the database of `env`."""
    code = f"""
import sys
from cxm.config import Settings
from cxm.db import open_database
from cxm.clock import SYSTEM
from cxm.surveys import service as surveys
from cxm.invitations import service as invitations
from cxm.users.service import create_api_key
s = Settings.from_env()
engine = open_database(s)
with engine.begin() as conn:
    surveys.install_templates(conn, SYSTEM.now())
    print(create_api_key(conn, "bench", SYSTEM.now()))
    survey = surveys.get(conn, "csat_support")
    for i in range({n}):
        inv = invitations.create(conn, s, survey=survey, channel="link", at=SYSTEM.now())
        print(invitations.link(s, inv))
"""
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout.split()
    return out[0], out[1:]


def drive(count: int, clients: int, one: Callable[[httpx.Client, int], None]) -> dict[str, float]:
    """Run `one` count times over `clients` threads; returns throughput and latency."""
    latencies: list[float] = []
    lock = threading.Lock()
    local = threading.local()

    def task(i: int) -> None:
        if not hasattr(local, "client"):
            local.client = httpx.Client(timeout=30)
        t0 = time.perf_counter()
        one(local.client, i)
        dt = time.perf_counter() - t0
        with lock:
            latencies.append(dt)

    start = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(task, range(count)))
    elapsed = time.perf_counter() - start
    q = statistics.quantiles(latencies, n=100)
    return {
        "per_s": count / elapsed,
        "p50_ms": 1000 * statistics.median(latencies),
        "p90_ms": 1000 * q[89],
        "p99_ms": 1000 * q[98],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="cxm-bench-answers-"))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "CXM_DATABASE_URL": args.database_url or f"sqlite:///{work / 'cxm.db'}",
        "CXM_ANALYTICS_PATH": str(work / "cxm.duckdb"),
        "CXM_BASE_URL": base,
        "CXM_SECRET_KEY": "b" * 40,
        "CXM_ENV": "production",
    }
    key, links = prepare(env, args.answers)
    server = subprocess.Popen(
        [sys.executable, "-m", "cxm", "serve", "--port", str(port), "--no-worker"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(300):
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        n, c = args.answers, args.clients

        def health(client: httpx.Client, i: int) -> None:
            client.get(f"{base}/healthz").raise_for_status()

        def api(client: httpx.Client, i: int) -> None:
            body = {
                "response_id": f"bench-{i}",
                "customer_id": f"C{i % 500}",
                "survey": "csat",
                "scale": "1-5",
                "score": 1 + i % 5,
                "answered_at": datetime.now(UTC).isoformat(),
            }
            r = client.post(
                f"{base}/api/v1/responses", json=body, headers={"Authorization": f"Bearer {key}"}
            )
            assert r.status_code in (200, 201), r.text

        def page(client: httpx.Client, i: int) -> None:
            url = links[i]
            got = client.get(url)
            csrf = CSRF.search(got.text).group(1)  # type: ignore[union-attr]
            r = client.post(url, data={"score": str(1 + i % 5), "csrf": csrf})
            assert r.status_code == 303, r.status_code

        drive(200, c, health)  # warm up
        results = {
            "baseline GET /healthz": drive(n, c, health),
            "POST /api/v1/responses": drive(n, c, api),
            "survey page (GET + POST)": drive(n, c, page),
        }
    finally:
        server.terminate()
        server.wait(timeout=30)
    base_rate = results["baseline GET /healthz"]["per_s"]
    backend = "PostgreSQL" if args.database_url else "SQLite"
    print(f"cxm answers: {n} answers, {c} clients, one uvicorn process, {backend}")
    print(f"{'':28} {'per s':>8} {'p50 ms':>8} {'p90 ms':>8} {'p99 ms':>8} {'vs baseline':>12}")
    for name, r in results.items():
        print(
            f"{name:28} {r['per_s']:8.0f} {r['p50_ms']:8.1f} {r['p90_ms']:8.1f} "
            f"{r['p99_ms']:8.1f} {r['per_s'] / base_rate:11.2f}x"
        )


if __name__ == "__main__":
    main()
