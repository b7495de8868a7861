"""The interface texts: every language complete, placeholders kept, English as the fallback."""

from __future__ import annotations

import re
import string
import unicodedata

import pytest

from cxm.surveys.templates import LANGUAGES
from cxm.web import messages
from cxm.web.messages import MESSAGES, message

ASKED = {
    "page_title",
    "choose_score",
    "score_n",
    *(f"face_{n}" for n in range(1, 6)),
    "star_n",
    "good",
    "bad",
    "submit",
    "comment_label",
    "comment_placeholder",
    "send_comment",
    "skip",
    "saved",
    "thank_you_title",
    "change_answer",
    "expired_title",
    "expired_body",
    "used_title",
    "used_body",
    "not_found_title",
    "not_found_body",
    "staff_title",
    "staff_body",
    "email_scale_hint",
    "email_footer",
    "email_button",
    "reminder_prefix",
    "widget_title",
    "widget_close",
    "privacy_note",
}
CASES = [(language, key) for language in MESSAGES for key in MESSAGES["en"]]


def names(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_every_language_has_every_key_of_english() -> None:
    assert set(LANGUAGES) <= set(MESSAGES)
    assert set(MESSAGES["en"]) >= ASKED
    for language, catalogue in MESSAGES.items():
        assert set(catalogue) == set(MESSAGES["en"]), language


@pytest.mark.parametrize(("language", "key"), CASES)
def test_texts_are_filled_in_and_keep_the_placeholders(language: str, key: str) -> None:
    text = MESSAGES[language][key]
    assert text.strip() and "\n" not in text and "  " not in text
    assert unicodedata.is_normalized("NFC", text)
    assert names(text) == names(MESSAGES["en"][key])
    if language != "en" and not names(text) >= {"n"}:
        assert text != MESSAGES["en"][key]


def test_placeholders_where_they_are_needed() -> None:
    assert names(MESSAGES["en"]["score_n"]) == {"n", "max"}
    assert names(MESSAGES["en"]["star_n"]) == {"n"}
    assert names(MESSAGES["en"]["change_answer"]) == {"time"}
    assert names(MESSAGES["en"]["email_footer"]) == {"company"}


@pytest.mark.parametrize(("language", "key"), [c for c in CASES if c[0] != "en"])
def test_each_language_is_in_its_own_script(language: str, key: str) -> None:
    text = re.sub(r"\{[a-z_]+\}", " ", MESSAGES[language][key])
    khmer = sum(0x1780 <= ord(c) <= 0x17FF for c in text)
    thai = sum(0x0E00 <= ord(c) <= 0x0E7F for c in text)
    if language == "km":
        assert khmer and not thai and not re.search(r"[A-Za-z]", text), text
    elif language == "th":
        assert thai and not khmer and not re.search(r"[A-Za-z]", text), text
    elif language == "vi":
        assert not khmer and not thai
        assert any(not c.isascii() and c.isalpha() for c in text), text


def test_message_fills_the_values() -> None:
    assert message("en", "score_n", n="3", max="5") == "3 out of 5"
    assert message("th", "score_n", n="3", max="5") == "3 จาก 5"
    assert message("en", "email_footer", company="Angkor & Sons") == (
        "You receive this e-mail because you are a customer of Angkor & Sons."
    )
    # A value not given leaves its placeholder as written; braces in values stay as they are.
    assert message("en", "score_n", n="{max}") == "{max} out of {max}"


def test_language_tags_are_matched_loosely() -> None:
    assert message("km-KH", "submit") == MESSAGES["km"]["submit"]
    assert message("TH", "submit") == MESSAGES["th"]["submit"]
    assert message("vi_VN", "submit") == MESSAGES["vi"]["submit"]


@pytest.mark.parametrize("language", ["fr", "", "zz-ZZ", "x" * 50])
def test_unknown_language_falls_back_to_english(language: str) -> None:
    for key in MESSAGES["en"]:
        assert message(language, key) == MESSAGES["en"][key]


def test_missing_key_in_a_language_falls_back_to_english(monkeypatch: pytest.MonkeyPatch) -> None:
    partial = {key: text for key, text in MESSAGES["km"].items() if key != "submit"}
    partial["skip"] = ""
    monkeypatch.setattr(messages, "MESSAGES", {**MESSAGES, "km": partial})
    assert message("km", "submit") == MESSAGES["en"]["submit"]
    assert message("km", "skip") == MESSAGES["en"]["skip"]
    assert message("km", "good") == MESSAGES["km"]["good"]


def test_unknown_key_is_an_error() -> None:
    with pytest.raises(KeyError):
        message("en", "no_such_text")


def test_reminder_prefix_reads_before_a_subject() -> None:
    for language in MESSAGES:
        prefix = message(language, "reminder_prefix")
        assert prefix.strip() and prefix.endswith(" ")
