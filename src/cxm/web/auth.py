"""Who is signed in, and what their role lets them do, for the admin pages."""

from __future__ import annotations

from fastapi import HTTPException, Request

from cxm.security.tokens import check_form_token, form_token
from cxm.users.service import User, get_user
from cxm.web.deps import state
from cxm.web.sessions import session_user_id


class SignInRequired(Exception):
    """Raised to send the browser to the login page."""


def current_user(request: Request) -> User | None:
    app = state(request)
    user_id = session_user_id(app.settings.secret_key, request)
    if user_id is None:
        return None
    with app.engine.connect() as conn:
        user = get_user(conn, user_id)
    return user if user is not None and user.active else None


def require(request: Request, role: str) -> User:
    """The signed-in user, who must have at least `role`; else login page or 403."""
    user = current_user(request)
    if user is None:
        raise SignInRequired()
    if not user.can(role):
        raise HTTPException(status_code=403, detail=f"this needs the {role} role")
    return user


def csrf_for(request: Request, user: User) -> str:
    return form_token(state(request).settings.secret_key, f"user:{user.id}")


def check_csrf(request: Request, user: User, token: str | None) -> None:
    if not check_form_token(state(request).settings.secret_key, f"user:{user.id}", token):
        raise HTTPException(status_code=400, detail="the form expired: reload the page")
