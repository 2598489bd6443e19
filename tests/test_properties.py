"""Property-based tests (issue 8, part 6): any document either renders or is a clean error.

Hypothesis builds Kế hoạch data from strategies over the model's fields: unicode
text with Vietnamese, emphasis and ``{{ … }}`` references in body text, template
syntax and XML specials in plain values, numbers, dates, lists of any length,
missing optional parts and, now and then, an invalid value. Each document must
either render to a .docx that python-docx opens and whose text holds every data
string (as the document prints it), or raise ``DataError``; anything else fails.
Some strings must be whole paragraphs: numbered headings with their labels (I., 1.,
a), 2.1.), căn cứ lines ending ";" and the last "." whatever the data typed there, the
closing paragraph ending "./.", the "- Lưu: …." line.

The property derives dates, numbers and the Số with vbhc's own formatting functions;
``test_fixed_cases`` renders a table of fixed documents whose expectations are written
out as literals (the NĐ30 date rule for every month, Số below and above 10, numbers).

C0 control characters and U+FFFE/U+FFFF are kept out of the alphabets: vbhc
removes them (they are not XML characters), so the document cannot "contain"
them; test_data_is_text.py checks that removal.

Now and then a document also carries a bomb (issue 13): a ``{{ … }}`` reference
that would build gigabytes or loop forever, or an alias bomb under ``thong_tin``.
Such a document must be a ``DataError`` (quickly: the sandbox and the loader are
bounded), never a document.
"""

from __future__ import annotations

import io
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

from tests.docx_tools import all_paragraphs
from vbhc.core.errors import DataError
from vbhc.core.formatting import dateline, number, serial_number, short_date
from vbhc.document import fingerprint
from vbhc.pipeline.render import load, render_to_bytes

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# --------------------------------------------------------------------------- alphabets

_TONES = "\u0300\u0301\u0303\u0309\u0323"
_VOWELS = "aăâeêioôơuưy"
VIETNAMESE = "".join(sorted({unicodedata.normalize("NFC", v + t)
                             for v in _VOWELS + _VOWELS.upper() for t in ("", *_TONES)}
                            | set("bcdđghklmnpqrstvxBCDĐGHKLMNPQRSTVX")))
_EXCLUDED = "\ufeff\ufffe\uffff"  # BOM: YAML; the others: see the module docstring
_ANY = st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp"),
                     exclude_characters=_EXCLUDED)
# -- letters that start and end every string: pydantic strips surrounding whitespace --
EDGE = st.sampled_from(VIETNAMESE + "0123456789🩸")
PLAIN_CHARS = st.one_of(st.sampled_from(VIETNAMESE + "     ,.-()/&<>\"'{}%#*\\\t\n"),
                        st.sampled_from(["{{ ", " }}", "{% ", " %}", "{#", "&amp;", "]]>",
                                         "👨‍👩‍👧", "🇻🇳"]),
                        _ANY)
# -- body text: emphasis markers, backslashes and braces are markup, added as pieces --
RICH_CHARS = st.one_of(st.sampled_from(VIETNAMESE + "     ,.-()/&<>\"'%#\t\n"),
                       _ANY.filter(lambda c: c not in "*\\{}"))


@st.composite
def texts(draw: st.DrawFn, chars: st.SearchStrategy[str] = PLAIN_CHARS,
          max_size: int = 30) -> str:
    """Return non-empty NFC text that starts and ends with a letter."""
    middle = "".join(draw(st.lists(chars, max_size=max_size)))
    if draw(st.integers(0, 3)) == 0:
        return unicodedata.normalize("NFC", draw(EDGE))
    return unicodedata.normalize("NFC", draw(EDGE) + middle + draw(EDGE))


PLAIN = texts()
WORD = texts(st.sampled_from(VIETNAMESE), max_size=8)

