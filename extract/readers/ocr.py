"""Text of table cells read crop by crop: the recogniser only, batched, with digit alternatives.

Full-page detection + recognition (4-10 s a page) gives text boxes that ignore the rulings: one
box spans ``00 00`` across two cells, and a cell's wrapped or vertical label comes back in pieces.
Once the grid is known the cells are the text regions, so detection is not needed at all:

- each cell's ink is cut into printed lines by its row profile (speckle and rule remnants
  dropped), and the lines are laid side by side on one strip, so a vertical label (``三、本年度
  办理结果``, one character per line) or a wrapped label reads as one line of text;
- all strips of a page go through the recogniser in width-sorted batches at their own width
  (rapidocr pads every batch to at least 320 px, which makes a one-digit cell cost as much as a
  line of prose);
- the CTC output is decoded here, keeping for every digit read the runner-up digit and the
  probabilities, so a doubtful digit has alternatives for the identities to arbitrate
  (``extract.ocr_repair``). A cell's confidence is its least sure character.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

HEIGHT = 48  # the recogniser's input height
DIGITS = "0123456789"


@dataclass
class Reading:
    """What the recogniser read in one strip."""

    text: str
    confidence: float  # the least sure character's probability (1.0 for an empty strip)
    # per character of ``text``: (runner-up digit or "", its probability); only digits get one
    alternatives: list[tuple[str, float]] = field(default_factory=list)
    spaced: bool = False  # a number read with a gap between its digits (``1 2``)


@lru_cache(maxsize=1)
def recognizer() -> Any:
    """rapidocr's text recogniser (the ONNX session and its character list), loaded once."""
    from extract.readers.image import _engine

    eng = _engine()
    return eng._load_rec_model()


def _ink_components(ink: Any, min_side: int) -> tuple[Any, list[tuple[int, int, int, int]]]:
    """Connected ink pieces large enough to be print (not speckle), as (x, y, w, h)."""
    import cv2

    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink, 8, cv2.CV_32S)
    keep = []
    for i in range(1, n):
        x, y, w, h, area = (int(v) for v in stats[i])
        if max(w, h) < min_side or area < min_side * 2:
            continue
        keep.append((x, y, w, h))
    return labels, keep


def _bands(comps: list[tuple[int, int, int, int]], unit: float) -> list[list[int]]:
    """Printed lines of some ink pieces: the union of their row ranges, thin bands (the two
    strokes of 二, a comma) joined to their neighbour."""
    spans = sorted((y, y + ch) for _, y, _, ch in comps)
    bands: list[list[int]] = []
    for a, b in spans:
        if bands and a <= bands[-1][1] + max(1, int(unit)):
            bands[-1][1] = max(bands[-1][1], b)
        else:
            bands.append([a, b])
    if not bands:
        return []
    tallest = max(b - a for a, b in bands)
    merged: list[list[int]] = []
    for band in bands:
        thin = band[1] - band[0] < 0.45 * tallest or (merged and merged[-1][1] - merged[-1][0] < 0.45 * tallest)
        if merged and thin and band[0] - merged[-1][1] < 0.35 * tallest:
            merged[-1][1] = max(merged[-1][1], band[1])
        else:
            merged.append(list(band))
    return merged


