"""The electronic issue path (``--dien-tu``): PDF/A for signing, images, metadata, signature.

Real parts only: LibreOffice makes the PDFs, pikepdf and poppler read them back,
certificates are generated here with ``cryptography`` and pyHanko validates.
One signed document is made once for the module; the other tests make their own.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner

from tests.cert_tools import make_p12
from tests.pdf_tools import is_a4, page_count, page_sizes, pdf_text
from tests.png_tools import png, seal_png, signature_png
from vbhc.checker import check_docx
from vbhc.cli.main import cli
from vbhc.document.frame import QUOC_HIEU
from vbhc.pipeline import pdfa, pdfgeom
from vbhc.pipeline.signing import validate_pdf

DATA = Path(__file__).resolve().parent.parent / "data"
pytestmark = pytest.mark.needs("libreoffice", "poppler")
PASSWORD = "mật-khẩu 2023"
MM = 72 / 25.4  # points per millimetre


def run(*args: str, env: dict[str, str] | None = None):  # noqa: ANN201
    return CliRunner(env=env).invoke(cli, list(args))


def electronic_data(folder: Path, *, signature: bytes | None = None,
                    seal: bytes | None = None, extra: str = "") -> Path:
    """Copy the Lào Cai plan into ``folder`` with the given images beside it."""
    shutil.copy(DATA / "lao_cai_2023.yaml", folder / "lao_cai_2023.yaml")
    text = (DATA / "lao_cai_2023_dien_tu.yaml").read_text(encoding="utf-8")
    (folder / "anh").mkdir(exist_ok=True)
    for name, content in (("anh/chu_ky_giang_thi_dung.png", signature),
                          ("anh/dau_bcd_lao_cai.png", seal)):
        if content is not None:
            (folder / name).write_bytes(content)
    data = folder / "ke_hoach_dien_tu.yaml"
    data.write_text(text + extra, encoding="utf-8")
    return data


@pytest.fixture(scope="module")
def signed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Render, export and sign the Lào Cai plan with both images, once."""
    folder = tmp_path_factory.mktemp("dien_tu")
    data = electronic_data(folder, signature=signature_png(), seal=seal_png(36))
    certificate = folder / "office.p12"
    (folder / "office.der").write_bytes(make_p12(certificate, PASSWORD))
    result = run("render", "ke-hoach", "--data", str(data), "--dien-tu", "--ky-so",
                 "--chung-thu", str(certificate), "-o", str(folder / "van_ban.docx"),
                 env={"VBHC_MAT_KHAU": PASSWORD})
    assert result.exit_code == 0, result.output
    assert "PDF/A-2b" in result.output and "đã ký số" in result.output
    assert "Traceback" not in result.output and "Validation error" not in result.output
    return {"docx": folder / "van_ban.docx", "pdf": folder / "van_ban.pdf",
            "json": folder / "van_ban.metadata.json", "root": folder / "office.der"}


# ------------------------------------------------------------------ 1. the PDF for signing

def test_pdf_is_pdfa_a4_with_embedded_fonts_and_searchable_text(signed: dict[str, Path]) -> None:
    pdf = signed["pdf"]
    assert pdfa.pdf_problems(pdf) == []
    with pikepdf.open(pdf) as document:
        assert pdfa.pdfa_identification(document) == ("2", "B")
        intents = document.Root.OutputIntents
        assert str(intents[0].S) == "/GTS_PDFA1" and "/DestOutputProfile" in intents[0]
        assert pdfa.not_embedded_fonts(document) == set()
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True,
                           check=True).stdout.splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts)  # the "emb" column
    assert all("LiberationSerif" in line or "Times" in line for line in fonts)
    assert all(is_a4(size) for size in page_sizes(pdf))
    text = pdf_text(pdf)
    assert QUOC_HIEU in text
    assert "Lào Cai, ngày 05 tháng 4 năm 2023" in text
    assert "Giàng Thị Dung" in text and "TRƯỞNG BAN" in text


def test_pdf_problems_names_what_is_missing(tmp_path: Path) -> None:
    plain = tmp_path / "thuong.pdf"
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(612, 792))  # US Letter, no PDF/A identification
    pdf.save(plain)
    problems = pdfa.pdf_problems(plain)
    assert any("A4" in p for p in problems)
    assert any("output intent" in p for p in problems)
    assert any("pdfaid" in p for p in problems)


