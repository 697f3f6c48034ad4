"""The two official table templates (2019 and 2021) as data: codes, official labels, label patterns.

This is the one place that knows the public schema of ../shared/spec/codebook.tsv (a test checks
the two agree). Everything below the readers maps text to these codes through the patterns here,
so a new label variant seen in the wild is a one-line change in this file.

Patterns are regular expressions over *squeezed* text: whitespace removed and full-width
punctuation folded to ASCII (see ``extract.phrases.squeeze``), so a label broken over lines or
padded with spaces (``规  章``, ``商业\\n企业``) still matches.
"""

from __future__ import annotations

from dataclasses import dataclass

ACTIVE = "active_disclosure"
APPLICATIONS = "applications"
REVIEW = "review_litigation"
SECTIONS = (ACTIVE, APPLICATIONS, REVIEW)

SECTION_TITLES = {
    ACTIVE: "二、主动公开政府信息情况",
    APPLICATIONS: "三、收到和处理政府信息公开申请情况",
    REVIEW: "四、政府信息公开行政复议、行政诉讼情况",
}

APPLICANT_COLUMNS = (
    "natural_person",
    "commercial_enterprise",
    "research_institution",
    "social_welfare_org",
    "legal_service_org",
    "other_org",
    "total",
)
APPLICANT_LABELS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")

REVIEW_COLUMNS = ("upheld", "corrected", "other", "pending", "total")
REVIEW_COLUMN_LABELS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
REVIEW_ROWS = ("administrative_review", "litigation_direct", "litigation_after_review")
REVIEW_ROW_LABELS = ("行政复议", "行政诉讼：未经复议直接起诉", "行政诉讼：复议后起诉")

# Columns whose value is money, stored in 万元 (10k yuan).
AMOUNT_COLUMNS = frozenset({"amount_10k_yuan", "fee_amount_10k_yuan"})
# Columns that may be negative (本年增/减).
SIGNED_COLUMNS = frozenset({"change"})


@dataclass(frozen=True)
class RowSpec:
    """One table row: its code, the table (article item) it sits in, label and match pattern."""

    section: str
    table: str
    row: str
    label: str
    pattern: str
    parent: str = ""


@dataclass(frozen=True)
class Template:
    """The rows and columns of one template version, per section."""

    version: str
    active_columns: dict[str, tuple[tuple[str, str], ...]]  # table -> ((column code, label), ...)
    active_rows: tuple[RowSpec, ...]
    application_rows: tuple[RowSpec, ...]

    def __post_init__(self) -> None:
        # asked for every row of every report: the column codes per table are made once
        codes = {table: tuple(code for code, _ in cols) for table, cols in self.active_columns.items()}
        object.__setattr__(self, "_active_codes", codes)

    def columns(self, section: str, table: str) -> tuple[str, ...]:
        """Column codes of a row in ``section``/``table``, in print order."""
        if section == ACTIVE:
            return self._active_codes[table]  # type: ignore[attr-defined]
        if section == APPLICATIONS:
            return APPLICANT_COLUMNS
        return REVIEW_COLUMNS

    def rows(self, section: str) -> tuple[RowSpec, ...]:
        if section == ACTIVE:
            return self.active_rows
        if section == APPLICATIONS:
            return self.application_rows
        return _REVIEW_SPECS


_REVIEW_SPECS = tuple(RowSpec(REVIEW, REVIEW, r, lab, "") for r, lab in zip(REVIEW_ROWS, REVIEW_ROW_LABELS, strict=True))


def _ord(n: int) -> str:
    """An optional sub-row ordinal such as ``2.`` / ``2、`` (the punctuation is required, so a
    digit glued to the end of the previous row's value run is never eaten)."""
    return rf"(?:{n}[.、]|\({n}\))?"


_ACTIVE_ROWS_2019 = (
    RowSpec(ACTIVE, "article20_1", "regulations", "规章", r"规章"),
    RowSpec(ACTIVE, "article20_1", "normative_documents", "规范性文件", r"(?:行政)?规范性文件"),
    RowSpec(ACTIVE, "article20_5", "administrative_licensing", "行政许可", r"行政许可"),
    RowSpec(ACTIVE, "article20_5", "other_external_services", "其他对外管理服务事项", r"其他对外管理服务事项"),
    RowSpec(ACTIVE, "article20_6", "administrative_penalty", "行政处罚", r"行政处罚"),
    RowSpec(ACTIVE, "article20_6", "administrative_coercion", "行政强制", r"行政强制"),
    RowSpec(ACTIVE, "article20_8", "administrative_fees", "行政事业性收费", r"行政事业性收费"),
    RowSpec(ACTIVE, "article20_9", "centralized_procurement", "政府集中采购", r"政府集中采购"),
)
_ACTIVE_ROWS_2021 = tuple(
    RowSpec(r.section, r.table, r.row, "行政规范性文件" if r.row == "normative_documents" else r.label, r.pattern)
    for r in _ACTIVE_ROWS_2019
    if r.row not in ("other_external_services", "centralized_procurement")
)

