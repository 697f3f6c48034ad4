"""Golden check for speed work on the text extractor: the output must not change by one byte.

Run: ``.venv/bin/python -m bench.extract_golden dump /tmp/golden.json`` on the unmodified code, then
``.venv/bin/python -m bench.extract_golden check /tmp/golden.json`` after a change. Why a dump and
not a test: an optimisation must keep *every* field (cells with provenance, issues, identities,
facts, narrative paragraphs) byte-identical, over far more inputs than the scorer's labels cover.

Inputs: the ../shared seeds, the corpus text/markdown/HTML reports, and generated reports over
every text layout (with defects, blank cells, classic and messy unit/change forms). The generated
documents are written once to ``--inputs`` (default /tmp/ogi_speed_golden_inputs) and read back from
there, so a later change to the generator does not masquerade as a change of the extractor.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from extract.pipeline import extract_bytes

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
DEFAULT_INPUTS = Path("/tmp/ogi_speed_golden_inputs")


def _write_generated(out: Path, n: int, seed: int) -> None:
    """~``n`` generated reports over every text layout: 80 % messy (issue-10 forms), 20 % classic."""
    from bench.generator.model import SUFFIX, TEXT_LAYOUTS
    from bench.generator.write import generate, plans, render

    out.mkdir(parents=True, exist_ok=True)
    n_classic = n // 5
    for messy, count, tag in ((True, n - n_classic, "m"), (False, n_classic, "c")):
        for plan in plans(count, TEXT_LAYOUTS, seed=seed, defect_rate=0.3, blank_rate=0.15, messy=messy):
            rep = generate(plan)
            name = f"{tag}_{plan.id}_{plan.defect or '-'}_{plan.variant or '-'}{SUFFIX[rep.layout]}"
            (out / name).write_bytes(render(rep))


def inputs(gen_dir: Path, n: int, seed: int) -> list[Path]:
    """Real reports first, then the generated ones (written on first use)."""
    real = sorted((SHARED / "seeds").glob("*.txt"))
    real += sorted(p for p in (SHARED / "corpus").glob("*") if p.suffix in (".txt", ".md", ".html"))
    if not gen_dir.exists() or not any(gen_dir.iterdir()):
        _write_generated(gen_dir, n, seed)
    return real + sorted(gen_dir.iterdir())


def dump(paths: list[Path]) -> dict[str, str]:
    """One canonical JSON string per input: the whole public Report shape, keys sorted."""
    out = {}
    for p in paths:
        d = extract_bytes(p.read_bytes(), p.name).to_dict()
        out[p.name] = json.dumps(d, ensure_ascii=False, sort_keys=True)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.extract_golden", description=__doc__)
    ap.add_argument("mode", choices=("dump", "check"))
    ap.add_argument("golden", type=Path, help="the baseline JSON (keep it under /tmp, not in the repo)")
    ap.add_argument("--inputs", type=Path, default=DEFAULT_INPUTS, help="folder of generated documents")
    ap.add_argument("--n", type=int, default=300, help="generated reports (on first use of --inputs)")
    ap.add_argument("--seed", type=int, default=10)
    a = ap.parse_args(argv)
    got = dump(inputs(a.inputs, a.n, a.seed))
    if a.mode == "dump":
        a.golden.write_text(json.dumps(got, ensure_ascii=False, sort_keys=True, indent=0), encoding="utf-8")
        print(f"wrote {len(got)} reports to {a.golden}")
        return 0
    want = json.loads(a.golden.read_text(encoding="utf-8"))
    diff = sorted(k for k in want.keys() | got.keys() if want.get(k) != got.get(k))
    for k in diff[:20]:
        print(f"DIFF {k}")
        w, g = json.loads(want.get(k) or "{}"), json.loads(got.get(k) or "{}")
        for field in sorted(w.keys() | g.keys()):
            if w.get(field) != g.get(field):
                print(f"  {field}: {str(w.get(field))[:300]}\n  -> {str(g.get(field))[:300]}")
    print(f"{len(got)} reports, {len(diff)} differ from {a.golden}")
    return 1 if diff else 0


if __name__ == "__main__":
    sys.exit(main())
