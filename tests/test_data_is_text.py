"""Data is text (issue 8, part 3), through the real ``vbhc render`` command and python-docx.

Every slot where data reaches the document is tried with XML-special characters,
control characters, 10,000-character strings, emoji, decomposed (NFD) diacritics
and template syntax. Body text may hold ``{{ … }}`` references (sandboxed);
every other value is printed exactly as written, never evaluated.
"""

from __future__ import annotations

import copy
import io
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml
from click.testing import CliRunner
from lxml import etree

from tests.docx_tools import open_docx, texts
from vbhc.cli.main import cli

PROJECT = Path(__file__).resolve().parent.parent
TEMPLATE = PROJECT / "templates_docx" / "ke_hoach.docx"

BASE: dict[str, Any] = {
    "loai": "ke-hoach",
    "co_quan_chu_quan": ["UBND TỈNH LÀO CAI"],
    "co_quan_ban_hanh": {"ten": "Ban Chỉ đạo tỉnh", "viet_tat": "BCĐ", "dong": ["BAN CHỈ ĐẠO"]},
    "so": 5,
    "dia_danh": "Lào Cai",
    "ngay_ban_hanh": date(2023, 4, 5),
    "trich_yeu": ["Thực hiện Chiến dịch hè"],
    "chien_dich": {"ten": "Những giọt máu hồng", "nam": 2023,
                   "su_kien": [{"ngay": date(2023, 5, 9), "ten": "Chương trình hiến máu",
                                "dia_diem": "huyện Bảo Thắng"}]},
    "thong_tin": {"gia_tri": "giá trị"},
    "mo_dau": ["Mở đầu kế hoạch."],
    "noi_dung": [
        {"tieu_de": "Mục đích", "doan": ["Đoạn văn của mục."], "y": ["Ý thứ nhất."]},
        {"tieu_de": "Các sự kiện", "su_kien": True,
         "doan_sau": ["Chỉ tiêu các tổ {{ phu_luc[0].dan_chieu }}."]},
    ],
    "ket_thuc": ["Trên đây là Kế hoạch"],
    "phu_luc": [{"tieu_de": ["Danh sách phân bổ"], "doan": ["Ghi chú của phụ lục."],
                 "bang_chi_tieu": {"dong": [{"ten": "Tổ dân phố 1", "ca_nam": 10}]}}],
    "noi_nhan": ["Các thành viên BCĐ"],
    "luu": {"don_vi": "VX"},
    "nguoi_ky": {"quyen_han": "TM.", "chuc_danh": ["BAN CHỈ ĐẠO", "TRƯỞNG BAN"],
                 "ho_ten": "Giàng Thị Dung"},
}


def _upper(text: str) -> str:
    return text.upper()


def _same(text: str) -> str:
    return text


@dataclass(frozen=True)
class Slot:
    """A place where a data value reaches the document."""

    name: str
    put: Callable[[dict, str, Path], None]  # (data, value, folder)
    shown: Callable[[str], str] = _same  # how the document prints the value
    rich: bool = False  # body text: emphasis markers and {{ … }} references apply
    direct: bool = True  # a str field of the model (False: an item of a list, or Any)
    wraps: bool = False  # the document may break the value's lines at its spaces


def printed(name: str, value: str, text: str) -> bool:
    """Return whether the document text shows ``value`` as slot ``name`` prints it."""
    slot = BY_NAME[name]
    # -- a table header is set on computed lines: its spaces may become line breaks --
    return slot.shown(value) in (text.replace("\n", " ") if slot.wraps else text)


def _workbook(folder: Path, name: str) -> str:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Đơn vị", "Chỉ tiêu cả năm"])
    sheet.append([name, 12])
    book.save(folder / "don_vi.xlsx")
    return "don_vi.xlsx"


def _excel(data: dict, value: str, folder: Path) -> None:
    data["phu_luc"].append({"tieu_de": ["Danh sách từ Excel"],
                            "bang_chi_tieu": {"tep": _workbook(folder, value)}})


def _reference(data: dict, value: str, folder: Path) -> None:
    data["thong_tin"]["gia_tri"] = value
    data["noi_dung"][0]["doan_sau"] = ["Giá trị: {{ thong_tin.gia_tri }}"]


