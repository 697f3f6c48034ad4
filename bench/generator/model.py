"""A random annual report with known answers, drawn deterministically from a seed.

The draw is the ground truth: every printed number comes from ``GenReport.values`` and every
table identity of TEMPLATES.md holds on a valid report (row totals, column balance
new + carried_over = outcome_total + carried_forward, outcome sums, section-four totals).
Declared defects change the drawn report *before* rendering and record what they did in
``GenReport.defect_detail`` so the truth writer knows which cells are lost, unknowable or
deliberately wrong, and tests know the report must be flagged.

Codes and labels come from ``extract.templates`` (the one copy of the codebook in the repo).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache

from bench.generator.regions import atlas, pick_county
from extract.templates import (
    ACTIVE,
    AMOUNT_COLUMNS,
    APPLICANT_COLUMNS,
    APPLICATIONS,
    OUTCOME_ROWS,
    REVIEW,
    REVIEW_COLUMNS,
    REVIEW_ROWS,
    TEMPLATES,
    Template,
)

TEXT_LAYOUTS = ("tab", "cells", "md", "flat", "layout", "md_ocr", "md_tools")
# Layouts the extractor has always read exactly; "layout" (pdftotext -layout) and "md_ocr" (OCR /
# LLM converter markdown) and "md_tools" (MinerU/PaddleOCR HTML tables, docling pipes) came with issue 10.
CLASSIC_TEXT_LAYOUTS = ("tab", "cells", "md", "flat")
LAYOUTS = (*TEXT_LAYOUTS, "html", "docx", "pdf", "scan")
SUFFIX = {
    "tab": ".txt", "cells": ".txt", "md": ".md", "flat": ".txt", "layout": ".txt", "md_ocr": ".md", "md_tools": ".md",
    "html": ".html", "docx": ".docx", "pdf": ".pdf", "scan": ".png",
}  # fmt: skip
# How an amount column carries its unit (issue 10). The first four are the styles the extractor has
# always read; the rest came from real reports: 元 in the header, 千元, the unit in the row label,
# and no unit at all (the national template prints none: the value is 万元 and the extractor may warn).
CLASSIC_AMOUNT_STYLES = ("wan_header", "wan_header_4dp", "yuan_suffix", "wan_suffix")
AMOUNT_STYLES = (
    *CLASSIC_AMOUNT_STYLES, "yuan_header", "yuan_header_unit", "qian_header", "yuan_label", "wan_label",
    "wan_header_yuan_cell", "none",
)  # fmt: skip
# How 本年增/减 prints: 3 | +3 | 增3 | 增加3 | 增5减2 | 5/2 | +5/-2 (net change 3 in each).
CLASSIC_CHANGE_STYLES = ("plain", "plus", "word")
CHANGE_STYLES = (*CLASSIC_CHANGE_STYLES, "word2", "both", "pair", "pair_signed")
# Defects a reader must flag (warning or error); ambiguous_flattened exists only in the flat layout.
DEFECTS = ("identity_broken", "section_missing", "truncated", "ambiguous_flattened")
# A sentence of the narrative contradicts its table (issue 13): drawn on request, not by plans().
TEXT_DEFECTS = ("text_mismatch",)
# Variants that are legitimate reports (info at most): only the 总计 column of section three printed.
VARIANTS = ("cells_blank",)
# Layouts printed as pictures (bench/generator/render_scan.py, render_pictures.py): scans as
# JPEG pages, multi-page TIFF, image-only PDF; tables pasted as images into HTML and DOCX.
PICTURE_LAYOUTS = ("scan_jpg", "scan_tif", "scan_pdf", "html_img", "docx_img")
LAYOUTS = (*LAYOUTS, *PICTURE_LAYOUTS)
SUFFIX |= {"scan_jpg": ".jpg", "scan_tif": ".tif", "scan_pdf": ".pdf", "html_img": ".html", "docx_img": ".docx"}
# Layouts dumped by real tools (bench/generator/render_pdftotext.py): poppler's `pdftotext -layout`
# of the report's PDF, or of its DOCX printed to PDF by LibreOffice. Not in LAYOUTS: runs and tests
# over every layout never need the tools.
DUMP_LAYOUTS = ("pdftotext", "docx_pdftotext")
SUFFIX |= {"pdftotext": ".txt", "docx_pdftotext": ".txt"}

Key = tuple[str, str, str]  # (section, row, column)
Number = int | Decimal

DEPARTMENTS = (
    "教育局", "财政局", "自然资源局", "生态环境局", "住房和城乡建设局", "交通运输局", "农业农村局", "卫生健康委员会",
    "市场监督管理局", "人力资源和社会保障局", "民政局", "司法局", "统计局", "审计局", "应急管理局", "水利局",
)  # fmt: skip
_SMALL_CAPS = ("县", "区", "市", "旗")


@dataclass(frozen=True)
class Agency:
    """Who publishes the report and where: ``name`` is how the title prints it."""

    name: str
    kind: str
    province: str
    city: str = ""
    county: str = ""
    township: str = ""


@dataclass
class Style:
    """Presentation choices (drawn once per report) that must not change any value."""

    paren_ascii: bool = False  # (一) instead of （一）
    ordinal_space: bool = False  # "1. 属于国家秘密"
    heading_two: str = "二、主动公开政府信息情况"
    heading_four: str = "四、政府信息公开行政复议、行政诉讼情况"
    title_form: str = "one_line"  # one_line | two_lines | spaced | nianDu
    md_headings: bool = False  # "## 一、总体情况" (tab/md layouts)
    pad_colspan: bool = False  # tab layout: a colspan leaves empty cells behind it
    value_pad: str = ""  # cells layout: "　　" / " " before values
    break_headers: bool = False  # cells layout: 本年新\n制作数量
    change_style: str = "plain"  # one of CHANGE_STYLES
    amount_style: str = "wan_header"  # one of AMOUNT_STYLES
    fullwidth: bool = False  # values printed with full-width digits (０１２)
    value_space: str = ""  # spaces around values in tab/md cells
    header_cut: int = 0  # cells layout: where a broken header wraps (0: after 3 chars, or 2 if short)
    label_space: int = 0  # tab/md: a stray space at 1/4, 2/4 or 3/4 of long labels (0: none)
    signoff: bool = True
    chinese_date: bool = False
    stat_period: bool = True
    flat_spaced_rows: frozenset[str] = frozenset()  # rows printed with spaces between cells (flat)
    flat_spaced_review: bool = False


@dataclass
class GenReport:
    """One generated report: facts, values (the truth), rendering style, defect record."""

    id: str
    seed: int
    layout: str
    agency: Agency
    year: int
    template: str  # 2019 | 2021 | hybrid
    values: dict[Key, Number]
    blank: set[Key] = field(default_factory=set)  # cells printed blank on purpose
    published_on: date | None = None
    style: Style = field(default_factory=Style)
    defect: str = ""
    variant: str = ""
    defect_detail: dict = field(default_factory=dict)
    paragraphs: dict[str, list[str]] = field(default_factory=dict)
    text_facts: list[tuple[str, float, str, str]] = field(default_factory=list)  # stated in the prose (narrative.py)
    messy: bool = True  # drew the issue-10 unit/change/spacing variants
    encoding: str = "utf-8"  # text layouts: file encoding (layout dumps are sometimes GB18030)

    @property
    def active_template(self) -> Template:
        return TEMPLATES["2019" if self.template == "2019" else "2021"]

    @property
    def applications_template(self) -> Template:
        return TEMPLATES["2021" if self.template == "2021" else "2019"]

    @property
    def sections(self) -> tuple[str, ...]:
        """Sections whose table is printed."""
        missing = self.defect_detail.get("missing_section")
        cut = "truncate" in self.defect_detail
        return tuple(s for s in (ACTIVE, APPLICATIONS, REVIEW) if s != missing and not (cut and s == REVIEW))

    @property
    def must_flag(self) -> bool:
        return bool(self.defect)

    @property
    def unit_assumed(self) -> bool:
        """A non-zero amount printed with no unit anywhere: the extractor keeps it as 万元 and may
        (rightly) warn ``amount_unit_assumed``, so such a valid report is flagged 'either'."""
        if self.style.amount_style != "none" or ACTIVE not in self.sections:
            return False
        return any(v for (s, _r, c), v in self.values.items() if s == ACTIVE and c in AMOUNT_COLUMNS)

    @property
    def flag_expected(self) -> str:
        """reports.tsv must_flag: yes (declared defect), either (unit assumed), no (clean)."""
        return "yes" if self.defect else "either" if self.unit_assumed else "no"

    def application_rows(self) -> tuple[str, ...]:
        return tuple(r.row for r in self.applications_template.application_rows)


def _small(rng: random.Random, p_zero: float, scale: float) -> int:
    """A count that is usually zero, else small with a long tail (real tables are mostly 0s)."""
    if rng.random() < p_zero:
        return 0
    if rng.random() < 0.03:
        scale *= 40
    return max(1, int(rng.expovariate(1.0 / scale)))


def _distribute(rng: random.Random, n: int, weights: tuple[float, ...]) -> list[int]:
    """Split ``n`` into len(weights) non-negative parts, randomly, favouring heavy weights."""
    out = [0] * len(weights)
    if n <= 0:
        return out
    if n <= 60:
        for i in rng.choices(range(len(weights)), weights, k=n):
            out[i] += 1
        return out
    total = sum(weights)
    left = n
    for i, w in enumerate(weights[:-1]):
        take = min(left, int(n * w / total * rng.uniform(0.6, 1.4)))
        out[i] = take
        left -= take
    out[-1] += left
    return out


# Weight of each outcome row (by code), per the usual shape of real tables.
_OUTCOME_WEIGHT = {
    "disclosed": 40, "partially_disclosed": 6, "withheld_state_secret": 0.3, "withheld_prohibited_by_law": 0.5,
    "withheld_three_securities_one_stability": 0.3, "withheld_third_party_rights": 1, "withheld_internal_affairs": 1.5,
    "withheld_process_information": 2, "withheld_enforcement_case_file": 0.8, "withheld_administrative_query": 1,
    "unable_not_held": 20, "unable_needs_creation": 3, "unable_still_unclear": 2, "rejected_petition_complaint": 3,
    "rejected_repeated": 2, "rejected_publication": 0.5, "rejected_excessive": 0.5, "rejected_confirmation": 0.8,
    "other": 5, "other_no_correction": 3, "other_unpaid_fee": 0.2, "other_other": 3,
}  # fmt: skip
# (p_zero, scale) of new applications per applicant column.
_APPLICANT_RATE = ((0.3, 8), (0.75, 3), (0.97, 1), (0.96, 1), (0.88, 2), (0.88, 2))


def _draw_applications(rng: random.Random, tpl: Template, scale: float) -> dict[Key, int]:
    outcome_rows = OUTCOME_ROWS[tpl.version]
    weights = tuple(_OUTCOME_WEIGHT[r] for r in outcome_rows)
    cols = APPLICANT_COLUMNS[:-1]
    v: dict[Key, int] = {}
    for c, (pz, sc) in zip(cols, _APPLICANT_RATE, strict=True):
        new = _small(rng, pz, sc * scale)
        carried = _small(rng, 0.8, 1.5 * scale) if new or rng.random() < 0.1 else 0
        forward = min(new + carried, _small(rng, 0.75, 1.5 * scale))
        parts = _distribute(rng, new + carried - forward, weights)
        v[(APPLICATIONS, "new_received", c)] = new
        v[(APPLICATIONS, "carried_over", c)] = carried
        v[(APPLICATIONS, "carried_forward", c)] = forward
        v[(APPLICATIONS, "outcome_total", c)] = new + carried - forward
        for r, n in zip(outcome_rows, parts, strict=True):
            v[(APPLICATIONS, r, c)] = n
    for r in tpl.application_rows:
        row = r.row
        v[(APPLICATIONS, row, "total")] = (
            v[(APPLICATIONS, row, cols[0])] + v[(APPLICATIONS, row, cols[1])] + v[(APPLICATIONS, row, cols[2])]
            + v[(APPLICATIONS, row, cols[3])] + v[(APPLICATIONS, row, cols[4])] + v[(APPLICATIONS, row, cols[5])]
        )  # fmt: skip
    return v


def _draw_review(rng: random.Random, scale: float) -> dict[Key, int]:
    v: dict[Key, int] = {}
    for r in REVIEW_ROWS:
        parts = [0, 0, 0, 0] if rng.random() < 0.75 else [_small(rng, p, 1.5 * scale) for p in (0.4, 0.8, 0.7, 0.7)]
        for c, n in zip(REVIEW_COLUMNS[:-1], parts, strict=True):
            v[(REVIEW, r, c)] = n
        v[(REVIEW, r, "total")] = sum(parts)
    return v


def _signed(rng: random.Random, p_zero: float, scale: float) -> int:
    n = _small(rng, p_zero, scale)
    return -n if rng.random() < 0.35 else n


def _draw_active(rng: random.Random, version: str, big: bool, scale: float, messy: bool = False) -> dict[Key, Number]:
    s = ACTIVE
    m = 6 if big else 1
    v: dict[Key, Number] = {}
    if version == "2019":
        for row, pz, sc in (("regulations", 0.9 if not big else 0.3, 3), ("normative_documents", 0.45, 4)):
            made = _small(rng, pz, sc * m * scale)
            pub = made if rng.random() < 0.85 else rng.randint(0, made)
            v[(s, row, "new_made")], v[(s, row, "new_published")] = made, pub
            v[(s, row, "total_published")] = pub + _small(rng, 0.4, 15 * m * scale)
        for row, pz, sc in (
            ("administrative_licensing", 0.45, 40), ("other_external_services", 0.7, 10),
            ("administrative_penalty", 0.5, 30), ("administrative_coercion", 0.75, 5),
        ):  # fmt: skip
            v[(s, row, "prior_year_items")] = _small(rng, pz, sc * scale)
            v[(s, row, "change")] = _signed(rng, 0.7, 3 * scale)
            v[(s, row, "decisions")] = _small(rng, pz, sc * 5 * scale)
        v[(s, "administrative_fees", "prior_year_items")] = _small(rng, 0.7, 4 * scale)
        v[(s, "administrative_fees", "change")] = _signed(rng, 0.85, 2 * scale)
        items = _small(rng, 0.55, 4 * scale)
        v[(s, "centralized_procurement", "items")] = items
        yuan = rng.randint(2, 5000) * 500 if items else 0
        if messy and yuan and rng.random() < 0.4:
            yuan = rng.randint(1000, 90_000_000)  # to the 元: 4 decimals in 万元 (103.3879万元)
        v[(s, "centralized_procurement", "amount_10k_yuan")] = Decimal(yuan) / 10000
    else:
        for row, pz, sc in (("regulations", 0.9 if not big else 0.4, 3), ("normative_documents", 0.45, 4)):
            issued = _small(rng, pz, sc * m * scale)
            repealed = _small(rng, 0.7, 2 * m * scale)
            v[(s, row, "issued")], v[(s, row, "repealed")] = issued, repealed
            v[(s, row, "in_force")] = issued + _small(rng, 0.35, 20 * m * scale)
        for row, pz, sc in (("administrative_licensing", 0.4, 150), ("administrative_penalty", 0.45, 60), ("administrative_coercion", 0.75, 6)):
            v[(s, row, "decisions")] = _small(rng, pz, sc * scale)
        cents = rng.randint(1, 2_000_000) if rng.random() < 0.3 else 0
        fee = Decimal(cents) / 100
        if messy and cents and rng.random() < 0.4:
            fee = Decimal(rng.randint(1, 200_000_000)) / 10000  # to the 元
        v[(s, "administrative_fees", "fee_amount_10k_yuan")] = fee
    return v


def draw_agency(rng: random.Random) -> Agency:
    """A publishing body named after a real division; kinds as in TEMPLATES.md."""
    kind = rng.choices(
        ("township_government", "subdistrict_office", "county_government", "department", "government_office",
         "county_wide", "municipal_government", "provincial_government", "provincial_office"),
        (30, 8, 14, 25, 8, 4, 6, 2, 3),
    )[0]  # fmt: skip
    if kind in ("provincial_government", "provincial_office"):
        prov = rng.choice(atlas().provinces)
        return Agency(prov + ("人民政府" if kind == "provincial_government" else "人民政府办公厅"), kind, prov)
    if kind == "municipal_government":
        prov, city = rng.choice(atlas().cities)
        return Agency(city + "人民政府", kind, prov, city)
    place = pick_county(rng, with_townships=kind in ("township_government", "subdistrict_office"))
    base = dict(province=place.province, city=place.city, county=place.county)
    prefix = place.county if not place.city or rng.random() < 0.7 else place.city + place.county
    if kind == "township_government":
        towns = [t for t in place.townships if t.endswith(("镇", "乡"))] or list(place.townships)
        town = rng.choice(towns)
        if town.endswith("街道"):
            return Agency(f"{prefix}{town}办事处", "subdistrict_office", township=town, **base)
        return Agency(f"{prefix}{town}人民政府", kind, township=town, **base)
    if kind == "subdistrict_office":
        towns = [t for t in place.townships if t.endswith("街道")]
        if not towns:
            town = rng.choice(place.townships)
            return Agency(f"{prefix}{town}人民政府", "township_government", township=town, **base)
        return _subdistrict(rng, prefix, towns, base)
    if kind == "county_government":
        return Agency(prefix + "人民政府", kind, **base)
    if kind == "government_office":
        return Agency(prefix + rng.choice(("人民政府办公室", "政府办")), kind, **base)
    if kind == "county_wide":
        return Agency(place.county, kind, **base)
    return Agency(prefix + rng.choice(DEPARTMENTS), kind, **base)


def _subdistrict(rng: random.Random, prefix: str, towns: list[str], base: dict[str, str]) -> Agency:
    town = rng.choice(towns)
    return Agency(f"{prefix}{town}办事处", "subdistrict_office", township=town, **base)


def _draw_style(rng: random.Random, layout: str, template: str, messy: bool = True) -> Style:
    st = Style()
    st.paren_ascii = rng.random() < 0.3
    st.ordinal_space = rng.random() < 0.25
    st.heading_two = rng.choice(("二、主动公开政府信息情况",) * 4 + ("二、行政机关主动公开政府信息情况",))
    st.heading_four = rng.choice(
        ("四、政府信息公开行政复议、行政诉讼情况",) * 3 + ("四、因政府信息公开工作被申请行政复议、提起行政诉讼的情况",)
    )
    st.title_form = rng.choices(("one_line", "two_lines", "spaced", "nianDu"), (5, 2, 1, 2))[0]
    st.md_headings = layout == "md" or (layout == "tab" and rng.random() < 0.4)
    st.pad_colspan = rng.random() < 0.5
    st.value_pad = rng.choice(("", "", " ", "　　"))
    st.break_headers = rng.random() < 0.6
    # Every draw is made whatever ``messy`` says, so a seed keeps its other choices either way.
    change = rng.choices(CHANGE_STYLES, (6, 3, 1, 1, 1, 1, 1))[0]
    amount = rng.choice(AMOUNT_STYLES)
    fullwidth = rng.random() < 0.06
    value_space = rng.choice(("", "", "", " ", "  "))
    header_cut = rng.choice((0, 0, 2, 3, 4))
    label_space = rng.choice((0, 0, 0, 1, 2, 3))
    st.change_style = change if messy or change in CLASSIC_CHANGE_STYLES else "plain"
    st.amount_style = amount if messy or amount in CLASSIC_AMOUNT_STYLES else CLASSIC_AMOUNT_STYLES[int(rng.random() * 4)]
    if messy:
        st.fullwidth = fullwidth and layout != "flat"
        st.value_space = value_space
        st.header_cut = header_cut
        st.label_space = label_space
    st.signoff = layout != "flat" and rng.random() < 0.8
    st.chinese_date = rng.random() < 0.2
    st.stat_period = rng.random() < 0.6
    return st


def _publication_date(rng: random.Random, year: int) -> date:
    return date(year + 1, 1, 8) + timedelta(days=rng.randint(0, 75))


def draw_report(
    seed: int, layout: str = "tab", defect: str = "", variant: str = "", rid: str = "", messy: bool = True
) -> GenReport:
    """Draw one report. Same arguments, same report, on every machine (``random.Random(seed)``).
    ``messy=False`` keeps to the unit, change and spacing forms the extractor read before issue 10
    (the classic round trips guard them while the extractor learns the rest)."""
    if layout not in LAYOUTS and layout not in DUMP_LAYOUTS:
        raise ValueError(f"unknown layout {layout!r}")
    rng = random.Random(seed)
    agency = draw_agency(rng)
    year = rng.randint(2019, 2024)
    template = "2019" if year <= 2020 else ("hybrid" if rng.random() < 0.12 else "2021")
    big = agency.kind in ("provincial_government", "provincial_office", "municipal_government")
    scale = 4.0 if big else 1.0
    if layout == "flat":
        scale = min(scale, 0.6)
    rep = GenReport(rid or f"{layout}_{seed}", seed, layout, agency, year, template, {}, messy=messy)
    rep.style = _draw_style(rng, layout, template, messy)
    _fill_values(rep, rng, scale, big)
    rep.published_on = _publication_date(rng, year) if (rep.style.signoff or layout == "flat") else None
    if variant == "cells_blank":
        rep.variant = variant
        rep.blank = {(APPLICATIONS, r, c) for r in rep.application_rows() for c in APPLICANT_COLUMNS[:-1]}
    if layout == "flat":
        from bench.generator.flatten import make_unambiguous

        make_unambiguous(rep, rng)
    if defect:
        from bench.generator.defects import apply_defect

        apply_defect(rep, rng, defect)
    from bench.generator.narrative import draw_paragraphs

    rep.paragraphs = draw_paragraphs(rng, rep)
    if layout == "layout" and rng.random() < 0.2:
        rep.encoding = "gb18030"  # dumps saved by Windows tools on Chinese systems
    if layout == "md_tools":
        from bench.generator.render_md_tools import draw_ocr_letters

        draw_ocr_letters(rep)  # a letter OCR'd for a digit: a declared defect (its own rng)
    return rep


def _fill_values(rep: GenReport, rng: random.Random, scale: float, big: bool) -> None:
    rep.values = {}
    rep.values.update(_draw_active(rng, "2019" if rep.template == "2019" else "2021", big, scale, rep.messy))
    rep.values.update(_draw_applications(rng, rep.applications_template, scale))
    rep.values.update(_draw_review(rng, scale))


def redraw_values(rep: GenReport, rng: random.Random, scale: float) -> None:
    """Draw all values again at a smaller ``scale`` (used when a flat run came out ambiguous)."""
    _fill_values(rep, rng, scale, False)


def cell_keys(rep: GenReport, section: str) -> tuple[Key, ...]:
    """Every cell of a section in print order (template of that section)."""
    version = rep.active_template.version if section == ACTIVE else rep.applications_template.version
    return _cell_keys(section, version)


@lru_cache(maxsize=16)
def _cell_keys(section: str, version: str) -> tuple[Key, ...]:
    tpl = TEMPLATES[version]
    if section == ACTIVE:
        return tuple((ACTIVE, r.row, c) for r in tpl.active_rows for c in tpl.columns(ACTIVE, r.table))
    if section == APPLICATIONS:
        return tuple((APPLICATIONS, r.row, c) for r in tpl.application_rows for c in APPLICANT_COLUMNS)
    return tuple((REVIEW, r, c) for r in REVIEW_ROWS for c in REVIEW_COLUMNS)
