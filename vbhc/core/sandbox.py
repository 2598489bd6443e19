"""The one Jinja environment class that templates and data references run in.

Like Jinja's own ``ImmutableSandboxedEnvironment`` (which it narrows further):
no attributes of Python internals, no mutation, no globals such as ``cycler``
or ``range``, no loader (so no ``include``/``extends``), and no arithmetic that
could exhaust memory or time (``9**9**9``, ``'a' * 10**10``).
"""

from __future__ import annotations

import re
from typing import Any

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from vbhc.core.formatting import FILTERS

MAX_POWER = 64
MAX_REPEAT = 100_000
# XML 1.0 forbids these characters anywhere in a document.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_safe(value: Any) -> Any:
    """Return ``value`` with characters XML cannot hold removed (Markup is left alone)."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return _NOT_XML.sub("", value)
    return value


class Sandbox(ImmutableSandboxedEnvironment):
    """A sandbox with vbhc's filters, bounded arithmetic and nothing global."""

    intercepted_binops = frozenset({"**", "*"})

    def __init__(self, **options: Any) -> None:
        super().__init__(undefined=options.pop("undefined", jinja2.StrictUndefined), **options)
        self.globals.clear()
        self.filters.update(FILTERS)

    def getattr(self, obj: Any, attribute: str) -> Any:
        """Return ``obj.attribute``; for the data's mappings, the key first (the common case)."""
        if type(obj) is dict:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)

    def call_binop(self, context: jinja2.runtime.Context, operator: str, left: Any,
                   right: Any) -> Any:
        """Refuse powers and repetitions large enough to hang a render."""
        if operator == "**" and isinstance(right, (int, float)) and abs(right) > MAX_POWER:
            raise SecurityError(f"lũy thừa quá lớn (** {right})")
        if operator == "*":
            sizes = [len(v) for v in (left, right) if isinstance(v, (str, list, tuple))]
            counts = [v for v in (left, right) if isinstance(v, int)]
            if sizes and counts and sizes[0] * max(counts) > MAX_REPEAT:
                raise SecurityError("chuỗi lặp quá dài")
        return super().call_binop(context, operator, left, right)