SANDBOX_BOMBS = [
    "{{ 'a'|center(999999999) }}", "{{ '{0:>999999999}'.format(1) }}",
    "{{ ('a'*99999)|list|join('a'*99999) }}", "{{ [('a'*99999)]*99999 }}",
    "{{ ('a'*99999)|replace('a', 'a'*99999) }}", "{{ '%999999999d' % 1 }}",
    "{{ (10**12)|la_ma }}", "{{ ((9**64)**64)**64 }}",
    "{% for a in noi_nhan*1000 %}{% for b in noi_nhan*1000 %}{% for c in noi_nhan*1000 %}"
    "{% endfor %}{% endfor %}{% endfor %}",
]
# -- 9**9 values in ten lines; keys of their own, so the drawn facts stay as they are --
ALIAS_BOMB = "".join(["  bom_a: &bom_a [x, x, x, x, x, x, x, x, x]\n"] + [
    f"  bom_{name}: &bom_{name} [{', '.join(['*bom_' + below] * 9)}]\n"
    for below, name in zip("abcdefgh", "bcdefghi", strict=True)])


# --------------------------------------------------------------------------- the document

@dataclass
class Case:
    """Data for a file and the strings its document must print."""

    data: dict[str, Any]
    expected: list[str] = field(default_factory=list)
    facts: dict[str, Any] = field(default_factory=dict)  # thong_tin, for references
    lines: list[str] = field(default_factory=list)  # whole paragraphs
    # -- printed on computed lines: a space may become a line break (table headers) --
    wrapped: list[str] = field(default_factory=list)
    bomb: str = ""  # "sandbox" or "alias" when the file carries one


# -- what data may type at the end of a căn cứ or closing line; vbhc replaces it --
ENDINGS = ["", ".", ";", ",", ":", "./.", "...", ";.", " ./."]
MUC_LABELS = ["I.", "II.", "III."]
KHOAN_LABELS = ["1.", "2."]
DIEM_LABELS = ["a)", "b)"]


@st.composite
def rich(draw: st.DrawFn, case: Case) -> tuple[str, str]:
    """Return (body text as typed, the text the document shows)."""
    typed, shown = [], []
    for _ in range(draw(st.integers(1, 4))):
        # -- a middle value: Hypothesis draws the ends of a range far more often --
        if draw(st.integers(0, 149)) == 73:
            typed.append(draw(st.sampled_from(SANDBOX_BOMBS)))
            case.bomb = case.bomb or "sandbox"
            continue
        kind = draw(st.sampled_from(["plain", "plain", "italic", "bold", "both", "escape",
                                     "reference"]))
        if kind == "reference" and case.facts:
            key = draw(st.sampled_from(sorted(case.facts)))
            value = case.facts[key]
            if isinstance(value, int) and draw(st.booleans()):
                typed.append(f"{{{{ thong_tin.{key}|so }}}}")
                shown.append(number(value))
            else:
                typed.append(f"{{{{ thong_tin.{key} }}}}")
                shown.append(short_date(value) if isinstance(value, date) else str(value))
            continue
        text = draw(texts(RICH_CHARS))
        marks = {"italic": "*", "bold": "**", "both": "***"}.get(kind, "")
        if kind == "escape":
            typed.append(r"\*" + text + "\\\\")
            shown.append("*" + text + "\\")
        else:
            typed.append(marks + text + marks)
            shown.append(text)
    return " ".join(typed), " ".join(shown)


@st.composite
def body_lines(draw: st.DrawFn, case: Case, *, minimum: int = 0,
               marks: tuple[str, str] | None = None,
               shown_lines: list[str] | None = None) -> list[str]:
    """Return a list of body paragraphs and record what they print.

    With ``marks`` = (middle, last), the lines end with typed punctuation (ENDINGS) that
    vbhc replaces: each line but the last then ends with ``middle``, the last with ``last``
    ("" keeps the line as typed).
    """
    out = []
    count = draw(st.integers(minimum, 3))
    for index in range(count):
        typed, shown = draw(rich(case))
        if shown_lines is not None:
            shown_lines.append(shown)
        if marks is None:
            out.append(typed)
            case.expected.append(shown)
            continue
        ending = draw(st.sampled_from(ENDINGS))
        out.append(typed + ending)
        mark = marks[1] if index == count - 1 else marks[0]
        case.lines.append(shown + mark if mark else shown + ending)
    return out


