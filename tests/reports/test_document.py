"""The monthly report as HTML and PDF: its numbers are the engine's, what customers wrote stays
text, and the PDF draws Khmer, Thai and Vietnamese with embedded fonts (checked with poppler:
text extracted, fonts listed, pages rendered to PNG in test-artifacts/)."""

from __future__ import annotations

import csv
import logging
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import tinyhtml5
from PIL import Image, ImageChops

from cxm.analytics.replica import Replica
from cxm.config import Settings
from cxm.db import open_database
from cxm.i18n import formatting as fmt
from cxm.i18n.metric_names import METRIC_NAMES
from cxm.importers.service import import_file
from cxm.metrics.definitions import METRICS
from cxm.metrics.engine import MetricsQuery, compute_metrics
from cxm.metrics.loyalty import Quadrant
from cxm.metrics.periods import Period
from cxm.reports.document import (
    CSAT_HIGH,
    CSAT_LOW,
    _render,
    render_html,
    render_pdf,
    spikes,
    value_text,
)
from cxm.reports.monthly import MonthlyReport, build_monthly
from cxm.reports.texts import REPORT_TEXTS
from helpers.databases import make_settings
from helpers.demo import load_demo
from helpers.files import write_csv

JUNE = date(2025, 6, 1)
NOW = datetime(2025, 7, 1, 6, 0, tzinfo=UTC)
EVIL = "<img src=x onerror=alert(1)>"
H = "{http://www.w3.org/1999/xhtml}"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
POPPLER = all(shutil.which(tool) for tool in ("pdftotext", "pdffonts", "pdftoppm"))
needs_poppler = pytest.mark.skipif(
    not POPPLER, reason="poppler-utils is not installed: run scripts/install.sh --test"
)
# Khmer and Thai headings that survive WeasyPrint's text layer whole. WeasyPrint maps each
# glyph to text once per font, and gives a glyph cluster's text to its last glyph only, so a
# cluster whose first glyph is drawn before its base (Khmer coeng ro, Thai sara am) comes
# back incomplete from any PDF text extractor; the drawing is right (see the ink tests).
EXTRACTED = {
    "km": ("title", "definitions"),
    "th": ("title", "headline", "trends", "loyalty", "vip_title", "spikes", "categories"),
    "vi": ("title", "headline", "trends", "loyalty", "vip_title", "stages", "definitions"),
    "en": ("title", "headline", "trends", "loyalty", "vip_title", "stages", "definitions"),
}
FONTS = {
    "km": ("NotoSansKhmer", "KhmerOS"),
    "th": ("NotoSansThai", "Loma", "Garuda"),
    "vi": ("NotoSans",),
    "en": ("NotoSans",),
}


def report_of(settings: Settings, month: date = JUNE, by: str | None = None) -> MonthlyReport:
    with Replica(settings).fresh() as con:
        return build_monthly(con, month, "Demo <Hosting> & Co", NOW, by=by)


