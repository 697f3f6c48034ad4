"""Score the narrative reader on generated reports against their text-fact truth (``rep.text_facts``)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from bench.generator.model import draw_report
from bench.generator.write import render
from extract.pipeline import extract_bytes


@dataclass
class NarrativeScore:
    """Recall and wrong values of stated facts; flags on planted, agreeing and other-scope sentences."""

    expected: int = 0
    found: int = 0
    wrong: list[str] = field(default_factory=list)
    planted: int = 0
    planted_flagged: int = 0
    false_flags: list[str] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)

    @property
    def recall(self) -> float:
        return self.found / self.expected if self.expected else 1.0


def _scope(s: str) -> str:
    return s.split(":")[0]


def score_generated(n: int, layouts: tuple[str, ...], seed: int = 0, mismatch_every: int = 4) -> NarrativeScore:
    """Draw ``n`` reports round-robin over ``layouts`` (every ``mismatch_every``-th with the
    ``text_mismatch`` defect), extract them and compare facts and flags with the truth."""
    sc = NarrativeScore()
    for i in range(n):
        layout = layouts[i % len(layouts)]
        defect = "text_mismatch" if i % mismatch_every == 0 else ""
        rep = draw_report(seed * 100_000 + i, layout, defect)
        got = extract_bytes(render(rep), f"{rep.id}.txt", guard=False)
        facts = [(f["kind"], f["value"], _scope(f["scope"])) for f in got.facts]
        pool = list(facts)
        for kind, value, _unit, scope in rep.text_facts:
            sc.expected += 1
            hit = next((f for f in pool if f[0] == kind and abs(f[1] - value) < 1e-6 and f[2] == scope), None)
            if hit:
                sc.found += 1
                pool.remove(hit)
        truth = {(k, round(v, 6)) for k, v, _u, _s in rep.text_facts}
        sc.wrong += [f"{rep.id} seed={rep.seed} {f}" for f in pool if (f[0], round(f[1], 6)) not in truth]
        sc.statuses.update(c["status"] for c in got.text_checks)
        flagged = [i.message for i in got.issues if i.code == "text_table_mismatch"]
        if rep.defect == "text_mismatch":
            sc.planted += 1
            sc.planted_flagged += bool(flagged)
        elif flagged and not rep.defect:
            sc.false_flags += [f"{rep.id} seed={rep.seed}: {m}" for m in flagged]
    return sc
