"""Numbers, percentages, durations and dates written the way each language writes them."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from babel.dates import format_date, format_datetime, format_timedelta
from babel.numbers import format_decimal
from babel.units import format_unit

LOCALES = {"en": "en", "km": "km_KH", "th": "th_TH", "vi": "vi_VN"}
DASH = "–"  # shown for a number that cannot be computed (no data)


def locale_of(lang: str) -> str:
    return LOCALES.get(lang, "en")


def digits_apart(value: float, threshold: float, most: int = 4) -> int:
    """The fewest decimals (at least one) that keep a shown value on its side of a threshold:
    5.03 % of churners is shown "5.03 %", not "5.0 %" beside "above 5 %"."""
    for digits in range(1, most):
        shown = round(value, digits)
        if (shown > threshold) == (value > threshold) and (shown < threshold) == (
            value < threshold
        ):
            return digits
    return most


def number(value: float | None, lang: str, digits: int = 0) -> str:
    if value is None:
        return DASH
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, pattern, locale=locale_of(lang))


def percent(value: float | None, lang: str, digits: int = 1) -> str:
    """A share already on 0-100 (CSAT 71.4 -> "71.4 %")."""
    if value is None:
        return DASH
    return f"{number(value, lang, digits)}\u00a0%"


def signed(value: float | None, lang: str, digits: int = 1) -> str:
    """A change, always with its sign (+3.2, −1.0)."""
    if value is None:
        return DASH
    text = number(abs(value), lang, digits)
    return ("+" if value >= 0 else "\u2212") + text


def money(value: float | None, lang: str) -> str:
    return number(value, lang, 2)


def duration(seconds: float | None, lang: str) -> str:
    """A duration rounded the way people say it: 45 s, 12 min, 5.3 h, 3 days."""
    if seconds is None:
        return DASH
    return format_timedelta(
        timedelta(seconds=float(seconds)),
        threshold=1.5,
        format="short",
        locale=locale_of(lang),
    )


def hours(value: float | None, lang: str) -> str:
    """A number of hours with the language's unit (an axis of durations: 40 hr, 40 ម៉ោង)."""
    if value is None:
        return DASH
    return format_unit(value, "duration-hour", length="short", format="#,##0.#",
                       locale=locale_of(lang))  # fmt: skip


def by_unit(value: float | None, unit: str, lang: str) -> str:
    """A metric's number written for its unit (the registry's `Unit`: percent, nps, seconds,
    money, count), the same on the dashboard and in the reports."""
    if value is None:
        return DASH
    if unit == "percent":
        return percent(value, lang)
    if unit == "nps":
        return number(value, lang, 1)
    if unit == "seconds":
        return duration(value, lang)
    if unit == "money":
        return money(value, lang)
    return number(value, lang)


def month(day: date, lang: str) -> str:
    """June 2025 / មិថុនា 2025 / มิถุนายน 2025 / Tháng 6 2025."""
    return format_date(day, "LLLL y", locale=locale_of(lang))


def month_short(day: date, lang: str) -> str:
    return format_date(day, "LLL yy", locale=locale_of(lang))


def day(value: date, lang: str) -> str:
    return format_date(value, "medium", locale=locale_of(lang))


def moment(value: datetime, lang: str) -> str:
    return format_datetime(value, "medium", locale=locale_of(lang))
