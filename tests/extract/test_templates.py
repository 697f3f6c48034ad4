"""The template definitions in extract/templates.py are exactly the public codebook."""

import csv

from extract.templates import ACTIVE, APPLICATIONS, REVIEW, TEMPLATES


def _ours() -> set[tuple[str, str, str, str, str]]:
    out = set()
    for version, t in TEMPLATES.items():
        for section in (ACTIVE, APPLICATIONS, REVIEW):
            for spec in t.rows(section):
                for col in t.columns(section, spec.table):
                    out.add((version, section, spec.table, spec.row, col))
    return out


def test_codes_match_the_codebook(shared):
    with (shared / "spec" / "codebook.tsv").open(encoding="utf-8") as f:
        theirs = {(r["template"], r["section"], r["table"], r["row"], r["column"]) for r in csv.DictReader(f, delimiter="\t")}
    assert _ours() == theirs


def test_official_row_labels_match(shared):
    with (shared / "spec" / "codebook.tsv").open(encoding="utf-8") as f:
        labels = {(r["template"], r["section"], r["row"]): r["row_label"] for r in csv.DictReader(f, delimiter="\t")}
    for version, t in TEMPLATES.items():
        for section in (ACTIVE, APPLICATIONS, REVIEW):
            for spec in t.rows(section):
                assert spec.label == labels[(version, section, spec.row)], (version, spec.row)
