"""Vietnamese text typed in the pre-Unicode encodings TCVN3 (ABC) and VNI, back to Unicode.

Many offices' archives before 2010 were typed with the ``.VnTime`` fonts (TCVN3, in the
north) or ``VNI-Times`` (VNI, in the south). Such a font draws Vietnamese letters at the
places of Latin-1 characters, so Word stores "Kế hoạch" as ``KÕ ho¹ch`` (TCVN3) or
``Keá hoaïch`` (VNI). Which runs are legacy is decided by their font, run by run: mixed
documents are common (a Unicode header pasted over an old TCVN3 body).

Sources of the tables:
- TCVN3 is TCVN 5712:1993 "VN3" (Wikipedia, "VSCII": the 67 lower-case letters and 7
  capitals Ă Â Ê Ô Ơ Ư Đ). The byte values were checked against glibc's ``TCVN5712-1``
  charmap (``iconv -f TCVN5712-1``), of which VN3 is the subset used here. VN3 has no
  toned capitals: offices typed them in a capital font (``.VnTimeH``), whose glyphs for
  the lower-case codes are capitals; those runs are upper-cased after decoding.
- VNI is the "VNI Windows" encoding (VNI Software; as tabulated in xvnkb's ``vni.h``,
  Dao Hai Lam 2002, and Wikipedia "VNI"): a base letter followed by one mark character,
  or one character for đ, ơ, ư, the toned i and ỵ. Capitals are the same sequences in
  Latin-1 capitals ("Ế" = "EÁ", "Đ" = "Ñ"), which is how the uppercase table is built.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Any, Literal

from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT

from vbhc.checker.effective import NS, StyleSheet, own_runs, stylesheet, w

Encoding = Literal["tcvn3", "tcvn3-hoa", "vni"]
UNICODE_FONT = "Times New Roman"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

# -- tones in the order the tables below use: sắc, huyền, hỏi, ngã, nặng --
_TONES = "\u0301\u0300\u0309\u0303\u0323"
# -- the twelve vowel rows; each table row is: the bare vowel, then its five tones --
_VOWELS = ["a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y"]

# -- TCVN3 (VN3) code of each row; None where the bare vowel is plain ASCII --
_TCVN3_ROWS = [
    (None, 0xB8, 0xB5, 0xB6, 0xB7, 0xB9),  # a á à ả ã ạ
    (0xA8, 0xBE, 0xBB, 0xBC, 0xBD, 0xC6),  # ă ắ ằ ẳ ẵ ặ
    (0xA9, 0xCA, 0xC7, 0xC8, 0xC9, 0xCB),  # â ấ ầ ẩ ẫ ậ
    (None, 0xD0, 0xCC, 0xCE, 0xCF, 0xD1),  # e é è ẻ ẽ ẹ
    (0xAA, 0xD5, 0xD2, 0xD3, 0xD4, 0xD6),  # ê ế ề ể ễ ệ
    (None, 0xDD, 0xD7, 0xD8, 0xDC, 0xDE),  # i í ì ỉ ĩ ị
    (None, 0xE3, 0xDF, 0xE1, 0xE2, 0xE4),  # o ó ò ỏ õ ọ
    (0xAB, 0xE8, 0xE5, 0xE6, 0xE7, 0xE9),  # ô ố ồ ổ ỗ ộ
    (0xAC, 0xED, 0xEA, 0xEB, 0xEC, 0xEE),  # ơ ớ ờ ở ỡ ợ
    (None, 0xF3, 0xEF, 0xF1, 0xF2, 0xF4),  # u ú ù ủ ũ ụ
    (0xAD, 0xF8, 0xF5, 0xF6, 0xF7, 0xF9),  # ư ứ ừ ử ữ ự
    (None, 0xFD, 0xFA, 0xFB, 0xFC, 0xFE),  # y ý ỳ ỷ ỹ ỵ
]
_TCVN3_OTHERS = {0xAE: "đ", 0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư",
                 0xA7: "Đ"}

# -- VNI (lower case) of each row, same order; marks in Latin-1: ù acute, ø grave, û hook,
# õ tilde, ï dot; â á à å ã ä circumflex (+ tone); ê é è ú ü ë breve (+ tone) --
_VNI_ROWS = [
    ("a", "aù", "aø", "aû", "aõ", "aï"),
    ("aê", "aé", "aè", "aú", "aü", "aë"),
    ("aâ", "aá", "aà", "aå", "aã", "aä"),
    ("e", "eù", "eø", "eû", "eõ", "eï"),
    ("eâ", "eá", "eà", "eå", "eã", "eä"),
    ("i", "í", "ì", "æ", "ó", "ò"),
    ("o", "où", "oø", "oû", "oõ", "oï"),
    ("oâ", "oá", "oà", "oå", "oã", "oä"),
    ("ô", "ôù", "ôø", "ôû", "ôõ", "ôï"),
    ("u", "uù", "uø", "uû", "uõ", "uï"),
    ("ö", "öù", "öø", "öû", "öõ", "öï"),
    ("y", "yù", "yø", "yû", "yõ", "î"),
]
_VNI_OTHERS = {"ñ": "đ"}


def _letters() -> Iterator[tuple[int, int, str]]:
    """Yield (row, column, Unicode letter) for the 72 cells of the vowel tables."""
    for row, vowel in enumerate(_VOWELS):
        for column, tone in enumerate(["", *_TONES]):
            yield row, column, unicodedata.normalize("NFC", vowel + tone)


def _tcvn3_table() -> dict[int, str]:
    table = dict(_TCVN3_OTHERS)
    for row, column, letter in _letters():
        code = _TCVN3_ROWS[row][column]
        if code is not None:
            table[code] = letter
    return table


def _vni_table() -> dict[str, str]:
    table: dict[str, str] = {}
    lower = dict(_VNI_OTHERS)
    lower.update({_VNI_ROWS[row][column]: letter for row, column, letter in _letters()})
    for encoded, letter in lower.items():
        if not letter.isascii():  # -- plain a, e, i, o, u, y stay as they are --
            table[encoded] = letter
            table[encoded.upper()] = letter.upper()
    return table


TCVN3: dict[int, str] = _tcvn3_table()  # -- code point in a .VnTime run -> letter --
VNI: dict[str, str] = _vni_table()  # -- one or two characters in a VNI-Times run -> letter --
# -- longest sequence first, so "oâ" (ô) wins over "o" followed by a stray "â" --
_VNI_PATTERN = re.compile("|".join(map(re.escape, sorted(VNI, key=len, reverse=True))))
_VIETNAMESE_ONLY = frozenset("ăĂđĐĩĨũŨơƠưƯ")
_VNI_MARKS = frozenset(key[1] for key in VNI if len(key) == 2)


def font_encoding(font: str | None) -> Encoding | None:
    """Return the legacy encoding a font name implies, or None for a Unicode font.

    ``.VnTime``, ``.VnArial``… are TCVN3; a trailing capital H (``.VnTimeH``,
    ``.VnArialH``) marks the capital-glyph fonts. ``VNI-Times``, ``VNI-Helve``… are VNI.
    """
    name = (font or "").strip()
    if name.lower().startswith(".vn"):
        return "tcvn3-hoa" if name.endswith("H") else "tcvn3"
    if name.lower().startswith(("vni-", "vni ")):
        return "vni"
    return None


def to_unicode(text: str, encoding: Encoding) -> str:
    """Return ``text``, typed in a legacy ``encoding``, as Unicode NFC."""
    if encoding == "vni":
        decoded = _VNI_PATTERN.sub(lambda match: VNI[match.group()], text)
    else:
        decoded = text.translate(TCVN3)
        if encoding == "tcvn3-hoa":
            decoded = decoded.upper()
    return unicodedata.normalize("NFC", decoded)


def already_unicode(text: str) -> bool:
    """Return whether ``text`` holds letters only Unicode has (ư, ế…), so is not legacy.

    Offices converted old documents with Unikey without changing the font: the text is
    Unicode in a ``.VnTime`` run, and decoding it again would garble it (á is ỏ in TCVN3).
    """
    return any(char in _VIETNAMESE_ONLY or "\u1ea0" <= char <= "\u1ef9" for char in text)


def run_encoding(sheet: StyleSheet, p_el: Any, r_el: Any) -> Encoding | None:
    """Return the legacy encoding of run ``r_el`` (in paragraph ``p_el``), from its font.

    The font named on the run itself decides, ``w:hAnsi`` first: Word draws the
    characters above U+007F, which is where legacy letters lie, with the hAnsi font.
    A run naming no font gets its style chain's, the document default's or the theme's.
    """
    fonts = r_el.find("w:rPr/w:rFonts", NS)
    if fonts is not None:
        for attr in ("hAnsi", "ascii", "cs"):
            named = fonts.get(w(attr))
            if named:
                return font_encoding(named)
    return font_encoding(sheet.run_format(p_el, r_el).font)


def decode_document(document: Document) -> int:
    """Convert every legacy-font run to Unicode in Times New Roman; return how many changed.

    Covers the body, tables (nested ones too), text boxes (both ``mc:Choice`` and
    ``mc:Fallback`` copies) and every header and footer, in place.
    """
    sheet = stylesheet(document.part)
    _decode_numbering(document)
    return sum(_decode_part(sheet, root) for root in _roots(document))


def _roots(document: Document) -> Iterator[Any]:
    yield document.element.body
    for rel in document.part.rels.values():
        if rel.reltype in (RT.HEADER, RT.FOOTER) and not rel.is_external:
            yield rel.target_part.element


def _decode_part(sheet: StyleSheet, root: Any) -> int:
    changed = 0
    for p_el in root.iter(w("p")):
        pieces: list[tuple[Any, Encoding]] = []
        for r_el in own_runs(p_el):
            encoding = run_encoding(sheet, p_el, r_el)
            if encoding is None:
                continue
            texts = _text_elements(r_el, soft_hyphen_is_letter=encoding != "vni")
            if not already_unicode("".join(t.text or "" for t in texts)):
                pieces.extend((t, encoding) for t in texts)
            _set_unicode_font(r_el)
            changed += 1
        _join_split_vni(pieces)
        for t_el, encoding in pieces:
            t_el.text = to_unicode(t_el.text or "", encoding)
            t_el.set(_XML_SPACE, "preserve")  # -- a moved letter may leave a space at an end --
    return changed


def _decode_numbering(document: Document) -> None:
    """Convert list labels typed in a legacy font ("§iÒu %1." for "Điều %1.")."""
    try:
        numbering = getattr(document.part.part_related_by(RT.NUMBERING), "element", None)
    except KeyError:  # -- a document without lists --
        return
    if numbering is None:
        return
    for level in numbering.iter(w("lvl")):
        fonts = level.find("w:rPr/w:rFonts", NS)
        label = level.find("w:lvlText", NS)
        if fonts is None or label is None:
            continue
        encoding = font_encoding(fonts.get(w("hAnsi")) or fonts.get(w("ascii")))
        if encoding is not None:
            label.set(w("val"), to_unicode(label.get(w("val"), ""), encoding))
            _name_unicode_font(fonts)


def _text_elements(r_el: Any, *, soft_hyphen_is_letter: bool) -> list[Any]:
    """Return the run's text elements, for TCVN3 after turning soft hyphens into U+00AD.

    TCVN3 stores ư as 0xAD, the Latin-1 soft hyphen; LibreOffice (converting a .doc or
    .odt) and Word write that character as ``w:softHyphen``, so the letter would vanish.
    Adjacent text elements are merged: a letter split between two of them is one again.
    """
    texts: list[Any] = []
    for child in list(r_el):
        if child.tag == w("softHyphen") and soft_hyphen_is_letter:
            replacement = r_el.makeelement(w("t"), {})
            replacement.text = "\xad"
            r_el.replace(child, replacement)
            child = replacement
        if child.tag not in (w("t"), w("delText")):
            continue
        previous = child.getprevious()
        if texts and previous is texts[-1] and previous.tag == child.tag:
            previous.text = (previous.text or "") + (child.text or "")
            r_el.remove(child)
        else:
            texts.append(child)
    return texts


def _join_split_vni(pieces: list[tuple[Any, Encoding]]) -> None:
    """Move a VNI base letter to the next text when Word split a letter from its mark.

    Word splits runs wherever formatting or editing sessions change, which can fall
    between "e" and "á" of one VNI letter "eá" (ế).
    """
    for (before, enc_before), (after, enc_after) in zip(pieces, pieces[1:], strict=False):
        head, tail = before.text or "", after.text or ""
        if enc_before == enc_after == "vni" and head and tail[:1] in _VNI_MARKS \
                and head[-1] + tail[0] in VNI:
            before.text, after.text = head[:-1], head[-1] + tail


def _set_unicode_font(r_el: Any) -> None:
    """Name Times New Roman on the run for every script, dropping theme fonts."""
    _name_unicode_font(r_el.get_or_add_rPr().get_or_add_rFonts())


def _name_unicode_font(fonts: Any) -> None:
    for attr in ("asciiTheme", "hAnsiTheme", "cstheme", "eastAsiaTheme"):
        fonts.attrib.pop(w(attr), None)
    for attr in ("ascii", "hAnsi", "cs"):
        fonts.set(w(attr), UNICODE_FONT)
