"""What the resolver returns: one resolution, its alternatives, and why."""

from __future__ import annotations

from dataclasses import dataclass, field

AGENCY_KINDS = (
    "central_ministry",
    "provincial_government",
    "provincial_office",
    "municipal_government",
    "county_government",
    "county_wide",
    "government_office",
    "department",
    "township_government",
    "subdistrict_office",
    "special_zone",
    "other",
)


@dataclass
class Candidate:
    """One place an ambiguous name could be, with the body-evidence score that ranked it."""

    province: str
    city: str
    county: str
    township: str
    division_code: str | None
    township_code: str | None
    score: float = 0.0
    evidence: list[str] = field(default_factory=list)

    def label(self) -> str:
        return "".join(p for p in (self.province, self.city, self.county, self.township) if p)


@dataclass
class AgencyResolution:
    """Who published a report: the normalized name, where the agency sits, what kind it is.

    Region names follow the corpus labels (``city`` is empty for municipalities and directly
    governed counties; ``county`` is empty above county level). When the name fits several
    places, only the parts the candidates share are filled, ``candidates`` lists them all and
    ``issues`` carries a warning: an ambiguous name never becomes a silent pick.
    """

    name: str
    province: str = ""
    city: str = ""
    county: str = ""
    township: str = ""
    division_code: str | None = None
    township_code: str | None = None
    agency_kind: str = "other"
    confidence: float = 0.0
    evidence: list[str] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)
    issues: list[tuple[str, str, str]] = field(default_factory=list)
    agency_id: str | None = None

    @property
    def flagged(self) -> bool:
        """Whether a user must look at this resolution (a warning or error was raised)."""
        return any(sev in ("warning", "error") for sev, _, _ in self.issues)

    def to_fields(self) -> dict[str, object]:
        """The flat keys of the report JSON."""
        return {
            "province": self.province,
            "city": self.city,
            "county": self.county,
            "township": self.township,
            "agency_kind": self.agency_kind,
            "division_code": self.division_code,
            "township_code": self.township_code,
            "agency_id": self.agency_id,
            "agency_confidence": round(self.confidence, 3),
            "agency_evidence": list(self.evidence),
        }
