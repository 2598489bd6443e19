"""The common ``{{ … }}`` reference, evaluated without compiling a Jinja template.

Nearly every reference clerks write is a path into the data, maybe with one
formatting filter: ``{{ chien_dich.nam }}``, ``{{ lich[0].cau }}``,
``{{ dot.nguoi_tham_gia | so }}``. Compiling each text through Jinja costs about
a millisecond, far more than the lookup; a cold ``vbhc render`` compiles dozens and
a batch renders hundreds per unit. ``plan`` reads such a text once (cached by its
source) into literal pieces and paths; ``evaluate`` walks the paths through plain
dicts and lists.

Anything else, and anything not found exactly (a missing key, an object that is
not a dict or a list, a filter with arguments or one outside
``budget.LINEAR_FILTERS``, whitespace control, ``{% … %}``), is ``MISS``: the
caller renders the text through the Jinja sandbox as before, so the result and
every error message are the sandbox's.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from vbhc.core.budget import LINEAR_FILTERS, LimitExceeded
from vbhc.core.formatting import FILTERS
from vbhc.core.limits import MAX_OUTPUT_CHARS

MISS = object()  # -- the text needs the Jinja sandbox --

_NAME = r"[A-Za-z_][A-Za-z0-9_]*"
_INDEX = r"\[(0|[1-9][0-9]*)\]"
_HEAD = re.compile(_NAME)
_STEP = re.compile(rf"\.({_NAME})|{_INDEX}")
_EXPRESSION = re.compile(  # -- {{ path }} or {{ path | filter }}, nothing more --
    rf"\{{\{{ *({_NAME}(?:\.{_NAME}|\[(?:0|[1-9][0-9]*)\])*) *(?:\| *({_NAME}) *)?\}}\}}")
# -- names Jinja reads as constants or operators, not as data --
_JINJA_WORDS = frozenset({"true", "false", "none", "True", "False", "None", "and", "or",
                          "not", "in", "is", "if", "else", "loop"})

Lookup = tuple[tuple[str | int, ...], Callable[[Any], Any] | None]


@lru_cache(maxsize=4096)
def plan(text: str) -> tuple[str | Lookup, ...] | None:
    """Return ``text`` as literal pieces and (path, filter) pairs, or None if it needs Jinja."""
    # -- Jinja drops one trailing newline and rewrites \r\n: leave those texts to it --
    if text.endswith("\n") or "\r" in text:
        return None
    pieces: list[str | Lookup] = []
    end = 0
    for match in _EXPRESSION.finditer(text):
        path = _path(match.group(1), match.group(2))
        if path is None:
            return None
        pieces += [text[end:match.start()], path]
        end = match.end()
    pieces.append(text[end:])
    if any(("{{" in p or "{%" in p or "{#" in p) for p in pieces if isinstance(p, str)):
        return None
    return tuple(p for p in pieces if p != "")


def _path(expression: str, filter_name: str | None) -> Lookup | None:
    head = _HEAD.match(expression)
    if head is None or head.group() in _JINJA_WORDS:
        return None
    steps: list[str | int] = [head.group()]
    position = head.end()
    while position < len(expression):
        step = _STEP.match(expression, position)
        if step is None:
            return None
        steps.append(step.group(1) if step.group(1) is not None else int(step.group(2)))
        position = step.end()
    function = None
    if filter_name is not None:
        function = FILTERS.get(filter_name)
        if (function is None or filter_name not in LINEAR_FILTERS
                or hasattr(function, "jinja_pass_arg")):
            return None
    return tuple(steps), function


def evaluate(pieces: tuple[str | Lookup, ...], facts: dict[str, Any],
             finalize: Callable[[Any], str]) -> str | object:
    """Return the text the pieces make with ``facts``, or ``MISS`` if Jinja must decide."""
    out = []
    for piece in pieces:
        if isinstance(piece, str):
            out.append(piece)
            continue
        steps, function = piece
        value: Any = facts
        for step in steps:
            # -- exactly the sandbox's result: a dict's key, a list's index, nothing else --
            if type(value) is dict and type(step) is str and step in value:
                value = value[step]
            elif type(value) is list and type(step) is int and step < len(value):
                value = value[step]
            else:
                return MISS
        if function is not None:
            try:
                value = function(value)
            except Exception:  # noqa: BLE001 - the sandbox reports it, with its message
                return MISS
        out.append(finalize(value))
    text = "".join(out)
    if len(text) > MAX_OUTPUT_CHARS:
        raise LimitExceeded(f"văn bản tạo ra dài quá {MAX_OUTPUT_CHARS:,} ký tự"
                            .replace(",", "."))
    return text
