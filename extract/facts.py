"""Report facts outside the tables: agency and year from the title, the sign-off date.

Titles come split over two lines (``尧都区县底镇人民政府`` / ``2020年政府信息公开工作年度报告``),
with spaces (``修武县 2020 年``), year first (``2024 年上海市科委政府信息公开工作``), behind page
metadata (``标题: …``). The publication date is the sign-off at the end (or a page's 发布日期),
never a date inside the statistics-period sentence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import islice

_WS = re.compile(r"[\s\u3000\u00a0]+")
_TITLE = re.compile(
    r"(?P<pre>[^。；;，,：:（(\"“]{0,40}?)(?P<year>(?:19|20)\d{2})年度?(?P<post>[^。；;，,\"“]{0,40}?)"
    r"(?:政府)?信息公开(?:工作)?(?:年度)?(?:报告|年报)"
)
_PREFIX = re.compile(r"^(?:#+|标题[:：]|正文|题目[:：]|\*+|【|\[)+")
_AGENCY_JUNK = re.compile(r"^[\d\W_]+|[\W_]+$")
_STATS_YEAR = re.compile(r"(?:统计期限|统计周期|统计时限|数据统计)[^。]{0,20}?((?:19|20)\d{2})年")
_META_DATE = re.compile(r"(?:发布日期|发布时间|成文日期|发文日期)[:：]?\s*((?:19|20)\d{2})[-年/.](\d{1,2})[-月/.](\d{1,2})")
_DATE = re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_CN_DIGITS = {"〇": 0, "零": 0, "○": 0, "Ｏ": 0, "O": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_DATE = re.compile(r"([〇零○Ｏ一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日")


@dataclass
class Title:
    text: str
    agency: str | None
    year: int | None


def _clean_agency(s: str) -> str:
    s = _WS.sub("", s)
    s = _PREFIX.sub("", s)
    s = _AGENCY_JUNK.sub("", s)
    s = re.sub(r"^关于|关于$|的$", "", s)
    return s


def find_title(lines: Sequence[str], limit: int = 25) -> Title | None:
    """Agency and year from the first lines (a title may span two lines)."""
    head = list(islice(filter(None, map(str.strip, lines[:200])), limit))  # the first non-blank lines
    for i, line in enumerate(head):
        for window in (line, line + (head[i + 1] if i + 1 < len(head) else "")):
            squeezed = _WS.sub("", window)
            m = _TITLE.search(squeezed)
            if not m:
                continue
            pre, post = _clean_agency(m.group("pre")), _clean_agency(m.group("post"))
            if post.endswith("人民") and squeezed[m.end("post") : m.end("post") + 2] == "政府":
                post += "政府"  # 'X县人民政府信息公开…': the 政府 belongs to the agency
            agency = pre or post
            if not agency and i > 0:
                prev = _clean_agency(head[i - 1])
                if 2 <= len(prev) <= 30 and not re.search(r"[。，,：:]", prev):
                    agency = prev
            return Title(_PREFIX.sub("", squeezed), agency or None, int(m.group("year")))
    return None


def stats_year(text: str) -> int | None:
    m = _STATS_YEAR.search(text)
    return int(m.group(1)) if m else None


def _cn_number(s: str) -> int:
    """一..三十一 as a number; 0 (no valid month or day) for what is not one (an OCR'd ``二四``)."""
    try:
        return _cn_number_strict(s)
    except (KeyError, ValueError):
        return 0


def _cn_number_strict(s: str) -> int:
    if s == "十":
        return 10
    if s.startswith("十"):
        return 10 + _CN_DIGITS[s[1]]
    if s.endswith("十"):
        return _CN_DIGITS[s[0]] * 10
    if "十" in s:
        a, b = s.split("十")
        return _CN_DIGITS[a] * 10 + _CN_DIGITS[b]
    return _CN_DIGITS[s]


def _iso(y: int, m: int, d: int) -> str | None:
    if 1 <= m <= 12 and 1 <= d <= 31:
        return f"{y:04d}-{m:02d}-{d:02d}"
    return None


def published_on(lines: Sequence[str], meta_date: str | None = None) -> str | None:
    """The sign-off date: page metadata first, else a short line near the end holding only a date."""
    if meta_date:
        return meta_date
    head = "\n".join(lines[:15])
    m = _META_DATE.search(head)
    if m:
        return _iso(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    tail: list[str] = []  # the last six non-blank lines, read from the end (no copy of the body)
    for ln in reversed(lines):
        if ln.strip():
            tail.append(ln.strip())
            if len(tail) == 6:
                break
    for line in tail:
        s = _WS.sub("", line)
        if len(s) > 40:
            continue
        m2 = _DATE.search(line)
        if m2 and not re.search(r"统计|期限|起至|至\d", s):
            return _iso(int(m2.group(1)), int(m2.group(2)), int(m2.group(3)))
        m3 = _CN_DATE.search(s)
        if m3:
            y = int("".join(str(_CN_DIGITS[c]) for c in m3.group(1)))
            return _iso(y, _cn_number(m3.group(2)), _cn_number(m3.group(3)))
    return None
