"""What the API's handlers share: errors shaped like FastAPI's, pagination."""

from __future__ import annotations

import json
from collections.abc import Callable, Coroutine, Sequence
from typing import Annotated, Any, TypeVar

from fastapi import HTTPException, Path, Query
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from pydantic import AfterValidator, ValidationError
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

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


def _shown(value: Any) -> Any:
    """An input echoed in an error, or None when it cannot be written as JSON text."""
    try:
        encoded = jsonable_encoder(value)
        json.dumps(encoded, ensure_ascii=False, allow_nan=False).encode()
    except (TypeError, ValueError):  # a lone surrogate, NaN, an object
        return None
    return encoded


def field_errors(errors: Sequence[Any]) -> list[dict[str, Any]]:
    """422 details: where (`loc`), what (`msg`), the error `type` and the `input` refused."""
    details = []
    for e in errors:
        detail = {
            "loc": list(e.get("loc", ())),
            "msg": str(e.get("msg", "")).removeprefix("Value error, "),
            "type": str(e.get("type", "value_error")),
        }
        if "input" in e:
            detail["input"] = _shown(e["input"])
        details.append(detail)
    return details


class ApiRoute(APIRoute):
    """A route whose 422 answers are always writable JSON (FastAPI echoes inputs as given)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def route(request: Request) -> Response:
            try:
                return await handler(request)
            except RequestValidationError as exc:
                return JSONResponse({"detail": field_errors(exc.errors())}, status_code=422)

        return route


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
