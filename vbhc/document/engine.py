"""The rendering engine: a .docx template compiled once, rendered many times.

Plain docxtpl repeats per document what depends only on the template: opening
and parsing every part, ``patch_xml``'s regex passes, the Jinja compile and the
re-deflation of every zip member (about 60 % of a render, performance-notes.md).
``CompiledTemplate`` does that work once, with docxtpl's own preprocessing so the
output is what docxtpl would produce; a document is then one Jinja render per
templated part plus a zip write in which the unchanged members are copied as
they were compressed. ``render``, ``batch`` and the tests all come through here.

What the compile produces (Jinja's Python code of each part, the zip block of
the unchanged members, their fingerprint) is kept on disk by
``vbhc.document.template_cache``, keyed by the template's content: a later
process loads it in a millisecond instead of importing docxtpl and compiling.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2

from vbhc.core import safezip
from vbhc.core.errors import TemplateError, short_path
from vbhc.core.sandbox import Sandbox, xml_safe
from vbhc.document import canonical, docxml, fingerprint, template_cache
from vbhc.document.richtext import TEMPLATE_FILTERS
from vbhc.document.zipblock import ZipBlock

if TYPE_CHECKING:
    from docxtpl import DocxTemplate

_TEMPLATED = re.compile(r"\{[{%#]")
_DOCUMENT = "word/document.xml"
_DTD = re.compile(rb"<!(DOCTYPE|ENTITY)")
_HEADER_FOOTER = re.compile(r"word/(header|footer)\d*\.xml")
_EMPTY_RUN = '<w:r><w:t xml:space="preserve"></w:t></w:r>'


def template_environment() -> Sandbox:
    """Return the Jinja environment every .docx template renders in.

    Sandboxed (a template cannot reach Python internals), strict (an unknown name
    is an error, not an empty string) and autoescaping (``&`` or ``<`` in data
    cannot corrupt the XML).
    """
    env = Sandbox(autoescape=True, finalize=xml_safe)
    env.filters.update(TEMPLATE_FILTERS)
    return env


@dataclass(frozen=True)
class _Part:
    """A templated zip member: its compiled body and the untouched text around it."""

    name: str
    template: jinja2.Template
    head: str
    tail: str


class CompiledTemplate:
    """A .docx template prepared once; ``render(context)`` returns a document's bytes."""

    def __init__(self, path: Path, *, stamp: bool = True,
                 state: template_cache.State | None = None) -> None:
        self.path = Path(path)
        self.stamp = stamp
        env = self._env = template_environment()
        if state is None:
            state = self._prepare(env)
        self.state = state
        self._parts = [_Part(name, template_cache.template(env, code), head, tail)
                       for name, code, head, tail in state.parts]
        self._reader = canonical.Reader(state.styles)
        self._static = dict(state.static)
        self._zip = ZipBlock.from_layout(state.block, state.central, state.names)

    def _prepare(self, env: jinja2.Environment) -> template_cache.State:
        """Return what rendering needs, compiled from the template file (docxtpl's work)."""
        from docxtpl import DocxTemplate
        from lxml import etree

        try:
            with safezip.open_zip(self.path) as archive:
                members = {info.filename: safezip.read_member(archive, info)
                           for info in archive.infolist()}
        except safezip.UnsafeArchive as error:
            raise TemplateError(f"mẫu {short_path(self.path)}: {error}") from None
        except (OSError, zipfile.BadZipFile) as error:
            raise TemplateError(f"không đọc được mẫu {short_path(self.path)}: {error}") from error
        if _DOCUMENT not in members:
            raise TemplateError(f"{short_path(self.path)} không phải tệp .docx (thiếu {_DOCUMENT})")
        for name, data in members.items():
            # -- Word never writes a DTD; one here can only be an entity bomb or read files --
            if _DTD.search(data):
                raise TemplateError(f"mẫu {short_path(self.path)} ({name}) có khai báo DOCTYPE/"
                                    "ENTITY, Word không bao giờ tạo: không dùng mẫu này")
        try:
            preprocessor = DocxTemplate(self.path)
            parts = []
            for name, data in members.items():
                if name == _DOCUMENT or (_HEADER_FOOTER.fullmatch(name)
                                         and _TEMPLATED.search(data.decode("utf-8", "replace"))):
                    parts.append(self._compile(name, data, preprocessor, env))
        except (etree.XMLSyntaxError, ValueError, KeyError) as error:
            raise TemplateError(f"mẫu {short_path(self.path)} có phần XML hỏng: {error}") from None
        templated = {part[0] for part in parts}
        unchanged = {name: data for name, data in members.items() if name not in templated}
        if self.stamp:
            unchanged.pop(fingerprint.CUSTOM_PART, None)
            unchanged.update(fingerprint.register_custom_part(unchanged))
        # -- the fingerprint of the parts every document shares is computed once here;
        # a render adds only the canonical form of the parts it fills in --
        styles = members.get(canonical.STYLES, b"").decode("utf-8", "replace")
        static = canonical.Reader(styles).package(unchanged)
        # -- [Content_Types].xml first, as Word writes it --
        order = sorted(unchanged, key=lambda name: name != "[Content_Types].xml")
        block = ZipBlock(unchanged, order)
        return template_cache.State(parts, styles, static, block.block, block.central,
                                    block.names)

    def _compile(self, name: str, data: bytes, preprocessor: DocxTemplate,
                 env: jinja2.Environment) -> tuple[str, Any, str, str]:
        """Return (name, Jinja's compiled code, head, tail) of a templated part."""
        from lxml import etree

        root = etree.fromstring(data)
        # -- docxtpl works on the body element alone (on the whole part for headers) --
        found = root.find(f"{{{root.nsmap['w']}}}body") if name == _DOCUMENT else root
        if found is None:
            raise TemplateError(f"{name}: không có phần thân văn bản (w:body)")
        element = found
        source = etree.tostring(element, encoding="unicode")
        marker = "VBHC-BODY-PLACEHOLDER"
        if element is root:
            head, tail = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n', ""
        else:
            placeholder = etree.Element("placeholder")
            root.replace(element, placeholder)
            placeholder.text = marker
            whole = etree.tostring(root, encoding="unicode")
            head, tail = whole.split(f"<placeholder>{marker}</placeholder>")
            head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + head
        # -- docxtpl also puts a newline before each <w:p> and removes it after rendering,
        # only to number lines in error messages: skipping both gives the same document --
        patched = preprocessor.patch_xml(source)
        # -- a {{r …}} tag leaves the runs it stood in empty on both sides: a sixth of a
        # plan's body, read, deflated and written for each document, shown by nobody
        # (Word drops them on its first save; the fingerprint never counted them) --
        patched = patched.replace(_EMPTY_RUN, "")
        if name == _DOCUMENT:
            patched = _last_page_follows_context(patched)
        # -- docxtpl's escapes for literal tags, resolved in the template, not in values --
        for escaped, literal in (("{_{", "{{"), ("}_}", "}}"), ("{_%", "{%"), ("%_}", "%}")):
            patched = patched.replace(escaped, "{{ '" + literal + "' }}")
        try:
            code = template_cache.compile_code(env, patched)
        except jinja2.TemplateSyntaxError as error:
            raise TemplateError(
                f"mẫu {short_path(self.path)} ({name}) có thẻ sai cú pháp: {error.message}"
            ) from error
        return name, code, head, tail

    def render_parts(self, context: dict[str, Any]) -> dict[str, str]:
        """Return the rendered XML of each templated part, as docxtpl would render it."""
        out = {}
        for part in self._parts:
            try:
                xml = self._env.render(part.template, context)
            except jinja2.UndefinedError as error:
                raise TemplateError(
                    f"mẫu {short_path(self.path)} dùng tên không có trong dữ liệu: "
                    f"{error.message}") from error
            except (jinja2.TemplateError, TypeError, ValueError, ArithmeticError,
                    LookupError) as error:
                raise TemplateError(f"mẫu {short_path(self.path)} ({part.name}) không tạo được "
                                    f"văn bản: {error}") from error
            if _has_listing_chars(xml):
                # -- only values holding \t \n \a \f need docxtpl's costly listing pass --
                from docxtpl import DocxTemplate

                xml = DocxTemplate.resolve_listing(None, xml)
            out[part.name] = part.head + xml + part.tail
        return out

    def render(self, context: dict[str, Any]) -> bytes:
        """Return the bytes of the .docx rendered from ``context``."""
        return self.package(self.render_parts(context))

    def package(self, parts: dict[str, str], stamp: str | None = None) -> bytes:
        """Return the .docx of rendered ``parts``.

        A stamping template adds the hand-edit fingerprint: ``stamp`` when the caller
        computed it (``fingerprint(parts)``), else computed here.
        """
        new = {name: xml.encode("utf-8") for name, xml in parts.items()}
        if self.stamp:
            value = stamp if stamp is not None else self.fingerprint(parts)
            new[fingerprint.CUSTOM_PART] = fingerprint.custom_part(value)
        return self._zip.archive(new)

    def fingerprint(self, parts: dict[str, str]) -> str:
        """Return the hand-edit fingerprint of a document from its rendered parts."""
        canonical_parts = dict(self._static)
        for name, xml in parts.items():
            found = self._reader.part(name, xml)
            if found is not None:
                canonical_parts[found[0]] = found[1]
        return fingerprint.of_parts(canonical_parts)


