"""Staff sessions: a signed, expiring cookie naming the signed-in user."""

from __future__ import annotations

from itsdangerous import BadSignature, SignatureExpired, TimestampSigner
from starlette.requests import Request

COOKIE = "cxm_session"
MAX_AGE_S = 12 * 3600
SALT = "cxm.session"


def session_value(secret: str, user_id: int) -> str:
    return TimestampSigner(secret, salt=SALT).sign(str(user_id)).decode()


def session_user_id(secret: str, request: Request) -> int | None:
    """The user id of a valid session cookie, else None."""
    raw = request.cookies.get(COOKIE)
    if not raw:
        return None
    try:
        value = TimestampSigner(secret, salt=SALT).unsign(raw, max_age=MAX_AGE_S)
    except (BadSignature, SignatureExpired):
        return None
    return int(value) if value.isdigit() else None
