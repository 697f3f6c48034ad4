"""Title, year and sign-off date from the text around the tables."""

import pytest

from extract.facts import find_title, published_on


@pytest.mark.parametrize(
    "lines,agency,year",
    [
        (["# 夏邑县王集乡人民政府2020年政府信息公开工作年度报告"], "夏邑县王集乡人民政府", 2020),
        (["", "尧都区县底镇人民政府", "2020年政府信息公开工作年度报告"], "尧都区县底镇人民政府", 2020),
        (["兴国县政府办2020年政府信息公开工作", "年度报告"], "兴国县政府办", 2020),
        (["# 修武县 2020 年政府信息公开工作年度报告"], "修武县", 2020),
        (["正文", "2024 年上海市科委政府信息公开工作", "年度报告"], "上海市科委", 2024),
        (["标题: 平潭综合实验区2020年度政府信息公开工作年度报告"], "平潭综合实验区", 2020),
    ],
)
def test_titles(lines, agency, year):
    t = find_title(lines)
    assert t is not None and (t.agency, t.year) == (agency, year)


def test_sign_off_date_not_the_statistics_period():
    lines = ["本报告统计期限自2020年1月1日起至2020年12月31日止。", "六、其他需要报告的事项", "无", "    2021年1月29日"]
    assert published_on(lines) == "2021-01-29"


def test_chinese_numeral_sign_off():
    assert published_on(["正文", "某某县人民政府", "二〇二一年一月二十九日"]) == "2021-01-29"


def test_page_publish_date():
    assert published_on(["标题: x", "发布时间: 2021-03-05 08:58"]) == "2021-03-05"


def test_no_date_is_none():
    assert published_on(["六、其他需要报告的事项", "无。"]) is None


@pytest.mark.parametrize(
    "line,agency",
    [
        ("2021年某某县人民政府信息公开工作年度报告", "某某县人民政府"),
        ("某市某区人民政府关于2021年度政府信息公开工作年度报告", "某市某区人民政府"),
        ("2021年度某某县人民政府政府信息公开工作年度报告", "某某县人民政府"),
    ],
)
def test_title_variants(line, agency):
    assert find_title([line]).agency == agency
