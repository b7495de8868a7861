"""Webhooks: signed POSTs to a real local receiver, retried with back-off until delivered."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from api.support import API, T0, answer, error_locs
from cxm.webhooks import deliver_due, verify_signature
from cxm.webhooks.service import BACKOFF, MAX_ATTEMPTS, deliveries, sign

pytest_plugins = ["api.fixtures"]


class Receiver:
    """An HTTP server on 127.0.0.1 answering each POST with the next status of `statuses`."""

    def __init__(self) -> None:
        self.requests: list[tuple[dict[str, str], bytes]] = []
        self.statuses: list[int] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append(({k.lower(): v for k, v in self.headers.items()}, body))
                status = receiver.statuses.pop(0) if receiver.statuses else 200
                self.send_response(status)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/cxm"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Receiver:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with Receiver() as r:
        yield r


def subscribe(api, url: str) -> dict:
    made = api.post(f"{API}/webhooks", json={"url": url})
    assert made.status_code == 201, made.text
    return made.json()


def test_webhooks_are_created_listed_and_deleted(api, engine):
    hook = subscribe(api, "https://example.com/cxm")
    assert hook["secret"].startswith("whsec_")
    assert hook["events"] == ["response.created", "response.updated"]
    listed = api.get(f"{API}/webhooks").json()
    assert listed == [{k: v for k, v in hook.items() if k != "secret"}]
    api.post(f"{API}/responses", json=answer())
    assert api.delete(f"{API}/webhooks/{hook['id']}").status_code == 204
    assert api.get(f"{API}/webhooks").json() == []
    assert api.delete(f"{API}/webhooks/{hook['id']}").status_code == 404
    with engine.connect() as conn:
        [given_up] = deliveries(conn)
    assert given_up["status"] == "failed"
    assert given_up["last_error"] == "webhook deleted"


@pytest.mark.parametrize("url", ["not a url", "ftp://example.com/x", "http://"])
def test_a_bad_url_is_422(api, url):
    assert error_locs(api.post(f"{API}/webhooks", json={"url": url})) == [("body", "url")]


def test_a_new_answer_reaches_the_receiver_signed(api, engine, settings, clock, receiver):
    hook = subscribe(api, receiver.url)
    posted = api.post(f"{API}/responses", json=answer(customer_id="c1")).json()
    assert deliver_due(engine, settings, clock) == 1
    [(headers, body)] = receiver.requests
    assert headers["x-cxm-event"] == "response.created"
    assert headers["content-type"] == "application/json"
    assert headers["x-cxm-timestamp"] == str(int(T0.timestamp()))
    assert headers["x-cxm-signature"] == sign(hook["secret"], headers["x-cxm-timestamp"], body)
    assert verify_signature(
        hook["secret"], headers["x-cxm-timestamp"], body, headers["x-cxm-signature"]
    )
    assert verify_signature(
        hook["secret"],
        headers["x-cxm-timestamp"],
        body.decode(),
        headers["x-cxm-signature"],
        tolerance_s=300,
        now=T0.timestamp() + 60,
    )
    document = json.loads(body)
    assert document["event"] == "response.created"
    assert str(document["id"]) == headers["x-cxm-delivery"]
    assert document["data"] == posted
    with engine.connect() as conn:
        [delivery] = deliveries(conn)
    assert delivery["status"] == "delivered"
    assert delivery["attempts"] == 1
    assert delivery["last_status"] == 200
    assert deliver_due(engine, settings, clock) == 0  # nothing left to send


def test_a_forged_or_stale_request_fails_verification(api, engine, settings, clock, receiver):
    hook = subscribe(api, receiver.url)
    api.post(f"{API}/responses", json=answer())
    deliver_due(engine, settings, clock)
    [(headers, body)] = receiver.requests
    ts, sig = headers["x-cxm-timestamp"], headers["x-cxm-signature"]
    assert not verify_signature(hook["secret"], ts, body.replace(b"csat", b"nps!"), sig)
    assert not verify_signature("whsec_other", ts, body, sig)
    assert not verify_signature(hook["secret"], str(int(ts) + 1), body, sig)
    assert not verify_signature(hook["secret"], ts, body, "sha256=00")
    assert not verify_signature(
        hook["secret"], ts, body, sig, tolerance_s=300, now=T0.timestamp() + 301
    )


def test_a_failing_receiver_is_retried_later_until_it_answers(
    api, engine, settings, clock, receiver
):
    subscribe(api, receiver.url)
    receiver.statuses = [500, 503]
    api.post(f"{API}/responses", json=answer())

    assert deliver_due(engine, settings, clock) == 1
    with engine.connect() as conn:
        [delivery] = deliveries(conn)
    assert delivery["status"] == "pending"
    assert delivery["attempts"] == 1
    assert delivery["last_status"] == 500
    assert delivery["last_error"].startswith("HTTP 500")
    assert delivery["next_attempt_at"] == T0 + BACKOFF[0]

    assert deliver_due(engine, settings, clock) == 0  # not due yet
    clock.advance(BACKOFF[0])
    assert deliver_due(engine, settings, clock) == 1
    with engine.connect() as conn:
        [delivery] = deliveries(conn)
    assert delivery["attempts"] == 2
    assert delivery["last_status"] == 503
    assert delivery["next_attempt_at"] == clock.now() + BACKOFF[1]

    clock.advance(BACKOFF[1])
    assert deliver_due(engine, settings, clock) == 1
    with engine.connect() as conn:
        [delivery] = deliveries(conn)
    assert delivery["status"] == "delivered"
    assert delivery["attempts"] == 3
    assert delivery["last_status"] == 200
    assert delivery["last_error"] is None
    assert delivery["delivered_at"] == clock.now()
    # every attempt carried the same delivery and body
    assert len({(h["x-cxm-delivery"], b) for h, b in receiver.requests}) == 1


def test_a_delivery_fails_for_good_after_the_last_attempt(api, engine, settings, clock):
    # nothing listens on this port: every attempt is a connection error
    subscribe(api, "http://127.0.0.1:9/closed")
    api.post(f"{API}/responses", json=answer())
    for _ in range(MAX_ATTEMPTS):
        assert deliver_due(engine, settings, clock) == 1
        clock.advance(timedelta(days=2))
    with engine.connect() as conn:
        [delivery] = deliveries(conn)
    assert delivery["status"] == "failed"
    assert delivery["attempts"] == MAX_ATTEMPTS
    assert delivery["last_status"] is None
    assert delivery["last_error"]
    assert delivery["next_attempt_at"] is None
    assert deliver_due(engine, settings, clock) == 0
