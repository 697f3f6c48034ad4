"""Clues in the report body that say where an agency is.

A title often names only a township (``昆吾办``) or a name shared by several places (鼓楼区,
和平街道). The body usually gives the place away: it mentions the parent county or city, prints a
postal code, or links the site's domain (``www.xiuwu.gov.cn``). Each candidate place gets a score
from these clues; the resolver picks one only when it clearly beats the others.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

from .gazetteer import Gazetteer, strip_suffix

POSTAL = re.compile(r"(?:邮编|邮政编码)\s*[:：]?\s*(\d{6})")
HANZI_RUN = re.compile(r"[\u3400-\u9fff]+")
GOV_CN = ".gov.cn"
HOST_TAIL = re.compile(r"[a-z0-9.\-]{1,60}$")
GENERIC_LABELS = frozenset({"www", "zwgk", "xxgk", "zfxxgk", "gov", "ww", "wap", "m"})
# weights: a mention of the county counts more than one of the province
W_COUNTY_FULL, W_COUNTY_SHORT = 3.0, 2.0
W_CITY_FULL, W_CITY_SHORT = 2.0, 1.5
W_PROVINCE = 1.0
W_POSTAL_EXACT, W_POSTAL_AREA = 3.0, 1.0
W_DOMAIN = 3.0


@lru_cache(maxsize=65536)
def short_name(name: str) -> str:
    """修武县 → 修武, 昆吾街道 → 昆吾 (kept whole when the rest would be one character)."""
    return strip_suffix(name)


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
    """What the body says about place; postal codes and domains are read on first use only
    (most titles place themselves and never need them)."""

    text: str

    @cached_property
    def _hanzi(self) -> str:
        """The body's runs of Chinese characters (names are all Chinese): HTML and other ASCII
        make up most of some bodies and need not be scanned."""
        return "|".join(HANZI_RUN.findall(self.text))

    @cached_property
    def _seen(self) -> dict[str, bool]:
        return {}

    def mentions(self, name: str) -> bool:
        """Whether the body names ``name``; memoized, as candidates share parents' names."""
        seen = self._seen.get(name)
        if seen is None:
            seen = self._seen[name] = name in self._hanzi
        return seen

    @classmethod
    def read(cls, text: str) -> BodyClues:
        return cls(text)

    @cached_property
    def postal_codes(self) -> list[str]:
        return list(dict.fromkeys(POSTAL.findall(self.text)))

    @cached_property
    def domain_labels(self) -> set[str]:
        """``www.xiuwu.gov.cn`` → {"xiuwu"}: a str.find scan, no regex over the whole text."""
        labels: set[str] = set()
        text = self.text
        start = text.find(GOV_CN)
        while start != -1:
            m = HOST_TAIL.search(text[max(0, start - 60) : start].lower())
            if m:
                labels.update(p for p in m.group(0).split(".") if p and p not in GENERIC_LABELS)
            start = text.find(GOV_CN, start + len(GOV_CN))
        return labels

    def _name_score(self, name: str, full: float, short: float, ev: list[str]) -> float:
        """Weight for a body mentioning ``name`` in full, else by its short form (洪泽区 → 洪泽)."""
        if not name:
            return 0.0
        if self.mentions(name):
            ev.append(f"body mentions {name}")
            return full
        ns = short_name(name)
        if ns != name and len(ns) >= 2 and self.mentions(ns):
            ev.append(f"body mentions {ns}")
            return short
        return 0.0

    def score(
        self, g: Gazetteer, province: str, city: str, county: str, town: str = ""
    ) -> tuple[float, list[str]]:
        """How strongly the body points at this place, and the clues that did."""
        s = 0.0
        ev: list[str] = []
        for name, full, short in ((county, W_COUNTY_FULL, W_COUNTY_SHORT), (city, W_CITY_FULL, W_CITY_SHORT)):
            s += self._name_score(name, full, short, ev)
        if province:
            ps = province[:3] if province.startswith(("内蒙古", "黑龙江")) else province[:2]
            if not city and self.mentions(province) and (county or town):
                # a municipality's district: the province is its city (北京市朝阳区)
                s += W_CITY_FULL
                ev.append(f"body mentions {province}")
            elif self.mentions(ps):
                s += W_PROVINCE
                ev.append(f"body mentions {ps}")
        for code in self.postal_codes:
            places = g.postal.get(code, [])
            if county and any(
                short_name(p[2]) == short_name(county) and (not city or p[1][:2] == city[:2]) for p in places
            ):
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
