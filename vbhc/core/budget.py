"""What one render may spend, and the size checks the sandbox makes before building a value.

A template or a ``{{ … }}`` reference is code from a file. The sandbox keeps it away
from Python's internals; this module keeps it from exhausting memory or time:

- every value a render builds has a bounded *weight* (characters, counting each item
  of a container, and each repetition of a shared item, as printing it would);
- operations that can build far more than they are given (``center``, ``replace``,
  ``join``, ``format``, ``*`` …) are estimated *before* they run, since a 1 GB string
  cannot be refused after it has been allocated;
- loops and calls draw from a per-render budget of steps and wall time.
"""

from __future__ import annotations

import re
import string
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from jinja2.exceptions import SecurityError

from vbhc.core.limits import (
    MAX_INT_BITS,
    MAX_POWER,
    MAX_REPEAT,
    MAX_SECONDS,
    MAX_STEPS,
    MAX_VALUE_CHARS,
    MAX_WIDTH,
)


class LimitExceeded(SecurityError):
    """A template or reference went past one of vbhc's bounds (the message says which)."""


def _n(value: int) -> str:
    return f"{value:,}".replace(",", ".")


class Budget:
    """Steps, time and the weights already measured, for one render."""

    __slots__ = ("deadline", "remaining", "steps", "weights")

    def __init__(self, seconds: float = MAX_SECONDS) -> None:
        self.remaining = seconds  # -- time spent rendering counts, time between renders not --
        self.deadline = time.monotonic() + seconds
        self.steps = 0
        # -- id -> (container, weight): containers are weighed once, shared ones too --
        self.weights: dict[int, tuple[Any, int]] = {}

    def check(self) -> None:
        """Raise when the render has taken too many steps or too long."""
        if self.steps > MAX_STEPS:
            raise LimitExceeded(f"vượt giới hạn {_n(MAX_STEPS)} bước lặp")
        if time.monotonic() > self.deadline:
            raise LimitExceeded(f"chạy quá {MAX_SECONDS:g} giây")

    def step(self) -> None:
        """Count one loop iteration or call; look at the clock every 1,024."""
        self.steps += 1
        if not self.steps & 1023:
            self.check()

    @contextmanager
    def active(self) -> Iterator[Budget]:
        """Make this the budget that loops and checks draw from while rendering."""
        start = time.monotonic()
        self.deadline = start + self.remaining
        token = _CURRENT.set(self)
        try:
            yield self
        finally:
            _CURRENT.reset(token)
            self.remaining -= time.monotonic() - start


_CURRENT: ContextVar[Budget | None] = ContextVar("vbhc_budget", default=None)


def current() -> Budget:
    """Return the active render's budget (a fresh one outside a bounded render)."""
    return _CURRENT.get() or Budget()


def bounded_loop(iterable: Iterable[Any]) -> Iterator[Any]:
    """Yield the items of a ``{% for %}`` loop, one step of the budget each."""
    budget = current()
    for item in iterable:
        budget.steps += 1  # -- inlined Budget.step: this runs for every row of a table --
        if not budget.steps & 1023:
            budget.check()
        yield item


# --------------------------------------------------------------------------- weights

_CONTAINERS = (list, tuple, dict, set, frozenset)


def weight(value: Any, budget: Budget | None = None) -> int:
    """Return about how many characters printing ``value`` takes (containers included)."""
    if isinstance(value, str):
        return len(value)
    if isinstance(value, _CONTAINERS):
        return _container_weight(value, budget or current())
    if isinstance(value, int):
        return value.bit_length() // 3 + 1
    return 1


def _container_weight(value: Any, budget: Budget) -> int:
    known = budget.weights.get(id(value))
    if known is not None and known[0] is value:
        return known[1]
    budget.weights[id(value)] = (value, 1)  # -- a container inside itself counts once --
    total = 2
    items = (x for pair in value.items() for x in pair) if isinstance(value, dict) else value
    for item in items:
        total += 2 + weight(item, budget)
        if total > MAX_VALUE_CHARS:
            break  # -- already too big: no need to walk the rest --
    budget.weights[id(value)] = (value, total)
    return total


def check_value(value: Any, what: str) -> Any:
    """Return ``value``, or raise when it is heavier than any value may be."""
    if isinstance(value, str):
        size = len(value)
    elif isinstance(value, _CONTAINERS):
        size = weight(value)
    else:
        return value
    if size > MAX_VALUE_CHARS:
        raise LimitExceeded(f"{what} tạo giá trị dài quá {_n(MAX_VALUE_CHARS)} ký tự")
    return value


def _refuse_above(size: int, limit: int, what: str) -> None:
    if size > limit:
        raise LimitExceeded(f"{what} tạo giá trị dài quá {_n(limit)} ký tự")


