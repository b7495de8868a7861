"""The survey page a respondent opens from a link: no login, the signed link is the key.

GET shows the question (a score in the link is only pre-selected: link scanners open every
link, so opening records nothing). POST records the score; the follow-up page then asks
"why" (worded by the score's band) and, for NPS+, the checklist.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Form, Request
from markupsafe import Markup
from sqlalchemy import select
from starlette.responses import RedirectResponse, Response

from cxm.answers import service as answers
from cxm.answers.service import AnswerError, State
from cxm.db.schema import responses, users
from cxm.invitations import service as invitations
from cxm.invitations.service import Invitation
from cxm.security.tokens import check_form_token, form_token, read_invitation
from cxm.surveys import service as surveys
from cxm.surveys.definitions import FOLLOWUP_FIELD, Survey
from cxm.surveys.scales import Orientation
from cxm.web import faces
from cxm.web.deps import AppState, client_ip, state
from cxm.web.messages import message
from cxm.web.sessions import session_user_id
from cxm.web.templating import page

router = APIRouter()


def _options(survey: Survey, lang: str) -> list[dict[str, Any]]:
    scores = survey.scores()
    orientation = Orientation(survey.orientation)
    options = []
    for score in scores:
        # what the score means (high = good), whichever way the question is worded
        mood = survey.scale_def.oriented(score, orientation) - scores[0]
        symbol: Any
        if survey.scale == "binary":
            symbol = faces.thumb(up=score == 1)
            label = message(lang, "good" if score == 1 else "bad")
        elif survey.display == "faces":
            symbol = faces.face(mood, len(scores))
            label = message(lang, f"face_{mood + 1 if len(scores) == 5 else (1, 3, 5)[mood]}")
        elif survey.display == "stars":
            label = message(lang, "star_n", n=str(score))
            symbol = Markup("").join([faces.star()] * (score - scores[0] + 1))
        else:
            symbol = str(score)
            label = message(lang, "score_n", n=str(score), max=str(scores[-1]))
        options.append({"score": score, "symbol": symbol, "label": label})
    if survey.scale == "binary":
        options.reverse()  # Good first
    return options


def notice_page(lang: str, kind: str, status: int, frames: tuple[str, ...] = ()) -> Response:
    return page(
        "survey/notice.html",
        status_code=status,
        frame_ancestors=frames,
        lang=lang,
        title=message(lang, f"{kind}_title"),
        heading=message(lang, f"{kind}_title"),
        body=message(lang, f"{kind}_body"),
        static=_static,
    )


def frames(app: AppState, invitation: Invitation) -> tuple[str, ...]:
    """Sites allowed to frame the pages of this invitation: the widget's, for its answers."""
    return app.settings.allowed_origins if invitation.channel == "widget" else ()


def _static(name: str) -> str:
    return f"/static/{name}"


def _load(app: AppState, token: str, request: Request) -> tuple[Invitation, Survey] | None:
    token_id = read_invitation(app.settings.secret_key, token)
    invitation = None
    if token_id is not None:
        with app.engine.connect() as conn:
            invitation = invitations.find(conn, token_id)
            if invitation is not None:
                return invitation, surveys.get(conn, invitation.survey_id)
    # guessing links is hopeless (they are signed), but is not allowed to hammer the server
    app.limits.bad_links.check(client_ip(request))
    return None


def _is_staff(app: AppState, request: Request) -> bool:
    user_id = session_user_id(app.settings.secret_key, request)
    if user_id is None:
        return False
    with app.engine.connect() as conn:
        return bool(conn.execute(select(users.c.active).where(users.c.id == user_id)).scalar())


def _closed(lang: str, current: State, frames: tuple[str, ...] = ()) -> Response | None:
    if current is State.EXPIRED:
        return notice_page(lang, "expired", 410, frames)
    if current is State.USED:
        return notice_page(lang, "used", 409, frames)
    if current is State.NOT_SENT:
        return notice_page(lang, "not_found", 404, frames)
    return None


def question_page(survey: Survey, lang: str, company: str, **context: Any) -> Response:
    return page(
        "survey/page.html",
        lang=lang,
        title=message(lang, "page_title"),
        question=survey.text(lang, "question", company=company),
        # Good / Bad need no end labels (and the buttons are Good first)
        low_label="" if survey.scale == "binary" else survey.text(lang, "low_label"),
        high_label="" if survey.scale == "binary" else survey.text(lang, "high_label"),
        choose_label=message(lang, "choose_score"),
        submit_label=message(lang, "submit"),
        display=survey.display,
        options=_options(survey, lang),
        static=_static,
        **context,
    )


def preview_page(request: Request, survey: Survey, lang: str) -> Response:
    """The survey as a respondent in `lang` sees it, answering nothing (for admins)."""
    return question_page(
        survey,
        lang if re.fullmatch(r"[a-z]{2,3}(-[a-z0-9]{1,8})*", lang) else survey.default_language,
        state(request).settings.company_name,
        selected=None,
        action="#",
        csrf="",
    )


@dataclass(frozen=True)
class Visit:
    """An opened survey link: its invitation, survey and language."""

    app: AppState
    token: str
    invitation: Invitation
    survey: Survey
    lang: str

    @property
    def frames(self) -> tuple[str, ...]:
        return frames(self.app, self.invitation)

    def closed(self, current: State) -> Response | None:
        return _closed(self.lang, current, self.frames)

    def refused(self, exc: AnswerError) -> Response:
        """The page for an answer that was not taken."""
        shown = self.closed(State(exc.state)) if exc.state in tuple(State) else None
        return shown or RedirectResponse(f"/s/{self.token}", status_code=303)

    @property
    def csrf(self) -> str:
        return form_token(self.app.settings.secret_key, self.invitation.token_id)


