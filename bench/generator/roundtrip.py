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
    flag_expected: str = "no"  # yes | no | either (see GenReport.flag_expected)
    messy: bool = True
    issues: list[str] = field(default_factory=list)
    warning_codes: list[str] = field(default_factory=list)
    meta_wrong: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.required if self.required else 1.0

    @property
    def precision(self) -> float:
        return self.correct / self.extracted if self.extracted else 1.0

    @property
    def noisy(self) -> bool:
        """A report without a declared defect that carries a warning it should not: any warning on
        a clean report; on an 'either' report (amount with no unit) any but amount_unit_assumed."""
        if self.must_flag:
            return False
        if self.flag_expected == "either":
            return any(c != "amount_unit_assumed" for c in self.warning_codes)
        return self.flagged

    @property
    def ok(self) -> bool:
        """Valid reports: exact and not noisy; defects: flagged and nothing silent."""
        if self.must_flag:
            return self.flagged and self.silent == 0 and not self.meta_wrong
        return (
            self.recall == 1.0 and self.precision == 1.0 and not self.noisy and self.silent == 0 and not self.meta_wrong
        )

    def describe(self) -> str:
        return (
            f"{self.id} seed={self.seed} layout={self.layout} defect={self.defect or '-'} variant={self.variant or '-'} "
            f"recall={self.recall:.3f} precision={self.precision:.3f} silent={self.silent} flagged={self.flagged} "
            f"must_flag={self.flag_expected}\n  reproduce: draw_report({self.seed}, {self.layout!r}, {self.defect!r}, "
            f"{self.variant!r}, messy={self.messy})"
            + "".join(f"\n  meta {m}" for m in self.meta_wrong)
            + "".join(f"\n  {w}" for w in self.wrong[:12])
            + "".join(f"\n  issue {i}" for i in self.issues[:8])
        )


def compare(rep: GenReport, extracted: dict[str, Any]) -> Outcome:
    labels = {(s, r, c): (float(v), need) for s, r, c, v, need in truth_rows(rep)}
    issues = extracted.get("issues", [])
    flagged_sections = {(i.get("section") or "") for i in issues if i.get("severity") in ("warning", "error")}
    o = Outcome(rep.id, rep.seed, rep.layout, rep.defect, rep.variant, must_flag=rep.must_flag)
    o.flag_expected, o.messy = rep.flag_expected, rep.messy
    o.flagged = bool(flagged_sections)
    o.warning_codes = [i.get("code") or "" for i in issues if i.get("severity") in ("warning", "error")]
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


@dataclass
class Summary:
    """Round-trip numbers over many reports, as the issue-10 acceptance states them."""

    reports: int = 0
    required: int = 0
    found: int = 0
    extracted: int = 0
    correct: int = 0
    silent: int = 0
    defects: int = 0
    defects_flagged: int = 0
    clean: int = 0
    clean_warned: int = 0
    meta_wrong: int = 0  # reports with a wrong fact (agency, year, date)
    failed: list[Outcome] = field(default_factory=list)

    def add(self, o: Outcome) -> None:
        self.reports += 1
        self.required += o.required
        self.found += o.found
        self.extracted += o.extracted
        self.correct += o.correct
        self.silent += o.silent
        self.meta_wrong += bool(o.meta_wrong)
        if o.must_flag:
            self.defects += 1
            self.defects_flagged += o.flagged
        else:
            self.clean += 1
            self.clean_warned += o.noisy
        if not o.ok:
            self.failed.append(o)

    @property
    def recall(self) -> float:
        return self.found / self.required if self.required else 1.0

    @property
    def precision(self) -> float:
        return self.correct / self.extracted if self.extracted else 1.0

    @property
    def clean_warning_rate(self) -> float:
        return self.clean_warned / self.clean if self.clean else 0.0

    def line(self, name: str) -> str:
        return (
            f"{name:10} n={self.reports:4d} recall {self.recall:.4f} precision {self.precision:.4f} "
            f"silent {self.silent} defects flagged {self.defects_flagged}/{self.defects} "
            f"clean warned {self.clean_warned}/{self.clean} ({self.clean_warning_rate:.1%}) failed {len(self.failed)}"
        )


def measure(
    layout: str, n: int, seed: int, workdir: Path, messy: bool = True, defect_rate: float = 0.3, blank_rate: float = 0.1
) -> Summary:
    """Round-trip ``n`` planned reports of one layout and sum the numbers."""
    from bench.generator.write import generate, plans

    s = Summary()
    for plan in plans(n, [layout], seed=seed, defect_rate=defect_rate, blank_rate=blank_rate, messy=messy):
        s.add(roundtrip(generate(plan), workdir))
    return s


def main(argv: list[str] | None = None) -> int:
    """``python -m bench.generator.roundtrip [--layouts a,b] [--n N] [--seed S] [--classic] [-v]``:
    print the round-trip numbers per layout (and the failing reports with -v)."""
    import argparse
    import tempfile

    from bench.generator.model import TEXT_LAYOUTS

    ap = argparse.ArgumentParser(prog="python -m bench.generator.roundtrip", description=main.__doc__)
    ap.add_argument("--layouts", default=",".join(TEXT_LAYOUTS))
    ap.add_argument("--n", type=int, default=30)
    ap.add_argument("--seed", type=int, default=2024)
    ap.add_argument("--classic", action="store_true", help="pre-issue-10 unit/change forms only")
    ap.add_argument("-v", action="count", default=0)
    a = ap.parse_args(argv)
    total = Summary()
    with tempfile.TemporaryDirectory() as tmp:
        for layout in a.layouts.split(","):
            s = measure(layout, a.n, a.seed, Path(tmp), messy=not a.classic)
            print(s.line(layout), flush=True)
            for o in s.failed[: 3 * a.v]:
                print(o.describe())
            total.failed += s.failed
            for k in ("reports", "required", "found", "extracted", "correct", "silent", "defects", "defects_flagged", "clean", "clean_warned"):
                setattr(total, k, getattr(total, k) + getattr(s, k))
    print(total.line("ALL"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
