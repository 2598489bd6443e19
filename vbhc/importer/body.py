"""Body nodes as a kind's body structure: Phần/mục (``noi_dung``), Điều, khoản, "-" items.

Each builder takes the labelled nodes of ``vbhc.importer.reader`` and returns the
data the models of ``vbhc.data.model`` / ``vbhc.data.structure`` read; labels are
never kept, since vbhc computes them.
"""

from __future__ import annotations

import re
from typing import Any

from vbhc.importer.reading import Node

Data = dict[str, Any]
_CLOSING = re.compile(r"^(Trên đây|Trên đây là)\b")


def strip_end_mark(text: str) -> str:
    """Return ``text`` without the final "./." (and the marks vbhc replaces with it)."""
    before = None
    while text != before:
        before = text
        text = text.rstrip().removesuffix("./.").rstrip(".;,:")
    return text


def has_end_mark(text: str) -> bool:
    """Return whether ``text`` ends with the NĐ30 "./." end mark."""
    return text.rstrip().endswith("./.")


def split_ends(nodes: list[Node]) -> tuple[list[Node], list[Node], list[Node]]:
    """Return (opening, numbered body, closing) of the body nodes.

    The opening is the unlabelled text before the first numbered paragraph; the
    closing is the last paragraph when it ends the text ("./.", "Trên đây …").
    """
    first = next((i for i, n in enumerate(nodes) if n.level not in ("text", "table")),
                 len(nodes))
    opening, rest = nodes[:first], nodes[first:]
    closing: list[Node] = []
    if rest and rest[-1].level == "text" and (has_end_mark(rest[-1].text)
                                              or _CLOSING.match(rest[-1].text)):
        closing = [rest.pop()]
        while rest and rest[-1].level == "text" and _CLOSING.match(rest[-1].text):
            closing.insert(0, rest.pop())
    elif not rest and len(opening) > 1 and has_end_mark(opening[-1].text):
        closing = [opening.pop()]
    return opening, rest, closing


def as_line(node: Node) -> str:
    """Return a node as one line of running text, its label typed back in front."""
    return f"{node.label} {node.text}".strip() if node.label else node.text


# -- Structure B: Phần/mục (I., 1., a)) --------------------------------------------------

def sections(nodes: list[Node]) -> list[Data]:
    """Return ``noi_dung``: the section tree of I./1./a) headings with text and items."""
    roman = any(n.level == "roman" for n in nodes)
    ranks = {"roman": 1, "number": 2, "decimal": 3, "letter": 3} if roman else \
        {"number": 1, "decimal": 2, "letter": 2}
    root: Data = {}
    stack: list[tuple[int, Data]] = [(0, root)]
    for node in nodes:
        if node.level in ranks:
            depth = ranks[node.level]
            while stack[-1][0] >= depth:
                stack.pop()
            parent = stack[-1][1]
            section: Data = {}
            if depth == 1 or (depth == 2 and node.bold) or not node.text:
                section["tieu_de"] = node.text or node.label
            else:
                section["doan"] = [node.text]
            if node.level == "decimal":
                parent["danh_so"] = "thap_phan"
            parent.setdefault("muc", []).append(section)
            stack.append((depth, section))
        else:
            _add_content(stack[-1][1], node)
    return _compact_sections(root.get("muc", []))


def _add_content(section: Data, node: Node) -> None:
    """Add a "-", "+" or text paragraph to ``section`` in the order vbhc prints them."""
    if node.level == "dash":
        section.setdefault("y", []).append(node.text)
    elif node.level == "plus":
        items = section.get("y")
        if items:
            last = items[-1]
            if isinstance(last, str):
                items[-1] = last = {"doan": last, "y": []}
            last["y"].append(node.text)
        else:
            section.setdefault("y_nho", []).append(node.text)
    elif section.get("y") or section.get("muc") or section.get("y_nho"):
        section.setdefault("doan_sau", []).append(as_line(node))
    else:
        section.setdefault("doan", []).append(as_line(node))


def _compact_sections(items: list[Data]) -> list[Data]:
    out = []
    for section in items:
        ordered: Data = {}
        for key in ("tieu_de", "doan", "y", "y_nho", "su_kien", "danh_so", "muc", "doan_sau"):
            if key in section:
                value = section[key]
                if key == "muc":
                    value = _compact_sections(value)
                if key in ("doan", "doan_sau") and len(value) == 1:
                    value = value[0]
                ordered[key] = value
        out.append(ordered)
    return out


