"""Read any NĐ30 .docx into a ``Reading``: frame parts, body nodes, tables, annexes.

Every paragraph with text that no part takes goes to ``Reading.leftovers`` with its
page, so nothing is dropped silently.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from vbhc.checker.docmodel import CheckedDoc, Para, Table
from vbhc.checker.effective import w
from vbhc.checker.locate import TYPE_ABBR, Layout
from vbhc.checker.locate_tail import locate
from vbhc.checker.textkit import fold
from vbhc.importer import frame
from vbhc.importer.body import strip_end_mark
from vbhc.importer.inline import all_bold, cut, markdown, pieces, plain
from vbhc.importer.labels import classify
from vbhc.importer.reading import AnnexReading, Node, Reading, TableReading
from vbhc.importer.source import read_source
from vbhc.importer.wordlists import ListLabels
from vbhc.kinds import KINDS

_DOC_PR = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"
# Said of a picture in the leftovers: the data holds text only.
PICTURE_NOTE = ("hình (không phải chữ, không đưa vào dữ liệu được: tạo lại hình bằng dữ liệu "
                "hoặc chèn lại trong Word)")
_TOTAL = re.compile(r"^(tổng|cộng|tổng cộng|toàn tỉnh|tổng số)\b", re.IGNORECASE)


def read_path(path: Path) -> Reading:
    """Return the reading of the document at ``path`` (.docx, or .doc/.odt/.rtf through
    LibreOffice; old TCVN3/VNI fonts decoded), noting how it was opened."""
    source = read_source(path)
    reading = read_document(source.document)
    reading.converted_from, reading.legacy_runs = source.converted_from, source.legacy_runs
    return reading


def read_document(document: Any) -> Reading:
    """Return the reading of an open python-docx document."""
    doc = CheckedDoc(document)
    layout = locate(doc)
    pages = _pages(doc)
    labels = _word_labels(doc, document)
    reading = Reading(pages=max(pages.values(), default=1))
    used: set[int] = set()
    frame.read_header(layout, reading, used)
    frame.read_title(layout, reading, used)
    frame.read_kinh_gui(layout, reading, used)
    frame.read_recipients(layout, reading, used)
    frame.read_signer(layout, reading, used)
    reading.authority += [p.text for p in layout.authority]
    reading.lead_in = layout.lead_in[0].text if layout.lead_in else None
    used.update(id(p.el) for p in (*layout.authority, *layout.lead_in))
    _read_body(doc, layout, reading, used, pages, labels)
    _read_annexes(doc, layout, reading, used, pages, labels)
    reading.kind, reading.kind_guessed = _kind(reading)
    reading.leftovers = [(pages.get(p.block, 1), p.text) for p in doc.paras
                         if p.text and id(p.el) not in used]
    reading.leftovers += _pictures(doc, pages)
    return reading


def _pictures(doc: CheckedDoc, pages: dict[int, int]) -> list[tuple[int, str]]:
    """Return a leftover line for each picture or chart of the body (not text boxes): a
    picture is not text, so nothing of it goes into the data; the line says so, and
    what it showed (its alternative text)."""
    out = []
    for block in doc.blocks:
        for drawing in block.el.iter(w("drawing")):
            if next(drawing.iter(w("txbxContent")), None) is not None:
                continue  # -- a text box: its paragraphs are read as text --
            described = next(drawing.iter(_DOC_PR), None)
            about = "" if described is None else (described.get("descr")
                                                  or described.get("name") or "")
            out.append((pages.get(block.block, 1), f"{PICTURE_NOTE}: {about}".rstrip(": ")))
    return out


def _pages(doc: CheckedDoc) -> dict[int, int]:
    """Return each block's page, counting the page breaks Word recorded or was told."""
    page, out = 1, {}
    for block in doc.blocks:
        out[block.block] = page
        el = block.el
        breaks = sum(1 for br in el.iter(w("br")) if br.get(w("type")) == "page")
        breaks += sum(1 for _ in el.iter(w("lastRenderedPageBreak")))
        if el.find("w:pPr/w:sectPr", {"w": el.nsmap.get("w", "")}) is not None:
            breaks += 1
        page += breaks
    return out


def _word_labels(doc: CheckedDoc, document: Any) -> dict[int, str]:
    """Return the Word list label of every numbered paragraph, by element id."""
    lists = ListLabels(document)
    out = {}
    for para in doc.paras:
        label = lists.label(para.el)
        if label:
            out[id(para.el)] = label
    return out


