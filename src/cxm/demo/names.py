"""Customer names, e-mail addresses and phone numbers that are plausible for each region."""

from __future__ import annotations

import unicodedata

import numpy as np

from cxm.demo.columns import Bools, Ints
from cxm.demo.draws import pick
from cxm.demo.vocabulary import REGIONS

SCRIPT_NAME_SHARE = (0.35, 0.35, 0.70, 0.0, 0.0, 0.0, 0.0, 0.0)  # names written in script
EMAIL_DOMAINS = ("example.com", "example.net", "example.org")

# name pools: (latin, script); pools without a script repeat the latin form
KHMER_FAMILY = (
    ("Sok", "សុខ"), ("Chan", "ចាន់"), ("Kim", "គីម"), ("Heng", "ហេង"), ("Ly", "លី"),
    ("Chea", "ជា"), ("Meas", "មាស"), ("Keo", "កែវ"), ("Prak", "ប្រាក់"), ("Seng", "សេង"),
    ("Touch", "ទូច"), ("Long", "ឡុង"), ("Mao", "ម៉ៅ"), ("Hem", "ហែម"), ("Pich", "ពេជ្រ"),
)  # fmt: skip
KHMER_GIVEN = (
    ("Dara", "ដារា"), ("Sopheap", "សុភាព"), ("Vanna", "វណ្ណា"), ("Sokha", "សុខា"),
    ("Bopha", "បុប្ផា"), ("Chenda", "ចិន្តា"), ("Rithy", "ឫទ្ធី"), ("Sovann", "សុវណ្ណ"),
    ("Visal", "វិសាល"), ("Pisey", "ពិសី"), ("Kosal", "កុសល"), ("Sreymom", "ស្រីមុំ"),
    ("Panha", "បញ្ញា"), ("Kanha", "កញ្ញា"), ("Veasna", "វាសនា"), ("Sophal", "សុផល"),
    ("Channary", "ចាន់ណារី"), ("Rachana", "រចនា"), ("Piseth", "ពិសិដ្ឋ"), ("Makara", "មករា"),
)  # fmt: skip
THAI_GIVEN = (
    ("Somchai", "สมชาย"), ("Somsak", "สมศักดิ์"), ("Malee", "มาลี"), ("Suda", "สุดา"),
    ("Niran", "นิรันดร์"), ("Kittipong", "กิตติพงษ์"), ("Pimchanok", "พิมพ์ชนก"),
    ("Anan", "อนันต์"), ("Wanida", "วนิดา"), ("Chaiwat", "ชัยวัฒน์"), ("Nattapong", "ณัฐพงศ์"),
    ("Siriporn", "ศิริพร"), ("Thanakorn", "ธนากร"), ("Pranee", "ปราณี"),
    ("Supaporn", "สุภาพร"), ("Apinya", "อภิญญา"), ("Kanokwan", "กนกวรรณ"),
    ("Jiraporn", "จิราภรณ์"), ("Prasert", "ประเสริฐ"),
)  # fmt: skip
THAI_FAMILY = (
    ("Saetang", "แซ่ตั้ง"), ("Srisuk", "ศรีสุข"), ("Wongsawat", "วงศ์สวัสดิ์"),
    ("Rattanakorn", "รัตนากร"), ("Boonmee", "บุญมี"), ("Thongchai", "ทองชัย"),
    ("Sukprasert", "สุขประเสริฐ"), ("Kaewmanee", "แก้วมณี"), ("Jaidee", "ใจดี"),
    ("Phromma", "พรหมมา"), ("Sirichai", "ศิริชัย"), ("Kongkaew", "คงแก้ว"),
    ("Charoenrat", "เจริญรัตน์"), ("Srisawat", "ศรีสวัสดิ์"), ("Chaisiri", "ชัยศิริ"),
)  # fmt: skip
VIETNAMESE_FAMILY = (
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi",
    "Đỗ", "Hồ", "Ngô", "Dương", "Lý",
)  # fmt: skip
VIETNAMESE_MIDDLE = ("Văn", "Thị", "Minh", "Thanh", "Ngọc", "Hữu", "Đức", "Quốc", "Thu", "Gia")
VIETNAMESE_GIVEN = (
    "An", "Bình", "Châu", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hùng", "Hương", "Khánh",
    "Lan", "Linh", "Long", "Mai", "Nam", "Phong", "Phương", "Quang", "Quân", "Tâm", "Thảo",
    "Trang", "Tuấn", "Vy",
)  # fmt: skip

