"""Whole numbers as Vietnamese clerks type them: "." groups thousands, "," marks decimals.

"7.000" is seven thousand and "1.500.000" one and a half million, wherever they are
typed (a YAML value, quoted or not, or an Excel cell holding text). "7,000" and
"7.5" could mean two different numbers, so where a whole number is expected they
are refused with a message saying how to write it; guessing would print a wrong
figure in a signed document.
"""

from __future__ import annotations

import re
from typing import Any

# Thousands grouped by dots: 7.000, 1.500.000 (a sign allowed).
GROUPED = re.compile(r"[-+]?[0-9]{1,3}(?:\.[0-9]{3})+$")
_PLAIN = re.compile(r"[-+]?[0-9]+$")
_NUMBER_LIKE = re.compile(r"[-+]?[0-9][0-9.,]*$")
HOW_TO_WRITE = "viết 7000 hoặc 7.000 (dấu chấm ngăn hàng nghìn), không viết 7,000 hay 7.5"


class NotAWholeNumber(ValueError):
    """Typed text that is not a whole number, or could mean more than one."""


class TypedDecimal(float):
    """A decimal read from a data file, with the text as it was typed ('7.50')."""

    typed: str

    def __new__(cls, value: float, typed: str) -> TypedDecimal:  # noqa: D102
        number = super().__new__(cls, value)
        number.typed = typed
        return number

    def __reduce__(self) -> tuple:
        # -- batch workers receive the data pickled --
        return (TypedDecimal, (float(self), self.typed))


def typed_integer(text: str) -> int:
    """Return the whole number typed as ``text``: '7000', '7.000', '1.500.000', '-5'.

    >>> typed_integer("7.000"), typed_integer(" 1.500.000 "), typed_integer("42")
    (7000, 1500000, 42)
    """
    stripped = text.strip()
    if _PLAIN.match(stripped):
        return int(stripped)
    if GROUPED.match(stripped):
        return int(stripped.replace(".", ""))
    if _NUMBER_LIKE.match(stripped):
        raise NotAWholeNumber(f"'{stripped}' không rõ là số nào: {HOW_TO_WRITE}")
    raise NotAWholeNumber(f"phải là số nguyên, ví dụ 5 hoặc 7.000 (đang ghi '{stripped}')")


def whole_number(value: Any) -> Any:
    """Return ``value`` as a whole number when it is typed text or a decimal; else unchanged.

    A decimal (YAML reads ``7.5`` as one) is refused: a whole number was expected,
    and Vietnamese writes decimals with a comma. Other types are left for the
    caller's own validation to reject.
    """
    if isinstance(value, bool):
        raise NotAWholeNumber("phải là số nguyên (ví dụ 5), không phải có/không")
    if isinstance(value, float):
        shown = getattr(value, "typed", None) or repr(value)
        raise NotAWholeNumber(f"'{shown}' không rõ là số nào: {HOW_TO_WRITE}")
    if isinstance(value, str) and _NUMBER_LIKE.match(value.strip()):
        return typed_integer(value)
    return value  # -- words ('năm') get the model's own "phải là số nguyên" --
