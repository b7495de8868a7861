"""Staff pages of the SLAs: every unresolved ticket's targets with a filter, the share of
targets met by period and segment (business hours beside wall-clock), one ticket's clocks,
and an admin's change of one ticket's policy."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Form, HTTPException, Query, Request
from starlette.responses import RedirectResponse, Response

from cxm.i18n.sla import SLA
from cxm.metrics.periods import Period, period_start
from cxm.sla import service
from cxm.sla.evaluation import STATES
from cxm.sla.report import SEGMENTS, sla_report
from cxm.web.auth import check_csrf, require
from cxm.web.deps import state
from cxm.web.language import request_language
from cxm.web.staff import staff_page

router = APIRouter(include_in_schema=False)
PERIODS = (Period.WEEK, Period.MONTH, Period.QUARTER)
SHOWN = 200  # unresolved tickets listed at most
MONTHS_BACK = 12


def _choice(value: str | None, allowed: tuple[str, ...]) -> str | None:
    return value if value in allowed else None


@router.get("/sla")
def overview(
    request: Request,
    wanted: Annotated[str | None, Query(alias="state")] = None,
    team: str | None = None,
    priority: str | None = None,
    by: str | None = None,
    period: str = "month",
) -> Response:
    """Unresolved tickets, the most urgent first; the share met over twelve months."""
    user = require(request, "viewer")
    app = state(request)
    now = app.clock.now()
    wanted_state = _choice(wanted, STATES)
    segment = _choice(by, SEGMENTS)
    grain = next((p for p in PERIODS if p.value == period), Period.MONTH)
    with app.engine.connect() as conn:
        items = service.unresolved(conn, now)
        teams = sorted({i.ticket["team"] for i in items if i.ticket["team"]})
        priorities = sorted({i.ticket["priority"] for i in items if i.ticket["priority"]})
        if wanted_state:
            items = [
                i for i in items if i.clocks and wanted_state in {c.state for c in i.clocks.targets}
            ]
        if team:
            items = [i for i in items if i.ticket["team"] == team]
        if priority:
            items = [i for i in items if i.ticket["priority"] == priority]
        today = now.astimezone(app.settings.zone).date()
        first = _months_back(period_start(today, Period.MONTH), MONTHS_BACK - 1)
        rows = sla_report(conn, app.settings.zone, first, today, now, grain, segment)
    return staff_page(
        request,
        "sla/overview.html",
        user,
        texts=SLA,
        title=SLA.for_language(_lang(request))("title"),
        items=items[:SHOWN],
        total=len(items),
        states=STATES,
        wanted_state=wanted_state,
        team=team,
        priority=priority,
        teams=teams,
        priorities=priorities,
        segments=SEGMENTS,
        by=segment,
        periods=[p.value for p in PERIODS],
        period=grain.value,
        rows=rows,
        zone=app.settings.zone,
    )


def _lang(request: Request) -> str:
    return request_language(request)


def _months_back(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)


@router.get("/sla/tickets/{ticket_id}")
def ticket_page(request: Request, ticket_id: str) -> Response:
    user = require(request, "viewer")
    app = state(request)
    with app.engine.connect() as conn:
        item = service.ticket_clocks(conn, ticket_id, app.clock.now())
        policies = service.stored_policies(conn, active_only=False) or list(
            service.DEFAULT_POLICIES
        )
    if item is None:
        raise HTTPException(status_code=404, detail=f"no ticket {ticket_id!r}")
    t = SLA.for_language(_lang(request))
    notice = request.query_params.get("changed")
    return staff_page(
        request,
        "sla/ticket.html",
        user,
        texts=SLA,
        title=t("ticket_title", ticket=ticket_id),
        item=item,
        policies=[p.name for p in policies],
        notice=t("changed", policy=notice) if notice else None,
        error=t("unknown_policy") if request.query_params.get("error") else None,
        zone=app.settings.zone,
    )


@router.post("/sla/tickets/{ticket_id}/policy")
def change_policy(
    request: Request, ticket_id: str, policy: str = Form(""), csrf: str = Form("")
) -> Response:
    """An admin puts one ticket under another policy; who and when are recorded."""
    user = require(request, "admin")
    check_csrf(request, user, csrf)
    app = state(request)
    back = f"/sla/tickets/{quote(ticket_id, safe='')}"
    with app.engine.begin() as conn:
        try:
            service.set_policy(conn, ticket_id, policy, user.email, app.clock.now())
        except service.SlaError:
            if service.ticket_clocks(conn, ticket_id, app.clock.now()) is None:
                raise HTTPException(status_code=404, detail=f"no ticket {ticket_id!r}") from None
            return RedirectResponse(f"{back}?error=1", status_code=303)
    return RedirectResponse(f"{back}?{urlencode({'changed': policy})}", status_code=303)
