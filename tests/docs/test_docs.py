"""The documentation says what the code does: every setting, every metric, every key."""

from __future__ import annotations

from pathlib import Path

from cxm.config import documented_settings
from cxm.metrics.definitions import OUTPUT_KEYS
from cxm.metrics.reference import BEGIN, END, render

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_every_setting_is_documented_with_its_default():
    text = (DOCS / "configuration.md").read_text(encoding="utf-8")
    for env, default, help_text in documented_settings():
        line = next((ln for ln in text.splitlines() if ln.startswith(f"| `{env}` |")), None)
        assert line is not None, f"{env} is not in docs/configuration.md"
        assert help_text in line
        if default not in ("", True, False):
            assert f"`{default}`" in line


def test_metric_reference_is_the_registry():
    text = (DOCS / "metrics.md").read_text(encoding="utf-8")
    start, end = text.index(BEGIN), text.index(END) + len(END) + 1
    assert text[start:end] == render(), "run: cxm reference, and paste it into docs/metrics.md"


def test_every_output_key_is_described():
    text = (DOCS / "cli.md").read_text(encoding="utf-8")
    for key in OUTPUT_KEYS:
        assert f"`{key}`" in text, f"{key} is not described in docs/cli.md"


def test_settings_table_is_the_generated_one():
    from cxm.config import settings_table

    text = (DOCS / "configuration.md").read_text(encoding="utf-8")
    assert settings_table() in text, "run: cxm reference settings, and paste it in"
