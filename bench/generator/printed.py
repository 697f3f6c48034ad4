"""How a generated value or label is printed: signs, units, parentheses, ordinals.

Kept apart from the renderers so every layout prints the same cell the same way and the truth
(``truth.py``) only has to know the number behind it.
"""

from __future__ import annotations

from decimal import Decimal

from bench.generator.model import GenReport, Key, Number
from extract.templates import AMOUNT_COLUMNS

CN_ORDINALS = "一二三四五六七八九十"
ARTICLE_ITEM = {"article20_1": "一", "article20_5": "五", "article20_6": "六", "article20_8": "八", "article20_9": "九"}


def fmt_number(v: Number) -> str:
    """A number as a report prints it: integers bare, decimals without trailing zeros."""
    if type(v) is int:
        return str(v)
    return format(v.normalize(), "f") if isinstance(v, Decimal) else str(v)


_HEADER_UNIT = {
    "wan_header": "（单位：万元）",
    "wan_header_yuan_cell": "（单位：万元）",  # ... while the cell says 元: the cell's unit wins
    "wan_header_4dp": "(单位:万元,保留4位小数)",
    "yuan_header": "（元）",
    "yuan_header_unit": "（单位：元）",
    "qian_header": "（单位：千元）",
}
_LABEL_UNIT = {"yuan_label": "（单位：元）", "wan_label": "（万元）"}
FULLWIDTH = str.maketrans("0123456789.", "０１２３４５６７８９．")


def amount_header(rep: GenReport, col: str = "amount_10k_yuan") -> str:
    """Header of an amount column (2019 采购总金额, 2021 本年收费金额): it carries the unit in the
    header styles and none otherwise (the unit is then in the cell, the row label, or nowhere)."""
    base = "采购总金额" if col == "amount_10k_yuan" else "本年收费金额"
    return base + _HEADER_UNIT.get(rep.style.amount_style, "")


def amount_label(rep: GenReport, label: str) -> str:
    """A row label of an amount row: the label-unit styles append the unit (政府集中采购（万元）)."""
    return label + _LABEL_UNIT.get(rep.style.amount_style, "")


def _pair(rep: GenReport, key: Key, n: int) -> tuple[int, int]:
    """An increase/decrease pair (a, b) with a - b = n, deterministic per report and row."""
    extra = (rep.seed + sum(map(ord, key[1]))) % 4
    return (n + extra, extra) if n >= 0 else (extra, extra - n)


def change_text(rep: GenReport, key: Key, n: int) -> str:
    """本年增/减 in the report's notation: 3, +3, 增3, 增加3, 增5减2, 5/2 or +5/-2 (net 3)."""
    st = rep.style.change_style
    if st in ("word", "word2") and n:
        if st == "word":
            return ("增" if n > 0 else "减") + str(abs(n))
        return ("增加" if n > 0 else "减少") + str(abs(n))
    if st in ("both", "pair", "pair_signed"):
        a, b = _pair(rep, key, n)
        if st == "both":
            return f"增{a}减{b}"
        return f"{a}/{b}" if st == "pair" else f"+{a}/-{b}"
    if st == "plus" and n > 0:
        return f"+{n}"
    return str(n)


def amount_text(rep: GenReport, v: Number) -> str:
    """An amount (truth in 万元) in the report's unit: 元 and 千元 scaled, 万元 as is."""
    st = rep.style.amount_style
    d = Decimal(v)
    if st == "wan_header_4dp":
        return f"{d:.4f}" if d else "0"
    if st in ("yuan_header", "yuan_header_unit", "yuan_label"):
        return fmt_number(d * 10000)
    if st == "qian_header":
        return fmt_number(d * 10)
    if st in ("yuan_suffix", "wan_header_yuan_cell"):
        return f"{fmt_number(d * 10000)}元"
    if st == "wan_suffix":
        return f"{fmt_number(d)}万元"
    return fmt_number(d)


def value_text(rep: GenReport, key: Key) -> str:
    """The printed text of one cell ('' when blank on purpose)."""
    if key in rep.blank:
        return ""
    v = rep.values[key]
    col = key[2]
    if type(v) is int and col != "change":
        text = str(v)
    elif col == "change":
        text = change_text(rep, key, int(v))
    elif col in AMOUNT_COLUMNS:
        text = amount_text(rep, v)
    else:
        text = fmt_number(v)
    return text.translate(FULLWIDTH) if rep.style.fullwidth else text


def paren(rep: GenReport, text: str) -> str:
    """（一）予以公开 → (一) 予以公开 in the ASCII style; 1.属于 → 1. 属于 with ordinal spaces."""
    if rep.style.paren_ascii:
        for n in CN_ORDINALS:
            text = text.replace(f"（{n}）", f"({n}) ")
        text = text.replace("（", "(").replace("）", ")").replace("，", ", ")
    if rep.style.ordinal_space and len(text) > 2 and text[0].isdigit() and text[1] == ".":
        text = text[:2] + " " + text[2:]
    return text


def article_title(rep: GenReport, table: str) -> str:
    n = ARTICLE_ITEM[table]
    return f"第二十条第({n})项" if rep.style.paren_ascii else f"第二十条第（{n}）项"
