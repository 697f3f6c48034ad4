"""Where the three tables are: section regions of the document text.

Headings vary (``二、主动公开政府信息情况``, ``二、行政机关主动公开…``, ``表二：…``, renumbered
sections in Shanghai, headings glued into one line on scraped pages) and are sometimes missing
(seed 004 has no heading before its section-three table). So a section starts at its heading
when one is followed by table content, else at its first unmistakable row label, and ends where
the next section starts.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from extract.phrases import Squeezed
from extract.templates import ACTIVE, APPLICATIONS, REVIEW

_NUM = r"(?:[一二三四五六七八九十]{1,2}[、.]|表[一二三四五六]?:?|\d[、.])"

_HEADINGS = {
    ACTIVE: re.compile(_NUM + r"(?:行政机关)?主动公开(?:政府)?信息(?:情况)?"),
    APPLICATIONS: re.compile(_NUM + r"收到和处理政府信息公开申请(?:情况)?"),
    REVIEW: re.compile(
        _NUM + r"(?:政府信息公开)?(?:因政府信息公开(?:工作|申请)?)?(?:被申请)?行政(?:法)?复议[^。]{0,14}?(?:行政)?诉讼(?:的)?(?:情况)?"
    ),
}
# Content that follows a real table heading (as opposed to the same words in the preamble).
_CONTENT = {
    ACTIVE: re.compile(r"第二十条|信息内容|规章|本年制发|本年新制作"),
    APPLICATIONS: re.compile(r"申请人情况|自然人|本年新收|勾稽关系"),
    REVIEW: re.compile(r"结果维持|维持|纠正|尚未审结|总计|\d"),
}
# First row label of each table, used when the heading is missing.
_FALLBACK = {
    ACTIVE: re.compile(r"第二十条第\(一\)项"),
    APPLICATIONS: re.compile(r"(?:一、)?本年新收(?:政府信息公开)?申请"),
    REVIEW: re.compile(r"行政复议[^。]{0,6}行政诉讼"),
}
# Where the tables are over: section five or six headings.
_END = re.compile(
    _NUM + r"(?:政府信息公开工作)?(?:存在的?(?:主要)?问题|主要问题|其他需要报告)|" r"存在的主要问题及改进情况"
)


# A literal every heading match holds, at most ``back`` characters after the match's start
# (_NUM is at most 3 characters; then the optional words before the literal): the scan jumps to
# the literal's next occurrence instead of trying the heading pattern at every character.
_ANCHORS = {ACTIVE: ("主动公开", 3 + 4), APPLICATIONS: ("收到和处理", 3), REVIEW: ("复议", 3 + 6 + 9 + 3 + 3)}


def _headings(section: str, text: str, lo: int, hi: int | None = None) -> Iterator[re.Match[str]]:
    """``_HEADINGS[section].finditer(text, lo, hi)``, the same matches found faster."""
    rx = _HEADINGS[section]
    literal, back = _ANCHORS[section]
    hi = len(text) if hi is None else hi
    pos = lo
    while True:
        found = text.find(literal, pos, hi)
        if found < 0:
            return
        m = rx.search(text, max(pos, found - back), hi)
        if m is None:
            return
        yield m
        pos = m.end()


@dataclass
class Region:
    """A section's span in squeezed coordinates [start, end) and how it was found."""

    section: str
    start: int
    end: int
    heading: bool


def _find_start(sq: Squeezed, section: str, lo: int) -> tuple[int, bool] | None:
    text = sq.text
    for m in _headings(section, text, lo):
        if _CONTENT[section].search(text, m.end(), m.end() + 300):
            return m.end(), True
    m = _FALLBACK[section].search(text, lo)
    if m:
        return m.start(), False
    return None


def locate_sections(sq: Squeezed) -> dict[str, Region]:
    """Regions of the sections present, in document order."""
    starts: dict[str, tuple[int, bool]] = {}
    lo = 0
    for section in (ACTIVE, APPLICATIONS, REVIEW):
        found = _find_start(sq, section, lo)
        if found is None and section == ACTIVE:
            continue
        if found is None:
            continue
        starts[section] = found
        lo = found[0]
    # Section two found after section three (e.g. only a narrative mention): drop it.
    if ACTIVE in starts and APPLICATIONS in starts and starts[ACTIVE][0] > starts[APPLICATIONS][0]:
        del starts[ACTIVE]
    order = sorted(starts.items(), key=lambda kv: kv[1][0])
    regions: dict[str, Region] = {}
    for i, (section, (start, heading)) in enumerate(order):
        if i + 1 < len(order):
            nxt = order[i + 1][1][0]
            # the next heading's own text precedes its returned start; cut at its beginning
            m = next(_headings(order[i + 1][0], sq.text, start, nxt), None)
            end = m.start() if m else nxt
        else:
            m = _END.search(sq.text, start)
            end = m.start() if m else min(len(sq.text), start + 4000)
        regions[section] = Region(section, start, end, heading)
    return regions
