"""Every NĐ30 model form as a kind: each example rendered, opened with python-docx, checked.

Expected values are computed here from the data files (read with PyYAML) and the
standard library, never copied from the output under test.
"""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from tests.docx_tools import all_paragraphs, find, open_docx, para_format, runs_format, texts
from vbhc.checker import check_docx
from vbhc.cli.main import cli
from vbhc.kinds import KINDS

DATA = Path(__file__).resolve().parent.parent / "data"
REQUIRED = ["ke-hoach", "bao-cao", "phu-luc", "quyet-dinh", "chi-thi", "thong-bao", "to-trinh",
            "huong-dan", "chuong-trinh", "phuong-an", "cong-van", "giay-moi", "bien-ban"]
EXAMPLES = {
    "quyet-dinh": ["qd_thanh_lap_bcd_2023.yaml", "qd_khen_thuong_2023.yaml",
                   "qd_ban_hanh_quy_che_bcd.yaml"],
    "cong-van": ["cv_phan_bo_chi_tieu_2023.yaml"], "thong-bao": ["tb_lich_hien_mau_2023.yaml"],
    "giay-moi": ["gm_le_ton_vinh_2023.yaml"], "to-trinh": ["ttr_kinh_phi_2023.yaml"],
    "chi-thi": ["ct_tang_cuong_hmtn.yaml"], "huong-dan": ["hd_to_chuc_ngay_hoi.yaml"],
    "bien-ban": ["bb_hop_bcd_2023.yaml"], "chuong-trinh": ["ctr_hanh_trinh_do_2023.yaml"],
    "phuong-an": ["pa_tiep_nhan_mau_tet_2024.yaml"], "de-an": ["da_ngan_hang_mau_song.yaml"],
    "quy-che": ["qc_phoi_hop_tiep_nhan_mau.yaml"], "quy-dinh": ["qyd_che_do_nguoi_hien_mau.yaml"],
    "thong-cao": ["tc_ngay_hoi_hien_mau_2023.yaml"],
}
CASES = [(kind, name) for kind, names in EXAMPLES.items() for name in names]
WEEKDAYS = ["Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật"]


def data(name: str) -> dict:
    return yaml.safe_load((DATA / name).read_text(encoding="utf-8"))


def formats(paragraph) -> set[tuple]:  # noqa: ANN001
    return {(f.size_pt, f.bold, f.italic) for f in runs_format(paragraph)}


def invoke(*args: str):  # noqa: ANN201
    return CliRunner().invoke(cli, list(args))


# ---------------------------------------------------------------- the registry

def test_kinds_lists_every_model_form() -> None:
    result = invoke("kinds")
    assert result.exit_code == 0
    lines = {line.split()[0]: line for line in result.output.splitlines()}
    for name in REQUIRED:
        kind = KINDS[name]
        assert name in lines
        assert kind.title in lines[name] and f"Mẫu {kind.model_form}" in lines[name]
        assert kind.example and (DATA.parent / kind.example).exists()
        if kind.abbreviation:
            assert f" {kind.abbreviation} " in lines[name]


@pytest.mark.parametrize("name", ["huong-dan", "chuong-trinh", "phuong-an", "de-an", "quy-che",
                                  "quy-dinh", "thong-cao"])
def test_mau_14_kinds_are_declared(name: str) -> None:
    from vbhc.kinds.declarations import DECLARATIONS

    declaration = next(d for d in DECLARATIONS if d.name == name)
    assert declaration.model_form == "1.4" and declaration.abbreviation


# ---------------------------------------------------------------- every example

@pytest.mark.parametrize(("kind", "name"), CASES)
def test_example_renders_and_passes_the_checker(rendered, kind: str, name: str) -> None:  # noqa: ANN001
    path = rendered(kind, name)
    report = check_docx(path)
    assert not report.failures, [str(f.as_dict()) for f in report.failures]
    document = open_docx(path)
    raw = data(name)
    number = find(document, "Số: ", exact=False).text
    abbreviation = KINDS[kind].abbreviation
    if abbreviation:
        title = find(document, KINDS[kind].title.upper())
        assert formats(title) == {(14, True, False)}
        assert para_format(title).alignment == "center"
        assert f"/{abbreviation}-{raw['co_quan_ban_hanh']['viet_tat']}" in number
    lines = texts(document)
    closing = lines[lines.index("Nơi nhận:" if "Nơi nhận:" in lines else "THƯ KÝ") - 1]
    assert closing.endswith("./.")


