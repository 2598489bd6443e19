"""The one Jinja environment class that templates and data references run in.

Like Jinja's own ``ImmutableSandboxedEnvironment`` (which it narrows further):
no attributes of Python internals, no mutation, no globals such as ``cycler``
or ``range``, no loader (so no ``include``/``extends``, no file access), and
bounded: no value longer than ``MAX_VALUE_CHARS``, no output longer than
``MAX_OUTPUT_CHARS``, at most ``MAX_STEPS`` loop iterations and calls and
``MAX_SECONDS`` per render (``vbhc.core.limits``; the checks are in ``budget``).
Past a bound, rendering raises ``LimitExceeded`` with a Vietnamese message.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.visitor import NodeTransformer
from markupsafe import Markup, escape

from vbhc.core import budget
from vbhc.core.budget import Budget, LimitExceeded
from vbhc.core.formatting import FILTERS
from vbhc.core.limits import MAX_OUTPUT_CHARS

__all__ = ["Budget", "LimitExceeded", "Sandbox", "xml_safe"]
_LOOP_FILTER, _VALUE_FILTER = "vbhc_bounded_loop", "vbhc_checked_value"
# XML 1.0 forbids these characters anywhere in a document.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


# ... and these are what escaping replaces: a string without any is printed as it is.
_NOT_PLAIN = re.compile("[&<>'\"\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_safe(value: Any) -> Any:
    """Return ``value`` with characters XML cannot hold removed (Markup is left alone)."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return _NOT_XML.sub("", value)
    return value


def xml_output(value: Any) -> Any:
    """Return what ``{{ value }}`` prints in an XML template: ``escape(xml_safe(value))``.

    A document prints about fifty values; most are Markup (Word runs from a filter)
    or plain text with nothing to escape, which come back as they are, without the
    two calls and the new Markup object each (``_Output``).
    """
    kind = type(value)
    if kind is Markup or (kind is str and _NOT_PLAIN.search(value) is None):
        return value
    return escape(xml_safe(value))


class _Output(CodeGenerator):
    """Jinja's code generator, printing with ``xml_output`` when the finalize is ``xml_safe``.

    Jinja writes ``escape(environment.finalize(value))`` for each ``{{ … }}``;
    this writes ``environment.xml_output(value)``, the same text. Only where
    Jinja would write exactly that (autoescape known when compiling).
    """

    def _fused(self, frame: Frame, finalize: CodeGenerator._FinalizeInfo) -> bool:
        return (self.environment.finalize is xml_safe and finalize.src == "environment.finalize("
                and not frame.eval_ctx.volatile and bool(frame.eval_ctx.autoescape))

    def _output_child_pre(self, node: nodes.Expr, frame: Frame,
                          finalize: CodeGenerator._FinalizeInfo) -> None:
        if self._fused(frame, finalize):
            self.write("environment.xml_output(")
        else:
            super()._output_child_pre(node, frame, finalize)

    def _output_child_post(self, node: nodes.Expr, frame: Frame,
                           finalize: CodeGenerator._FinalizeInfo) -> None:
        if self._fused(frame, finalize):
            self.write(")")
        else:
            super()._output_child_post(node, frame, finalize)


