"""Finding labels in text whatever the layout did to them.

Converters break labels over lines, pad them with spaces and swap full- and half-width
punctuation. Matching runs on a *squeezed* copy of the text (whitespace removed, punctuation
folded) with a map back to positions in the original, so a match can be cut out of the original
text exactly and everything between two matches is a value region.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# Full-width → ASCII for the characters the patterns care about (one char to one char, so
# squeezed positions map back 1:1).
_FOLD = str.maketrans(
    {
        "（": "(",
        "）": ")",
        "：": ":",
        "，": ",",
        "．": ".",
        "“": '"',
        "”": '"',
        "＂": '"',
        "／": "/",
        "－": "-",
        "＋": "+",
        "﹙": "(",
        "﹚": ")",
        "〔": "(",
        "〕": ")",
        **{chr(0xFF10 + i): str(i) for i in range(10)},
    }
)
_WS = frozenset(" \t\n\r\u3000\u00a0\u2002\u2003\u2009\u200b\ufeff\x0b\x0c")


@dataclass(frozen=True)
class Squeezed:
    """Text with whitespace removed and punctuation folded; ``pos[i]`` is the original index of
    squeezed character ``i``."""

    text: str
    pos: tuple[int, ...]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original (start, end) of the squeezed span [start, end)."""
        return self.pos[start], self.pos[end - 1] + 1


_NON_WS = re.compile("[^" + "".join(_WS) + "]+")


def squeeze(text: str) -> Squeezed:
    """Drop whitespace, fold punctuation, and remember where each kept character was."""
    pos: list[int] = []
    parts: list[str] = []
    for m in _NON_WS.finditer(text):
        pos.extend(range(m.start(), m.end()))
        parts.append(m.group())
    return Squeezed(fold("".join(parts)), tuple(pos))


_FOLD_RX = re.compile("[" + re.escape("".join(chr(k) for k in _FOLD)) + "]")


def fold(text: str) -> str:
    """Fold punctuation and full-width digits without removing whitespace (a regex over the few
    characters to fold is much faster than ``str.translate`` on long CJK text)."""
    return _FOLD_RX.sub(lambda m: _FOLD[ord(m.group())], text)


@dataclass(frozen=True)
class Match:
    """A phrase found in the original text: ``kind`` is 'row' (a row label, ``key`` its row code)
    or 'skip' (a header or parent label)."""

    kind: str
    key: str
    start: int
    end: int


@lru_cache(maxsize=64)
def compile_phrases(rows: tuple[tuple[str, str], ...], skips: tuple[str, ...]) -> re.Pattern[str]:
    """One alternation regex over all phrases of a table; row labels come first so that a row
    label wins over a header phrase starting at the same place (``（七）总计`` over ``总计``)."""
    parts = [f"(?P<r{i}>{pat})" for i, (_, pat) in enumerate(rows)]
    parts += [f"(?P<s{i}>{pat})" for i, pat in enumerate(skips)]
    return re.compile("|".join(parts))


def find_phrases(
    sq: Squeezed, rows: tuple[tuple[str, str], ...], skips: tuple[str, ...], lo: int = 0, hi: int | None = None
) -> list[Match]:
    """All non-overlapping phrases of a table in squeezed range [lo, hi), left to right, as
    spans of the original text. ``rows`` pairs a row code with its pattern."""
    rx = compile_phrases(rows, skips)
    out: list[Match] = []
    hi = len(sq.text) if hi is None else hi
    for m in rx.finditer(sq.text, lo, hi):
        if m.end() == m.start():
            continue
        name = m.lastgroup or ""
        start, end = sq.span(m.start(), m.end())
        if name.startswith("r"):
            out.append(Match("row", rows[int(name[1:])][0], start, end))
        else:
            out.append(Match("skip", skips[int(name[1:])], start, end))
    return out


def squeezed_index(sq: Squeezed, original: int) -> int:
    """The first squeezed index at or after an original position."""
    import bisect

    return bisect.bisect_left(sq.pos, original)