def _has_listing_chars(xml: str) -> bool:
    """Return whether ``xml`` holds a character docxtpl's listing pass rewrites.

    Four ``in`` tests scan a rendered body ~80 times faster than one regular
    expression over it (0.8 µs against 70 µs for a 13,000-character body).
    """
    return "\t" in xml or "\n" in xml or "\a" in xml or "\f" in xml


# Context key: the last section (the last annex's) is landscape. Its page size sits in
# the body's final w:sectPr, which no paragraph tag can reach and which must stay a
# number in the template Word opens; so the compiled template alone gets the choice.
TRANG_CUOI_NGANG = "trang_cuoi_ngang"
_PAGE_SIZE = re.compile(r"<w:pgSz\b[^>]*/>")


def _last_page_follows_context(body: str) -> str:
    """Return ``body`` whose final page size turns landscape when the context asks."""
    sizes = list(_PAGE_SIZE.finditer(body))
    if not sizes or body.rfind("<w:sectPr", 0, sizes[-1].start()) < body.rfind("</w:p>"):
        return body  # -- no body-level sectPr after the last paragraph: leave it --
    last = sizes[-1]
    choice = (f"{{% if {TRANG_CUOI_NGANG} is defined and {TRANG_CUOI_NGANG} %}}"
              f"{docxml.page_size(landscape=True)}{{% else %}}{last.group(0)}{{% endif %}}")
    return body[:last.start()] + choice + body[last.end():]


@lru_cache(maxsize=32)
def _compiled(path: str, mtime_ns: int, stamp: bool) -> CompiledTemplate:
    try:
        content = Path(path).read_bytes()
    except OSError as error:
        raise TemplateError(f"không đọc được mẫu {short_path(Path(path))}: {error}") from error
    key = template_cache.key(content, stamp)
    state = template_cache.load(key)
    if state is not None:
        return CompiledTemplate(Path(path), stamp=stamp, state=state)
    compiled = CompiledTemplate(Path(path), stamp=stamp)
    template_cache.store(key, compiled.state, template_cache.label(Path(path)))
    return compiled


def compiled_template(path: Path, *, stamp: bool = True) -> CompiledTemplate:
    """Return the compiled template for ``path``, cached until the file changes."""
    try:
        mtime = Path(path).stat().st_mtime_ns
    except OSError as error:
        raise TemplateError(f"không tìm thấy mẫu {short_path(path)}") from error
    return _compiled(str(Path(path).resolve()), mtime, stamp)
