"""Staff accounts and API keys.

Roles: admin (configures surveys, users, keys), agent (sees and acts), viewer (sees). API keys
are shown once at creation; only their SHA-256 is stored, found by a short public prefix.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime
from functools import cache

from sqlalchemy import Connection, insert, select, update

from cxm.db.schema import api_keys, users
from cxm.security.passwords import hash_password, verify_password
from cxm.security.tokens import hash_key

ROLES = ("admin", "agent", "viewer")
KEY_PREFIX = "cxm_"
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


class UserError(ValueError):
    pass


@dataclass(frozen=True)
class User:
    id: int
    email: str
    name: str | None
    role: str
    active: bool

    def can(self, needed: str) -> bool:
        """Whether this user's role reaches `needed` (viewer < agent < admin)."""
        return self.active and ROLES.index(self.role) <= ROLES.index(needed)


def create_user(
    conn: Connection, email: str, password: str, role: str, now: datetime, name: str | None = None
) -> User:
    email = email.strip().lower()
    if not EMAIL.fullmatch(email):
        raise UserError(f"{email!r} is not an e-mail address")
    if role not in ROLES:
        raise UserError(f"unknown role {role!r}: choose one of {', '.join(ROLES)}")
    if conn.execute(select(users.c.id).where(users.c.email == email)).first():
        raise UserError(f"a user {email} exists already")
    try:
        hashed = hash_password(password)
    except ValueError as exc:
        raise UserError(str(exc)) from exc
    new_id = conn.execute(
        insert(users)
        .values(
            email=email, name=name, role=role, password_hash=hashed, active=True, created_at=now
        )
        .returning(users.c.id)
    ).scalar_one()
    return User(int(new_id), email, name, role, True)


def set_password(conn: Connection, email: str, password: str) -> bool:
    """Give an existing user a new password; False when there is no such user."""
    try:
        hashed = hash_password(password)
    except ValueError as exc:
        raise UserError(str(exc)) from exc
    done = conn.execute(
        update(users).where(users.c.email == email.strip().lower()).values(password_hash=hashed)
    )
    return done.rowcount > 0


def get_user(conn: Connection, user_id: int) -> User | None:
    row = conn.execute(select(users).where(users.c.id == user_id)).mappings().first()
    return None if row is None else _user(row)


def authenticate(conn: Connection, email: str, password: str) -> User | None:
    """The active user with this e-mail and password, else None."""
    row = (
        conn.execute(select(users).where(users.c.email == email.strip().lower())).mappings().first()
    )
    if row is None:
        verify_password(_dummy_hash(), password)  # same work either way: no user enumeration
        return None
    if not row["active"] or not verify_password(row["password_hash"], password):
        return None
    return _user(row)


def _user(row: object) -> User:
    r = row  # a RowMapping
    return User(int(r["id"]), r["email"], r["name"], r["role"], bool(r["active"]))  # type: ignore[index]


def create_api_key(conn: Connection, name: str, now: datetime) -> str:
    """A new API key; the only time the whole key is known."""
    prefix = secrets.token_hex(4)
    key = f"{KEY_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    conn.execute(
        insert(api_keys).values(name=name, prefix=prefix, key_hash=hash_key(key), created_at=now)
    )
    return key


def check_api_key(conn: Connection, key: str) -> tuple[int, datetime | None] | None:
    """(id, last use) of the valid, unrevoked API key, else None. Reads only."""
    match = re.fullmatch(rf"{KEY_PREFIX}([0-9a-f]{{8}})_[A-Za-z0-9_-]+", key)
    if match is None:
        return None
    row = conn.execute(
        select(
            api_keys.c.id, api_keys.c.key_hash, api_keys.c.revoked_at, api_keys.c.last_used_at
        ).where(api_keys.c.prefix == match.group(1))
    ).first()
    if row is None or row.revoked_at is not None:
        return None
    if not secrets.compare_digest(row.key_hash, hash_key(key)):
        return None
    return int(row.id), row.last_used_at


def note_key_use(conn: Connection, key_id: int, now: datetime) -> None:
    """Record that a key was used (callers do it at most every few minutes: it is a write)."""
    conn.execute(update(api_keys).where(api_keys.c.id == key_id).values(last_used_at=now))


def revoke_api_key(conn: Connection, prefix: str, now: datetime) -> bool:
    result = conn.execute(
        update(api_keys)
        .where(api_keys.c.prefix == prefix, api_keys.c.revoked_at.is_(None))
        .values(revoked_at=now)
    )
    return result.rowcount == 1


@cache
def _dummy_hash() -> str:
    return hash_password("not-a-real-password-0")
