"""Surveys in the database: create from a template, read, edit texts."""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite

from cxm.db.schema import survey_texts, surveys
from cxm.surveys.definitions import DISPLAYS, KINDS, Survey
from cxm.surveys.scales import SCALES, SCALES_OF, Orientation, SurveyKind


class SurveyError(ValueError):
    """A survey definition that cannot work."""


class SurveyNotFound(LookupError):
    pass


def validate(kind: str, scale: str, display: str, orientation: str) -> None:
    if kind not in KINDS:
        raise SurveyError(f"unknown survey kind {kind!r}: choose one of {', '.join(KINDS)}")
    if scale not in SCALES:
        raise SurveyError(f"unknown scale {scale!r}: choose one of {', '.join(SCALES)}")
    if kind != "rating" and scale not in SCALES_OF[SurveyKind(kind)]:
        raise SurveyError(f"scale {scale} is not a {kind.upper()} scale")
    if display not in DISPLAYS:
        raise SurveyError(f"unknown display {display!r}: choose one of {', '.join(DISPLAYS)}")
    if display == "faces" and scale not in ("1-5", "1-3"):
        raise SurveyError("faces are drawn for the 1-5 and 1-3 scales only")
    if orientation not in tuple(Orientation):
        raise SurveyError(f"unknown orientation {orientation!r}")
    if orientation == Orientation.HIGH_IS_BAD and kind != "ces":
        raise SurveyError("only CES questions may be worded so that a high number is bad")


def create(
    conn: Connection,
    *,
    key: str,
    name: str,
    kind: str,
    scale: str,
    display: str = "numbers",
    orientation: str = "high_is_good",
    default_language: str = "en",
    stage: str | None = None,
    touchpoint: str | None = None,
    checklist: tuple[str, ...] = (),
    recontact_days: int | None = None,
    reminders: int = 1,
    reminder_days: int = 3,
    texts: dict[str, dict[str, str]] | None = None,
    now: datetime,
) -> int:
    """Store a new survey and its texts; returns its id."""
    validate(kind, scale, display, orientation)
    if conn.execute(select(surveys.c.id).where(surveys.c.key == key)).first():
        raise SurveyError(f"a survey {key!r} exists already")
    survey_id = conn.execute(
        insert(surveys)
        .values(
            key=key,
            name=name,
            kind=kind,
            scale=scale,
            display=display,
            orientation=orientation,
            default_language=default_language,
            stage=stage,
            touchpoint=touchpoint,
            checklist=json.dumps(list(checklist)),
            recontact_days=recontact_days,
            reminders=reminders,
            reminder_days=reminder_days,
            active=True,
            created_at=now,
            updated_at=now,
        )
        .returning(surveys.c.id)
    ).scalar_one()
    for language, fields in (texts or {}).items():
        for name_, text in fields.items():
            set_text(conn, survey_id, language, name_, text)
    return int(survey_id)


def create_from_template(
    conn: Connection, template_key: str, *, now: datetime, **overrides: Any
) -> int:
    """A new survey made from a built-in template (same key unless `key` is given)."""
    from cxm.surveys.templates import TEMPLATES

    t = TEMPLATES.get(template_key)
    if t is None:
        raise SurveyError(
            f"unknown template {template_key!r}: choose one of {', '.join(TEMPLATES)}"
        )
    values: dict[str, Any] = {
        "key": t.key,
        "name": t.name,
        "kind": t.kind,
        "scale": t.scale,
        "display": t.display,
        "orientation": t.orientation,
        "stage": t.stage,
        "touchpoint": t.touchpoint,
        "checklist": tuple(t.checklist),
        "recontact_days": t.recontact_days,
        "texts": {lang: dict(fields) for lang, fields in t.texts.items()},
    }
    values.update(overrides)
    return create(conn, now=now, **values)


# Switched on when installed: CSAT after each resolved ticket, NPS after signing up. The others
# start switched off, so a resolved ticket does not bring three surveys at once.
ACTIVE_AT_INSTALL = frozenset({"csat_support", "nps_onboarding"})


def install_templates(conn: Connection, now: datetime) -> list[str]:
    """Create every built-in survey not there yet; returns the keys created."""
    from cxm.surveys.templates import TEMPLATES

    existing = set(conn.execute(select(surveys.c.key)).scalars())
    created = []
    for key in TEMPLATES:
        if key not in existing:
            survey_id = create_from_template(conn, key, now=now)
            set_active(conn, survey_id, key in ACTIVE_AT_INSTALL, now)
            created.append(key)
    return created


def set_text(conn: Connection, survey_id: int, language: str, name: str, text: str) -> None:
    """Write one text of a survey in one language."""
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    stmt = dialect.insert(survey_texts).values(
        survey_id=survey_id, language=language.lower(), field=name, text=text
    )
    conn.execute(
        stmt.on_conflict_do_update(
            index_elements=[
                survey_texts.c.survey_id,
                survey_texts.c.language,
                survey_texts.c.field,
            ],
            set_={"text": stmt.excluded.text},
        )
    )


def get(conn: Connection, ref: int | str) -> Survey:
    """A survey by id or key, with all its texts."""
    column = surveys.c.id if isinstance(ref, int) else surveys.c.key
    row = conn.execute(select(surveys).where(column == ref)).mappings().first()
    if row is None:
        raise SurveyNotFound(f"no survey {ref!r}")
    texts: dict[str, dict[str, str]] = defaultdict(dict)
    for language, name, text in conn.execute(
        select(survey_texts.c.language, survey_texts.c.field, survey_texts.c.text).where(
            survey_texts.c.survey_id == row["id"]
        )
    ):
        texts[language][name] = text
    return Survey.from_row(row, dict(texts))


def list_all(conn: Connection) -> list[Survey]:
    ids = conn.execute(select(surveys.c.id).order_by(surveys.c.id)).scalars().all()
    return [get(conn, int(i)) for i in ids]


def set_active(conn: Connection, survey_id: int, active: bool, now: datetime) -> None:
    conn.execute(
        update(surveys).where(surveys.c.id == survey_id).values(active=active, updated_at=now)
    )
