"""Admin pages: sign in, surveys (texts per language, preview, send), the invitation log.

Viewers see, agents see and send, admins edit. Every form carries a token bound to the
signed-in user (CSRF); everything shown is escaped by the templates. The pages speak the
language chosen for the dashboard (`cxm.web.language`), with their texts from
`cxm.i18n.admin.ADMIN` and the shared navigation from `cxm.i18n.ui.UI`; the survey texts
themselves are data, edited per language here.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, HTTPException, Request
from sqlalchemy import func, select
from starlette.responses import RedirectResponse, Response

from cxm.db.schema import invitation_events, invitations, responses, surveys
from cxm.i18n import formatting as fmt
from cxm.i18n.admin import ADMIN
from cxm.i18n.catalogue import Texts, language_names
from cxm.i18n.ui import UI
from cxm.invitations import service as invitation_service
from cxm.invitations.qr import qr_data_uri
from cxm.invitations.service import InvitationError
from cxm.surveys import service as survey_service
from cxm.surveys.definitions import Survey
from cxm.surveys.service import SurveyNotFound
from cxm.surveys.templates import LANGUAGES
from cxm.users.service import User, authenticate
from cxm.web.auth import check_csrf, csrf_for, current_user, require
from cxm.web.deps import state
from cxm.web.language import remember_language, request_language
from cxm.web.pages.survey import preview_page
from cxm.web.sessions import COOKIE, MAX_AGE_S, session_value
from cxm.web.staff import NAV
from cxm.web.templating import page

router = APIRouter(include_in_schema=False)
STATUSES = ("queued", "sending", "sent", "opened", "answered", "failed", "suppressed", "expired")
SEND_CHANNELS = ("email", "sms", "link")
PAGE = 100


def _texts(request: Request) -> Texts:
    """The admin texts in the language of this request (negotiated as on the dashboard)."""
    return ADMIN.for_language(request_language(request))


def _name(t: Texts, prefix: str, value: str) -> str:
    """The translated name of a status, event, channel, kind or display; else the value."""
    return t(prefix + value) if prefix + value in ADMIN.texts["en"] else value


def _language_name(code: str) -> str:
    return language_names().get(code, code)


def _field_name(t: Texts, field: str) -> str:
    if field.startswith("checklist."):
        return t("field_checklist_item", item=field.removeprefix("checklist."))
    return _name(t, "field_", field)


def _admin_page(
    request: Request, name: str, user: User | None, status_code: int = 200, **context: Any
) -> Response:
    lang = request_language(request)
    t = ADMIN.for_language(lang)
    context.setdefault("notice", request.query_params.get("notice"))
    # where the language menu comes back to (a page answering a POST gives its own)
    context.setdefault(
        "request_path",
        request.url.path + (f"?{request.url.query}" if request.url.query else ""),
    )
    response = page(
        name,
        status_code=status_code,
        user=user,
        csrf=csrf_for(request, user) if user else "",
        lang=lang,
        t=t,
        ui=UI.for_language(lang),
        nav=NAV,
        languages=language_names(),
        language_name=_language_name,
        name_of=lambda prefix, value: _name(t, prefix, value),
        field_name=lambda field: _field_name(t, field),
        path=request.url.path,
        **context,
    )
    remember_language(request, response, lang)
    return response


@router.get("/login")
def login_form(request: Request, next: str = "/admin") -> Response:
    return _admin_page(
        request,
        "admin/login.html",
        None,
        title=_texts(request)("sign_in_title"),
        next=_safe_next(next),
        email="",
        notice=None,  # nobody signed in: no message from an address shows here
    )


@router.post("/login")
def login(
    request: Request, email: str = Form(""), password: str = Form(""), next: str = Form("/admin")
) -> Response:
    app = state(request)
    with app.engine.begin() as conn:
        user = authenticate(conn, email, password)
    if user is None:
        t = _texts(request)
        return _admin_page(
            request,
            "admin/login.html",
            None,
            status_code=401,
            title=t("sign_in_title"),
            next=_safe_next(next),
            email=email,
            error=t("wrong_login"),
            notice=None,
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
        title=_texts(request)("surveys_title"),
        surveys=rows,
        counts=counts,
        survey_languages=LANGUAGES,
    )


def _survey(request: Request, key: str) -> Any:
    with state(request).engine.connect() as conn:
        try:
            return survey_service.get(conn, key)
        except SurveyNotFound as exc:
            raise HTTPException(status_code=404, detail=str(exc)) from exc


def _survey_page(request: Request, user: User, survey: Survey, **context: Any) -> Response:
    survey_languages = tuple(dict.fromkeys((*LANGUAGES, *survey.texts)))
    context.setdefault("links", [])
    return _admin_page(
        request,
        "admin/survey.html",
        user,
        title=survey.name,
        survey=survey,
        survey_languages=survey_languages,
        fields=survey.fields(),
        missing=survey.missing(survey_languages),
        can_edit=user.can("admin"),
        can_send=user.can("agent"),
        channels=SEND_CHANNELS,
        **context,
    )


@router.get("/admin/surveys/{key}")
def survey_detail(request: Request, key: str) -> Response:
    user = require(request, "viewer")
    return _survey_page(request, user, _survey(request, key))


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
    t = _texts(request)
    if not re.fullmatch(r"[a-z]{2,3}(-[a-z0-9]{1,8})*", language):
        raise HTTPException(status_code=422, detail=t("bad_language_code"))
    with state(request).engine.begin() as conn:
        for name in survey.fields():
            text = str(form.get(f"text:{name}", "")).strip()
            if text:
                survey_service.set_text(conn, survey.id, language, name, text)
    notice = t("texts_saved", language=_language_name(language))
    return RedirectResponse(
        f"/admin/surveys/{key}?" + urlencode({"notice": notice}), status_code=303
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
    t = _texts(request)
    if channel not in SEND_CHANNELS:
        raise HTTPException(status_code=422, detail=t("bad_channel"))
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
            errors.append(_not_sent(t, channel, customer_id, exc))
    notice = t(
        "invitations_created" if channel == "link" else "invitations_queued",
        n=fmt.number(len(made), t.lang),
    )
    if errors:
        notice = t("not_sent", notice=notice, errors="; ".join(errors))
    if channel != "link":
        return RedirectResponse(
            f"/admin/surveys/{key}?" + urlencode({"notice": notice}), status_code=303
        )
    # links are shown once, here: they are not stored anywhere in clear
    return _survey_page(
        request,
        user,
        survey,
        request_path=f"/admin/surveys/{key}",
        links=[
            (i.customer_id, url, qr_data_uri(url))
            for i in made
            for url in [invitation_service.link(app.settings, i)]
        ],
        notice=notice,
    )


def _not_sent(t: Texts, channel: str, customer_id: str, exc: InvitationError) -> str:
    """Why one invitation was not made; a reason not known here is shown as the service gave it."""
    if channel in ("email", "sms") and str(exc).startswith("no "):
        return t("no_email" if channel == "email" else "no_phone", customer=customer_id)
    return f"{customer_id}: {exc}"


def _summary(t: Texts, by_status: dict[str, int]) -> str:
    """Invitations by status, and the response rate of the delivered ones."""
    total = sum(by_status.values())
    if not total:
        return t("summary_none")
    order = {s: i for i, s in enumerate(STATUSES)}
    counts = ", ".join(
        t("status_count", n=fmt.number(n, t.lang), status=_name(t, "status_", s))
        for s, n in sorted(by_status.items(), key=lambda item: (order.get(item[0], 99), item[0]))
    )
    delivered = sum(by_status.get(s, 0) for s in ("sent", "opened", "answered"))
    if not delivered:
        return t("summary", total=fmt.number(total, t.lang), counts=counts)
    return t(
        "summary_rate",
        total=fmt.number(total, t.lang),
        counts=counts,
        rate=fmt.percent(100 * by_status.get("answered", 0) / delivered, t.lang),
        delivered=fmt.number(delivered, t.lang),
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
    t = _texts(request)
    next_page = None
    if len(rows) == PAGE:
        next_page = "/admin/invitations?" + urlencode(
            {"survey": survey, "status": status, "before": rows[-1]["id"]}
        )
    return _admin_page(
        request,
        "admin/invitations.html",
        user,
        title=t("invitations_title"),
        rows=rows,
        surveys=all_surveys,
        survey=survey,
        status=status,
        statuses=STATUSES,
        summary=_summary(t, by_status),
        next_page=next_page,
    )
