"""``{{ … }}`` references in data text, rendered once in a Jinja sandbox.

A clerk types a fact once (the campaign's name, its year, a target) and refers
to it from any sentence: ``Chiến dịch “*{{ chien_dich.ten }}*” - Hè năm
{{ chien_dich.nam }}``. Substituted values are inserted as they are and never
evaluated again, so a value holding ``{{`` or ``*`` stays literal text. Only the
formatting filters and the data are reachable: no attributes of Python
objects, no files, no imports.
"""

from __future__ import annotations

import difflib
from datetime import date
from functools import lru_cache
from typing import Any

import jinja2
from jinja2.exceptions import SecurityError

from vbhc.core.errors import DataError, Problem
from vbhc.core.formatting import short_date
from vbhc.core.limits import MAX_OUTPUT_CHARS
from vbhc.core.sandbox import Budget, LimitExceeded, Sandbox
from vbhc.data import emphasis, reference_paths
from vbhc.data.loading import Source


class UnknownName(Exception):
    """A reference names data that does not exist."""

    def __init__(self, name: str, known: list[str]) -> None:
        super().__init__(name)
        self.name = name
        self.known = known


class _Undefined(jinja2.StrictUndefined):
    def _fail_with_undefined_error(self, *args: Any, **kwargs: Any) -> Any:
        if self._undefined_exception is SecurityError:
            raise SecurityError(str(self._undefined_name))
        owner = self._undefined_obj
        known = list(owner) if isinstance(owner, dict) else []
        raise UnknownName(str(self._undefined_name), known)

    __str__ = __iter__ = __len__ = __bool__ = _fail_with_undefined_error


class RichValue(str):
    """A data value that is itself rich text (an event's name): inserted with its emphasis."""


def _finalize(value: Any) -> str:
    # -- what a reference inserts is text, never markup: emphasis markers stay literal --
    if isinstance(value, RichValue):
        return str(value)
    if isinstance(value, date):
        value = short_date(value)
    return emphasis.escape_markers(str(value))


@lru_cache(maxsize=1)
def _environment() -> Sandbox:
    return Sandbox(undefined=_Undefined, finalize=_finalize, autoescape=False)


@lru_cache(maxsize=4096)
def _compile(text: str) -> jinja2.Template:
    return _environment().from_string(text)


def render_text(text: str, facts: dict[str, Any], limits: Budget | None = None) -> str:
    """Return ``text`` with its references substituted (raises on unknown names).

    ``limits`` is the budget of steps and time the references of one document share.
    """
    if "{" not in text:
        return text
    pieces = reference_paths.plan(text)
    if pieces is not None:
        done = reference_paths.evaluate(pieces, facts, _finalize, _environment().filters)
        if done is not reference_paths.MISS:
            return done  # type: ignore[return-value]
    return _environment().render(_compile(text), facts, limits)


LITERAL = "muốn in nguyên văn dấu {% hay {{ thì viết {{ '{%' }} hay {{ '{{' }}"


def syntax_message(error: jinja2.TemplateSyntaxError) -> str:
    """Return Jinja's syntax error as the clerk can fix it (Jinja's text is English)."""
    text = (error.message or "").lower()
    if "end of template" in text:
        what = ("thiếu dấu đóng: mỗi {{ cần }} đóng lại (và mỗi {% … %} cần lệnh đóng của nó, "
                "như {% endif %})")
    elif "unknown tag" in text:
        what = "{% … %} là lệnh của mẫu, không dùng được trong đoạn văn"
    else:
        what = ("bên trong {{ … }} chỉ ghi tên dữ liệu và bộ lọc, ví dụ {{ chien_dich.nam }} "
                "hay {{ chien_dich.chi_tieu.don_vi_mau.so | so }}")
    return f"tham chiếu {{{{ … }}}} viết sai: {what}; {LITERAL}"


