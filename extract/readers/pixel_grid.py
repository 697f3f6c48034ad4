"""Ruled tables found in a scan's pixels: deskew, long strokes, cells from their crossings.

A printed-and-scanned table is not the clean raster a PDF renders: the page is turned by up to a
degree or two, JPEG and blur leave rules grey and broken, speckle scatters dots. Counting dark runs
of a fixed threshold (the first scan reader) loses most rules of such pages. This module follows
the way robust table readers do it (img2table's ``bordered_tables/lines.py``, camelot's lattice):

- ink from a local (adaptive) threshold, so grey rules on a toned page still count;
- the page's skew from its long near-horizontal strokes, and the page turned straight, so rules
  become axis-aligned runs again;
- horizontal and vertical strokes by morphology: a short opening keeps stroke pieces, closings
  bridge the gaps JPEG and noise leave, a long opening drops text; each remaining connected
  component is one rule, placed where at least half its length is ink;
- the rules go through the same edge-to-cell code as PDF rulings (``rulings.tables_from_edges``:
  collinear segments merged, intersections, cells), so scans and PDFs share one table builder.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from extract.readers.rulings import Edge, _edge


@dataclass
class Rules:
    """The straightened page and what was found on it."""

    gray: Any  # the deskewed 2-D uint8 page
    ink: Any  # its binary ink mask (255 = ink)
    angle: float  # degrees the page was turned to straighten it
    edges: list[Edge]  # ruling segments in the straightened page's pixels
    tables: list[list[tuple[float, float, float, float]]]  # cell boxes per ruled table


def ink_mask(gray: Any) -> Any:
    """Ink as 255 on 0: a local mean threshold, so grey rules and toned paper read alike."""
    import cv2

    block = max(15, (min(gray.shape) // 60) | 1)
    return cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, block, 12)


def skew_degrees(ink: Any) -> float:
    """The page's skew (degrees, the sign ``PIL.Image.rotate`` undoes) from its long horizontal strokes.

    Each long stroke (a table rule, an underline) votes with a least-squares line through its
    pixels; text lines are not continuous strokes, so they do not vote. 0.0 when there is none.
    """
    import cv2
    import numpy as np

    h, w = ink.shape
    # at 2 degrees a rule's runs are still ~30 px long: an opening of 25 keeps them, drops text
    mask = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, np.ones((1, 5), np.uint8))
    mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, np.ones((1, 25), np.uint8))
    mask = cv2.dilate(mask, np.ones((3, 9), np.uint8))  # reconnect the staircase a tilted rule leaves
    n, labels, stats, _ = cv2.connectedComponentsWithStats(mask, 8, cv2.CV_32S)
    votes: list[tuple[float, float]] = []
    for i in range(1, n):
        x, y, bw, bh, _ = stats[i]
        if bw < w // 5 or bh > bw * 0.08 + 8:
            continue
        ys, xs = np.nonzero((labels[y : y + bh, x : x + bw] == i) & (ink[y : y + bh, x : x + bw] > 0))
        if len(xs) < bw:
            continue
        slope = np.polyfit(xs.astype(np.float64), ys.astype(np.float64), 1)[0]
        votes.append((math.degrees(math.atan(slope)), float(bw)))
    if not votes:
        return 0.0
    votes.sort()
    total = sum(wt for _, wt in votes)
    acc = 0.0
    for angle, wt in votes:  # weighted median: long rules count most, a stray stroke cannot tip it
        acc += wt
        if acc >= total / 2:
            return angle
    return 0.0


def straighten(gray: Any, angle: float) -> Any:
    """The page turned by ``angle`` degrees about its centre; the corners brought in repeat the
    page's edge (white corners on grey paper would draw a rule and a line of "ink")."""
    import cv2

    if abs(angle) < 0.03:
        return gray
    h, w = gray.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(gray, m, (w, h), flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE)


