"""Charts as pictures in a .docx: drawn with matplotlib, placed inline with alt text.

The chart is a PNG at 300 dpi in a Times-like serif (Liberation Serif, metric-compatible
with Times New Roman, has every Vietnamese letter), black and grey only with hatching,
so it prints the same on a black-and-white printer. LibreOffice carries it into the PDF.

A template places the picture with ``{{p chart|hinh }}``; the rendered .docx then gets
the PNG itself and its relationship through ``embed_media`` (the engine copies the
template's parts as they are, so pictures are added to the finished archive).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from vbhc.document import canonical, fingerprint
from vbhc.document import docxml as x

DPI = 300
CHART_WIDTH_CM = 15.0  # within the 16.5 cm text width, with room to spare
EMU_PER_CM = 360_000
FONTS = ["Liberation Serif", "Times New Roman", "DejaVu Serif"]
# Letters an older face of the same name may lack (Debian's fonts-liberation 1.07 has no
# precomposed Vietnamese; fonts-liberation2 has them, and both are often installed).
VIETNAMESE_PROBE = "ịếựờẫỹĐđ"
_WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_PIC = "http://schemas.openxmlformats.org/drawingml/2006/picture"
_IMAGE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"


@dataclass(frozen=True)
class Picture:
    """A picture to embed: its file name in word/media, relationship id, bytes, size, alt text."""

    name: str
    rid: str
    data: bytes
    width_cm: float
    height_cm: float
    alt: str

    def placement(self, index: int = 1) -> dict[str, Any]:
        """Return what the ``hinh`` filter needs (plain values: the context stays JSON)."""
        return {"ten": self.name, "rid": self.rid, "id": index, "alt": self.alt,
                "cx": round(self.width_cm * EMU_PER_CM),
                "cy": round(self.height_cm * EMU_PER_CM)}


def share_chart(names: Sequence[str], shares: Sequence[float], labels: Sequence[str], *,
                title: str, axis: str = "Tỷ lệ so với chỉ tiêu (%)",
                width_cm: float = CHART_WIDTH_CM) -> tuple[bytes, float]:
    """Return a horizontal bar chart of each unit's share of its quota (PNG) and its height.

    ``shares`` are percentages (134.0); ``labels`` are how they are written ('134%').
    Bars at or above 100 % are dark grey; bars below are light grey and hatched; a
    dashed line marks the quota.
    """
    import matplotlib

    matplotlib.use("Agg")  # -- no display on servers; Agg is deterministic --
    from matplotlib import pyplot as plt

    _drop_faces_without_vietnamese()
    height_cm = 3.2 + 0.6 * len(names)
    with plt.rc_context({"font.family": "serif", "font.serif": FONTS, "font.size": 11,
                         "svg.hashsalt": "vbhc", "hatch.linewidth": 0.6}):
        # -- constrained layout keeps the legend, placed outside below, clear of the axis label --
        figure, axes = plt.subplots(figsize=(width_cm / 2.54, height_cm / 2.54), dpi=DPI,
                                    layout="constrained")
        positions = list(range(len(names)))[::-1]  # first unit on top, as in the table
        met = [share >= 100 for share in shares]
        bars = axes.barh(positions, shares, height=0.6,
                         color=["#404040" if ok else "#d0d0d0" for ok in met],
                         edgecolor="black", linewidth=0.6,
                         hatch=None)
        for bar, ok in zip(bars, met, strict=True):
            if not ok:
                bar.set_hatch("///")
        axes.axvline(100, color="black", linestyle="--", linewidth=0.9, zorder=0)
        top = max([100.0, *shares]) * 1.15
        axes.set_xlim(0, top)
        for position, share, label in zip(positions, shares, labels, strict=True):
            # -- a white ground keeps the figure readable where it crosses the quota line --
            axes.text(share + top * 0.01, position, label, va="center", ha="left",
                      bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.6})
        axes.set_yticks(positions, list(names))
        axes.set_xlabel(axis)
        axes.set_title(title, fontweight="bold")
        # -- a legend in words and patterns, not colours: it survives grey printing --
        from matplotlib.lines import Line2D
        from matplotlib.patches import Patch

        figure.legend(handles=[
            Patch(facecolor="#404040", edgecolor="black", label="Đạt, vượt chỉ tiêu"),
            Patch(facecolor="#d0d0d0", edgecolor="black", hatch="///", label="Chưa đạt"),
            Line2D([0], [0], color="black", linestyle="--", label="Chỉ tiêu (100%)")],
            loc="outside lower center", ncol=3, frameon=False, fontsize=10)
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
        buffer = io.BytesIO()
        # -- no timestamp or version in the file: the same data gives the same bytes --
        figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
        plt.close(figure)
    return buffer.getvalue(), height_cm


def _drop_faces_without_vietnamese() -> None:
    """Remove from matplotlib's font list the faces of ``FONTS`` that lack Vietnamese letters.

    Two files may carry the family name "Liberation Serif"; matplotlib picks one by name
    and would draw "Chỉ" with a missing glyph. Done once per process, before any lookup.
    """
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    manager = font_manager.fontManager
    if getattr(manager, "_vbhc_vietnamese_only", False):
        return
    needed = {ord(letter) for letter in VIETNAMESE_PROBE}

    def covers(path: str) -> bool:
        try:
            return needed <= set(FT2Font(path).get_charmap())
        except (OSError, RuntimeError):  # -- unreadable face: matplotlib could not use it --
            return False

    manager.ttflist = [face for face in manager.ttflist
                       if face.name not in FONTS or covers(face.fname)]
    manager._vbhc_vietnamese_only = True  # type: ignore[attr-defined]


def picture_paragraph(placement: dict[str, Any]) -> Markup:
    """Return a centred paragraph holding the picture inline (template filter ``hinh``)."""
    cx, cy, alt = placement["cx"], placement["cy"], x.attr(placement["alt"])
    name = x.attr(placement["ten"])
    drawing = (
        f'<w:drawing><wp:inline xmlns:wp="{_WP}" distT="0" distB="0" distL="0" distR="0">'
        f'<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:docPr id="{placement["id"]}" name="{name}" descr="{alt}"/>'
        f'<wp:cNvGraphicFramePr><a:graphicFrameLocks xmlns:a="{_A}" noChangeAspect="1"/>'
        f'</wp:cNvGraphicFramePr><a:graphic xmlns:a="{_A}"><a:graphicData uri="{_PIC}">'
        f'<pic:pic xmlns:pic="{_PIC}"><pic:nvPicPr><pic:cNvPr id="{placement["id"]}" '
        f'name="{name}" descr="{alt}"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill>'
        f'<a:blip r:embed="{placement["rid"]}"/><a:stretch><a:fillRect/></a:stretch>'
        f'</pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/>'
        f'</a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic>'
        f'</a:graphicData></a:graphic></wp:inline></w:drawing>')
    return Markup(x.paragraph(None, f"<w:r>{drawing}</w:r>",
                              ppr_extra='<w:keepNext/><w:spacing w:before="120"/>'
                                        '<w:jc w:val="center"/>'))


def embed_media(docx: bytes, pictures: Sequence[Picture]) -> bytes:
    """Return ``docx`` with the pictures' files, relationships and content type added.

    The hand-edit fingerprint covers pictures, so a stamped document is stamped again
    over its final parts (else a fresh document would read as edited by hand).
    """
    if not pictures:
        return docx
    source = zipfile.ZipFile(io.BytesIO(docx))
    rels_name = "word/_rels/document.xml.rels"
    members: dict[str, bytes] = {}
    for info in source.infolist():
        data = source.read(info)
        if info.filename == rels_name:
            added = "".join(f'<Relationship Id="{p.rid}" Type="{_IMAGE_REL}" '
                            f'Target="media/{p.name}"/>' for p in pictures)
            data = data.replace(b"</Relationships>",
                                added.encode("utf-8") + b"</Relationships>")
        elif info.filename == "[Content_Types].xml":
            text = data.decode("utf-8")
            if not re.search(r'Extension="png"', text, re.IGNORECASE):
                text = text.replace("<Default ", '<Default Extension="png" '
                                    'ContentType="image/png"/><Default ', 1)
            data = text.encode("utf-8")
        members[info.filename] = data
    for picture in pictures:
        members[f"word/media/{picture.name}"] = picture.data
    if fingerprint.CUSTOM_PART in members:
        stamp = fingerprint.of_members({name: data for name, data in members.items()
                                        if canonical.covered(name)})
        members[fingerprint.CUSTOM_PART] = fingerprint.custom_part(stamp)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, members[info.filename])
        for picture in pictures:
            # -- PNG is already compressed: stored, not deflated again --
            target.writestr(zipfile.ZipInfo(f"word/media/{picture.name}",
                                            date_time=(2023, 1, 1, 0, 0, 0)), picture.data,
                            compress_type=zipfile.ZIP_STORED)
    return out.getvalue()
