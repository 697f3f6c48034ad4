"""The prose around the tables: title, preamble, sections 一/五/六 and the sign-off date.

Short paragraphs assembled from phrases real reports use, with the traps real reports carry
(a statistics-period sentence full of dates that are not the publication date, numbers in the
narrative that are not table cells, sub-headings like （一）主动公开情况).

Stated totals and the fee (issue 13) are drawn by :func:`draw_text_facts` with their truth
(``rep.text_facts``: kind, value, unit, scope): sentences that agree with the tables, sentences of
another scope (全县各部门…, 比上年多…, 其中…), none at all, and — for the declared defect
``text_mismatch`` — one sentence whose figure contradicts its table (the extractor must flag it).
They use their own random stream, so the tables and the rest of the prose stay as before.
"""

from __future__ import annotations

import random
from datetime import date

from bench.generator.model import GenReport
from extract.templates import APPLICATIONS, REVIEW

_CN_DIGIT = "〇一二三四五六七八九"


def chinese_date(d: date) -> str:
    """2021-01-29 → 二〇二一年一月二十九日."""

    def small(n: int) -> str:
        if n < 10:
            return _CN_DIGIT[n]
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else _CN_DIGIT[tens]) + "十" + (_CN_DIGIT[ones] if ones else "")

    return "".join(_CN_DIGIT[int(c)] for c in str(d.year)) + f"年{small(d.month)}月{small(d.day)}日"


def date_text(rep: GenReport, d: date) -> str:
    return chinese_date(d) if rep.style.chinese_date else f"{d.year}年{d.month}月{d.day}日"


def title_lines(rep: GenReport) -> list[str]:
    a, y = rep.agency.name, rep.year
    form = rep.style.title_form
    if form == "two_lines":
        return [a, f"{y}年政府信息公开工作年度报告"]
    if form == "spaced":
        return [f"{a} {y} 年政府信息公开工作年度报告"]
    if form == "nianDu":
        return [f"{a}{y}年度政府信息公开工作年度报告"]
    return [f"{a}{y}年政府信息公开工作年度报告"]


_LEADS = (
    "坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《中华人民共和国政府信息公开条例》",
    "在上级党委、政府的坚强领导下，坚持“以公开为常态、不公开为例外”",
    "紧紧围绕中心工作，持续深化政务公开，切实保障人民群众的知情权、参与权和监督权",
)
_ACTIVE_PARA = (
    "全年通过政府门户网站主动公开政府信息{n}条，内容涵盖机构职能、政策文件、财政预决算等。",
    "{y}年共主动公开各类政府信息{n}余条，及时更新政府信息公开目录。",
)
_APPLY_PARA = (
    "全年共受理政府信息公开申请{n}件，均在法定期限内予以答复。",
    "严格按照登记、受理、审查、答复等流程办理依申请公开事项，{y}年共收到申请{n}件。",
)
_MANAGE_PARA = (
    "建立健全政府信息公开审查机制，严格落实“先审查、后公开”和“一事一审”制度。",
    "加强政府信息公开目录和指南的动态更新，规范信息发布流程。",
)
_PLATFORM_PARA = (
    "充分发挥政府网站第一平台作用，加强政务新媒体管理，开设专题专栏{k}个。",
    "依托政府门户网站、微信公众号和公开栏等载体，拓宽信息公开渠道。",
)
_SUPERVISE_PARA = (
    "将政务公开工作纳入年度绩效考核，组织开展政务公开业务培训{k}次。",
    "明确分管领导和具体工作人员，健全监督考核和社会评议制度。",
)
_PROBLEMS = (
    "一是工作人员业务水平有待提高；二是主动公开的深度和广度还不够；三是政策解读形式较为单一。",
    "存在的问题主要是公开内容不够全面，信息更新不够及时，基层政务公开标准化规范化水平有待提升。",
)
_PLANS = (
    "下一步，将进一步加强业务培训，规范公开流程，提升政务公开质量和实效。",
    "针对上述问题，我们将加大统筹指导力度，加强监督检查，推动政务公开工作提质增效。",
)
_OTHER = ("无。", "本年度无其他需要报告的事项。", "{y}年度未收取信息处理费。")


