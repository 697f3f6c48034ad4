"""The resolver's rules one at a time: corrections, ambiguity, ids across years, body clues."""

from __future__ import annotations

import importlib.util

import pytest

from transform.agency import AGENCY_KINDS, resolve

HAS_PINYIN = importlib.util.find_spec("pypinyin") is not None
HAS_POSTAL = importlib.util.find_spec("china_region") is not None


def codes(res) -> set[str]:
    return {code for _, code, _ in res.issues}


def test_to_fields_keys_and_types() -> None:
    fields = resolve("夏邑县王集乡人民政府", 2020, "").to_fields()
    assert set(fields) == {"province", "city", "county", "township", "agency_kind", "division_code",
                           "township_code", "agency_id", "agency_confidence", "agency_evidence"}
    assert fields["township_code"] == "411426210"
    assert fields["agency_kind"] in AGENCY_KINDS
    assert 0 < fields["agency_confidence"] <= 1
    assert isinstance(fields["agency_evidence"], list) and fields["agency_evidence"]


def test_ocr_name_corrected_by_body_or_confusable_pair() -> None:
    body = "宿迁市沐阳县人民政府2020年政府信息公开工作年度报告"
    fixed = resolve("沐阳县人民政府", 2020, body)
    assert (fixed.county, fixed.city, fixed.division_code) == ("沭阳县", "宿迁市", "321322")
    assert fixed.name == "沭阳县人民政府"
    assert ("warning", "agency_name_corrected") in {(s, c) for s, c, _ in fixed.issues}
    # no body: 沭阳县 is the only candidate along a confusable pair (沐/沭); 中阳县, 云阳县 … are not
    alone = resolve("沐阳县人民政府", 2020, "")
    assert (alone.county, alone.agency_id) == ("沭阳县", "321322:人民政府")
    message = next(m for _, c, m in alone.issues if c == "agency_name_corrected")
    assert "沐阳县" in message and "沭阳县" in message
    # the body points at another candidate (元阳县 is in 云南): neither wins, nothing is filled
    contested = resolve("沐阳县人民政府", 2020, "云南省")
    assert contested.county == "" and contested.agency_id is None
    assert "agency_name_unknown" in codes(contested)
    assert "沭阳县" in {c.county for c in contested.candidates}
    # one character off, but not along a confusable pair: not guessed
    unrelated = resolve("丑阳县人民政府", 2020, "")
    assert unrelated.county == "" and "agency_name_unknown" in codes(unrelated)


def test_township_corrected_along_a_confusable_pair() -> None:
    res = resolve("丰县玉沟镇人民政府", 2020, "")
    assert (res.county, res.township, res.township_code) == ("丰县", "王沟镇", "320321113")
    assert res.name == "丰县王沟镇人民政府" and "agency_name_corrected" in codes(res)
    assert resolve("丰县丑沟镇人民政府", 2020, "").township == ""


def test_ambiguous_name_gives_candidates_and_a_warning() -> None:
    res = resolve("和平街道办事处", 2020, "")
    assert res.flagged and "agency_ambiguous" in codes(res)
    assert len(res.candidates) > 10
    assert {c.township for c in res.candidates} == {"和平街道"}
    assert (res.province, res.county, res.township_code, res.agency_id) == ("", "", None, None)


def test_body_breaks_a_tie_without_a_warning() -> None:
    res = resolve("鼓楼区人民政府", 2020, "开封市鼓楼区人民政府办公室")
    assert (res.province, res.city, res.division_code) == ("河南省", "开封市", "410204")
    assert not res.flagged and "agency_place_from_body" in codes(res)
    assert len(res.candidates) == 4 and res.candidates[0].city == "开封市"


def test_division_codes_follow_the_report_year_and_ids_do_not() -> None:
    """洪泽县 (320829) became 洪泽区 (320813) in 2016: codes differ, the agency_id does not."""
    old = resolve("洪泽县人民政府", 2015, "")
    new = resolve("洪泽区人民政府", 2024, "")
    assert (old.division_code, new.division_code) == ("320829", "320813")
    assert old.agency_id == new.agency_id == "320813:人民政府"


def test_county_wide_and_county_government_share_an_id() -> None:
    wide = resolve("修武县", 2020, "")
    gov = resolve("修武县人民政府", 2021, "")
    assert (wide.agency_kind, gov.agency_kind) == ("county_wide", "county_government")
    assert wide.agency_id == gov.agency_id


def test_town_alias_forms_share_an_id() -> None:
    a = resolve("昆吾办", 2020, "")
    b = resolve("昆吾街道办事处", 2021, "")
    assert a.agency_id == b.agency_id == "410902009:办事处"


def test_year_outside_the_gazetteer_is_noted() -> None:
    res = resolve("修武县人民政府", 2025, "")
    assert res.county == "修武县" and "agency_year_outside_gazetteer" in codes(res)
    assert "agency_year_unknown" in codes(resolve("修武县人民政府", None, ""))


def test_missing_agency_taken_from_the_title_line() -> None:
    res = resolve(None, 2020, "\n# 修武县 2020 年政府信息公开工作年度报告\n正文")
    assert (res.county, res.agency_kind) == ("修武县", "county_wide")
    empty = resolve(None, 2020, "")
    assert empty.flagged and "agency_missing" in codes(empty)


def test_unknown_name_is_flagged_not_guessed() -> None:
    res = resolve("某某委员会", 2020, "")
    assert res.flagged and res.province == "" and res.agency_id is None


def test_title_noise_is_cleaned() -> None:
    res = resolve("  兴国县 政府办 ", 2020, "")
    assert (res.name, res.agency_kind) == ("兴国县人民政府办公室", "government_office")


def test_deterministic() -> None:
    a = resolve("王集乡人民政府", 2020, "")
    b = resolve("王集乡人民政府", 2020, "")
    assert a == b


@pytest.mark.skipif(not HAS_POSTAL, reason="china-region not installed")
def test_postal_code_places_a_township() -> None:
    res = resolve("王集乡人民政府", 2020, "地址：王集乡政府大院，邮编：476400")
    assert (res.county, res.city) == ("夏邑县", "商丘市")
    assert any("postal code 476400" in e for e in res.evidence)


@pytest.mark.skipif(not HAS_PINYIN, reason="pypinyin not installed")
def test_site_domain_places_a_district() -> None:
    res = resolve("鼓楼区人民政府", 2020, "本报告可在门户网站（www.gulou.gov.cn）下载，南京")
    # the domain fits all four 鼓楼区: only the city mention decides
    assert res.city == "南京市"
    shuyang = resolve("沐阳县人民政府", 2020, "网址 www.shuyang.gov.cn")
    assert shuyang.county == "沭阳县" and shuyang.flagged


def test_a_county_under_its_name_of_the_year_after_keeps_its_id() -> None:
    """芜湖县 became 湾沚区 in 2020: the 2019 report, signed in 2020 by 湾沚区, is placed on 芜湖县
    (340221 in 2019) with the id of both; the old name in a 2020 report is placed on 湾沚区."""
    signed_later = resolve("湾沚区人民政府", 2019, "")
    stale = resolve("芜湖县人民政府", 2020, "")
    assert (signed_later.division_code, signed_later.county) == ("340221", "芜湖县")
    assert (stale.division_code, stale.county) == ("340210", "湾沚区")
    assert signed_later.agency_id == stale.agency_id == resolve("湾沚区人民政府", 2021, "").agency_id
    assert "agency_name_of_other_year" in codes(signed_later) and not signed_later.flagged
    # two years apart is no longer a rename the resolver links by itself
    assert resolve("芜湖县人民政府", 2022, "").agency_id is None
