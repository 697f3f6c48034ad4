"""Reports whose tables are pictures: scans (``render_scan``), and a web page or Word file with
the tables pasted as images.
"""

from __future__ import annotations

from pathlib import Path

from bench.generator.model import GenReport


def render_picture(rep: GenReport) -> bytes:
    """The file of a picture layout (the page itself for ``html_img``; see ``write_page_files``)."""
    from bench.generator.render_scan import SCAN_LAYOUTS, render_scan

    if rep.layout in SCAN_LAYOUTS:
        return render_scan(rep)
    raise ValueError(f"layout {rep.layout!r} is not rendered yet")


def write_page_files(rep: GenReport, page: Path) -> None:
    """Write the files a saved page links to beside it."""
    raise ValueError(f"layout {rep.layout!r} is not rendered yet")