def draw_paragraphs(rng: random.Random, rep: GenReport) -> dict[str, list[str]]:
    """Paragraphs per part: preamble, one (with sub-headings), five, six."""
    y, a = rep.year, rep.agency.name
    stated_one, stated_six = draw_text_facts(rep)
    pre = [
        f"根据《中华人民共和国政府信息公开条例》规定，现公布{a}{y}年政府信息公开工作年度报告。"
        + (f"本报告所列数据的统计期限自{y}年1月1日起至{y}年12月31日止。" if rep.style.stat_period else "")
    ]
    one = [
        f"{y}年，{a}{rng.choice(_LEADS)}，扎实推进政府信息公开工作。",
        "（一）主动公开情况",
        *_active_sentence(rep, rng.choice(_ACTIVE_PARA), rng.randint(20, 3000)),
        "（二）依申请公开情况",
        *_apply_sentences(rep, rng.choice(_APPLY_PARA), stated_one),
        "（三）政府信息管理情况",
        rng.choice(_MANAGE_PARA),
        "（四）平台建设情况",
        rng.choice(_PLATFORM_PARA).format(k=rng.randint(1, 9)),
        "（五）监督保障情况",
        rng.choice(_SUPERVISE_PARA).format(k=rng.randint(1, 6)),
    ]
    five = [rng.choice(_PROBLEMS), rng.choice(_PLANS)]
    other = rng.choice(_OTHER).format(y=y)
    six = stated_six or [other if "信息处理费" not in other else "本年度无其他需要报告的事项。"]
    return {"pre": pre, "one": one, "five": five, "six": six}


# ----------------------------------------------------------------------------- stated totals (issue 13)
_A, _R = APPLICATIONS, REVIEW
# kind → (cells summed, sentence forms); {n} is the figure. Every form puts the verb before the figure.
_OWN_FORMS: dict[str, tuple[tuple[tuple[str, str, str], ...], tuple[str, ...]]] = {
    "applications_received": (((_A, "new_received", "total"),),
                              ("{y}年共收到政府信息公开申请{n}件。", "全年新收政府信息公开申请{n}件。")),
    "applications_accepted": (((_A, "new_received", "total"),), ("全年共受理政府信息公开申请{n}件，均在法定期限内予以答复。",)),
    "applications_accepted_all": (((_A, "new_received", "total"), (_A, "carried_over", "total")),
                                  ("连同上年结转申请，本年度共受理政府信息公开申请{n}件。",)),
    "applications_handled": (((_A, "outcome_total", "total"),), ("全年办结政府信息公开申请{n}件。", "已办结{n}件。")),
    "carried_forward": (((_A, "carried_forward", "total"),), ("结转下年度继续办理{n}件。",)),
    "reviews": (((_R, "administrative_review", "total"),), ("本年度因政府信息公开被申请行政复议{n}件。",)),
    "lawsuits": (((_R, "litigation_direct", "total"), (_R, "litigation_after_review", "total")),
                 ("因政府信息公开被提起行政诉讼{n}件。",)),
}  # fmt: skip
_WIDE_FORMS = (
    ("applications_accepted", "全县各部门共受理政府信息公开申请{n}件。"),
    ("applications_received", "全市各级行政机关共收到政府信息公开申请{n}件。"),
    ("reviews", "各乡镇、各部门共发生政府信息公开行政复议{n}件。"),
)
_COMPARISON_FORMS = (
    ("applications_accepted", "比上年多受理政府信息公开申请{n}件。"),
    ("applications_received", "较上年同期多收到申请{n}件。"),
)
_SUB_FORMS = (("applications_received", "其中通过互联网收到申请{n}件。"),)
_NO_FACT_FORMS = ("申请数量较上年增加{n}件。", "其中当面申请{n}件，均已按时答复。")
_UNIT = {"active_disclosed": "条", "fee_charged": "万元"}


def _truth(rep: GenReport, kind: str, value: float, scope: str) -> None:
    kind = "applications_accepted" if kind == "applications_accepted_all" else kind
    rep.text_facts.append((kind, float(value), _UNIT.get(kind, "件"), scope))


