"""Build the .docx templates in templates_docx/ from the frame and the kinds' blocks.

Run ``python -m vbhc.kinds.template_build`` after changing the frame or a kind's
blocks; a test checks that the committed templates match this script. A clerk
may restyle a template in Word afterwards, or render with their own through
``--template``.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

from vbhc.document import blocks, frame
from vbhc.document import docxml as x
from vbhc.kinds import kind as kind_module

if TYPE_CHECKING:
    from vbhc.kinds.kind import Kind

# -- where the kinds load their templates from (the checkout's, or an installed copy's) --
TEMPLATES_DIR = kind_module.TEMPLATES_DIR
_FIXED_TIME = (2023, 1, 1, 0, 0, 0)  # reproducible archives: same input, same bytes

_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
<Default Extension="xml" ContentType="application/xml"/>\
<Override PartName="/word/document.xml" \
ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>\
<Override PartName="/word/styles.xml" \
ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>\
<Override PartName="/word/settings.xml" \
ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>\
<Override PartName="/word/header1.xml" \
ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>\
<Override PartName="/word/header2.xml" \
ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>\
<Override PartName="/docProps/core.xml" \
ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>\
<Override PartName="/docProps/app.xml" \
ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>"""

_PACKAGE_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
<Relationship Id="rId1" Target="word/document.xml" \
Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>\
<Relationship Id="rId2" Target="docProps/core.xml" \
Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"/>\
<Relationship Id="rId3" Target="docProps/app.xml" \
Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties"/>\
</Relationships>"""

_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_DOCUMENT_RELS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
<Relationship Id="rIdStyles" Type="{_RELS}/styles" Target="styles.xml"/>\
<Relationship Id="rIdSettings" Type="{_RELS}/settings" Target="settings.xml"/>\
<Relationship Id="{x.HEADER_DEFAULT_RID}" Type="{_RELS}/header" Target="header1.xml"/>\
<Relationship Id="{x.HEADER_FIRST_RID}" Type="{_RELS}/header" Target="header2.xml"/>\
</Relationships>"""

_SETTINGS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:settings xmlns:w="{x.W_NS}"><w:zoom w:percent="100"/><w:defaultTabStop w:val="720"/>\
<w:characterSpacingControl w:val="doNotCompress"/><w:compat><w:compatSetting \
w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/>\
</w:compat><w:themeFontLang w:val="vi-VN"/></w:settings>"""

_CORE = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties \
xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" \
xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" \
xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>{title}</dc:title>\
<dc:creator>vbhc</dc:creator><dc:language>vi-VN</dc:language></cp:coreProperties>"""

_APP = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">\
<Application>vbhc</Application></Properties>"""


def document_part(body_blocks: list[str], *, framed: bool = True,
                  parts: list[str] | None = None) -> str:
    """Return word/document.xml: the frame around ``body_blocks``, the annexes, page setup.

    An unframed template (the annexes alone) holds only ``body_blocks``; ``parts``
    (a kind's ``document_blocks``) replaces the standard frame.
    """
    if parts is None:
        parts = ([frame.header_block(), frame.title_block(), *body_blocks,
                  frame.signature_block(), blocks.annexes()] if framed else body_blocks)
    body = "".join([*parts, x.section_properties()])
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<w:document xmlns:w="{x.W_NS}" xmlns:r="{x.R_NS}"><w:body>{body}</w:body>'
            "</w:document>")


def kind_members(kind: Kind) -> dict[str, bytes]:
    """Return the zip members of ``kind``'s template: its blocks and its styles."""
    return template_members(kind.title, kind.body_blocks(), framed=kind.framed,
                            parts=kind.document_blocks(), extra_styles=kind.extra_styles())


def template_members(title: str, body_blocks: list[str], *, framed: bool = True,
                     parts: list[str] | None = None,
                     extra_styles: tuple[str, ...] = ()) -> dict[str, bytes]:
    """Return the zip members of a template whose body holds ``body_blocks``."""
    members = {
        "[Content_Types].xml": _CONTENT_TYPES,
        "_rels/.rels": _PACKAGE_RELS,
        "docProps/core.xml": _CORE.format(title=x.text(title)),
        "docProps/app.xml": _APP,
        "word/document.xml": document_part(body_blocks, framed=framed, parts=parts),
        "word/_rels/document.xml.rels": _DOCUMENT_RELS,
        "word/styles.xml": frame.styles_part(extra_styles),
        "word/settings.xml": _SETTINGS,
        "word/header1.xml": frame.header_part(with_page_number=True),
        "word/header2.xml": frame.header_part(with_page_number=False),
    }
    return {name: text.encode("utf-8") for name, text in members.items()}


def template_bytes(members: dict[str, bytes]) -> bytes:
    """Return a reproducible .docx archive of the template's ``members``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return buffer.getvalue()


def build_all(directory: Path = TEMPLATES_DIR) -> list[Path]:
    """Write every kind's template into ``directory``; return the paths written."""
    from vbhc.kinds import KINDS

    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in KINDS.values():
        path = directory / kind.template_name
        path.write_bytes(template_bytes(kind_members(kind)))
        written.append(path)
    return written


def main() -> None:  # pragma: no cover - a maintenance command
    for path in build_all():
        print(path)


if __name__ == "__main__":  # pragma: no cover
    main()
