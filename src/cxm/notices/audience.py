"""Who a notice is for (pure): segment filters over customers.

An audience is a set of filters `key = value, value ...`; a customer is affected when every
filter matches (values of one filter are alternatives). Keys are the customer columns
`region`, `plan`, `language`, `timezone`, `customer_id`, or any customer attribute (the extra
columns of an import, e.g. `product` or `datacenter`; `attributes.product` means the same).
No filter at all means everyone. Values compare without regard to case or surrounding spaces.

A customer who asked not to receive notices (attribute `notices` = no / off / false / 0, or
`unsubscribed` = yes / true / 1) is affected but not written to.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

COLUMNS = ("region", "plan", "language", "timezone", "customer_id")
KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
MAX_FILTERS = 20
MAX_VALUES = 200
OPT_OUT_NO = frozenset({"no", "off", "false", "0", "none", "never"})
OPT_OUT_YES = frozenset({"yes", "on", "true", "1"})


class AudienceError(ValueError):
    """An audience that cannot be understood; the text says why."""


def _norm(value: object) -> str:
    return " ".join(str(value).split()).casefold()


@dataclass(frozen=True)
class Audience:
    """Filters by key (a column or an attribute), each a tuple of accepted values."""

    filters: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def everyone(self) -> bool:
        return not self.filters

    @classmethod
    def parse(cls, text: str | Iterable[str]) -> Audience:
        """From lines (or `;`-separated parts) `key=value,value`; empty or `everyone`: all."""
        parts = [text] if isinstance(text, str) else list(text)
        filters: dict[str, tuple[str, ...]] = {}
        for part in (p for chunk in parts for line in chunk.splitlines() for p in line.split(";")):
            part = part.strip()
            if not part or part.casefold() in ("everyone", "all", "*"):
                continue
            key, sep, values = part.partition("=")
            key = key.strip().removeprefix("attributes.")
            if not sep:
                raise AudienceError(f"{part!r}: expected key=value, e.g. plan=vps")
            if not KEY.fullmatch(key) or len(key) > 64:
                raise AudienceError(f"{key!r} is not a customer column or attribute name")
            if "\x00" in values:
                raise AudienceError(f"{key}: a value must not contain NUL characters")
            found = tuple(dict.fromkeys(v.strip() for v in values.split(",") if v.strip()))
            if not found:
                raise AudienceError(f"{key}: no value given")
            merged = tuple(dict.fromkeys((*filters.get(key, ()), *found)))
            if len(merged) > MAX_VALUES:
                raise AudienceError(f"{key}: at most {MAX_VALUES} values")
            filters[key] = merged
        if len(filters) > MAX_FILTERS:
            raise AudienceError(f"at most {MAX_FILTERS} filters")
        return cls(filters)

    @classmethod
    def from_json(cls, text: str | None) -> Audience:
        data = json.loads(text) if text else {}
        return cls({str(k): tuple(str(v) for v in vs) for k, vs in data.items()})

    def to_json(self) -> str:
        return json.dumps({k: list(v) for k, v in self.filters.items()}, ensure_ascii=False)

    def describe(self) -> str:
        """`plan=vps,dedicated; region=KH`, or `everyone`."""
        if self.everyone:
            return "everyone"
        return "; ".join(f"{k}={','.join(v)}" for k, v in self.filters.items())

    def column_filters(self) -> dict[str, tuple[str, ...]]:
        """The filters on customer columns (a database can apply them first)."""
        return {k: v for k, v in self.filters.items() if k in COLUMNS}

    def matches(self, customer: Mapping[str, Any]) -> bool:
        """Whether this customer (a row of `customers`; `attributes` as JSON text or a dict)
        is affected."""
        attributes = attributes_of(customer.get("attributes"))
        for key, values in self.filters.items():
            have = customer.get(key) if key in COLUMNS else attributes.get(key)
            if have is None:
                return False
            wanted = {_norm(v) for v in values}
            # an attribute may hold a list (a customer with several products)
            have_all = have if isinstance(have, list) else [have]
            if not any(_norm(h) in wanted for h in have_all):
                return False
        return True


def attributes_of(value: Any) -> dict[str, Any]:
    if isinstance(value, dict):
        return value
    if not value:
        return {}
    try:
        found = json.loads(value)
    except (TypeError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def opted_out(customer: Mapping[str, Any]) -> bool:
    """Whether the customer asked not to receive notices (see the module's docstring)."""
    attributes = attributes_of(customer.get("attributes"))
    notices = attributes.get("notices")
    if notices is not None and _norm(notices) in OPT_OUT_NO:
        return True
    unsubscribed = attributes.get("unsubscribed")
    return unsubscribed is not None and _norm(unsubscribed) in OPT_OUT_YES


def address_of(customer: Mapping[str, Any]) -> str | None:
    """The customer's e-mail address, when it looks like one."""
    email = (customer.get("email") or "").strip()
    if "@" not in email or any(c.isspace() for c in email) or "," in email:
        return None
    return email