# ------------------------------------------------------------------ 2. the images

def _words(pdf: Path, page: int) -> list[tuple[str, float, float, float, float]]:
    """Return (word, x0, top, x1, bottom) of a page, in points from the top left."""
    html = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf),
                           "-"], capture_output=True, text=True, check=True).stdout
    found = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                       r'yMax="([\d.]+)">([^<]*)</word>', html)
    return [(w, float(a), float(b), float(c), float(d)) for a, b, c, d, w in found]


def test_images_sit_where_the_decree_puts_them(signed: dict[str, Path]) -> None:
    pdf = signed["pdf"]
    boxes = pdfgeom.image_boxes(pdf)
    assert len(boxes) == 2
    sig, seal = boxes  # drawn in this order: the seal over the signature
    assert sig.pixels == (266, 106) and seal.pixels[0] == seal.pixels[1]
    with pikepdf.open(pdf) as document:
        page_height = float(document.pages[sig.page].mediabox[3])
    words = _words(pdf, sig.page + 1)
    title = [w for w in words if w[0] == "TRƯỞNG"][-1]
    name = [w for w in words if w[0] in ("Giàng", "Dung")]
    name_centre = (min(w[1] for w in name) + max(w[3] for w in name)) / 2
    other_office_top = min(w[2] for w in words if w[0] == "PHÓ")
    # -- the signer's image: centred on the name, between the title and the name lines --
    assert abs(sig.centre[0] - name_centre) < 3
    sig_top, sig_bottom = page_height - sig.box[3], page_height - sig.box[1]
    assert title[4] - 2 <= sig_top and sig_bottom <= other_office_top + 2
    # -- the seal: actual size (36 mm), its right edge a third into the signature --
    width = seal.box[2] - seal.box[0]
    assert abs(width - 36 * MM) < 1
    third = sig.box[0] + (sig.box[2] - sig.box[0]) / 3
    assert abs(seal.box[2] - third) < 2
    assert seal.box[0] < sig.box[0] and abs(seal.centre[1] - sig.centre[1]) < 2


def test_docx_anchors_the_images_in_the_signature_space(signed: dict[str, Path]) -> None:
    with zipfile.ZipFile(signed["docx"]) as archive:
        document = archive.read("word/document.xml").decode()
        rels = archive.read("word/_rels/document.xml.rels").decode()
        names = archive.namelist()
        types = archive.read("[Content_Types].xml").decode()
    assert "word/media/vbhc_chu_ky.png" in names and "word/media/vbhc_dau.png" in names
    assert 'Extension="png"' in types and 'Target="media/vbhc_dau.png"' in rels
    space = re.search(r'<w:p><w:pPr><w:pStyle w:val="VBChoKy"/></w:pPr>(.*?)</w:p>', document)
    assert space is not None
    assert space.group(1).count("<wp:anchor") == 2 and "<wp:wrapNone/>" in space.group(1)


def test_check_accepts_the_electronic_form(signed: dict[str, Path]) -> None:
    report = check_docx(signed["docx"])
    assert report.failures == [], report.failures


def test_a_bad_image_is_a_located_error_and_nothing_is_written(tmp_path: Path) -> None:
    data = electronic_data(tmp_path, signature=b"GIF89a not a png", seal=None)
    result = run("render", "ke-hoach", "--data", str(data), "--dien-tu",
                 "-o", str(tmp_path / "ra.docx"))
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    line = next(n for n, text in enumerate(data.read_text(encoding="utf-8").splitlines(), 1)
                if "anh_chu_ky" in text)
    assert f"ke_hoach_dien_tu.yaml:{line}:" in result.output
    assert "nguoi_ky.anh_chu_ky" in result.output and "không phải ảnh PNG" in result.output
    assert "không tìm thấy tệp ảnh anh/dau_bcd_lao_cai.png" in result.output
    assert not list(tmp_path.glob("ra.*"))