_OUTCOME_PARENT = "三、本年度办理结果"
_W, _U, _R, _O = "（三）不予公开", "（四）无法提供", "（五）不予处理", "（六）其他处理"


def _app(row: str, label: str, pattern: str, parent: str = "") -> RowSpec:
    return RowSpec(APPLICATIONS, APPLICATIONS, row, label, pattern, parent)


_APP_HEAD = (
    _app("new_received", "一、本年新收政府信息公开申请数量", r"(?:一、)?本年新收(?:政府信息公开)?申请(?:数量)?"),
    _app("carried_over", "二、上年结转政府信息公开申请数量", r"(?:二、)?上年结转(?:政府信息公开)?申请(?:数量)?"),
    _app("disclosed", "（一）予以公开", r"\(一\)予以公开", _OUTCOME_PARENT),
    _app(
        "partially_disclosed",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        r"\(二\)部分公开(?:\(区分处理的,?只计这一情形,?不计其他情形\))?",
        _OUTCOME_PARENT,
    ),
    _app("withheld_state_secret", "1.属于国家秘密", _ord(1) + r"属于国家秘密", _W),
    _app(
        "withheld_prohibited_by_law",
        "2.其他法律行政法规禁止公开",
        _ord(2) + r"其他法律行政(?:法规)?(?:禁止|止|禁)公开",
        _W,
    ),
    # PDF readers move the quote glyphs of a wrapped label anywhere (“3.危及三安全”一稳定)
    _app(
        "withheld_three_securities_one_stability",
        "3.危及“三安全一稳定”",
        _ord(3) + r'"?危及[^0-9]{0,2}' + '"?'.join("三安全一稳定") + r'[^0-9(]?',
        _W,
    ),
    _app("withheld_third_party_rights", "4.保护第三方合法权益", _ord(4) + r"保护第三方合法权益", _W),
    _app("withheld_internal_affairs", "5.属于三类内部事务信息", _ord(5) + r"属于三类内部事务(?:信息)?", _W),
    _app("withheld_process_information", "6.属于四类过程性信息", _ord(6) + r"属于四类过程性信息", _W),
    _app("withheld_enforcement_case_file", "7.属于行政执法案卷", _ord(7) + r"属于行政执法案卷", _W),
    _app("withheld_administrative_query", "8.属于行政查询事项", _ord(8) + r"属于行政查询事项", _W),
    _app("unable_not_held", "1.本机关不掌握相关政府信息", _ord(1) + r"本?机关不掌握(?:相关)?(?:政府信息)?", _U),
    _app("unable_needs_creation", "2.没有现成信息需要另行制作", _ord(2) + r"没有现成信息(?:需要另行制作)?", _U),
    _app("unable_still_unclear", "3.补正后申请内容仍不明确", _ord(3) + r"补正后申请内容仍?不明确", _U),
    _app("rejected_petition_complaint", "1.信访举报投诉类申请", _ord(1) + r"信访举报投诉类?申请", _R),
    _app("rejected_repeated", "2.重复申请", _ord(2) + r"重复申请", _R),
    _app("rejected_publication", "3.要求提供公开出版物", _ord(3) + r"要求提供公开出版物", _R),
    _app("rejected_excessive", "4.无正当理由大量反复申请", _ord(4) + r"无正当理由大量反复(?:申请)?", _R),
    _app(
        "rejected_confirmation",
        "5.要求行政机关确认或重新出具已获取信息",
        _ord(5) + r"要求行政机关确认(?:或重新出具已获取信息)?",
        _R,
    ),
)
_APP_TAIL = (
    _app("outcome_total", "（七）总计", r"\(七\)总计", _OUTCOME_PARENT),
    _app("carried_forward", "四、结转下年度继续办理", r"(?:四、)?结转下年度继续办理"),
)
_NOT_HANDLED_TAIL = r"(?:[,、]?行政机关不再处理其政府信息公开申请)?"
_APP_OTHER_2019 = (_app("other", "（六）其他处理", r"\(六\)其他处理", _OUTCOME_PARENT),)
_APP_OTHER_2021 = (
    _app(
        "other_no_correction",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        _ord(1) + r"申请人无正当理由逾期不补正" + _NOT_HANDLED_TAIL,
        _O,
    ),
    _app(
        "other_unpaid_fee",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        _ord(2) + r"申请人逾期未按收费通知要求缴纳费用" + _NOT_HANDLED_TAIL,
        _O,
    ),
    _app("other_other", "3.其他", r"3[.、]其他", _O),
)