def strokes(ink: Any, min_len: int, vertical: bool) -> list[Edge]:
    """Horizontal or vertical rules of at least ``min_len`` px (img2table's stroke filter)."""
    import cv2
    import numpy as np

    def kern(n: int) -> Any:
        n = max(1, int(n))
        return np.ones((n, 1) if vertical else (1, n), np.uint8)

    mask = cv2.morphologyEx(ink, cv2.MORPH_OPEN, kern(min_len // 3))
    mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, np.ones((1, 3) if vertical else (3, 1), np.uint8))  # hollow rules
    mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, kern(min_len // 4))  # gaps from JPEG and noise
    mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, kern(min_len))
    n, _, stats, _ = cv2.connectedComponentsWithStats(mask, 8, cv2.CV_32S)
    out: list[Edge] = []
    for i in range(1, n):
        x, y, w, h, _ = stats[i]
        length, thick = (h, w) if vertical else (w, h)
        if length < min_len or thick > max(12, length / 5):
            continue
        part = mask[y : y + h, x : x + w] > 0
        fill = part.sum(axis=0 if vertical else 1)  # per column (vertical) / per row (horizontal)
        core = np.nonzero(fill >= 0.5 * length)[0]
        pos = float(core.mean()) if len(core) else (w if vertical else h) / 2
        if _crossed(ink, x, y, w, h, pos, vertical):
            continue  # a character's stroke (the upright of 中, a line of text), not a rule
        # a rule meeting another stops at its edge, and blur eats its end: reach a little past,
        # so the crossing is found even when the two rules' centres are several px apart
        ext = max(3.0, min_len / 8)
        if vertical:
            e = _edge(x + pos, y - ext, x + pos, y + h + ext)
        else:
            e = _edge(x - ext, y + pos, x + w + ext, y + pos)
        if e:
            out.append(e)
    return out


def _crossed(ink: Any, x: int, y: int, w: int, h: int, pos: float, vertical: bool) -> bool:
    """Whether a stroke is crossed by ink on both sides along its inside, as a character's
    strokes are (the box and bar of 中 cross its upright; the uprights of a line of text cross
    the strokes a closing joins into a "rule"). A rule is crossed only where another rule meets
    it: at its ends, and for a long horizontal rule at every column (a few per cent of it).
    Word's tight cell padding puts 10-pt text a few pixels from the rules, where a one-row upright
    of 中 reaches both rules and split 政府集中采购 into two cells."""
    import numpy as np

    length, thick = (h, w) if vertical else (w, h)
    lo, hi = int(0.15 * length), int(0.85 * length)
    if hi - lo < 4:
        return False
    c = int(round((x if vertical else y) + pos))
    half = max(1, thick // 2)
    if vertical:
        a, b = max(0, c - half - 4), min(ink.shape[1], c + half + 5)
        if c - half - 2 <= a or b <= c + half + 2:
            return False
        seg = ink[y + lo : y + hi, :]
        left = seg[:, a : c - half - 1].any(axis=1)
        right = seg[:, c + half + 2 : b].any(axis=1)
    else:
        a, b = max(0, c - half - 4), min(ink.shape[0], c + half + 5)
        if c - half - 2 <= a or b <= c + half + 2:
            return False
        seg = ink[:, x + lo : x + hi]
        left = seg[a : c - half - 1, :].any(axis=0)
        right = seg[c + half + 2 : b, :].any(axis=0)
    both = int(np.count_nonzero(left & right))
    if vertical and length < 45 * max(1.0, ink.shape[1] / 1241):
        return both >= 2  # a short upright: one bar across it is a character
    return both > 0.12 * (hi - lo)


def find_rules(gray: Any) -> Rules:
    """Straighten a scanned page and find its ruled tables (cell boxes in straightened pixels)."""
    from extract.readers.rulings import tables_from_edges

    ink = ink_mask(gray)
    angle = skew_degrees(ink)
    if abs(angle) >= 0.03:
        gray = straighten(gray, angle)
        ink = ink_mask(gray)
    unit = page_unit(gray)
    edges = strokes(ink, int(50 * unit), vertical=False) + strokes(ink, int(22 * unit), vertical=True)
    tol = 4.0 * unit
    tables = [t for t in tables_from_edges(edges, tolerance=tol) if len(t) >= 2]
    tables = [t for t in tables if not _inside_another(t, tables) and _median_height(t) >= 12 * unit]
    return Rules(gray, ink, angle, edges, tables)


def page_unit(gray: Any) -> float:
    """Pixels per pixel of a 150-dpi A4 page (1241 px wide): lengths below are set for that page.

    Smaller images (a table picture from a web page) keep the 150-dpi lengths: their text is not
    smaller than a page's, only their extent is.
    """
    return max(1.0, gray.shape[1] / 1241)


def _bbox(cells: list[tuple[float, float, float, float]]) -> tuple[float, float, float, float]:
    return min(c[0] for c in cells), min(c[1] for c in cells), max(c[2] for c in cells), max(c[3] for c in cells)


def _inside_another(t: list[Any], tables: list[list[Any]]) -> bool:
    """Whether a table lies within another one's frame (strokes of print inside a cell)."""
    x0, y0, x1, y1 = _bbox(t)
    for other in tables:
        if other is t:
            continue
        a0, b0, a1, b1 = _bbox(other)
        if a0 - 2 <= x0 and b0 - 2 <= y0 and x1 <= a1 + 2 and y1 <= b1 + 2 and (a1 - a0) * (b1 - b0) > (x1 - x0) * (y1 - y0):
            return True
    return False


def _median_height(t: list[Any]) -> float:
    hs = sorted(c[3] - c[1] for c in t)
    return hs[len(hs) // 2]


def draw(rules: Rules, path: str) -> None:
    """Debug picture: the straightened page with its rules (red) and cells (green)."""
    import cv2

    img = cv2.cvtColor(rules.gray, cv2.COLOR_GRAY2BGR)
    for e in rules.edges:
        cv2.line(img, (int(e["x0"]), int(e["top"])), (int(e["x1"]), int(e["bottom"])), (0, 0, 255), 1)
    for t in rules.tables:
        for x0, y0, x1, y1 in t:
            cv2.rectangle(img, (int(x0) + 2, int(y0) + 2), (int(x1) - 2, int(y1) - 2), (0, 160, 0), 1)
    cv2.imwrite(path, img)