# ---------------------------------------------------------------- Quyết định

@pytest.fixture(scope="module")
def decision(rendered):  # noqa: ANN001, ANN201
    return open_docx(rendered("quyet-dinh", "qd_thanh_lap_bcd_2023.yaml"))


def test_decision_authority_basis_and_lead_in(decision) -> None:  # noqa: ANN001
    raw = data("qd_thanh_lap_bcd_2023.yaml")
    authority = find(decision, raw["tham_quyen"].upper())
    assert formats(authority) == {(14, True, False)}
    assert para_format(authority).alignment == "center"
    cited = raw["van_ban"]["qd_122"]
    basis = find(decision, f"Căn cứ Quyết định số {cited['so']}/{cited['ky_hieu']}", exact=False)
    day = cited["ngay"]
    assert f"ngày {day.day} tháng {day.month} năm {day.year} của {cited['co_quan']}" in basis.text
    assert basis.text.endswith(";") and all(f[2] for f in formats(basis))
    law = find(decision, "Căn cứ Luật Tổ chức chính quyền địa phương", exact=False)
    assert "ngày 19 tháng 6 năm 2015" in law.text
    proposal = find(decision, f"Theo đề nghị của {raw['theo_de_nghi']}.")
    assert all(f[2] for f in formats(proposal))
    lead = find(decision, "QUYẾT ĐỊNH:")
    assert formats(lead) == {(14, True, False)} and para_format(lead).alignment == "center"


def test_decision_articles_bold_numbered_and_named_in_recipients(decision) -> None:  # noqa: ANN001
    raw = data("qd_thanh_lap_bcd_2023.yaml")
    articles = [p for p in all_paragraphs(decision) if p.text.startswith("Điều ")]
    assert [p.text.split(".")[0] for p in articles] == [
        f"Điều {n}" for n in range(1, len(raw["dieu"]) + 1)]
    for paragraph in articles:
        first = runs_format(paragraph)[0]
        assert first.bold
        assert not runs_format(paragraph)[-1].bold  # -- the article's text is upright regular --
        assert para_format(paragraph).alignment == "both"
    members = len(raw["danh_sach"][0]["dong"])
    assert f"gồm {members} thành viên (có danh sách kèm theo)" in articles[0].text
    recipients = texts(decision)[texts(decision).index("Nơi nhận:") + 1]
    assert recipients == f"- Như Điều {len(raw['dieu'])};"
    assert articles[-1].text.endswith("tại Điều 1 chịu trách nhiệm thi hành Quyết định này./.")


def test_decision_carries_its_list_with_a_kem_theo_line(decision) -> None:  # noqa: ANN001
    raw = data("qd_thanh_lap_bcd_2023.yaml")
    title = find(decision, raw["danh_sach"][0]["tieu_de"][0].upper())
    assert formats(title) == {(14, True, False)}
    day = raw["ngay_ban_hanh"]
    attached = find(decision, "(Kèm theo Quyết định số", exact=False)
    assert attached.text == (f"(Kèm theo Quyết định số {raw['so']}/QĐ-UBND ngày {day.day} "
                             f"tháng {day.month} năm {day.year} của "
                             f"{raw['co_quan_ban_hanh']['ten']})")
    assert all(f[2] for f in formats(attached))
    table = decision.tables[-1]
    rows = raw["danh_sach"][0]["dong"]
    assert len(table.rows) == len(rows) + 1
    assert [c.text for c in table.rows[1].cells] == ["1", rows[0]["ho_ten"], rows[0]["chuc_vu"],
                                                     rows[0]["nhiem_vu"]]