def _split_tall(bands: list[list[int]], m: Any) -> list[list[int]]:
    """Bands cut where two printed lines touch: LibreOffice sets a narrow column's lines close,
    blur and speckle bridge the gap, and the two lines stacked on one strip read as neither
    (``3.危及“三安全一稳定”`` as ``3.全一稳定”``). A band over 1.7 times the cell's usual line
    (the median band, or the shorter of two) is cut at its emptiest row near the middle, when
    that row holds under a quarter of the band's usual ink per row."""
    import numpy as np

    if len(bands) < 2:
        return bands
    heights = sorted(b - a for a, b in bands)
    ref = heights[0] if len(bands) == 2 else heights[len(heights) // 2]
    out: list[list[int]] = []
    todo = list(bands)
    while todo:
        a, b = todo.pop(0)
        if b - a <= 1.7 * ref:
            out.append([a, b])
            continue
        prof = np.count_nonzero(m[a:b], axis=1)
        lo, hi = int(0.6 * ref), (b - a) - int(0.6 * ref)
        if hi <= lo:
            out.append([a, b])
            continue
        cut = lo + int(np.argmin(prof[lo:hi]))
        if prof[cut] > 0.25 * float(np.median(prof)):
            out.append([a, b])
            continue
        todo[:0] = [[a, a + cut], [a + cut + 1, b]]
    return out


def _clean(g: Any, shape: tuple[int, int], comps: list[tuple[int, int, int, int]]) -> Any:
    """The crop with everything but the kept print pieces painted white (speckle, rule remnants).

    Each piece keeps a 2-px border: the faint edges of thin strokes (the drops of 氵) fall below
    the ink threshold, and erasing them makes 法 read as ``，去``."""
    import numpy as np

    keep = np.zeros(shape, dtype=bool)
    for x, y, cw, ch in comps:
        keep[max(0, y - 2) : y + ch + 2, max(0, x - 2) : x + cw + 2] = True
    return np.where(keep, g, 255).astype(np.uint8)


# Text height on a strip, margins bringing it to the recogniser's 48 px. The recogniser's cost
# grows with the strip's width, so with the text height and the side margins: on generated clean
# and degraded scans, 24-px cells and 20-px prose with 4-px side margins read as well as 28/22 px
# with full margins (a few cells better: a lone ``7`` no longer read as ``1``) at 15% less CPU.
CELL_TEXT_HEIGHT = 24
PROSE_TEXT_HEIGHT = 20
HMARGIN: int | None = 4  # side margin (None: as wide as the top and bottom margins)


def compose(pieces: list[Any], tallest: int, target: int = CELL_TEXT_HEIGHT, hmargin: int | None = HMARGIN) -> Any:
    """Printed lines (crops) side by side on one white strip, scaled to the recogniser's size."""
    import cv2
    import numpy as np

    gap = np.full((target, target // 2), 255, np.uint8)
    parts: list[Any] = []
    for p in pieces:
        ph, pw = p.shape
        scale = target / max(ph, 1)
        if ph < 0.6 * tallest:  # a short line (punctuation, 一) keeps its size, centred
            scale = target / max(tallest, 1)
        nw, nh = max(1, int(round(pw * scale))), max(1, min(target, int(round(ph * scale))))
        r = cv2.resize(p, (nw, nh), interpolation=cv2.INTER_AREA if scale < 1 else cv2.INTER_CUBIC)
        pad = np.full((target, nw), 255, np.uint8)
        top = (target - nh) // 2
        pad[top : top + nh] = r
        if parts:
            parts.append(gap)
        parts.append(pad)
    line = np.hstack(parts)
    margin = (HEIGHT - target) // 2
    side = margin if hmargin is None else hmargin
    strip = np.full((HEIGHT, line.shape[1] + 2 * side), 255, np.uint8)
    strip[margin : margin + target, side : side + line.shape[1]] = line
    return strip


def _without_specks(comps: list[tuple[int, int, int, int]]) -> list[tuple[int, int, int, int]]:
    """Print pieces without the specks around them: a piece much smaller than the cell's largest
    is kept only next to a large one (the dots and strokes of a character, a comma), since a
    speck read on its own becomes a digit or a character that is not there (``0蜜``, ``08``)."""
    if not comps:
        return comps
    big = max(c[3] for c in comps)  # by height: characters touching each other make wide pieces
    main = [c for c in comps if max(c[2], c[3]) >= 0.5 * big]
    reach = 0.3 * big
    out = []
    for c in comps:
        if c in main or any(
            c[0] < m[0] + m[2] + reach and m[0] < c[0] + c[2] + reach and c[1] < m[1] + m[3] + reach and m[1] < c[1] + c[3] + reach
            for m in main
        ):
            out.append(c)
    return out


def _print_pieces(m: Any, unit: float) -> list[tuple[int, int, int, int]]:
    """The ink pieces of a cell's inset crop that are print: rule remnants (thin pieces along
    most of the cell, or touching its edge), edge crumbs and specks dropped."""
    h, w = m.shape
    # at 300 dpi a speck is still 2-3 px while the drops of 氵 grow past 4: the print threshold
    # grows more slowly than the page (8 px dropped them, and 法 read as 去)
    _, comps = _ink_components(m, max(3, int(round(4 * unit))) if unit < 1.8 else int(round(3 * unit)))
    text = []
    near = 2 * unit
    for x, y, cw, ch in comps:
        touches = x <= near or y <= near or x + cw >= w - near or y + ch >= h - near
        thin = min(cw, ch) <= max(4 * unit, 0.12 * max(cw, ch))  # blur and 300 dpi fatten rules
        along = max(cw, ch) / (w if cw > ch else h)
        if thin and (along >= 0.8 or (touches and along >= 0.5)):
            continue  # a piece of a rule (print never runs the cell's whole height or width)
        if touches and cw * ch < 30 * unit * unit:
            continue
        text.append((x, y, cw, ch))
    return _without_specks(text)


def cell_strip(
    gray: Any, ink: Any, box: tuple[float, float, float, float], unit: float = 1.0,
    target: int = CELL_TEXT_HEIGHT, hmargin: int | None = HMARGIN,
) -> Any | None:
    """One cell's printed lines laid side by side on a white strip (None for a blank cell).

    ``box`` is the cell between its rules; an inset of a few pixels keeps the rules out, and ink
    pieces touching the inset edge that are long and thin (a rule's remnant) are dropped too.
    """
    inset = max(2, int(round(3 * unit)))
    x0, y0, x1, y1 = (int(round(v)) for v in box)
    x0, y0, x1, y1 = x0 + inset, y0 + inset, x1 - inset, y1 - inset
    if x1 - x0 < 4 or y1 - y0 < 4:
        return None
    g = gray[y0:y1, x0:x1]
    m = ink[y0:y1, x0:x1]
    text = _print_pieces(m, unit)
    bands = _split_tall(_bands(text, unit), m)
    if not bands:
        return None
    tallest = max(b - a for a, b in bands)
    if tallest < 5 * unit:
        return None  # only dots: speckle or a stray mark, not print
    clean = _clean(g, m.shape, text)
    pieces = []
    for a, b in bands:
        cols = [(x, x + cw) for x, y, cw, ch in text if y < b and y + ch > a]
        pieces.append(clean[a:b, min(c[0] for c in cols) : max(c[1] for c in cols)])
    return compose(pieces, tallest, target, hmargin)


def _cell_blobs(ink: Any, box: tuple[float, float, float, float], unit: float = 1.0) -> list[tuple[int, ...]]:
    """Ink blobs (x, y, w, h, area) inside a cell, its ruled border trimmed off: what the sign and
    point checks look at."""
    import cv2

    inset = max(2, int(round(3 * unit)))
    x0, y0, x1, y1 = (int(round(v)) for v in box)
    m = ink[y0 + inset : y1 - inset, x0 + inset : x1 - inset]
    if m.size == 0:
        return []
    n, _, stats, _ = cv2.connectedComponentsWithStats(m, 8, cv2.CV_32S)
    return [tuple(int(v) for v in stats[i]) for i in range(1, n)]


def mark_before(ink: Any, box: tuple[float, float, float, float], unit: float = 1.0) -> bool:
    """Whether a short dash sits just left of a cell's characters at their middle height: where a
    minus sign (``-3``) stands. The recogniser often misses it at this size (or it was dropped
    with the specks), which would turn a negative change into a positive one, so a number read
    without a sign there must stay doubtful."""
    comps = _cell_blobs(ink, box, unit)
    if not comps:
        return False
    big = max(c[3] for c in comps)
    main = [c for c in comps if c[3] >= 0.5 * big]
    left = min(c[0] for c in main)
    top, bottom = min(c[1] for c in main), max(c[1] + c[3] for c in main)
    height = bottom - top
    for x, y, w, h, area in comps:
        mid = y + h / 2
        # a minus is a quarter to a half of a digit's height long; JPEG and blur make specks of
        # 2x1 px, which must not count (they made every third 0 of a speckled scan doubtful)
        dash = w >= 1.5 * h and w >= max(2, 0.25 * height) and area >= 2 and h < 0.5 * height
        if dash and x + w <= left + 1 and left - (x + w) <= 1.0 * height and top + 0.25 * height <= mid <= bottom - 0.25 * height:
            return True
    return False


def point_inside(ink: Any, box: tuple[float, float, float, float], unit: float = 1.0) -> bool:
    """Whether a dot sits on the baseline between two characters of a cell: where a decimal
    point stands. The recogniser sometimes reads ``16030.1685`` as ``160301685`` (the point too
    small at 150 dpi), ten thousand times the amount, so a number read without a point there
    must stay doubtful."""
    comps = _cell_blobs(ink, box, unit)
    if len(comps) < 3:
        return False
    big = max(c[3] for c in comps)
    main = [c for c in comps if c[3] >= 0.6 * big]
    if len(main) < 2:
        return False
    bottom = max(c[1] + c[3] for c in main)
    for x, y, w, h, area in comps:
        if h >= 0.35 * big or w >= 0.35 * big or area < 2:
            continue
        on_base = y + h >= bottom - 0.25 * big and y >= bottom - 0.45 * big
        between = any(c[0] + c[2] <= x + 1 for c in main) and any(x + w <= c[0] + 1 for c in main)
        if on_base and between:
            return True
    return False


def wide_gap(ink: Any, box: tuple[float, float, float, float], unit: float = 1.0) -> bool:
    """Whether two characters of a cell stand further apart than a font spaces digits (more than
    a digit's height; LibreOffice's ``1 2`` leaves half of one): two values in one cell (a lost
    rule), where the joined number would be wrong."""
    inset = max(2, int(round(3 * unit)))
    x0, y0, x1, y1 = (int(round(v)) for v in box)
    m = ink[y0 + inset : y1 - inset, x0 + inset : x1 - inset]
    if m.size == 0:
        return False
    pieces = _print_pieces(m, unit)
    if len(pieces) < 2:
        return False
    big = max(c[3] for c in pieces)
    spans = sorted((c[0], c[0] + c[2]) for c in pieces if c[3] >= 0.5 * big)
    right = spans[0][1] if spans else 0
    for a, b in spans[1:]:
        if a - right > 1.0 * big:
            return True
        right = max(right, b)
    return False


def rule_beside(ink: Any, box: tuple[float, float, float, float], unit: float = 1.0) -> str:
    """Which edge of a cell (``left``/``right``, or ``""``) has a thin upright ink piece at it:
    a ruling line's remnant on a rotated or warped page, which the recogniser reads as a ``1``
    (``0`` becomes ``10``). A number read with a ``1`` on that side must stay doubtful."""
    inset = max(2, int(round(3 * unit)))
    x0, y0, x1, y1 = (int(round(v)) for v in box)
    m = ink[y0 + inset : y1 - inset, x0 + inset : x1 - inset]
    if m.size == 0:
        return ""
    h, w = m.shape
    near = max(2 * unit, 0.06 * w)  # at the edge, or in the cell's outer 6%: never where a number sits
    # only pieces the strip keeps: a remnant ``cell_strip`` already dropped is not read as a 1
    for x, _y, cw, ch in _print_pieces(m, unit):
        if ch < 0.25 * h or cw > max(4 * unit, 0.3 * ch):
            continue  # not an upright stroke
        if x <= near:
            return "left"
        if x + cw >= w - near:
            return "right"
    return ""


def fade_seals(gray: Any, ink: Any, unit: float = 1.0) -> tuple[Any, Any]:
    """The page with grey seals faded to paper: a seal pressed over the sign-off prints as a ring
    of mid-grey strokes (its ring, characters and star) on a grey scan, lighter than the black
    print under it. Inside each ring's box the pixels lighter than halfway between the print's
    and the ring's grey become paper, so the date under the seal reads as print only.
    (A colour scan's red seal is already faded by ``image.page_gray``.)"""
    import cv2
    import numpy as np

    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink, 8, cv2.CV_32S)
    out_gray, out_ink = gray, ink
    for i in range(1, n):
        x, y, w, h, area = (int(v) for v in stats[i])
        if min(w, h) < 90 * unit or not 0.7 <= w / h <= 1.4 or area > 0.25 * w * h:
            continue  # not a ring: a seal is 40 mm across (~240 px at 150 dpi), hollow
        ring = gray[y : y + h, x : x + w][labels[y : y + h, x : x + w] == i]
        box = gray[y : y + h, x : x + w]
        level, dark = float(np.median(ring)), float(np.percentile(box, 0.5))
        if level - dark < 50:
            continue  # the ring is as dark as the print: nothing to separate
        thr = (level + dark) / 2
        if out_gray is gray:
            out_gray, out_ink = gray.copy(), ink.copy()
        part = out_gray[y : y + h, x : x + w]
        light = part > thr
        part[light] = 255
        out_ink[y : y + h, x : x + w][light] = 0
    return out_gray, out_ink


def text_segments(gray: Any, ink: Any, unit: float = 1.0) -> list[tuple[tuple[int, int, int, int], Any]]:
    """Printed text outside tables as (box, strip): lines by row profile, cut at wide gaps.

    ``ink`` has the ruled tables already blanked. A gap wider than about one character height
    separates two boxes (a borderless table's columns, a right-aligned date), which the box
    layout (``layout.boxes_to_lines``) then places.
    """
    import numpy as np

    _, comps = _ink_components(ink, max(4, int(round(5 * unit))))
    # a tall thin piece is not print: the lid's shadow along the page edge or a lone rule adds a
    # few pixels to every row's profile, which would fuse the whole page into one band
    comps = [c for c in comps if not (c[3] > 60 * unit and c[2] < 0.2 * c[3])]
    if not comps:
        return []
    # a piece several lines tall and wide is a seal's ring or a logo, not print: it would join
    # the sign-off lines it covers (the date) into one band of garbage
    char = sorted(c[3] for c in comps)[len(comps) // 2]
    comps = [c for c in comps if not (c[3] > 4 * char and c[2] > 4 * char)]
    if not comps:
        return []
    # printed lines from the row profile of the kept pieces: a speckle between two lines adds a
    # few pixels to a row, a line of print dozens, so a relative threshold keeps lines apart
    kept = _clean(np.zeros(ink.shape, np.uint8), ink.shape, comps) == 0
    kept &= ink > 0
    profile = kept.sum(axis=1)
    # (capped: beside pages of full-width prose a short line, the sign-off date, would fall apart)
    thr = max(3.0, min(0.08 * float(np.percentile(profile[profile > 0], 90)), 8 * unit))
    rows = np.nonzero(profile >= thr)[0]
    bands: list[list[int]] = []
    for y in rows.tolist():
        if bands and y <= bands[-1][1] + 1:
            bands[-1][1] = y + 1
        else:
            bands.append([y, y + 1])
    out: list[tuple[tuple[int, int, int, int], Any]] = []
    for a, b in bands:
        if b - a < 8 * unit:
            continue
        mid = [c for c in comps if a <= c[1] + c[3] / 2 <= b]
        if not mid or max(max(c[2], c[3]) for c in mid) < 0.4 * (b - a):
            continue  # only specks
        inside = sorted(mid, key=lambda c: c[0])
        height = b - a
        runs: list[list[tuple[int, int, int, int]]] = []
        for c in inside:
            if runs and c[0] - max(r[0] + r[2] for r in runs[-1]) <= 1.1 * height:
                runs[-1].append(c)
            else:
                runs.append([c])
        edge = 0.015 * ink.shape[1]
        for run in runs:
            x0, x1 = min(c[0] for c in run), max(c[0] + c[2] for c in run)
            if x1 - x0 < 4 * unit or max(max(c[2], c[3]) for c in run) < 0.4 * height:
                continue  # specks beside a line
            if (x0 < edge or x1 > ink.shape[1] - edge) and x1 - x0 < 2 * height:
                continue  # the shadow of the page's edge, not print
            y0, y1 = min(a, min(c[1] for c in run)), max(b, max(c[1] + c[3] for c in run))
            # the line as printed: erasing around its pieces would cut the strokes the ink
            # threshold lost or whose piece sits above the band (the dot of 度), and a line's
            # few specks do not bother the recogniser
            crop = gray[y0:y1, x0:x1]
            out.append(((x0, y0, x1, y1), compose([crop], y1 - y0, PROSE_TEXT_HEIGHT)))
    return out


NUMERIC = DIGITS + "+-.,/%"


def recognize(strips: list[Any], batch: int = 16) -> list[Reading]:
    """Read strips (2-D uint8, any size) with the recogniser in width-sorted batches."""
    import cv2
    import numpy as np

    rec = recognizer()
    chars = rec.postprocess_op.character
    out: list[Reading | None] = [None] * len(strips)
    widths = [max(16, int(round(s.shape[1] * HEIGHT / s.shape[0]))) for s in strips]
    order = sorted(range(len(strips)), key=lambda i: widths[i])
    for start in range(0, len(order), batch):
        idx = order[start : start + batch]
        width = max(widths[i] for i in idx)
        width = ((width + 7) // 8) * 8
        arr = np.zeros((len(idx), 3, HEIGHT, width), np.float32)
        for k, i in enumerate(idx):
            r = strips[i]
            if r.shape != (HEIGHT, widths[i]):
                r = cv2.resize(r, (widths[i], HEIGHT), interpolation=cv2.INTER_AREA)
            arr[k, :, :, : widths[i]] = (r.astype(np.float32) / 255.0 - 0.5) / 0.5
        preds = rec.session(arr)
        for k, i in enumerate(idx):
            out[i] = decode(preds[k], chars)
    return [r if r is not None else Reading("", 0.0) for r in out]


_CJK = re.compile(r"[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]")


_SPLIT_NUMBER = re.compile(r"\d\s+\d")
_CHANGE_PAIR = re.compile(r"^\+(\d+)[17]-(\d+)$")


@lru_cache(maxsize=2)
def _numeric_ids(chars: tuple[str, ...]) -> tuple[Any, Any]:
    import numpy as np

    ids = np.array([0] + [chars.index(c) for c in NUMERIC if c in chars])
    digit_pos = np.array([k for k, i in enumerate(ids) if chars[i] in DIGITS])
    return ids, digit_pos


def decode(pred: Any, chars: list[str]) -> Reading:
    """Greedy CTC decoding of one strip's output (frames x classes, probabilities).

    A strip read without any Chinese character is a number cell: it is decoded again over digits
    and number signs only, renormalised, so ``0`` against ``O``/``o``/``ó`` (the same glyph to
    a reader) does not count as doubt, while ``0`` against ``8`` does. Every digit keeps its
    runner-up digit for the identities to arbitrate (``extract.ocr_repair``); the confidence is
    the least sure character's probability.
    """

    free = _greedy(pred, list(range(pred.shape[1])), chars)
    if _SPLIT_NUMBER.search(free.text):
        # a gap inside a number is where a mark too small to keep (a decimal point dropped with
        # the specks) stood: the number cannot be trusted as read
        free.confidence = min(free.confidence, 0.3)
    if not free.text:
        return free
    if _CJK.search(free.text):
        squeezed = free.text.replace(" ", "")
        lone = len(_CJK.findall(squeezed)) == 1 and len(squeezed) <= 4 and any(ch in DIGITS for ch in squeezed)
        if lone and free.confidence < 0.8:
            # a speck read as one doubtful character beside a number (``图 0``): the number,
            # doubtful, rather than a text cell that would cost the row a cell
            num = decode_numeric(pred, chars, free)
            if num is not None:
                num.confidence = min(num.confidence, free.confidence, 0.5)
                return num
        if len(free.text) > 2 or free.confidence >= 0.8:
            return free
        # one doubtful glyph (``日``, ``口`` for a blurred 0): read as a number if it is one,
        # keeping the doubt so the cell is flagged or confirmed by an identity
        num = decode_numeric(pred, chars, free) or _forced_digits(pred, chars, free, glyph=True)
        if num is None:
            return free
        num.confidence = min(num.confidence, free.confidence)
        return num
    return decode_numeric(pred, chars, free) or _forced_digits(pred, chars, free) or free


_LOOKALIKE = re.compile(r"^[^\W\d_]{1,2}$")  # one or two letters: ``à``, ``o``, ``D`` for a blurred 0


# Characters a blurred digit is read as (``目`` for 0, ``日`` for 8): only these lone glyphs become digits.
_DIGIT_GLYPHS = set("日目口田〇囗曰白")


def _forced_digits(pred: Any, chars: list[str], free: Reading, glyph: bool = False) -> Reading | None:
    """A cell read as one or two Latin letters (``à`` for a blurred ``0``), or with ``glyph`` as
    one doubtful digit-like character (``目``): the best digit at each frame where it was read,
    kept doubtful (at most 0.5) so only an identity can confirm it. Without this the cell is
    neither a number nor a blank, and its row loses a cell."""
    import numpy as np

    if glyph:
        if free.text not in _DIGIT_GLYPHS:
            return None
    elif not _LOOKALIKE.match(free.text) or _CJK.search(free.text):
        return None
    ids, digit_pos = _numeric_ids(tuple(chars))
    digit_ids = ids[digit_pos]
    best = pred.argmax(axis=1)
    text, probs, alts = [], [], []
    prev = -1
    for t, c in enumerate(best):
        c = int(c)
        if c != prev and c != 0 and c < len(chars):
            d = pred[t, digit_ids] / max(float(pred[t, digit_ids].sum()), 1e-9)
            order = np.argsort(-d)
            text.append(chars[int(digit_ids[order[0]])])
            probs.append(float(d[order[0]]))
            alts.append((chars[int(digit_ids[order[1]])], float(d[order[1]])))
        prev = c
    if not text:
        return None
    return Reading("".join(text), round(min(probs + [0.5]), 3), alts)


def decode_numeric(pred: Any, chars: list[str], free: Reading) -> Reading | None:
    """The strip decoded over digits and number signs only (renormalised); None without digits."""
    import numpy as np

    ids, digit_pos = _numeric_ids(tuple(chars))
    sub = pred[:, ids]
    sub = sub / np.maximum(sub.sum(axis=1, keepdims=True), 1e-9)
    best = sub.argmax(axis=1)
    text: list[str] = []
    probs: list[float] = []
    alts: list[tuple[str, float]] = []
    prev = -1
    for t, c in enumerate(best):
        c = int(c)
        if c != prev and c != 0:
            ch = chars[int(ids[c])]
            text.append(ch)
            probs.append(float(sub[t, c]))
            if ch in DIGITS:
                d = sub[t, digit_pos].copy()
                d[DIGITS.index(ch)] = -1
                j = int(d.argmax())
                alts.append((DIGITS[j], float(d[j])))
            else:
                alts.append(("", 0.0))
        prev = c
    # a speck beside a number reads as a point or comma at its end: not part of the number
    while text and text[-1] in ".,":
        text, probs, alts = text[:-1], probs[:-1], alts[:-1]
    while text and text[0] in ".,":
        text, probs, alts = text[1:], probs[1:], alts[1:]
    if not any(ch in DIGITS for ch in text):
        return None
    # a gap inside the digits: kept as read, but marked; the caller decides from the ink whether
    # a decimal point was lost there (``image.image_lines``: ``point_inside``, ``wide_gap``)
    spaced = bool(_SPLIT_NUMBER.search(free.text))
    cap = 1.0
    out = "".join(text)
    pair = _CHANGE_PAIR.match(out)
    if pair:
        # ``+2/-2`` (added/removed) read as ``+21-2``: a change pair always has its slash, which
        # thin print turns into 1 or 7; restored, but left doubtful (flagged or confirmed)
        out = f"+{pair.group(1)}/-{pair.group(2)}"
        cap = min(cap, 0.6)
        k = len(pair.group(1)) + 1
        alts = alts[:k] + [("", 0.0)] + alts[k + 1 :]
    return Reading(out, round(min(probs + [cap]), 3), alts, spaced)


def _greedy(pred: Any, ids: list[int], chars: list[str]) -> Reading:
    best = pred.argmax(axis=1)
    text: list[str] = []
    probs: list[float] = []
    prev = -1
    for t, c in enumerate(best):
        c = int(c)
        if c != prev and c != 0 and c < len(chars):
            text.append(chars[c])
            probs.append(float(pred[t, c]))
        prev = c
    return Reading("".join(text).strip(), round(min(probs), 3) if probs else 1.0, [("", 0.0)] * len(text))
