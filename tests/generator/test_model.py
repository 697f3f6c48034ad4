"""The generator itself: deterministic, identities hold on valid reports, defects break what
they declare, truth rows follow the scorer's format."""

from __future__ import annotations

import pytest

from bench.generator.flatten import ambiguous_rows, count_splits, row_run, row_sum_ok, rules_for
from bench.generator.model import TEXT_LAYOUTS, cell_keys, draw_report
from bench.generator.narrative import chinese_date
from bench.generator.render_text import TEXT_RENDERERS
from bench.generator.truth import identity_checks, report_row, truth_rows
from bench.generator.write import plans, truth_tsv
from extract.templates import ACTIVE, APPLICANT_COLUMNS, APPLICATIONS, REVIEW

SEEDS = range(60)


@pytest.mark.parametrize("layout", TEXT_LAYOUTS)
def test_same_seed_same_document(layout: str) -> None:
    a, b = draw_report(11, layout), draw_report(11, layout)
    assert TEXT_RENDERERS[layout](a) == TEXT_RENDERERS[layout](b)
    assert truth_tsv(a) == truth_tsv(b)
    assert TEXT_RENDERERS[layout](a) != TEXT_RENDERERS[layout](draw_report(12, layout))


@pytest.mark.parametrize("layout", TEXT_LAYOUTS)
def test_identities_hold_on_valid_reports(layout: str) -> None:
    for seed in SEEDS:
        rep = draw_report(seed, layout)
        failed = [name for name, held in identity_checks(rep) if held is not True]
        assert failed == [], f"seed {seed}: {failed}"
        assert all(v >= 0 for k, v in rep.values.items() if k[2] != "change"), seed


def test_template_follows_year() -> None:
    seen = set()
    for seed in range(300):
        rep = draw_report(seed, "tab")
        seen.add(rep.template)
        assert 2019 <= rep.year <= 2024
        assert (rep.template == "2019") == (rep.year <= 2020), seed
        rows = rep.application_rows()
        assert ("other" in rows) == (rep.template in ("2019", "hybrid"))
        assert ("other_no_correction" in rows) == (rep.template == "2021")
        active_cols = {k[2] for k in cell_keys(rep, ACTIVE)}
        assert ("issued" in active_cols) == (rep.template != "2019")
    assert seen == {"2019", "2021", "hybrid"}


def test_cells_blank_leaves_only_the_total_column() -> None:
    rep = draw_report(5, "cells", variant="cells_blank")
    rows = truth_rows(rep)
    app = [r for r in rows if r[0] == APPLICATIONS]
    assert app and {r[2] for r in app} == {"total"}
    assert not rep.must_flag
    checks = dict(identity_checks(rep))
    assert checks["column_balance:total"] is True
    assert checks["column_balance:natural_person"] is None


def test_identity_broken_breaks_an_identity() -> None:
    for seed in SEEDS:
        for layout in ("tab", "flat"):
            rep = draw_report(seed, layout, defect="identity_broken")
            assert False in [held for _n, held in identity_checks(rep)], (seed, layout)
            assert rep.must_flag and report_row(rep)["must_flag"] == "yes"


def test_section_missing_drops_heading_table_and_truth() -> None:
    for seed in range(20):
        rep = draw_report(seed, "tab", defect="section_missing")
        missing = rep.defect_detail["missing_section"]
        assert missing in (ACTIVE, REVIEW) and missing not in rep.sections
        text = TEXT_RENDERERS["tab"](rep)
        marker = "第二十条" if missing == ACTIVE else "结果维持"
        assert marker not in text
        assert not [r for r in truth_rows(rep) if r[0] == missing]