def draw_text_facts(rep: GenReport) -> tuple[list[str], list[str]]:
    """Sentences of stated totals (for section one) and of the fee (section six), with their truth
    appended to ``rep.text_facts``. A ``text_mismatch`` defect gets one own sentence with a wrong
    figure (recorded in ``rep.defect_detail['text_mismatch']``)."""
    rng = random.Random(f"text-facts:{rep.seed}")
    rep.text_facts = []
    y = rep.year
    one: list[str] = []
    printed = set(rep.sections)
    mismatch = rep.defect == "text_mismatch"
    own_kinds = [k for k, (keys, _) in _OWN_FORMS.items() if all(key[0] in printed and key in rep.values for key in keys)]
    if "truncate" in rep.defect_detail:  # the tail is lost (and a truncated text never names 行政复议)
        own_kinds = [k for k in own_kinds if k in ("applications_received", "applications_accepted")]
    if mismatch or rng.random() < 0.85:
        chosen = rng.sample(own_kinds, k=min(len(own_kinds), rng.randint(1, 4)))
        if "applications_accepted" in chosen and "applications_accepted_all" in chosen:
            chosen.remove("applications_accepted_all")
        wrong = rng.choice(chosen) if mismatch and chosen else None
        for kind in chosen:
            keys, forms = _OWN_FORMS[kind]
            n = int(sum(rep.values[k] for k in keys))
            if kind == wrong:
                n = n + rng.choice((1, 2, 3, 5, 10)) if n < 3 or rng.random() < 0.6 else n - rng.choice((1, 2, 3))
                if kind == "applications_accepted":  # also differs from new + carried over
                    while n == int(rep.values[(_A, "new_received", "total")] + rep.values[(_A, "carried_over", "total")]):
                        n += 1
                rep.defect_detail["text_mismatch"] = kind
            one.append(rng.choice(forms).format(n=n, y=y))
            _truth(rep, kind, n, "own")
    if rng.random() < 0.4:
        kind, form = rng.choice(_WIDE_FORMS if "truncate" not in rep.defect_detail else _WIDE_FORMS[:2])
        n = rng.randint(20, 900)
        one.append(form.format(n=n))
        _truth(rep, kind, n, "wider")
    if rng.random() < 0.3:
        kind, form = rng.choice(_COMPARISON_FORMS)
        n = rng.randint(1, 40)
        one.append(form.format(n=n))
        _truth(rep, kind, n, "comparison")
    if rng.random() < 0.3:
        kind, form = rng.choice(_SUB_FORMS)
        n = rng.randint(1, 40)
        one.append(form.format(n=n))
        _truth(rep, kind, n, "sub-count")
    if rng.random() < 0.3:
        one.append(rng.choice(_NO_FACT_FORMS).format(n=rng.randint(1, 40)))
    if mismatch and "text_mismatch" not in rep.defect_detail:  # nothing to contradict: not a defect after all
        rep.defect = ""
    six: list[str] = []
    x = rng.random()
    if x < 0.35:
        six.append(rng.choice(("{y}年度未收取信息处理费。", "本年度未收取任何信息处理费。", "本机关{y}年没有收取信息处理费。")).format(y=y))
        _truth(rep, "fee_charged", 0.0, "own")
    elif x < 0.55:
        yuan = rng.choice((rng.randint(1, 99) * 10, rng.randint(100, 9999)))
        six.append(rng.choice(("本年度收取信息处理费{n}元。", "{y}年共收取信息处理费{n}元，已按规定上缴国库。")).format(n=yuan, y=y))
        _truth(rep, "fee_charged", yuan / 10000, "own")
    elif x < 0.65:
        wan = rng.randint(1, 500) / 100
        six.append(f"本年度共收取信息处理费{wan:g}万元。")
        _truth(rep, "fee_charged", wan, "own")
    return one, six


def _active_sentence(rep: GenReport, form: str, n: int) -> list[str]:
    """The 主动公开 … 条 sentence (a stated total with no table quantity: never compared)."""
    text = form.format(n=n, y=rep.year)
    _truth(rep, "active_disclosed", n, "own")
    return [text]


def _apply_sentences(rep: GenReport, lead: str, stated: list[str]) -> list[str]:
    """Section one's 依申请公开 paragraph: the drawn stated totals, or a sentence without figures."""
    if stated:
        return ["".join(stated)] if len("".join(stated)) < 120 else stated
    return ["严格按照登记、受理、审查、答复等流程办理依申请公开事项。"]