def add_hostile_text(settings: Settings, folder: Path) -> str:
    """Tickets in June whose category and channel are markup, and a VIP-support customer
    whose name is; returns that customer's id."""
    vip = report_of(settings).loyalty.vip_support[0].customer_id
    with (folder / "customers.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    row = next(r for r in rows if r["customer_id"] == vip)
    row["name"] = EVIL
    write_csv(folder / "evil-customers.csv", list(row), [list(row.values())])
    import_file(settings, "customers", folder / "evil-customers.csv")
    write_csv(
        folder / "evil-tickets.csv",
        ["ticket_id", "customer_id", "channel", "category", "created_at", "resolved_at"],
        [
            (f"EVIL{i}", vip, EVIL, EVIL, f"2025-06-1{i}T08:00:00Z", f"2025-06-1{i}T09:00:00Z")
            for i in range(3)
        ],
    )
    import_file(settings, "tickets", folder / "evil-tickets.csv")
    return vip


@dataclass(frozen=True)
class Demo:
    settings: Settings
    report: MonthlyReport
    vip: str


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Demo:
    """The demo year in SQLite, with customer-written markup, shared by the PDF tests."""
    tmp = tmp_path_factory.mktemp("report-demo")
    s = make_settings(f"sqlite:///{tmp / 'cxm.db'}", tmp)
    open_database(s)
    load_demo(s, tmp / "demo")
    vip = add_hostile_text(s, tmp / "demo")
    return Demo(s, report_of(s, by="channel"), vip)


def parse(html: str) -> ET.Element:
    return tinyhtml5.parse(html)


def text_of(el: ET.Element) -> str:
    # collapse the template's spacing, but keep the no-break spaces of the numbers
    return re.sub(r"[ \t\r\n]+", " ", "".join(el.itertext())).strip()


def rows(doc: ET.Element, cls: str) -> list[ET.Element]:
    return [el for el in doc.iter(f"{H}tr") if cls in (el.get("class") or "").split()]


# -- HTML ---------------------------------------------------------------------------------------


def test_html_numbers_are_the_engines(settings: Settings, tmp_path: Path):
    """On SQLite and PostgreSQL: every headline number, interval, base and change is the
    engine's, written the report's way; so are the categories, loyalty map and stages."""
    load_demo(settings, tmp_path / "demo")
    report = report_of(settings)
    html = render_html(report, "en")
    doc = parse(html)
    # the engine asked directly, not through the report
    with Replica(settings).fresh() as con:
        (june,) = compute_metrics(con, MetricsQuery(JUNE, date(2025, 6, 30), Period.MONTH))
    assert june["csat_n"] > 100 and june["ticket_volume"] > 100  # a real month of data
    by_key = {r.get("data-metric"): r for r in rows(doc, "metric")}
    assert list(by_key) == [m.key for m in METRICS]
    for metric in METRICS:
        row = by_key[metric.key]
        engine = june[metric.value_key]
        cells = {c.get("class", "").split()[-1]: c for c in row.iter(f"{H}td")}
        value_cell = text_of(cells["value"])
        if engine is None:
            assert row.get("data-value") is None
            continue
        assert float(row.get("data-value", "nan")) == pytest.approx(engine, rel=1e-12)
        assert value_cell.startswith(value_text(metric.unit, engine, "en"))
        n = june.get(metric.n_key) if metric.n_key else None
        if n is not None:
            assert text_of(cells["n"]) == fmt.number(n, "en")
        low = june.get(f"{metric.key}_ci_low")
        if low is not None:
            assert fmt.number(low, "en", 1) in text_of(cells["interval"])
            assert fmt.number(june[f"{metric.key}_ci_high"], "en", 1) in text_of(cells["interval"])
        change = report.changes[metric.key]
        change_text = text_of(row.findall(f"{H}td")[-1])
        if change.z is not None:
            assert ("beyond noise" in change_text) == change.significant
            assert ("within noise" in change_text) == (not change.significant)
    csat = report.current["csat"]
    band = "good" if csat > CSAT_HIGH else "poor" if csat < CSAT_LOW else "fair"
    assert f'class="band band-{band}"' in html
    assert "Change since May 2025" in html
    # tickets per category in June
    categories = {
        text_of(r.find(f"{H}th")): int(r.get("data-value", "-1")) for r in rows(doc, "category")
    }  # type: ignore[arg-type]
    assert categories == {
        c: report.volume[c][-1]
        for c in report.categories
        if report.volume[c][-1] or report.volume[c][-2]
    }
    assert sum(categories.values()) == june["ticket_volume"]
    # the loyalty map's quadrants
    quadrants = {
        el.get("data-quadrant"): int(el.get("data-count", "-1"))
        for el in doc.iter(f"{H}td")
        if el.get("data-quadrant")
    }
    assert quadrants == {q.value: report.loyalty.counts[q] for q in Quadrant}
    # the first customers to call, in the engine's order
    called = [r.get("data-customer") for r in doc.iter(f"{H}tr") if r.get("data-customer")]
    assert called == [p.customer_id for p in report.loyalty.vip_support[:10]]
    # CSAT per stage
    stage_values = [float(r.get("data-value", "nan")) for r in _stage_rows(doc)]
    assert stage_values == [s.csat for s in report.stages.stages]


def _stage_rows(doc: ET.Element) -> list[ET.Element]:
    table = next(t for t in doc.iter(f"{H}table") if t.get("class") == "stages")
    return list(table.iter(f"{H}tr"))[1:]


def test_html_is_standalone():
    """No stylesheet, script, image, font or frame is loaded from anywhere."""
    report = _empty_report()
    html = render_html(report, "km")
    doc = parse(html)
    assert list(doc.iter(f"{H}script")) == [] and list(doc.iter(f"{H}link")) == []
    for el in doc.iter():
        for attr in ("src", "href"):
            assert el.get(attr) is None, (el.tag, el.attrib)
    assert "url(" not in html and "@import" not in html and "@font-face" not in html
    assert "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in html


def test_customer_written_text_stays_text(demo: Demo):
    for printing in (False, True):
        html = _render(demo.report, "en", printing)
        assert EVIL not in html
        assert "onerror=alert" not in html.replace("&lt;img src=x onerror=alert(1)&gt;", "")
        doc = parse(html)
        assert all(el.get("onerror") is None for el in doc.iter())
        assert not [el for el in doc.iter(f"{H}img")]
        texts = "".join(doc.itertext())
        assert EVIL in texts  # shown, as text: in the categories, the VIP list, the charts
        vip_row = next(r for r in doc.iter(f"{H}tr") if r.get("data-customer") == demo.vip)
        assert text_of(vip_row.find(f"{H}th")) == EVIL  # type: ignore[arg-type]
    assert "Demo &lt;Hosting&gt; &amp; Co" in render_html(demo.report, "en")


def test_segments_follow_by(demo: Demo):
    doc = parse(render_html(demo.report, "en"))
    segs = rows(doc, "segment")
    names = [text_of(r.find(f"{H}th")) for r in segs]  # type: ignore[arg-type]
    assert sorted(names) == sorted(str(r["channel"]) for r in demo.report.segments)
    email = next(r for r in segs if text_of(r.find(f"{H}th")) == "email")  # type: ignore[arg-type]
    engine = next(r for r in demo.report.segments if r["channel"] == "email")
    cells = {c.get("data-key"): text_of(c) for c in email.iter(f"{H}td")}
    assert cells["ticket_volume"] == fmt.number(engine["ticket_volume"], "en")
    assert cells["csat"].startswith(fmt.percent(engine["csat"], "en"))
    assert f"n = {engine['csat_n']}" in cells["csat"]
    without = parse(render_html(report_of(demo.settings), "en"))
    assert rows(without, "segment") == []


def test_every_language_has_every_text():
    for lang in ("km", "th", "vi"):
        assert REPORT_TEXTS.missing(lang) == []
        for key in REPORT_TEXTS.texts["en"]:
            if key not in ("subtitle", "col_n", "col_email"):  # the same in Vietnamese
                assert REPORT_TEXTS.text(lang, key) != REPORT_TEXTS.text("en", key), (lang, key)


def test_unknown_language_is_refused():
    with pytest.raises(ValueError, match="language"):
        render_html(_empty_report(), "fr")


def test_a_month_without_data_still_renders():
    html = render_html(_empty_report(), "th")
    assert REPORT_TEXTS.text("th", "title") in html
    assert REPORT_TEXTS.text("th", "no_vip") in html


def _empty_report() -> MonthlyReport:
    from tempfile import TemporaryDirectory

    with TemporaryDirectory() as tmp:
        s = make_settings(f"sqlite:///{Path(tmp) / 'cxm.db'}", Path(tmp))
        open_database(s)
        with Replica(s).fresh() as con:
            return build_monthly(con, JUNE, "Empty", NOW)


def test_spikes_need_a_rise_beyond_noise_after_the_data_began():
    months = tuple(date(2025, m, 1) for m in range(1, 7))
    volume = {
        "steady": (0, 100, 104, 97, 101, 99),
        "jump": (0, 100, 104, 97, 101, 180),
        "new": (0, 0, 0, 0, 0, 0),
    }
    found = spikes(months, volume)
    assert [(s.category, s.index, s.count) for s in found] == [("jump", 5, 180)]
    assert found[0].baseline == pytest.approx((104 + 97 + 101) / 3)
    # the first month with data is not a jump from the empty months before it
    assert spikes(months, {"a": (0, 0, 50, 52, 49, 51)}) == []


# -- PDF ----------------------------------------------------------------------------------------


def pdf_text(path: Path) -> str:
    # -raw: in the order drawn, which keeps Thai marks with their letters
    return subprocess.run(
        ["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def flat(text: str) -> str:
    # Khmer and Thai have no spaces between words, and the extractor adds some
    return re.sub(r"\s+", "", text)


def ink(image: Image.Image) -> float:
    """Share of pixels that are not white."""
    grey = image.convert("L")
    dark = sum(grey.histogram()[:200])
    return dark / (grey.width * grey.height)


def render_pages(pdf: Path, prefix: str) -> list[Path]:
    ARTIFACTS.mkdir(exist_ok=True)
    for old in ARTIFACTS.glob(f"{prefix}-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(ARTIFACTS / prefix)], check=True)
    return sorted(ARTIFACTS.glob(f"{prefix}-*.png"))


@needs_poppler
@pytest.mark.parametrize("lang", ["km", "th", "vi", "en"])
def test_pdf_in_each_language(demo: Demo, lang: str, tmp_path: Path, caplog):
    caplog.set_level(logging.WARNING, logger="weasyprint")
    content = render_pdf(demo.report, lang)
    assert content.startswith(b"%PDF-")
    # no glyph was missing from every font named
    assert not [r for r in caplog.records if ".notdef" in r.getMessage()]
    pdf = ARTIFACTS / f"report-{lang}.pdf"
    ARTIFACTS.mkdir(exist_ok=True)
    pdf.write_bytes(content)

    text = flat(pdf_text(pdf))
    t = REPORT_TEXTS.for_language(lang)
    for key in EXTRACTED[lang]:
        assert flat(t(key)) in text, (lang, key, t(key))
    assert flat(fmt.month(JUNE, lang)) in text
    current = demo.report.current
    for metric in METRICS:
        value = current.get(metric.value_key)
        if value is not None and metric.unit.value in ("percent", "count", "money"):
            assert flat(value_text(metric.unit, value, lang)) in text, (lang, metric.key)
    if lang in ("vi", "en"):
        for key in ("csat", "nps", "ticket_volume", "resolution_time"):
            assert flat(METRIC_NAMES.text(lang, key)) in text
    assert EVIL.replace(" ", "") in text  # the customer's text, as text

    fonts = subprocess.run(
        ["pdffonts", str(pdf)], check=True, capture_output=True, text=True
    ).stdout
    embedded = [line for line in fonts.splitlines()[2:] if " yes " in line]
    names = "".join(line.split()[0] for line in embedded).replace("-", "")
    assert any(f in names for f in FONTS[lang]), fonts
    assert len(embedded) == len(fonts.splitlines()[2:])  # every font embedded

    pages = render_pages(pdf, f"report-{lang}")
    # a page per section that starts one, and no runaway layout
    sections = 8  # cover, trends, volume, times, loyalty, stages, segments, definitions
    assert sections <= len(pages) <= sections + 4
    for page in pages:
        with Image.open(page) as image:
            assert image.width < image.height  # A4 portrait
            assert ink(image) > 0.004, page


@needs_poppler
def test_khmer_and_thai_headings_are_drawn_with_their_fonts(demo: Demo, tmp_path: Path):
    """The title region drawn with the installed fonts differs from the same page drawn by
    a renderer that can only find a Latin font (tofu boxes): the script's own glyphs are
    on the page. The render without fonts runs in a child process with its own font
    configuration."""
    noto = Path("/usr/share/fonts/truetype/noto")
    latin = [noto / "NotoSans-Regular.ttf", noto / "NotoSans-Bold.ttf"]
    if not all(p.exists() for p in latin):
        pytest.skip("fonts-noto-core is not installed")
    fonts_dir = tmp_path / "fonts"
    fonts_dir.mkdir()
    for p in latin:
        (fonts_dir / p.name).symlink_to(p)
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        f"<dir>{fonts_dir}</dir><cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>",
        encoding="utf-8",
    )
    for lang in ("km", "th"):
        html = tmp_path / f"{lang}.html"
        html.write_text(_render(demo.report, lang, True), encoding="utf-8")
        with_fonts, without = tmp_path / f"{lang}.pdf", tmp_path / f"{lang}-latin-only.pdf"
        with_fonts.write_bytes(render_pdf(demo.report, lang))
        result = subprocess.run(
            [
                sys.executable,
                "-c",
                "import logging, sys; logging.basicConfig(); from weasyprint import HTML; "
                "HTML(filename=sys.argv[1]).write_pdf(sys.argv[2])",
                str(html),
                str(without),
            ],
            env={**os.environ, "FONTCONFIG_FILE": str(conf)},
            capture_output=True,
            text=True,
            check=True,
        )
        assert ".notdef" in result.stderr  # the child really lacked the script's fonts
        first = []
        for pdf, name in ((with_fonts, f"title-{lang}"), (without, f"title-{lang}-tofu")):
            subprocess.run(
                [
                    "pdftoppm",
                    "-r",
                    "60",
                    "-png",
                    "-f",
                    "1",
                    "-l",
                    "1",
                    "-singlefile",
                    str(pdf),
                    str(ARTIFACTS / name),
                ],
                check=True,
            )
            with Image.open(ARTIFACTS / f"{name}.png") as image:
                # the title: the top of the first page, below the running header
                first.append(image.crop((0, 40, image.width, 110)).convert("L"))
        drawn, tofu = first
        assert ink(drawn) > 0.01
        diff = ImageChops.difference(drawn, tofu)
        changed = sum(diff.histogram()[40:]) / (diff.width * diff.height)
        assert changed > 0.01, f"{lang}: the title looks the same without its fonts"
        names = subprocess.run(
            ["pdffonts", str(with_fonts)], check=True, capture_output=True, text=True
        ).stdout.replace("-", "")
        assert any(f in names for f in FONTS[lang])


@needs_poppler
def test_report_command_writes_a_thai_pdf(demo: Demo, tmp_path: Path):
    out = tmp_path / "june.pdf"
    env = {
        **os.environ,
        "CXM_DATABASE_URL": demo.settings.database_url,
        "CXM_ANALYTICS_PATH": str(demo.settings.analytics_file),
    }
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "cxm",
            "report",
            "--month",
            "2025-06",
            "--format",
            "pdf",
            "--lang",
            "th",
            "-o",
            str(out),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert out.read_bytes().startswith(b"%PDF-")
    text = flat(pdf_text(out))
    assert flat(REPORT_TEXTS.text("th", "title")) in text
    assert flat(fmt.month(JUNE, "th")) in text
    assert flat(fmt.percent(demo.report.current["csat"], "th")) in text
