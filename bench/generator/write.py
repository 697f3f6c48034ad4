"""Writing a generated folder the scorer can read: ``<id>.<ext>``, ``<id>.tsv``, ``reports.tsv``.

``score_extraction.py --labels DIR --corpus DIR`` then scores any extractor on it. Which report
gets which layout and defect is itself drawn from the master seed, so a folder is reproducible
from (seed, n, layouts, defect rate) alone, and each report from its own seed.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from bench.generator.model import DEFECTS, DUMP_LAYOUTS, SUFFIX, TEXT_LAYOUTS, GenReport, draw_report
from bench.generator.truth import REPORT_COLUMNS, TRUTH_COLUMNS, facts_tsv, report_row, truth_rows


@dataclass(frozen=True)
class Plan:
    """What to draw for report number ``index``."""

    index: int
    seed: int
    layout: str
    defect: str
    variant: str
    messy: bool = True

    @property
    def id(self) -> str:
        return f"{self.layout}_{self.index:06d}"


def plans(
    n: int, layouts: Sequence[str], seed: int = 0, defect_rate: float = 0.2, blank_rate: float = 0.1, messy: bool = True
) -> Iterator[Plan]:
    """Report plans: layouts round-robin; a share of defects and of the cells_blank variant;
    ``messy=False`` keeps to the pre-issue-10 unit/change forms (see ``draw_report``)."""
    rng = random.Random(f"plan:{seed}")
    for i in range(n):
        layout = layouts[i % len(layouts)]
        defect = variant = ""
        x = rng.random()
        if x < defect_rate:
            choices = DEFECTS if layout == "flat" else DEFECTS[:3]
            defect = rng.choice(choices)
        elif x < defect_rate + blank_rate and layout != "flat":
            variant = "cells_blank"
        yield Plan(i, rng.getrandbits(48), layout, defect, variant, messy)


def generate(plan: Plan) -> GenReport:
    return draw_report(plan.seed, plan.layout, plan.defect, plan.variant, rid=plan.id, messy=plan.messy)


def render(rep: GenReport) -> bytes:
    """The document of a report in its layout, as file bytes."""
    if rep.layout in TEXT_LAYOUTS:
        from bench.generator.render_text import TEXT_RENDERERS

        return TEXT_RENDERERS[rep.layout](rep).encode(rep.encoding)
    if rep.layout == "html":
        from bench.generator.render_html import render_html

        return render_html(rep).encode("utf-8")
    if rep.layout == "docx":
        from bench.generator.render_docx import render_docx

        return render_docx(rep)
    if rep.layout == "pdf":
        from bench.generator.render_pdf import render_pdf

        return render_pdf(rep)
    if rep.layout in DUMP_LAYOUTS:
        from bench.generator.render_pdftotext import DUMP_RENDERERS

        return DUMP_RENDERERS[rep.layout](rep).encode("utf-8")
    from bench.generator.render_pictures import render_picture

    return render_picture(rep)  # scan, scan_jpg, scan_tif, scan_pdf, html_img, docx_img


def truth_tsv(rep: GenReport) -> str:
    lines = ["\t".join(TRUTH_COLUMNS)] + ["\t".join(r) for r in truth_rows(rep)]
    return "\n".join(lines) + "\n"


def write_report(rep: GenReport, out: Path) -> Path:
    """Write the document and its truth TSV; return the document path."""
    doc = out / f"{rep.id}{SUFFIX[rep.layout]}"
    doc.write_bytes(render(rep))
    if rep.layout == "html_img":
        from bench.generator.render_pictures import write_page_files

        write_page_files(rep, doc)  # the table pictures beside the page, as a browser saves it
    (out / f"{rep.id}.tsv").write_text(truth_tsv(rep), encoding="utf-8")
    (out / f"{rep.id}.facts.tsv").write_text(facts_tsv(rep), encoding="utf-8")
    return doc


def _write_chunk(args: tuple[list[Plan], str]) -> list[tuple[str, bool]]:
    chunk, out = args
    rows = []
    for plan in chunk:
        rep = generate(plan)
        write_report(rep, Path(out))
        row = report_row(rep)
        rows.append(("\t".join(row[c] for c in REPORT_COLUMNS), rep.must_flag))
    return rows


def write_folder(
    out: Path, n: int, layouts: Sequence[str], seed: int = 0, defect_rate: float = 0.2, jobs: int = 1
) -> tuple[int, int]:
    """Generate ``n`` reports into ``out`` with reports.tsv; return (written, with defects).
    Reports are not kept in memory; ``jobs`` > 1 renders chunks in worker processes (the output
    is identical: every report depends only on its own plan)."""
    out.mkdir(parents=True, exist_ok=True)
    chunks: list[list[Plan]] = []
    for plan in plans(n, layouts, seed, defect_rate):
        if not chunks or len(chunks[-1]) == 200:
            chunks.append([])
        chunks[-1].append(plan)
    written = flagged = 0
    with (out / "reports.tsv").open("w", encoding="utf-8") as f:
        f.write("\t".join(REPORT_COLUMNS) + "\n")
        if jobs > 1:
            import multiprocessing as mp

            with mp.get_context("fork").Pool(jobs) as pool:
                results = pool.imap(_write_chunk, [(c, str(out)) for c in chunks])
                for rows in results:
                    for line, must in rows:
                        f.write(line + "\n")
                        written += 1
                        flagged += must
        else:
            for c in chunks:
                for line, must in _write_chunk((c, str(out))):
                    f.write(line + "\n")
                    written += 1
                    flagged += must
    return written, flagged
