"""Table rulings: ruling lines found in a PDF's drawing or a scan's pixels, turned into cell boxes.

pdfplumber finds tables from ruling lines well, but it gets the lines by parsing the page with
pdfminer (~0.25 s a page), which alone would break the one-second budget for a ten-page report.
pdfium hands over the same path objects in milliseconds, and a scan's rulings are long dark pixel
runs; either way the edges go through pdfplumber's own edge-to-cell functions (snap, join,
intersections, cells, tables), so ruled tables are found one way for PDFs and scans alike.
"""

from __future__ import annotations

import ctypes
from typing import Any

Edge = dict[str, Any]
BBox = tuple[float, float, float, float]


def _edge(x0: float, top: float, x1: float, bottom: float) -> Edge | None:
    w, h = abs(x1 - x0), abs(bottom - top)
    if w < 1.5 and h >= 3:
        x = (x0 + x1) / 2
        return {"x0": x, "x1": x, "top": min(top, bottom), "bottom": max(top, bottom), "width": 0, "height": h,
                "orientation": "v", "object_type": "line"}
    if h < 1.5 and w >= 3:
        y = (top + bottom) / 2
        return {"x0": min(x0, x1), "x1": max(x0, x1), "top": y, "bottom": y, "width": w, "height": 0,
                "orientation": "h", "object_type": "line"}
    return None


def pdf_edges(page: Any) -> list[Edge]:
    """Axis-aligned ruling segments of a pdfium page, in points with a top-left origin.

    Rectangles count with their four sides, as in pdfplumber (cell backgrounds and rules drawn as
    thin filled rectangles are how many Word-made PDFs draw their grids).
    """
    import pypdfium2.raw as raw

    height = page.get_height()
    edges: list[Edge] = []
    x, y = ctypes.c_float(), ctypes.c_float()
    for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_PATH], max_depth=2):
        a, b, c, d, e, f = obj.get_matrix().get()
        n = raw.FPDFPath_CountSegments(obj.raw)
        if n <= 0 or n > 5000:
            continue
        pts: list[tuple[float, float]] = []
        start: tuple[float, float] | None = None
        thin = []
        for i in range(n):
            seg = raw.FPDFPath_GetPathSegment(obj.raw, i)
            raw.FPDFPathSegment_GetPoint(seg, x, y)
            px, py = a * x.value + c * y.value + e, b * x.value + d * y.value + f
            p = (px, height - py)
            kind = raw.FPDFPathSegment_GetType(seg)
            if kind == raw.FPDF_SEGMENT_MOVETO:
                start = p
            elif kind == raw.FPDF_SEGMENT_LINETO and pts:
                thin.append((pts[-1], p))
            pts.append(p)
            if raw.FPDFPathSegment_GetClose(seg) and start is not None:
                thin.append((p, start))
        for (x0, y0), (x1, y1) in thin:
            edge = _edge(x0, y0, x1, y1)
            if edge:
                edges.append(edge)
        # a thin filled rectangle is a rule: its box is the line
        if pts:
            xs, ys = [p[0] for p in pts], [p[1] for p in pts]
            box_edge = _edge(min(xs), min(ys), max(xs), max(ys))
            if box_edge and (max(xs) - min(xs) < 1.5 or max(ys) - min(ys) < 1.5):
                edges.append(box_edge)
    return edges


def image_edges(gray: Any, min_len: int = 40, dark: int = 140) -> list[Edge]:
    """Ruling segments of a scanned page (a 2-D uint8 array): dark runs at least ``min_len`` long."""
    import numpy as np

    mask = gray < dark
    edges: list[Edge] = []
    for axis in (1, 0):  # 1: runs along rows (horizontal lines); 0: along columns (vertical)
        m = mask if axis == 1 else mask.T
        padded = np.pad(m.astype(np.int8), ((0, 0), (1, 1)))
        diff = np.diff(padded, axis=1)
        rs, cs = np.nonzero(diff == 1)
        re_, ce = np.nonzero(diff == -1)
        keep = (ce - cs) >= min_len
        for r, c0, c1 in zip(rs[keep], cs[keep], ce[keep], strict=True):
            if axis == 1:
                edges.append(_edge(float(c0), float(r), float(c1), float(r)) or {})
            else:
                edges.append(_edge(float(r), float(c0), float(r), float(c1)) or {})
    return [e for e in edges if e]


def tables_from_edges(edges: list[Edge], tolerance: float = 3.0) -> list[list[BBox]]:
    """Cell boxes of each ruled table, grouped per table (pdfplumber's lines strategy)."""
    from pdfplumber.table import cells_to_tables, edges_to_intersections, intersections_to_cells, merge_edges

    if len(edges) < 4:
        return []
    merged = merge_edges(edges, tolerance, tolerance, tolerance, tolerance)
    merged = [e for e in merged if (e["x1"] - e["x0"] if e["orientation"] == "h" else e["bottom"] - e["top"]) >= tolerance]
    cells = intersections_to_cells(edges_to_intersections(merged, tolerance, tolerance))
    return [list(t) for t in cells_to_tables(cells)]
