"""The words around the tables: paragraphs by section, typed facts stated in the text, and the
check of each stated total against the table quantity it means.

The three tables are half a report. The narrative says how many applications were 受理, how many
reviews and lawsuits there were, whether a 信息处理费 was charged — and oversight offices compare
those sentences with the tables by hand ("正文 vs 表格"). This module does that check:

1. :func:`paragraphs` — every non-table line of the Document, with the section it belongs to
   (``preamble``, ``one`` … ``six``, ``signoff``) and its locator (line, or page + bbox).
2. :func:`facts` — regular patterns of the official prose, typed: the fee (``fee_charged`` in
   万元, 0 for 未收取), totals (``applications_received``, ``applications_accepted`` (受理),
   ``applications_handled`` (办结), ``carried_forward`` (结转), ``reviews``, ``lawsuits``,
   ``active_disclosed`` (主动公开 … 条)). A sentence about another scope (全县/全市/各部门…, a
   comparison with last year, a 其中 sub-count) is recorded with its scope and never compared.
3. :func:`cross_checks` — each comparable fact against the table: ``agrees``, ``disagrees``
   (a warning with both locations), ``unchecked`` (the table cell is blank or absent) or
   ``not_comparable`` (another scope, or no table quantity means the same thing). 受理 may mean the
   new applications or new + carried over: the check says which quantity it matched.

Deterministic patterns, no model: a missed sentence is a missing fact, never a wrong one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from extract.document import Document, Line, TextLines

SECTION_KEYS = ("one", "two", "three", "four", "five", "six")
MAX_PARAGRAPHS = 2000  # kept per report: bounds the memory and the warehouse rows of a pathological file
_CN = "一二三四五六"
_HEADING = re.compile(r"^[#*\s]*(?:[（(]?([一二三四五六])[）)]?[、.．]|第([一二三四五六])部分)")
_SIGNOFF_DATE = re.compile(r"^\s*(?:\d{4}|[〇零一二三四五六七八九]{4})\s*年\s*[\d一二三四五六七八九十]{1,3}\s*月\s*[\d一二三四五六七八九十]{1,3}\s*日\s*$")
_SENTENCE_END = re.compile(r"(?<=[。；;！!？?])")

# Numbers: Arabic (with thousands separators) or small Chinese numerals.
_NUM = r"(\d[\d,，]*(?:\.\d+)?|[零〇一二两三四五六七八九十百]+)"
_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}

# Words that put a sentence's figure in another scope than this agency's own table.
_WIDE_SCOPE = re.compile(r"全(?:县|市|区|省|州|盟|旗|镇|乡|系统)|各(?:乡镇|街道|部门|单位|县|区|市)|所属|下属|系统内|辖区内")
_COMPARISON_WORD = re.compile(r"较|比上|同比|环比|上年|去年|上一年")
# A named office acting for the agency (区政府办代表区政府受理…): its own count, not the table's scope.
_OTHER_ACTOR = re.compile(r"代表|办公室|政府办|[^，。；]{1,6}(?:局|委员会|中心)(?=共|全年|受理|收到|办结)")


@dataclass
class Paragraph:
    """A line of prose with its section and locator."""

    section: str  # preamble | one … six | signoff
    seq: int
    text: str
    line: int | None = None
    page: int | None = None
    bbox: tuple[float, float, float, float] | None = None
    element: str | None = None  # web pages: XPath of the element in the page as published


@dataclass
class Fact:
    """A quantity the text states, typed, with the sentence it was read from."""

    kind: str
    value: float
    unit: str  # 件 | 条 | 万元
    meaning: str  # what quantity the words mean, in words
    sentence: str
    section: str
    scope: str  # own | wider:<word> | comparison | sub-count
    line: int | None = None
    page: int | None = None
    raw: str = ""


@dataclass
class TextCheck:
    """A stated total compared with the table."""

    kind: str
    status: str  # agrees | disagrees | unchecked | not_comparable
    stated: float
    table_value: float | None
    compared_with: str  # the table quantity, e.g. "applications.new_received.total"
    sentence: str
    line: int | None
    page: int | None
    table_line: int | None = None
    table_page: int | None = None
    note: str = ""


# ----------------------------------------------------------------------------- paragraphs
_HEADING_FIRST = frozenset("（(第一二三四五六")  # what a section heading can start with


def section_of_heading(text: str) -> str | None:
    """``one`` … ``six`` when the line starts a numbered top-level section (一、 … 六、)."""
    if text.lstrip(" #*\t\u3000")[:1] not in _HEADING_FIRST:  # cheap test first: most lines are prose
        return None
    m = _HEADING.match(text)
    if not m:
        return None
    ch = m.group(1) or m.group(2)
    if text.lstrip(" #*").startswith(("（", "(")):  # （一） is a sub-heading, not a section
        return None
    return SECTION_KEYS[_CN.index(ch)]


def paragraphs(doc: Document) -> list[Paragraph]:
    """The document's prose by section; table rows (TAB lines, markdown pipes) are the tables'
    business. Lines a converter wrapped (pdftotext, PDF text: a long line without closing
    punctuation followed by an unindented line) are joined into one paragraph located at its
    first line, so a sentence cut between 受理 and its figure is still one sentence."""
    out: list[Paragraph] = []
    current = "preamble"
    order = -1  # sections only move forward: a later "一、" inside section six is a list item
    # (the cheap first tests of _split_inline_headings and section_of_heading are made here:
    # a call per prose line otherwise)
    lines = (part for ln in _prose_lines(doc) for part in (_split_inline_headings(ln) if len(ln.text) >= 40 else (ln,)))
    prev_raw = ""
    for ln in lines:
        if len(out) >= MAX_PARAGRAPHS:  # a report has ~40-200; the rest of a huge file is not its prose
            break
        key = section_of_heading(ln.text) if ln.text.lstrip(" #*\t\u3000")[:1] in _HEADING_FIRST else None
        if key is not None and SECTION_KEYS.index(key) > order:
            current, order = key, SECTION_KEYS.index(key)
        elif key is None and out and ln.element == out[-1].element and _continues(out[-1], prev_raw, ln.text, current):
            # (two block elements of a web page are two paragraphs: wrapping is a dump's artefact)
            _join(out[-1], ln)
            prev_raw = ln.text
            continue
        out.append(_para(current, len(out), ln))
        prev_raw = ln.text
    # the sign-off: trailing short lines that end with a date (agency name, date)
    for i in range(len(out) - 1, max(-1, len(out) - 4), -1):
        if _SIGNOFF_DATE.match(out[i].text.replace(" ", "")):
            for p in out[max(0, i - 1) : i + 1]:
                if len(p.text.strip()) <= 40:
                    p.section = "signoff"
            break
    return out


def _prose_lines(doc: Document) -> Iterator[Line]:
    """The document's prose lines; a plain text makes a Line only for those (most of its lines
    are table rows, blank or numbers)."""
    if isinstance(doc.lines, TextLines):
        # _prose inline (a call per line of the file otherwise)
        return (Line(t, k) for k, t in doc.lines.numbered() if "\t" not in t and t.lstrip()[:1] not in ("", "|"))
    return (ln for ln in doc.lines if _prose(ln.text))


def _prose(text: str) -> bool:
    """Not blank and not a table row (TAB fields, a markdown pipe row)."""
    if "\t" in text:
        return False
    s = text.lstrip()
    return bool(s) and s[0] != "|"


# A section heading inside a line (scraped pages print the whole body as one line).
_HEADING_WORDS = r"[一二三四五六]、\s*(?:总体情况|主动公开政府信息|收到和处理|政府信息公开行政|存在的主要问题|其他需要报告)"
_INLINE_HEADING = re.compile(r"(?<=.)(?=" + _HEADING_WORDS + ")")
# The same words without the look-arounds: a pattern that starts with a character set is
# scanned fast; it is necessary for a split, so a line without it is left whole at once.
_INLINE_HEADING_WORDS = re.compile(_HEADING_WORDS)


def _split_inline_headings(ln: Line) -> list[Line]:
    """A line holding several section headings cut before each (same locator for every piece)."""
    text = ln.text
    if len(text) < 40 or not _INLINE_HEADING_WORDS.search(text, 1) or not _INLINE_HEADING.search(text):
        return [ln]
    if "\n" in text:  # the look-behind's "." stops at a newline: the regex way
        parts = _INLINE_HEADING.split(text)
    else:
        # the cuts are where the heading words start (after the first character); a match of
        # them holds none of 一…六, so non-overlapping matches find every cut, with no look-around
        cuts = [m.start() for m in _INLINE_HEADING_WORDS.finditer(text, 1)]
        parts = [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True)]
    return [Line(part, ln.line, ln.page, ln.bbox, element=ln.element) for part in parts if part.strip()]


_CLOSED = tuple("。；;！!？?：:”」")
_SUBHEADING = re.compile(r"^\s*[（(][一二三四五六七八九十]+[）)]")


def _continues(prev: Paragraph, prev_raw: str, raw: str, section: str) -> bool:
    """Is ``raw`` the wrapped continuation of ``prev``?"""
    # an indent starts a paragraph (one space is a converter's word gap, not an indent)
    if prev.section != section or raw.startswith(("  ", "\t", " \t", "#", "*", "　")):
        return False
    last = prev_raw.strip()
    if len(last) < 15 or last.endswith(_CLOSED) or _SUBHEADING.match(last) or section_of_heading(last):
        return False
    if _SUBHEADING.match(raw) or _SIGNOFF_DATE.match(raw.replace(" ", "")):
        return False
    return not (section == "preamble" and "年度报告" in prev.text)  # the title is its own paragraph


def _join(p: Paragraph, ln: Line) -> None:
    p.text += ln.text.strip()
    if p.bbox and ln.bbox and ln.page == p.page:
        a, b = p.bbox, ln.bbox
        p.bbox = (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))


def _para(section: str, seq: int, ln: Line) -> Paragraph:
    return Paragraph(section, seq, ln.text.strip(), ln.line, ln.page, ln.bbox, ln.element)


_SENTENCE_ENDS = "。；;！!？?"


def sentences(text: str) -> list[str]:
    """A paragraph cut after 。；！？ (Chinese prose has no spaces to split on). A mark put
    after each sentence end and one split are 3× the look-behind split on a long scraped body."""
    if "\x00" in text:  # the mark itself: the regex way
        return [s for s in _SENTENCE_END.split(text) if s.strip()]
    for ch in _SENTENCE_ENDS:
        if ch in text:
            text = text.replace(ch, ch + "\x00")
    return [s for s in text.split("\x00") if s.strip()]


# ----------------------------------------------------------------------------- facts
def to_number(raw: str) -> float | None:
    """``1,234`` → 1234; ``十二`` → 12; ``两`` → 2; None when it is not a number."""
    s = raw.replace(",", "").replace("，", "")
    try:
        return float(s)
    except ValueError:
        pass
    if not s or any(c not in _CN_DIGITS and c not in "十百" for c in s):
        return None
    total, current = 0, 0
    for c in s:
        if c in _CN_DIGITS:
            current = _CN_DIGITS[c]
        elif c == "十":
            total += (current or 1) * 10
            current = 0
        elif c == "百":
            total += (current or 1) * 100
            current = 0
    return float(total + current)


# (kind, pattern, unit, meaning). The number is group "n"; the patterns are anchored on the verb so
# "收到申请3件" and "共受理政府信息公开申请12件" both match, "其中当面申请2件" does not (no verb).
_APPLY = r"(?:政府信息公开|信息公开)?(?:申请|申请件)"
_PATTERNS: tuple[tuple[str, re.Pattern[str], str, str], ...] = (
    ("applications_received", re.compile(r"(?:收到|接收|新收)(?:并受理|和受理)?(?:各类|各项|群众)?" + _APPLY + r"(?:共计|共|合计)?" + _NUM.replace("(", "(?P<n>", 1) + r"\s*(?:件|个|条)"), "件", "applications received this year (本年新收)"),
    ("applications_accepted", re.compile(r"受理(?:各类|各项|群众)?" + _APPLY + r"(?:共计|共|合计)?" + _NUM.replace("(", "(?P<n>", 1) + r"\s*(?:件|个|条)"), "件", "applications accepted (受理: new, or new + carried over)"),
    ("applications_handled", re.compile(r"(?:办结|答复|办理完毕)(?:各类)?(?:政府信息公开|信息公开)?(?:申请)?(?:共计|共|合计)?" + _NUM.replace("(", "(?P<n>", 1) + r"\s*件"), "件", "applications handled this year (办理结果总计)"),
    ("carried_forward", re.compile(r"结转(?:到|至)?(?:下一?年度?|下年度?|\d{4}年(?:度)?)?(?:继续办理)?(?:的)?(?:申请)?(?:共)?" + _NUM.replace("(", "(?P<n>", 1) + r"\s*件"), "件", "carried forward to next year (结转下年度继续办理)"),
    ("reviews", re.compile(r"(?:行政复议(?:案件|申请)?(?:共计|共|合计)?" + _NUM.replace("(", "(?P<n>", 1) + r"\s*(?:件|起|宗)|" + _NUM.replace("(", "(?P<m>", 1) + r"\s*(?:件|起|宗)行政复议)"), "件", "administrative reviews (行政复议 总计)"),
    ("lawsuits", re.compile(r"(?:行政诉讼(?:案件)?(?:共计|共|合计)?" + _NUM.replace("(", "(?P<n>", 1) + r"\s*(?:件|起|宗)|" + _NUM.replace("(", "(?P<m>", 1) + r"\s*(?:件|起|宗)行政诉讼)"), "件", "lawsuits (行政诉讼 总计, direct and after review)"),
    ("active_disclosed", re.compile(r"主动公开(?:各类|各项)?(?:政府)?信息(?:共计|共|合计)?" + _NUM.replace("(", "(?P<n>", 1) + r"\s*(?:余)?条"), "条", "items disclosed on the agency's own initiative"),
)
# Words every match of a pattern contains (its verb): a sentence without one of them cannot
# match, and ``in`` tests are far cheaper than running the pattern over the sentence.
_TRIGGERS: dict[str, tuple[str, ...]] = {
    "applications_received": ("收到", "接收", "新收"),
    "applications_accepted": ("受理",),
    "applications_handled": ("办结", "答复", "办理完毕"),
    "carried_forward": ("结转",),
    "reviews": ("行政复议",),
    "lawsuits": ("行政诉讼",),
    "active_disclosed": ("主动公开",),
}
_FEE_NONE = re.compile(r"(?:未|没有|不|无)(?:收取|收)(?:任何)?(?:信息处理费|费用)|信息处理费(?:为)?(?:0|零)(?:元|万元)?(?![\d.])|(?:未|没有)(?:发生|产生)(?:信息处理费|收费)")
_FEE_AMOUNT = re.compile(r"(?:收取|收缴)(?:了)?信息处理费(?:共计|共|合计)?(?:\d+\s*(?:笔|件|次)[，,]?\s*(?:金额|计|共计)?)?(?P<n>\d[\d,，]*(?:\.\d+)?)\s*(?P<u>万元|千元|元)|信息处理费(?:共计|共|合计)?(?P<n2>\d[\d,，]*(?:\.\d+)?)\s*(?P<u2>万元|千元|元)")
_COUNTED = re.compile(r"[\d零〇一二两三四五六七八九十百]\s*(?:余)?[件条起宗个]")
_UNIT_TO_10K = {"元": 1 / 10000, "千元": 1 / 10, "万元": 1.0}


def _scope(sentence: str, start: int) -> str:
    """``own`` unless words before the figure put it in another scope: a wider unit (全县, 各部门),
    a named office acting for the agency (区政府办代表区政府受理), a comparison (较上年增加 3 件 is a
    difference), or a part (其中 … 2 件)."""
    window = sentence[max(0, start - 24) : start]
    m = _WIDE_SCOPE.search(window)
    if m:  # 全县 in a county government's report may still mean every department: not compared
        return f"wider:{m.group(0)}"
    clause = re.split(r"[，,；;：:]", window)[-1]
    actor = _OTHER_ACTOR.search(clause)
    if actor:
        return f"actor:{actor.group(0)}"
    if _COMPARISON_WORD.search(clause):
        return "comparison"
    if "其中" in sentence[:start]:  # 其中，通过网络收到申请 5 件: a part, whatever the commas
        return "sub-count"
    return "own"


def facts(paras: list[Paragraph]) -> list[Fact]:
    """Typed facts of the prose (sections 一, 五, 六 and the preamble; the tables' own lines and
    sections 二-四's notes are skipped: their numbers are the tables')."""
    out: list[Fact] = []
    for p in paras:
        if p.section in ("two", "three", "four", "signoff"):
            continue
        # Most paragraphs state no fee and no count: one test on the whole paragraph skips its
        # sentences (a sentence's compact text is a substring of the paragraph's, so no match is lost).
        if "费" not in p.text and not _COUNTED.search(_compact(p.text)):
            continue
        for sent in sentences(p.text):
            compact = _compact(sent)
            out.extend(_fee_facts(compact, p))
            if not _COUNTED.search(compact):  # most sentences state no count: skip the patterns
                continue
            for kind, pat, unit, meaning in _PATTERNS:
                if not any(w in compact for w in _TRIGGERS[kind]):
                    continue
                for m in pat.finditer(compact):
                    group = "n" if m.group("n") is not None else "m"
                    value = to_number(m.group(group))
                    if value is None:
                        continue
                    scope = _scope(compact, m.start())
                    out.append(Fact(kind, value, unit, meaning, compact, p.section, scope, p.line, p.page, m.group(0)))
    return out


def _compact(text: str) -> str:
    return text.replace(" ", "").replace("\u3000", "")


def _fee_facts(sent: str, p: Paragraph) -> list[Fact]:
    if "费" not in sent:
        return []
    m = _FEE_AMOUNT.search(sent)
    if m:
        raw_n, unit = (m.group("n"), m.group("u")) if m.group("n") else (m.group("n2"), m.group("u2"))
        value = to_number(raw_n)
        if value is not None:
            value = round(value * _UNIT_TO_10K[unit], 10)
            return [Fact("fee_charged", value, "万元", "information processing fee charged (信息处理费), in 万元",
                         sent, p.section, "own", p.line, p.page, m.group(0))]  # fmt: skip
    m = _FEE_NONE.search(sent)
    if m:
        return [Fact("fee_charged", 0.0, "万元", "no information processing fee charged (未收取信息处理费)",
                     sent, p.section, "own", p.line, p.page, m.group(0))]  # fmt: skip
    return []


# ----------------------------------------------------------------------------- cross-checks
# What each kind is compared with: list of alternatives, each a list of (section, row, column) summed.
_A, _R = "applications", "review_litigation"
_TABLE_MEANING: dict[str, list[tuple[str, list[tuple[str, str, str]]]]] = {
    "applications_received": [("applications.new_received.total", [(_A, "new_received", "total")])],
    "applications_accepted": [
        ("applications.new_received.total", [(_A, "new_received", "total")]),
        ("applications.new_received.total + carried_over.total", [(_A, "new_received", "total"), (_A, "carried_over", "total")]),
    ],
    "applications_handled": [("applications.outcome_total.total", [(_A, "outcome_total", "total")])],
    "carried_forward": [("applications.carried_forward.total", [(_A, "carried_forward", "total")])],
    "reviews": [("review_litigation.administrative_review.total", [(_R, "administrative_review", "total")])],
    "lawsuits": [
        ("review_litigation.litigation_direct.total + litigation_after_review.total",
         [(_R, "litigation_direct", "total"), (_R, "litigation_after_review", "total")]),
    ],  # fmt: skip
}


def cross_checks(found: list[Fact], cells: dict[tuple[str, str, str], tuple[float, int | None, int | None]]) -> list[TextCheck]:
    """Each fact against the table. ``cells`` maps (section, row, column) to (value, line, page)."""
    out: list[TextCheck] = []
    for f in found:
        alternatives = _TABLE_MEANING.get(f.kind)
        if alternatives is None or f.scope != "own":
            note = f"scope {f.scope}" if f.scope != "own" else "no table quantity means this"
            out.append(TextCheck(f.kind, "not_comparable", f.value, None, "", f.sentence, f.line, f.page, note=note))
            continue
        check = None
        for label, keys in alternatives:
            if any(k not in cells for k in keys):
                continue
            total = sum(cells[k][0] for k in keys)
            first = cells[keys[0]]
            cand = TextCheck(f.kind, "agrees" if abs(total - f.value) < 1e-9 else "disagrees", f.value, total, label,
                             f.sentence, f.line, f.page, first[1], first[2])  # fmt: skip
            if cand.status == "agrees":
                check = cand
                break
            if check is None:
                check = cand
            else:
                check.note += f"; also compared with {label} = {total:g}"
        if check is None:
            check = TextCheck(f.kind, "unchecked", f.value, None, alternatives[0][0], f.sentence, f.line, f.page,
                              note="the table cell is blank or was not read")  # fmt: skip
        out.append(check)
    return out


def locate(line: int | None, page: int | None) -> str:
    """A locator in words for messages: ``line 14`` or ``page 2``."""
    if page is not None:
        return f"page {page}"
    return f"line {line}" if line is not None else "unknown place"


# ----------------------------------------------------------------------------- on a Report
def attach(report, doc: Document) -> None:
    """Paragraphs, facts and text checks onto ``report`` (plain dicts, the JSON shape), and one
    ``text_table_mismatch`` warning per disagreement naming both places. Called by the pipeline
    once the cells are read; a failure here must never cost the cells, so it is contained."""
    try:
        paras = paragraphs(doc)
        found = facts(paras)
        cells = {(c.section, c.row, c.column): (float(c.value), c.line, c.page) for c in report.cells if c.column == "total"}
        checks = cross_checks(found, cells)
    except Exception as exc:  # noqa: BLE001 - the narrative is an extra; the tables stand alone
        report.issue("info", "narrative_unread", f"the narrative could not be read: {type(exc).__name__}: {exc}")
        return
    report.paragraphs = [
        {"section": p.section, "seq": p.seq, "text": p.text, "line": p.line, "page": p.page,
         "bbox": list(p.bbox) if p.bbox else None, "element": p.element}
        for p in paras
    ]  # fmt: skip
    report.facts = [
        {"kind": f.kind, "value": f.value, "unit": f.unit, "meaning": f.meaning, "scope": f.scope, "section": f.section,
         "sentence": f.sentence, "raw": f.raw, "line": f.line, "page": f.page}
        for f in found
    ]  # fmt: skip
    report.text_checks = [
        {"kind": c.kind, "status": c.status, "stated": c.stated, "table_value": c.table_value,
         "compared_with": c.compared_with, "sentence": c.sentence, "line": c.line, "page": c.page,
         "table_line": c.table_line, "table_page": c.table_page, "note": c.note}
        for c in checks
    ]  # fmt: skip
    for c in checks:
        if c.status == "disagrees":
            section, row, column = (c.compared_with.split(" ")[0].split(".") + ["", "", ""])[:3]
            report.issue(
                "warning", "text_table_mismatch",
                f"{c.kind}: the text states {c.stated:g} ({locate(c.line, c.page)}: 「{_short(c.sentence)}」) but the "
                f"table has {c.table_value:g} ({c.compared_with}, {locate(c.table_line, c.table_page)}){c.note}",
                section, row, column,
            )  # fmt: skip


def _short(sentence: str, n: int = 40) -> str:
    return sentence if len(sentence) <= n else sentence[: n - 1] + "…"