def test_adding_an_article_renumbers_the_rest_and_nhu_dieu(tmp_path: Path) -> None:
    text = (DATA / "qd_thanh_lap_bcd_2023.yaml").read_text(encoding="utf-8")
    marker = "  - khoa: hieu_luc\n"
    inserted = "  - doan: Ban Chỉ đạo sử dụng con dấu của Ủy ban nhân dân tỉnh.\n"
    assert marker in text
    (tmp_path / "qd.yaml").write_text(text.replace(marker, inserted + marker), encoding="utf-8")
    (tmp_path / "lao_cai_2023.yaml").write_bytes((DATA / "lao_cai_2023.yaml").read_bytes())
    out = tmp_path / "qd.docx"
    assert invoke("render", "quyet-dinh", "--data", str(tmp_path / "qd.yaml"), "-o",
                  str(out)).exit_code == 0
    document = open_docx(out)
    lines = texts(document)
    assert "Điều 3. Ban Chỉ đạo sử dụng con dấu của Ủy ban nhân dân tỉnh." in lines
    assert any(t.startswith("Điều 4. Quyết định này có hiệu lực") for t in lines)
    assert any(t.startswith("Điều 5. Chánh Văn phòng") for t in lines)
    assert "- Như Điều 5;" in lines
    # -- references by key keep pointing at the same articles --
    assert any("nhiệm vụ quy định tại Điều 2." in t for t in lines)


def test_a_decision_with_its_list_and_a_quota_annex(tmp_path: Path) -> None:
    # -- the list (danh_sach) and the data's own annex (phu_luc) share the annex template;
    #    an annex without a list once failed with "'dict object' has no attribute" --
    raw = data("qd_thanh_lap_bcd_2023.yaml")
    raw["phu_luc"] = [{"tieu_de": ["DANH SÁCH", "Phân bổ chỉ tiêu năm 2023"],
                       "bang_chi_tieu": {"cot_ten": "Đơn vị", "dong": [
                           {"ten": "huyện Bát Xát", "ca_nam": 300, "da_thuc_hien": 120},
                           {"ten": "huyện Sa Pa", "ca_nam": 250, "da_thuc_hien": 90}]}}]
    (tmp_path / "qd.yaml").write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    (tmp_path / "lao_cai_2023.yaml").write_bytes((DATA / "lao_cai_2023.yaml").read_bytes())
    out = tmp_path / "qd.docx"
    result = invoke("render", "quyet-dinh", "--data", str(tmp_path / "qd.yaml"), "-o", str(out))
    assert result.exit_code == 0, result.output
    lines = texts(open_docx(out))
    assert "Phụ lục I" in lines and "Phụ lục II" in lines
    assert "huyện Sa Pa" in " ".join(lines)
    assert len([t for t in lines if t.startswith("(Kèm theo Quyết định số")]) == 2


def test_honours_count_comes_from_the_list(rendered) -> None:  # noqa: ANN001
    raw = data("qd_khen_thuong_2023.yaml")
    document = open_docx(rendered("quyet-dinh", "qd_khen_thuong_2023.yaml"))
    rows = raw["danh_sach"][0]["dong"]
    first = find(document, "Điều 1.", exact=False)
    assert f"cho {len(rows)} cá nhân" in first.text
    total = document.tables[-1].rows[-1].cells[-1].text
    assert total == f"{sum(r['so_lan'] for r in rows)}"


# ---------------------------------------------------------------- Công văn

def test_cong_van_has_v_v_kinh_gui_and_nhu_tren(rendered) -> None:  # noqa: ANN001
    raw = data("cv_phan_bo_chi_tieu_2023.yaml")
    document = open_docx(rendered("cong-van", "cv_phan_bo_chi_tieu_2023.yaml"))
    lines = texts(document)
    assert "CÔNG VĂN" not in lines
    cell = document.tables[0].rows[1].cells[0]
    number, subject = [p for p in cell.paragraphs if p.text.strip()]
    assert number.text == f"Số: {raw['so']}/{raw['co_quan_ban_hanh']['viet_tat']}-" \
                          f"{raw['luu']['don_vi']}"
    assert subject.text == "V/v " + " ".join(raw["trich_yeu"])
    assert formats(subject) == {(12, False, False)}
    assert para_format(subject).alignment == "center"
    first = find(document, "Kính gửi:", exact=False)
    assert first.text == f"Kính gửi:\t- {raw['kinh_gui'][0]};"
    assert f"- {raw['kinh_gui'][-1]}." in lines
    assert not any(f[2] for f in formats(first))
    assert lines[lines.index("Nơi nhận:") + 1] == "- Như trên;"


# ---------------------------------------------------------------- Giấy mời