def test_truncated_document_ends_inside_section_three() -> None:
    for seed in range(20):
        rep = draw_report(seed, "cells", defect="truncated")
        k, n = rep.defect_detail["truncate"]
        text = TEXT_RENDERERS["cells"](rep)
        assert "结转下年度继续办理" not in text and "结果维持" not in text and "五、存在" not in text
        rows = truth_rows(rep)
        assert not [r for r in rows if r[0] == REVIEW]
        app_rows = [r for r in rows if r[0] == APPLICATIONS]
        assert len([r for r in app_rows if r[4] == "required"]) == 7 * k
        assert len([r for r in app_rows if r[4] == "optional"]) == n
        assert rep.published_on is None


def test_ambiguous_flattened_has_several_splits() -> None:
    for seed in range(20):
        rep = draw_report(seed, "flat", defect="ambiguous_flattened")
        keys = rep.defect_detail["unknowable"]
        assert count_splits(row_run(rep, keys, False), rules_for(keys)) >= 2
        assert [r[4] for r in truth_rows(rep) if r[:3] in keys] == ["unknowable"] * len(keys)
        text = TEXT_RENDERERS["flat"](rep)
        assert row_run(rep, keys, False) in text
    with pytest.raises(ValueError):
        draw_report(1, "tab", defect="ambiguous_flattened")


def test_flat_valid_reports_split_one_way_only() -> None:
    for seed in SEEDS:
        rep = draw_report(seed, "flat")
        assert ambiguous_rows(rep) == [], seed


def test_count_splits_on_corpus_examples() -> None:
    # pingtan_2020: 规章007 is forced; 7777166 is not; 200 000121 is forced by the row total
    assert count_splits("007", [(False, False)] * 3) == 1
    assert count_splits("7777166", [(False, False)] * 3) == 2
    assert count_splits("200 000121", [(False, False)] * 7, row_sum_ok) == 1
    assert count_splits("2648-18538", [(False, False), (True, False), (False, False)]) == 2
    assert count_splits("36.8178", [(False, False), (False, True)]) == 1
    assert count_splits("312.5", [(False, False), (False, True)]) == 2
    assert count_splits("111000012", [(False, False)] * 7, row_sum_ok) == 2


def test_truth_rows_use_codebook_codes_and_printed_values() -> None:
    rep = draw_report(3, "tab")
    rows = truth_rows(rep)
    assert all(len(r) == 5 and r[4] == "required" for r in rows)
    keys = {r[:3] for r in rows}
    assert keys == {k for s in (ACTIVE, APPLICATIONS, REVIEW) for k in cell_keys(rep, s)}
    text = TEXT_RENDERERS["tab"](rep)
    total = next(r for r in rows if r[1] == "new_received" and r[2] == "total")
    line = next(ln for ln in text.splitlines() if ln.startswith("一、本年新收"))
    assert line.split("\t")[-1].strip() == total[3]
    assert {c for _s, _r, c, _v, _n in rows if _s == APPLICATIONS} == set(APPLICANT_COLUMNS)


def test_agencies_are_real_places() -> None:
    from bench.generator.regions import atlas

    counties = {p.county for p in atlas().counties}
    kinds = set()
    for seed in range(200):
        a = draw_report(seed, "tab").agency
        kinds.add(a.kind)
        if a.county:
            assert a.county in counties and a.county in a.name
        if a.township:
            assert a.township in a.name
        assert a.province.endswith(("省", "市", "自治区"))
    assert {"township_government", "department", "county_government", "subdistrict_office"} <= kinds


def test_chinese_sign_off_date() -> None:
    from datetime import date

    assert chinese_date(date(2021, 1, 29)) == "二〇二一年一月二十九日"
    assert chinese_date(date(2020, 12, 10)) == "二〇二〇年十二月十日"


def test_plans_mix_defects_and_variants() -> None:
    ps = list(plans(400, TEXT_LAYOUTS, seed=1, defect_rate=0.2))
    defects = [p for p in ps if p.defect]
    assert 50 < len(defects) < 110
    assert not [p for p in ps if p.defect == "ambiguous_flattened" and p.layout != "flat"]
    assert [p for p in ps if p.variant == "cells_blank"]
    assert len({p.seed for p in ps}) == 400
