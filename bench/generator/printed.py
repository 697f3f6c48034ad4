"""How a generated value or label is printed: signs, units, parentheses, ordinals.

Kept apart from the renderers so every layout prints the same cell the same way and the truth
(``truth.py``) only has to know the number behind it.
"""

from __future__ import annotations

from decimal import Decimal

from bench.generator.model import GenReport, Key, Number

CN_ORDINALS = "一二三四五六七八九十"
ARTICLE_ITEM = {"article20_1": "一", "article20_5": "五", "article20_6": "六", "article20_8": "八", "article20_9": "九"}


def fmt_number(v: Number) -> str:
    """A number as a report prints it: integers bare, decimals without trailing zeros."""
    if type(v) is int:
        return str(v)
    return format(v.normalize(), "f") if isinstance(v, Decimal) else str(v)


def amount_header(rep: GenReport) -> str:
    """Header of the 2019 procurement amount column: it carries the unit in two of the styles."""
    st = rep.style.amount_style
    if st == "wan_header":
        return "采购总金额（单位：万元）"
    if st == "wan_header_4dp":
        return "采购总金额(单位:万元,保留4位小数)"
    return "采购总金额"


def value_text(rep: GenReport, key: Key) -> str:
    """The printed text of one cell ('' when blank on purpose)."""
    if key in rep.blank:
        return ""
    v = rep.values[key]
    col = key[2]
    if type(v) is int and col != "change":
        return str(v)
    if col == "change":
        n = int(v)
        st = rep.style.change_style
        if st == "word" and n:
            return ("增" if n > 0 else "减") + str(abs(n))
        if st == "plus" and n > 0:
            return f"+{n}"
        return str(n)
    if col == "amount_10k_yuan":
        st = rep.style.amount_style
        d = Decimal(v)
        if st == "wan_header":
            return fmt_number(d)
        if st == "wan_header_4dp":
            return f"{d:.4f}" if d else "0"
        if st == "yuan_suffix":
            return f"{int(d * 10000)}元"
        return f"{fmt_number(d)}万元"
    return fmt_number(v)


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