def test_without_images_the_space_stays_as_on_paper(tmp_path: Path) -> None:
    shutil.copy(DATA / "lao_cai_2023.yaml", tmp_path)
    paper = run("render", "ke-hoach", "--data", str(tmp_path / "lao_cai_2023.yaml"),
                "-o", str(tmp_path / "giay.docx"))
    electronic = run("render", "ke-hoach", "--data", str(tmp_path / "lao_cai_2023.yaml"),
                     "--dien-tu", "-o", str(tmp_path / "dien_tu.docx"))
    assert paper.exit_code == 0 and electronic.exit_code == 0, electronic.output
    with zipfile.ZipFile(tmp_path / "giay.docx") as a, \
            zipfile.ZipFile(tmp_path / "dien_tu.docx") as b:
        assert a.read("word/document.xml") == b.read("word/document.xml")
    assert pdfgeom.image_boxes(tmp_path / "dien_tu.pdf") == []


# ------------------------------------------------------------------ 4. metadata

def test_metadata_matches_the_document_and_the_pdf(signed: dict[str, Path]) -> None:
    entry = json.loads(signed["json"].read_text(encoding="utf-8"))
    with pikepdf.open(signed["pdf"]) as document:
        assert entry["PageAmount"] == page_count(signed["pdf"]) == len(document.pages)
    assert (entry["CodeNumber"], entry["CodeNotation"]) == ("05", "KH-BCĐ")
    assert entry["IssuedDate"] == "2023-04-05" and entry["DueDate"] == "2023-04-30"
    assert entry["OrganName"] == "Ban Chỉ đạo vận động hiến máu tình nguyện tỉnh Lào Cai"
    assert entry["Subject"] == "Thực hiện Chiến dịch “Những giọt máu hồng” - Hè năm 2023"
    assert entry["SignerInfo"] == {"Competence": "TM. BAN CHỈ ĐẠO", "Position": "TRƯỞNG BAN",
                                   "OtherPosition": "PHÓ CHỦ TỊCH UBND TỈNH",
                                   "FullName": "Giàng Thị Dung"}
    assert entry["ToPlaces"][-1] == "Lưu: VT, VX4" and entry["Priority"] == "Thường"
    assert entry["DigitalSignature"]["Signed"] is True
    assert entry["DigitalSignature"]["SigningTime"].endswith("+07:00")
    assert entry["FileName"] == "van_ban.pdf" and entry["Format"] == "PDF/A-2b"


# ------------------------------------------------------------------ 5. the signature

def test_signed_pdf_validates_and_a_changed_byte_breaks_it(signed: dict[str, Path]) -> None:
    data = signed["pdf"].read_bytes()
    root = signed["root"].read_bytes()
    status = validate_pdf(data, [root])
    assert (status.intact, status.valid, status.trusted) == (True, True, True), status.summary
    assert pdfa.pdf_problems(signed["pdf"]) == []  # still PDF/A after the incremental update
    where = data.index(b"Producer")  # inside the signed revision
    changed = data[:where] + b"p" + data[where + 1:]
    broken = validate_pdf(changed, [root])
    assert not broken.intact
    assert validate_pdf(data, []).trusted is False  # an unknown root is not trusted


def test_signature_field_covers_the_signers_image(signed: dict[str, Path]) -> None:
    sig = pdfgeom.image_boxes(signed["pdf"])[0]
    with pikepdf.open(signed["pdf"]) as document:
        field = document.Root.AcroForm.Fields[0]
        rect = [float(v) for v in field.Rect]
        assert str(field.FT) == "/Sig" and str(field.T) == "ChuKySo"
        assert field.P.objgen == document.pages[sig.page].objgen
    assert all(abs(a - b) <= 1 for a, b in zip(rect, sig.box, strict=True))


@pytest.mark.parametrize(("case", "message"), [
    ("sai_mat_khau", "sai mật khẩu của chứng thư số"),
    ("het_han", "đã hết hạn ngày"),
    ("khong_phai_p12", "không phải tệp chứng thư số PKCS#12"),
    ("khong_co", "không đọc được tệp chứng thư số"),
])
def test_bad_certificate_is_a_clear_error_and_nothing_is_written(
        tmp_path: Path, case: str, message: str) -> None:
    data = electronic_data(tmp_path, signature=signature_png(), seal=seal_png())
    certificate = tmp_path / "office.p12"
    if case == "het_han":
        make_p12(certificate, PASSWORD, expired=True)
    elif case == "sai_mat_khau":
        make_p12(certificate, "mật khẩu khác")
    elif case == "khong_phai_p12":
        certificate.write_text("không phải chứng thư", encoding="utf-8")
    result = run("render", "ke-hoach", "--data", str(data), "--dien-tu", "--ky-so",
                 "--chung-thu", str(certificate), "--mat-khau", PASSWORD,
                 "-o", str(tmp_path / "ra.docx"))
    assert result.exit_code == 2, result.output
    assert message in result.output and "office.p12" in result.output
    assert "Traceback" not in result.output
    assert not list(tmp_path.glob("ra.*"))