def node_of(para: Para, page: int, labels: dict[int, str]) -> Node | None:
    """Return a paragraph as a body node: its label's level and its text without it."""
    items = pieces(para)
    if not plain(items):
        return None
    word_label = labels.get(id(para.el))
    text = plain(items)
    if word_label:
        level, _ = classify(word_label + " x")
        label = word_label
    else:
        level, label = classify(text)
        items = cut(items, len(label)) if label else items
    heading = all_bold(items)
    # -- a wholly italic paragraph (căn cứ, notes) is italic by its style, not by its words --
    italic = all(i for t, _, i in items if t.strip())
    return Node(level, label.strip(), markdown(items, drop_bold=heading, drop_italic=italic),
                page, bold=heading,
                centred=para.fmt.alignment == "center")


def table_of(table: Table, page: int) -> TableReading:
    """Return a table's header row, data rows and totals row."""
    rows = [[cell.text for cell in row] for row in table.rows]
    caption = []
    # -- a first row with one filled cell is a caption typed in the table, not its header --
    while len(rows) > 2 and len([c for c in rows[0] if c.strip()]) == 1 and len(rows[0]) > 1:
        caption.append(next(c for c in rows.pop(0) if c.strip()))
    header, data = (rows[0], rows[1:]) if rows else ([], [])
    total = None
    if data and _TOTAL.match(next((c for c in data[-1] if c.strip()), "")):
        total = data.pop()
    return TableReading(header, data, total, page, caption)


def _nodes(doc: CheckedDoc, start: int, stop: int, skip: set[int], pages: dict[int, int],
           labels: dict[int, str], used: set[int]) -> list[Node]:
    out: list[Node] = []
    for block in doc.blocks[start:stop]:
        page = pages.get(block.block, 1)
        if isinstance(block, Table):
            if any(id(p.el) in skip for row in block.rows for c in row for p in c.paras):
                continue
            out.append(Node("table", "", "", page, table=table_of(block, page)))
            used.update(id(p.el) for row in block.rows for c in row for p in c.paras)
        elif id(block.el) not in skip and block.text:
            node = node_of(block, page, labels)
            if node is not None:
                out.append(node)
                used.add(id(block.el))
    return out


def _read_body(doc: CheckedDoc, layout: Layout, reading: Reading, used: set[int],
               pages: dict[int, int], labels: dict[int, str]) -> None:
    start = layout.title.end or layout.header.end
    stop = layout.signature.start if layout.signature.start > start else (
        layout.annexes[0].start if layout.annexes else len(doc.blocks))
    nodes = _nodes(doc, start, stop, set(used), pages, labels, used)
    while nodes and nodes[0].level == "text":
        text = nodes[0].text
        if text.startswith("Căn cứ"):
            reading.can_cu.append(strip_end_mark(text))
        elif text.startswith("Theo đề nghị của"):
            reading.theo_de_nghi = strip_end_mark(text.removeprefix("Theo đề nghị của").strip())
        else:
            break
        nodes.pop(0)
    reading.body = nodes


def _read_annexes(doc: CheckedDoc, layout: Layout, reading: Reading, used: set[int],
                  pages: dict[int, int], labels: dict[int, str]) -> None:
    starts = [annex.start for annex in layout.annexes] + [len(doc.blocks)]
    for annex, stop in zip(layout.annexes, starts[1:], strict=False):
        head = ([annex.label] if annex.label else []) + annex.title
        head += annex.kem_lines
        used.update(id(ln.para.el) for ln in head)
        after = max((ln.para.block for ln in head), default=annex.start) + 1
        label = annex.label.text if annex.label else ""
        reading.annexes.append(AnnexReading(
            label, [frame.line_text(ln) for ln in annex.title], annex.kem_theo,
            _nodes(doc, after, stop, set(used), pages, labels, used)))


def _kind(reading: Reading) -> tuple[str, bool]:
    """Return the kind named by the ký hiệu, the tên loại or a V/v; Kế hoạch if none."""
    by_code = {kind.abbreviation: kind.name for kind in KINDS.values() if kind.abbreviation}
    code = (reading.ky_hieu or "").split("-")[0]
    if code in by_code:
        return by_code[code], False
    if reading.ten_loai:
        titled = {kind.title.upper(): kind.name for kind in KINDS.values() if kind.framed}
        name = titled.get(fold(reading.ten_loai))
        if name:
            return name, False
        if fold(reading.ten_loai) in TYPE_ABBR:
            return "ke-hoach", True
    if reading.vv:
        return "cong-van", False
    return "ke-hoach", True