# -- Structure A and khoản: Chương, Điều, khoản 1., điểm a), "-" items -----------------------

def articles(nodes: list[Node], stray: list[Node] | None = None
             ) -> tuple[list[Data], list[Data]]:
    """Return (chuong, dieu): the Điều of the text, grouped in Chương when it has them.

    Paragraphs before the first Điều that are not a Chương's go to ``stray``.
    """
    chapters: list[Data] = []
    loose: list[Data] = []
    current: list[Data] = loose
    chapter: Data | None = None
    pending_title = False
    clause_nodes: list[Node] = []
    article: Data | None = None

    def close() -> None:
        if article is not None:
            _fill_clauses(article, clause_nodes)
            clause_nodes.clear()

    for node in nodes:
        if node.level in ("chuong", "muc_a"):
            close()
            article = None
            entry: Data = {"tieu_de": node.text} if node.text else {}
            if node.level == "chuong" or chapter is None:
                chapter = entry
                chapter["dieu"] = []
                chapters.append(chapter)
                current = chapter["dieu"]
            else:
                chapter.pop("dieu", None) if not chapter.get("dieu") else None
                entry["dieu"] = []
                chapter.setdefault("muc", []).append(entry)
                current = entry["dieu"]
            pending_title = not node.text
            continue
        if pending_title and node.level == "text" and chapter is not None:
            target = chapter["muc"][-1] if chapter.get("muc") else chapter
            target["tieu_de"] = node.text
            pending_title = False
            continue
        pending_title = False
        if node.level == "dieu":
            close()
            article = {"tieu_de": node.text} if node.bold and node.text else (
                {"doan": [node.text]} if node.text else {})
            current.append(article)
        elif article is not None:
            clause_nodes.append(node)
        elif stray is not None:
            stray.append(node)
    close()
    return chapters, loose


def _fill_clauses(article: Data, nodes: list[Node]) -> None:
    lead = []
    while nodes and nodes[0].level == "text":
        lead.append(as_line(nodes.pop(0)))
    if lead:
        article.setdefault("doan", []).extend(lead)
    clauses, items = clauses_of(nodes)
    if clauses:
        article["khoan"] = clauses
    if items:
        article["y"] = items
    if not article:
        article["doan"] = [""]
    for key in ("doan",):
        if key in article and len(article[key]) == 1:
            article[key] = article[key][0]


def clauses_of(nodes: list[Node]) -> tuple[list[Any], list[Any]]:
    """Return (khoản, loose "-" items) of nodes numbered 1., a), -, +."""
    clauses: list[Data] = []
    loose: list[Any] = []
    for node in nodes:
        clause = clauses[-1] if clauses else None
        if node.level in ("number", "decimal", "roman"):
            clauses.append({"tieu_de": node.text} if node.bold else {"doan": [node.text]})
        elif clause is None:
            _add_item(loose, node)
        elif node.level == "letter":
            clause.setdefault("diem", []).append({"doan": node.text})
        elif node.level in ("dash", "plus"):
            points = clause.get("diem")
            _add_item(points[-1].setdefault("y", []) if points else clause.setdefault("y", []),
                      node)
        else:
            clause.setdefault("doan", []).append(as_line(node))
    return [_compact_clause(c) for c in clauses], loose


def _add_item(items: list[Any], node: Node) -> None:
    if node.level == "plus" and items:
        last = items[-1]
        if isinstance(last, str):
            items[-1] = last = {"doan": last, "y": []}
        last["y"].append(node.text)
    else:
        items.append(node.text if node.level in ("dash", "plus") else as_line(node))


def _compact_clause(clause: Data) -> Any:
    points = [p["doan"] if set(p) == {"doan"} else p for p in clause.get("diem", [])]
    if points:
        clause["diem"] = points
    if set(clause) == {"doan"} and len(clause["doan"]) == 1:
        return clause["doan"][0]
    if len(clause.get("doan", [])) == 1:
        clause["doan"] = clause["doan"][0]
    return clause


def dash_items(nodes: list[Node]) -> list[Any]:
    """Return a body of "-" items (with "+" under them) as ``gach_dau_dong``."""
    items: list[Any] = []
    for node in nodes:
        _add_item(items, node)
    return items
