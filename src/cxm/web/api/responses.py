"""Survey answers collected elsewhere: POST is idempotent on the external `response_id`.

The same id and content again changes nothing (200, no new revision, no webhook); a changed
body updates the stored answer (200, `response.updated`); a new id stores it (201,
`response.created`). The band is fixed from the scale when the answer is stored.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from sqlalchemy import select

from cxm.answers.documents import FIELDS as DOCUMENT_FIELDS
from cxm.answers.documents import document
from cxm.db.records import get_row, upsert_row
from cxm.db.schema import responses
from cxm.surveys.scales import SCALES, SurveyKind
from cxm.web.api.common import (
    After,
    ApiRoute,
    Limit,
    PathId,
    not_found,
    page,
    same,
    text_query,
)
from cxm.web.api.fields import OptTimestamp, attributes_json
from cxm.web.api.schemas import ResponseIn, ResponseOut, ResponsePage
from cxm.web.deps import state
from cxm.webhooks import service as webhooks

router = APIRouter(tags=["responses"], route_class=ApiRoute)
KEY = "response_id"
# the columns an API call sets; the others (survey_id, invitation_id, checklist) are kept
FIELDS = tuple(
    f
    for f in (*DOCUMENT_FIELDS, "attributes")
    if f not in ("response_id", "source", "survey_id", "invitation_id")
)
CustomerFilter = text_query()


def response_out(row: dict[str, Any]) -> ResponseOut:
    return ResponseOut(**document(row))


def _values(answer: ResponseIn) -> dict[str, Any]:
    values = {f: getattr(answer, f) for f in FIELDS if f != "band"}
    values["survey"] = answer.survey.value
    values["orientation"] = answer.orientation.value
    values["band"] = SCALES[answer.scale].band(answer.score, answer.orientation)
    values["attributes"] = attributes_json(answer.attributes)
    return values


@router.post(
    "/responses",
    status_code=201,
    response_model=ResponseOut,
    responses={200: {"model": ResponseOut, "description": "Known already: unchanged or updated"}},
)
def post_response(answer: ResponseIn, request: Request, response: Response) -> Any:
    """Store an answer collected elsewhere (201), or update it / leave it as it is (200)."""
    app = state(request)
    now = app.clock.now()
    values = _values(answer)
    with app.engine.begin() as conn:
        stored = get_row(conn, responses, KEY, answer.response_id)
        event = None
        if stored is None:
            upsert_row(conn, responses, KEY, {KEY: answer.response_id, **values, "source": "api"})
            event = "response.created"
        elif not same(stored, values):
            stored.pop("revision")
            upsert_row(conn, responses, KEY, {**stored, **values})
            event = "response.updated"
        row = get_row(conn, responses, KEY, answer.response_id)
        assert row is not None
        out = response_out(row)
        if event is not None:
            webhooks.enqueue(conn, event, out.model_dump(mode="json"), now)
    response.status_code = 201 if stored is None else 200
    return out


@router.get("/responses", response_model=ResponsePage)
def list_responses(
    request: Request,
    survey: SurveyKind | None = None,
    customer_id: CustomerFilter = None,
    since: OptTimestamp = None,
    limit: Limit = 100,
    after: After = None,
) -> Any:
    """Answers in order of their id, one page at a time; `since` keeps those answered then
    or later."""
    query = select(responses).order_by(responses.c.response_id).limit(limit + 1)
    if survey is not None:
        query = query.where(responses.c.survey == survey.value)
    if customer_id is not None:
        query = query.where(responses.c.customer_id == customer_id)
    if since is not None:
        query = query.where(responses.c.answered_at >= since)
    if after is not None:
        query = query.where(responses.c.response_id > after)
    with state(request).engine.connect() as conn:
        rows = [dict(r) for r in conn.execute(query).mappings()]
    rows, cursor = page(rows, limit, lambda r: r[KEY])
    return ResponsePage(data=[response_out(r) for r in rows], next_after=cursor)


@router.get("/responses/{response_id}", response_model=ResponseOut)
def get_response(response_id: PathId, request: Request) -> Any:
    with state(request).engine.connect() as conn:
        row = get_row(conn, responses, KEY, response_id)
    if row is None:
        raise not_found("response", response_id)
    return response_out(row)
