"""One section's table: find its phrases, read its rows, reconcile, and write the cells.

This is where the rules of "never a silent wrong value" are applied: a row is written when its
reading is unique; rows that can only be placed by order or split by identities are written with
a warning; ambiguous ones leave only the cells every reading agrees on.

Flags have to mean something, so a clean report carries none: a wrapped label followed by its own
value row is simply that row; rows placed by order are a warning only when no identity confirms
them; a row is ``row_blank`` (info) only when nothing in its table is left unplaced; a bare label
among rows that print empty fields is ``row_lost``. Money is stored in 万元 from the unit printed
in the cell, else in the column header, after the row label or in a table note (元, 千元, 万元).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from extract.cells import (
    LooseRow,
    RawCell,
    RowRead,
    Token,
    detect_style,
    label_pieces,
    misread_in,
    read_table,
    read_trailing_cells,
)
from extract.document import Line, TextLines
from extract.identities import CellMap, column_identities, row_sum_holds
from extract.model import Cell, Report
from extract.phrases import Match, Squeezed, find_phrases, squeeze
from extract.rows import Candidate, Reading, RowResult, fixed_cells, read_cells, read_flat, read_row
from extract.sections import Region
from extract.templates import (
    ACTIVE,
    ACTIVE_HEADER_MARKERS,
    ACTIVE_SKIP,
    AMOUNT_COLUMNS,
    APPLICANT_COLUMNS,
    APPLICATION_2021_MARKERS,
    APPLICATION_SKIP,
    APPLICATION_SKIP_2021,
    APPLICATIONS,
    REVIEW,
    REVIEW_COLUMNS,
    REVIEW_ROWS,
    REVIEW_SKIP,
    TEMPLATES,
    Template,
)
from extract.values import parse_cell

# Divisors from a printed money unit to 万元.
_TO_10K = {"万元": 1, "千元": 10, "元": 10000}
# A money unit stated for a column: in its header (采购总金额（元）, 本年收费金额（单位：元）), after a
# row label (政府集中采购（万元）) or as a table note (（单位：元）). Squeezed text.
_UNIT = re.compile(r"(?:单位:?|\()(万元|千元|元)")
_AMOUNT_LABEL = re.compile(r"(?:采购总金额|本年收费金额|政府集中采购|行政事业性收费)(\([^)]{0,30}\))")
_UNIT_NOTE = re.compile(r"单位:?(万元|千元|元)")

# OCR cells read with less confidence than this are flagged (TEMPLATES.md: warning).
LOW_CONFIDENCE = 0.8
# A line longer than any printed table row is a flattened dump: its cells get a char_offset.
FLAT_LINE = 200


@dataclass
class TextIndex:
    """The document text, its squeezed copy and line starts (for provenance)."""

    text: str
    sq: Squeezed
    line_starts: list[int]
    lines: list[Line]

    plain: bool = False  # the lines of a plain text: line i is number i + 1, no page or boxes

    def __post_init__(self) -> None:
        # Every written cell asks for its line. A plain text's line is its number, so no Line
        # object is made for it; a report-sized text's line starts become a list of ints (a C
        # bisect; on an array every step boxes an int), a huge text keeps its compact array.
        if isinstance(self.lines, TextLines):
            self.plain = True
            if self.lines.parts is not None:
                self.line_starts = list(self.line_starts)

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self.line_starts, offset) - 1

    def where(self, offset: int) -> tuple[Line, int]:
        """The document line holding ``offset`` and the index of its TAB-separated cell."""
        li = bisect.bisect_right(self.line_starts, offset) - 1
        line = self.lines[li]
        return line, self.text.count("\t", self.line_starts[li], offset)

    def original(self, sq_index: int) -> int:
        if sq_index >= len(self.sq.text):
            return len(self.text)
        return self.sq.orig(sq_index)


def active_version(sq: Squeezed, region: Region) -> str | None:
    """2019 or 2021 from section two's column headers (more markers wins)."""
    seg = sq.text[region.start : region.end]
    counts = {v: sum(bool(re.search(p, seg)) for p in pats) for v, pats in ACTIVE_HEADER_MARKERS.items()}
    best = max(counts, key=lambda v: counts[v])
    if counts[best] == 0 or counts["2019"] == counts["2021"]:
        return None
    return best


