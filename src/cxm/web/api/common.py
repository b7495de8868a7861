"""What the API's handlers share: errors shaped like FastAPI's, pagination."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Annotated, Any, TypeVar

from fastapi import HTTPException, Path, Query
from fastapi.exceptions import RequestValidationError
from pydantic import AfterValidator, ValidationError

from cxm.importers.rules import MAX_KEY
from cxm.web.api.fields import attributes_of, checked

T = TypeVar("T")
MAX_LIMIT = 500
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Items per page (at most 500)")]


def _checked_optional(value: str | None) -> str | None:
    return None if value is None else checked(value)


def text_query(max_length: int = MAX_KEY, description: str | None = None) -> Any:
    """A text filter of a query string (never a NUL character: PostgreSQL refuses them)."""
    return Annotated[
        str | None,
        Query(max_length=max_length, description=description),
        AfterValidator(_checked_optional),
    ]


After = text_query(description="The `next_after` of the previous page")


def not_found(what: str, key: object) -> HTTPException:
    return HTTPException(404, detail=f"no {what} {key!r}")


def invalid(loc: Sequence[str | int], message: str, value: Any = None) -> RequestValidationError:
    """A 422 about one field, in FastAPI's shape: {"detail": [{"loc", "msg", "type"}]}."""
    return RequestValidationError(
        [{"type": "value_error", "loc": tuple(loc), "msg": message, "input": value}]
    )


def body_errors(exc: ValidationError) -> RequestValidationError:
    """A model check run in the handler (a merged PATCH), reported like the body's own."""
    return RequestValidationError(
        [
            {**e, "loc": ("body", *e["loc"])}
            for e in exc.errors(include_url=False, include_context=False)
        ]
    )


def page(rows: list[T], limit: int, cursor: Callable[[T], object]) -> tuple[list[T], str | None]:
    """The first `limit` rows and the cursor of the next page (rows holds one more if any)."""
    if len(rows) > limit:
        return rows[:limit], str(cursor(rows[limit - 1]))
    return rows, None


def _path_id(value: str) -> str:
    value = checked(value.strip())
    if not value:
        raise ValueError("must not be blank")
    return value


PathId = Annotated[str, Path(min_length=1, max_length=MAX_KEY), AfterValidator(_path_id)]


def same(stored: dict[str, Any], values: dict[str, Any]) -> bool:
    """Whether writing `values` would change nothing in the stored row."""
    for name, value in values.items():
        old = stored.get(name)
        if name == "attributes":
            if attributes_of(old) != attributes_of(value):
                return False
        elif old != value:
            return False
    return True