def _width(value: Any, what: str) -> int:
    """Return a width argument as an int, refusing one no document needs."""
    size = len(value) if isinstance(value, str) else value if isinstance(value, int) else 0
    if size > MAX_WIDTH:
        raise LimitExceeded(f"{what}: độ rộng {_n(size)} quá lớn (tối đa {_n(MAX_WIDTH)})")
    return size


# --------------------------------------------------------------------------- formats

# -- pattern texts, compiled (and kept by ``re``) when a template first formats text --
_PERCENT = r"%(?:\([^)]*\))?[#0\- +]*(\*|\d+)?(?:\.(\*|\d+))?"
_DIGITS = r"\d+"


def check_percent(fmt: str, args: Any) -> None:
    """Refuse a ``'%…' % args`` format whose widths or repetitions are too large."""
    fields = 0
    for match in re.finditer(_PERCENT, fmt):
        fields += 1
        for number in match.groups():
            if number == "*":
                values = args if isinstance(args, tuple) else (args,)
                for value in values:
                    if isinstance(value, int):
                        _width(value, "định dạng %")
            elif number:
                _width(int(number), "định dạng %")
    _refuse_above(len(fmt) + fields * weight(args), MAX_VALUE_CHARS, "định dạng %")


def check_format(fmt: str, args: tuple, kwargs: dict) -> None:
    """Refuse a ``str.format`` call whose specs or repetitions are too large."""
    fields = 0
    try:
        parsed = list(string.Formatter().parse(fmt))
    except ValueError:
        return  # -- str.format raises the same error itself --
    for _, field, spec, _ in parsed:
        if field is None:
            continue
        fields += 1
        if spec and "{" in spec:
            raise LimitExceeded("định dạng {…} lồng nhau không được phép")
        for number in re.findall(_DIGITS, spec or ""):
            _width(int(number), "định dạng {…}")
    heaviest = max((weight(v) for v in (*args, *kwargs.values())), default=0)
    _refuse_above(len(fmt) + fields * heaviest, MAX_VALUE_CHARS, "định dạng {…}")


def check_binop(operator: str, left: Any, right: Any) -> None:
    """Refuse arithmetic whose result would be too large to build."""
    if operator == "**" and isinstance(right, (int, float)) and abs(right) > MAX_POWER:
        raise LimitExceeded(f"lũy thừa quá lớn (** {right})")
    if operator == "**" and isinstance(left, int) and isinstance(right, int) and right > 0 \
            and left.bit_length() * right > MAX_INT_BITS:
        raise LimitExceeded("lũy thừa tạo số quá lớn")
    if operator == "*":
        if isinstance(left, int) and isinstance(right, int):
            if left.bit_length() + right.bit_length() > MAX_INT_BITS:
                raise LimitExceeded("phép nhân tạo số quá lớn")
            return
        sequence, count = (left, right) if isinstance(right, int) else (right, left)
        if isinstance(sequence, (str, list, tuple)) and isinstance(count, int) and count > 0:
            if len(sequence) * count > MAX_REPEAT:
                raise LimitExceeded(f"chuỗi lặp quá dài (quá {_n(MAX_REPEAT)} phần tử)")
            _refuse_above(weight(sequence) * count, MAX_VALUE_CHARS, "phép nhân chuỗi")
    elif operator == "%" and isinstance(left, str):
        check_percent(left, right)
    elif operator == "+" and isinstance(left, (str, list, tuple)):
        _refuse_above(weight(left) + weight(right), MAX_VALUE_CHARS, "phép cộng")


# --------------------------------------------------------------------------- estimates
# An estimate looks at a call's value and other arguments and raises before the call
# runs when the result would be too large. It returns the (value, arguments) to call
# with: ``join`` turns a one-pass iterator into a list to both measure and join it.

Estimate = Callable[[str, Any, tuple, dict], tuple[Any, tuple]]


def _arg(args: tuple, kwargs: dict, index: int, name: str, default: Any) -> Any:
    return args[index] if len(args) > index else kwargs.get(name, default)


def _joined(items: list[Any], separator: Any, what: str) -> None:
    size = sum(weight(item) for item in items) + max(len(items) - 1, 0) * weight(separator)
    _refuse_above(size, MAX_VALUE_CHARS, what)


def _padded(what: str, value: Any, args: tuple, kwargs: dict) -> tuple[Any, tuple]:
    _width(_arg(args, kwargs, 0, "width", 80), what)
    return value, args


def _indent(what: str, value: Any, args: tuple, kwargs: dict) -> tuple[Any, tuple]:
    width = _width(_arg(args, kwargs, 0, "width", 4), what)
    text = str(value)
    _refuse_above(len(text) + (text.count("\n") + 1) * width, MAX_VALUE_CHARS, what)
    return value, args


