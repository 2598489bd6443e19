"""Find the Kính gửi block, the body, the signature area and the annexes."""

from __future__ import annotations

import re

from .docmodel import CheckedDoc, Line, Para, Table
from .locate import (
    PREFIX_RE,
    Annex,
    Header,
    Layout,
    Signature,
    Title,
    locate_header,
    locate_title,
)
from .textkit import fold, is_caps

_LABEL = re.compile(r"^PHỤ LỤC(\s+[IVXLC\d]+)?\s*[.:]?$")


def _body_paras(doc: CheckedDoc, start: int, stop: int) -> list[Para]:
    return [b for b in doc.blocks[start:stop] if isinstance(b, Para)]


def locate_annexes(doc: CheckedDoc, start: int) -> list[Annex]:
    """Return the annexes found in blocks after ``start`` (by label or Kèm theo line)."""
    annexes: list[Annex] = []
    current: Annex | None = None
    paras = [p for p in _body_paras(doc, start, len(doc.blocks)) if not p.is_empty]
    i = 0
    while i < len(paras):
        para = paras[i]
        lines = para.lines()
        key = fold(lines[0].text)
        if _LABEL.match(key):
            current = Annex(para.block, label=lines[0], title=lines[1:])
            annexes.append(current)
        elif key.startswith("(KÈM THEO"):
            if current is None or current.kem_lines:
                title = _title_before(paras, i, annexes, start)
                current = Annex(title[0].para.block if title else para.block, title=title)
                annexes.append(current)
            i = _read_kem_theo(current, paras, i)
        elif current is not None and not current.kem_lines and len(current.title) < 3:
            current.title += lines
        i += 1
    return annexes


def _title_before(paras: list[Para], i: int, annexes: list[Annex], start: int) -> list[Line]:
    floor = annexes[-1].start if annexes else start
    out: list[Para] = []
    for para in reversed(paras[max(0, i - 3):i]):  # -- tên loại + two trích yếu lines --
        if para.block <= floor or para.section != paras[i].section:
            break
        if PREFIX_RE.match(para.text) or not (is_caps(para.text) or
                                               para.fmt.alignment == "center"):
            break
        out.insert(0, para)
    return [ln for p in out for ln in p.lines()]


def _read_kem_theo(annex: Annex, paras: list[Para], i: int) -> int:
    texts = []
    j = i
    while j < len(paras) and j < i + 3:
        annex.kem_lines += paras[j].lines()
        texts.append(paras[j].text)
        if ")" in paras[j].text:
            break
        j += 1
    annex.kem_theo = " ".join(texts)
    return min(j, len(paras) - 1)


def _is_signature_table(table: Table) -> bool:
    if table.columns < 1 or not table.rows:
        return False
    if any("NƠI NHẬN" in fold(c.text) for c in table.cells):
        return True
    right = table.rows[0][-1]
    first = next((ln for p in right.paras for ln in p.lines()), None)
    # -- a Biên bản (Mẫu 1.9) signs THƯ KÝ | CHỦ TỌA side by side, without prefixes --
    return first is not None and (bool(PREFIX_RE.match(first.text))
                                  or fold(first.text) in MEETING_SIGNERS)


MEETING_SIGNERS = ("CHỦ TỌA", "CHỦ TRÌ", "THƯ KÝ")


def _right_lines(paras: list[Para], sig: Signature, tabs: bool) -> None:
    gap = 0
    for para in paras:
        lines = para.lines(tabs=tabs)
        if not lines:
            gap += 1
            continue
        for ln in lines:
            sig.lines.append(ln)
            sig.gaps.append(gap)
            gap = 0


