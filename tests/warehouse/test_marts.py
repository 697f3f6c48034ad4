"""Mart values worked out by hand from tests/warehouse/reports.py."""

from __future__ import annotations

import pytest

from tests.warehouse import reports as R

A, B, C, D, E = (R.sha(n) for n in ("a2020-v2", "b2020", "c2020", "d2020", "e2020"))


def row(con, sql: str, *params):
    return con.execute(sql, list(params)).fetchone()


def test_dbt_build_passed_all_tests(built):
    assert built.models.models == 23  # 19 + the narrative: three staging views and mart_text_checks
    assert built.models.tests >= 90


def test_agency_a_headline_rates(con):
    got = row(con, """
        SELECT applications_received, applications_carried_over, applications_handled,
               applications_carried_forward, disclosure_rate, withheld_rate, unable_rate, rejected_rate,
               other_rate, backlog_rate, legal_person_share, review_correction_rate,
               litigation_correction_rate, disputes_per_100_applications, normative_documents_in_force,
               procurement_amount_10k_yuan, quality_status
        FROM mart_agency_year WHERE report_id = ?""", A)
    assert got[:4] == (40, 2, 38, 4)
    assert got[4:14] == pytest.approx(
        [25 / 38, 4 / 38, 6 / 38, 2 / 38, 1 / 38, 4 / 42, 10 / 40, 1 / 3, 1 / 2, 15.0])
    assert got[14:] == (30, pytest.approx(6.8178), "ok")


def test_agency_b_zero_denominators_and_split_other(con):
    got = row(con, """
        SELECT disclosure_rate, other_outcomes, other_rate, legal_person_share, reviews,
               review_correction_rate, litigation_correction_rate, disputes_per_100_applications,
               withheld, quality_status, identities_failed
        FROM mart_agency_year WHERE report_id = ?""", B)
    # 6/12; other = 1 + 1 (2021 sub-rows); no legal persons; 1 review, none corrected; no lawsuit -> NULL
    assert got == (0.5, 2, pytest.approx(2 / 12), 0.0, 1, 0.0, None, pytest.approx(100 / 12), None, "warning", 1)


def test_agency_d_every_rate_null_when_nothing_received(con):
    got = row(con, """
        SELECT disclosure_rate, withheld_rate, backlog_rate, legal_person_share, disputes_per_100_applications
        FROM mart_agency_year WHERE report_id = ?""", D)
    assert got == (None, None, None, None, None)


def test_agency_c_total_only_has_no_applicant_share(con):
    assert row(con, "SELECT disclosure_rate, legal_person_share FROM mart_agency_year WHERE report_id = ?",
               C) == (1.0, None)


def test_one_row_per_current_agency_year(con):
    assert row(con, "SELECT count(*), count(DISTINCT agency_key || year) FROM mart_agency_year") == (7, 7)
    assert row(con, "SELECT count(*) FROM mart_agency_year WHERE report_id = ?", R.sha("a2020-v1")) == (0,)


def comparison(con, report_id: str, measure: str, group: str):
    return row(con, """
        SELECT peer_key, is_ranked, rank_in_peers, percentile, peers_ranked, peer_median, not_ranked_reason
        FROM mart_comparison WHERE report_id = ? AND measure = ? AND peer_group = ?""",
               report_id, measure, group)


def test_peers_rank_only_above_min_denominator(con):
    median = (25 / 38 + 0.5) / 2
    assert comparison(con, A, "disclosure_rate", "kind") == (
        "county_government", True, 1, 1.0, 2, pytest.approx(median), None)
    assert comparison(con, B, "disclosure_rate", "province") == (
        "河南省", True, 2, 0.0, 2, pytest.approx(median), None)
    # C: 5/5 = 1.0 would rank first, but 5 applications < 10
    assert comparison(con, C, "disclosure_rate", "kind") == (
        "county_government", False, None, None, 2, pytest.approx(median), "below_min_denominator")
    # D in 江苏省 has a NULL rate (nothing handled)
    assert comparison(con, D, "disclosure_rate", "province") == ("江苏省", False, None, None, 0, None, "no_value")


def test_unknown_region_is_not_a_peer_group(con):
    # E: kind and province unresolved -> no group at all (it used to pool into one 'unknown' group)
    for group in ("kind", "province", "kind_province", "kind_city"):
        assert comparison(con, E, "applications_received", group) == (
            None, False, None, None, 0, None, "no_peer_group")
    assert row(con, "SELECT count(*) FROM mart_comparison WHERE peer_key = 'unknown'") == (0,)


def test_group_of_one_is_not_ranked(con):
    # D is the only county government of 江苏省: no rank 1 / percentile 0.0 'lowest' for a group of one
    assert comparison(con, D, "applications_received", "province") == (
        "江苏省", False, None, None, 0, None, "alone_in_peer_group")
    assert comparison(con, D, "applications_received", "kind") == (
        "county_government", True, 4, 0.0, 4, pytest.approx(8.5), None)


