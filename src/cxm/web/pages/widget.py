"""The website / in-app widget: a survey in a pop-up on the company's own pages.

`/static/widget.js` puts an iframe of `/w/{survey}` on allowed sites (CXM_WIDGET_ORIGINS).
Visitors are anonymous unless the site vouches for them: `data-customer` with
`data-signature` = hex HMAC-SHA256(CXM_WIDGET_SECRET, customer id). Spam guards, all
self-hosted: a signed form token that must be at least a moment old (people read, bots do
not), a field people never see and bots fill in, and rate limits. The answer then follows
the survey-link pages, so a widget answer is an ordinary invitation and response.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets

from fastapi import APIRouter, Form, Request
from itsdangerous import BadSignature, SignatureExpired, TimestampSigner
from starlette.responses import JSONResponse, RedirectResponse, Response

from cxm.answers import service as answers
from cxm.answers.service import AnswerError
from cxm.clock import Clock
from cxm.config import Settings
from cxm.invitations import service as invitations
from cxm.invitations.policy import suppression_reason
from cxm.invitations.service import Invitation
from cxm.surveys import service as surveys
from cxm.surveys.service import SurveyNotFound
from cxm.web.deps import client_ip, state
from cxm.web.pages.survey import notice_page, question_page

router = APIRouter(include_in_schema=False)
SALT = "cxm.widget"
MIN_AGE_S = 1.5  # no person reads a question and taps an answer faster
MAX_AGE_S = 3600


class _Signer(TimestampSigner):
    """Form tokens dated by the application's clock (so tests can move time)."""

    def __init__(self, secret: str, clock: Clock) -> None:
        super().__init__(secret, salt=SALT)
        self._clock = clock

    def get_timestamp(self) -> int:
        return int(self._clock.now().timestamp())


def _pack(data: dict[str, object]) -> str:
    # a plain-ASCII token, safe in any form field
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode()


def customer_signature(secret: str, customer_id: str) -> str:
    """What a website puts in data-signature to vouch for a signed-in visitor."""
    return hmac.new(secret.encode(), customer_id.encode(), hashlib.sha256).hexdigest()


def _verified(settings: Settings, customer: str | None, sig: str | None) -> str | None:
    if not customer or not sig or not settings.widget_secret:
        return None
    expected = customer_signature(settings.widget_secret, customer)
    return customer if hmac.compare_digest(expected, sig) else None


def _allowed(settings: Settings, origin: str | None) -> str | None:
    origin = (origin or "").rstrip("/")
    return origin if origin in settings.allowed_origins else None


@router.get("/w/{survey_key}/eligible")
def eligible(
    request: Request,
    survey_key: str,
    origin: str | None = None,
    customer: str | None = None,
    sig: str | None = None,
) -> Response:
    """Whether to show the widget to this visitor now (contact limits, on the server)."""
    app = state(request)
    site = _allowed(app.settings, request.headers.get("origin") or origin)
    if site is None:
        return JSONResponse({"show": False, "reason": "origin not allowed"}, status_code=403)
    headers = {"Access-Control-Allow-Origin": site, "Vary": "Origin"}
    with app.engine.connect() as conn:
        try:
            survey = surveys.get(conn, survey_key)
        except SurveyNotFound:
            return JSONResponse({"show": False, "reason": "no such survey"}, 404, headers)
        who = _verified(app.settings, customer, sig)
        reason = None if survey.active else "survey switched off"
        if who is not None and reason is None:
            probe = Invitation(
                id=0,
                token_id="",
                survey_id=survey.id,
                customer_id=who,
                ticket_id=None,
                channel="widget",
                recipient=None,
                language=None,
                status="queued",
                created_at=app.clock.now(),
                scheduled_at=app.clock.now(),
                sent_at=None,
                opened_at=None,
                answered_at=None,
                expires_at=None,
                reminders_sent=0,
                next_reminder_at=None,
                response_id=None,
                error=None,
            )
            reason = suppression_reason(
                app.clock.now(),
                invitations.contact_history(conn, probe),
                app.settings.contact_days,
                survey.recontact_days,
            )
    days = survey.recontact_days or app.settings.contact_days
    return JSONResponse({"show": reason is None, "reason": reason, "days": days}, 200, headers)


@router.get("/w/{survey_key}")
def widget_page(
    request: Request,
    survey_key: str,
    origin: str | None = None,
    lang: str = "",
    customer: str | None = None,
    sig: str | None = None,
) -> Response:
    app = state(request)
    site = _allowed(app.settings, origin)
    if site is None:
        return notice_page("en", "not_found", 403)
    with app.engine.connect() as conn:
        try:
            survey = surveys.get(conn, survey_key)
        except SurveyNotFound:
            return notice_page("en", "not_found", 404, (site,))
    language = survey.language_for(lang)
    if not survey.active:
        return notice_page(language, "not_found", 404, (site,))
    payload = {
        "s": survey.key,
        "c": _verified(app.settings, customer, sig),
        "l": language,
        "n": secrets.token_hex(16),
    }
    token = _Signer(app.settings.secret_key, app.clock).sign(_pack(payload)).decode()
    return question_page(
        survey,
        language,
        app.settings.company_name,
        selected=None,
        action=f"/w/{survey.key}",
        csrf=token,
        honeypot=True,
        frame_ancestors=(site,),
    )


@router.post("/w/{survey_key}")
def widget_answer(
    request: Request,
    survey_key: str,
    score: str = Form(""),
    csrf: str = Form(""),
    website: str = Form(""),
) -> Response:
    app = state(request)
    app.limits.per_ip.check(client_ip(request))
    signer = _Signer(app.settings.secret_key, app.clock)
    try:
        raw, signed_at = signer.unsign(csrf, max_age=MAX_AGE_S, return_timestamp=True)
        data = json.loads(base64.urlsafe_b64decode(raw))
    except (BadSignature, SignatureExpired, ValueError, TypeError):
        return notice_page("en", "expired", 400)
    language = data.get("l") or "en"
    too_fast = app.clock.now().timestamp() - signed_at.timestamp() < MIN_AGE_S
    if website or too_fast or data.get("s") != survey_key:
        # a bot: say nothing useful, record nothing
        return notice_page(language, "not_found", 400, app.settings.allowed_origins)
    app.limits.per_link.check(data["n"])
    if not score.lstrip("-").isdigit():
        return notice_page(language, "not_found", 400, app.settings.allowed_origins)
    now = app.clock.now()
    try:
        with app.engine.begin() as conn:
            survey = surveys.get(conn, survey_key)
            invitation = invitations.find(conn, data["n"]) or invitations.create(
                conn,
                app.settings,
                survey=survey,
                channel="widget",
                at=now,
                customer_id=data.get("c"),
                language=language,
                token_id=data["n"],
            )
            answers.record_score(conn, app.settings, invitation, survey, int(score), now)
    except (AnswerError, SurveyNotFound):
        return notice_page(language, "used", 409, app.settings.allowed_origins)
    return RedirectResponse(
        invitations.link(app.settings, invitation).replace(app.settings.base_url.rstrip("/"), "")
        + "/more",
        status_code=303,
    )
