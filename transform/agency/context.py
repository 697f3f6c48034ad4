"""Clues in the report body that say where an agency is.

A title often names only a township (``昆吾办``) or a name shared by several places (鼓楼区,
和平街道). The body usually gives the place away: it mentions the parent county or city, prints a
postal code, or links the site's domain (``www.xiuwu.gov.cn``). Each candidate place gets a score
from these clues; the resolver picks one only when it clearly beats the others.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from .gazetteer import Gazetteer

POSTAL = re.compile(r"(?:邮编|邮政编码)\s*[:：]?\s*(\d{6})")
DOMAIN = re.compile(r"([a-z0-9][a-z0-9\-]*(?:\.[a-z0-9\-]+)*)\.gov\.cn")
GENERIC_LABELS = frozenset({"www", "zwgk", "xxgk", "zfxxgk", "gov", "ww", "wap", "m"})
TOWN_SUFFIXES = ("民族乡", "街道", "苏木", "乡", "镇")
DIVISION_SUFFIXES = ("自治县", "自治州", "自治旗", "地区", "新区", "林区", "特区", "省", "市", "县", "区", "旗", "盟")

# weights: a mention of the county counts more than one of the province
W_COUNTY_FULL, W_COUNTY_SHORT = 3.0, 2.0
W_CITY_FULL, W_CITY_SHORT = 2.0, 1.5
W_PROVINCE = 1.0
W_POSTAL_EXACT, W_POSTAL_AREA = 3.0, 1.0
W_DOMAIN = 3.0


def short_name(name: str) -> str:
    """修武县 → 修武, 昆吾街道 → 昆吾 (kept whole when the rest would be one character)."""
    for suf in TOWN_SUFFIXES + DIVISION_SUFFIXES:
        if name.endswith(suf) and len(name) - len(suf) >= 2:
            return name[: -len(suf)]
    return name


@lru_cache(maxsize=4096)
def pinyin(name: str) -> str:
    """Toneless pinyin of a short name (``修武`` → ``xiuwu``); empty without pypinyin."""
    try:
        from pypinyin import lazy_pinyin
    except ModuleNotFoundError:  # optional clue
        return ""
    return "".join(lazy_pinyin(name))


@dataclass
class BodyClues:
    """What the body says about place, extracted once per report."""

    text: str
    postal_codes: list[str] = field(default_factory=list)
    domain_labels: set[str] = field(default_factory=set)

    @classmethod
    def read(cls, text: str) -> BodyClues:
        postal = list(dict.fromkeys(POSTAL.findall(text)))
        labels: set[str] = set()
        for host in DOMAIN.findall(text.lower()):
            labels.update(p for p in host.split(".") if p not in GENERIC_LABELS)
        return cls(text, postal, labels)

    def score(
        self, g: Gazetteer, province: str, city: str, county: str, town: str = ""
    ) -> tuple[float, list[str]]:
        """How strongly the body points at this place, and the clues that did."""
        s = 0.0
        ev: list[str] = []
        t = self.text
        if county:
            cs = short_name(county)
            if county in t:
                s += W_COUNTY_FULL
                ev.append(f"body mentions {county}")
            elif cs != county and len(cs) >= 2 and cs in t:
                s += W_COUNTY_SHORT
                ev.append(f"body mentions {cs}")
        if city:
            cs = short_name(city)
            if city in t:
                s += W_CITY_FULL
                ev.append(f"body mentions {city}")
            elif cs != city and len(cs) >= 2 and cs in t:
                s += W_CITY_SHORT
                ev.append(f"body mentions {cs}")
        if province:
            ps = province[:3] if province.startswith(("内蒙古", "黑龙江")) else province[:2]
            if ps in t:
                s += W_PROVINCE
                ev.append(f"body mentions {ps}")
        for code in self.postal_codes:
            places = g.postal.get(code, [])
            if county and any(short_name(p[2]) == short_name(county) and (not city or p[1][:2] == city[:2]) for p in places):
                s += W_POSTAL_EXACT
                ev.append(f"postal code {code}")
                break
            if city and any(short_name(p[1]) == short_name(city) for p in places):
                s += W_POSTAL_AREA
                ev.append(f"postal code {code} in {city}")
                break
        if self.domain_labels:
            for part in (town, county, city):
                py = pinyin(short_name(part)) if part else ""
                if len(py) >= 4 and py in self.domain_labels:
                    s += W_DOMAIN
                    ev.append(f"site domain {py}.gov.cn")
                    break
        return s, ev
