"""Keyed text catalogues with English as the fallback.

Texts are looked up by stable keys, never by their English wording, so an English edit does
not orphan the translations. Placeholders are `{name}` and have the same names in every
language.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

LANGUAGES = ("en", "km", "th", "vi")
FALLBACK = "en"
NATIVE_NAMES = {"en": "English", "km": "ខ្មែរ", "th": "ไทย", "vi": "Tiếng Việt"}


def language_names() -> dict[str, str]:
    """Each interface language in its own script, for a language menu."""
    return dict(NATIVE_NAMES)


def negotiate(wanted: str | None, accept_language: str | None = None) -> str:
    """The interface language: an explicit choice, else the browser's first known one."""
    if wanted and wanted in LANGUAGES:
        return wanted
    for part in (accept_language or "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in LANGUAGES:
            return code
    return FALLBACK


@dataclass(frozen=True)
class Catalogue:
    """Texts by language and key; a key missing in a language falls back to English."""

    texts: Mapping[str, Mapping[str, str]]

    def text(self, lang: str, key: str, **values: object) -> str:
        found = self.texts.get(lang, {}).get(key)
        if found is None:
            found = self.texts[FALLBACK][key]  # a KeyError here is a bug: unknown key
        return found.format(**values) if values else found

    def missing(self, lang: str) -> list[str]:
        """Keys the English catalogue has and `lang` lacks (a test keeps this empty)."""
        have = self.texts.get(lang, {})
        return sorted(k for k in self.texts[FALLBACK] if k not in have)

    def for_language(self, lang: str) -> Texts:
        return Texts(self, lang if lang in self.texts else FALLBACK)


@dataclass(frozen=True)
class Texts:
    """A catalogue bound to one language: `t("key", n=3)`."""

    catalogue: Catalogue
    lang: str

    def __call__(self, key: str, **values: object) -> str:
        return self.catalogue.text(self.lang, key, **values)
