"""The frame of a located document: header, title, Kính gửi, signature and Nơi nhận.

Works on the checker's ``Layout`` (``vbhc.checker.locate_tail.locate``) and fills the
frame fields of a ``Reading``.
"""

from __future__ import annotations

import re
from datetime import date

from vbhc.checker.docmodel import Line
from vbhc.checker.locate import PREFIX_RE, Layout
from vbhc.checker.textkit import fold, is_caps
from vbhc.data.punctuation import RECIPIENT_ENDINGS, clean
from vbhc.importer.inline import Piece, markdown
from vbhc.importer.reading import Reading, Signer

_SO = re.compile(r"^Số\s*[:.]?\s*(\d+)?\s*/?\s*([^\s/]*)", re.IGNORECASE)
_DATELINE = re.compile(r"^(.*?),?\s*ngày\s*(\d{1,2})\s*tháng\s*(\d{1,2})\s*năm\s*(\d{4})",
                       re.IGNORECASE)
_TAG = {"T/M": "TM.", "K/T": "KT.", "T/L": "TL."}


def line_pieces(line: Line) -> list[Piece]:
    """Return one line's (text, bold, italic) pieces."""
    out: list[Piece] = []
    for run, text in line.pieces:
        if run is None:
            continue
        fmt = line.para.sheet.run_format(line.para.el, run)
        out.append((text.replace("\t", " "), bool(fmt.bold), bool(fmt.italic)))
    return out


def line_text(line: Line, *, keep_bold: bool = False) -> str:
    """Return a line as data text (italic kept; bold dropped unless ``keep_bold``)."""
    return markdown(line_pieces(line), drop_bold=not keep_bold).strip()


def read_header(layout: Layout, reading: Reading, used: set[int]) -> None:
    """Fill the header fields: chủ quản, issuing body, Quốc hiệu, Số, date, V/v."""
    head = layout.header
    reading.chu_quan = [ln.text for ln in head.chu_quan]
    reading.issuer_lines = [ln.text for ln in head.body_name]
    reading.quoc_hieu = head.qh is not None
    for line in (*head.chu_quan, *head.body_name, head.qh, head.tn, head.so, head.date):
        if line is not None:
            used.add(id(line.para.el))
    if head.qh is not None:
        for other in head.qh.para.lines(tabs=True):  # -- a split Quốc hiệu's second line --
            if fold(other.text) == "VIỆT NAM":
                used.add(id(other.para.el))
    if head.so is not None:
        match = _SO.match(head.so.text)
        if match:
            reading.so = int(match.group(1)) if match.group(1) else None
            reading.ky_hieu = match.group(2).strip(".,;") or None
    if head.date is not None:
        match = _DATELINE.match(head.date.text)
        if match:
            reading.dia_danh = match.group(1).strip(" ,")
            try:
                reading.ngay = date(int(match.group(4)), int(match.group(3)),
                                    int(match.group(2)))
            except ValueError:
                reading.ngay = None
    if head.vv:
        para = head.vv[0].para
        used.add(id(para.el))
        text = " ".join(line_text(ln) for ln in para.lines())
        reading.vv = [re.sub(r"^V/v\s*[:.]?\s*", "", text, flags=re.IGNORECASE)]


def read_title(layout: Layout, reading: Reading, used: set[int]) -> None:
    """Fill tên loại and trích yếu."""
    title = layout.title
    if title.ten_loai is not None:
        reading.ten_loai = title.ten_loai.text
        used.add(id(title.ten_loai.para.el))
    lines = list(title.trich_yeu)
    # -- typed without a rule under it, the authority line runs on after the trích yếu --
    while len(lines) > 1 and is_caps(lines[-1].text) and not layout.authority:
        reading.authority.insert(0, lines.pop().text)
    reading.trich_yeu = [line_text(ln) for ln in lines]
    used.update(id(ln.para.el) for ln in title.trich_yeu)


def read_kinh_gui(layout: Layout, reading: Reading, used: set[int]) -> None:
    """Fill Kính gửi: one name per line, without the label, dashes and end marks."""
    for line in layout.kinh_gui:
        used.add(id(line.para.el))
        text = re.sub(r"^Kính\s+gửi\s*:?\s*", "", line_text(line), flags=re.IGNORECASE)
        if text:
            reading.kinh_gui.append(clean(text, "-", RECIPIENT_ENDINGS))


def read_recipients(layout: Layout, reading: Reading, used: set[int]) -> None:
    """Fill Nơi nhận items and the Lưu line."""
    sig = layout.signature
    if sig.label is not None:
        used.add(id(sig.label.para.el))
    items: list[str] = []
    for line in sig.recipients:
        used.add(id(line.para.el))
        text = line_text(line)
        if items and not re.match(r"^[-–+]", text):
            items[-1] += " " + text  # -- a recipient wrapped onto a second line --
            continue
        items.append(text)
    for text in items:
        bare = clean(text, "-", RECIPIENT_ENDINGS)
        match = re.match(r"^Lưu\s*:?\s*(.*)$", bare)
        if match:
            reading.luu = match.group(1).strip()
        else:
            reading.recipients.append(bare)


def read_signer(layout: Layout, reading: Reading, used: set[int]) -> None:
    """Fill the signer: authority chain, title lines, other offices and name."""
    sig = layout.signature
    signer = Signer()
    lines = []
    for line, gap in zip(sig.lines, sig.gaps, strict=False):
        used.add(id(line.para.el))
        text = line.text.strip()
        if re.fullmatch(r"\(\s*Đã ký\s*\)", text, re.IGNORECASE):
            signer.da_ky = True
        elif not re.fullmatch(r"\(.*\)", text):  # -- "(Ký, đóng dấu)" hints are not data --
            lines.append((text, gap))
    if not lines:
        reading.signer = signer
        return
    name_at = max((i for i, (text, _) in enumerate(lines) if not is_caps(text)),
                  default=len(lines) - 1)
    signer.ho_ten = lines[name_at][0]
    caps = [(text, gap) for text, gap in lines[:name_at]]
    # -- an office typed under the name: vbhc prints it above the name (chuc_vu_khac) --
    after = [text for text, _ in lines[name_at + 1:] if is_caps(text)]
    for text, _ in caps:
        match = PREFIX_RE.match(text)
        if not match:
            break
        prefix = _TAG.get(match.group(1), match.group(1) + ".")
        signer.quyen_han.append(prefix)
    if signer.quyen_han:
        needed = len(signer.quyen_han) + (0 if signer.quyen_han[-1] == "Q." else 1)
    else:
        needed = next((i for i, (_, gap) in enumerate(caps) if i and gap), len(caps))
    titles = [PREFIX_RE.sub("", text).strip() for text, _ in caps[:needed]]
    signer.chuc_danh = titles or [caps[0][0]] if caps else titles
    signer.chuc_vu_khac = [text for text, _ in caps[needed:]] + after
    reading.signer = signer
