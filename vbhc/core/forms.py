"""NĐ30 forms of the header and the signature that both the data and the checker enforce.

Pure functions on the printed texts, so that ``vbhc validate`` (on the data) and
``vbhc check`` (on any .docx) apply the same rule (nd30-format.md §3, §8):

- a deputy (``PHÓ …``) signing for a collective (``TM.``) or by order (``TL.``)
  signs as ``KT.`` of the head: ``TM. BAN CHỈ ĐẠO`` / ``KT. TRƯỞNG BAN`` /
  ``PHÓ TRƯỞNG BAN``;
- an Ủy ban nhân dân or Hội đồng nhân dân has no chủ quản line above its name;
- the issuing body's name is written in full, not abbreviated (``UBND``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

PREFIXES = ("TM.", "KT.", "TL.", "TUQ.", "Q.")
# Prefix chains §8 allows; a single prefix is always allowed.
CHAINS = (("TM.", "KT."), ("TL.", "KT."))
DEPUTY = "PHÓ "

# Bodies elected or formed by the State at each level: no chủ quản above them (§3).
_COUNCILS = ("ỦY BAN NHÂN DÂN", "UỶ BAN NHÂN DÂN", "UBND", "HỘI ĐỒNG NHÂN DÂN", "HĐND")

# A Vietnamese syllable, diacritics removed: initial consonant(s), 1–3 vowels, final.
_SYLLABLE = re.compile(r"^(NGH|NG|GH|GI|KH|NH|PH|QU|TH|TR|CH|[BCDGHKLMNPQRSTVX])?"
                       r"[AEIOUY]{1,3}(NG|NH|CH|[CMNPT])?$")
_WORD = re.compile(r"[^\W\d_]+")


def _base_letters(word: str) -> str:
    """Return ``word`` in capitals without diacritics (Đ → D)."""
    decomposed = unicodedata.normalize("NFD", word.upper().replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def abbreviations(text: str) -> list[str]:
    """Return the words of ``text`` that are no Vietnamese syllable: abbreviations.

    >>> abbreviations("UBND PHƯỜNG NGỌC THỤY"), abbreviations("BAN CHỈ ĐẠO VĐHMTN")
    (['UBND'], ['VĐHMTN'])
    >>> abbreviations("ỦY BAN NHÂN DÂN PHƯỜNG NGỌC THỤY")
    []
    """
    return [word for word in _WORD.findall(text)
            if len(word) > 1 and not _SYLLABLE.match(_base_letters(word))]


def is_council(name_lines: Sequence[str]) -> bool:
    """Return whether the issuing body is an Ủy ban nhân dân or a Hội đồng nhân dân.

    >>> is_council(["UBND PHƯỜNG NGỌC THỤY"]), is_council(["BAN CHỈ ĐẠO"])
    (True, False)
    """
    name = " ".join(" ".join(name_lines).upper().split())
    return name.startswith(_COUNCILS)


def split_prefix(line: str) -> tuple[str | None, str]:
    """Return (authority prefix or None, rest) of a signature line.

    >>> split_prefix("KT. CHỦ TỊCH"), split_prefix("PHÓ CHỦ TỊCH")
    (('KT.', 'CHỦ TỊCH'), (None, 'PHÓ CHỦ TỊCH'))
    """
    head, _, rest = line.strip().partition(" ")
    return (head, rest.strip()) if head in PREFIXES else (None, line.strip())


def deputy_without_kt(title_lines: Sequence[str]) -> str | None:
    """Return the deputy's title when it signs under TM./TL. without KT., else None.

    ``title_lines`` are the 7a lines as printed, prefixes included.

    >>> deputy_without_kt(["TM. BAN CHỈ ĐẠO", "PHÓ TRƯỞNG BAN"])
    'PHÓ TRƯỞNG BAN'
    >>> deputy_without_kt(["TM. BAN CHỈ ĐẠO", "KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"]) is None
    True
    """
    return _deputy_without_kt(tuple(title_lines))


# -- kept per lines: the model checks the signer's titles on every validation, and a
# batch's units validate the same titles again for each unit --
@lru_cache(maxsize=256)
def _deputy_without_kt(title_lines: tuple[str, ...]) -> str | None:
    if not title_lines:
        return None
    prefixes = [split_prefix(line)[0] for line in title_lines]
    prefix, signer = split_prefix(title_lines[-1])
    if prefix is not None or not signer.upper().startswith(DEPUTY):
        return None
    if ("TM." in prefixes or "TL." in prefixes) and "KT." not in prefixes:
        return signer
    return None


def kt_form(title_lines: Sequence[str]) -> list[str]:
    """Return the lines as they should read with KT.: the head's title inserted.

    >>> kt_form(["TM. BAN CHỈ ĐẠO", "PHÓ TRƯỞNG BAN"])
    ['TM. BAN CHỈ ĐẠO', 'KT. TRƯỞNG BAN', 'PHÓ TRƯỞNG BAN']
    """
    signer = title_lines[-1].strip()
    head = signer[len(DEPUTY):] if signer.upper().startswith(DEPUTY) else signer
    return [*title_lines[:-1], f"KT. {head}", signer]