class TextRenderer:
    """Render a document's data text, collecting every problem before raising."""

    def __init__(self, facts: dict[str, Any], source: Source) -> None:
        self.facts = facts
        self.source = source
        self.problems: list[Problem] = []
        self.limits = Budget()

    def text(self, text: str, location: tuple) -> str:
        """Return ``text`` with references substituted; record a problem on failure."""
        try:
            return render_text(text, self.facts, self.limits)
        except UnknownName as error:
            known = error.known or list(self.facts)
            close = difflib.get_close_matches(error.name, known, n=1, cutoff=0.6)
            hint = f" — có phải '{close[0]}'?" if close else ""
            message = f"tham chiếu {{{{ … }}}} dùng tên '{error.name}' không có trong dữ liệu{hint}"
        except LimitExceeded as error:
            message = f"tham chiếu {{{{ … }}}} vượt giới hạn an toàn: {error}"
        except SecurityError as error:
            message = f"tham chiếu {{{{ … }}}} không được phép truy cập '{error}'"
        except jinja2.TemplateSyntaxError as error:
            message = syntax_message(error)
        except (jinja2.TemplateError, TypeError, ValueError, ArithmeticError,
                LookupError) as error:
            message = f"tham chiếu {{{{ … }}}} không tính được: {error}"
        self.problems.append(self.source.problem(location, message))
        return text

    def segments(self, text: str, location: tuple) -> list[emphasis.Segment]:
        """Return ``text`` rendered and split into emphasis segments."""
        fixed = fixed_segments(text)
        if fixed is not None:
            return fixed
        shape = _shape(text)
        if shape is not None:
            done = _filled(shape, self.facts)
            if done is not None:
                return done
        return emphasis.parse(self.text(text, location))

    def raise_problems(self) -> None:
        """Raise every problem recorded so far, if any."""
        if self.problems:
            raise DataError(self.problems)


def fixed_segments(text: str) -> list[emphasis.Segment] | None:
    """Return the segments of a text that names no value (the same whatever the facts:
    nothing to render, no problem to find), or None when it holds a reference."""
    return emphasis.parse(text) if "{" not in text else None


# Each lookup of a text with its path when it has no filter (else None), the segments
# they fill and the length of its literal text.
Shape = tuple[tuple[tuple[reference_paths.Steps | None, reference_paths.Lookup], ...],
              emphasis.Skeleton, int]


@lru_cache(maxsize=4096)
def _shape(text: str) -> Shape | None:
    """Return the lookups of ``text`` and the segments they fill, if that is how it reads.

    A batch renders the same texts for every unit with other values: the text's
    emphasis is read once, and each unit only looks its values up.
    """
    pieces = reference_paths.plan(text)
    if pieces is None:
        return None
    literals, lookups = [""], []
    for piece in pieces:
        if isinstance(piece, str):
            literals[-1] += piece
        else:
            lookups.append(piece)
            literals.append("")
    shape = emphasis.skeleton(tuple(literals))
    # -- a plain path (most lookups: {{ don_vi.ten }}) is walked without ``value_of``'s
    # filter handling: two calls fewer per value, for every text of every unit --
    paired = tuple((lookup[0] if lookup[1] is None else None, lookup) for lookup in lookups)
    return None if shape is None else (paired, shape, sum(map(len, literals)))


# -- bound once: ``_filled`` runs for every text of every unit --
_walk, _MISS = reference_paths.walk, reference_paths.MISS


def _filled(shape: Shape, facts: dict[str, Any]) -> list[emphasis.Segment] | None:
    """Return the segments ``render_text`` and ``emphasis.parse`` would give, or None
    when the text must go that way (a value missing, empty, with emphasis or too long)."""
    lookups, skeleton, length = shape
    values = []
    inserted = 0
    for path, lookup in lookups:
        value = (_walk(facts, path) if path is not None
                 else reference_paths.value_of(lookup, facts, _environment().filters))
        if value is _MISS:
            return None
        if type(value) is str:  # -- the common case: str() of it is itself, never rich --
            text = value
        else:
            text = short_date(value) if isinstance(value, date) else str(value)
            # -- a rich value is inserted with its markers: as any value when it has none --
            if isinstance(value, RichValue) and ("*" in text or "\\" in text):
                return None
        if not text:
            return None
        values.append(text)
        inserted += len(text)
    # -- the limit counts the text as inserted, escaped: at most twice as long --
    if length + 2 * inserted > MAX_OUTPUT_CHARS and length + inserted + sum(
            text.count("\\") + text.count("*") for text in values) > MAX_OUTPUT_CHARS:
        return None
    return emphasis.fill(skeleton, values)