class Sandbox(ImmutableSandboxedEnvironment):
    """A sandbox with vbhc's filters, bounded values, loops, time and nothing global."""

    intercepted_binops = frozenset({"**", "*", "%", "+"})
    code_generator_class = _Output
    xml_output = staticmethod(xml_output)

    def __init__(self, **options: Any) -> None:
        super().__init__(undefined=options.pop("undefined", jinja2.StrictUndefined), **options)
        self.globals.clear()
        self.filters = _GuardedFilters(self.filters)
        self.filters.update(FILTERS)
        self.filters[_LOOP_FILTER] = budget.bounded_loop
        self.filters[_VALUE_FILTER] = _checked_value

    def render(self, template: jinja2.Template, context: dict[str, Any],
               limits: Budget | None = None) -> str:
        """Return ``template`` rendered, within ``limits`` (a fresh budget by default)."""
        limits = limits or Budget()
        with limits.active():
            try:
                pieces, size = [], 0
                for piece in template.root_render_func(template.new_context(context)):
                    size += len(piece)
                    if size > MAX_OUTPUT_CHARS:
                        raise LimitExceeded(f"văn bản tạo ra dài quá {MAX_OUTPUT_CHARS:,} ký tự"
                                            .replace(",", "."))
                    pieces.append(piece)
                limits.check()
                return "".join(pieces)
            except RecursionError:
                raise LimitExceeded("lồng nhau quá sâu (macro hoặc dữ liệu gọi lại chính nó)") \
                    from None
            except Exception:
                self.handle_exception()

    @staticmethod
    def concat(pieces: Iterable[str]) -> str:
        """Join a captured block (``{% set %}``, a macro's body), refusing a huge one."""
        pieces = pieces if isinstance(pieces, list) else list(pieces)
        if sum(map(len, pieces)) > MAX_OUTPUT_CHARS:
            raise LimitExceeded("khối văn bản tạo ra quá dài")
        return "".join(pieces)

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        # -- every loop draws from the budget; every literal and ~ is weighed --
        return _Bounded().visit(super()._parse(source, name, filename))

    def getattr(self, obj: Any, attribute: str) -> Any:
        """Return ``obj.attribute``; for the data's mappings, the key first (the common case)."""
        if type(obj) is dict:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)

    def call(__self, __context: jinja2.runtime.Context, __obj: Any,  # noqa: N805
             *args: Any, **kwargs: Any) -> Any:
        """Call ``__obj`` after estimating what it builds; count the call as a step."""
        budget.current().step()
        owner = getattr(__obj, "__self__", None)
        if isinstance(owner, str):
            estimate = budget.METHOD_ESTIMATES.get(getattr(__obj, "__name__", ""))
            if estimate is not None:
                _, args = estimate(f"str.{__obj.__name__}", owner, args, kwargs)
        result = super().call(__context, __obj, *args, **kwargs)
        return budget.check_value(result, "lời gọi hàm")

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """Return ``str.format`` sandboxed by Jinja, with its widths and size checked."""
        wrapper = super().wrap_str_format(value)
        if wrapper is None:
            return None
        is_map = value.__name__ == "format_map"

        @functools.wraps(wrapper)
        def checked(*args: Any, **kwargs: Any) -> str:
            mapping = args[0] if is_map and args and isinstance(args[0], dict) else kwargs
            budget.check_format(value.__self__, () if is_map else args, mapping)
            return wrapper(*args, **kwargs)
        return checked

    def call_binop(self, context: jinja2.runtime.Context, operator: str, left: Any,
                   right: Any) -> Any:
        """Refuse powers, products, repetitions and formats large enough to hang a render."""
        budget.check_binop(operator, left, right)
        return super().call_binop(context, operator, left, right)


def _checked_value(value: Any) -> Any:
    return budget.check_value(value, "biểu thức")


def _guarded(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """Return filter ``function`` estimated before and weighed after each call."""
    if name in (_LOOP_FILTER, _VALUE_FILTER) or name in budget.LINEAR_FILTERS \
            or getattr(function, "vbhc_guarded", False):
        return function
    estimate = budget.FILTER_ESTIMATES.get(name)
    # -- pass_context/pass_environment filters take that object first, then the value --
    offset = 1 if hasattr(function, "jinja_pass_arg") else 0
    what = f"bộ lọc {name}"

    @functools.wraps(function)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        if estimate is not None and len(args) > offset:
            value, rest = estimate(what, args[offset], args[offset + 1:], kwargs)
            args = (*args[:offset], value, *rest)
        return budget.check_value(function(*args, **kwargs), what)

    guarded.vbhc_guarded = True  # type: ignore[attr-defined]
    return guarded


class _GuardedFilters(dict):
    """The filter table: every filter put in it is guarded (``_guarded``)."""

    def __init__(self, filters: dict[str, Callable[..., Any]]) -> None:
        super().__init__()
        self.update(filters)

    def __setitem__(self, name: str, function: Callable[..., Any]) -> None:
        super().__setitem__(name, _guarded(name, function))

    def update(self, *others: Any, **more: Any) -> None:
        for name, function in dict(*others, **more).items():
            self[name] = function


class _Bounded(NodeTransformer):
    """Wrap loop iterables in the budget's counter, and literals and ``~`` in a weigh-in."""

    def visit_For(self, node: nodes.For) -> nodes.Node:
        self.generic_visit(node)  # -- NodeTransformer edits node's fields in place --
        node.iter = _filtered(node.iter, _LOOP_FILTER)
        return node

    def _weighed(self, node: nodes.Expr) -> nodes.Node:
        self.generic_visit(node)
        return _filtered(node, _VALUE_FILTER)

    visit_List = visit_Dict = visit_Concat = _weighed

    def visit_Tuple(self, node: nodes.Tuple) -> nodes.Node:
        # -- a tuple on the left of '=' or 'in' is a target, not a value --
        return self._weighed(node) if node.ctx == "load" else self.generic_visit(node)


def _filtered(node: nodes.Node, name: str) -> nodes.Filter:
    return nodes.Filter(node, name, [], [], None, None, lineno=node.lineno)