def test_failed_identity_in_the_measures_section_is_not_ranked(con):
    # B's review_sum failed (section four): its disputes rate (applications + reviews) is not ranked,
    # its disclosure rate (section three only) is.
    assert comparison(con, B, "disputes_per_100_applications", "kind")[1:] == (
        False, None, None, 0, None, "identity_failed")
    assert comparison(con, B, "disclosure_rate", "kind")[1:3] == (True, 2)
    # A is then the only county government left for disputes: alone, not ranked
    assert comparison(con, A, "disputes_per_100_applications", "kind")[1:] == (
        False, None, None, 0, None, "alone_in_peer_group")


def test_kind_by_province_and_city_groups(con):
    got = con.execute("""
        SELECT peer_group, peer_key, agency_name, rank_in_peers, not_ranked_reason FROM mart_comparison
        WHERE measure = 'applications_received' AND peer_group IN ('kind_province', 'kind_city') AND year = 2020
          AND agency_kind = 'county_government' ORDER BY peer_group, peer_key, rank_in_peers""").fetchall()
    assert got == [
        ("kind_city", "county_government|河南省|开封市", "乙县人民政府", None, "alone_in_peer_group"),
        ("kind_city", "county_government|河南省|郑州市", "甲县人民政府", 1, None),
        ("kind_city", "county_government|河南省|郑州市", "丙县人民政府", 2, None),
        ("kind_city", None, "丁县人民政府", None, "no_peer_group"),
        ("kind_province", "county_government|江苏省", "丁县人民政府", None, "alone_in_peer_group"),
        ("kind_province", "county_government|河南省", "甲县人民政府", 1, None),
        ("kind_province", "county_government|河南省", "乙县人民政府", 2, None),
        ("kind_province", "county_government|河南省", "丙县人民政府", 3, None),
    ]


def test_min_denominators_per_rate_are_a_dbt_var(built, tmp_path):
    import shutil

    import duckdb

    from transform.models import build_models

    with duckdb.connect(str(built.db), read_only=True) as con:
        assert con.execute("SELECT DISTINCT measure, min_denominator FROM mart_comparison "
                           "WHERE measure IN ('disclosure_rate', 'applications_received') ORDER BY 1").fetchall() == [
            ("applications_received", None), ("disclosure_rate", 10.0)]
    copy = tmp_path / "ogi.duckdb"
    shutil.copy(built.db, copy)
    build_models(copy, select=["mart_comparison"], variables={"min_denominators": {"disclosure_rate": 20}})
    with duckdb.connect(str(copy), read_only=True) as con:
        got = con.execute("""SELECT agency_name, min_denominator, is_ranked, not_ranked_reason FROM mart_comparison
            WHERE measure = ? AND peer_group = 'kind' AND peer_key = 'county_government' AND year = 2020
            ORDER BY agency_name""",
                          ["disclosure_rate"]).fetchall()
        # B handled 12 < 20: below the minimum; A (38) is then alone
        assert got == [("丁县人民政府", 20.0, False, "no_value"), ("丙县人民政府", 20.0, False, "below_min_denominator"),
                       ("乙县人民政府", 20.0, False, "below_min_denominator"),
                       ("甲县人民政府", 20.0, False, "alone_in_peer_group")]
        # other rates keep the default minimum
        assert con.execute("SELECT count(*) FROM mart_comparison WHERE measure = 'backlog_rate' AND is_ranked "
                           "AND peer_group = 'kind'").fetchone() == (2,)


def test_counts_are_always_ranked(con):
    got = con.execute("""
        SELECT agency_name, rank_in_peers FROM mart_comparison
        WHERE measure = 'applications_received' AND peer_group = 'kind' AND peer_key = 'county_government'
          AND year = 2020 ORDER BY rank_in_peers""").fetchall()
    assert got == [("甲县人民政府", 1), ("乙县人民政府", 2), ("丙县人民政府", 3), ("丁县人民政府", 4)]


def test_denial_reason_mix(con):
    got = dict(con.execute(
        "SELECT reason, share_of_denials FROM mart_denial_reasons WHERE report_id = ?", [A]).fetchall())
    assert got == pytest.approx({"withheld_state_secret": 3 / 13, "withheld_third_party_rights": 1 / 13,
                                 "unable_not_held": 6 / 13, "rejected_repeated": 2 / 13, "other": 1 / 13})
    # 河南省 2020 = A (13 reasons) + B (3+1+1+1); C has no reason rows
    assert row(con, """SELECT applications, share_of_denials FROM mart_denial_reasons_by_region
        WHERE region = '河南省' AND year = 2020 AND reason = 'unable_not_held'""") == (9, pytest.approx(9 / 19))
    # the country adds E's 4 (unresolved province)
    assert row(con, """SELECT applications, reports, share_of_denials FROM mart_denial_reasons_by_region
        WHERE region_level = 'country' AND year = 2020 AND reason = 'unable_not_held'""") == (
        13, 3, pytest.approx(13 / 23))