def test_signing_options_need_the_electronic_form(tmp_path: Path) -> None:
    result = run("render", "ke-hoach", "--data", str(DATA / "lao_cai_2023.yaml"), "--ky-so",
                 "-o", str(tmp_path / "ra.docx"))
    assert result.exit_code == 2 and "--dien-tu" in result.output
    result = run("render", "ke-hoach", "--data", str(DATA / "lao_cai_2023.yaml"), "--dien-tu",
                 "--ky-so", "-o", str(tmp_path / "ra.docx"))
    assert result.exit_code == 2 and "--chung-thu" in result.output
    assert not list(tmp_path.iterdir())


# ------------------------------------------------------------------ 3. annex in its own file

@pytest.mark.parametrize("given", [True, False])
def test_annex_alone_carries_the_signature_info_box(tmp_path: Path, given: bool) -> None:
    text = (DATA / "ngoc_thuy_2023_dot2.yaml").read_text(encoding="utf-8")
    if given:
        text += "\ndien_tu:\n  thoi_gian_ky: 2023-09-25T10:15:30\n"
    data = tmp_path / "ngoc_thuy.yaml"
    data.write_text(text, encoding="utf-8")
    result = run("render", "phu-luc", "--data", str(data), "--dien-tu",
                 "-o", str(tmp_path / "phu_luc.docx"))
    assert result.exit_code == 0, result.output
    pdf = tmp_path / "phu_luc.pdf"
    assert pdfa.pdf_problems(pdf) == []
    when = "2023-09-25T10:15:30+07:00" if given else "....-..-..T..:..:..+07:00"
    words = _words(pdf, 1)
    number = next(w for w in words if w[0] == "13/KH-UBND")
    time = next(w for w in words if w[0] == when)
    right_margin = 595.28 - 15 * MM
    # -- top right of page 1, above the text area (top margin 20 mm), 10 pt --
    assert abs(number[3] - right_margin) < 2 and abs(time[3] - right_margin) < 2
    assert time[4] < 20 * MM and number[2] < time[2]
    # -- poppler's word box is 1.3 × the font size: 13 pt for 10 pt text (14 pt: 18.2) --
    assert abs((number[4] - number[2]) - 13) < 0.5
    pages = page_count(pdf)
    assert all(w[0] != when for page in range(2, pages + 1) for w in _words(pdf, page))
    # -- the Kèm theo line leaves the number and the date to the signature info --
    flat = pdf_text(pdf)
    assert "(Kèm theo Kế hoạch số /KH-UBND ngày tháng năm của Ủy ban nhân dân" in flat
    assert "25 tháng 9 năm 2023" not in flat
    with zipfile.ZipFile(tmp_path / "phu_luc.docx") as archive:
        header = archive.read("word/header_ky_so.xml").decode()
    assert header.count('<w:sz w:val="20"/>') == 4 and 'w:val="right"' in header
    assert check_docx(tmp_path / "phu_luc.docx").failures == []
    entry = json.loads((tmp_path / "phu_luc.metadata.json").read_text(encoding="utf-8"))
    assert entry["IsAttachment"] is True and entry["CodeFull"] == "13/KH-UBND"
    assert entry["PageAmount"] == pages


# ------------------------------------------------------------------ 4. batch register

