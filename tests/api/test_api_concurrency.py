"""Requests in parallel all succeed: on SQLite a write waits for its turn instead of failing."""

from __future__ import annotations

import threading
from collections import Counter

from fastapi.testclient import TestClient

from api.support import API, answer, customer, revisions

pytest_plugins = ["api.fixtures"]


def test_parallel_writes_all_succeed(api, engine):
    codes: Counter[int] = Counter()
    lock = threading.Lock()

    def work(n: int) -> None:
        client = TestClient(api.app, raise_server_exceptions=False)
        client.headers.update(api.headers)
        for i in range(8):
            for response in (
                client.put(f"{API}/customers/c{n}-{i}", json=customer()),
                client.post(f"{API}/responses", json=answer(f"r{n}-{i}", customer_id=f"c{n}")),
                client.patch(f"{API}/customers/c{n}-{i}", json={"plan": "vps"}),
            ):
                with lock:
                    codes[response.status_code] += 1

    threads = [threading.Thread(target=work, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert codes == {201: 96, 200: 48}
    assert revisions(engine)["responses"] == 48
    assert len(api.get(f"{API}/customers", params={"limit": 500}).json()["data"]) == 48
