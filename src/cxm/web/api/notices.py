"""Notices to customers: publish, list, read, post an update, resolve (docs/notices.md).

Publishing, an update and a resolution queue one e-mail per affected customer; the worker
sends them. Texts are given per language code.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from cxm.notices import service
from cxm.notices.audience import Audience, AudienceError
from cxm.notices.schedule import NoticeError
from cxm.notices.service import Notice
from cxm.web.api.common import ApiRoute, invalid, not_found
from cxm.web.api.fields import MAX_INT, OptTimestamp, Timestamp, checked
from cxm.web.deps import state

router = APIRouter(tags=["notices"], route_class=ApiRoute)

FIRST_YEAR, LAST_YEAR = 1970, 2200

Language = Annotated[str, StringConstraints(min_length=2, max_length=35), AfterValidator(checked)]
Title = Annotated[str, StringConstraints(max_length=service.MAX_TITLE), AfterValidator(checked)]
Body = Annotated[str, StringConstraints(max_length=service.MAX_BODY), AfterValidator(checked)]
Word = Annotated[str, StringConstraints(min_length=1, max_length=200), AfterValidator(checked)]
NoticeId = Annotated[int, Path(ge=1, le=MAX_INT)]


def _sane(value: datetime | None) -> datetime | None:
    if value is not None and not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValueError(f"expected a year between {FIRST_YEAR} and {LAST_YEAR}")
    return value


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class TextIn(_In):
    title: Title = ""
    body: Body = ""


class NoticeIn(_In):
    kind: Literal["maintenance", "incident"]
    texts: dict[Language, TextIn] = Field(
        description="Title and message per language code; the default language's title is required",
        max_length=50,
    )
    default_language: Language = "en"
    audience: dict[Word, list[Word]] = Field(
        default_factory=dict,
        description="Segment filters: {key: [values]}; {} = every customer",
        max_length=20,
    )
    starts_at: Annotated[OptTimestamp, AfterValidator(_sane)] = Field(
        default=None, description="Default: now"
    )
    expected_end_at: Annotated[OptTimestamp, AfterValidator(_sane)] = None
    public: bool = True


class UpdateIn(_In):
    texts: dict[Language, Body] = Field(description="The update per language", max_length=50)
    status: Literal["scheduled", "in_progress", "monitoring", "resolved"] = "in_progress"


class ResolveIn(_In):
    texts: dict[Language, Body] = Field(default_factory=dict, max_length=50)


class UpdateOut(BaseModel):
    id: int
    status: str
    texts: dict[str, str]
    created_at: Timestamp


class NoticeOut(BaseModel):
    id: int
    kind: str
    status: str
    default_language: str
    texts: dict[str, dict[str, str]]
    audience: dict[str, list[str]]
    public: bool
    starts_at: Timestamp
    expected_end_at: OptTimestamp
    resolved_at: OptTimestamp
    updates: list[UpdateOut]
    missing: dict[str, list[str]] = Field(description="What each language lacks")
    emails: dict[str, int] = Field(description="E-mails by status: queued, sent, failed ...")


def notice_out(notice: Notice, emails: dict[str, int]) -> NoticeOut:
    return NoticeOut(
        id=notice.id,
        kind=notice.kind,
        status=notice.status,
        default_language=notice.default_language,
        texts=notice.texts,
        audience={k: list(v) for k, v in notice.audience.filters.items()},
        public=notice.public,
        starts_at=notice.starts_at,
        expected_end_at=notice.expected_end_at,
        resolved_at=notice.resolved_at,
        updates=[
            UpdateOut(id=u.id, status=u.status, texts=u.texts, created_at=u.created_at)
            for u in notice.updates
        ],
        missing=notice.missing(),
        emails=emails,
    )


def _read(request: Request, notice_id: int) -> NoticeOut:
    with state(request).engine.connect() as conn:
        try:
            notice = service.get(conn, notice_id)
        except NoticeError:
            raise not_found("notice", notice_id) from None
        emails = service.delivery_counts(conn).get(notice_id, {})
    return notice_out(notice, emails)


@router.get("/notices", response_model=list[NoticeOut])
def list_notices(request: Request, limit: Annotated[int, Query(ge=1, le=500)] = 100) -> Any:
    """The newest notices first."""
    with state(request).engine.connect() as conn:
        found = service.list_notices(conn, limit)
        counts = service.delivery_counts(conn)
    return [notice_out(n, counts.get(n.id, {})) for n in found]


@router.get("/notices/{notice_id}", response_model=NoticeOut)
def get_notice(notice_id: NoticeId, request: Request) -> Any:
    return _read(request, notice_id)


@router.post("/notices", status_code=201, response_model=NoticeOut)
def create_notice(body: NoticeIn, request: Request) -> Any:
    """Publish a notice; its announcement is queued for every affected customer."""
    app = state(request)
    now = app.clock.now()
    try:
        audience = Audience.parse([f"{k}={','.join(v)}" for k, v in body.audience.items()])
    except AudienceError as exc:
        raise invalid(("body", "audience"), str(exc)) from None
    try:
        with app.engine.begin() as conn:
            made = service.create(
                conn,
                kind=body.kind,
                texts={k: t.model_dump() for k, t in body.texts.items()},
                audience=audience,
                starts_at=body.starts_at or now,
                expected_end_at=body.expected_end_at,
                default_language=body.default_language,
                public=body.public,
                created_by="api",
                now=now,
            )
    except NoticeError as exc:
        raise invalid(("body",), str(exc)) from None
    return _read(request, made.id)


@router.post("/notices/{notice_id}/updates", status_code=201, response_model=NoticeOut)
def post_update(notice_id: NoticeId, body: UpdateIn, request: Request) -> Any:
    """Post a progress update (a status of resolved resolves the notice)."""
    app = state(request)
    _read(request, notice_id)  # 404 first
    try:
        with app.engine.begin() as conn:
            service.add_update(
                conn,
                notice_id,
                texts=body.texts,
                status=body.status,
                created_by="api",
                now=app.clock.now(),
            )
    except NoticeError as exc:
        raise invalid(("body",), str(exc)) from None
    return _read(request, notice_id)


@router.post("/notices/{notice_id}/resolve", response_model=NoticeOut)
def resolve_notice(notice_id: NoticeId, body: ResolveIn, request: Request) -> Any:
    """Resolve the notice; its resolution e-mail is queued for every affected customer."""
    app = state(request)
    _read(request, notice_id)
    try:
        with app.engine.begin() as conn:
            service.resolve(
                conn, notice_id, texts=body.texts, created_by="api", now=app.clock.now()
            )
    except NoticeError as exc:
        raise invalid(("body",), str(exc)) from None
    return _read(request, notice_id)