def _visit(
    token: str, request: Request, answering: bool, csrf: str | None = None
) -> Visit | Response:
    """The visit of a link, or the page saying why it cannot go on.

    Answering needs the form token and is refused to signed-in staff (an agent must not answer
    for a customer) and rate-limited per link and, generously, per address.
    """
    app = state(request)
    found = _load(app, token, request)
    if found is None:
        return notice_page("en", "not_found", 404)
    invitation, survey = found
    visit = Visit(app, token, invitation, survey, invitation.language or survey.default_language)
    if _is_staff(app, request):
        return notice_page(visit.lang, "staff", 403)
    if answering:
        if not check_form_token(app.settings.secret_key, invitation.token_id, csrf):
            return notice_page(visit.lang, "not_found", 400)
        app.limits.per_ip.check(client_ip(request))
        app.limits.per_link.check(invitation.token_id)
    return visit


@router.get("/s/{token}")
def show(token: str, request: Request, score: str | None = None) -> Response:
    visit = _visit(token, request, answering=False)
    if isinstance(visit, Response):
        return visit
    app, invitation, survey = visit.app, visit.invitation, visit.survey
    now = app.clock.now()
    current = answers.state(invitation, app.settings, now)
    closed = visit.closed(current)
    if closed is not None:
        return closed
    with app.engine.begin() as conn:
        invitations.mark_opened(conn, invitation, now)
    selected = None
    if score is not None and score.lstrip("-").isdigit() and int(score) in survey.scores():
        selected = int(score)
    elif current is State.EDITABLE:
        with app.engine.connect() as conn:
            selected = conn.execute(
                select(responses.c.score).where(
                    responses.c.response_id == answers.response_id(invitation)
                )
            ).scalar()
    return question_page(
        survey,
        visit.lang,
        app.settings.company_name,
        selected=selected,
        action=f"/s/{token}",
        csrf=visit.csrf,
        frame_ancestors=visit.frames,
    )


@router.post("/s/{token}")
def answer(token: str, request: Request, score: str = Form(""), csrf: str = Form("")) -> Response:
    visit = _visit(token, request, answering=True, csrf=csrf)
    if isinstance(visit, Response):
        return visit
    if not score.lstrip("-").isdigit():
        return RedirectResponse(f"/s/{token}", status_code=303)
    app = visit.app
    try:
        with app.engine.begin() as conn:
            answers.record_score(
                conn, app.settings, visit.invitation, visit.survey, int(score), app.clock.now()
            )
    except AnswerError as exc:
        return visit.refused(exc)
    return RedirectResponse(f"/s/{token}/more", status_code=303)


@router.get("/s/{token}/more")
def followup(token: str, request: Request) -> Response:
    visit = _visit(token, request, answering=False)
    if isinstance(visit, Response):
        return visit
    app, invitation, survey, lang = visit.app, visit.invitation, visit.survey, visit.lang
    current = answers.state(invitation, app.settings, app.clock.now())
    if current is State.OPEN:
        return RedirectResponse(f"/s/{token}", status_code=303)
    closed = visit.closed(current)
    if closed is not None:
        return closed
    with app.engine.connect() as conn:
        row = conn.execute(
            select(responses.c.score, responses.c.comment, responses.c.checklist).where(
                responses.c.response_id == answers.response_id(invitation)
            )
        ).one()
    ticked = set(json.loads(row.checklist or "[]"))
    until = answers.edit_until(invitation, app.settings)
    return page(
        "survey/followup.html",
        lang=lang,
        title=message(lang, "page_title"),
        saved=message(lang, "saved"),
        followup=survey.text(lang, FOLLOWUP_FIELD[survey.band(row.score)]),
        placeholder=message(lang, "comment_placeholder"),
        comment=row.comment or "",
        checklist=[
            {"id": c, "label": survey.text(lang, f"checklist.{c}"), "checked": c in ticked}
            for c in survey.checklist
        ],
        checklist_prompt=survey.text(lang, "checklist_prompt"),
        send_label=message(lang, "send_comment"),
        change_url=f"/s/{token}",
        change_label=message(lang, "change_answer", time=f"{until:%H:%M} UTC" if until else ""),
        action=f"/s/{token}/more",
        csrf=visit.csrf,
        static=_static,
        frame_ancestors=visit.frames,
    )


@router.post("/s/{token}/more")
async def comment(token: str, request: Request) -> Response:
    form = await request.form()
    visit = _visit(token, request, answering=True, csrf=str(form.get("csrf", "")))
    if isinstance(visit, Response):
        return visit
    app, lang = visit.app, visit.lang
    text = str(form.get("comment", ""))
    ticks = [str(v) for v in form.getlist("checklist")]
    try:
        with app.engine.begin() as conn:
            answers.record_followup(
                conn, app.settings, visit.invitation, visit.survey, text, ticks, app.clock.now()
            )
    except AnswerError as exc:
        return visit.refused(exc)
    return page(
        "survey/notice.html",
        frame_ancestors=visit.frames,
        answered=True,
        lang=lang,
        title=message(lang, "thank_you_title"),
        heading=message(lang, "thank_you_title"),
        body=visit.survey.text(lang, "thanks", company=app.settings.company_name),
        static=_static,
    )
