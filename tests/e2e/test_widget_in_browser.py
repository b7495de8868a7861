"""The widget on another site, in a real browser: it pops up, the visitor answers inside it."""

from __future__ import annotations

import http.server
import re
import threading

from sqlalchemy import select

from cxm.db.engine import get_engine
from cxm.db.schema import responses

PAGE = """<!doctype html><html lang="th"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Shop</title></head>
<body><h1>ร้านค้า</h1>
<script src="{base}/static/widget.js" data-survey="csat_support" data-language="th" async></script>
</body></html>"""


def test_widget_on_a_customers_site(server, browser, artifacts):
    base, settings = server
    (site,) = settings.allowed_origins
    port = int(site.rsplit(":", 1)[1])

    class Site(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = PAGE.format(base=base).encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), Site)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    try:
        page.goto(site)
        frame_element = page.wait_for_selector("iframe", timeout=10_000)
        frame = frame_element.content_frame()
        frame.wait_for_selector("label.option")
        page.wait_for_timeout(1600)  # people take a moment to read
        page.screenshot(path=str(artifacts / "widget-th.png"))
        frame.locator("label.option:has(input[value='5'])").tap()
        frame.wait_for_url(re.compile(r"/more$"))
        frame.locator("button[type=submit]").tap()
        frame.wait_for_load_state()
        page.wait_for_function(
            "() => Object.keys(localStorage).some(k => k.startsWith('cxm-widget'))"
        )
        with get_engine(settings.database_url).connect() as conn:
            row = conn.execute(select(responses)).mappings().one()
        assert (row["score"], row["source"], row["language"]) == (5, "widget", "th")
    finally:
        context.close()
        httpd.shutdown()