def test_quality_and_year_chain(con):
    got = con.execute("""
        SELECT report_id, is_current, identities_held, identities_failed, issues_info, quality_status,
               carried_over, prior_year_carried_forward, year_chain_status
        FROM mart_quality WHERE agency_key IN ('甲县人民政府', '乙县人民政府') ORDER BY year, report_id""").fetchall()
    rows = {r[0]: r[1:] for r in got}
    assert rows[A] == (True, 2, 0, 1, "ok", 2, 2, "held")
    # no identity checked at all: 'unchecked', never 'ok'
    assert rows[R.sha("a2020-v1")] == (False, 0, 0, 0, "unchecked", 2, 2, "held")
    assert rows[R.sha("a2019")][-1] == "unchecked"
    assert rows[B] == (True, 0, 1, 0, "warning", 0, None, "unchecked")


def test_quality_status_unchecked_when_most_identities_are_blank(con):
    # C: 1 held, 3 unchecked (only the 总计 column printed)
    assert row(con, "SELECT identities_held, identities_unchecked, quality_status FROM mart_quality "
                    "WHERE report_id = ?", C) == (1, 3, "unchecked")
    assert row(con, "SELECT quality_status FROM mart_agency_year WHERE report_id = ?", C) == ("unchecked",)


def test_identity_failures_point_at_cells(con):
    got = row(con, """SELECT identity_name, scope, scope_kind, printed_value, computed_value, difference,
                             cells_text, source_path, is_current FROM mart_identity_failures WHERE report_id = ?""", B)
    assert got == ("review_sum", "administrative_review", "row", 1, 0, 1,
                   "administrative_review/total = 1; administrative_review/upheld = 0; "
                   "administrative_review/corrected = 0; administrative_review/other = 0; "
                   "administrative_review/pending = 0", "/reports/b2020.txt", True)
    cells = row(con, "SELECT cells FROM mart_identity_failures WHERE report_id = ?", B)[0]
    assert [(c["side"], c["column_code"], c["raw_text"]) for c in cells][:2] == [
        ("printed", "total", "1"), ("computed", "upheld", "0")]
    assert row(con, "SELECT count(*) FROM mart_identity_failures") == (1,)


def test_coverage_grid(con):
    # the hand-built reports carry no agency_id: all are known publishers, due only within their own
    # span (甲 2019-2020, the others 2020), so none is missing; the gazetteer's governments of 河南省
    # (2019-2020) and 江苏省 (2020) are due and, with no placed report, all missing
    known = con.execute("SELECT agency_key, year, coverage_status FROM mart_coverage "
                        "WHERE expected_by = 'known_publisher' ORDER BY agency_key, year").fetchall()
    assert len(known) == 7 and {k[2] for k in known} == {"reported"}
    assert [k[1] for k in known if k[0] == "甲县人民政府"] == [2019, 2020]
    assert row(con, "SELECT count(*) FROM mart_coverage WHERE agency_key = '乙县人民政府' AND year = 2019") == (0,)
    assert row(con, "SELECT min(year), max(year), count(DISTINCT coverage_status) FROM mart_coverage "
                    "WHERE expected_by = 'gazetteer' AND province = '江苏省'") == (2020, 2020, 1)


def test_percentile_equals_percent_rank(con):
    # mart_comparison derives the percentile from one descending window; recompute it directly.
    ranked, off = row(con, """
        SELECT count(*), count(*) FILTER (WHERE abs(percentile - pr) > 1e-12)
        FROM (SELECT *, percent_rank() OVER (PARTITION BY peer_group, peer_key, year, measure ORDER BY value) AS pr
              FROM mart_comparison WHERE is_ranked)""")
    assert ranked == 48 and off == 0


def test_percentile_formula_holds_with_ties(con):
    # the identity mart_comparison uses, on values with ties: (n - #{>= v}) / (n - 1) = percent_rank
    got = con.execute("""
        SELECT v, (count(*) OVER (ORDER BY v DESC ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
                   - count(*) OVER (ORDER BY v DESC)) / (count(*) OVER () - 1.0) AS derived,
               percent_rank() OVER (ORDER BY v) AS pr
        FROM (VALUES (1), (2), (2), (3), (3), (3)) AS t(v) ORDER BY v""").fetchall()
    assert [(v, d) for v, d, _ in got] == [(v, pr) for v, _, pr in got]
    assert [d for _, d, _ in got] == [0.0, 0.2, 0.2, 0.6, 0.6, 0.6]


def test_agencies_dimension(con):
    """甲 reported 2019 and 2020 (2020 corrected once); 己局's two 2020 files are one agency-year."""
    assert row(con, "select count(*) from dim_agencies")[0] == 6
    jia = row(con, "select years_reported, first_year, last_year, province, agency_kind, names_seen "
                   "from dim_agencies where agency_key = '甲县人民政府'")
    assert jia == (2, 2019, 2020, "河南省", "county_government", 1)
    assert row(con, "select years_reported, agency_kind from dim_agencies where agency_key = '己局'") == (1, "department")
    assert row(con, "select province, agency_kind from dim_agencies where agency_key = '戊街道'") == (None, "unknown")


def test_quality_mart_carries_region_columns(con):
    assert row(con, "select province, agency_kind from mart_quality where report_id = ?", D) == ("江苏省", "county_government")
