"""Admin pages: sign in, surveys (texts per language, preview, send), the invitation log.

Viewers see, agents see and send, admins edit. Every form carries a token bound to the
signed-in user (CSRF); everything shown is escaped by the templates.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, HTTPException, Request
from sqlalchemy import func, select
from starlette.responses import RedirectResponse, Response

from cxm.db.schema import invitation_events, invitations, responses, surveys
from cxm.invitations import service as invitation_service
from cxm.invitations.qr import qr_data_uri
from cxm.invitations.service import InvitationError
from cxm.surveys import service as survey_service
from cxm.surveys.service import SurveyNotFound
from cxm.surveys.templates import LANGUAGES
from cxm.users.service import User, authenticate
from cxm.web.auth import check_csrf, csrf_for, current_user, require
from cxm.web.deps import state
from cxm.web.pages.survey import preview_page
from cxm.web.sessions import COOKIE, MAX_AGE_S, session_value
from cxm.web.templating import page

router = APIRouter(include_in_schema=False)
STATUSES = ("queued", "sending", "sent", "opened", "answered", "failed", "suppressed", "expired")
PAGE = 100


def _admin_page(request: Request, name: str, user: User | None, **context: Any) -> Response:
    context.setdefault("notice", request.query_params.get("notice"))
    return page(name, user=user, csrf=csrf_for(request, user) if user else "", **context)


@router.get("/login")
def login_form(request: Request, next: str = "/admin") -> Response:
    return page("admin/login.html", title="Sign in", user=None, next=_safe_next(next), email="")


@router.post("/login")
def login(
    request: Request, email: str = Form(""), password: str = Form(""), next: str = Form("/admin")
) -> Response:
    app = state(request)
    with app.engine.begin() as conn:
        user = authenticate(conn, email, password)
    if user is None:
        return page(
            "admin/login.html",
            status_code=401,
            title="Sign in",
            user=None,
            next=_safe_next(next),
            email=email,
            error="Wrong e-mail or password.",
        )
    response = RedirectResponse(_safe_next(next), status_code=303)
    response.set_cookie(
        COOKIE,
        session_value(app.settings.secret_key, user.id),
        max_age=MAX_AGE_S,
        httponly=True,
        samesite="lax",
        secure=app.settings.base_url.startswith("https://"),
    )
    return response


def _safe_next(target: str) -> str:
    # only paths of this site: never an open redirect
    return (
        target
        if re.fullmatch(r"/[A-Za-z0-9/_\-?=&.%]*", target) and "//" not in target
        else "/admin"
    )


@router.post("/logout")
def logout(request: Request, csrf: str = Form("")) -> Response:
    user = current_user(request)
    if user is not None:
        check_csrf(request, user, csrf)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE)
    return response


@router.get("/admin")
def admin_home(request: Request) -> Response:
    require(request, "viewer")
    return RedirectResponse("/dashboard", status_code=303)


@router.get("/admin/surveys")
def survey_list(request: Request) -> Response:
    user = require(request, "viewer")
    app = state(request)
    with app.engine.connect() as conn:
        rows = survey_service.list_all(conn)
        counts = dict(
            conn.execute(
                select(responses.c.survey_id, func.count())
                .where(responses.c.survey_id.is_not(None))
                .group_by(responses.c.survey_id)
            ).all()
        )
    return _admin_page(
        request,
        "admin/surveys.html",
        user,
        title="Surveys",
        surveys=rows,
        counts=counts,
        languages=LANGUAGES,
    )


def _survey(request: Request, key: str) -> Any:
    with state(request).engine.connect() as conn:
        try:
            return survey_service.get(conn, key)
        except SurveyNotFound as exc:
            raise HTTPException(status_code=404, detail=str(exc)) from exc


@router.get("/admin/surveys/{key}")
def survey_detail(request: Request, key: str, links: str = "") -> Response:
    user = require(request, "viewer")
    survey = _survey(request, key)
    languages = tuple(dict.fromkeys((*LANGUAGES, *survey.texts)))
    return _admin_page(
        request,
        "admin/survey.html",
        user,
        title=survey.name,
        survey=survey,
        languages=languages,
        fields=survey.fields(),
        missing=survey.missing(languages),
        can_edit=user.can("admin"),
        can_send=user.can("agent"),
        links=[],
    )


@router.get("/admin/surveys/{key}/preview")
def survey_preview(request: Request, key: str, lang: str = "en") -> Response:
    require(request, "viewer")
    return preview_page(request, _survey(request, key), lang)


@router.post("/admin/surveys/{key}/texts")
async def survey_texts(request: Request, key: str) -> Response:
    user = require(request, "admin")
    form = await request.form()
    check_csrf(request, user, str(form.get("csrf", "")))
    survey = _survey(request, key)
    language = str(form.get("language", "")).strip().lower()
    if not re.fullmatch(r"[a-z]{2,3}(-[a-z0-9]{1,8})*", language):
        raise HTTPException(status_code=422, detail="language: not a language code")
    with state(request).engine.begin() as conn:
        for name in survey.fields():
            text = str(form.get(f"text:{name}", "")).strip()
            if text:
                survey_service.set_text(conn, survey.id, language, name, text)
    return RedirectResponse(
        f"/admin/surveys/{key}?" + urlencode({"notice": f"{language} texts saved"}), status_code=303
    )


@router.post("/admin/surveys/{key}/active")
def survey_active(
    request: Request, key: str, active: str = Form(""), csrf: str = Form("")
) -> Response:
    user = require(request, "admin")
    check_csrf(request, user, csrf)
    survey = _survey(request, key)
    app = state(request)
    with app.engine.begin() as conn:
        survey_service.set_active(conn, survey.id, active == "yes", app.clock.now())
    return RedirectResponse(f"/admin/surveys/{key}", status_code=303)


@router.post("/admin/surveys/{key}/send")
def survey_send(
    request: Request,
    key: str,
    customers: str = Form(""),
    channel: str = Form("email"),
    csrf: str = Form(""),
) -> Response:
    user = require(request, "agent")
    check_csrf(request, user, csrf)
    survey = _survey(request, key)
    app = state(request)
    ids = [c for c in re.split(r"[\s,]+", customers) if c]
    made, errors = [], []
    for customer_id in ids:
        try:
            with app.engine.begin() as conn:
                made.append(
                    invitation_service.create(
                        conn,
                        app.settings,
                        survey=survey,
                        channel=channel,
                        at=app.clock.now(),
                        customer_id=customer_id,
                    )
                )
        except InvitationError as exc:
            errors.append(f"{customer_id}: {exc}")
    notice = f"{len(made)} invitation(s) {'created' if channel == 'link' else 'queued'}"
    if errors:
        notice += "; not sent: " + "; ".join(errors)
    if channel != "link":
        return RedirectResponse(
            f"/admin/surveys/{key}?" + urlencode({"notice": notice}), status_code=303
        )
    # links are shown once, here: they are not stored anywhere in clear
    languages = tuple(dict.fromkeys((*LANGUAGES, *survey.texts)))
    return _admin_page(
        request,
        "admin/survey.html",
        user,
        title=survey.name,
        survey=survey,
        languages=languages,
        fields=survey.fields(),
        missing=survey.missing(languages),
        can_edit=user.can("admin"),
        can_send=True,
        links=[
            (i.customer_id, url, qr_data_uri(url))
            for i in made
            for url in [invitation_service.link(app.settings, i)]
        ],
        notice=notice,
    )


@router.get("/admin/invitations")
def invitation_log(
    request: Request, survey: str = "", status: str = "", before: int | None = None
) -> Response:
    user = require(request, "viewer")
    app = state(request)
    last_event = (
        select(invitation_events.c.event)
        .where(invitation_events.c.invitation_id == invitations.c.id)
        .order_by(invitation_events.c.at.desc(), invitation_events.c.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    query = (
        select(invitations, surveys.c.key.label("survey_key"), last_event.label("last_event"))
        .join(surveys, surveys.c.id == invitations.c.survey_id)
        .order_by(invitations.c.id.desc())
        .limit(PAGE)
    )
    counts = select(invitations.c.status, func.count()).join(
        surveys, surveys.c.id == invitations.c.survey_id
    )
    if survey:
        query = query.where(surveys.c.key == survey)
        counts = counts.where(surveys.c.key == survey)
    if status in STATUSES:
        query = query.where(invitations.c.status == status)
    if before is not None:
        query = query.where(invitations.c.id < before)
    with app.engine.connect() as conn:
        rows = list(conn.execute(query).mappings())
        by_status = dict(conn.execute(counts.group_by(invitations.c.status)).all())
        all_surveys = survey_service.list_all(conn)
    total = sum(by_status.values())
    answered = by_status.get("answered", 0)
    delivered = sum(by_status.get(s, 0) for s in ("sent", "opened", "answered"))
    summary = (
        f"{total} invitations: "
        + ", ".join(f"{n} {s}" for s, n in sorted(by_status.items()))
        + (
            f". Response rate {100 * answered / delivered:.1f} % of {delivered} delivered."
            if delivered
            else "."
        )
    )
    next_page = None
    if len(rows) == PAGE:
        next_page = "/admin/invitations?" + urlencode(
            {"survey": survey, "status": status, "before": rows[-1]["id"]}
        )
    return _admin_page(
        request,
        "admin/invitations.html",
        user,
        title="Invitations",
        rows=rows,
        surveys=all_surveys,
        survey=survey,
        status=status,
        statuses=STATUSES,
        summary=summary,
        next_page=next_page,
    )
