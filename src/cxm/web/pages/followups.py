"""Follow-up pages: the queue (`/followups`, VIP-support customers first, overdue tasks marked)
and one task with its answer, the customer's timeline, its history and the buttons that move
it along. Viewers see; agents add notes, contact, resolve and reopen (POST forms with the
CSRF token). Everything the customer or staff wrote is escaped by the templates.
"""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlencode

from fastapi import APIRouter, Form, HTTPException, Request
from starlette.responses import RedirectResponse, Response

from cxm.followups import metrics, rules, service
from cxm.followups.service import Filters, FollowupError, FollowupNotFound
from cxm.i18n.catalogue import Texts
from cxm.i18n.followups import FOLLOWUPS
from cxm.users.service import User
from cxm.web.auth import check_csrf, require
from cxm.web.deps import state
from cxm.web.language import request_language
from cxm.web.staff import staff_page

router = APIRouter(include_in_schema=False)
PAGE = 50
STATUS_CHOICES = ("active", "open", "contacted", "resolved", "all")
STATS_DAYS = 30
ERRORS = ("status", "transition", "root_cause", "empty_note", "long_note")


def _texts(request: Request) -> Texts:
    return FOLLOWUPS.for_language(request_language(request))


def cause_name(t: Texts, cause: str | None) -> str:
    """A root cause in the page's language when it is a known one, else as configured."""
    if cause is None:
        return ""
    key = f"cause_{cause}"
    return t(key) if key in FOLLOWUPS.texts["en"] else cause


def _author(user: User) -> str:
    return user.name or user.email


def _page_number(raw: str) -> int:
    try:
        return max(1, int(raw))
    except ValueError:
        return 1


@router.get("/followups")
def queue_page(
    request: Request,
    status: str = "active",
    team: str = "",
    agent: str = "",
    vip: str = "",
    overdue: str = "",
    page: str = "1",
) -> Response:
    user = require(request, "viewer")
    app = state(request)
    now = app.clock.now()
    filters = Filters(
        status=status if status in STATUS_CHOICES else "active",
        team=team or None,
        agent=agent or None,
        vip=vip == "1",
        overdue=overdue == "1",
    )
    page_no = _page_number(page)
    with app.engine.connect() as conn:
        total = service.count_tasks(conn, filters, now)
        tasks = service.list_tasks(conn, filters, now, limit=PAGE, offset=(page_no - 1) * PAGE)
        teams, agents = service.owners(conn)
        [stats] = metrics.loop_stats(conn, now - timedelta(days=STATS_DAYS), now, now)
    keep = {
        "status": filters.status,
        "team": team,
        "agent": agent,
        "vip": "1" if filters.vip else "",
        "overdue": "1" if filters.overdue else "",
    }
    pages = max(1, -(-total // PAGE))

    def page_url(n: int) -> str:
        return "/followups?" + urlencode({**{k: v for k, v in keep.items() if v}, "page": n})

    return staff_page(
        request,
        "followups/queue.html",
        user,
        texts=FOLLOWUPS,
        title=_texts(request)("title"),
        tasks=tasks,
        total=total,
        filters=filters,
        team=team,
        agent=agent,
        teams=teams,
        agents=agents,
        statuses=STATUS_CHOICES,
        now=now,
        stats=stats,
        stats_days=STATS_DAYS,
        page_no=page_no,
        pages=pages,
        page_url=page_url,
    )


@router.get("/followups/{task_id}")
def task_page(request: Request, task_id: int) -> Response:
    user = require(request, "viewer")
    app = state(request)
    t = _texts(request)
    with app.engine.connect() as conn:
        try:
            task = service.get(conn, task_id)
        except FollowupNotFound as exc:
            raise HTTPException(status_code=404, detail=str(exc)) from exc
        answer = service.answer_of(conn, task)
        notes = service.notes(conn, task_id)
        check = service.check_of(conn, task)
    policy = rules.policy_from(app.settings)
    error = request.query_params.get("error")
    return staff_page(
        request,
        "followups/task.html",
        user,
        texts=FOLLOWUPS,
        title=t("task_title", id=task.id),
        task=task,
        answer=answer,
        notes=notes,
        check=check,
        now=app.clock.now(),
        causes=[(c, cause_name(t, c)) for c in policy.root_causes],
        cause_name=lambda c: cause_name(t, c),
        can_act=user.can("agent"),
        error=error if error in ERRORS else None,
        saved=request.query_params.get("saved") == "1",
    )


def _back(task_id: int, **query: str) -> RedirectResponse:
    suffix = f"?{urlencode(query)}" if query else ""
    return RedirectResponse(f"/followups/{task_id}{suffix}", status_code=303)


@router.post("/followups/{task_id}/note")
def add_note(
    request: Request, task_id: int, csrf: str = Form(""), text: str = Form("")
) -> Response:
    user = require(request, "agent")
    check_csrf(request, user, csrf)
    app = state(request)
    try:
        with app.engine.begin() as conn:
            service.add_note(conn, task_id, _author(user), text, app.clock.now())
    except FollowupNotFound as exc:
        raise HTTPException(status_code=404, detail=str(exc)) from exc
    except FollowupError as exc:
        return _back(task_id, error=exc.code)
    return _back(task_id, saved="1")


@router.post("/followups/{task_id}/status")
def change_status(
    request: Request,
    task_id: int,
    csrf: str = Form(""),
    status: str = Form(""),
    note: str = Form(""),
    root_cause: str = Form(""),
    ask_fixed: str = Form(""),
) -> Response:
    user = require(request, "agent")
    check_csrf(request, user, csrf)
    app = state(request)
    try:
        with app.engine.begin() as conn:
            service.change_status(
                conn,
                app.settings,
                task_id,
                status,
                _author(user),
                app.clock.now(),
                note=note,
                root_cause=root_cause or None,
                ask_fixed=ask_fixed == "1",
            )
    except FollowupNotFound as exc:
        raise HTTPException(status_code=404, detail=str(exc)) from exc
    except FollowupError as exc:
        return _back(task_id, error=exc.code)
    return _back(task_id, saved="1")
