"""Reading one printed cell: a number, a deliberate blank, or text that is not a value.

Blank, ``/``, ``-``, ``——`` and ``无`` mean *not reported*, never zero. Signed changes come as
``+3``, ``-18``, ``--253``, ``增5``, ``减4`` or ``0/0``; annotated cells (``22（其中修订16件）``)
keep their leading number; amounts may carry 元 or 万元.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from extract.phrases import fold

BLANK_MARKS = frozenset({"", "/", "\\", "-", "—", "——", "－", "–", "无", "－－", "--", "/ ", "空", "——————"})

# A cell's whole text as a value: optional 增/减 or sign, a number, an optional unit.
_NUMBER = re.compile(
    r"^(?P<word>[增减])?(?P<sign>[+\-]{1,2})?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?P<unit>万元|千元|元|件|项|个|条|宗|次|人次|家)?$"
)
# A change printed as words or a signed pair: 增50减1, 增加3, 减少2, +5/-1 (net = increase - decrease).
_CHANGE = re.compile(
    r"^(?:(?P<up>(?:新?增加?|\+)(?P<a>\d+)(?:件|项|个|条)?)[,、/;]?)?"
    r"(?:(?P<down>(?:减少?|-)(?P<b>\d+))(?:件|项|个|条)?)?$"
)
_PAIR = re.compile(r"^(?P<a>\d+)/(?P<b>\d+)$")  # 0/0: increase/decrease pair
_ANNOTATION = re.compile(r"[(（][^()（）]*[\u4e00-\u9fff][^()（）]*[)）]")
_MULTI = re.compile(r"\d[ \t\u3000\u00a0]+[+\-]?\d")
_CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class Parsed:
    """A cell read: ``kind`` is number, blank or junk; ``unit`` is 元/万元 when printed."""

    kind: str
    value: int | float | None = None
    unit: str = ""
    note: str = ""


def clean(raw: str) -> str:
    """Fold full-width forms, drop every kind of space and markdown emphasis (``**3**``)."""
    return re.sub(r"[\s\u3000\u00a0\u200b\ufeff*]+", "", fold(raw))


def to_number(text: str) -> int | float:
    """'12' → 12, '6.8178' → 6.8178 (integers stay integers)."""
    if "." in text:
        try:
            d = Decimal(text)
        except InvalidOperation:  # pragma: no cover - regex guarantees digits
            raise ValueError(text) from None
        return int(d) if d == d.to_integral_value() else float(d)
    return int(text)


@lru_cache(maxsize=8192)
def parse_cell(raw: str) -> Parsed:
    """Classify and read one cell's text (cached: tables repeat '0' and '' endlessly)."""
    s = clean(raw)
    if s in BLANK_MARKS or set(s) <= {"-", "—", "/", "－", "–"}:
        return Parsed("blank")
    if _MULTI.search(raw.strip()):
        return Parsed("junk")  # several numbers in one cell: a flattened run, not one value
    note = ""
    if _ANNOTATION.search(s):
        note = s
        s = _ANNOTATION.sub("", s)
    m = _PAIR.match(s)
    if m:
        a, b = int(m.group("a")), int(m.group("b"))
        return Parsed("number", a - b, note=note or f"pair {a}/{b}")
    m = _NUMBER.match(s)
    if not m:
        return _change(s, note)
    digits = m.group("num").replace(",", "")
    if len(digits) > 1 and digits[0] == "0" and digits[1] != ".":
        return Parsed("junk")  # '007', '0000000': glued cells, never one printed number
    value = to_number(digits)
    sign = m.group("sign") or ""
    if m.group("word") == "减" or sign.startswith("-"):
        value = -value
    return Parsed("number", value, unit=m.group("unit") or "", note=note)


def _change(s: str, note: str) -> Parsed:
    """``增50减1`` → 49, ``增加3`` → 3, ``减少2`` → -2, ``+5/-1`` → 4 (the raw text is kept by the
    caller); anything else is junk."""
    m = _CHANGE.match(s)
    if not m or not (m.group("up") or m.group("down")):
        return Parsed("junk")
    a, b = int(m.group("a") or 0), int(m.group("b") or 0)
    return Parsed("number", a - b, note=note or f"change {s}")


def has_cjk(text: str) -> bool:
    return bool(_CJK.search(text))
