"""C01–C05: page size, margins, fonts, Unicode and page numbers."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from .docmodel import A4_H, A4_W, CheckedDoc, Para
from .effective import own_runs, w
from .locate import Layout
from .model import Findings
from .rulekit import where
from .shapes import NS
from .textkit import nfc, pt, quote

# The body's signature info on an attachment in its own file (NĐ30 Phụ lục I Phần II).
_SIGNATURE_INFO = re.compile(r"Số: \S+Thời gian ký: \S+")
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_LEGACY_FONT = re.compile(r"^(\.vn|vni[- ]|vk |\.vntime|vntime)", re.IGNORECASE)
# Latin-1 glyphs that TCVN3/VNI text shows when read as Unicode, never in Vietnamese.
_LEGACY_GLYPHS = set("¡¢£¤¥¦¨ª¬¯³´µ¶·¸¹º¼½¾¿ÄÅÆÇËÎÏÑÖØÛÜÞßäåæçëîïñö÷øûüþÿ")
_PAGE_FIELD = re.compile(r"^\s*PAGE\b", re.IGNORECASE)
CHARS_PER_PAGE = 3000
MARGINS = {"top": (1134, 1417), "bottom": (1134, 1417), "left": (1701, 1984),
           "right": (850, 1134)}
MARGIN_VI = {"top": "lề trên", "bottom": "lề dưới", "left": "lề trái", "right": "lề phải"}


def check_page(doc: CheckedDoc, out: Findings, *, annex_only: bool = False) -> None:
    """C01, C02: A4 paper, portrait first section, margins.

    A file holding only annexes may open on a landscape annex (a wide table, §11).
    """
    for sec in doc.sections:
        label = f"phần (section) {sec.index + 1}"
        if not sec.has_size:
            out.fail("C01", label, "không khai báo khổ giấy", "A4 210 × 297 mm")
            continue
        portrait = abs(sec.width - A4_W) <= 2 and abs(sec.height - A4_H) <= 2
        landscape = abs(sec.width - A4_H) <= 2 and abs(sec.height - A4_W) <= 2
        size = f"{sec.width / 56.7:.0f} × {sec.height / 56.7:.0f} mm"
        if sec.index == 0 and not portrait and not (annex_only and landscape):
            found = "A4 khổ ngang" if landscape else f"khổ {size}"
            out.fail("C01", label, found, "A4 khổ dọc 210 × 297 mm")
        elif sec.index > 0 and not (portrait or landscape):
            out.fail("C01", label, f"khổ {size}", "A4 (dọc hoặc ngang)")
    for sec in doc.sections:
        for side, (lo, hi) in MARGINS.items():
            value = getattr(sec, side)
            if not lo - 2 <= value <= hi + 2:
                out.fail("C02", f"phần (section) {sec.index + 1}, {MARGIN_VI[side]}",
                         f"{value / 56.7:.1f} mm".replace(".", ","),
                         f"{lo / 56.7:.0f}–{hi / 56.7:.0f} mm")


def story_paras(doc: CheckedDoc) -> Iterator[tuple[Any, Para | None]]:
    for para in doc.paras:
        yield para.el, para
    for el in _story_roots(doc):
        for p in el.iter(w("p")):
            yield p, None


def _story_roots(doc: CheckedDoc) -> list[Any]:
    roots, seen = [], set()
    for sec in doc.sections:
        if sec.el is None:
            continue
        for ref in list(sec.el.iterfind(w("headerReference"))) + list(
                sec.el.iterfind(w("footerReference"))):
            r_id = ref.get(R_ID)
            el = doc.part_element(r_id) if r_id else None
            if el is not None and id(el) not in seen:
                seen.add(id(el))
                roots.append(el)
    return roots


def text_of(p_el: Any) -> str:
    return "".join(t.text or "" for r in own_runs(p_el) for t in r.iterfind(w("t")))


def check_fonts(doc: CheckedDoc, out: Findings) -> None:
    """C03, C04: Times New Roman in black everywhere; NFC Unicode text."""
    fonts: dict[str, list[str]] = {}
    colours: dict[str, list[str]] = {}
    legacy: list[str] = []
    decomposed: list[str] = []
    for p_el, para in story_paras(doc):
        text = text_of(p_el)
        if not text.strip():
            continue
        place = where(para) if para is not None else f"đầu/chân trang {quote(text)}"
        for r in own_runs(p_el):
            if not "".join(t.text or "" for t in r.iterfind(w("t"))).strip():
                continue
            fmt = doc.sheet.run_format(p_el, r)
            if (fmt.font or "").lower() != "times new roman":
                fonts.setdefault(fmt.font or "không khai báo", []).append(place)
            if fmt.color not in (None, "auto", "000000"):
                colours.setdefault(fmt.color, []).append(place)
            if fmt.font and _LEGACY_FONT.match(fmt.font):
                legacy.append(place)
        if sum(ch in _LEGACY_GLYPHS for ch in text) >= 2:
            legacy.append(place)
        if nfc(text) != text or any(0x300 <= ord(ch) <= 0x36F for ch in text):
            decomposed.append(place)
    for font, places in fonts.items():
        found = f"phông {font} ({len(places)} đoạn chữ)"
        if font == "không khai báo":
            out.warn("C03", places[0], found + ": phần mềm sẽ tự chọn phông",
                     "khai báo Times New Roman")
        else:
            out.fail("C03", places[0], found, "Times New Roman")
    for colour, places in colours.items():
        out.fail("C03", places[0], f"màu chữ #{colour} ({len(places)} đoạn chữ)", "màu đen")
    if legacy:
        out.fail("C04", legacy[0], f"{len(legacy)} đoạn dùng bảng mã cũ (TCVN3/VNI)",
                 "chữ Unicode theo TCVN 6909:2001")
    if decomposed:
        out.warn("C04", decomposed[0], f"{len(decomposed)} đoạn có dấu tổ hợp (không NFC)",
                 "chữ Unicode dựng sẵn (NFC)")


def _refs(doc: CheckedDoc, kind: str) -> list[dict[str, Any]]:
    """Return, per section, the header (or footer) roots by type, inherited like Word."""
    out: list[dict[str, Any]] = []
    for sec in doc.sections:
        own = dict(out[-1]) if out else {}
        if sec.el is not None:
            for ref in sec.el.iterfind(w(f"{kind}Reference")):
                r_id = ref.get(R_ID)
                own[ref.get(w("type")) or "default"] = doc.part_element(r_id) if r_id else None
        out.append(own)
    return out


def _page_fields(root: Any) -> list[tuple[Any, list[Any]]]:
    """Return (paragraph, runs) of every PAGE field in ``root``."""
    found = []
    for fs in root.iter(w("fldSimple")):
        if _PAGE_FIELD.match(fs.get(w("instr")) or ""):
            p = next(fs.iterancestors(w("p")), None)
            if p is not None:
                found.append((p, list(fs.iter(w("r")))))
    for it in root.iter(w("instrText")):
        if _PAGE_FIELD.match(it.text or ""):
            p = next(it.iterancestors(w("p")), None)
            if p is not None:
                runs = [r for r in own_runs(p) if r.find(w("t")) is not None]
                found.append((p, runs or [it.getparent()]))
    return found


def _on(el: Any) -> bool:
    return el is not None and (el.get(w("val")) or "true").lower() not in ("0", "false", "off")


def check_page_numbers(doc: CheckedDoc, layout: Layout, out: Findings) -> None:
    """C05: PAGE field centred in the header, hidden on page 1, restarted in annexes."""
    headers, footers = _refs(doc, "header"), _refs(doc, "footer")
    first = doc.sections[0]
    title_pg = first.el is not None and _on(first.el.find(w("titlePg")))
    default = headers[0].get("default")
    fields = _page_fields(default) if default is not None else []
    chars = sum(len(p.text) for p in doc.paras)
    long_doc = chars > CHARS_PER_PAGE or len(doc.sections) > 1
    if not fields:
        in_footer = any(_page_fields(f) for f in footers[0].values() if f is not None)
        if in_footer:
            out.fail("C05", "chân trang", "số trang đặt ở chân trang",
                     "số trang ở giữa lề trên (đầu trang)")
        else:
            out.add("C05", "đầu trang", "không tìm thấy số trang (trường PAGE)",
                    "đánh số trang từ trang 2, giữa lề trên", strict=long_doc)
    for p, runs in fields:
        if doc.sheet.paragraph_format(p).alignment != "center":
            out.fail("C05", "đầu trang, số trang", "số trang không căn giữa", "căn giữa")
        formats = [doc.sheet.run_format(p, r) for r in runs]
        sizes = {f.size_pt for f in formats}
        if not all(s is not None and 13 <= s <= 14 for s in sizes):
            out.fail("C05", "đầu trang, số trang",
                     "cỡ chữ " + ", ".join(pt(s) for s in sizes), "cỡ chữ 13–14 pt")
        if any(f.italic for f in formats):
            out.fail("C05", "đầu trang, số trang", "in nghiêng", "chữ đứng")
        if any(f.bold for f in formats):
            out.warn("C05", "đầu trang, số trang", "in đậm", "không in đậm")
    if fields and not title_pg:
        out.fail("C05", "trang 1", "số trang hiện ở trang 1 (chưa chọn «trang đầu khác»)",
                 "không hiện số trang ở trang 1")
    first_hdr = headers[0].get("first") if title_pg else None
    if first_hdr is not None and first.el is not None and (
            first.el.find("w:headerReference[@w:type='first']", NS) is not None):
        text = "".join(text_of(p) for p in first_hdr.iter(w("p")))
        # -- an e-document's attachment shows the body's signature info there (§9) --
        text = _SIGNATURE_INFO.sub("", text)
        if _page_fields(first_hdr) or any(ch.isdigit() for ch in text):
            out.fail("C05", "đầu trang của trang 1", "có số trang ở trang 1",
                     "đầu trang 1 để trống")
    for annex in layout.annexes:
        block = doc.blocks[annex.start]
        if block.section == 0 or block.section >= len(doc.sections):
            continue
        sec = doc.sections[block.section]
        num = sec.el.find(w("pgNumType")) if sec.el is not None else None
        if num is None or num.get(w("start")) != "1":
            out.fail("C05", f"phụ lục ở phần (section) {sec.index + 1}",
                     "không đánh lại số trang", "số trang của phụ lục bắt đầu từ 1")
        elif headers[block.section].get("default") is None:
            out.warn("C05", f"phụ lục ở phần (section) {sec.index + 1}", "không có đầu trang",
                     "số trang ở đầu trang")

