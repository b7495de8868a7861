"""A survey as cxm asks it: its kind, scale and orientation, its texts per language."""

from __future__ import annotations

import json
import string
from dataclasses import dataclass, field
from typing import Any

from cxm.surveys.scales import SCALES, Orientation, Scale
from cxm.surveys.templates import BASE_FIELDS

KINDS = ("csat", "nps", "ces", "rating")
DISPLAYS = ("numbers", "stars", "faces")
# The open question asked after the score depends on the score's band.
FOLLOWUP_FIELD = {1: "followup_positive", 0: "followup_neutral", -1: "followup_negative"}


@dataclass(frozen=True)
class Survey:
    id: int
    key: str
    name: str
    kind: str
    scale: str
    display: str
    orientation: str
    default_language: str
    stage: str | None
    touchpoint: str | None
    checklist: tuple[str, ...]
    recontact_days: int | None
    reminders: int
    reminder_days: int
    active: bool
    texts: dict[str, dict[str, str]] = field(default_factory=dict)  # language -> field -> text

    @classmethod
    def from_row(cls, row: Any, texts: dict[str, dict[str, str]]) -> Survey:
        return cls(
            id=row["id"],
            key=row["key"],
            name=row["name"],
            kind=row["kind"],
            scale=row["scale"],
            display=row["display"],
            orientation=row["orientation"],
            default_language=row["default_language"],
            stage=row["stage"],
            touchpoint=row["touchpoint"],
            checklist=tuple(json.loads(row["checklist"] or "[]")),
            recontact_days=row["recontact_days"],
            reminders=row["reminders"],
            reminder_days=row["reminder_days"],
            active=bool(row["active"]),
            texts=texts,
        )

    @property
    def scale_def(self) -> Scale:
        return SCALES[self.scale]

    def scores(self) -> list[int]:
        """The scores shown, in the order shown (low to high)."""
        return list(range(self.scale_def.low, self.scale_def.high + 1))

    def band(self, score: int) -> int:
        return self.scale_def.band(score, Orientation(self.orientation))

    def language_for(self, wanted: str | None) -> str:
        """The language to show: the one asked for when the survey has it, else the default."""
        if wanted:
            for candidate in (wanted.lower(), wanted.lower().split("-")[0]):
                if candidate in self.texts:
                    return candidate
        return self.default_language

    def text(self, language: str, name: str, **values: str) -> str:
        """A text in `language`, falling back to the survey's default language."""
        raw = self.texts.get(language, {}).get(name) or self.texts.get(
            self.default_language, {}
        ).get(name, "")
        return fill(raw, values)

    def fields(self) -> tuple[str, ...]:
        """Every text field this survey needs in each language."""
        if not self.checklist:
            return BASE_FIELDS
        return (*BASE_FIELDS, "checklist_prompt", *(f"checklist.{c}" for c in self.checklist))

    def missing(self, languages: tuple[str, ...]) -> dict[str, list[str]]:
        """Per language, the fields that fall back to the default language."""
        result = {}
        for language in languages:
            absent = [f for f in self.fields() if not self.texts.get(language, {}).get(f)]
            if absent:
                result[language] = absent
        return result


def fill(template: str, values: dict[str, str]) -> str:
    """Replace {name} placeholders that have a value; leave the others as written."""
    out = []
    for literal, name, spec, conversion in string.Formatter().parse(template):
        out.append(literal)
        if name is None:
            continue
        if name in values:
            out.append(values[name])
        else:
            out.append(
                "{"
                + name
                + (f"!{conversion}" if conversion else "")
                + (f":{spec}" if spec else "")
                + "}"
            )
    return "".join(out)
