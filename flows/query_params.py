"""Parameters of ``ogi query``: dbt-style ``{{ var('province') }}`` placeholders rendered as SQL literals.

An analysis file names what varies (``where province = {{ var('province', '河南省') }}``) and the
analyst fills it in on the command line (``--var province=江苏省 --var year=2024``). Why not text
substitution: a value is *data*, never SQL. Every placeholder becomes one properly quoted literal
— a string in single quotes with quotes doubled, a number only when the text is a plain decimal —
so ``--var "province=x' or 1=1 --"`` compares against that odd string and cannot change the query.
Consequently a placeholder must stand where a literal stands, *not* inside quotes: ``'{{ var(…) }}'``
is refused with a message (it would otherwise become ``''江苏省''``).

Only ``var(name)`` and ``var(name, default)`` are understood (the default a quoted string or a
number); any other ``{{ … }}`` is an error, so a dbt-only construct is never silently left in place.
Placeholders inside SQL comments are left as they are (commented-out examples stay harmless).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?")
_NAME = r"[A-Za-z_][A-Za-z0-9_]*"
_STRING = r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\""
_VAR = re.compile(
    r"\{\{\s*var\(\s*(?P<q>['\"])(?P<name>" + _NAME + r")(?P=q)\s*"
    r"(?:,\s*(?P<default>" + _STRING + r"|-?[0-9]+(?:\.[0-9]+)?)\s*)?\)\s*\}\}"
)

_VAR_START = re.compile(r"\{\{\s*var\(")


class ParamError(ValueError):
    """A placeholder or a ``--var`` that cannot be rendered (the message says which and why)."""


def parse_assignments(items: Iterable[str]) -> dict[str, str]:
    """``["province=江苏省", "year=2024"]`` -> a dict; ``name=value`` with a valid name, each once."""
    out: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        name = name.strip()
        if not sep or not re.fullmatch(_NAME, name):
            raise ParamError(f"--var {item!r}: expected NAME=VALUE (NAME letters, digits, _)")
        if name in out:
            raise ParamError(f"--var {name} given twice")
        out[name] = value
    return out


def literal(value: str) -> str:
    """The SQL literal of a ``--var`` value: a plain decimal is a number, anything else a string.

    A number with a leading zero (``0101``, a code) stays a string: ``0101`` is not ``101``.
    Wrap a value in single quotes (``--var "code='320813'"``) to force a string.
    """
    if _NUMBER.fullmatch(value):
        return value
    if len(value) >= 2 and value[0] == value[-1] == "'":
        value = value[1:-1]
    if "\x00" in value:
        raise ParamError("a --var value cannot contain a NUL character")
    return "'" + value.replace("'", "''") + "'"


def _default_literal(text: str) -> str:
    if text[0] in "'\"":
        body = re.sub(r"\\(.)", r"\1", text[1:-1])
        return "'" + body.replace("'", "''") + "'"
    return text


def _code_spans(sql: str) -> list[tuple[int, int, str]]:
    """(start, end, kind) spans of ``sql``: kind is code, string, ident or comment."""
    spans: list[tuple[int, int, str]] = []
    i, n, start = 0, len(sql), 0
    while i < n:
        c = sql[i]
        if sql.startswith("{{", i):  # a placeholder is code, whatever quotes it holds
            j = sql.find("}}", i + 2)
            i = n if j < 0 else j + 2
            continue
        if c in "'\"" or sql.startswith("--", i) or sql.startswith("/*", i):
            if i > start:
                spans.append((start, i, "code"))
            if c == "'" or c == '"':
                j = i + 1
                while j < n:
                    if sql[j] == c:
                        if j + 1 < n and sql[j + 1] == c:  # doubled quote inside
                            j += 2
                            continue
                        break
                    j += 1
                end, kind = min(j + 1, n), "string" if c == "'" else "ident"
            elif sql.startswith("--", i):
                j = sql.find("\n", i)
                end, kind = (n if j < 0 else j + 1), "comment"
            else:
                j = sql.find("*/", i + 2)
                end, kind = (n if j < 0 else j + 2), "comment"
            spans.append((i, end, kind))
            i = start = end
            continue
        i += 1
    if start < n:
        spans.append((start, n, "code"))
    return spans


def placeholders(sql: str) -> list[str]:
    """Names of the ``var`` placeholders in the code of ``sql`` (in order, once each)."""
    names: dict[str, None] = {}
    for a, b, kind in _code_spans(sql):
        if kind == "code":
            for m in _VAR.finditer(sql, a, b):
                names.setdefault(m.group("name"), None)
    return list(names)


def render(sql: str, values: Mapping[str, str]) -> str:
    """``sql`` with each ``{{ var(...) }}`` replaced by the literal of its value (or default).

    ParamError when a variable has neither value nor default, a ``--var`` names no placeholder
    (a typo would otherwise be ignored silently), a placeholder sits inside quotes, or a ``{{``
    is not a ``var`` placeholder.
    """
    out: list[str] = []
    used: set[str] = set()
    missing: list[str] = []
    for a, b, kind in _code_spans(sql):
        chunk = sql[a:b]
        if kind in ("string", "ident") and _VAR_START.search(chunk):
            raise ParamError(
                f"a placeholder inside quotes ({chunk[:60]}): write {{{{ var('name') }}}} without quotes, "
                "it becomes a quoted literal"
            )
        if kind != "code":
            out.append(chunk)
            continue

        def sub(m: re.Match[str]) -> str:
            name = m.group("name")
            used.add(name)
            if name in values:
                return literal(values[name])
            if m.group("default") is not None:
                return _default_literal(m.group("default"))
            missing.append(name)
            return m.group(0)

        rendered = _VAR.sub(sub, chunk)
        if "{{" in rendered or "{%" in rendered:
            bad = rendered[rendered.find("{") :][:60]
            if not missing:
                raise ParamError(f"only {{{{ var('name') }}}} and {{{{ var('name', default) }}}} are understood, not: {bad}")
        out.append(rendered)
    if missing:
        names = ", ".join(dict.fromkeys(missing))
        raise ParamError(f"no value for {names}: give --var {missing[0]}=VALUE")
    unknown = sorted(set(values) - used)
    if unknown:
        known = ", ".join(sorted(used)) or "none"
        raise ParamError(f"--var {', '.join(unknown)} is not used by the query (its variables: {known})")
    return "".join(out)