@st.composite
def section(draw: st.DrawFn, case: Case, depth: int, label: str) -> dict[str, Any]:
    """Return a section (mục) with sub-sections; depth 4 and untitled top levels are errors.

    ``label`` is how the section is numbered (I., 1., a), 2.1.): its first paragraph is the
    label, a space and the title (upper case for a mục), else its first text; a titled
    điểm runs on into its first text.
    """
    out: dict[str, Any] = {}
    titled = draw(st.integers(0, 19)) > 0 if depth == 1 else draw(st.booleans())
    heading = None
    if titled:
        typed, shown = draw(rich(case))
        out["tieu_de"] = typed
        heading = shown.upper() if depth == 1 else shown
        case.expected.append(heading)
    first: list[str] = []
    if not titled or draw(st.booleans()):
        out["doan"] = draw(body_lines(case, minimum=1, shown_lines=first))
    if heading is not None and depth == 3 and first:
        case.lines.append(f"{label} {heading} {first[0]}")
    elif heading is not None:
        case.lines.append(f"{label} {heading}")
    elif depth > 1:
        case.lines.append(f"{label} {first[0]}")
    if draw(st.booleans()):
        items: list[Any] = []
        for _ in range(draw(st.integers(0, 3))):
            typed, shown = draw(rich(case))
            case.expected.append(shown)
            if draw(st.booleans()):
                items.append(typed)
            else:
                items.append({"doan": typed, "y": draw(body_lines(case))})
        out["y"] = items
    if draw(st.integers(0, 3)) == 0:
        out["y_nho"] = draw(body_lines(case))
    if draw(st.integers(0, 4)) == 0:
        out["su_kien"] = True
        case.data.setdefault("_su_kien", True)
    if draw(st.integers(0, 3)) == 0:
        out["danh_so"] = draw(st.sampled_from(["chu_cai", "thap_phan"]))
    limit = 2 if depth < 3 else (1 if draw(st.integers(0, 9)) == 0 else 0)
    if limit:
        children = []
        for index in range(draw(st.integers(0, limit))):
            if depth == 1:
                child_label = KHOAN_LABELS[index]
            elif depth == 2 and out.get("danh_so") == "thap_phan":
                child_label = f"{label}{index + 1}."  # -- 2. → 2.1., 2.2. --
            elif depth == 2:
                child_label = DIEM_LABELS[index]
            else:
                child_label = "?"  # -- a fourth level: an error, never printed --
            children.append(draw(section(case, depth + 1, child_label)))
        out["muc"] = children
    if draw(st.integers(0, 3)) == 0:
        out["doan_sau"] = draw(body_lines(case))
    return out


@st.composite
def maybe_invalid(draw: st.DrawFn, valid: st.SearchStrategy[Any],
                  invalid: st.SearchStrategy[Any]) -> Any:
    """Return a valid value, or (1 time in 40) an invalid one."""
    return draw(invalid) if draw(st.integers(0, 39)) == 0 else draw(valid)


@st.composite
def annex(draw: st.DrawFn, case: Case) -> dict[str, Any]:
    """Return an annex: title lines, literal paragraphs and maybe a quota table."""
    titles = draw(st.lists(PLAIN, min_size=1, max_size=2))
    case.expected += [t.upper() for t in titles]
    out: dict[str, Any] = {"tieu_de": titles}
    if draw(st.booleans()):
        out["doan"] = draw(st.lists(PLAIN, max_size=2))
        case.expected += out["doan"]
    if draw(st.booleans()):
        table: dict[str, Any] = {}
        for key in ("cot_ten", "cot_ca_nam", "cot_da_thuc_hien", "cot_con_lai"):
            if draw(st.booleans()):
                table[key] = draw(PLAIN)
                case.wrapped.append(table[key])
        rows = []
        for _ in range(draw(st.integers(1, 4))):
            row: dict[str, Any] = {"ten": draw(PLAIN), "ca_nam": draw(maybe_invalid(
                st.integers(0, 10**9), st.integers(max_value=-1)))}
            case.expected.append(row["ten"])
            if draw(st.booleans()):
                row["da_thuc_hien"] = draw(st.integers(0, 10**9))
                case.expected.append(number(row["da_thuc_hien"]))
            case.expected.append(number(row["ca_nam"]) if row["ca_nam"] >= 0 else "")
            rows.append(row)
        table["dong"] = rows
        out["bang_chi_tieu"] = table
    return out


