"""API keys: `Authorization: Bearer KEY` on every request (keys from `cxm apikey create`)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from cxm.users.service import check_api_key
from cxm.web.api.common import writing
from cxm.web.deps import state

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
    with writing(app.engine) as conn:
        key_id = check_api_key(conn, credentials.credentials, app.clock.now())
    if key_id is None:
        raise unauthorized("invalid or revoked API key")
    return key_id
