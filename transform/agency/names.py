"""Agency-name text rules: cleaning, abbreviations, and the suffixes that tell an agency's kind.

These are the only hand-written tables of the resolver; where a place is comes from the
gazetteer. Abbreviations are expanded so one agency has one name (上海市科委 and
上海市科学技术委员会 link to one ``agency_id``).
"""

from __future__ import annotations

import csv
import re
import unicodedata
from pathlib import Path

# Longest first: 发改委 before 委.
GOVERNMENT_FORMS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(人民)?政府办公厅$"), "人民政府办公厅"),
    (re.compile(r"(人民)?政府办(公室)?$"), "人民政府办公室"),
    (re.compile(r"(人民)?政府$"), "人民政府"),
)
ABBREVIATIONS: tuple[tuple[str, str], ...] = (
    ("发改委", "发展和改革委员会"),
    ("经信委", "经济和信息化委员会"),
    ("科委", "科学技术委员会"),
    ("教委", "教育委员会"),
    ("卫健委", "卫生健康委员会"),
    ("住建委", "住房和城乡建设委员会"),
    ("建委", "建设委员会"),
    ("交委", "交通委员会"),
    ("管委会", "管理委员会"),
)

GOVERNMENT = "人民政府"
OFFICE_HALL = "人民政府办公厅"  # provinces (and a few big cities)
OFFICE = "人民政府办公室"
TOWN_OFFICE = "办事处"

# A name part ending like this is an office of the government it is attached to.
DEPARTMENT_SUFFIX = re.compile(
    r"(委员会|局|厅|委|办公室|办|中心|署|所|院|队|站|处|部|馆|总局|总署|银行|行|会)$"
)
# 平潭综合实验区, 濮阳经济技术开发区, 雄安新区, 天府新区 …: a zone, maybe with its 管理委员会.
ZONE = re.compile(
    r"^(?P<prefix>.*?)(?P<zone>综合实验区|经济技术开发区|高新技术产业开发区|经济开发区|"
    r"高新区|开发区|实验区|新区|示范区|保税区|合作区|产业园区|工业园区|试验区)"
    r"(?P<rest>(管理委员会|管委会|党工委|工委)*)$"
)
# A name with no place in it: a ministry or commission of the State Council.
CENTRAL = re.compile(r"^(国务院\S*|国家\S+|中国\S+|中华人民共和国\S+|\S{1,8}(部|署|总局|银行))$")
CONFUSABLES_TSV = Path(__file__).with_name("confusables.tsv")


def _read_confusables(path: Path = CONFUSABLES_TSV) -> frozenset[frozenset[str]]:
    """Unordered character pairs OCR confuses by shape (a scan's 沐阳县 is 沭阳县), kept as data in
    ``confusables.tsv`` with a real division and its damaged form per pair."""
    pairs = set()
    with path.open(encoding="utf-8", newline="") as fh:
        rows = csv.DictReader((ln for ln in fh if not ln.startswith("#")), delimiter="\t")
        for row in rows:
            a, b = row["a"].strip(), row["b"].strip()
            if len(a) == len(b) == 1 and a != b:
                pairs.add(frozenset((a, b)))
    return frozenset(pairs)


OCR_CONFUSABLE = _read_confusables()


def confusable(a: str, b: str) -> bool:
    """Whether two same-length names differ in one character along an OCR-confusable pair."""
    if len(a) != len(b):
        return False
    diff = [(x, y) for x, y in zip(a, b, strict=True) if x != y]
    return len(diff) == 1 and frozenset(diff[0]) in OCR_CONFUSABLE


SPACES = re.compile(r"\s+")
TITLE_TAIL = re.compile(r"(\d{4}\s*年度?)?(政府信息公开|政务公开)?(工作)?(年度报告|年报)?$")


def clean(agency: str) -> str:
    """NFKC (full-width letters/digits/spaces), no spaces, no trailing 年度报告 words."""
    s = unicodedata.normalize("NFKC", agency)
    s = SPACES.sub("", s)
    s = s.strip("《》“”\"'()（）[]【】:：,，。")
    return TITLE_TAIL.sub("", s) or s


def expand(part: str) -> tuple[str, list[str]]:
    """Expand a known abbreviation at the end of a name part; return the text and what changed.

    Only the suffix is rewritten (so 人民政府 is not turned into 人民人民政府)."""
    for pattern, full in GOVERNMENT_FORMS:
        m = pattern.search(part)
        if m:
            new = part[: m.start()] + full
            return new, ([f"{m.group(0)}→{full}"] if new != part else [])
    for short, full in ABBREVIATIONS:
        if part.endswith(short) and not part.endswith(full):
            return part[: -len(short)] + full, [f"{short}→{full}"]
    return part, []


def town_alias(name: str) -> str | None:
    """``X办`` / ``X办事处`` as printed for a sub-district office → the division ``X街道``."""
    for tail in ("街道办事处", "办事处", "街道办", "办"):
        if name.endswith(tail) and len(name) > len(tail):
            return name[: -len(tail)] + "街道"
    return None
