"""Notices on the web: the public status page (`/status`, `/status.json`, no sign-in) and the
staff pages to publish, update, translate and resolve notices (`/notices`).

The status page speaks the visitor's language (`?lang=`, else Accept-Language), loads nothing
but its own small stylesheet and escapes every text. Viewers see the staff pages; agents and
admins publish; every form carries the signed-in user's CSRF token.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Request
from starlette.datastructures import FormData
from starlette.responses import JSONResponse, RedirectResponse, Response

from cxm.clock import iso
from cxm.i18n import formatting as fmt
from cxm.i18n.catalogue import LANGUAGES, language_names, negotiate
from cxm.i18n.notices import NOTICES
from cxm.notices import service
from cxm.notices.audience import Audience, AudienceError
from cxm.notices.schedule import KINDS, STATUSES, NoticeError, update_id_of
from cxm.notices.service import Notice
from cxm.users.service import User
from cxm.web.auth import check_csrf, require
from cxm.web.deps import state
from cxm.web.staff import staff_page
from cxm.web.templating import page, render

router = APIRouter(include_in_schema=False)


# -- the public status page -------------------------------------------------------------------


def _status_language(request: Request) -> str:
    return negotiate(request.query_params.get("lang"), request.headers.get("accept-language"))


def _moment(value: datetime | None, lang: str, zone: Any) -> str:
    if value is None:
        return fmt.DASH
    return fmt.moment(value.astimezone(zone), lang)


def _public(notice: Notice, lang: str, now: datetime, zone: Any) -> dict[str, Any]:
    text_lang = notice.language_for(lang)
    return {
        "id": notice.id,
        "kind": notice.kind,
        "status": notice.shown_status(now),
        "lang": text_lang,
        "title": notice.text(lang, "title"),
        "body": notice.text(lang, "body"),
        "starts": _moment(notice.starts_at, lang, zone),
        "expected_end": _moment(notice.expected_end_at, lang, zone)
        if notice.expected_end_at
        else None,
        "resolved": _moment(notice.resolved_at, lang, zone) if notice.resolved_at else None,
        "updates": [
            {
                "when": _moment(u.created_at, lang, zone),
                "status": u.status,
                "text": u.text(lang, notice.default_language),
            }
            for u in reversed(notice.updates)
            if u.texts or u.status == "resolved"
        ],
    }


@router.get("/status")
def status_page(request: Request) -> Response:
    app = state(request)
    lang = _status_language(request)
    now = app.clock.now()
    recent_days = max(0, app.settings.notice_recent_days)
    with app.engine.connect() as conn:
        current, recent = service.public_notices(conn, now, timedelta(days=recent_days))
    zone = app.settings.zone
    response = page(
        "notices/status.html",
        lang=lang,
        t=NOTICES.for_language(lang),
        title=NOTICES.text(lang, "status_title"),
        company=app.settings.company_name,
        current=[_public(n, lang, now, zone) for n in current],
        recent=[_public(n, lang, now, zone) for n in recent],
        recent_days=recent_days,
        zone=zone.key,
        languages=language_names(),
        updated=_moment(now, lang, zone),
    )
    # a public page: shared caches may keep it a little, not the visitor's cookie
    response.headers["Cache-Control"] = "public, max-age=30"
    response.headers["Content-Language"] = lang
    return response


@cache
def _css() -> str:
    return render("notices/status.css")


@router.get("/status.css")
def status_css() -> Response:
    headers = {"Cache-Control": "public, max-age=3600", "X-Content-Type-Options": "nosniff"}
    return Response(_css(), media_type="text/css; charset=utf-8", headers=headers)


def _json(notice: Notice, lang: str, now: datetime) -> dict[str, Any]:
    return {
        "id": notice.id,
        "kind": notice.kind,
        "status": notice.shown_status(now),
        "language": notice.language_for(lang),
        "title": notice.text(lang, "title"),
        "body": notice.text(lang, "body"),
        "starts_at": iso(notice.starts_at),
        "expected_end_at": iso(notice.expected_end_at) if notice.expected_end_at else None,
        "resolved_at": iso(notice.resolved_at) if notice.resolved_at else None,
        "updates": [
            {
                "at": iso(u.created_at),
                "status": u.status,
                "text": u.text(lang, notice.default_language),
            }
            for u in notice.updates
        ],
    }


@router.get("/status.json")
def status_json(request: Request) -> Response:
    app = state(request)
    lang = _status_language(request)
    now = app.clock.now()
    with app.engine.connect() as conn:
        current, recent = service.public_notices(
            conn, now, timedelta(days=max(0, app.settings.notice_recent_days))
        )
    body = {
        "generated_at": iso(now),
        "language": lang,
        "current": [_json(n, lang, now) for n in current],
        "recent": [_json(n, lang, now) for n in recent],
    }
    return JSONResponse(
        body,
        headers={"Cache-Control": "public, max-age=30", "Access-Control-Allow-Origin": "*"},
    )


# -- staff pages ------------------------------------------------------------------------------


def _language_list(notice: Notice | None = None) -> tuple[str, ...]:
    extra = tuple(notice.texts) if notice is not None else ()
    return tuple(dict.fromkeys((*LANGUAGES, *extra)))


def _when(value: str, what: str) -> datetime | None:
    value = value.strip()
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace(" ", "T", 1))
    except ValueError:
        raise NoticeError(f"{what}: expected YYYY-MM-DD HH:MM, got {value!r}") from None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def _field(form: FormData, name: str) -> str:
    value = form.get(name, "")
    return value if isinstance(value, str) else ""


def _list_page(request: Request, user: User, status_code: int = 200, **context: Any) -> Response:
    app = state(request)
    with app.engine.connect() as conn:
        found = service.list_notices(conn)
        counts = service.delivery_counts(conn)
    context.setdefault("form", {})
    context.setdefault("preview", None)
    return staff_page(
        request,
        "notices/list.html",
        user,
        texts=NOTICES,
        status_code=status_code,
        title=NOTICES.text(_lang(request), "notices_title"),
        notices=found,
        counts=counts,
        kinds=KINDS,
        languages_all=LANGUAGES,
        language_name=lambda code: language_names().get(code, code),
        can_publish=user.can("agent"),
        now=app.clock.now(),
        notice=request.query_params.get("notice"),
        **context,
    )


def _lang(request: Request) -> str:
    from cxm.web.language import request_language

    return request_language(request)


@router.get("/notices")
def notices_page(request: Request) -> Response:
    user = require(request, "viewer")
    return _list_page(request, user)


def _texts(form: FormData) -> dict[str, dict[str, str]]:
    return {
        lang: {"title": _field(form, f"title:{lang}"), "body": _field(form, f"body:{lang}")}
        for lang in LANGUAGES
        if _field(form, f"title:{lang}").strip() or _field(form, f"body:{lang}").strip()
    }


@router.post("/notices")
async def create_notice(request: Request) -> Response:
    user = require(request, "agent")
    form = await request.form()
    check_csrf(request, user, _field(form, "csrf"))
    app = state(request)
    values = {k: v for k, v in form.items() if isinstance(v, str) and k != "csrf"}
    try:
        audience = Audience.parse(_field(form, "audience"))
        if _field(form, "action") == "preview":
            with app.engine.connect() as conn:
                matching, reachable = service.preview(conn, audience)
            return _list_page(request, user, form=values, preview=(matching, reachable))
        starts_at = _when(_field(form, "starts_at"), "start") or app.clock.now()
        with app.engine.begin() as conn:
            created = service.create(
                conn,
                kind=_field(form, "kind") or "maintenance",
                texts=_texts(form),
                audience=audience,
                starts_at=starts_at,
                expected_end_at=_when(_field(form, "expected_end_at"), "expected end"),
                default_language=_field(form, "default_language") or "en",
                public=bool(_field(form, "public")),
                created_by=user.email,
                now=app.clock.now(),
            )
    except (NoticeError, AudienceError) as exc:
        return _list_page(request, user, status_code=422, form=values, error=str(exc))
    message = NOTICES.text(_lang(request), "created_notice")
    return RedirectResponse(
        f"/notices/{created.id}?" + urlencode({"notice": message}), status_code=303
    )


def _notice(request: Request, notice_id: int) -> Notice:
    with state(request).engine.connect() as conn:
        try:
            return service.get(conn, notice_id)
        except NoticeError as exc:
            raise HTTPException(status_code=404, detail=str(exc)) from exc


def _stage_name(stage: str) -> str:
    return "stage_update" if update_id_of(stage) is not None else f"stage_{stage}"


def _detail_page(
    request: Request, user: User, notice: Notice, status_code: int = 200, **context: Any
) -> Response:
    app = state(request)
    with app.engine.connect() as conn:
        stages = service.stage_counts(conn, notice.id)
    languages = _language_list(notice)
    return staff_page(
        request,
        "notices/detail.html",
        user,
        texts=NOTICES,
        status_code=status_code,
        title=notice.text(_lang(request), "title"),
        item=notice,
        shown_status=notice.shown_status(app.clock.now()),
        stages=stages,
        stage_name=_stage_name,
        missing=notice.missing(languages),
        languages_all=languages,
        language_name=lambda code: language_names().get(code, code),
        statuses=[s for s in STATUSES if s != "resolved"],
        can_publish=user.can("agent"),
        open=notice.status != "resolved",
        notice=request.query_params.get("notice"),
        **context,
    )


@router.get("/notices/{notice_id}")
def notice_page(request: Request, notice_id: int) -> Response:
    user = require(request, "viewer")
    return _detail_page(request, user, _notice(request, notice_id))


async def _agent_form(request: Request) -> tuple[User, FormData]:
    user = require(request, "agent")
    form = await request.form()
    check_csrf(request, user, _field(form, "csrf"))
    return user, form


def _done(notice_id: int, request: Request, key: str) -> Response:
    message = NOTICES.text(_lang(request), key)
    return RedirectResponse(f"/notices/{notice_id}?" + urlencode({"notice": message}), 303)


@router.post("/notices/{notice_id}/updates")
async def post_update(request: Request, notice_id: int) -> Response:
    user, form = await _agent_form(request)
    app = state(request)
    texts = {lang: _field(form, f"text:{lang}") for lang in LANGUAGES}
    try:
        with app.engine.begin() as conn:
            service.add_update(
                conn,
                notice_id,
                texts=texts,
                status=_field(form, "status") or "in_progress",
                created_by=user.email,
                now=app.clock.now(),
            )
    except NoticeError as exc:
        return _detail_page(
            request, user, _notice(request, notice_id), status_code=422, error=str(exc)
        )
    return _done(notice_id, request, "posted_update")


@router.post("/notices/{notice_id}/resolve")
async def resolve_notice(request: Request, notice_id: int) -> Response:
    user, form = await _agent_form(request)
    app = state(request)
    texts = {lang: _field(form, f"text:{lang}") for lang in LANGUAGES}
    try:
        with app.engine.begin() as conn:
            service.resolve(
                conn, notice_id, texts=texts, created_by=user.email, now=app.clock.now()
            )
    except NoticeError as exc:
        return _detail_page(
            request, user, _notice(request, notice_id), status_code=422, error=str(exc)
        )
    return _done(notice_id, request, "resolved_notice")


@router.post("/notices/{notice_id}/texts")
async def save_text(request: Request, notice_id: int) -> Response:
    user, form = await _agent_form(request)
    app = state(request)
    lang = _field(form, "language").strip().lower()
    try:
        if not re.fullmatch(r"[a-z]{2,3}(-[a-z0-9]{1,8})*", lang):
            raise NoticeError(f"{lang!r} is not a language code (e.g. en, km, th, vi)")
        with app.engine.begin() as conn:
            service.set_text(
                conn, notice_id, lang, _field(form, "title"), _field(form, "body"), app.clock.now()
            )
    except NoticeError as exc:
        return _detail_page(
            request, user, _notice(request, notice_id), status_code=422, error=str(exc)
        )
    return _done(notice_id, request, "saved_translation")
