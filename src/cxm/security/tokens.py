"""Signed tokens: survey links and form (CSRF) tokens.

A survey link carries a random 128-bit invitation id, signed with CXM_SECRET_KEY: a forged or
altered link is refused before the database is asked, and the id itself cannot be guessed.
Expiry is checked against the invitation (so an admin can extend or revoke it).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from itsdangerous import BadSignature, URLSafeSerializer

INVITATION_SALT = "cxm.invitation"


def new_token_id() -> str:
    """A random invitation id (32 hex characters, 128 bits)."""
    return secrets.token_hex(16)


def sign_invitation(secret: str, token_id: str) -> str:
    """The token put in survey links."""
    return URLSafeSerializer(secret, salt=INVITATION_SALT).dumps(token_id)


def read_invitation(secret: str, token: str) -> str | None:
    """The invitation id of a link's token, or None when it was not signed by us."""
    try:
        value = URLSafeSerializer(secret, salt=INVITATION_SALT).loads(token)
    except BadSignature:
        return None
    return value if isinstance(value, str) and len(value) == 32 else None


def form_token(secret: str, scope: str) -> str:
    """A token for forms bound to `scope` (a session or an invitation), against CSRF."""
    return hmac.new(secret.encode(), f"form:{scope}".encode(), hashlib.sha256).hexdigest()


def check_form_token(secret: str, scope: str, token: str | None) -> bool:
    return token is not None and hmac.compare_digest(form_token(secret, scope), token)


def hash_key(key: str) -> str:
    """SHA-256 of an API key: keys are random and long, so a fast hash is enough."""
    return hashlib.sha256(key.encode()).hexdigest()