@st.composite
def documents(draw: st.DrawFn) -> Case:
    """Return a Kế hoạch data file and the strings its document must print."""
    case = Case({"loai": "ke-hoach"})
    data, expected = case.data, case.expected
    facts = draw(st.dictionaries(st.sampled_from(["a", "b", "ten_dai", "so_lieu"]),
                                 st.one_of(PLAIN, st.integers(-10**12, 10**12),
                                           st.dates(date(1900, 1, 1), date(2200, 12, 31))),
                                 max_size=4))
    if facts:
        data["thong_tin"] = case.facts = facts

    if draw(st.booleans()):
        data["co_quan_chu_quan"] = draw(st.lists(PLAIN, max_size=2))
        expected += [line.upper() for line in data["co_quan_chu_quan"]]
    issuer: dict[str, Any] = {"ten": draw(PLAIN),
                              "viet_tat": draw(maybe_invalid(WORD, st.just("Hai từ")))}
    if draw(st.booleans()):
        issuer["dong"] = draw(st.lists(PLAIN, min_size=1, max_size=3))
        expected += issuer["dong"]
    else:
        expected.append(issuer["ten"].upper())
    data["co_quan_ban_hanh"] = issuer

    if draw(st.booleans()):
        data["so"] = draw(maybe_invalid(st.integers(1, 10**6), st.integers(max_value=0)))
    if draw(st.integers(0, 3)) == 0:
        data["ky_hieu"] = "KH-" + draw(WORD)
    suffix = data.get("ky_hieu") or f"KH-{issuer['viet_tat']}"
    expected.append(f"{serial_number(data.get('so'))}/{suffix}")
    data["dia_danh"] = draw(PLAIN)
    data["ngay_ban_hanh"] = draw(st.dates())
    expected.append(dateline(data["dia_danh"], data["ngay_ban_hanh"]))
    if draw(st.integers(0, 3)) == 0:
        data["ten_loai"] = draw(PLAIN)
    expected.append((data.get("ten_loai") or "Kế hoạch").upper())

    if draw(st.booleans()):
        campaign: dict[str, Any] = {
            "ten": draw(PLAIN),
            "nam": draw(maybe_invalid(st.integers(1945, 2200), st.integers(0, 1944))),
        }
        if draw(st.booleans()):
            campaign["tu_ngay"] = draw(st.dates(date(1945, 1, 1), date(2200, 12, 31)))
            campaign["den_ngay"] = draw(maybe_invalid(
                st.dates(campaign["tu_ngay"], date(2200, 12, 31)),
                st.dates(max_value=campaign["tu_ngay"]).filter(
                    lambda d: d < campaign["tu_ngay"])))
        events = []
        for _ in range(draw(st.integers(0, 3))):
            events.append({"ngay": draw(st.dates(date(1945, 1, 1), date(2200, 12, 31))),
                           "ten": draw(texts(RICH_CHARS)), "dia_diem": draw(texts(RICH_CHARS))})
        campaign["su_kien"] = events
        data["chien_dich"] = campaign

    data["trich_yeu"] = draw(body_lines(case, minimum=1))
    for key, marks in (("can_cu", (";", ".")), ("mo_dau", None), ("ket_thuc", ("", "./."))):
        if draw(st.booleans()):
            data[key] = draw(body_lines(case, marks=marks))
    if draw(st.booleans()):
        data["noi_dung"] = [draw(section(case, 1, MUC_LABELS[index]))
                            for index in range(draw(st.integers(0, 3)))]
        if data.pop("_su_kien", False) and "chien_dich" in data:
            for event_ in data["chien_dich"]["su_kien"]:
                expected += [event_["ten"], event_["dia_diem"]]
    data.pop("_su_kien", None)
    if draw(st.integers(0, 2)) == 0:
        data["phu_luc"] = draw(st.lists(annex(case), min_size=1, max_size=2))

    recipients = []
    for _ in range(draw(st.integers(1, 3))):
        name = draw(PLAIN)
        expected.append(f"- {name}")
        if draw(st.booleans()):
            recipients.append(name)
        else:
            note = draw(PLAIN)
            recipients.append({"ten": name, "ghi_chu": note})
            expected.append(f"- {name} ({note});")
    data["noi_nhan"] = recipients
    storage: dict[str, Any] = {}
    if draw(st.booleans()):
        if draw(st.booleans()):
            storage["don_vi"] = draw(PLAIN)
        if "don_vi" in storage and draw(st.booleans()):  # -- the count follows the unit --
            storage["so_ban"] = draw(st.integers(1, 999))
        data["luu"] = storage
    unit = f", {storage['don_vi']}" if "don_vi" in storage else ""
    copies = f" ({storage['so_ban']:02d})" if "so_ban" in storage else ""
    case.lines.append(f"- Lưu: VT{unit}{copies}.")

    authority = draw(st.sampled_from([None, "TM.", "KT.", "TL.", "TUQ.", "Q."]))
    # -- TM., KT., TL., TUQ. need the signer's title on a line after theirs (§8) --
    fewest = 1 if authority in (None, "Q.") else 2
    signer: dict[str, Any] = {"chuc_danh": draw(st.lists(PLAIN, min_size=fewest, max_size=3)),
                              "ho_ten": draw(PLAIN)}
    # -- a deputy ("PHÓ …") under TM./TL. without KT. is refused by design --
    assume(not (authority in ("TM.", "TL.")
                and signer["chuc_danh"][-1].strip().upper().startswith("PHÓ ")))
    if authority:
        signer["quyen_han"] = authority
    if draw(st.booleans()):
        signer["chuc_vu_khac"] = draw(st.lists(PLAIN, max_size=2))
        expected += [line.upper() for line in signer["chuc_vu_khac"]]
    lines = [line.upper() for line in signer["chuc_danh"]]
    if authority:
        lines[0] = f"{authority} {lines[0]}"
    expected += lines + [signer["ho_ten"]]
    data["nguoi_ky"] = signer
    if draw(st.integers(0, 29)) == 13:
        case.bomb = "alias"
    return case


