"""The electronic form's pictures in a rendered .docx (NĐ30 Phụ lục I Phần II).

- The signer's image (blue, transparent PNG) centred in the signature column,
  in the blank space between the title lines (7a) and the name (7b).
- The body's seal image (red, transparent PNG) at its actual size, over the left
  third of the signer's image, as the ink seal sits on paper.
- For an annex issued as its own file: the body's signature info (số/ký hiệu,
  signing time) top right of page 1, Times New Roman 10 pt, black.

Both images float (``wp:anchor``, no text wrap) in the first paragraph of the
signature space (style ``VBChoKy``), so the paper layout does not move: the space
is kept and the images sit over it. The space's height is read from the rendered
paragraphs, so it follows the frame whatever its number of blank lines.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
from dataclasses import dataclass
from xml.sax.saxutils import escape

from vbhc.document import fingerprint

EMU_PER_POINT = 12700
EMU_PER_TWIP = 635
EMU_PER_INCH = 914400
DEFAULT_DPI = 300  # a PNG without a pHYs chunk: scanned seals are usually 300 dpi
SPACE_STYLE = "VBChoKy"
SPACE_LINE_POINTS = 14 * 1.15  # a blank 14 pt line at single spacing, when no style says more
SIGNATURE_MAX = (int(6 * EMU_PER_INCH / 2.54), int(2.6 * EMU_PER_INCH / 2.54))  # 6 × 2.6 cm
_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
_NS = ('xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
       'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
       'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"')
_IMAGE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
_HEADER_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header"
_HEADER_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"
MEDIA_PREFIX = "word/media/vbhc_"
INFO_HEADER = "word/header_ky_so.xml"  # the signature info box of an attachment


class NotPng(ValueError):
    """The bytes are not a PNG image (the message says why, in Vietnamese)."""


@dataclass(frozen=True)
class Picture:
    """A PNG image: its bytes, its size in pixels and its natural size in EMU."""

    data: bytes
    pixels: tuple[int, int]
    size: tuple[int, int]  # EMU, from the PNG's resolution (pHYs) or DEFAULT_DPI
    alpha: bool  # has transparency (colour type with alpha, or a tRNS chunk)

    @classmethod
    def from_png(cls, data: bytes) -> Picture:
        """Return the picture of PNG bytes; raise ``NotPng`` for anything else."""
        if not data.startswith(_PNG_MAGIC):
            raise NotPng("không phải ảnh PNG")
        if len(data) < 33 or data[12:16] != b"IHDR":
            raise NotPng("tệp PNG bị hỏng (thiếu phần đầu IHDR)")
        width, height = struct.unpack(">II", data[16:24])
        if not width or not height:
            raise NotPng("ảnh PNG có kích thước 0")
        colour_type = data[25]
        dpi = (DEFAULT_DPI, DEFAULT_DPI)
        alpha = colour_type in (4, 6)
        position = 8
        while position + 8 <= len(data):
            length, kind = struct.unpack(">I4s", data[position:position + 8])
            body = data[position + 8:position + 8 + length]
            if kind == b"pHYs" and len(body) == 9 and body[8] == 1:  # unit: metre
                x_ppm, y_ppm = struct.unpack(">II", body[:8])
                if x_ppm and y_ppm:
                    dpi = (round(x_ppm * 0.0254), round(y_ppm * 0.0254))
            elif kind == b"tRNS":
                alpha = True
            elif kind == b"IDAT":
                break
            position += 12 + length
        size = (width * EMU_PER_INCH // dpi[0], height * EMU_PER_INCH // dpi[1])
        return cls(data, (width, height), size, alpha)


def fit(size: tuple[int, int], box: tuple[int, int]) -> tuple[int, int]:
    """Return ``size`` scaled down (never up) to fit in ``box``, keeping its proportions.

    >>> fit((200, 100), (100, 100))
    (100, 50)
    """
    scale = min(1.0, box[0] / size[0], box[1] / size[1])
    return round(size[0] * scale), round(size[1] * scale)


@dataclass(frozen=True)
class Placement:
    """Where a picture goes, in EMU: from the column's left edge and the paragraph's top."""

    x: int
    y: int
    width: int
    height: int


def layout(signature: Picture | None, seal: Picture | None, *, column: int,
           space: int) -> tuple[Placement | None, Placement | None]:
    """Return the placements of the signer's image and the seal (EMU, see ``Placement``).

    ``column`` is the signature column's text width, ``space`` the blank space's height.
    """
    sig = None
    if signature is not None:
        # -- scaled down (never up) to the blank space, so the name is never covered --
        width, height = fit(signature.size, (min(SIGNATURE_MAX[0], column),
                                             min(SIGNATURE_MAX[1], space)))
        sig = Placement((column - width) // 2, max(0, (space - height) // 2), width, height)
    seal_place = None
    if seal is not None:
        width, height = seal.size  # -- actual size: never scaled --
        if sig is not None:
            # -- the seal covers the left third of the signature: its right edge there --
            x = sig.x + sig.width // 3 - width
            y = sig.y + sig.height // 2 - height // 2
        else:  # -- no signer's image: the seal on the left part of the space --
            x, y = column // 3 - width // 2, (space - height) // 2
        seal_place = Placement(x, y, width, height)
    return sig, seal_place


def anchor(place: Placement, rel_id: str, number: int, name: str, *, z: int) -> str:
    """Return a run holding a floating picture (in front of the text, no wrapping)."""
    return (
        f'<w:r><w:drawing {_NS}><wp:anchor distT="0" distB="0" distL="0" distR="0" '
        f'simplePos="0" relativeHeight="{z}" behindDoc="0" locked="1" layoutInCell="1" '
        'allowOverlap="1"><wp:simplePos x="0" y="0"/>'
        f'<wp:positionH relativeFrom="column"><wp:posOffset>{place.x}</wp:posOffset>'
        '</wp:positionH>'
        f'<wp:positionV relativeFrom="paragraph"><wp:posOffset>{place.y}</wp:posOffset>'
        f'</wp:positionV><wp:extent cx="{place.width}" cy="{place.height}"/>'
        '<wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/>'
        f'<wp:docPr id="{number}" name="{escape(name)}" descr="{escape(name)}"/>'
        '<wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect="1"/></wp:cNvGraphicFramePr>'
        '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
        f'<pic:pic><pic:nvPicPr><pic:cNvPr id="{number}" name="{escape(name)}"/><pic:cNvPicPr/>'
        f'</pic:nvPicPr><pic:blipFill><a:blip r:embed="{rel_id}"/><a:stretch><a:fillRect/>'
        '</a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/>'
        f'<a:ext cx="{place.width}" cy="{place.height}"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData>'
        '</a:graphic></wp:anchor></w:drawing></w:r>')


# -- the rendered document ---------------------------------------------------------

_SPACE_PARAGRAPH = re.compile(
    rf'<w:p>(<w:pPr><w:pStyle w:val="{SPACE_STYLE}"/></w:pPr>)(.*?)</w:p>', re.DOTALL)
_SECTION = re.compile(r"<w:sectPr\b.*?</w:sectPr>", re.DOTALL)
_CELL_WIDTH = re.compile(r'<w:tcW w:w="(\d+)" w:type="dxa"/>')


def signature_space(document_xml: str) -> tuple[int, int, int] | None:
    """Return (start, end, blank lines) of the first signature space's first paragraph."""
    first = _SPACE_PARAGRAPH.search(document_xml)
    if first is None:
        return None
    lines, position = 0, first.start()
    while (found := _SPACE_PARAGRAPH.match(document_xml, position)) is not None:
        lines += 1
        position = found.end()
    return first.start(), first.end(), lines


