"""Invitations: send a survey to a customer (or hand out its link), follow what happened."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from sqlalchemy import Connection, select

from cxm.config import Settings
from cxm.db.schema import invitations, surveys
from cxm.invitations import service as invitation_service
from cxm.invitations.service import Invitation, InvitationError
from cxm.surveys import service as survey_service
from cxm.surveys.service import SurveyNotFound
from cxm.web.api.common import ApiRoute, Limit, invalid, not_found, page, text_query
from cxm.web.api.fields import MAX_INT
from cxm.web.api.schemas import (
    InvitationDetail,
    InvitationEvent,
    InvitationIn,
    InvitationOut,
    InvitationPage,
)
from cxm.web.deps import state

router = APIRouter(tags=["invitations"], route_class=ApiRoute)
STATUSES = ("queued", "sending", "sent", "failed", "opened", "answered", "suppressed", "expired")
SurveyKey = text_query(64, "A survey key")
Status = text_query(16, ", ".join(STATUSES))
CustomerId = text_query()


_EXTRA = ("survey", "link")


def invitation_out(
    settings: Settings,
    invitation: Invitation,
    survey_key: str,
    cls: type[InvitationOut] = InvitationOut,
    **extra: Any,
) -> Any:
    fields = {f: getattr(invitation, f) for f in InvitationOut.model_fields if f not in _EXTRA}
    link = invitation_service.link(settings, invitation) if invitation.channel == "link" else None
    return cls(**fields, survey=survey_key, link=link, **extra)


def _survey_key(conn: Connection, survey_id: int) -> str:
    return str(conn.execute(select(surveys.c.key).where(surveys.c.id == survey_id)).scalar_one())


def invitations_out(
    conn: Connection, settings: Settings, made: list[Invitation]
) -> list[InvitationOut]:
    return [invitation_out(settings, i, _survey_key(conn, i.survey_id)) for i in made]


@router.post("/invitations", status_code=201, response_model=InvitationOut)
def create_invitation(body: InvitationIn, request: Request) -> Any:
    """Invite a customer: e-mail and SMS are queued for `send_at`; `link` returns the link."""
    app = state(request)
    now = app.clock.now()
    with app.engine.begin() as conn:
        try:
            survey = survey_service.get(conn, body.survey)
        except SurveyNotFound:
            raise invalid(("body", "survey"), f"no survey {body.survey!r}", body.survey) from None
        if not survey.active:
            raise invalid(("body", "survey"), f"survey {body.survey!r} is not active", body.survey)
        try:
            made = invitation_service.create(
                conn,
                app.settings,
                survey=survey,
                channel=body.channel,
                at=now,
                customer_id=body.customer_id,
                ticket_id=body.ticket_id,
                language=body.language,
                send_at=body.send_at,
            )
        except InvitationError as exc:
            raise invalid(("body", "customer_id"), str(exc), body.customer_id) from None
        return invitation_out(app.settings, made, survey.key)


InvitationId = Annotated[int, Path(ge=1, le=MAX_INT)]


@router.get("/invitations/{invitation_id}", response_model=InvitationDetail)
def get_invitation(invitation_id: InvitationId, request: Request) -> Any:
    """An invitation with its event log (created, sent, opened, answered ...)."""
    app = state(request)
    with app.engine.connect() as conn:
        row = (
            conn.execute(
                select(invitations, surveys.c.key.label("survey_key"))
                .join(surveys, surveys.c.id == invitations.c.survey_id)
                .where(invitations.c.id == invitation_id)
            )
            .mappings()
            .first()
        )
        if row is None:
            raise not_found("invitation", invitation_id)
        events = invitation_service.history(conn, invitation_id)
    log = [InvitationEvent(at=e["at"], event=e["event"], detail=e["detail"]) for e in events]
    return invitation_out(
        app.settings, Invitation.from_row(row), row["survey_key"], InvitationDetail, events=log
    )


@router.get("/invitations", response_model=InvitationPage)
def list_invitations(
    request: Request,
    survey: SurveyKey = None,
    status: Status = None,
    customer_id: CustomerId = None,
    limit: Limit = 100,
    after: Annotated[int | None, Query(ge=0, le=MAX_INT, description="`next_after`")] = None,
) -> Any:
    """Invitations in the order they were made, one page at a time."""
    app = state(request)
    query = (
        select(invitations, surveys.c.key.label("survey_key"))
        .join(surveys, surveys.c.id == invitations.c.survey_id)
        .order_by(invitations.c.id)
        .limit(limit + 1)
    )
    if survey is not None:
        query = query.where(surveys.c.key == survey)
    if status is not None:
        query = query.where(invitations.c.status == status)
    if customer_id is not None:
        query = query.where(invitations.c.customer_id == customer_id)
    if after is not None:
        query = query.where(invitations.c.id > after)
    with app.engine.connect() as conn:
        rows = list(conn.execute(query).mappings())
    rows, cursor = page(rows, limit, lambda r: r["id"])
    return InvitationPage(
        data=[invitation_out(app.settings, Invitation.from_row(r), r["survey_key"]) for r in rows],
        next_after=cursor,
    )