SLOTS = [
    # -- body text: rich text with references --
    Slot("trich_yeu", lambda d, v, f: d.update(trich_yeu=[v]), rich=True, direct=False),
    Slot("mo_dau", lambda d, v, f: d.update(mo_dau=[v]), rich=True, direct=False),
    Slot("tieu_de_muc", lambda d, v, f: d["noi_dung"][0].update(tieu_de=v), _upper, rich=True),
    Slot("doan", lambda d, v, f: d["noi_dung"][0].update(doan=[v]), rich=True, direct=False),
    Slot("y", lambda d, v, f: d["noi_dung"][0].update(y=[v]), rich=True, direct=False),
    # -- values: printed as written --
    Slot("tham_chieu", _reference, lambda v: "Giá trị: " + v, direct=False),
    Slot("su_kien", lambda d, v, f: d["chien_dich"]["su_kien"][0].update(dia_diem=v)),
    Slot("dia_danh", lambda d, v, f: d.update(dia_danh=v)),
    Slot("co_quan", lambda d, v, f: d["co_quan_ban_hanh"].update(dong=[v]), direct=False),
    Slot("chu_quan", lambda d, v, f: d.update(co_quan_chu_quan=[v]), _upper, direct=False),
    Slot("noi_nhan", lambda d, v, f: d.update(noi_nhan=[v]), lambda v: f"- {v};"),
    Slot("luu", lambda d, v, f: d["luu"].update(don_vi=v)),
    # -- TM. needs the signer's title after the body's line (§8) --
    Slot("chuc_danh", lambda d, v, f: d["nguoi_ky"].update(chuc_danh=[v, "TRƯỞNG BAN"]),
         _upper, direct=False),
    Slot("ho_ten", lambda d, v, f: d["nguoi_ky"].update(ho_ten=v)),
    Slot("phu_luc_tieu_de", lambda d, v, f: d["phu_luc"][0].update(tieu_de=[v]), _upper,
         direct=False),
    Slot("phu_luc_doan", lambda d, v, f: d["phu_luc"][0].update(doan=[v]), direct=False),
    Slot("don_vi_bang", lambda d, v, f: d["phu_luc"][0]["bang_chi_tieu"]["dong"][0]
         .update(ten=v)),
    Slot("cot_bang", lambda d, v, f: d["phu_luc"][0]["bang_chi_tieu"].update(cot_ten=v),
         wraps=True),
    Slot("o_excel", _excel),
]
BY_NAME = {slot.name: slot for slot in SLOTS}
RICH = [s.name for s in SLOTS if s.rich]
VALUES = [s.name for s in SLOTS if not s.rich]


def render(folder: Path, data: dict, *, template: Path | None = None,
           name: str = "du_lieu.yaml", text: str | None = None):  # noqa: ANN201
    """Return the CLI result of rendering ``data`` (or the YAML ``text``) to out.docx."""
    path = folder / name
    path.write_text(text if text is not None else yaml.safe_dump(data, allow_unicode=True,
                                                                 sort_keys=False),
                    encoding="utf-8")
    args = ["render", "ke-hoach", "--data", str(path), "-o", str(folder / "out.docx")]
    if template is not None:
        args += ["--template", str(template)]
    return CliRunner().invoke(cli, args)


def error_line(result) -> str:  # noqa: ANN001 - click's Result
    """Return the first line of stderr that is not a warning."""
    lines = [line for line in result.stderr.splitlines() if not line.startswith("Cảnh báo:")]
    return lines[0] if lines else ""


def document_with(folder: Path, values: dict[str, str]) -> str:
    """Return the text of the document rendered with ``values`` put in their slots."""
    data = copy.deepcopy(BASE)
    for slot_name, value in values.items():
        BY_NAME[slot_name].put(data, value, folder)
    result = render(folder, data)
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    output = folder / "out.docx"
    assert_well_formed(output)
    return "\n".join(texts(open_docx(output)))


def assert_well_formed(path: Path) -> None:
    """Fail unless every XML part of the package parses."""
    with zipfile.ZipFile(path) as archive:
        assert archive.testzip() is None
        for name in archive.namelist():
            if name.endswith((".xml", ".rels")):
                etree.parse(io.BytesIO(archive.read(name)))



# --------------------------------------------------------------------------- XML specials

XML_SPECIALS = """A & B < C > D "E" 'F' &amp; &lt;x&gt; <w:t>G</w:t> ]]> <!-- H --> &#0;"""