def locate_signature(doc: CheckedDoc, start: int, stop: int) -> Signature:
    """Return the signature area found in blocks ``start``…``stop - 1``."""
    sig = Signature(start=stop)
    table = next((t for t in doc.tables() if start <= t.block < stop and
                  _is_signature_table(t)), None)
    if table is not None:
        sig.table, sig.start = table, table.block
        left = table.rows[0][0] if table.columns > 1 else None
        if left is not None:
            lines = [ln for p in left.paras for ln in p.lines()]
            if lines and fold(lines[0].text).startswith("NƠI NHẬN"):
                sig.label, sig.recipients = lines[0], lines[1:]
        _right_lines(table.rows[0][-1].paras, sig, tabs=False)
        return sig
    paras = _body_paras(doc, start, stop)
    label_at = next((i for i, p in enumerate(paras)
                     if fold(p.text).startswith("NƠI NHẬN")), None)
    sign_at = next((i for i, p in enumerate(paras) if PREFIX_RE.match(p.text)
                    and is_caps(p.lines(tabs=True)[0].text)), None)
    firsts = [i for i in (label_at, sign_at) if i is not None]
    if not firsts:
        return sig
    sig.start = paras[min(firsts)].block
    rest = paras[min(firsts):]
    used: set[int] = set()
    if label_at is not None:
        label_lines = paras[label_at].lines(tabs=True)
        sig.label = label_lines[0]
        sig.recipients = label_lines[1:] if len(label_lines) > 1 and \
            label_lines[1].text.startswith(("-", "–")) else []
        used.add(id(paras[label_at]))
        for para in paras[label_at + 1:]:
            if para.is_empty and not sig.recipients:
                continue
            if not para.text.startswith(("-", "–", "+")):
                break
            sig.recipients += para.lines()
            used.add(id(para))
    _right_lines([p for p in rest if id(p) not in used], sig, tabs=False)
    return sig


def _annex_only(doc: CheckedDoc, head: Header) -> bool:
    """Return whether ``doc`` is a phụ lục on its own (starts with its label or title)."""
    if head.qh is not None or head.so is not None:
        return False
    firsts = [p for p in _body_paras(doc, 0, 8) if not p.is_empty][:4]
    if firsts and _LABEL.match(fold(firsts[0].lines()[0].text)):
        return True
    return any(fold(p.text).startswith("(KÈM THEO") for p in firsts)


def locate(doc: CheckedDoc) -> Layout:
    """Return every part of ``doc`` that could be found."""
    head = locate_header(doc)
    if _annex_only(doc, head):
        return Layout(head, Title(), [], [], Signature(), locate_annexes(doc, 0), True)
    title = locate_title(doc, head)
    start = title.end
    sig_table = next((t for t in doc.tables() if t.block >= start and
                      _is_signature_table(t)), None)
    annexes = locate_annexes(doc, sig_table.block + 1 if sig_table else start)
    stop = annexes[0].start if annexes else len(doc.blocks)
    sig = locate_signature(doc, start, stop)
    kinh_gui: list[Line] = []
    body: list[Para] = []
    for para in _body_paras(doc, start, sig.start):
        if para.is_empty:
            continue
        if not body and (fold(para.text).startswith("KÍNH GỬI") or (
                kinh_gui and para.text.startswith(("-", "–")) and len(para.text) < 150)):
            kinh_gui += para.lines()
            continue
        body.append(para)
    authority, lead_in = _model_lines(body)
    body = [p for p in body if p not in authority and p not in lead_in]
    return Layout(head, title, kinh_gui, body, sig, annexes, authority=authority,
                  lead_in=lead_in)


def _centred_caps(para: Para) -> bool:
    return para.fmt.alignment == "center" and is_caps(para.text)


def _model_lines(body: list[Para]) -> tuple[list[Para], list[Para]]:
    """Return the authority lines opening the body and the "QUYẾT ĐỊNH:" lead-in (Mẫu 1.2).

    Both are centred capitals: the authority line(s) before the căn cứ, the lead-in a
    line of its own ending with ":" («QUYẾT ĐỊNH:», «QUYẾT NGHỊ:»).
    """
    authority = []
    for para in body:
        if not _centred_caps(para) or para.text.rstrip().endswith(":"):
            break
        authority.append(para)
    lead_in = [p for p in body[:40] if _centred_caps(p) and _LEAD_IN.match(fold(p.text))]
    return authority, lead_in[:1]


_LEAD_IN = re.compile(r"^(QUYẾT ĐỊNH|QUYẾT NGHỊ|CHỈ THỊ|THÔNG BÁO|KẾT LUẬN)\s*:$")
