"""What vbhc generated: a fingerprint of a document's text, kept in its custom properties.

The fingerprint hashes the visible text of ``word/document.xml`` paragraph by
paragraph, so re-saving in Word (which rewrites the XML, splits runs and adds
revision ids) keeps it, while any change of wording breaks it. Regenerating
over a file whose text no longer matches its fingerprint would lose a clerk's
edits; see ``vbhc.output``.
"""

from __future__ import annotations

import hashlib
import html
import re
import zipfile
from pathlib import Path

CUSTOM_PART = "docProps/custom.xml"
PROPERTY = "vbhc"
_PREFIX = "vbhc-1:"
_REL_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
_TAG = re.compile(r"<[^>]*>")


def document_text(document_xml: str) -> str:
    """Return the character data of a document part, one line per paragraph.

    Done with C-speed string operations: it runs for every document rendered.
    """
    marked = document_xml.replace("</w:p>", "\x00").replace("<w:tab/>", "\x01")
    text = _TAG.sub("", marked).replace("\x00", "\n").replace("\x01", "\t")
    return html.unescape(text) if "&" in text else text


def of_document_xml(document_xml: str) -> str:
    """Return the fingerprint of a rendered ``word/document.xml``."""
    return _PREFIX + hashlib.sha256(document_text(document_xml).encode("utf-8")).hexdigest()[:32]


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


def read(path: Path) -> tuple[str | None, str | None]:
    """Return (recorded fingerprint, fingerprint of the current text) of a .docx file.

    The first is None for a file vbhc did not generate; both are None when the
    file is not a readable .docx.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            document = archive.read("word/document.xml").decode("utf-8")
            names = set(archive.namelist())
            custom = archive.read(CUSTOM_PART).decode("utf-8") if CUSTOM_PART in names else ""
    except (OSError, zipfile.BadZipFile, KeyError, UnicodeDecodeError):
        return None, None
    match = re.search(rf'name="{PROPERTY}">\s*<vt:lpwstr>([^<]*)</vt:lpwstr>', custom)
    return (match.group(1) if match else None), of_document_xml(document)
