"""Round trip: generate → render → extract → compare with the truth, by the scorer's rules.

The comparison mirrors /work/shared/tools/score_extraction.py (recall over required cells,
precision over extracted cells, silent = wrong and not covered by a warning/error of its
section or of the whole report, flag = at least one warning/error), in-process so property
tests can run hundreds of reports without a subprocess each.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.generator.model import GenReport
from bench.generator.truth import report_row, truth_rows


@dataclass
class Outcome:
    """How one extracted report compares with its truth."""

    id: str
    seed: int
    layout: str
    defect: str
    variant: str
    required: int = 0
    found: int = 0
    extracted: int = 0
    correct: int = 0
    wrong: list[str] = field(default_factory=list)
    silent: int = 0
    flagged: bool = False
    must_flag: bool = False
    issues: list[str] = field(default_factory=list)
    meta_wrong: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.required if self.required else 1.0

    @property
    def precision(self) -> float:
        return self.correct / self.extracted if self.extracted else 1.0

    @property
    def ok(self) -> bool:
        """Valid reports: exact and unflagged; defects: flagged and nothing silent."""
        if self.must_flag:
            return self.flagged and self.silent == 0 and not self.meta_wrong
        return (
            self.recall == 1.0 and self.precision == 1.0 and not self.flagged and self.silent == 0 and not self.meta_wrong
        )

    def describe(self) -> str:
        return (
            f"{self.id} seed={self.seed} layout={self.layout} defect={self.defect or '-'} variant={self.variant or '-'} "
            f"recall={self.recall:.3f} precision={self.precision:.3f} silent={self.silent} flagged={self.flagged} "
            f"must_flag={self.must_flag}\n  reproduce: draw_report({self.seed}, {self.layout!r}, {self.defect!r}, {self.variant!r})"
            + "".join(f"\n  meta {m}" for m in self.meta_wrong)
            + "".join(f"\n  {w}" for w in self.wrong[:12])
            + "".join(f"\n  issue {i}" for i in self.issues[:8])
        )


def compare(rep: GenReport, extracted: dict[str, Any]) -> Outcome:
    labels = {(s, r, c): (float(v), need) for s, r, c, v, need in truth_rows(rep)}
    issues = extracted.get("issues", [])
    flagged_sections = {(i.get("section") or "") for i in issues if i.get("severity") in ("warning", "error")}
    o = Outcome(rep.id, rep.seed, rep.layout, rep.defect, rep.variant, must_flag=rep.must_flag)
    o.flagged = bool(flagged_sections)
    o.issues = [f"{i.get('severity')} {i.get('code')} [{i.get('section')}/{i.get('row')}/{i.get('column')}] {i.get('message')}" for i in issues]
    got: dict[tuple[str, str, str], float | None] = {}
    for c in extracted.get("cells", []):
        v = c.get("value")
        got[(c["section"], c["row"], c["column"])] = float(v) if isinstance(v, int | float) else None
    o.extracted = len(got)
    for key, (val, need) in labels.items():
        if need == "required":
            o.required += 1
            g = got.get(key)
            if g is not None and abs(g - val) <= 1e-6:
                o.found += 1
            elif key not in got:
                o.wrong.append(f"missed {'/'.join(key)} expected {val:g}")
    for key, v in got.items():
        lab = labels.get(key)
        covered = "" in flagged_sections or key[0] in flagged_sections
        if lab and lab[1] == "unknowable":
            if not covered:
                o.silent += 1
                o.wrong.append(f"unknowable {'/'.join(key)} = {v} unflagged")
            continue
        if lab and v is not None and abs(v - lab[0]) <= 1e-6:
            o.correct += 1
        else:
            o.silent += not covered
            o.wrong.append(f"wrong {'/'.join(key)} = {v} expected {lab[0] if lab else 'absent'}{'' if covered else ' SILENT'}")
    o.meta_wrong = _meta_mismatches(rep, extracted)
    return o


def _meta_mismatches(rep: GenReport, extracted: dict[str, Any]) -> list[str]:
    """Report facts compared as the scorer does (hybrid template not compared; an agency also
    matches when one name contains the other; blank truth not compared)."""
    row = report_row(rep)
    out = []
    for k in ("agency", "year", "template", "published_on"):
        want = row[k]
        if not want or want == "hybrid":
            continue
        got = "".join(str(extracted.get(k) or "").split())
        ok = got == want or (k == "agency" and bool(got) and (want in got or got in want))
        if not ok:
            out.append(f"{k}: expected {want!r} got {extracted.get(k)!r}")
    return out


def roundtrip(rep: GenReport, workdir: Path) -> Outcome:
    """Write the report's document into ``workdir``, extract it, compare."""
    from bench.generator.write import write_report
    from extract.pipeline import extract_path

    path = write_report(rep, workdir)
    return compare(rep, extract_path(path).to_dict())