def with_alias_bomb(source: str) -> str:
    """Return the YAML ``source`` with the alias bomb added under ``thong_tin``."""
    if "\nthong_tin:\n" in f"\n{source}":
        return source.replace("thong_tin:\n", "thong_tin:\n" + ALIAS_BOMB, 1)
    return f"{source}thong_tin:\n{ALIAS_BOMB}"


# --------------------------------------------------------------------------- the property

def _paragraphs(content: bytes) -> list[str]:
    document = docx.Document(io.BytesIO(content))
    return [unicodedata.normalize("NFC", p.text) for p in all_paragraphs(document)]


def render_and_check(tmp_path: Path, case: Case, *, may_fail: bool,
                     source: str | None = None) -> str:
    """Render ``case`` (or ``source``, its YAML): a clean ``DataError`` (if ``may_fail``), or
    a document printing what the case expects. Return which of the two it was."""
    path = tmp_path / "du_lieu.yaml"
    if source is None:
        source = yaml.safe_dump(case.data, allow_unicode=True, sort_keys=False)
    path.write_text(source, encoding="utf-8")
    try:
        loaded = load("ke-hoach", path)
    except DataError as error:
        if not may_fail:
            raise
        assert error.problems and all(p.source and p.message for p in error.problems)
        assert "du_lieu.yaml" in error.message
        if case.bomb == "alias":
            assert "bí danh YAML" in error.message
        return f"lỗi dữ liệu{' (bom)' if case.bomb else ''}"
    assert not case.bomb, f"a document with a {case.bomb} bomb was rendered"
    content = render_to_bytes(loaded)
    paragraphs = _paragraphs(content)
    text = "\n".join(paragraphs)
    missing = [s for s in case.expected if unicodedata.normalize("NFC", s) not in text]
    unwrapped = text.replace("\n", " ")
    missing += [s for s in case.wrapped
                if unicodedata.normalize("NFC", s).replace("\n", " ") not in unwrapped]
    assert not missing, f"missing from the document: {missing!r}"
    whole = set(paragraphs)
    missing = [s for s in case.lines if unicodedata.normalize("NFC", s) not in whole]
    assert not missing, f"not a paragraph of the document: {missing!r}"
    recorded, current = fingerprint.read_bytes(content)
    assert recorded is not None and recorded == current
    return "đã tạo văn bản"


@settings(max_examples=300, derandomize=True, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                 HealthCheck.function_scoped_fixture,
                                 HealthCheck.large_base_example])
