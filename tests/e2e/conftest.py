"""A real server (uvicorn in a thread) and Debian's chromium driven by Playwright."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn

from cxm.config import Settings
from cxm.surveys.service import install_templates
from cxm.web.app import create_app
from helpers.smtp import free_port

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM = os.environ.get("CXM_TEST_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture
def server(sqlite_settings: Settings) -> Iterator[tuple[str, Settings]]:
    """The application served on loopback; yields its base URL."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    # a second local address stands for a company website that embeds the widget
    site = f"http://127.0.0.1:{free_port()}"
    settings = Settings(**{**sqlite_settings.__dict__, "base_url": base, "widget_origins": site})
    app = create_app(settings)
    with app.state.cxm.engine.begin() as conn:
        install_templates(conn, app.state.cxm.clock.now())
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while True:
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError("the server did not start")
        time.sleep(0.05)
    try:
        yield base, settings
    finally:
        srv.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"{CHROMIUM} is missing: run scripts/install.sh --test (Debian package chromium)"
        )
    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def phone(browser):  # type: ignore[no-untyped-def]
    """A phone-sized page (390 x 844, touch)."""
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