def _tabs(what: str, value: Any, args: tuple, kwargs: dict) -> tuple[Any, tuple]:
    size = _width(_arg(args, kwargs, 0, "tabsize", 8), what)
    _refuse_above(len(value) + value.count("\t") * size, MAX_VALUE_CHARS, what)
    return value, args


def _wordwrap(what: str, value: Any, args: tuple, kwargs: dict) -> tuple[Any, tuple]:
    wrap = _arg(args, kwargs, 2, "wrapstring", None) or "\n"
    _refuse_above(len(str(value)) * (1 + len(str(wrap))), MAX_VALUE_CHARS, what)
    return value, args


def _replace(what: str, value: Any, args: tuple, kwargs: dict) -> tuple[Any, tuple]:
    old, new = str(_arg(args, kwargs, 0, "old", "")), str(_arg(args, kwargs, 1, "new", ""))
    text = str(value)
    count = text.count(old) if old else len(text) + 1
    limit = _arg(args, kwargs, 2, "count", None)
    if isinstance(limit, int) and limit >= 0:
        count = min(count, limit)
    _refuse_above(len(text) + count * max(len(new) - len(old), 0), MAX_VALUE_CHARS, what)
    return value, args


def _join_filter(what: str, value: Any, args: tuple, kwargs: dict) -> tuple[Any, tuple]:
    items = list(value)
    _joined(items, _arg(args, kwargs, 0, "d", ""), what)
    return items, args


def _join_method(what: str, value: Any, args: tuple, kwargs: dict) -> tuple[Any, tuple]:
    items = list(args[0]) if args else []
    _joined(items, value, what)
    return value, (items, *args[1:])


def _translate(what: str, value: Any, args: tuple, kwargs: dict) -> tuple[Any, tuple]:
    table = args[0] if args else None
    longest = max((len(v) for v in table.values() if isinstance(v, str)), default=1) \
        if isinstance(table, dict) else 1
    _refuse_above(len(value) * longest, MAX_VALUE_CHARS, what)
    return value, args


def _percent_filter(what: str, value: Any, args: tuple, kwargs: dict) -> tuple[Any, tuple]:
    check_percent(str(value), tuple(args) or kwargs)
    return value, args


def _count(name: str, padded_by: str | None) -> Estimate:
    # -- batch(n, fill) pads its last group to n items; slice(n) makes n lists --
    def estimate(what: str, value: Any, args: tuple, kwargs: dict) -> tuple[Any, tuple]:
        count = _arg(args, kwargs, 0, name, 1)
        padded = padded_by is None or _arg(args, kwargs, 1, padded_by, None) is not None
        if isinstance(count, int) and padded and count > MAX_REPEAT:
            raise LimitExceeded(f"{what}: {_n(count)} phần tử quá nhiều")
        return value, args
    return estimate


def _numeric_sum(what: str, value: Any, args: tuple, kwargs: dict) -> tuple[Any, tuple]:
    # -- sum(start=[]) over lists copies the total again for every item: quadratic --
    if not isinstance(_arg(args, kwargs, 1, "start", 0), (int, float)):
        raise LimitExceeded("sum chỉ cộng các số")
    return value, args


def _decimals(index: int) -> Estimate:
    def estimate(what: str, value: Any, args: tuple, kwargs: dict) -> tuple[Any, tuple]:
        _width(_arg(args, kwargs, index, "decimals", 0), what)
        return value, args
    return estimate


def _letters(per_char: int) -> Estimate:
    # -- la_ma(10**12) is a billion 'M's; chu_cai repeats its letter past 'y' --
    def estimate(what: str, value: Any, args: tuple, kwargs: dict) -> tuple[Any, tuple]:
        if isinstance(value, int):
            _refuse_above(value // per_char, MAX_VALUE_CHARS, what)
        return value, args
    return estimate


# -- vbhc's own filters whose output is a small multiple of their input: left unwrapped,
# since every input is already bounded and these run for every paragraph of a document --
LINEAR_FILTERS = frozenset({"so", "so_van_ban", "ngay_thang", "ngay", "khoang_ngay", "thu",
                            "in_hoa", "runs", "ke"})
FILTER_ESTIMATES: dict[str, Estimate] = {
    "center": _padded, "indent": _indent, "wordwrap": _wordwrap, "replace": _replace,
    "join": _join_filter, "format": _percent_filter, "batch": _count("linecount", "fill_with"),
    "slice": _count("slices", None), "sum": _numeric_sum, "phan_tram": _decimals(0),
    "ti_le": _decimals(1), "la_ma": _letters(1000), "chu_cai": _letters(17),
}
METHOD_ESTIMATES: dict[str, Estimate] = {
    "center": _padded, "ljust": _padded, "rjust": _padded, "zfill": _padded,
    "expandtabs": _tabs, "replace": _replace, "join": _join_method, "translate": _translate,
}
