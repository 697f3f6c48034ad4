"""A report as an ordered list of blocks (title, headings, paragraphs, tables, sign-off).

Every renderer walks the same outline, so section order, dropped sections and truncation are
decided once, here.
"""

from __future__ import annotations

from dataclasses import dataclass

from bench.generator.model import GenReport
from bench.generator.narrative import date_text, title_lines
from bench.generator.tables import Grid, grid_for
from extract.templates import ACTIVE, APPLICATIONS, REVIEW


@dataclass(slots=True)
class Block:
    """kind: title | heading | subheading | para | table | signoff."""

    kind: str
    text: str = ""
    section: str = ""
    grid: Grid | None = None


def outline(rep: GenReport, grids: bool = True) -> list[Block]:
    """The blocks of a report; ``grids=False`` leaves tables unbuilt (compiled renderers)."""
    st = rep.style
    out = [Block("title", "\n".join(title_lines(rep)))]
    out += [Block("para", p) for p in rep.paragraphs["pre"]]
    out.append(Block("heading", "一、总体情况"))
    for p in rep.paragraphs["one"]:
        out.append(Block("subheading" if p.startswith("（") and len(p) < 16 else "para", p))
    headings = {ACTIVE: st.heading_two, APPLICATIONS: "三、收到和处理政府信息公开申请情况", REVIEW: st.heading_four}
    for s in (ACTIVE, APPLICATIONS, REVIEW):
        if s not in rep.sections:
            continue
        out.append(Block("heading", headings[s], section=s))
        out.append(Block("table", section=s, grid=grid_for(rep, s) if grids else None))
    if "truncate" in rep.defect_detail:
        return out
    out.append(Block("heading", "五、存在的主要问题及改进情况"))
    out += [Block("para", p) for p in rep.paragraphs["five"]]
    out.append(Block("heading", "六、其他需要报告的事项"))
    out += [Block("para", p) for p in rep.paragraphs["six"]]
    if st.signoff and rep.published_on:
        out.append(Block("signoff", f"{rep.agency.name}\n{date_text(rep, rep.published_on)}"))
    return out
