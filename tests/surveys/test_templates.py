"""The built-in templates: complete, consistent and in the right script in every language."""

from __future__ import annotations

import re
import string
import unicodedata

import pytest

from cxm.surveys.definitions import DISPLAYS, KINDS, Survey, fill
from cxm.surveys.scales import SCALES, SCALES_OF, Orientation, SurveyKind
from cxm.surveys.service import validate
from cxm.surveys.templates import (
    LANGUAGES,
    TEMPLATES,
    Template,
    placeholders_of,
    required_fields,
)

CASES = [
    (key, language, field)
    for key, t in TEMPLATES.items()
    for language in LANGUAGES
    for field in required_fields(t)
]
# Latin words a Khmer or Thai text may keep as they are.
KEPT_LATIN = {"SSL"}


def names(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def without_placeholders(text: str) -> str:
    return re.sub(r"\{[a-z_]+\}", " ", text)


def in_range(text: str, low: int, high: int) -> int:
    return sum(low <= ord(c) <= high for c in text)


def test_the_templates_asked_for_exist() -> None:
    expected = {
        "csat_support",
        "ces_support",
        "nps_relationship",
        "nps_onboarding",
        "csat_onboarding",
        "csat_binary",
        "rating",
    }
    assert expected <= set(TEMPLATES)
    assert all(key == t.key for key, t in TEMPLATES.items())
    assert LANGUAGES == ("en", "km", "th", "vi")


@pytest.mark.parametrize("template", TEMPLATES.values(), ids=list(TEMPLATES))
def test_each_template_is_a_valid_survey(template: Template) -> None:
    assert template.kind in KINDS and template.display in DISPLAYS
    assert template.scale in SCALES
    if template.kind != "rating":
        assert template.scale in SCALES_OF[SurveyKind(template.kind)]
    assert template.orientation in tuple(Orientation)
    validate(template.kind, template.scale, template.display, template.orientation)
    assert template.name and template.name.isascii()


@pytest.mark.parametrize("template", TEMPLATES.values(), ids=list(TEMPLATES))
def test_each_template_has_exactly_its_fields_in_every_language(template: Template) -> None:
    assert set(template.texts) == set(LANGUAGES)
    for language in LANGUAGES:
        assert set(template.texts[language]) == set(required_fields(template)), language


@pytest.mark.parametrize("template", TEMPLATES.values(), ids=list(TEMPLATES))
def test_required_fields_are_the_fields_a_survey_asks_for(template: Template) -> None:
    survey = Survey(
        id=1,
        key=template.key,
        name=template.name,
        kind=template.kind,
        scale=template.scale,
        display=template.display,
        orientation=template.orientation,
        default_language="en",
        stage=template.stage,
        touchpoint=template.touchpoint,
        checklist=template.checklist,
        recontact_days=template.recontact_days,
        reminders=1,
        reminder_days=3,
        active=True,
        texts={k: dict(v) for k, v in template.texts.items()},
    )
    assert survey.fields() == required_fields(template)
    assert survey.missing(LANGUAGES) == {}


@pytest.mark.parametrize(("key", "language", "field"), CASES)
def test_no_text_is_empty_or_untidy(key: str, language: str, field: str) -> None:
    text = TEMPLATES[key].texts[language][field]
    assert text.strip(), "empty"
    assert text == text.strip() and "  " not in text and "\n" not in text
    assert unicodedata.is_normalized("NFC", text)
    assert "\u200b" not in text, "no zero-width spaces"


@pytest.mark.parametrize(("key", "language", "field"), CASES)
def test_placeholders_are_the_same_in_every_language(key: str, language: str, field: str) -> None:
    texts = TEMPLATES[key].texts
    assert names(texts[language][field]) == names(texts["en"][field])
    # Only the values the field is filled with where it is shown, else the name shows as written.
    assert names(texts[language][field]) <= placeholders_of(field)


@pytest.mark.parametrize("template", TEMPLATES.values(), ids=list(TEMPLATES))
def test_sms_text_has_the_link_and_stays_short(template: Template) -> None:
    for language in LANGUAGES:
        text = template.texts[language]["sms_text"]
        assert "{link}" in text, language
        fixed = len(without_placeholders(text).encode("utf-16-le")) // 2
        # With a company name and a link, English must fit one 160-character message; the
        # other languages travel as UCS-2 (70 characters a part) and stay as short.
        assert fixed <= (80 if language == "en" else 70), (language, fixed)
    example = fill(
        template.texts["en"]["sms_text"],
        {"company": "Angkor Hosting", "link": "https://survey.example.com/s/" + "x" * 43},
    )
    assert len(example) <= 160, example


@pytest.mark.parametrize("template", TEMPLATES.values(), ids=list(TEMPLATES))
def test_checklist_items_have_labels_and_stable_ids(template: Template) -> None:
    assert len(set(template.checklist)) == len(template.checklist)
    for item in template.checklist:
        assert re.fullmatch(r"[a-z][a-z0-9_]*", item), item
        for language in LANGUAGES:
            assert template.texts[language][f"checklist.{item}"].strip()
            assert template.texts[language]["checklist_prompt"].strip()


def test_relationship_nps_is_nps_plus_with_the_hosting_problems() -> None:
    t = TEMPLATES["nps_relationship"]
    assert (t.kind, t.scale, t.stage, t.touchpoint) == ("nps", "0-10", "relationship", "quarterly")
    assert 6 <= len(t.checklist) <= 10
    assert {"downtime", "slow_sites", "email_delivery", "billing_errors"} <= set(t.checklist)
    assert "{company}" in t.texts["en"]["question"]


def test_timing_and_touchpoints_follow_the_domain() -> None:
    support = TEMPLATES["csat_support"]
    assert (support.kind, support.scale, support.display) == ("csat", "1-5", "faces")
    assert (support.stage, support.touchpoint, support.delay_days) == (
        "support",
        "ticket_resolved",
        0,
    )
    onboarding = TEMPLATES["nps_onboarding"]
    assert (onboarding.stage, onboarding.touchpoint, onboarding.delay_days) == (
        "onboarding",
        "signup",
        3,
    )
    assert TEMPLATES["csat_onboarding"].display == "stars"
    assert TEMPLATES["csat_binary"].scale == "binary"
    assert TEMPLATES["ces_support"].texts["en"]["low_label"] == "Strongly disagree"
    assert TEMPLATES["rating"].kind == "rating"


@pytest.mark.parametrize(("key", "language", "field"), [c for c in CASES if c[1] != "en"])
def test_each_language_is_in_its_own_script(key: str, language: str, field: str) -> None:
    text = without_placeholders(TEMPLATES[key].texts[language][field])
    khmer, thai = in_range(text, 0x1780, 0x17FF), in_range(text, 0x0E00, 0x0E7F)
    latin_words = set(re.findall(r"[A-Za-z]+", text))
    if language == "km":
        assert khmer and not thai and latin_words <= KEPT_LATIN, text
    elif language == "th":
        assert thai and not khmer and latin_words <= KEPT_LATIN, text
    else:
        assert not khmer and not thai
        marked = [c for c in text if not c.isascii() and c.isalpha()]
        assert marked, f"no Vietnamese letter in {text!r}"
        assert all(0x00C0 <= ord(c) <= 0x024F or 0x1EA0 <= ord(c) <= 0x1EFF for c in marked), text


@pytest.mark.parametrize("template", TEMPLATES.values(), ids=list(TEMPLATES))
def test_translations_are_not_copies_of_english(template: Template) -> None:
    for language in ("km", "th", "vi"):
        for field in required_fields(template):
            assert template.texts[language][field] != template.texts["en"][field]


def test_templates_cannot_be_changed_by_accident() -> None:
    t = TEMPLATES["csat_support"]
    with pytest.raises(TypeError):
        t.texts["en"]["question"] = "x"  # type: ignore[index]
    with pytest.raises(TypeError):
        TEMPLATES["x"] = t  # type: ignore[index]
