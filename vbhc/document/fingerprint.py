"""What vbhc generated: a fingerprint of a document's content, kept in its custom properties.

The fingerprint (``vbhc-3:``) hashes the canonical form of every part a clerk
can change in Word (``vbhc.document.canonical``: wording, character and
paragraph formatting, pictures, comments, headers and footers, margins, the
styles), so a plain re-save by Word or LibreOffice keeps it while any such edit
breaks it. Regenerating over a file whose content no longer matches its
fingerprint would lose a clerk's edits; see ``vbhc.pipeline.output``.

Stamps carry their version; a file stamped by an earlier version is checked with
that version's reading (``vbhc-1:``, ``vbhc-2:``: the text of document.xml only).
"""

from __future__ import annotations

import hashlib
import html
import re
import zipfile
from collections.abc import Callable, Mapping
from pathlib import Path

from vbhc.core import safezip
from vbhc.document import canonical

CUSTOM_PART = "docProps/custom.xml"
PROPERTY = "vbhc"
_PREFIX = "vbhc-3:"
_DOCUMENT = "word/document.xml"
_REL_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
_TEXT = re.compile(r"<w:t(?:\s[^>]*)?>([^<]*)</w:t>")
_FALLBACK = re.compile(r"<mc:Fallback\b.*?</mc:Fallback>", re.DOTALL)
_STAMP = re.compile(rf'<property\b[^>]*\bname="{PROPERTY}"[^>]*>\s*<vt:lpwstr>([^<]*)'
                    r"</vt:lpwstr>")


def document_text(document_xml: str) -> str:
    """Return the text of a document part, one line per paragraph.

    >>> document_text('<w:p><w:r><w:t>A &amp; B</w:t><w:tab/><w:t>c</w:t></w:r></w:p><w:p/>')
    'A & B\\tc\\n'
    """
    # -- C-speed: paragraph ends and tabs become text elements, then one findall
    # (versions 1 and 2 ran it for every document rendered) --
    marked = document_xml.replace("</w:p>", "<w:t>\n</w:t>").replace("<w:tab/>", "<w:t>\t</w:t>")
    text = "".join(_TEXT.findall(marked))
    return html.unescape(text) if "&" in text else text


def _lines(document_xml: str) -> str:
    """Return the non-blank paragraphs of a document part, text boxes counted once."""
    if "<mc:Fallback" in document_xml:
        document_xml = _FALLBACK.sub("", document_xml)
    return "\n".join(line for line in document_text(document_xml).split("\n") if line.strip())


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


# -- earlier versions read document.xml alone --
_TEXT_VERSIONS: dict[str, Callable[[str], str]] = {
    "vbhc-1:": lambda xml: _hash(document_text(xml)),
    "vbhc-2:": lambda xml: _hash(_lines(xml)),
}
_VERSIONS = (*_TEXT_VERSIONS, _PREFIX)


def of_document_xml(document_xml: str, prefix: str = "vbhc-2:") -> str:
    """Return the text fingerprint (version 1 or 2) of a ``word/document.xml``."""
    return prefix + _TEXT_VERSIONS[prefix](document_xml)


def of_parts(parts: Mapping[str, str]) -> str:
    """Return the fingerprint of a package's canonical parts (``canonical.Reader``)."""
    return _PREFIX + canonical.digest(parts)


def of_members(members: Mapping[str, bytes | str]) -> str:
    """Return the fingerprint of a whole package's members (name -> content)."""
    styles = members.get(canonical.STYLES, b"")
    reader = canonical.reader(styles.decode("utf-8", "replace") if isinstance(styles, bytes)
                              else styles)
    return of_parts(reader.package(members))


def custom_part(stamp: str) -> bytes:
    """Return docProps/custom.xml holding ``stamp``."""
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
            'custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/'
            '2006/docPropsVTypes"><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" '
            f'pid="2" name="{PROPERTY}"><vt:lpwstr>{stamp}</vt:lpwstr></property>'
            '</Properties>').encode()


def register_custom_part(members: dict[str, bytes]) -> dict[str, bytes]:
    """Return the package members that must change so a custom-properties part is valid."""
    changed = {}
    types = members["[Content_Types].xml"].decode("utf-8")
    if f'PartName="/{CUSTOM_PART}"' not in types:
        override = f'<Override PartName="/{CUSTOM_PART}" ContentType="{_CONTENT_TYPE}"/>'
        changed["[Content_Types].xml"] = types.replace("</Types>", override + "</Types>").encode()
    rels = members.get("_rels/.rels", b"").decode("utf-8")
    if _REL_TYPE not in rels:
        relation = f'<Relationship Id="rIdVbhcCustom" Type="{_REL_TYPE}" Target="{CUSTOM_PART}"/>'
        changed["_rels/.rels"] = rels.replace("</Relationships>",
                                              relation + "</Relationships>").encode()
    return changed


def read_bytes(content: bytes) -> tuple[str | None, str | None]:
    """Return (recorded fingerprint, fingerprint of the current content) of .docx bytes.

    The first is None for a file vbhc did not generate; both are None when the
    bytes are not a readable .docx. The second is computed with the version of
    the first (None for a stamp of an unknown version, so it never matches).
    """
    try:
        with safezip.open_zip(content) as archive:  # -- the file may be anything --
            names = set(archive.namelist())
            custom = archive.read(CUSTOM_PART).decode("utf-8") if CUSTOM_PART in names else ""
            match = _STAMP.search(custom)
            recorded = html.unescape(match.group(1)).strip() if match else None
            prefix = next((p for p in _VERSIONS if recorded and recorded.startswith(p)),
                          _PREFIX if recorded is None else None)
            if prefix is None:
                return recorded, None
            if prefix in _TEXT_VERSIONS:
                document = archive.read(_DOCUMENT).decode("utf-8")
                return recorded, of_document_xml(document, prefix)
            if _DOCUMENT not in names:
                return None, None
            members = {name: archive.read(name) for name in names if canonical.covered(name)}
    except (OSError, zipfile.BadZipFile, KeyError, UnicodeDecodeError, EOFError,
            NotImplementedError, RuntimeError, ValueError):
        return None, None
    return recorded, of_members(members)


def read(path: Path) -> tuple[str | None, str | None]:
    """Return (recorded fingerprint, fingerprint of the current text) of a .docx file.

    The first is None for a file vbhc did not generate; both are None when the
    file is not a readable .docx.
    """
    try:
        content = Path(path).read_bytes()
    except OSError:
        return None, None
    return read_bytes(content)