TEMPLATE_2019 = Template(
    version="2019",
    active_columns={
        "article20_1": (("new_made", "本年新制作数量"), ("new_published", "本年新公开数量"), ("total_published", "对外公开总数量")),
        "article20_5": (("prior_year_items", "上一年项目数量"), ("change", "本年增/减"), ("decisions", "处理决定数量")),
        "article20_6": (("prior_year_items", "上一年项目数量"), ("change", "本年增/减"), ("decisions", "处理决定数量")),
        "article20_8": (("prior_year_items", "上一年项目数量"), ("change", "本年增/减")),
        "article20_9": (("items", "采购项目数量"), ("amount_10k_yuan", "采购总金额（单位：万元）")),
    },
    active_rows=_ACTIVE_ROWS_2019,
    application_rows=_APP_HEAD + _APP_OTHER_2019 + _APP_TAIL,
)
TEMPLATE_2021 = Template(
    version="2021",
    active_columns={
        "article20_1": (("issued", "本年制发件数"), ("repealed", "本年废止件数"), ("in_force", "现行有效件数")),
        "article20_5": (("decisions", "本年处理决定数量"),),
        "article20_6": (("decisions", "本年处理决定数量"),),
        "article20_8": (("fee_amount_10k_yuan", "本年收费金额（单位：万元）"),),
    },
    active_rows=_ACTIVE_ROWS_2021,
    application_rows=_APP_HEAD + _APP_OTHER_2021 + _APP_TAIL,
)
TEMPLATES = {"2019": TEMPLATE_2019, "2021": TEMPLATE_2021}

# Outcome rows of section three whose sum is （七）总计, per template.
OUTCOME_ROWS = {
    v: tuple(r.row for r in t.application_rows if r.row not in ("new_received", "carried_over", "outcome_total", "carried_forward"))
    for v, t in TEMPLATES.items()
}

# Column headers of section two that tell the template version apart (squeezed patterns).
ACTIVE_HEADER_MARKERS = {
    "2019": (r"本年新制作数量", r"本年新公开数量", r"对外公开总数量", r"上一年项目数量", r"本年增/?减", r"采购项目数量"),
    "2021": (r"本年制发件数", r"本年废止件数", r"现行有效件数", r"本年收费金额"),
}
# Section-three rows only the 2021 template has.
APPLICATION_2021_MARKERS = (r"申请人无正当理由逾期不补正", r"申请人逾期未按收费通知")

# Text inside the tables that is neither a row label nor a value: column headers, parent labels,
# table titles. Matching them lets a value run end where a header begins (flattened text).
ACTIVE_SKIP = (
    r"第二十条第\([一二三四五六七八九十]+\)项",
    r"信息内容",
    r"本年新制作数量",
    r"本年新公开数量",
    r"对外公开总数量",
    r"上一年项目数量",
    r"本年增/?减",
    r"(?:本年)?处理决定数量",
    r"采购项目数量",
    r"采购总金额(?:\([^)]{0,30}\))?",
    r"本年制发件数",
    r"本年废止件数",
    r"现行有效件数",
    r"本年收费金额(?:\([^)]{0,30}\))?",
    r"表[一二三四五六]?:?(?:行政机关)?主动公开政府信息情况",
)
APPLICATION_SKIP = (
    # the printed note is ~24 characters; bounded so a note cut by a page break (no closing
    # parenthesis) never swallows the row labels after it
    r"\(本列数据的勾稽关系为(?:[^)]{0,30}\)|[^)]{0,30}之和)?",
    r"申请人情况",
    r"法人或其他组织",
    r"自然人",
    r"商业企业",
    r"科研机构",
    r"社会公益组织",
    r"法律服务机构",
    r"三、本年度办理结果",
    r"本年度办理结果",
    r"\(三\)不予公开",
    r"\(四\)无法提供",
    r"\(五\)不予处理",
    r"表[一二三四五六]?:?收到和处理政府信息公开申请情况",
    r"总计",
    r"其他",
)
# The 2021 parent label （六）其他处理 (it has sub-rows there, values in 2019).
APPLICATION_SKIP_2021 = (r"\(六\)其他处理",)
REVIEW_SKIP = (
    r"未经复议直接起诉",
    r"复议后起诉",
    r"行政复议",
    r"行政诉讼",
    r"结果维持",
    r"结果纠正",
    r"其他结果",
    r"尚未审结",
    r"总计",
)
