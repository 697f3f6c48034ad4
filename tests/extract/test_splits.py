"""Flattened digit runs: every split enumerated, identities decide, ambiguity stays ambiguous."""

from extract.cells import Token
from extract.rows import read_flat
from extract.splits import ColumnRule, enumerate_splits
from extract.templates import ACTIVE, APPLICANT_COLUMNS, APPLICATIONS, REVIEW

THREE = [ColumnRule()] * 3


def test_leading_zeros_force_the_split():
    assert enumerate_splits(["007"], THREE).candidates == [[0, 0, 7]]


def test_minus_sign_is_a_boundary():
    rules = [ColumnRule(), ColumnRule(signed=True)]
    assert enumerate_splits(["35-15"], rules).candidates == [[35, -15]]
    rules3 = [ColumnRule(), ColumnRule(signed=True), ColumnRule()]
    got = enumerate_splits(["2648-18538"], rules3).candidates
    assert {c[0] for c in got} == {2648}
    assert [-18, 538] in [c[1:] for c in got]
    assert len(got) == 4


def test_ambiguous_run_lists_every_split():
    got = enumerate_splits(["7777166"], THREE).candidates
    assert [77, 77, 166] in got and [7, 7, 77166] in got
    assert len(got) == 15


def _toks(*texts):
    return [Token(t, i) for i, t in enumerate(texts)]


def test_row_identity_picks_the_one_split_of_section_three():
    res = read_flat(APPLICATIONS, _toks("200", "000121"), APPLICANT_COLUMNS)
    assert len(res.candidates) == 1
    assert [res.candidates[0][c].value for c in APPLICANT_COLUMNS] == [20, 0, 0, 0, 0, 1, 21]


def test_section_four_fifteen_zeros():
    cols = tuple(f"r{i}" for i in range(15))
    res = read_flat(REVIEW, _toks("000000000000000"), cols)
    assert len(res.candidates) == 1 and all(r.value == 0 for r in res.candidates[0].values())


def test_decimal_amount_with_yuan_unit_is_ambiguous_without_identity():
    res = read_flat(ACTIVE, _toks("39573802895.90元"), ("items", "amount_10k_yuan"))
    assert len(res.candidates) > 1
    assert all(c["amount_10k_yuan"].unit == "元" for c in res.candidates)


def test_impossible_run_gives_no_candidate_and_a_warning():
    res = read_flat(APPLICATIONS, _toks("9999999"), APPLICANT_COLUMNS)
    assert res.candidates == []
    assert res.notes and res.notes[0][0] == "warning"


def test_a_plus_sign_starts_a_change_never_a_count():
    rules3 = [ColumnRule(), ColumnRule(signed=True), ColumnRule()]
    # '240+10': 240 | +1 | 0 — not 2 | 40 | +10 (a sign never stands before a count)
    assert enumerate_splits(["240+10"], rules3).candidates == [[240, 1, 0]]
