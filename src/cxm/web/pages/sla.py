"""Staff pages of the SLAs: every unresolved ticket's targets with a filter, the share of
targets met by period and segment (business hours beside wall-clock), one ticket's clocks,
an admin's change of one ticket's policy, and the policies and business-hours calendars
(an admin adds, changes and removes them)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Form, HTTPException, Query, Request
from starlette.responses import RedirectResponse, Response

from cxm.i18n.sla import SLA
from cxm.metrics.periods import Period, period_start
from cxm.sla import service
from cxm.sla.calendars import ALWAYS
from cxm.sla.evaluation import STATES
from cxm.sla.policies import DEFAULT_AT_RISK_SHARE, DEFAULT_PAUSE_STATUSES, Policy
from cxm.sla.report import SEGMENTS, sla_report
from cxm.users.service import User
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


# -- policies and calendars ------------------------------------------------------------------

POLICY_FIELDS = (
    "name",
    "priority",
    "channel",
    "plan",
    "first_response_minutes",
    "resolution_minutes",
    "calendar",
    "pause_statuses",
    "at_risk_share",
    "position",
)
CALENDAR_FIELDS = ("name", "timezone", "hours", "holidays")
NOTICES = ("policy_saved", "policy_removed", "calendar_saved", "defaults_stored")
NEW_POLICY = {
    "pause_statuses": ",".join(DEFAULT_PAUSE_STATUSES),
    "at_risk_share": f"{DEFAULT_AT_RISK_SHARE * 100:g}",
    "position": "100",
}
NEW_CALENDAR = {"timezone": "UTC", "hours": "mon-fri 09:00-17:00"}


def _minutes_text(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def _policy_form(p: Policy) -> dict[str, str]:
    """A policy's settings as its form shows them (the syntax the command line takes)."""
    return {
        "name": p.name,
        "priority": p.priority or "",
        "channel": p.channel or "",
        "plan": p.plan or "",
        "first_response_minutes": _minutes_text(p.first_response_minutes),
        "resolution_minutes": _minutes_text(p.resolution_minutes),
        "calendar": "" if p.calendar == ALWAYS else p.calendar.name,
        "pause_statuses": ",".join(p.pause_statuses),
        "at_risk_share": f"{p.at_risk_share * 100:g}",
        "position": str(p.position),
    }


def _policies_page(
    request: Request,
    user: User,
    status_code: int = 200,
    policy_form: dict[str, str] | None = None,
    calendar_form: dict[str, str] | None = None,
    error: service.SlaError | None = None,
    error_form: str | None = None,
) -> Response:
    app = state(request)
    t = SLA.for_language(_lang(request))
    with app.engine.connect() as conn:
        policies = service.policy_list(conn)
        stored = bool(service.stored_policies(conn, active_only=False))
        calendars = sorted(service.load_calendars(conn).values(), key=lambda c: c.name)
    query = request.query_params
    if policy_form is None:
        chosen = next((p for p, _ in policies if p.name == query.get("policy")), None)
        policy_form = _policy_form(chosen) if chosen else dict(NEW_POLICY)
    if calendar_form is None:
        cal = next((c for c in calendars if c.name == query.get("calendar")), None)
        calendar_form = (
            {
                "name": cal.name,
                "timezone": cal.timezone,
                "hours": cal.describe_hours(),
                "holidays": ", ".join(sorted(d.isoformat() for d in cal.holidays)),
            }
            if cal
            else dict(NEW_CALENDAR)
        )
    notice = query.get("notice")
    message = None
    if error is not None:
        label = t(f"field_{error.field}") if error.field else None
        message = f"{label}: {error}" if label else str(error)
    return staff_page(
        request,
        "sla/policies.html",
        user,
        texts=SLA,
        status_code=status_code,
        title=t("policies_title"),
        policies=policies,
        defaults=not stored,
        calendars=calendars,
        policy_form=policy_form,
        calendar_form=calendar_form,
        can_edit=user.can("admin"),
        notice=t(notice, name=query.get("name", "")) if notice in NOTICES else None,
        error=message,
        error_field=error.field if error is not None else None,
        error_form=error_form,
    )


@router.get("/sla/policies")
def policies_page(request: Request) -> Response:
    """The policies in match order and the calendars; an admin's forms to change them."""
    user = require(request, "viewer")
    return _policies_page(request, user)


def _done(notice: str, name: str = "") -> Response:
    query = urlencode({"notice": notice, **({"name": name} if name else {})})
    return RedirectResponse(f"/sla/policies?{query}", status_code=303)


async def _form(request: Request, fields: tuple[str, ...]) -> tuple[User, dict[str, str]]:
    """The admin posting and the form's fields (as text); refused without the role or the
    form's token."""
    user = require(request, "admin")
    form = await request.form()
    check_csrf(request, user, _text(form.get("csrf")))
    return user, {f: _text(form.get(f)).strip() for f in fields}


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


@router.post("/sla/policies")
async def save_policy(request: Request) -> Response:
    user, form = await _form(request, POLICY_FIELDS)
    app = state(request)
    try:
        with app.engine.begin() as conn:
            policy = service.save_policy_text(
                conn,
                form["name"],
                app.clock.now(),
                first_response=form["first_response_minutes"],
                resolution=form["resolution_minutes"],
                priority=form["priority"],
                channel=form["channel"],
                plan=form["plan"],
                calendar=form["calendar"],
                pause_statuses=form["pause_statuses"],
                at_risk_percent=form["at_risk_share"],
                position=form["position"] or "100",
            )
    except service.SlaError as exc:
        return _policies_page(request, user, 422, policy_form=form, error=exc, error_form="policy")
    return _done("policy_saved", policy.name)


@router.post("/sla/policies/remove")
async def remove_policy(request: Request) -> Response:
    user, form = await _form(request, ("name",))
    app = state(request)
    with app.engine.begin() as conn:
        removed = service.delete_policy(conn, form["name"])
    if not removed:
        error = service.SlaError(f"no policy called {form['name']!r}", "name")
        return _policies_page(request, user, 422, error=error, error_form="remove")
    return _done("policy_removed", form["name"])


@router.post("/sla/policies/defaults")
async def store_defaults(request: Request) -> Response:
    await _form(request, ())
    app = state(request)
    with app.engine.begin() as conn:
        service.install_defaults(conn, app.clock.now())
    return _done("defaults_stored")


@router.post("/sla/calendars")
async def save_calendar(request: Request) -> Response:
    user, form = await _form(request, CALENDAR_FIELDS)
    app = state(request)
    try:
        with app.engine.begin() as conn:
            calendar = service.save_calendar(
                conn,
                form["name"],
                form["timezone"],
                form["hours"],
                form["holidays"],
                app.clock.now(),
            )
    except service.SlaError as exc:
        return _policies_page(
            request, user, 422, calendar_form=form, error=exc, error_form="calendar"
        )
    return _done("calendar_saved", calendar.name)