def space_line_points(styles_xml: str) -> float:
    """Return the height (points) of one blank line of the signature space, from its style.

    An exact or at-least line height is taken as set; an automatic one is the font's
    single line (1.15 × its size) times the spacing factor.

    >>> space_line_points('<w:style w:styleId="VBChoKy"><w:pPr><w:spacing w:line="425" '
    ...                   'w:lineRule="exact"/></w:pPr></w:style>')
    21.25
    """
    style = re.search(rf'<w:style\b[^>]*w:styleId="{SPACE_STYLE}".*?</w:style>', styles_xml,
                      re.DOTALL)
    if style is None:
        return SPACE_LINE_POINTS
    text = style.group(0)
    line = re.search(r'w:line="(\d+)"', text)
    rule = re.search(r'w:lineRule="(\w+)"', text)
    size = re.search(r'<w:sz w:val="(\d+)"', text)
    points = int(size.group(1)) / 2 if size else 14
    extra = sum(int(v) for v in re.findall(r'w:(?:before|after)="(\d+)"', text)) / 20
    if line and rule and rule.group(1) in ("exact", "atLeast"):
        return int(line.group(1)) / 20 + extra
    factor = int(line.group(1)) / 240 if line else 1
    return points * 1.15 * factor + extra


def column_width(document_xml: str, position: int) -> int:
    """Return the width (twips) of the table cell holding ``position``, less its padding."""
    widths = _CELL_WIDTH.findall(document_xml, 0, position)
    return int(widths[-1]) if widths else 0


