"""Field types of the API: the same values, with the same rules, as the import files.

Timestamps are ISO 8601 with an offset (a naive one is refused: its zone would be a guess) and
always written back in UTC. Text is trimmed and blank means absent, as in an imported cell;
comments are kept as written. Language codes, e-mail addresses and time zones follow the
importer's checks (src/cxm/importers/rules.py).
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from functools import cache
from typing import Annotated, Any, Literal, get_args
from zoneinfo import available_timezones

from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    PlainSerializer,
    StringConstraints,
    WithJsonSchema,
)

from cxm.clock import iso
from cxm.importers.rules import ISO_NAIVE, ISO_OFFSET, LANGUAGE, MAX_KEY
from cxm.surveys.scales import SCALES

MAX_LANGUAGE = 35  # the width of the language columns
MAX_TIMEZONE = 64
MAX_ATTRIBUTES = 100
MAX_ATTRIBUTE_KEY = 64
ATTRIBUTE_KEY = r"[A-Za-z_][A-Za-z0-9_]*"
MAX_INT = 2**31 - 1  # the width of the integer columns

ScaleName = Literal["1-5", "1-3", "1-7", "0-10", "binary"]
if set(get_args(ScaleName)) != set(SCALES):  # pragma: no cover - a new scale needs adding here
    raise AssertionError("ScaleName does not list the scales of cxm.surveys.scales.SCALES")


def checked(value: str) -> str:
    """Text the databases can store: no NUL character, no lone surrogate."""
    if "\x00" in value:
        raise ValueError("must not contain NUL characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValueError("is not valid Unicode text") from exc
    return value


def _checked_optional(value: str | None) -> str | None:
    return None if value is None else checked(value)


def _blank(value: Any) -> Any:
    if isinstance(value, str):
        return value.strip() or None
    return value


def _blank_lower(value: Any) -> Any:
    value = _blank(value)
    return value.lower() if isinstance(value, str) else value


def _blank_raw(value: Any) -> Any:
    if isinstance(value, str) and not value.strip():
        return None
    return value


def _lower(value: Any) -> Any:
    return value.strip().lower() if isinstance(value, str) else value


def _language(value: str | None) -> str | None:
    if value is None:
        return None
    code = value.lower().replace("_", "-")
    if not re.fullmatch(LANGUAGE, code):
        raise ValueError(f"{value!r} is not a language code (e.g. km, th, vi, en)")
    return code


def _email(value: str | None) -> str | None:
    if value is not None and not re.fullmatch(r"[^@\s]+@[^@\s]+", value):
        raise ValueError(f"{value!r} is not an email address")
    return value


@cache
def _zones() -> frozenset[str]:
    return frozenset(available_timezones())


def _timezone(value: str | None) -> str | None:
    if value is not None and value not in _zones():
        raise ValueError(f"{value!r} is not an IANA time zone (e.g. Asia/Phnom_Penh)")
    return value


# -- timestamps -------------------------------------------------------------------------------

# In a query string a "+" reads as a space: "09:30:00 07:00" is "09:30:00+07:00".
_SPACED_OFFSET = re.compile(r"(.*[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?) (\d{2}(?::?\d{2})?)")


def parse_timestamp(value: Any) -> Any:
    """An aware datetime from ISO 8601 text with an offset; naive text is refused."""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError("a date and time with an offset is required")
        return value
    if not isinstance(value, str):
        raise ValueError("an ISO 8601 date and time with an offset is required")
    text = value.strip()
    spaced = _SPACED_OFFSET.fullmatch(text)
    if spaced:
        text = f"{spaced.group(1)}+{spaced.group(2)}"
    if not re.fullmatch(ISO_OFFSET, text):
        if re.fullmatch(ISO_NAIVE, text):
            raise ValueError(f"{value!r} has no time zone: add an offset (Z, +07:00)")
        raise ValueError(f"{value!r} is not an ISO 8601 date and time (2025-06-01T09:30:00+07:00)")
    text = re.sub(r" ?([Zz]|[+-]\d{2}(:?\d{2})?)$", r"\1", text.replace(",", "."))
    text = re.sub(r"(\.\d{6})\d+", r"\1", text)  # nanoseconds: microseconds are kept
    if text[-1] in "Zz":
        text = text[:-1] + "+00:00"
    try:
        parsed = datetime.fromisoformat(text)
        parsed.astimezone(UTC)
    except (ValueError, OverflowError) as exc:
        raise ValueError(f"{value!r} is not a valid date and time") from exc
    return parsed


def _utc(value: datetime) -> datetime:
    return value.astimezone(UTC)


_iso = iso


_DATE_TIME_SCHEMA = WithJsonSchema(
    {"type": "string", "format": "date-time", "examples": ["2025-06-01T09:30:00+07:00"]}
)

_OPT_DATE_TIME_SCHEMA = WithJsonSchema(
    {"anyOf": [{"type": "string", "format": "date-time"}, {"type": "null"}]}
)

Timestamp = Annotated[
    datetime, BeforeValidator(parse_timestamp), AfterValidator(_utc), _DATE_TIME_SCHEMA
]
OptTimestamp = Annotated[
    datetime | None,
    BeforeValidator(lambda v: None if v is None else parse_timestamp(v)),
    AfterValidator(lambda v: None if v is None else _utc(v)),
    _OPT_DATE_TIME_SCHEMA,
]

# -- text -------------------------------------------------------------------------------------

# A key: trimmed, never empty, at most 200 characters.
Id = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_KEY),
    AfterValidator(checked),
]
# A reference to a key (customer_id of a ticket ...): trimmed; blank means none.
OptRef = Annotated[
    Annotated[str, Field(max_length=MAX_KEY)] | None,
    BeforeValidator(_blank),
    AfterValidator(_checked_optional),
]
OptText = Annotated[str | None, BeforeValidator(_blank), AfterValidator(_checked_optional)]
# A label compared as lower case: channel, status, priority, stage.
OptLower = Annotated[
    Annotated[str, Field(max_length=MAX_KEY)] | None,
    BeforeValidator(_blank_lower),
    AfterValidator(_checked_optional),
]
# Free text kept exactly as written (comments); blank means none.
OptRaw = Annotated[str | None, BeforeValidator(_blank_raw), AfterValidator(_checked_optional)]
OptLanguage = Annotated[
    Annotated[str, Field(max_length=MAX_LANGUAGE)] | None,
    BeforeValidator(_blank),
    AfterValidator(_checked_optional),
    AfterValidator(_language),
    Field(description="BCP 47 language code: km, th, vi, en, pt-br ..."),
]
OptEmail = Annotated[
    Annotated[str, Field(max_length=320)] | None,
    BeforeValidator(_blank),
    AfterValidator(_checked_optional),
    AfterValidator(_email),
]
OptTimezone = Annotated[
    Annotated[str, Field(max_length=MAX_TIMEZONE)] | None,
    BeforeValidator(_blank),
    AfterValidator(_checked_optional),
    AfterValidator(_timezone),
    Field(description="IANA time zone, e.g. Asia/Phnom_Penh"),
]
Scale = Annotated[ScaleName, BeforeValidator(_lower)]


def _attributes(value: dict[str, str] | None) -> dict[str, str] | None:
    if value is None:
        return None
    cleaned = {}
    for key, text in value.items():
        if not re.fullmatch(ATTRIBUTE_KEY, key) or len(key) > MAX_ATTRIBUTE_KEY:
            raise ValueError(
                f"attribute name {key!r}: letters, digits and _ only (at most "
                f"{MAX_ATTRIBUTE_KEY}), not starting with a digit"
            )
        text = checked(text).strip()
        if text:
            cleaned[key] = text
    return cleaned or None


Attributes = Annotated[
    Annotated[dict[str, str], Field(max_length=MAX_ATTRIBUTES)] | None,
    Field(
        description="Extra columns, usable as segments (as the extra columns of an import).",
        examples=[{"segment": "smb"}],
    ),
    AfterValidator(_attributes),
]


def attributes_json(value: dict[str, str] | None) -> str | None:
    """The stored form of attributes (a JSON object, or NULL when there are none)."""
    if not value:
        return None
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def attributes_of(stored: str | None) -> dict[str, str] | None:
    if not stored:
        return None
    value = json.loads(stored)
    return {str(k): str(v) for k, v in value.items()} if isinstance(value, dict) else None


# -- values written back ----------------------------------------------------------------------

TimestampOut = Annotated[datetime, PlainSerializer(_iso, return_type=str), _DATE_TIME_SCHEMA]
OptTimestampOut = Annotated[
    datetime | None,
    PlainSerializer(lambda v: None if v is None else _iso(v)),
    _OPT_DATE_TIME_SCHEMA,
]
