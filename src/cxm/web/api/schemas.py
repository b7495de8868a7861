"""The bodies the API reads and writes.

Input models carry the rules of the import files (src/cxm/importers/entities.py): required
keys and timestamps, the scales of each survey kind, scores in range, times in order. A rule
that compares two fields names the later field, so a client sees which value to fix.
"""

from __future__ import annotations

from typing import Annotated, Any, Generic, Literal, TypeVar

from pydantic import (
    AfterValidator,
    AnyHttpUrl,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
)

from cxm.surveys.scales import ORIENTABLE, SCALES, SCALES_OF, Orientation, SurveyKind
from cxm.web.api.fields import (
    MAX_INT,
    Attributes,
    Id,
    OptEmail,
    OptLanguage,
    OptLower,
    OptRaw,
    OptRef,
    OptText,
    OptTimestamp,
    OptTimestampOut,
    OptTimezone,
    Scale,
    Timestamp,
    TimestampOut,
    checked,
)

T = TypeVar("T")

RESOLVED_STATUSES = ("resolved", "closed")


def _lower(value: Any) -> Any:
    return value.strip().lower() if isinstance(value, str) else value


class In(BaseModel):
    """A request body: unknown fields are refused, so a misspelt name is not silently lost."""

    model_config = ConfigDict(extra="forbid")


def _not_before(later: str, earlier: str, what: str) -> Any:
    """A validator of `later`: not before the value of `earlier` (when both are known)."""

    def check(cls: type, value: Any, info: ValidationInfo) -> Any:
        start = info.data.get(earlier)
        if value is not None and start is not None and value < start:
            raise ValueError(f"{what} ({later} is before {earlier})")
        return value

    return field_validator(later)(check)


class Page(BaseModel, Generic[T]):
    """One page of a list; pass `next_after` as `after` for the next one (null: the last)."""

    data: list[T]
    next_after: str | None = None


class ErrorOut(BaseModel):
    detail: str = Field(examples=["no customer 'c-404'"])


class FieldError(BaseModel):
    loc: list[str | int] = Field(examples=[["body", "score"]])
    msg: str = Field(examples=["score 6 is out of range for scale 1-5 (1..5)"])
    type: str = Field(examples=["value_error"])
    input: Any = None


class ValidationErrorOut(BaseModel):
    detail: list[FieldError]


# -- customers --------------------------------------------------------------------------------


class CustomerIn(In):
    """A customer as a whole (PUT); `customer_id`, when given, must be the one of the path."""

    customer_id: Id | None = None
    name: OptText = None
    email: OptEmail = None
    phone: OptText = None
    language: OptLanguage = None
    region: OptText = None
    plan: OptText = None
    signup_at: Timestamp
    churned_at: OptTimestamp = None
    timezone: OptTimezone = None
    attributes: Attributes = None

    _churned = _not_before("churned_at", "signup_at", "churned before signing up")


class CustomerPatch(In):
    """The fields to change (PATCH): absent fields are kept, null clears an optional one."""

    name: OptText = None
    email: OptEmail = None
    phone: OptText = None
    language: OptLanguage = None
    region: OptText = None
    plan: OptText = None
    signup_at: OptTimestamp = None
    churned_at: OptTimestamp = None
    timezone: OptTimezone = None
    attributes: Attributes = None


class CustomerOut(BaseModel):
    customer_id: str
    name: str | None
    email: str | None
    phone: str | None
    language: str | None
    region: str | None
    plan: str | None
    signup_at: TimestampOut
    churned_at: OptTimestampOut
    timezone: str | None
    attributes: dict[str, str] | None


# -- tickets ----------------------------------------------------------------------------------


class TicketIn(In):
    """A ticket as a whole (PUT); `ticket_id`, when given, must be the one of the path."""

    ticket_id: Id | None = None
    customer_id: OptRef = None
    channel: OptLower = None
    category: OptText = None
    priority: OptLower = None
    status: OptLower = Field(
        default=None, description="e.g. open, pending, resolved, closed (lower-cased)"
    )
    created_at: Timestamp
    first_response_at: OptTimestamp = None
    resolved_at: OptTimestamp = None
    agent: OptText = None
    team: OptText = None
    agents_involved: Annotated[int, Field(ge=0, le=MAX_INT)] | None = None
    attributes: Attributes = None

    _first_response = _not_before(
        "first_response_at", "created_at", "first response before the ticket was created"
    )
    _resolved = _not_before("resolved_at", "created_at", "resolved before created")


class TicketPatch(In):
    """The fields to change (PATCH). Setting `status` to resolved or closed resolves it."""

    customer_id: OptRef = None
    channel: OptLower = None
    category: OptText = None
    priority: OptLower = None
    status: OptLower = None
    created_at: OptTimestamp = None
    first_response_at: OptTimestamp = None
    resolved_at: OptTimestamp = None
    agent: OptText = None
    team: OptText = None
    agents_involved: Annotated[int, Field(ge=0, le=MAX_INT)] | None = None
    attributes: Attributes = None


class TicketOut(BaseModel):
    ticket_id: str
    customer_id: str | None
    channel: str | None
    category: str | None
    priority: str | None
    status: str | None
    created_at: TimestampOut
    first_response_at: OptTimestampOut
    resolved_at: OptTimestampOut
    agent: str | None
    team: str | None
    agents_involved: int | None
    attributes: dict[str, str] | None