@pytest.mark.parametrize("slot", [s.name for s in SLOTS])
def test_xml_special_characters_are_text(tmp_path: Path, slot: str) -> None:
    text = document_with(tmp_path, {slot: XML_SPECIALS})
    assert printed(slot, XML_SPECIALS, text)


def test_xml_special_characters_everywhere_at_once(tmp_path: Path) -> None:
    values = {name: f"{name}: {XML_SPECIALS}" for name in BY_NAME}
    text = document_with(tmp_path, values)
    for name, value in values.items():
        assert printed(name, value, text), name


# --------------------------------------------------------------------------- control characters

C0 = "A\x01B\x07C\x08D\x0bE\x0cF\x1bG\x1fH"  # \t \n \r are text; these are not XML text
NONCHARACTERS = "A\ufffeB\uffffC"  # not XML characters at all
# -- a workbook cannot hold these characters (openpyxl refuses them, Excel escapes them) --
TYPED = [s.name for s in SLOTS if s.name != "o_excel"]
PLAIN = [s.name for s in SLOTS if not s.rich and s.name not in ("tham_chieu", "su_kien")]


@pytest.mark.parametrize("slot", TYPED)
def test_control_characters_are_removed(tmp_path: Path, slot: str) -> None:
    text = document_with(tmp_path, {slot: C0})
    assert printed(slot, "ABCDEFGH", text)


@pytest.mark.parametrize("slot", TYPED)
def test_noncharacters_are_removed(tmp_path: Path, slot: str) -> None:
    text = document_with(tmp_path, {slot: NONCHARACTERS})
    assert printed(slot, "ABC", text)


def test_tabs_and_line_breaks_are_kept(tmp_path: Path) -> None:
    text = document_with(tmp_path, {"doan": "Cột 1\tCột 2\nDòng 2", "ho_ten": "Họ\tTên"})
    assert "Cột 1\tCột 2\nDòng 2" in text
    assert "Họ\tTên" in text


def test_raw_control_character_in_the_file_is_a_clean_error(tmp_path: Path) -> None:
    text = yaml.safe_dump(BASE, allow_unicode=True, sort_keys=False)
    text = text.replace("Giàng Thị Dung", "Giàng\x01Thị Dung")
    result = render(tmp_path, {}, text=text)
    assert result.exit_code == 2, result.output
    assert error_line(result).startswith("Lỗi:") and "du_lieu.yaml:" in result.stderr
    assert "Traceback" not in result.output
    assert not (tmp_path / "out.docx").exists()


# --------------------------------------------------------------------------- long strings, emoji

def test_ten_thousand_character_strings(tmp_path: Path) -> None:
    values = {}
    for index, name in enumerate(BY_NAME):
        if index % 2:
            values[name] = (f"{name} chữ dài " * 1000)[:10_000].strip()
        else:  # -- one word, no place to break a line --
            values[name] = (name + "x" * 10_000)[:10_000]
    text = document_with(tmp_path, values)
    for name, value in values.items():
        assert len(value) >= 9_999
        assert printed(name, value, text), name


EMOJI = "Hiến máu 🩸❤️ 👨‍👩‍👧 👍🏽 🇻🇳 𝔘𝔫𝔦 中文 العربية"


def test_emoji_and_other_scripts(tmp_path: Path) -> None:
    values = {name: f"{EMOJI} ({name})" for name in BY_NAME}
    text = document_with(tmp_path, values)
    for name, value in values.items():
        assert printed(name, value, text), name


# --------------------------------------------------------------------------- NFD → NFC

VIETNAMESE = "Nguyễn Thị Hoà, Đắk Lắk, Quảng Trị, Thừa Thiên Huế"
NFD = unicodedata.normalize("NFD", VIETNAMESE)


def test_nfd_differs_from_nfc() -> None:
    assert NFD != VIETNAMESE and len(NFD) > len(VIETNAMESE)


@pytest.mark.parametrize("slot", [s.name for s in SLOTS])
def test_decomposed_diacritics_become_precomposed(tmp_path: Path, slot: str) -> None:
    text = document_with(tmp_path, {slot: NFD})
    assert printed(slot, VIETNAMESE, text)
    assert unicodedata.is_normalized("NFC", text)


# ---------------------------------------------------------------- template syntax in values