def test_batch_writes_a_register_row_per_document(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from vbhc.pipeline.metadata import REGISTER_COLUMNS, REGISTER_NAME

    out = tmp_path / "ra"
    result = run("batch", "ke-hoach", "--data", str(DATA / "lao_cai_2023_huyen.yaml"),
                 "--dien-tu", "--zip", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "Sổ đăng ký văn bản đi" in result.output
    documents = sorted(out.glob("*.docx"))
    with zipfile.ZipFile(tmp_path / "ra.zip") as archive:
        zipped = {Path(name).name for name in archive.namelist()}
    assert {REGISTER_NAME, *(d.with_suffix(".pdf").name for d in documents),
            *(d.stem + ".metadata.json" for d in documents)} <= zipped
    sheet = load_workbook(out / REGISTER_NAME).active
    header, *rows = list(sheet.iter_rows(values_only=True))
    assert list(header) == [title for title, _ in REGISTER_COLUMNS]
    assert len(rows) == len(documents) == 9
    pages = header.index("Số trang")
    for row in rows:
        pdf = out / row[header.index("Tệp")]
        assert pdfa.pdf_problems(pdf) == []
        entry = json.loads(pdf.with_name(pdf.stem + ".metadata.json").read_text("utf-8"))
        assert row[pages] == entry["PageAmount"] == page_count(pdf)
        assert row[0] == entry["CodeFull"] and row[3] == entry["SignerInfo"]["FullName"]
        draft = not entry["CodeNumber"]
        assert ("bản nháp" in (row[-1] or "")) == draft


# ------------------------------------------------------------------ smaller cases

def test_opaque_image_and_template_without_signature_space_warn(tmp_path: Path) -> None:
    white_ground = png([[(255, 255, 255)] * 40, [(20, 40, 190)] * 40] * 10)  # RGB: no alpha
    data = electronic_data(tmp_path, signature=white_ground, seal=seal_png())
    result = run("render", "ke-hoach", "--data", str(data), "--dien-tu",
                 "-o", str(tmp_path / "ra.docx"))
    assert result.exit_code == 0, result.output
    assert "Cảnh báo" in result.output and "không có nền trong suốt" in result.output
    template = Path(__file__).resolve().parent.parent / "templates_docx" / "phu_luc.docx"
    result = run("render", "ke-hoach", "--data", str(data), "--dien-tu", "--template",
                 str(template), "-o", str(tmp_path / "mau_rieng.docx"))
    assert result.exit_code == 0, result.output
    assert "chưa đặt được ảnh chữ ký, dấu" in result.output


def test_signing_without_images_gives_an_invisible_valid_signature(tmp_path: Path) -> None:
    shutil.copy(DATA / "lao_cai_2023.yaml", tmp_path)
    certificate = tmp_path / "office.p12"
    root = make_p12(certificate, None)  # a certificate without a password
    result = run("render", "ke-hoach", "--data", str(tmp_path / "lao_cai_2023.yaml"),
                 "--dien-tu", "--ky-so", "--chung-thu", str(certificate),
                 "-o", str(tmp_path / "ra.docx"))
    assert result.exit_code == 0, result.output
    status = validate_pdf((tmp_path / "ra.pdf").read_bytes(), [root])
    assert status.intact and status.valid and status.trusted
    with pikepdf.open(tmp_path / "ra.pdf") as document:
        rect = [float(v) for v in document.Root.AcroForm.Fields[0].Rect]
    assert rect[2] - rect[0] == 0 and rect[3] - rect[1] == 0


def test_annex_pages_are_numbered_from_one_as_on_paper(tmp_path: Path) -> None:
    shutil.copy(DATA / "ngoc_thuy_2023_dot2.yaml", tmp_path)
    result = run("render", "ke-hoach", "--data", str(tmp_path / "ngoc_thuy_2023_dot2.yaml"),
                 "--dien-tu", "-o", str(tmp_path / "ra.docx"))
    assert result.exit_code == 0, result.output
    pdf = tmp_path / "ra.pdf"
    pages = [subprocess.run(["pdftotext", "-layout", "-f", str(n), "-l", str(n), str(pdf), "-"],
                            capture_output=True, text=True, check=True).stdout.split()
             for n in range(1, page_count(pdf) + 1)]
    annex = next(n for n, words in enumerate(pages) if words[:2] == ["Phụ", "lục"])
    assert annex >= 2 and pages[1][0] == "2"  # the body: page 1 bare, then 2, 3 …
    for offset, words in enumerate(pages[annex + 1:], start=2):
        assert words[0] == str(offset)  # the annex counts again from 1 (its page 1 bare)


def test_without_pdfa_support_a_plain_pdf_is_kept_with_a_warning(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # -- what a LibreOffice older than 7.4 does with the options: a plain PDF --
    monkeypatch.setattr(pdfa, "PDFA_EXPORT", "pdf")
    shutil.copy(DATA / "lao_cai_2023.yaml", tmp_path)
    result = run("render", "ke-hoach", "--data", str(tmp_path / "lao_cai_2023.yaml"),
                 "--dien-tu", "-o", str(tmp_path / "ra.docx"))
    assert result.exit_code == 0, result.output
    assert "không xuất được PDF/A" in result.output and "(PDF, " in result.output
    assert pdfa.pdf_problems(tmp_path / "ra.pdf", pdfa=False) == []
    entry = json.loads((tmp_path / "ra.metadata.json").read_text(encoding="utf-8"))
    assert entry["Format"] == "PDF"


def test_bad_electronic_fields_are_located_vietnamese_errors(tmp_path: Path) -> None:
    shutil.copy(DATA / "lao_cai_2023.yaml", tmp_path)
    data = tmp_path / "sai.yaml"
    data.write_text("dua_tren: lao_cai_2023.yaml\ndien_tu:\n  do_khan: gấp\n"
                    "  thoi_gian_ky: hôm nay\n", encoding="utf-8")
    result = run("render", "ke-hoach", "--data", str(data), "--dien-tu",
                 "-o", str(tmp_path / "ra.docx"))
    assert result.exit_code == 2
    assert "sai.yaml:3:3: dien_tu.do_khan: phải là một trong" in result.output
    assert "sai.yaml:4:3: dien_tu.thoi_gian_ky: phải là ngày giờ" in result.output
    assert not list(tmp_path.glob("ra.*"))


def test_signature_field_finds_a_fine_image_that_libreoffice_downsampled(tmp_path: Path) -> None:
    data = electronic_data(tmp_path, signature=signature_png(dpi=600), seal=seal_png(dpi=600))
    certificate = tmp_path / "office.p12"
    root = make_p12(certificate, PASSWORD)
    result = run("render", "ke-hoach", "--data", str(data), "--dien-tu", "--ky-so",
                 "--chung-thu", str(certificate), "--mat-khau", PASSWORD,
                 "-o", str(tmp_path / "ra.docx"))
    assert result.exit_code == 0, result.output
    sig, seal = pdfgeom.image_boxes(tmp_path / "ra.pdf")
    assert sig.pixels[0] < 1063  # -- downsampled: the PNG is 1063 px wide --
    assert abs((seal.box[2] - seal.box[0]) - 36 * MM) < 1  # still its actual size
    with pikepdf.open(tmp_path / "ra.pdf") as document:
        rect = [float(v) for v in document.Root.AcroForm.Fields[0].Rect]
    assert all(abs(a - b) <= 1 for a, b in zip(rect, sig.box, strict=True))
    assert validate_pdf((tmp_path / "ra.pdf").read_bytes(), [root]).intact


def test_electronic_outputs_carry_a_valid_fingerprint(tmp_path: Path) -> None:
    from vbhc.document import fingerprint

    data = electronic_data(tmp_path, signature=signature_png(), seal=seal_png())
    shutil.copy(DATA / "ngoc_thuy_2023_dot2.yaml", tmp_path)
    runs = [("ke-hoach", data, tmp_path / "kh.docx"),
            ("phu-luc", tmp_path / "ngoc_thuy_2023_dot2.yaml", tmp_path / "pl.docx")]
    for kind, source, target in runs:
        first = run("render", kind, "--data", str(source), "--dien-tu", "-o", str(target))
        assert first.exit_code == 0, first.output
        recorded, current = fingerprint.read(target)
        assert recorded is not None and recorded == current
        # -- the pictures and the info header are vbhc's: no hand-edit refusal on a rerun --
        again = run("render", kind, "--data", str(source), "--dien-tu", "-o", str(target))
        assert again.exit_code == 0, again.output


def test_signing_prints_no_library_log_in_a_real_process(tmp_path: Path) -> None:
    # -- pytest captures logging, so only a separate process shows what a clerk would see --
    import os
    import sys

    data = electronic_data(tmp_path, signature=signature_png(), seal=seal_png())
    certificate = tmp_path / "office.p12"
    make_p12(certificate, PASSWORD)
    project = Path(__file__).resolve().parent.parent
    env = {**os.environ, "VBHC_MAT_KHAU": PASSWORD, "PYTHONPATH": str(project)}
    done = subprocess.run([sys.executable, "-m", "vbhc", "render", "ke-hoach", "--data",
                           str(data), "--dien-tu", "--ky-so", "--chung-thu", str(certificate),
                           "-o", str(tmp_path / "ra.docx")], capture_output=True, text=True,
                          env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "đã ký số" in done.stdout
    assert done.stderr == ""
