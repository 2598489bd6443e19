"""The common ``{{ … }}`` reference, evaluated without compiling a Jinja template.

Nearly every reference clerks write is a path into the data, maybe with one
formatting filter: ``{{ chien_dich.nam }}``, ``{{ lich[0].cau }}``,
``{{ dot.nguoi_tham_gia | so }}``, ``{{ dot.so | ti_le(dot.chi_tieu) }}``. Compiling
a text through Jinja costs about a millisecond, far more than the lookup; a cold
``vbhc render`` compiles dozens and a batch renders hundreds per unit. ``plan`` reads
such a text once (cached by its source) into literal pieces and lookups; ``evaluate``
walks the paths through plain dicts and lists and calls the sandbox's own filters.

Anything else, and anything not found exactly (a missing key, an object that is not
a dict or a list, a filter argument that is neither a path nor ``true``, ``false`` or
a whole number, a filter that raises, whitespace control, ``{% … %}``), is ``MISS``:
the caller renders the text through the Jinja sandbox as before, so the result and
every error message are the sandbox's.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Any

from vbhc.core.budget import LimitExceeded
from vbhc.core.limits import MAX_OUTPUT_CHARS

MISS = object()  # -- the text needs the Jinja sandbox --

_NAME = r"[A-Za-z_][A-Za-z0-9_]*"
_INDEX = r"\[(0|[1-9][0-9]*)\]"
_HEAD = re.compile(_NAME)
_STEP = re.compile(rf"\.({_NAME})|{_INDEX}")
_NUMBER = re.compile(r"0|[1-9][0-9]*")
_EXPRESSION = re.compile(  # -- {{ path }}, {{ path | filter }}, {{ path | filter(a, b) }} --
    rf"\{{\{{ *({_NAME}(?:\.{_NAME}|\[(?:0|[1-9][0-9]*)\])*) *"
    rf"(?:\| *({_NAME}) *(?:\(([^(){{}}]*)\))? *)?\}}\}}")
# -- names Jinja reads as constants or operators, not as data --
_JINJA_WORDS = frozenset({"true", "false", "none", "True", "False", "None", "and", "or",
                          "not", "in", "is", "if", "else", "loop"})
_CONSTANTS = {"true": True, "false": False}

Steps = tuple[str | int, ...]
Argument = tuple[bool, Any]  # (True, steps) a path into the data, (False, value) a constant
Lookup = tuple[Steps, str | None, tuple[Argument, ...]]  # path, filter name, its arguments


@lru_cache(maxsize=4096)
def plan(text: str) -> tuple[str | Lookup, ...] | None:
    """Return ``text`` as literal pieces and lookups, or None if it needs Jinja."""
    # -- Jinja drops one trailing newline and rewrites \r\n: leave those texts to it --
    if text.endswith("\n") or "\r" in text:
        return None
    pieces: list[str | Lookup] = []
    end = 0
    for match in _EXPRESSION.finditer(text):
        steps = _steps(match.group(1))
        arguments = _arguments(match.group(3))
        if steps is None or arguments is None:
            return None
        pieces += [text[end:match.start()], (steps, match.group(2), arguments)]
        end = match.end()
    pieces.append(text[end:])
    if any(("{{" in p or "{%" in p or "{#" in p) for p in pieces if isinstance(p, str)):
        return None
    return tuple(p for p in pieces if p != "")


def _steps(expression: str) -> Steps | None:
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
    return tuple(steps)


def _arguments(text: str | None) -> tuple[Argument, ...] | None:
    if text is None or not text.strip():
        return ()
    arguments: list[Argument] = []
    for argument in (a.strip() for a in text.split(",")):
        if argument in _CONSTANTS:
            arguments.append((False, _CONSTANTS[argument]))
        elif _NUMBER.fullmatch(argument):
            arguments.append((False, int(argument)))
        else:
            steps = _steps(argument)
            if steps is None:
                return None
            arguments.append((True, steps))
    return tuple(arguments)


def walk(facts: dict[str, Any], steps: Steps) -> Any:
    value: Any = facts
    for step in steps:
        # -- exactly the sandbox's result: a dict's key, a list's index, nothing else --
        if type(value) is dict and type(step) is str and step in value:
            value = value[step]
        elif type(value) is list and type(step) is int and step < len(value):
            value = value[step]
        else:
            return MISS
    return value



def value_of(lookup: Lookup, facts: dict[str, Any],
             filters: Mapping[str, Callable[..., Any]]) -> Any:
    """Return the value one lookup gives with ``facts`` (filtered), or ``MISS``."""
    steps, name, arguments = lookup
    value = walk(facts, steps)
    if value is MISS or name is None:
        return value
    function = filters.get(name)
    if function is None or hasattr(function, "jinja_pass_arg"):
        return MISS
    values = [walk(facts, a) if is_path else a for is_path, a in arguments]
    if MISS in values:
        return MISS
    try:
        return function(value, *values)
    except Exception:  # noqa: BLE001 - the sandbox reports it, with its message
        return MISS


def evaluate(pieces: tuple[str | Lookup, ...], facts: dict[str, Any],
             finalize: Callable[[Any], str],
             filters: Mapping[str, Callable[..., Any]]) -> str | object:
    """Return the text the pieces make with ``facts``, or ``MISS`` if Jinja must decide.

    ``filters`` is the sandbox's own filter table (each filter guarded as it guards it).
    """
    out = []
    for piece in pieces:
        if isinstance(piece, str):
            out.append(piece)
            continue
        value = value_of(piece, facts, filters)
        if value is MISS:
            return MISS
        out.append(finalize(value))
    text = "".join(out)
    if len(text) > MAX_OUTPUT_CHARS:
        raise LimitExceeded(f"văn bản tạo ra dài quá {MAX_OUTPUT_CHARS:,} ký tự"
                            .replace(",", "."))
    return text
