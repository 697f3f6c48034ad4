"""The prose around the tables: title, preamble, sections 一/五/六 and the sign-off date.

Short paragraphs assembled from phrases real reports use, with the traps real reports carry
(a statistics-period sentence full of dates that are not the publication date, numbers in the
narrative that are not table cells, sub-headings like （一）主动公开情况).
"""

from __future__ import annotations

import random
from datetime import date

from bench.generator.model import GenReport

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
    from extract.templates import APPLICATIONS

    received = rep.values.get((APPLICATIONS, "new_received", "total"), 0)
    pre = [
        f"根据《中华人民共和国政府信息公开条例》规定，现公布{a}{y}年政府信息公开工作年度报告。"
        + (f"本报告所列数据的统计期限自{y}年1月1日起至{y}年12月31日止。" if rep.style.stat_period else "")
    ]
    one = [
        f"{y}年，{a}{rng.choice(_LEADS)}，扎实推进政府信息公开工作。",
        "（一）主动公开情况",
        rng.choice(_ACTIVE_PARA).format(n=rng.randint(20, 3000), y=y),
        "（二）依申请公开情况",
        rng.choice(_APPLY_PARA).format(n=received, y=y),
        "（三）政府信息管理情况",
        rng.choice(_MANAGE_PARA),
        "（四）平台建设情况",
        rng.choice(_PLATFORM_PARA).format(k=rng.randint(1, 9)),
        "（五）监督保障情况",
        rng.choice(_SUPERVISE_PARA).format(k=rng.randint(1, 6)),
    ]
    five = [rng.choice(_PROBLEMS), rng.choice(_PLANS)]
    six = [rng.choice(_OTHER).format(y=y)]
    return {"pre": pre, "one": one, "five": five, "six": six}