def test_invitation_lines(rendered) -> None:  # noqa: ANN001
    raw = data("gm_le_ton_vinh_2023.yaml")["giay_moi"]
    document = open_docx(rendered("giay-moi", "gm_le_ton_vinh_2023.yaml"))
    day = raw["thoi_gian"]["ngay"]
    start, end = raw["thoi_gian"]["tu"].replace(":", "h"), raw["thoi_gian"]["den"].replace(":", "h")
    expected = (f"Thời gian: {start} – {end}, {WEEKDAYS[day.weekday()]}, "
                f"ngày {day.day:02d}/{day.month}/{day.year}.")
    assert find(document, expected)
    assert find(document, f"trân trọng kính mời: {raw['kinh_moi']}.", exact=False)
    assert find(document, f"Địa điểm: {raw['dia_diem']}.")


def test_batch_writes_one_invitation_per_invitee(tmp_path: Path) -> None:
    raw = data("gm_le_ton_vinh_2023.yaml")
    result = invoke("batch", "giay-moi", "--data", str(DATA / "gm_le_ton_vinh_2023.yaml"),
                    "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    written = sorted((tmp_path / "out").glob("*.docx"))
    assert len(written) == len(raw["don_vi"])
    invited = set()
    for path in written:
        line = find(open_docx(path), "trân trọng kính mời:", exact=False).text
        invited.add(line.split("kính mời: ", 1)[1].rstrip("."))
        assert not check_docx(path).failures
    assert invited == {row["ten"] for row in raw["don_vi"]}


# ---------------------------------------------------------------- Tờ trình, Chỉ thị, Thông báo

def test_to_trinh_cost_table_total_and_words(rendered) -> None:  # noqa: ANN001
    raw = data("ttr_kinh_phi_2023.yaml")
    document = open_docx(rendered("to-trinh", "ttr_kinh_phi_2023.yaml"))
    total = sum(r["so_luong"] * r["don_gia"] for r in raw["kinh_phi"]["dong"])
    table = document.tables[1]
    assert table.rows[-1].cells[-1].text == f"{total:,}".replace(",", ".")
    assert len(table.rows) == len(raw["kinh_phi"]["dong"]) + 2
    assert find(document, "Bằng chữ: Ba mươi tám triệu không trăm linh năm nghìn đồng.")
    assert total == 38_005_000
    assert find(document, f"Kính gửi:\t{raw['kinh_gui']}")
    lines = texts(document)
    assert lines[lines.index("Nơi nhận:") + 1] == "- Như trên;"


def test_chi_thi_lead_in_and_clauses(rendered) -> None:  # noqa: ANN001
    raw = data("ct_tang_cuong_hmtn.yaml")
    document = open_docx(rendered("chi-thi", "ct_tang_cuong_hmtn.yaml"))
    assert find(document, f", {raw['nguoi_chi_thi']} chỉ thị:", exact=False)
    for index, clause in enumerate(raw["khoan"], start=1):
        heading = find(document, f"{index}. {clause['tieu_de']}")
        assert all(f[1] for f in formats(heading))
    assert find(document, f"a) {raw['khoan'][0]['diem'][0]}")


def test_thong_bao_schedule_ranges_and_citations(rendered) -> None:  # noqa: ANN001
    document = open_docx(rendered("thong-bao", "tb_lich_hien_mau_2023.yaml"))
    lines = texts(document)
    assert any(t.startswith("- 07h00 – 11h30, Thứ năm, ngày 01/6/2023:") and
               t.endswith("chỉ tiêu 200 – 250 đơn vị máu.") for t in lines)
    assert any("ngày 21/6/2023 và Thứ năm, ngày 22/6/2023" in t for t in lines)
    assert any("chỉ tiêu trên 1.000 đơn vị máu" in t for t in lines)
    assert any("Công văn số 893 của Bệnh viện Quân y 211" in t for t in lines)


# ---------------------------------------------------------------- Biên bản

def test_bien_ban_meeting_and_two_signers(rendered) -> None:  # noqa: ANN001
    raw = data("bb_hop_bcd_2023.yaml")["bien_ban"]
    document = open_docx(rendered("bien-ban", "bb_hop_bcd_2023.yaml"))
    lines = texts(document)
    assert "Nơi nhận:" not in lines
    day = raw["bat_dau"]["ngay"]
    assert f"Thời gian bắt đầu: 08 giờ 00, ngày {day.day:02d} tháng {day.month} năm " \
           f"{day.year}." in lines
    assert any(t.startswith("Cuộc họp kết thúc vào 11 giờ 15") for t in lines)
    table = document.tables[-1]
    left, right = ([p.text for p in c.paragraphs if p.text] for c in table.rows[0].cells)
    assert left == ["THƯ KÝ", raw["thu_ky"]["ho_ten"]]
    assert right == ["CHỦ TỌA", raw["chu_tri"]["ho_ten"]]


# ---------------------------------------------------------------- bad input

def without(text: str, key: str) -> str:
    """Return YAML ``text`` without the top-level ``key`` and its block."""
    lines = text.splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith(f"{key}:"))
    end = next((i for i in range(start + 1, len(lines))
                if lines[i][:1].strip() and not lines[i].startswith("#")), len(lines))
    return "".join(lines[:start] + lines[end:])