def active_version_by_rows(idx: TextIndex, region: Region) -> str | None:
    """2019 or 2021 from section two's rows when its column headers are generic or missing
    (OCR, converters): the version whose rows and per-row cell counts fit every printed row,
    when the other does not; None when both or neither fit."""
    t19 = TEMPLATES["2019"]
    phrases = _phrases(idx, region, t19, ACTIVE)
    lo, hi = idx.original(region.start), idx.original(region.end)
    table = read_table(idx.text, lo, hi, phrases, detect_style(idx.text, lo, hi))
    fits = {v: True for v in TEMPLATES}
    seen = False
    for read in table.rows:
        cells = read.cells if read.flat is None else [RawCell(t.text, t.offset, parse_cell(t.text)) for t in read.flat]
        if not cells:
            continue
        seen = True
        filled = max((i + 1 for i, c in enumerate(cells) if c.parsed.kind == "number"), default=0)
        for v, t in TEMPLATES.items():
            spec = next((r for r in t.active_rows if r.row == read.row), None)
            n = len(t.columns(ACTIVE, spec.table)) if spec else -1
            if not (filled <= n <= len(cells)):
                fits[v] = False
    ok = [v for v, f in fits.items() if f]
    return ok[0] if seen and len(ok) == 1 else None


def application_version(sq: Squeezed, region: Region) -> str | None:
    """2021 when the （六） sub-rows are printed, 2019 when （六） carries values itself, None when
    the table does not reach （六） (truncated)."""
    seg = sq.text[region.start : region.end]
    if any(re.search(p, seg) for p in APPLICATION_2021_MARKERS):
        return "2021"
    return "2019" if re.search(r"\(六\)其他处理", seg) else None


def _phrases(idx: TextIndex, region: Region, template: Template, section: str) -> list[Match]:
    rows, skips = _phrase_args(template, section)
    return find_phrases(idx.sq, rows, skips, region.start, region.end)


_PHRASE_ARGS: dict[tuple[int, str], tuple[Template, tuple[tuple[str, str], ...], tuple[str, ...]]] = {}


def _phrase_args(template: Template, section: str) -> tuple[tuple[tuple[str, str], ...], tuple[str, ...]]:
    """A section's (row code, pattern) pairs and skip phrases, made once per template (the
    template is kept with them, so a new template at a reused id is never taken for the old)."""
    hit = _PHRASE_ARGS.get((id(template), section))
    if hit is not None and hit[0] is template:
        return hit[1], hit[2]
    rows = tuple((r.row, r.pattern) for r in template.rows(section))
    if section == ACTIVE:
        skips = ACTIVE_SKIP
    elif template.version == "2021":
        skips = APPLICATION_SKIP_2021 + APPLICATION_SKIP
    else:
        skips = APPLICATION_SKIP
    if len(_PHRASE_ARGS) > 64:  # only a test making templates gets here
        _PHRASE_ARGS.clear()
    _PHRASE_ARGS[(id(template), section)] = (template, rows, skips)
    return rows, skips