def place_pictures(docx: bytes, signature: Picture | None, seal: Picture | None) -> bytes:
    """Return the .docx with the signer's image and the seal over the signature space.

    Unchanged when both are None or the document has no signature space (an annex alone).
    """
    if signature is None and seal is None:
        return docx
    members = _members(docx)
    document = members["word/document.xml"].decode("utf-8")
    found = signature_space(document)
    if found is None:
        return docx
    start, end, lines = found
    column = column_width(document, start) * EMU_PER_TWIP
    line = space_line_points(members.get("word/styles.xml", b"").decode("utf-8"))
    space = round(lines * line * EMU_PER_POINT)
    sig_place, seal_place = layout(signature, seal, column=column, space=space)
    runs = ""
    for number, (picture, place, name, z) in enumerate(
            ((signature, sig_place, "chu_ky", 251659264), (seal, seal_place, "dau", 251660288)),
            start=9001):
        if picture is None or place is None:
            continue
        rel_id = f"rIdVbhc_{name}"
        members[f"{MEDIA_PREFIX}{name}.png"] = picture.data
        _add_relationship(members, rel_id, f"media/vbhc_{name}.png")
        runs += anchor(place, rel_id, number, name, z=z)
    _add_png_type(members)
    paragraph = _SPACE_PARAGRAPH.match(document, start)
    assert paragraph is not None
    replaced = f"<w:p>{paragraph.group(1)}{runs}{paragraph.group(2)}</w:p>"
    members["word/document.xml"] = (document[:start] + replaced + document[end:]).encode()
    return _zip(members)


def add_info_box(docx: bytes, lines: list[str]) -> bytes:
    """Return the .docx with ``lines`` top right of page 1 (TNR 10 pt, black, upright).

    The box goes into a first-page header of its own, used by the first section only:
    it stays out of the text (nothing moves) and appears on page 1 alone, even when
    the file holds several annexes.
    """
    members = _members(docx)
    document = members["word/document.xml"].decode("utf-8")
    section = _SECTION.search(document)
    if section is None:
        raise ValueError("word/document.xml has no section properties")
    rpr = ('<w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" '
           'w:cs="Times New Roman" w:eastAsia="Times New Roman"/><w:b w:val="0"/>'
           '<w:i w:val="0"/><w:color w:val="000000"/><w:sz w:val="20"/><w:szCs w:val="20"/>'
           '</w:rPr>')
    box = "".join(
        '<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'
        f'<w:ind w:left="0" w:firstLine="0"/><w:jc w:val="right"/>{rpr}</w:pPr><w:r>{rpr}'
        f'<w:t xml:space="preserve">{escape(line)}</w:t></w:r></w:p>' for line in lines)
    members[INFO_HEADER] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<w:hdr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f"{box}</w:hdr>").encode()
    _add_relationship(members, "rIdVbhcKySo", INFO_HEADER.removeprefix("word/"), _HEADER_REL)
    types = members["[Content_Types].xml"].decode("utf-8")
    if f'PartName="/{INFO_HEADER}"' not in types:
        members["[Content_Types].xml"] = types.replace(
            "</Types>", f'<Override PartName="/{INFO_HEADER}" ContentType="{_HEADER_TYPE}"/>'
            "</Types>").encode()
    properties = section.group(0)
    reference = '<w:headerReference w:type="first" r:id="rIdVbhcKySo"/>'
    if 'w:type="first"' in properties:
        properties = re.sub(r'<w:headerReference w:type="first" r:id="[^"]*"/>', reference,
                            properties)
    else:
        properties = properties.replace(">", ">" + reference, 1)
    if "<w:titlePg" not in properties:
        properties = properties.replace("</w:sectPr>", "<w:titlePg/></w:sectPr>")
    document = document[:section.start()] + properties + document[section.end():]
    members["word/document.xml"] = document.encode()
    return _zip(members)


def _members(docx: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def _zip(members: dict[str, bytes]) -> bytes:
    if fingerprint.CUSTOM_PART in members:
        # -- the hand-edit fingerprint covers pictures and headers: vbhc's own additions
        # are part of what it generated, so the stamp is taken again --
        members[fingerprint.CUSTOM_PART] = fingerprint.custom_part(
            fingerprint.of_members(members))
    buffer = io.BytesIO()
    order = sorted(members, key=lambda name: name != "[Content_Types].xml")
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as out:
        for name in order:
            # -- PNGs are compressed already: stored, not deflated again --
            kind = zipfile.ZIP_STORED if name.endswith(".png") else zipfile.ZIP_DEFLATED
            out.writestr(name, members[name], compress_type=kind)
    return buffer.getvalue()


def _add_relationship(members: dict[str, bytes], rel_id: str, target: str,
                      kind: str = _IMAGE_REL) -> None:
    name = "word/_rels/document.xml.rels"
    rels = members[name].decode("utf-8")
    if f'Id="{rel_id}"' not in rels:
        rels = rels.replace("</Relationships>", f'<Relationship Id="{rel_id}" '
                            f'Type="{kind}" Target="{target}"/></Relationships>')
        members[name] = rels.encode()


def _add_png_type(members: dict[str, bytes]) -> None:
    types = members["[Content_Types].xml"].decode("utf-8")
    if 'Extension="png"' not in types:
        types = types.replace("</Types>",
                              '<Default Extension="png" ContentType="image/png"/></Types>')
        members["[Content_Types].xml"] = types.encode()