@pytest.mark.parametrize(("name", "old", "new", "message"), [
    ("qd_thanh_lap_bcd_2023.yaml", "dieu", None, "cần ít nhất một Điều"),
    ("cv_phan_bo_chi_tieu_2023.yaml", "trich_yeu", None, "V/v"),
    ("cv_phan_bo_chi_tieu_2023.yaml", "kinh_gui:\n", "tham_quyen: Chủ tịch\nkinh_gui:\n",
     "không có phần 'tham_quyen'"),
    ("gm_le_ton_vinh_2023.yaml", 'tu: "07:30"', 'tu: "11:30"', "không sau giờ bắt đầu"),
    ("gm_le_ton_vinh_2023.yaml", "giay_moi don_vi", None, "Giấy mời cần 'giay_moi'"),
    ("bb_hop_bcd_2023.yaml", "bien_ban", None, "Biên bản cần 'bien_ban'"),
    ("ttr_kinh_phi_2023.yaml", "kinh_gui", None, "Tờ trình cần 'kinh_gui'"),
    ("qd_thanh_lap_bcd_2023.yaml", "\ndieu:\n", "\nnoi_dung:\n  - tieu_de: Mục thừa\ndieu:\n",
     "không viết theo cấu trúc 'noi_dung'"),
    ("qd_thanh_lap_bcd_2023.yaml", "so: 812\n", "so: 812\nky_hieu: KH-UBND\n", "'KH' (Kế hoạch)"),
    ("cv_phan_bo_chi_tieu_2023.yaml", "so: 1546\n", "so: 1546\nky_hieu: QĐ-UBND\n",
     "không có tên loại"),
])
def test_bad_input_is_located_in_vietnamese(tmp_path: Path, name: str, old: str,
                                            new: str | None, message: str) -> None:
    text = (DATA / name).read_text(encoding="utf-8")
    assert old.split()[0] in text
    for item in DATA.glob("*.yaml"):
        (tmp_path / item.name).write_bytes(item.read_bytes())
    changed = text
    for key in old.split() if new is None else ():
        changed = without(changed, key)
    if new is not None:
        changed = text.replace(old, new, 1)
    (tmp_path / name).write_text(changed, encoding="utf-8")
    result = invoke("validate", "--data", str(tmp_path / name))
    assert result.exit_code == 2
    output = result.output + result.stderr
    assert message in output and f"{name}:" in output and "Traceback" not in output
    line = next(t for t in output.splitlines() if message in t)
    assert line.split(f"{name}:", 1)[1].split(":", 1)[0].isdigit()


# ---------------------------------------------------------------- vbhc new

