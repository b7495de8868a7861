"""Follow-up tasks: list (filters, pages in id order), read one with its answer and history,
change it (PATCH: a status along open -> contacted -> resolved, a note, the root cause; a
resolved task may be reopened). The rules are those of the staff pages: resolving needs a
root cause from CXM_FOLLOWUP_ROOT_CAUSES and a contacted task; a refused change is a 422 on
the field at fault.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request
from pydantic import AfterValidator, BaseModel, Field, StringConstraints

from cxm.followups import service
from cxm.followups.service import Filters, FollowupError, FollowupNotFound, Task
from cxm.web.api.common import ApiRoute, Limit, invalid, not_found, text_query
from cxm.web.api.fields import checked
from cxm.web.api.schemas import In
from cxm.web.deps import state

router = APIRouter(tags=["followups"], route_class=ApiRoute)
TaskId = Annotated[int, Path(ge=1, le=2**31 - 1, description="The task's id")]
TextFilter = text_query()
Checked = AfterValidator(checked)
StatusFilter = Literal["active", "open", "contacted", "resolved", "all"]
FIELD_OF = {
    "status": "status",
    "transition": "status",
    "root_cause": "root_cause",
    "empty_note": "note",
    "long_note": "note",
}


class FollowupOut(BaseModel):
    id: int
    response_id: str
    customer_id: str | None
    ticket_id: str | None
    survey: str
    score: int
    band: int
    reason: str = Field(description="detractor, unsatisfied, high_effort, negative_comment "
                        "or not_fixed")  # fmt: skip
    vip: bool = Field(description="A VIP-support customer: a promoter who is not satisfied")
    agent: str | None
    team: str
    status: str = Field(description="open, contacted or resolved")
    overdue: bool
    answered_at: datetime
    opened_at: datetime
    due_at: datetime
    contacted_at: datetime | None
    resolved_at: datetime | None
    resolved_by: str | None
    root_cause: str | None
    check_requested: bool = Field(description="Whether the customer is asked if it is fixed")
    check_invitation_id: int | None
    updated_at: datetime


class NoteOut(BaseModel):
    at: datetime
    author: str
    event: str = Field(description="opened, note, contacted, resolved, reopened or check")
    text: str | None


class FollowupDetail(FollowupOut):
    comment: str | None = Field(description="The customer's comment on the answer")
    notes: list[NoteOut]


class FollowupPage(BaseModel):
    data: list[FollowupOut]
    next_after: str | None = Field(description="Pass as `after` for the next page")


class FollowupPatch(In):
    """A change to a task: a new status, a note, or both."""

    status: Literal["open", "contacted", "resolved"] | None = None
    root_cause: Annotated[str, StringConstraints(max_length=64), Checked] | None = None
    note: Annotated[str, StringConstraints(max_length=service.MAX_NOTE), Checked] | None = None
    author: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)
    ] = "api"
    ask_fixed: bool = Field(False, description="On resolving: ask the customer whether the "
                            "problem is fixed")  # fmt: skip


def _out(task: Task, now: datetime) -> dict[str, Any]:
    values = {f: getattr(task, f) for f in FollowupOut.model_fields if f != "overdue"}
    return {**values, "overdue": task.overdue(now)}


@router.get("/followups", response_model=FollowupPage)
def list_followups(
    request: Request,
    status: Annotated[StatusFilter, Query(description="active = open or contacted")] = "active",
    team: TextFilter = None,
    agent: TextFilter = None,
    customer_id: TextFilter = None,
    vip: bool = False,
    overdue: bool = False,
    limit: Limit = 100,
    after: Annotated[int | None, Query(ge=0, le=2**31 - 1)] = None,
) -> Any:
    """Tasks in order of their id, one page at a time (the queue's VIP-first order is the
    `vip` and `due_at` fields)."""
    app = state(request)
    now = app.clock.now()
    filters = Filters(status, team, agent, customer_id, vip, overdue)
    with app.engine.connect() as conn:
        tasks = service.list_tasks(conn, filters, now, limit=limit + 1, after_id=after, by_id=True)
    following = str(tasks[limit - 1].id) if len(tasks) > limit else None
    return FollowupPage(
        data=[FollowupOut(**_out(t, now)) for t in tasks[:limit]], next_after=following
    )


def _detail(request: Request, task_id: int) -> FollowupDetail:
    app = state(request)
    with app.engine.connect() as conn:
        try:
            task = service.get(conn, task_id)
        except FollowupNotFound:
            raise not_found("follow-up task", task_id) from None
        answer = service.answer_of(conn, task)
        notes = service.notes(conn, task_id)
    return FollowupDetail(
        **_out(task, app.clock.now()),
        comment=answer["comment"] if answer else None,
        notes=[NoteOut(at=n.at, author=n.author, event=n.event, text=n.text) for n in notes],
    )


@router.get("/followups/{task_id}", response_model=FollowupDetail)
def get_followup(task_id: TaskId, request: Request) -> Any:
    return _detail(request, task_id)


@router.patch("/followups/{task_id}", response_model=FollowupDetail)
def patch_followup(task_id: TaskId, patch: FollowupPatch, request: Request) -> Any:
    """Move the task to `status` (with `note` and, to resolve, `root_cause`), or add `note`."""
    app = state(request)
    now = app.clock.now()
    note = patch.note
    try:
        with app.engine.begin() as conn:
            if patch.status is not None:
                service.change_status(
                    conn,
                    app.settings,
                    task_id,
                    patch.status,
                    patch.author,
                    now,
                    note=note,
                    root_cause=patch.root_cause,
                    ask_fixed=patch.ask_fixed,
                )
            elif note is not None:
                service.add_note(conn, task_id, patch.author, note, now)
            else:
                raise invalid(("body", "status"), "give a status, a note, or both")
    except FollowupNotFound:
        raise not_found("follow-up task", task_id) from None
    except FollowupError as exc:
        raise invalid(("body", FIELD_OF.get(exc.code, "status")), str(exc)) from None
    return _detail(request, task_id)