@given(case=documents())
def test_any_document_renders_or_is_a_clean_error(tmp_path: Path, case: Case) -> None:
    source = yaml.safe_dump(case.data, allow_unicode=True, sort_keys=False)
    # -- what PyYAML cannot write back exactly is not vbhc's concern --
    assume(yaml.load(source, Loader=_Loader) == case.data)
    if case.bomb == "alias":
        source = with_alias_bomb(source)  # -- after the comparison, which would expand it --
    event(render_and_check(tmp_path, case, may_fail=True, source=source))


# --------------------------------------------------------------------------- fixed cases
# Written out by hand from NĐ30 (../shared/reference/nd30-format.md §4, §5): the day takes
# a leading zero below 10, the month only for 1 and 2; the Số below 10 takes one zero.
# Running-text dates (the ``{{ … }}`` of a date) are vbhc's "dd/M/yyyy" (README).

FIXED_DATES = [  # (date, date line after "Lào Cai, ", as a reference in the text)
    (date(2023, 1, 15), "ngày 15 tháng 01 năm 2023", "15/1/2023"),
    (date(2023, 2, 5), "ngày 05 tháng 02 năm 2023", "05/2/2023"),
    (date(2023, 3, 1), "ngày 01 tháng 3 năm 2023", "01/3/2023"),
    (date(2023, 4, 5), "ngày 05 tháng 4 năm 2023", "05/4/2023"),
    (date(2023, 5, 9), "ngày 09 tháng 5 năm 2023", "09/5/2023"),
    (date(2023, 6, 10), "ngày 10 tháng 6 năm 2023", "10/6/2023"),
    (date(2023, 7, 20), "ngày 20 tháng 7 năm 2023", "20/7/2023"),
    (date(2023, 8, 31), "ngày 31 tháng 8 năm 2023", "31/8/2023"),
    (date(2023, 9, 2), "ngày 02 tháng 9 năm 2023", "02/9/2023"),
    (date(2023, 10, 21), "ngày 21 tháng 10 năm 2023", "21/10/2023"),
    (date(2023, 11, 8), "ngày 08 tháng 11 năm 2023", "08/11/2023"),
    (date(2024, 12, 31), "ngày 31 tháng 12 năm 2024", "31/12/2024"),
]
FIXED_NUMBERS = [  # (số, as printed; a number, as {{ … | so }} prints it)
    (1, "01", 0, "0"),
    (5, "05", 7, "7"),
    (9, "09", 1000, "1.000"),
    (10, "10", 1000000, "1.000.000"),
    (11, "11", 999, "999"),
    (111, "111", 1500, "1.500"),
]


def fixed_case(index: int) -> Case:
    """Return fixed document ``index`` with its expected lines written as literals."""
    day, long_form, short_form = FIXED_DATES[index]
    so, so_shown, amount, amount_shown = FIXED_NUMBERS[index % len(FIXED_NUMBERS)]
    data = {
        "loai": "ke-hoach",
        "thong_tin": {"ngay": day, "so_luong": amount},
        "co_quan_ban_hanh": {"ten": "Ban Chỉ đạo vận động hiến máu tình nguyện",
                             "viet_tat": "BCĐ"},
        "so": so,
        "dia_danh": "Lào Cai",
        "ngay_ban_hanh": day,
        "trich_yeu": ["Thực hiện Chiến dịch hiến máu"],
        "mo_dau": ["Ngày {{ thong_tin.ngay }}, có {{ thong_tin.so_luong|so }} người."],
        "noi_nhan": ["Các thành viên BCĐ"],
        "nguoi_ky": {"quyen_han": "TM.", "chuc_danh": ["BAN CHỈ ĐẠO", "TRƯỞNG BAN"],
                     "ho_ten": "Giàng Thị Dung"},
    }
    return Case(data, lines=[f"Lào Cai, {long_form}", f"Số: {so_shown}/KH-BCĐ",
                             f"Ngày {short_form}, có {amount_shown} người."])


@pytest.mark.parametrize("index", range(len(FIXED_DATES)))
def test_fixed_cases(tmp_path: Path, index: int) -> None:
    assert render_and_check(tmp_path, fixed_case(index), may_fail=False) == "đã tạo văn bản"