@pytest.mark.parametrize("kind", sorted(KINDS))
def test_new_skeleton_validates_once_filled(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "moi.yaml"
    assert invoke("new", kind, "-o", str(path)).exit_code == 0
    text = path.read_text(encoding="utf-8")
    assert text.startswith("#") and "<" in text
    unfilled = invoke("validate", kind, "--data", str(path))
    assert unfilled.exit_code == 2 and "chưa điền" in unfilled.output + unfilled.stderr
    import re

    path.write_text(re.sub(r"<[^<>]+>", "Nội dung mẫu", text), encoding="utf-8")
    result = invoke("validate", kind, "--data", str(path))
    assert result.exit_code == 0, result.output + result.stderr
    out = tmp_path / "moi.docx"
    assert invoke("render", kind, "--data", str(path), "-o", str(out)).exit_code == 0
    assert out.stat().st_size > 0


# ---------------------------------------------------------------- the checker

@pytest.mark.parametrize(("kind", "name"), [c for c in CASES if KINDS[c[0]].abbreviation])
def test_checker_flags_a_ky_hieu_of_another_type(rendered, tmp_path: Path, kind: str,
                                                 name: str) -> None:  # noqa: ANN001
    source = rendered(kind, name)
    abbreviation = KINDS[kind].abbreviation
    other = "BC" if abbreviation != "BC" else "KH"
    target = tmp_path / "sai.docx"
    with zipfile.ZipFile(source) as archive, zipfile.ZipFile(target, "w") as out:
        for item in archive.infolist():
            content = archive.read(item)
            if item.filename == "word/document.xml":
                content = content.replace(f"/{abbreviation}-".encode(), f"/{other}-".encode(), 1)
            out.writestr(item, content)
    assert "C13" in {f.rule for f in check_docx(target).failures}


def test_amount_in_words() -> None:
    from vbhc.core.amounts import amount_words, number_words

    assert amount_words(105) == "Một trăm linh năm đồng"
    assert amount_words(1_005) == "Một nghìn không trăm linh năm đồng"
    assert amount_words(1_005_000) == "Một triệu không trăm linh năm nghìn đồng"
    assert number_words(21) == "Hai mươi mốt"
    assert number_words(25) == "Hai mươi lăm"
    assert amount_words(1_000_000_000) == "Một tỷ đồng"
    assert amount_words(0) == "Không đồng"
    assert number_words(10) == "Mười"
    assert number_words(15) == "Mười lăm"
    assert number_words(110) == "Một trăm mười"
    assert amount_words(3_500_000) == "Ba triệu năm trăm nghìn đồng"
    assert date(2023, 6, 14).weekday() == 2  # -- the weekday table above starts on Monday --


def test_a_copy_says_da_ky_in_the_signature_space(tmp_path: Path) -> None:
    text = (DATA / "ct_tang_cuong_hmtn.yaml").read_text(encoding="utf-8")
    path = tmp_path / "ban_sao.yaml"
    path.write_text(text.replace("  ho_ten: Trịnh Xuân Trường\n",
                                 "  ho_ten: Trịnh Xuân Trường\n  da_ky: true\n"), encoding="utf-8")
    out = tmp_path / "ban_sao.docx"
    assert invoke("render", "chi-thi", "--data", str(path), "-o", str(out)).exit_code == 0
    cell = open_docx(out).tables[-1].rows[0].cells[1]
    lines = [p.text for p in cell.paragraphs if p.text]
    assert lines == ["CHỦ TỊCH", "(Đã ký)", "Trịnh Xuân Trường"]
    report = check_docx(out)
    assert not report.failures and not report.warnings


def test_batch_invitees_from_excel_and_one_cong_van_per_recipient(tmp_path: Path) -> None:
    import openpyxl

    for item in DATA.glob("*.yaml"):
        (tmp_path / item.name).write_bytes(item.read_bytes())
    invitees = ["Đồng chí Vũ Đức Minh, Phó Giám đốc Sở Giáo dục và Đào tạo",
                "Đồng chí Đỗ Minh Tuấn, Hội Chữ thập đỏ tỉnh"]
    workbook = openpyxl.Workbook()
    workbook.active.append(["Đơn vị"])
    for name in invitees:
        workbook.active.append([name])
    workbook.save(tmp_path / "khach_moi.xlsx")
    text = (DATA / "gm_le_ton_vinh_2023.yaml").read_text(encoding="utf-8")
    head = text[:text.index("\ndon_vi:")]
    (tmp_path / "gm.yaml").write_text(head + "\ndon_vi: {tep: khach_moi.xlsx}\n",
                                      encoding="utf-8")
    result = invoke("batch", "giay-moi", "--data", str(tmp_path / "gm.yaml"), "-o",
                    str(tmp_path / "gm"))
    assert result.exit_code == 0, result.output
    lines = {find(open_docx(p), "kính mời:", exact=False).text
             for p in (tmp_path / "gm").glob("*.docx")}
    assert {line.split("kính mời: ", 1)[1].rstrip(".") for line in lines} == set(invitees)
    recipients = ["Ủy ban nhân dân huyện Bát Xát", "Ủy ban nhân dân huyện Bắc Hà"]
    cv = (DATA / "cv_phan_bo_chi_tieu_2023.yaml").read_text(encoding="utf-8")
    (tmp_path / "cv.yaml").write_text(cv + "don_vi:\n" + "".join(
        f"  - ten: {name}\n" for name in recipients), encoding="utf-8")
    result = invoke("batch", "cong-van", "--data", str(tmp_path / "cv.yaml"), "-o",
                    str(tmp_path / "cv"))
    assert result.exit_code == 0, result.output
    sent = {find(open_docx(p), "Kính gửi:", exact=False).text.split("\t")[1]
            for p in (tmp_path / "cv").glob("*.docx")}
    assert sent == set(recipients)


def _edited_docx(source: Path, target: Path, old: str, new: str) -> Path:
    with zipfile.ZipFile(source) as archive, zipfile.ZipFile(target, "w") as out:
        for item in archive.infolist():
            content = archive.read(item)
            if item.filename == "word/document.xml":
                assert old.encode() in content
                content = content.replace(old.encode(), new.encode(), 1)
            out.writestr(item, content)
    return target


def test_checker_flags_a_gap_in_articles_and_a_typed_cong_van(rendered, tmp_path: Path) -> None:  # noqa: ANN001
    decision = rendered("quyet-dinh", "qd_thanh_lap_bcd_2023.yaml")
    gap = _edited_docx(decision, tmp_path / "gap.docx", "Điều 3.", "Điều 5.")
    assert any(f.rule == "C20" and "Điều 5" in f.found for f in check_docx(gap).failures)
    letter = rendered("cong-van", "cv_phan_bo_chi_tieu_2023.yaml")
    typed = _edited_docx(letter, tmp_path / "typed.docx", "/UBND-VX", "/QĐ-VX")
    assert "C13" in {f.rule for f in check_docx(typed).failures}


def test_decision_issuing_a_regulation_carries_it_with_its_own_title(rendered) -> None:  # noqa: ANN001
    raw = data("qd_ban_hanh_quy_che_bcd.yaml")
    path = rendered("quyet-dinh", "qd_ban_hanh_quy_che_bcd.yaml")
    document = open_docx(path)
    text = raw["kem_theo"]
    subject = " ".join(text["trich_yeu"])
    first = find(document, "Điều 1.", exact=False)
    assert first.text == (f"Điều 1. Ban hành kèm theo Quyết định này {text['ten_loai']} "
                          f"{subject[0].lower()}{subject[1:]}.")
    title = find(document, text["ten_loai"].upper())
    assert formats(title) == {(14, True, False)}
    assert len(document.sections) == 2  # -- the regulation starts its own section --
    day = raw["ngay_ban_hanh"]
    attached = find(document, "(Kèm theo Quyết định số", exact=False)
    assert attached.text.startswith(f"(Kèm theo Quyết định số {raw['so']:02d}/QĐ-BCĐ ngày "
                                    f"{day.day} tháng {day.month} năm {day.year}")
    lines = texts(document)
    chapters = [t for t in lines if t.startswith("Chương ")]
    assert chapters == [f"Chương {n}" for n in ("I", "II")[:len(text["chuong"])]]
    articles = [t.split(".")[0] for t in lines[lines.index(attached.text):]
                if t.startswith("Điều ")]
    count = sum(len(c["dieu"]) for c in text["chuong"])
    assert articles == [f"Điều {n}" for n in range(1, count + 1)]
    assert lines[-1].endswith("./.")
    assert lines.count(text["chuong"][0]["tieu_de"].upper()) == 1
    assert not check_docx(path).failures


@pytest.mark.parametrize(("kind", "key"), [("quyet-dinh", "danh_sach"),
                                           ("thong-bao", "lich")])
def test_new_optional_parts_validate_once_uncommented(tmp_path: Path, kind: str,
                                                      key: str) -> None:
    import re

    path = tmp_path / "vb.yaml"
    assert invoke("new", kind, "-o", str(path)).exit_code == 0
    lines, inside = [], False
    for line in re.sub(r"<[^<>]+>", "Nội dung mẫu",
                       path.read_text(encoding="utf-8")).splitlines():
        inside = inside or line.startswith(("# danh_sach:", "# kem_theo:", "# chi_tieu:",
                                            "# lich:"))
        if inside and line.startswith("# "):
            line = line[2:]
        else:
            inside = False
        lines.append(line)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert f"\n{key}:" in path.read_text(encoding="utf-8")
    result = invoke("validate", kind, "--data", str(path))
    assert result.exit_code == 0, result.output + result.stderr


@pytest.mark.parametrize("type_name", sorted(__import__(
    "vbhc.kinds.consistency", fromlist=["TYPE_ABBREVIATIONS"]).TYPE_ABBREVIATIONS.values()))
def test_checker_matches_ky_hieu_and_ten_loai_for_every_phu_luc_iii_type(
        rendered, tmp_path: Path, type_name: str) -> None:  # noqa: ANN001
    from vbhc.kinds.consistency import TYPE_ABBREVIATIONS

    abbreviation = next(k for k, v in TYPE_ABBREVIATIONS.items() if v == type_name)
    wrong = "KH" if abbreviation != "KH" else "BC"
    source = rendered("thong-bao", "tb_lich_hien_mau_2023.yaml")
    for code, expect in ((abbreviation, False), (wrong, True)):
        target = tmp_path / f"{code}.docx"
        with zipfile.ZipFile(source) as archive, zipfile.ZipFile(target, "w") as out:
            for item in archive.infolist():
                content = archive.read(item)
                if item.filename == "word/document.xml":
                    content = content.replace(b">TH\xc3\x94NG B\xc3\x81O<",
                                              f">{type_name.upper()}<".encode(), 1)
                    content = content.replace(b"/TB-", f"/{code}-".encode(), 1)
                out.writestr(item, content)
        flagged = "C13" in {f.rule for f in check_docx(target).failures}
        assert flagged is expect, (type_name, code)


def test_chapters_sections_and_the_executing_article(tmp_path: Path) -> None:
    text = """\
loai: quyet-dinh
co_quan_ban_hanh: {ten: Ủy ban nhân dân tỉnh Lào Cai, viet_tat: UBND}
so: 20
dia_danh: Lào Cai
ngay_ban_hanh: 2023-05-02
trich_yeu: Về việc thử cấu trúc chương, mục
tham_quyen: Chủ tịch Ủy ban nhân dân tỉnh Lào Cai
chuong:
  - tieu_de: Quy định chung
    dieu:
      - doan: Điều thứ nhất.
  - tieu_de: Tổ chức thực hiện
    muc:
      - tieu_de: Trách nhiệm của các sở
        dieu:
          - {doan: Điều thứ hai., thi_hanh: true}
          - doan: Điều thứ ba.
noi_nhan: [Sở Y tế]
nguoi_ky: {chuc_danh: [CHỦ TỊCH], ho_ten: Trịnh Xuân Trường}
"""
    path = tmp_path / "qd.yaml"
    path.write_text(text, encoding="utf-8")
    out = tmp_path / "qd.docx"
    result = invoke("render", "quyet-dinh", "--data", str(path), "-o", str(out))
    assert result.exit_code == 0, result.output + result.stderr
    document = open_docx(out)
    lines = texts(document)
    body = lines[lines.index("QUYẾT ĐỊNH:") + 1:lines.index("Nơi nhận:")]
    assert body == ["Chương I", "QUY ĐỊNH CHUNG", "Điều 1. Điều thứ nhất.", "Chương II",
                    "TỔ CHỨC THỰC HIỆN", "Mục 1", "TRÁCH NHIỆM CỦA CÁC SỞ",
                    "Điều 2. Điều thứ hai.", "Điều 3. Điều thứ ba./."]
    for heading in ("Chương II", "Mục 1", "TỔ CHỨC THỰC HIỆN"):
        paragraph = find(document, heading)
        assert para_format(paragraph).alignment == "center"
        assert all(f[1] for f in formats(paragraph))
    assert lines[lines.index("Nơi nhận:") + 1] == "- Như Điều 2;"
    assert not check_docx(out).failures