class SectionReader:
    """Reads one section into cells on ``report``; see the module docstring for the rules."""

    def __init__(self, idx: TextIndex, report: Report, section: str, region: Region, template: Template) -> None:
        self.idx = idx
        self.report = report
        self.section = section
        self.region = region
        self.template = template
        self.lo = idx.original(region.start)
        self.hi = idx.original(region.end)
        self.cells: dict[tuple[str, str, str], Cell] = {}
        self.unit_header = ""
        self.unplaced = False  # value rows or values were left unplaced in this table
        self.by_order: list[str] = []  # rows placed by print order, not by adjacency
        self.order_crosses = False  # a row that printed its own values lies between a label and its value row

    # -- writing -------------------------------------------------------------------------
    def note(self, severity: str, code: str, message: str, row: str = "", column: str = "") -> None:
        self.report.issue(severity, code, message, self.section, row, column)

    def write(self, row: str, table: str, cand: Candidate) -> None:
        # ~150 cells a report: the line lookup is inlined, and the TAB count that finds a cell's
        # box, OCR confidence or HTML position is made only for lines that carry them.
        starts, lines, text, section = self.idx.line_starts, self.idx.lines, self.idx.text, self.section
        plain = self.idx.plain
        for col, r in cand.items():
            value = self._convert(row, col, r) if col in AMOUNT_COLUMNS else r.value
            if value is None:
                continue
            li = bisect.bisect_right(starts, r.offset) - 1
            raw = r.raw if not r.derived else f"(derived from the row total) {r.raw}".strip()
            if plain:  # a plain text's line is its number; its length comes from the line starts
                line_no, page, bbox, boxes, conf, refs = li + 1, None, None, None, None, None
                line_len = (starts[li + 1] - 1 if li + 1 < len(starts) else len(text)) - starts[li]
            else:
                line = lines[li]
                line_no, page, bbox, boxes, conf, refs = line.line, line.page, line.bbox, line.cell_boxes, line.confidence, line.cell_refs
                line_len = len(line.text)
            k = text.count("\t", starts[li], r.offset) if boxes or conf or refs else 0
            if boxes and k < len(boxes) and boxes[k]:
                bbox = boxes[k]
            html = refs[k] if refs and k < len(refs) else None
            # a flattened dump prints a whole table on one line: the line alone does not find the value
            offset = r.offset if line_len > FLAT_LINE and not r.derived else None
            self.cells[(section, row, col)] = Cell(section, row, col, value, raw, table, line_no, page, bbox, html, offset)
            if conf and k < len(conf) and conf[k] < LOW_CONFIDENCE and not r.derived:
                self.note(
                    "warning",
                    "low_confidence",
                    f"OCR read {raw!r} with confidence {conf[k]:.2f}",
                    row,
                    col,
                )

    def _convert(self, row: str, col: str, r: Reading) -> int | float | None:
        """Amounts to 万元: 元 converted, unit-less kept with a warning unless zero."""
        v = r.value
        if col not in AMOUNT_COLUMNS:
            return v
        unit = r.unit or self.unit_header
        if unit in _TO_10K:
            if unit == "万元":
                return v
            out = round(float(v) / _TO_10K[unit], 6)
            return int(out) if out.is_integer() else out
        if v != 0:
            self.note("warning", "amount_unit_assumed", f"no unit printed for {v}; kept as 万元", row, col)
        return v

    # -- reading -------------------------------------------------------------------------
    def run(self) -> dict[tuple[str, str, str], Cell]:
        if self.section == REVIEW:
            self._read_review()
        else:
            self._read_labelled()
        return self.cells

    def _read_labelled(self) -> None:
        phrases = _phrases(self.idx, self.region, self.template, self.section)
        if self.section == ACTIVE:
            self.unit_header = amount_unit(self.idx.sq.text[self.region.start : self.region.end])
        style = detect_style(self.idx.text, self.lo, self.hi)
        table = read_table(self.idx.text, self.lo, self.hi, phrases, style)
        specs = {r.row: r for r in self.template.rows(self.section)}
        results: dict[str, RowResult] = {}
        orphans: list[RowRead] = []
        shared: set[str] = set()
        for i, read in enumerate(table.rows):
            spec = specs[read.row]
            cols = self.template.columns(self.section, spec.table)
            res = read_row(self.section, read, cols)
            if read.shares_line:
                nxt = table.rows[i + 1].row if i + 1 < len(table.rows) else ""
                shared.update({read.row, nxt})
                self.note("warning", "labels_share_row", f"labels of {read.row} and {nxt} share one printed row", read.row)
            prev = results.get(read.row)
            if prev is not None and (prev.candidates or prev.printed):
                if res.candidates and prev.candidates and res.candidates[0] != prev.candidates[0]:
                    self.note("warning", "row_repeated", "row printed twice with different values", read.row)
                continue
            if read.misread:
                res.notes.append(("warning", "misread_number", f"a cell reads {read.misread!r} where a number belongs (OCR?): left out"))
            if read.unread and res.blank and not read.cells:
                # digits after the label that no reading accepts: not a blank row
                res.blank = False
                res.notes.append(("warning", "unreadable_row", f"text after the label is not cells: {read.unread[:40]!r}"))
            results[read.row] = res
            if not res.printed and not read.shares_line:
                orphans.append(read)
        self._attach_continuations(table, results)
        self._recover_split_labels(table, results)
        self._place_loose_rows(orphans, table.loose, results, table.rows)
        self._lost_rows(table.rows, results)
        strays = table.strays
        if strays and self._complete(results) and all(_page_number(self.idx.text, c) for c in strays):
            vals = ", ".join(c.raw.strip() for c in strays[:5])
            self.note("info", "page_number_skipped", f"lone numbers between table parts read as page numbers: {vals}")
            strays = []
        if strays:
            self.unplaced = True
            vals = ", ".join(c.raw.strip() for c in strays[:5])
            self.note("warning", "unplaced_values", f"values outside any row: {vals}")
        for row in shared:
            if row in results:
                results[row].candidates = []
        if self.section == APPLICATIONS:
            self._resolve_by_columns(results)
        self._write_rows(results, specs)
        self._check_order_placement()

    def _attach_continuations(self, table, results: dict[str, RowResult]) -> None:
        """A row whose label line printed only empty fields, followed by one value row whose text
        is the rest of that label (``| （二）部分公开（…只计这一 | | …`` then ``| 情形，不计其他情形）
        | 1 | 0 …``): a label wrapped over two table rows; the values are the row's. Also the values
        printed on the label's own line after header words glued to it (``行政事业性收费（单位：元）
        → 信息内容 → 本年收费金额 → 102275100``)."""
        if not table.loose:
            return
        specs = {r.row: r for r in self.template.rows(self.section)}
        text = self.idx.text
        for read in table.rows:
            row = read.row
            res = results.get(row)
            if res is None or not (res.blank and res.printed) or res.candidates:
                continue
            mine = [lr for lr in table.loose if lr.owner == row]
            if len(mine) != 1:
                continue
            line_end = text.find("\n", read.label.end)
            same_line = read.label.end <= mine[0].offset < (len(text) if line_end < 0 else line_end)
            tail = len(mine[0].text) >= 2 and squeeze(specs[row].label).text.endswith(mine[0].text)
            if not (same_line or tail):
                continue
            cols = self.template.columns(self.section, specs[row].table)
            new = read_cells(self.section, mine[0].cells, cols)
            new.row = row
            results[row] = new
            table.loose.remove(mine[0])

    def _recover_split_labels(self, table, results: dict[str, RowResult]) -> None:
        """Rows whose label no phrase matched because it wrapped inside its table cell and the
        row's values were printed between the two label pieces (PDFs printed from Word): join
        the text fields of consecutive TAB/pipe lines, find the missing labels there, and give a
        found label the one value row printed on its lines."""
        found = {r.row for r in table.rows}
        missing = [spec for spec in self.template.rows(self.section) if spec.row not in found]
        if not missing or not table.loose:
            return
        pieces = label_pieces(self.idx.text, self.lo, self.hi)
        joined = "".join(p.text for p in pieces)
        owner: list[int] = []  # piece index of every character of ``joined``
        starts: set[int] = set()
        for i, p in enumerate(pieces):
            starts.update(len(owner) + s for s in p.field_starts)
            owner.extend([i] * len(p.text))
        taken = {r.label.start for r in table.rows}
        for spec in missing:
            for m in re.finditer(spec.pattern, joined):
                if m.start() not in starts or m.end() == m.start():
                    continue
                lines = pieces[owner[m.start()] : owner[m.end() - 1] + 1]
                if len(lines) < 2 or any(p.line_start <= t < p.line_end for p in lines for t in taken):
                    continue
                mine = [lr for lr in table.loose if any(p.line_start <= lr.offset < p.line_end for p in lines)]
                with_values = [p for p in lines if any(c.parsed.kind == "number" for c in p.values)]
                if len(mine) != 1 or len(with_values) != 1:
                    continue
                cols = self.template.columns(self.section, spec.table)
                values = with_values[0].values
                res = read_cells(self.section, values, cols, tab_row=len(values) == len(cols))
                res.row = spec.row
                results[spec.row] = res
                table.loose.remove(mine[0])
                break
            else:
                self._recover_cut_label(spec, pieces, table, results)

    def _recover_cut_label(self, spec, pieces, table, results: dict[str, RowResult]) -> None:
        """A missing row whose label lost its tail to another line (``2.其他法律行政法规禁止公 0 0 …``,
        the 开 printed among a group label's pieces): one value row whose text is a long prefix of
        that label and of no other label of the table is the row."""
        core = _ORDINAL.sub("", squeeze(spec.label).text)
        others = [_ORDINAL.sub("", squeeze(r.label).text) for r in self.template.rows(self.section) if r.row != spec.row]
        hits = []
        for p in pieces:
            text = _ORDINAL.sub("", p.text)
            if len(text) < max(5, len(core) // 2) or text == core or not core.startswith(text):
                continue
            if any(o.startswith(text) for o in others):
                continue
            mine = [lr for lr in table.loose if p.line_start <= lr.offset < p.line_end]
            if len(mine) == 1 and any(c.parsed.kind == "number" for c in p.values):
                hits.append((p, mine[0]))
        if len(hits) != 1:
            return
        p, lr = hits[0]
        cols = self.template.columns(self.section, spec.table)
        res = read_cells(self.section, p.values, cols, tab_row=len(p.values) == len(cols))
        res.row = spec.row
        results[spec.row] = res
        table.loose.remove(lr)

    def _place_loose_rows(
        self, orphans: list[RowRead], loose: list[LooseRow], results: dict[str, RowResult], reads: list[RowRead]
    ) -> None:
        """Value rows whose labels were printed elsewhere (a wrapped label on plain lines, or a
        converter that moved the labels away): placed by order when the counts match, else
        reported unplaced. Order placement is a fact, not a doubt, when every label is followed
        by its own value row before the next label (wrapped labels); otherwise it stays a
        warning unless the identities confirm it (checked after writing) and no pair crosses a
        row that printed its own values (identities cannot see two rows' values swapped)."""
        if not loose:
            return
        if orphans and len(orphans) == len(loose):
            order = {r.row: i for i, r in enumerate(self.template.rows(self.section))}
            labels = sorted(orphans, key=lambda r: order[r.row])
            rows_in_order = sorted(loose, key=lambda lr: lr.offset)
            pairs = list(zip(labels, rows_in_order, strict=True))
            printed = [r.label.start for r in reads if r not in orphans and results.get(r.row) and results[r.row].printed]
            for read, lr in pairs:
                self._place(read, lr, results)
            # a label line that printed its own (empty) fields is a blank row, not a wrapped label
            if any(lr.owner != read.row or read.fields for read, lr in pairs):
                self.by_order = [r.row for r in labels]
                self.order_crosses = any(
                    any(min(read.label.end, lr.offset) <= p < max(read.label.start, lr.offset) for p in printed)
                    for read, lr in pairs
                )
        else:
            self.unplaced = True
            self.note(
                "warning",
                "unplaced_rows",
                f"{len(loose)} value rows without labels could not be placed ({len(orphans)} labels without values)",
            )

    def _check_order_placement(self) -> None:
        """Rows placed by order: a warning unless every identity involving them holds (all
        their cells present, row sums and column identities checked and held)."""
        if not self.by_order:
            return
        names = ", ".join(self.by_order)
        msg = f"{len(self.by_order)} value rows printed apart from their labels were matched by order: {names}"
        if self.section == APPLICATIONS and not self.order_crosses and self._identities_confirm(self.by_order):
            self.note("info", "rows_placed_by_order", msg + " (every identity holds)")
        else:
            self.note("warning", "rows_placed_by_order", msg)

    def _identities_confirm(self, rows: list[str]) -> bool:
        """Every placed row has cells, its row sum holds when all seven are printed, and every
        column identity over a printed cell of the row is checked and holds (a row with only
        its 总计 filled is confirmed by the 总计 column's identities)."""
        cells: CellMap = {k: c.value for k, c in self.cells.items()}
        idents = column_identities(self.template.version)
        held: dict[int, bool] = {}
        for row in rows:
            printed = [c for c in APPLICANT_COLUMNS if (APPLICATIONS, row, c) in cells]
            if not printed:
                return False
            if len(printed) == len(APPLICANT_COLUMNS):
                values = [cells[(APPLICATIONS, row, c)] for c in APPLICANT_COLUMNS]
                if not row_sum_holds(values, len(APPLICANT_COLUMNS)):
                    return False
            for ident in idents:
                keys = ident.lhs + ident.rhs
                if not any(k[1] == row and k[2] in printed for k in keys):
                    continue
                if id(ident) not in held:
                    held[id(ident)] = ident.evaluate(cells)[0] == "held"
                if not held[id(ident)]:
                    return False
        return True

    def _place(self, read: RowRead, lr: LooseRow, results: dict[str, RowResult]) -> None:
        spec = next(r for r in self.template.rows(self.section) if r.row == read.row)
        cols = self.template.columns(self.section, spec.table)
        res = read_cells(self.section, lr.cells, cols)
        res.row = read.row
        results[read.row] = res

    def _complete(self, results: dict[str, RowResult]) -> bool:
        """Every row of the table has its one printed reading (no cell derived or lost, no doubt)
        or is printed blank: nothing in the table waits for a value."""
        for spec in self.template.rows(self.section):
            res = results.get(spec.row)
            if res is None or any(sev != "info" for sev, _, _ in res.notes):
                return False
            if res.blank and res.printed:
                continue
            if len(res.candidates) != 1 or any(r.derived for r in res.candidates[0].values()):
                return False
        return True

    def _lost_rows(self, reads: list[RowRead], results: dict[str, RowResult]) -> None:
        """In a table whose rows print their blank cells as empty fields (TAB or pipe rows), a
        label with no fields at all where its neighbours have them lost its row: not blank."""
        for i, read in enumerate(reads):
            res = results.get(read.row)
            if res is None or read.fields or read.cells or read.flat or res.candidates or read.shares_line or not res.blank:
                continue
            near = [reads[j] for j in (i - 1, i + 1) if 0 <= j < len(reads)]
            if near and any(n.fields for n in near):
                res.blank = False
                res.notes.append(("warning", "row_lost", "the row printed no fields where its neighbours print them"))

    def _resolve_by_columns(self, results: dict[str, RowResult]) -> None:
        """Ambiguous rows of section three: keep the candidates the column identities allow."""
        ambiguous = [r for r in results.values() if len(r.candidates) > 1]
        if not ambiguous:
            return
        settled: dict[tuple[str, str, str], float] = {}
        for r in results.values():
            if len(r.candidates) == 1:
                for col, reading in r.candidates[0].items():
                    settled[(APPLICATIONS, r.row, col)] = reading.value
        version = self.template.version
        for r in ambiguous:
            keep = []
            for cand in r.candidates:
                cells = dict(settled)
                cells.update({(APPLICATIONS, r.row, c): v.value for c, v in cand.items()})
                if not any(_fails(i, cells) for i in column_identities(version) if _involves(i, r.row)):
                    keep.append(cand)
            if len(keep) == 1:
                r.candidates = keep
                r.notes.append(("info", "split_by_identity", "the digit run was split by the column identities"))
            elif keep:
                r.candidates = keep

    def _write_rows(self, results: dict[str, RowResult], specs: dict) -> None:
        for spec in self.template.rows(self.section):
            res = results.get(spec.row)
            if res is None:
                self.note("warning", "row_missing", f"row {spec.label} not found", spec.row)
                continue
            for sev, code, msg in res.notes:
                self.note(sev, code, msg, spec.row)
            if len(res.candidates) == 1:
                self.write(spec.row, spec.table, res.candidates[0])
            elif len(res.candidates) > 1:
                fixed = fixed_cells(res.candidates)
                self.write(spec.row, spec.table, fixed)
                self.note(
                    "warning",
                    "ambiguous_split",
                    f"{len(res.candidates)} readings fit; only the cells they agree on are kept ({len(fixed)})",
                    spec.row,
                )
            elif res.blank and self.unplaced:
                self.note(
                    "warning",
                    "row_blank_unconfirmed",
                    f"row {spec.label} printed no values while values in its table could not be placed",
                    spec.row,
                )
            elif res.blank:
                self.note("info", "row_blank", f"row {spec.label} is blank", spec.row)

    def _read_review(self) -> None:
        """Section four: one printed row of 15 cells under the headers, or (OCR and converter
        output) three small tables of 5 cells, each under its own heading (### 行政复议 …)."""
        phrases = find_phrases(self.idx.sq, (), REVIEW_SKIP, self.region.start, self.region.end)
        style = detect_style(self.idx.text, self.lo, self.hi)
        blocks = self._review_blocks(phrases, style)
        if len(blocks) > 1:
            rows = _block_rows(blocks)
            if rows is not None:
                self._read_review_blocks(blocks, rows, style)
                return
        start = blocks[0][1] if len(blocks) == 1 else (phrases[-1].end if phrases else self.lo)
        cells, flat = read_trailing_cells(self.idx.text, start, self.hi, style)
        self._warn_misread(cells)
        cols = tuple(f"{r}:{c}" for r in REVIEW_ROWS for c in REVIEW_COLUMNS)
        numbers = [c for c in cells if c.parsed.kind == "number"]
        if len(numbers) == 1 and len(cells) == 1 and re.fullmatch(r"\d{5,}", numbers[0].raw.strip()):
            # one long digit run where fifteen cells belong: glued cells, split them
            flat, cells = [Token(numbers[0].raw.strip(), numbers[0].offset)], []
        if cells and any(c.parsed.kind == "number" for c in cells):
            # fifteen fields under the headers: trailing empty fields are blank cells, not gaps
            res = read_cells(REVIEW, cells, cols, tab_row=len(cells) == len(cols))
        elif flat:
            res = read_flat(REVIEW, flat, cols)
        else:
            self.note("warning", "table_empty", "no values found under the section four headers")
            return
        for sev, code, msg in res.notes:
            self.note(sev, code, msg)
        if len(res.candidates) == 1:
            chosen = res.candidates[0]
        elif res.candidates:
            chosen = fixed_cells(res.candidates)
            self.note("warning", "ambiguous_split", f"{len(res.candidates)} readings of the section four run fit")
        else:
            if res.blank:
                self.note("info", "row_blank", "section four is blank")
            return
        by_row: dict[str, Candidate] = {}
        for key, reading in chosen.items():
            row, col = key.split(":")
            by_row.setdefault(row, {})[col] = reading
        for row, cand in by_row.items():
            self.write(row, REVIEW, cand)

    def _warn_misread(self, cells: list, row: str = "") -> None:
        if misread_in(cells):
            self.note("warning", "misread_number", f"a cell reads {misread_in(cells)!r} where a number belongs (OCR?): left out", row)

    def _review_blocks(self, phrases: list[Match], style: str) -> list[tuple[str, int, int]]:
        """Stretches of text between header phrases that hold values, as (row marker, lo, hi) in
        original offsets; the marker is the last row heading (行政复议, 未经复议直接起诉, 复议后起诉)
        printed since the previous stretch, or ''. Generic headers (数据1 …) are not values."""
        text = self.idx.text
        bounds = [(m.end, phrases[i + 1].start if i + 1 < len(phrases) else self.hi) for i, m in enumerate(phrases)]
        if not phrases:
            bounds = [(self.lo, self.hi)]
        blocks: list[tuple[str, int, int]] = []
        marker = ""
        for i, (lo, hi) in enumerate(bounds):
            if phrases:
                marker = _REVIEW_MARKERS.get(phrases[i].key, marker)
            if _DIGIT.search(text, lo, hi) and _holds_values(text, lo, hi, style):
                blocks.append((marker, lo, hi))
                marker = ""
        return blocks

    def _read_review_blocks(self, blocks: list[tuple[str, int, int]], rows: list[str], style: str) -> None:
        """One small table per row: each stretch of values is one row of five cells."""
        by_marker = all(m for m, _, _ in blocks)
        unconfirmed: list[str] = []
        for (_, lo, hi), row in zip(blocks, rows, strict=True):
            cells, flat = read_trailing_cells(self.idx.text, lo, hi, style)
            self._warn_misread(cells, row)
            if cells and any(c.parsed.kind == "number" for c in cells):
                res = read_cells(REVIEW, cells, REVIEW_COLUMNS, tab_row=len(cells) == len(REVIEW_COLUMNS))
            elif flat:
                res = read_flat(REVIEW, flat, REVIEW_COLUMNS)
            else:
                res = RowResult(row, blank=True)
            for sev, code, msg in res.notes:
                self.note(sev, code, msg, row)
            if len(res.candidates) == 1:
                cand = res.candidates[0]
                self.write(row, REVIEW, cand)
                if len(cand) < len(REVIEW_COLUMNS) or not row_sum_holds([cand[c].value for c in REVIEW_COLUMNS], 5):
                    unconfirmed.append(row)
            elif res.candidates:
                self.write(row, REVIEW, fixed_cells(res.candidates))
                self.note("warning", "ambiguous_split", f"{len(res.candidates)} readings fit", row)
            elif res.blank:
                unconfirmed.append(row)
        if not by_marker and unconfirmed:
            self.note(
                "warning",
                "rows_placed_by_order",
                "section four value rows without row headings were matched by order; "
                f"no identity confirms {', '.join(unconfirmed)}",
            )


# Row headings of section four's small tables (REVIEW_SKIP keys) → row codes.
_REVIEW_MARKERS = {"行政复议": REVIEW_ROWS[0], "未经复议直接起诉": REVIEW_ROWS[1], "复议后起诉": REVIEW_ROWS[2]}
_DIGIT = re.compile(r"\d")


_ORDINAL = re.compile(r"^(?:\d{1,2}[.、]|\([一二三四五六七八九十]\)|[一二三四五六七八九十]、)")
_PAGE_NUMBER = re.compile(r"\d{1,3}")


def _page_number(text: str, cell: RawCell) -> bool:
    """A short number alone on its line: how converters and layout dumps print the page number
    between the parts of a table cut by a page break. Only asked when every row of the table has
    its full printed reading, so the number cannot be a cell some row is missing."""
    if not _PAGE_NUMBER.fullmatch(cell.raw.strip()):
        return False
    start = text.rfind("\n", 0, cell.offset) + 1
    end = text.find("\n", cell.offset)
    end = len(text) if end < 0 else end
    return text[start:end].strip() == cell.raw.strip()


def _holds_values(text: str, lo: int, hi: int, style: str) -> bool:
    cells, flat = read_trailing_cells(text, lo, hi, style)
    return any(_DIGIT.search(t.text) for t in flat or ()) or any(c.parsed.kind == "number" for c in cells)


def _block_rows(blocks: list[tuple[str, int, int]]) -> list[str] | None:
    """Rows of section four's value stretches: by their headings when every stretch has a
    distinct one, by print order when there are exactly three; else None (read as one row)."""
    markers = [m for m, _, _ in blocks]
    if all(markers) and len(set(markers)) == len(markers):
        return markers
    if len(blocks) == len(REVIEW_ROWS):
        return list(REVIEW_ROWS)
    return None


def amount_unit(squeezed: str) -> str:
    """The money unit section two states for its amount column: in the amount header or after the
    amount row label first, else a table note such as （单位：元）; '' when none is printed."""
    for m in _AMOUNT_LABEL.finditer(squeezed):
        u = _UNIT.search(m.group(1))
        if u:
            return u.group(1)
    u = _UNIT_NOTE.search(squeezed)
    return u.group(1) if u else ""


def _involves(identity, row: str) -> bool:
    return any(k[1] == row for k in identity.lhs + identity.rhs)


def _fails(identity, cells: CellMap) -> bool:
    status, _ = identity.evaluate(cells)
    return status == "failed"


def read_section(idx: TextIndex, report: Report, section: str, region: Region, version: str) -> dict:
    """Cells of one section under template ``version``."""
    return SectionReader(idx, report, section, region, TEMPLATES[version]).run()