# -- invitations ------------------------------------------------------------------------------


class InvitationIn(In):
    survey: Annotated[
        str,
        StringConstraints(strip_whitespace=True, min_length=1, max_length=64),
        AfterValidator(checked),
        Field(description="The survey's key"),
    ]
    customer_id: Id
    channel: Annotated[Literal["email", "sms", "link"], BeforeValidator(_lower)] = "email"
    ticket_id: OptRef = None
    language: OptLanguage = None
    send_at: OptTimestamp = Field(default=None, description="When to send it (default: now)")


class InvitationEvent(BaseModel):
    at: TimestampOut
    event: str
    detail: str | None


class InvitationOut(BaseModel):
    id: int
    survey: str
    customer_id: str | None
    ticket_id: str | None
    channel: str
    recipient: str | None
    language: str | None
    status: str
    created_at: TimestampOut
    scheduled_at: TimestampOut
    sent_at: OptTimestampOut
    opened_at: OptTimestampOut
    answered_at: OptTimestampOut
    expires_at: OptTimestampOut
    reminders_sent: int
    next_reminder_at: OptTimestampOut
    response_id: str | None
    error: str | None
    link: str | None = Field(description="The survey link (channel link only)")


class InvitationDetail(InvitationOut):
    events: list[InvitationEvent]


class TicketChanged(TicketOut):
    invitations_queued: list[InvitationOut] = Field(
        description="Survey invitations this change queued (a ticket just resolved)"
    )


# -- responses --------------------------------------------------------------------------------


class ResponseIn(In):
    """An answer collected elsewhere; `response_id` is its id in that system."""

    response_id: Id
    customer_id: OptRef = None
    ticket_id: OptRef = None
    survey: Annotated[SurveyKind, BeforeValidator(_lower)]
    scale: Scale = Field(description="csat: 1-5, 1-3, 1-7, binary; nps: 0-10; ces: 1-5, 1-7")
    score: int = Field(description="On the scale: 1-5 -> 1..5, 0-10 -> 0..10, binary -> 0 or 1")
    orientation: Annotated[Orientation, BeforeValidator(_lower)] = Field(
        default=Orientation.HIGH_IS_GOOD,
        description="high_is_bad: a CES question where a high number means high effort",
    )
    comment: OptRaw = None
    stage: OptLower = None
    channel: OptLower = None
    language: OptLanguage = None
    answered_at: Timestamp
    attributes: Attributes = None

    @field_validator("scale")
    @classmethod
    def _scale_of_survey(cls, value: str, info: ValidationInfo) -> str:
        survey = info.data.get("survey")
        if survey is not None and value not in SCALES_OF[survey]:
            raise ValueError(
                f"scale {value} is not a {survey.value.upper()} scale "
                f"(expected one of {', '.join(SCALES_OF[survey])})"
            )
        return value

    @field_validator("score")
    @classmethod
    def _score_in_range(cls, value: int, info: ValidationInfo) -> int:
        scale = info.data.get("scale")
        if scale is not None and not SCALES[scale].contains(value):
            s = SCALES[scale]
            raise ValueError(f"score {value} is out of range for scale {scale} ({s.low}..{s.high})")
        return value

    @field_validator("orientation")
    @classmethod
    def _orientable(cls, value: Orientation, info: ValidationInfo) -> Orientation:
        survey = info.data.get("survey")
        if value is Orientation.HIGH_IS_BAD and survey is not None and survey not in ORIENTABLE:
            raise ValueError("high_is_bad applies only to CES questions")
        return value


class ResponseOut(BaseModel):
    response_id: str
    customer_id: str | None
    ticket_id: str | None
    survey: str
    scale: str
    orientation: str
    score: int
    band: int = Field(description="+1 satisfied / easy / promoter, 0 neutral, -1 the others")
    comment: str | None
    stage: str | None
    channel: str | None
    language: str | None
    answered_at: TimestampOut
    attributes: dict[str, str] | None
    source: str | None = Field(description="import, survey, widget or api")
    survey_id: int | None
    invitation_id: int | None
    checklist: list[str] | None


# -- surveys ----------------------------------------------------------------------------------


class SurveyOut(BaseModel):
    id: int
    key: str
    name: str
    kind: str
    scale: str
    display: str
    orientation: str
    default_language: str
    stage: str | None
    touchpoint: str | None
    checklist: list[str]
    recontact_days: int | None
    reminders: int
    reminder_days: int
    active: bool


class SurveyDetail(SurveyOut):
    texts: dict[str, dict[str, str]] = Field(description="language -> field -> text")
    missing_texts: dict[str, list[str]] = Field(
        description="language -> the fields with no text in it (the default language is shown)"
    )


# -- webhooks ---------------------------------------------------------------------------------


class WebhookIn(In):
    url: Annotated[AnyHttpUrl, Field(max_length=2000)]


class WebhookOut(BaseModel):
    id: int
    url: str
    active: bool
    created_at: TimestampOut
    events: list[str]


class WebhookCreated(WebhookOut):
    secret: str = Field(description="The signing secret: shown this once only")


# -- pages ------------------------------------------------------------------------------------


class CustomerPage(Page[CustomerOut]):
    """A page of customers."""


class TicketPage(Page[TicketOut]):
    """A page of tickets."""


class InvitationPage(Page[InvitationOut]):
    """A page of invitations."""


class ResponsePage(Page[ResponseOut]):
    """A page of answers."""