FAMILY_NAME_FIRST = frozenset({"Cambodia", "Vietnam", "Singapore"})
LATIN_NAMES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # region: (given names, family names)
    "Singapore": (
        ("Wei Ming", "Jia Hui", "Jun Jie", "Xin Yi", "Kai Wen", "Hui Min", "Priya", "Arjun"),
        ("Tan", "Lim", "Lee", "Ng", "Wong", "Goh", "Chua", "Koh"),
    ),
    "Malaysia": (
        ("Ahmad", "Nur Aisyah", "Siti", "Hafiz", "Farah", "Chee Keong", "Mei Ling", "Ravi"),
        ("Ismail", "Rahman", "Abdullah", "Hassan", "Tan", "Lim", "Wong", "Kumar"),
    ),
    "Laos": (
        ("Souksavanh", "Khamphone", "Bounmy", "Vilayphone", "Somphone", "Phetsamone", "Noy"),
        ("Phommachanh", "Vongsa", "Sisavath", "Keomany", "Inthavong", "Chanthavong"),
    ),
    "United States": (
        ("James", "Emily", "Michael", "Sarah", "Daniel", "Olivia", "David", "Jessica"),
        ("Smith", "Johnson", "Brown", "Miller", "Wilson", "Anderson", "Nguyen", "Chen"),
    ),
    "Australia": (
        ("Jack", "Chloe", "Matthew", "Hannah", "Ryan", "Sophie", "Liam", "Grace"),
        ("Taylor", "Walker", "Clarke", "Thompson", "Martin", "White", "Kelly", "Tran"),
    ),
}
PHONE_FORMATS: dict[str, tuple[tuple[str, ...], str]] = {
    # region: (operator prefixes, pattern with # for digits)
    "Cambodia": (("12", "15", "17", "77", "78", "89", "92", "96", "97", "10", "70", "88"),
                 "+855 {p} ### ###"),
    "Thailand": (("81", "82", "84", "86", "87", "89", "61", "62", "63", "91", "92", "95"),
                 "+66 {p} ### ####"),
    "Vietnam": (("90", "91", "93", "96", "97", "98", "32", "35", "38", "70", "77", "85"),
                "+84 {p} ### ####"),
    "Singapore": (("8", "9"), "+65 {p}### ####"),
    "Malaysia": (("12", "13", "16", "17", "19"), "+60 {p}-### ####"),
    "Laos": (("20",), "+856 {p} #### ####"),
    "United States": (("212", "415", "312", "206", "512", "617"), "+1 {p} 555 01##"),
    "Australia": (("4",), "+61 {p}## ### ###"),
}  # fmt: skip


def _ascii(text: str) -> str:
    """Latin transliteration without diacritics (Vietnamese đ becomes d)."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _name_parts(region: str, picks: Ints) -> list[tuple[str, str]]:
    """(latin, script) parts of one name, in the order they are written."""
    if region == "Cambodia":
        return [pick(KHMER_FAMILY, picks[0]), pick(KHMER_GIVEN, picks[1])]
    if region == "Thailand":
        return [pick(THAI_GIVEN, picks[0]), pick(THAI_FAMILY, picks[1])]
    if region == "Vietnam":
        parts = [
            pick(VIETNAMESE_FAMILY, picks[0]),
            pick(VIETNAMESE_MIDDLE, picks[2]),
            pick(VIETNAMESE_GIVEN, picks[1]),
        ]
        return [(_ascii(p), p) for p in parts]
    given, family = LATIN_NAMES[region]
    first = pick(given, picks[0])
    last = pick(family, picks[1])
    ordered = [last, first] if region in FAMILY_NAME_FIRST else [first, last]
    return [(p, p) for p in ordered]


def make_names(
    rng: np.random.Generator, region: Ints, native_speaker: Bools
) -> tuple[list[str], list[str]]:
    """Names plausible for each region, and e-mail addresses derived from them."""
    n = region.size
    picks = rng.integers(0, 1_000_000, (n, 3))
    in_script = rng.random(n) < np.asarray(SCRIPT_NAME_SHARE)[region]
    domains = rng.integers(0, len(EMAIL_DOMAINS), n)
    names, emails = [], []
    for i in range(n):
        region_name = REGIONS[region[i]]
        parts = _name_parts(region_name, picks[i])
        script = bool(in_script[i] and native_speaker[i])
        names.append(" ".join(script_form if script else latin for latin, script_form in parts))
        given, family = _given_and_family(region_name, [latin for latin, _ in parts])
        emails.append(f"{_slug(given)}.{_slug(family)}{i + 1}@{EMAIL_DOMAINS[domains[i]]}")
    return names, emails


def _given_and_family(region: str, latin_parts: list[str]) -> tuple[str, str]:
    if region in FAMILY_NAME_FIRST:
        return latin_parts[-1], latin_parts[0]
    return latin_parts[0], latin_parts[-1]


def _slug(text: str) -> str:
    return "".join(c for c in text.lower() if c.isascii() and c.isalnum())


def make_phones(rng: np.random.Generator, region: Ints) -> list[str]:
    digits = rng.integers(0, 10, (region.size, 10))
    prefixes = rng.integers(0, 1_000_000, region.size)
    phones = []
    for i, r in enumerate(region):
        operators, pattern = PHONE_FORMATS[REGIONS[r]]
        text = pattern.format(p=pick(operators, prefixes[i]))
        for d in digits[i]:
            text = text.replace("#", str(d), 1)
        phones.append(text)
    return phones
