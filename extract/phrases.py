"""Finding labels in text whatever the layout did to them.

Converters break labels over lines, pad them with spaces and swap full- and half-width
punctuation. Matching runs on a *squeezed* copy of the text (whitespace removed, punctuation
folded) with a map back to positions in the original, so a match can be cut out of the original
text exactly and everything between two matches is a value region.
"""

from __future__ import annotations

import bisect
import re
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, compress
from typing import NamedTuple

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


@dataclass(frozen=True, eq=False)
class Squeezed:
    """Text with whitespace removed and punctuation folded, with a map back to the original.

    The map is kept as runs (squeezed start, original start) of characters that were contiguous
    in the original, which is small and cheap to build even for long scraped pages."""

    text: str
    run_sq: Sequence[int]
    run_orig: Sequence[int]

    def orig(self, i: int) -> int:
        """Original index of squeezed character ``i`` (len(text) maps past the end)."""
        if i >= len(self.text):
            if not self.run_sq:
                return 0
            return self.orig(len(self.text) - 1) + 1
        k = bisect.bisect_right(self.run_sq, i) - 1
        return self.run_orig[k] + (i - self.run_sq[k])

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original (start, end) of the squeezed span [start, end)."""
        return self.orig(start), self.orig(end - 1) + 1


_NON_WS = re.compile("[^" + "".join(_WS) + "]+")


_WS_RUN = re.compile("[" + "".join(_WS) + "]+")


def squeeze(text: str) -> Squeezed:
    """Drop whitespace, fold punctuation, and remember where each kept character was.

    The run map is two arrays of unsigned 32-bit ints, not lists of int objects: a 19 MB file of
    short tab rows has five million runs, and boxed ints made the map ten times the size of the
    text (64-bit ints, still twice what offsets into a text under 4 G characters need)."""
    if len(text) <= _SQUEEZE_CHUNK:
        return _squeeze_small(text)
    code = "I" if len(text) < 2**32 else "Q"
    run_sq = array(code)
    run_orig = array(code)
    n = 0
    for m in _NON_WS.finditer(text):
        start, end = m.span()
        run_sq.append(n)
        run_orig.append(start)
        n += end - start
    # ``re.sub`` holds every piece between two matches before joining them: on a text of short
    # tab rows that list was eight times the text. Whitespace and folding are per character, so
    # the text can be squeezed a chunk at a time and the chunks joined.
    pieces = [fold(_WS_RUN.sub("", text[lo : lo + _SQUEEZE_CHUNK])) for lo in range(0, len(text), _SQUEEZE_CHUNK)]
    return Squeezed("".join(pieces), run_sq, run_orig)


_OTHER_WS = tuple(sorted(_WS - {" "}))


def _squeeze_small(text: str) -> Squeezed:
    """``squeeze`` of a report-sized text with no Python loop per run (every report is squeezed
    once, and the per-run loop was most of it): every whitespace character made a space (a C
    replace, only for those present), one split at spaces gives the kept runs (the non-empty
    parts), and running sums of the part lengths give both run maps."""
    t = text
    for ch in _OTHER_WS:
        if ch in t:
            t = t.replace(ch, " ")
    parts = t.split(" ")
    lens = list(map(len, parts))
    nonempty = list(map(bool, lens))
    # original start of part i: the lengths before it plus one separator each
    run_orig = list(compress(accumulate(map((1).__add__, lens), initial=0), nonempty))
    kept_lens = list(compress(lens, nonempty))
    # Lists, not arrays, at this size: ``bisect`` on a list compares the ints in place, on an
    # array it boxes one per step, and ``orig`` runs for every phrase and cell.
    run_sq = list(accumulate(kept_lens[:-1], initial=0)) if kept_lens else []
    return Squeezed(fold("".join(parts)), run_sq, run_orig)


_SQUEEZE_CHUNK = 1 << 18


_FOLD_PAIRS = tuple((chr(k), v) for k, v in _FOLD.items())


def fold(text: str) -> str:
    """Fold punctuation and full-width digits without removing whitespace. One ``str.replace``
    per folded character, only when it occurs: each is a C scan, ~8x faster than a regex with a
    callback and ~25x faster than ``str.translate`` (which has no fast path for CJK text)."""
    for a, b in _FOLD_PAIRS:
        if a in text:
            text = text.replace(a, b)
    return text


class Match(NamedTuple):
    """A phrase found in the original text: ``kind`` is 'row' (a row label, ``key`` its row code)
    or 'skip' (a header or parent label). Immutable; a tuple because dozens are made per table."""

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
    sets = [first_chars(p) for _, p in rows] + [first_chars(p) for p in skips]
    firsts = set().union(*sets)
    # A one-character lookahead lets the engine skip most positions without trying every branch
    # (only when every phrase's first characters are known).
    known = all(sets)
    look = "(?=[" + "".join(re.escape(c) for c in sorted(firsts)) + "])" if known and firsts else ""
    return re.compile(look + "(?:" + "|".join(parts) + ")")


def first_chars(pattern: str) -> set[str]:
    """Characters a match of ``pattern`` can start with (empty set: unknown, match anywhere)."""
    from re import _parser  # type: ignore[attr-defined]

    out: set[str] = set()

    def walk(items) -> bool:  # returns True when the items can match empty (keep looking)
        for op, arg in items:
            name = str(op)
            if name == "LITERAL":
                out.add(chr(arg))
                return False
            if name == "IN":
                for sub_op, sub_arg in arg:
                    if str(sub_op) != "LITERAL":
                        raise ValueError
                    out.add(chr(sub_arg))
                return False
            if name in ("MAX_REPEAT", "MIN_REPEAT"):
                lo, _, sub = arg
                can_skip = walk(sub)
                if lo > 0 and not can_skip:
                    return False
                continue
            if name == "SUBPATTERN":
                if not walk(arg[-1]):
                    return False
                continue
            if name == "BRANCH":
                empty = [walk(b) for b in arg[1]]
                if not any(empty):
                    return False
                continue
            raise ValueError
        return True

    try:
        if walk(_parser.parse(pattern)):
            return set()
    except ValueError:
        return set()
    return out


@lru_cache(maxsize=64)
def _phrase_table(rows: tuple[tuple[str, str], ...], skips: tuple[str, ...]) -> tuple[re.Pattern[str], tuple]:
    """The phrases' regex and, per group number, the (kind, key) a match of that group is."""
    rx = compile_phrases(rows, skips)
    table: list[tuple[str, str] | None] = [None] * (rx.groups + 1)
    for name, i in rx.groupindex.items():
        table[i] = ("row", rows[int(name[1:])][0]) if name.startswith("r") else ("skip", skips[int(name[1:])])
    return rx, tuple(table)