TEMPLATE_SYNTAX = ("{{ 7*7 }} {% if true %}có{% endif %} {# chú thích #} "
                   "{{ ''.__class__.__mro__ }} {%p for x in y %} {{r x }}")


@pytest.mark.parametrize("slot", VALUES)
def test_template_syntax_in_values_is_printed_literally(tmp_path: Path, slot: str) -> None:
    text = document_with(tmp_path, {slot: TEMPLATE_SYNTAX})
    assert printed(slot, TEMPLATE_SYNTAX, text)
    assert "49" not in text and "<class" not in text


def test_docxtpl_escape_sequences_in_values_are_printed_literally(tmp_path: Path) -> None:
    value = "a{_{b}_}c{_%d%_}e"
    values = {name: f"{name} {value}" for name in BY_NAME}
    text = document_with(tmp_path, values)
    for name, shown in values.items():
        assert printed(name, shown, text), name


def test_body_text_references_are_evaluated(tmp_path: Path) -> None:
    text = document_with(tmp_path, {"doan": "Năm {{ chien_dich.nam }}: {{ 6*7 }}"})
    assert "Năm 2023: 42" in text


# --------------------------------------------------------------------------- sandbox

ESCAPES = [
    "{{ ''.__class__.__mro__ }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ cycler.__init__.__globals__.os }}",
    "{{ lipsum.__globals__['os'].popen('id').read() }}",
    "{{ joiner.__init__.__globals__ }}",
    "{{ namespace.__init__ }}",
    "{% for c in ().__class__.__base__.__subclasses__() %}{{ c }}{% endfor %}",
    "{{ '{0.__class__.__mro__}'.format(1) }}",
    "{{ chien_dich.ten.__class__ }}",
    "{{ thong_tin.update({'a': 1}) }}",
    "{% include '/etc/passwd' %}",
    "{% import 'os' as os %}",
    "{{ range(10**9)|list }}",
]


@pytest.mark.parametrize("expression", ESCAPES)
def test_sandbox_escape_in_data_is_a_clean_error(tmp_path: Path, expression: str) -> None:
    data = copy.deepcopy(BASE)
    data["mo_dau"] = [f"Mở đầu {expression}"]
    result = render(tmp_path, data)
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit) and "Traceback" not in result.output
    assert error_line(result).startswith("Lỗi:")
    assert "du_lieu.yaml:" in result.stderr and "mo_dau[0]" in result.stderr
    assert "tham chiếu" in result.stderr
    assert not (tmp_path / "out.docx").exists()


def test_sandbox_escape_in_the_event_sentence_is_a_clean_error(tmp_path: Path) -> None:
    data = copy.deepcopy(BASE)
    data["chien_dich"]["mau_su_kien"] = "{{ su_kien.ten.__class__.__mro__ }}"
    result = render(tmp_path, data)
    assert result.exit_code == 2 and "chien_dich.mau_su_kien" in result.stderr
    assert isinstance(result.exception, SystemExit)


def template_with(folder: Path, tag: str) -> Path:
    """Return a copy of the Kế hoạch template with a paragraph holding ``tag`` first."""
    out = folder / "mau.docx"
    with zipfile.ZipFile(TEMPLATE) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "word/document.xml":
                xml = content.decode("utf-8")
                at = xml.index("<w:body>") + len("<w:body>")
                xml = f"{xml[:at]}<w:p><w:r><w:t>{tag}</w:t></w:r></w:p>{xml[at:]}"
                content = xml.encode("utf-8")
            target.writestr(info, content)
    return out




@pytest.mark.parametrize("tag", [
    "{{ ''.__class__.__mro__ }}",
    "{{ cycler.__init__.__globals__ }}",
    "{% for c in ().__class__.__base__.__subclasses__() %}{% endfor %}",
    "{{ so_ky_hieu.__class__ }}",
    "{% include '/etc/passwd' %}",
    "{% extends '/etc/passwd' %}",
    "{{ 1/0 }}",
    "{{ 9**99999999 }}",
    "{{ 'a' * 10**10 }}",
])
def test_sandbox_escape_in_a_template_is_a_clean_error(tmp_path: Path, tag: str) -> None:
    result = render(tmp_path, copy.deepcopy(BASE), template=template_with(tmp_path, tag))
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    assert "mau.docx" in error_line(result)
    assert "root:" not in result.output
    assert not (tmp_path / "out.docx").exists()
