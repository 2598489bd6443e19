"""A .docx read as the sequence of its paragraphs' text, with emphasis written as in data.

Every paragraph counts, in document order: the body, tables (the header and signature
tables too) and text boxes (once: Word's VML fallback copy is skipped), then the page
headers and footers. A run's bold
and italic become ``**``/``*`` markers, as a clerk writes them in data; markers are
computed character by character, so how Word happens to split runs never matters.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from lxml import etree

from vbhc.data.emphasis import escape_markers

_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_CONTAINERS = {qn(tag) for tag in ("w:hyperlink", "w:ins", "w:smartTag", "w:sdt",
                                   "w:sdtContent", "w:fldSimple", "w:customXml")}
_FALSE = {"0", "false", "off"}


def _never(character: str) -> bool:
    return False


class NotADocument(Exception):
    """The bytes are not a Word document python-docx can open."""


@dataclass(frozen=True)
class Char:
    """One character of a paragraph with its emphasis."""

    text: str
    bold: bool
    italic: bool


def paragraphs(data: bytes) -> list[list[Char]]:
    """Return every paragraph of a .docx, as characters with their emphasis.

    The body comes first, then the page headers and footers (so that an edit there is
    seen too, even though no data value prints in them).
    """
    try:
        document = Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError,
            etree.XMLSyntaxError) as error:
        raise NotADocument(str(error)) from error
    return document_paragraphs(document)


def document_paragraphs(document: Any) -> list[list[Char]]:
    """Return every paragraph of an open python-docx document (as ``paragraphs``)."""
    roots = [document.element.body]
    margins = sorted((rel.target_ref, rel.target_part) for rel in document.part.rels.values()
                     if not rel.is_external and rel.reltype in (RT.HEADER, RT.FOOTER))
    roots += [part.element for _, part in margins]
    found: list[list[Char]] = []
    for root in roots:
        fallback = {id(p) for node in root.iter(_MC_FALLBACK) for p in node.iter(qn("w:p"))}
        found += [list(_chars(p)) for p in root.iter(qn("w:p")) if id(p) not in fallback]
    return found


def _runs(element: etree._Element) -> Iterator[etree._Element]:
    for child in element:
        if child.tag == qn("w:r"):
            yield child
        elif child.tag in _CONTAINERS:
            yield from _runs(child)


def _on(properties: etree._Element | None, tag: str) -> bool:
    if properties is None:
        return False
    node = properties.find(qn(tag))
    return node is not None and (node.get(qn("w:val")) or "true").lower() not in _FALSE


def _chars(paragraph: etree._Element) -> Iterator[Char]:
    for run in _runs(paragraph):
        properties = run.find(qn("w:rPr"))
        bold, italic = _on(properties, "w:b"), _on(properties, "w:i")
        for node in run:
            if node.tag == qn("w:t"):
                text = node.text or ""
            elif node.tag == qn("w:tab"):
                text = "\t"
            elif node.tag in (qn("w:br"), qn("w:cr")):
                text = "\n"
            elif node.tag == qn("w:noBreakHyphen"):
                text = "-"
            else:
                continue
            for character in text:
                yield Char(character, bold, italic)


def plain(chars: list[Char]) -> str:
    """Return a paragraph's text without emphasis."""
    return "".join(char.text for char in chars)


def base_emphasis(chars: list[Char], transparent: Callable[[str], bool] = _never
                  ) -> tuple[bool, bool]:
    """Return (bold, italic) that every visible character of the paragraph carries.

    Such emphasis belongs to the paragraph's role (a heading is bold), not to its text.
    """
    visible = [c for c in chars if not c.text.isspace() and not transparent(c.text)]
    if not visible:
        return False, False
    return all(c.bold for c in visible), all(c.italic for c in visible)


def marked(chars: list[Char], base: tuple[bool, bool],
           transparent: Callable[[str], bool] = _never) -> str:
    """Return a paragraph's text with emphasis beyond ``base`` as data markers.

    Spaces and characters ``transparent`` accepts never open or close emphasis: a closing marker
    goes right after the last emphasised character, an opening one right before the
    first, so markers stay inside the text they belong to.
    """
    out: list[str] = []
    pending: list[str] = []
    bold = italic = False
    for char in chars:
        if char.text.isspace() or transparent(char.text):
            pending.append(char.text)
            continue
        want_bold = char.bold and not base[0]
        want_italic = char.italic and not base[1]
        closing = "*" * (2 * (bold and not want_bold) + (italic and not want_italic))
        opening = "*" * (2 * (want_bold and not bold) + (want_italic and not italic))
        out.append(closing)
        out.extend(pending)
        pending.clear()
        out.append(opening)
        out.append(escape_markers(char.text))
        bold, italic = want_bold, want_italic
    out.append("*" * (2 * bold + italic))
    out.extend(pending)
    return "".join(out)