def find_phrases(
    sq: Squeezed, rows: tuple[tuple[str, str], ...], skips: tuple[str, ...], lo: int = 0, hi: int | None = None
) -> list[Match]:
    """All non-overlapping phrases of a table in squeezed range [lo, hi), left to right, as
    spans of the original text. ``rows`` pairs a row code with its pattern."""
    rx, table = _phrase_table(rows, skips)
    out: list[Match] = []
    hi = len(sq.text) if hi is None else hi
    run_sq, run_orig = sq.run_sq, sq.run_orig
    for m in rx.finditer(sq.text, lo, hi):
        a, b = m.span()
        if a == b:
            continue
        hit = table[m.lastindex or 0]
        if hit is None:  # the last group closed is not a phrase's own: name it as before
            name = m.lastgroup or ""
            hit = ("row", rows[int(name[1:])][0]) if name.startswith("r") else ("skip", skips[int(name[1:])])
        # ``Squeezed.span`` inlined (both ends are inside the text): original offsets of a and b - 1
        k = bisect.bisect_right(run_sq, a) - 1
        j = bisect.bisect_right(run_sq, b - 1) - 1
        out.append(Match(hit[0], hit[1], run_orig[k] + a - run_sq[k], run_orig[j] + b - 1 - run_sq[j] + 1))
    return out
