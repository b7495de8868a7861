"""API keys: `Authorization: Bearer KEY` on every request (keys from `cxm apikey create`)."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from cxm.users.service import check_api_key, note_key_use
from cxm.web.deps import state

USE_RESOLUTION = timedelta(minutes=5)

bearer = HTTPBearer(
    auto_error=False,
    scheme_name="apiKey",
    description="An API key made with `cxm apikey create NAME`.",
)


def unauthorized(message: str) -> HTTPException:
    return HTTPException(401, detail=message, headers={"WWW-Authenticate": "Bearer"})


def require_key(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> int:
    """The id of the request's valid API key; 401 without one."""
    if credentials is None:
        raise unauthorized("an API key is required: Authorization: Bearer KEY")
    app = state(request)
    with app.engine.connect() as conn:
        found = check_api_key(conn, credentials.credentials)
    if found is None:
        raise unauthorized("invalid or revoked API key")
    key_id, last_used = found
    now = app.clock.now()
    # the last use is kept to the minute or so: a write on every request would queue all
    # requests behind one another on SQLite
    if last_used is None or now - last_used > USE_RESOLUTION:
        with app.engine.begin() as conn:
            note_key_use(conn, key_id, now)
    return key_id
