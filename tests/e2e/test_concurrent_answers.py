"""Many people answering at the same moment, through a real server on SQLite."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor

import httpx
from sqlalchemy import func, select

from cxm.clock import SYSTEM
from cxm.db.engine import get_engine
from cxm.db.schema import responses
from cxm.invitations import service as invitations
from cxm.surveys import service as surveys

CSRF = re.compile(r'name="csrf" value="([0-9a-f]+)"')


def test_simultaneous_answers_all_land(server):
    _base, settings = server
    engine = get_engine(settings.database_url)
    with engine.begin() as conn:
        survey = surveys.get(conn, "csat_support")
        links = [
            invitations.link(
                settings,
                invitations.create(conn, settings, survey=survey, channel="link", at=SYSTEM.now()),
            )
            for _ in range(120)
        ]

    def answer(url: str) -> int:
        with httpx.Client(timeout=60) as client:
            page = client.get(url)
            csrf = CSRF.search(page.text).group(1)
            return client.post(url, data={"score": "4", "csrf": csrf}).status_code

    with ThreadPoolExecutor(16) as pool:
        codes = list(pool.map(answer, links))
    assert codes == [303] * len(links)
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(responses)).scalar() == len(links)
