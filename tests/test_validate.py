"""`vbhc validate` and the consistency checks: every problem at once, located, in Vietnamese."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from vbhc.cli.main import cli

DATA = Path(__file__).resolve().parent.parent / "data"
LOCATED = re.compile(r"^(?:Lỗi: |Cảnh báo: |  )?(\S+\.yaml):(\d+):(\d+): (\S+): (.+)$")


def validate(path: Path, kind: str | None = None):  # noqa: ANN201
    args = ["validate", *([kind] if kind else []), "--data", str(path)]
    return CliRunner().invoke(cli, args)


def located(output: str) -> list[tuple[str, int, str, str]]:
    """Return (file, line, field, message) of every located line of the output."""
    out = []
    for line in output.splitlines():
        match = LOCATED.match(line)
        if match:
            out.append((match.group(1), int(match.group(2)), match.group(4), match.group(5)))
    return out


def edited(tmp_path: Path, name: str, *changes: tuple[str, str]) -> Path:
    text = (DATA / name).read_text(encoding="utf-8")
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new, 1)
    for item in DATA.iterdir():
        if item.suffix == ".xlsx" or item.name != name and item.suffix == ".yaml":
            (tmp_path / item.name).write_bytes(item.read_bytes())
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, start=1) if needle in line)


@pytest.mark.parametrize("name", sorted(p.name for p in DATA.glob("*.yaml")))
def test_every_example_validates_with_no_error(name: str) -> None:
    result = validate(DATA / name)
    assert result.exit_code == 0, result.output + result.stderr
    assert "hợp lệ" in result.output


def test_all_problems_at_once_with_file_line_field(tmp_path: Path) -> None:
    path = edited(tmp_path, "lao_cai_2023.yaml", ("\nso: 5\n", "\nso: năm\n"),
                  ("\ntrich_yeu:", "\ntrich_yue:"), ("ho_ten: Giàng Thị Dung", "ho_ten: ''"))
    result = validate(path)
    assert result.exit_code == 2
    problems = located(result.stderr)
    fields = {field for _, _, field, _ in problems}
    assert {"so", "trich_yue", "trich_yeu", "nguoi_ky.ho_ten"} <= fields
    lines = {field: line for _, line, field, _ in problems}
    assert lines["so"] == line_of(path, "so: năm")
    assert lines["trich_yue"] == line_of(path, "trich_yue:")
    assert lines["nguoi_ky.ho_ten"] == line_of(path, "ho_ten: ''")
    message = dict((f, m) for _, _, f, m in problems)["trich_yue"]
    assert message == "không có khóa 'trich_yue' — có phải 'trich_yeu'?"
    assert "Traceback" not in result.output


def test_unknown_reference_names_the_closest_known_name(tmp_path: Path) -> None:
    path = edited(tmp_path, "lao_cai_2023.yaml",
                  ("lần thứ\n    {{ thong_tin.lan_hanh_trinh }} năm",
                   "lần thứ\n    {{ thong_tin.lan_hanh_trinhh }} năm"))
    result = validate(path)
    assert result.exit_code == 2
    [(_, line, field, message)] = located(result.stderr)
    assert field == "mo_dau[0]" and line == line_of(path, "mo_dau:") + 1
    assert "'lan_hanh_trinhh'" in message and "có phải 'lan_hanh_trinh'?" in message


def test_warnings_do_not_fail(tmp_path: Path) -> None:
    typed = ("trước ngày\n          {{ thong_tin.han_bao_cao|ngay }}", "trước ngày 05/9/2022")
    path = edited(tmp_path, "lao_cai_2023.yaml", typed)
    result = validate(path)
    assert result.exit_code == 0
    [(_, line, field, message)] = located(result.stderr)
    assert result.stderr.startswith("Cảnh báo:")
    assert field == "noi_dung[5].muc[5].doan"
    assert "05/9/2022" in message and "2023" in message


def test_event_outside_the_campaign_period_and_before_issue(tmp_path: Path) -> None:
    path = edited(tmp_path, "lao_cai_2023.yaml", ("ngay: 2023-05-09", "ngay: 2023-04-01"))
    result = validate(path)
    assert result.exit_code == 0
    messages = [m for _, line, f, m in located(result.stderr)
                if f == "chien_dich.su_kien[0].ngay" and line == line_of(path, "2023-04-01")]
    assert any("ngoài thời gian chiến dịch (01/5 - 31/8/2023)" in m for m in messages)
    assert any("trước ngày ban hành 05/4/2023" in m for m in messages)


def test_event_in_another_year(tmp_path: Path) -> None:
    path = edited(tmp_path, "lao_cai_2023.yaml", ("ngay: 2023-08-08", "ngay: 2022-08-08"))
    result = validate(path)
    assert any("không thuộc năm 2023" in m for *_, m in located(result.stderr))


def test_ky_hieu_must_match_the_kind(tmp_path: Path) -> None:
    path = edited(tmp_path, "lao_cai_2023.yaml", ("\nso: 5\n", "\nso: 5\nky_hieu: BC-BCĐ\n"))
    result = validate(path)
    assert result.exit_code == 2
    [(_, line, field, message)] = located(result.stderr)
    assert field == "ky_hieu" and line == line_of(path, "ky_hieu: BC-BCĐ")
    assert message == "ký hiệu BC-BCĐ bắt đầu bằng 'BC' (Báo cáo) nhưng đây là Kế hoạch (KH)"


def test_annex_without_a_pointer_warns(tmp_path: Path) -> None:
    path = edited(tmp_path, "ngoc_thuy_2023_dot2.yaml",
                  ("thực hiện {{ phu_luc[0].dan_chieu }}.", "thực hiện."))
    result = validate(path)
    assert result.exit_code == 0
    assert any(f == "phu_luc" and "lời dẫn" in m for *_, f, m in located(result.stderr))


def test_cited_vbhc_document_must_agree(tmp_path: Path) -> None:
    path = edited(tmp_path, "ngoc_thuy_2023_dot2.yaml",
                  ("van_ban:\n", "van_ban:\n  kh_tinh:\n    tep: lao_cai_2023.yaml\n"
                                 "    so: 6\n"))
    result = validate(path)
    assert result.exit_code == 2
    [(_, _, field, message)] = located(result.stderr)
    assert field == "van_ban.kh_tinh.so"
    assert "ghi 6" in message and "lao_cai_2023.yaml" in message and "= 5" in message


def test_excel_problems_name_workbook_sheet_and_cell(tmp_path: Path) -> None:
    import openpyxl

    path = edited(tmp_path, "ngoc_thuy_2023_dot2_xlsx.yaml", ("dong_tieu_de: 1", "dong_tieu_de: 1"))
    workbook = tmp_path / "ngoc_thuy_chi_tieu.xlsx"
    book = openpyxl.load_workbook(workbook)
    book["Sheet1"]["B7"] = "mười"
    book["Sheet1"]["C9"] = "x"
    book.save(workbook)
    result = validate(path)
    assert result.exit_code == 2
    assert "ngoc_thuy_chi_tieu.xlsx[Sheet1!B7]: ca_nam:" in result.stderr
    assert "ngoc_thuy_chi_tieu.xlsx[Sheet1!C9]: da_thuc_hien:" in result.stderr


def test_cited_file_gives_its_rendered_title(tmp_path: Path) -> None:
    from vbhc.pipeline import render

    path = edited(tmp_path, "ngoc_thuy_2023_dot2.yaml",
                  ("van_ban:\n", "van_ban:\n  kh_tinh:\n    tep: lao_cai_2023.yaml\n"),
                  ("mo_dau:\n  - >-\n", "mo_dau:\n  - >-\n    {{ van_ban.kh_tinh.trich_yeu }}.\n"))
    opening = render.load(None, path).context["mo_dau"][0]
    assert "".join(s["chu"] for s in opening).startswith(
        "Thực hiện Chiến dịch “Những giọt máu hồng” - Hè năm 2023.")


def test_documents_citing_each_other_are_an_error(tmp_path: Path) -> None:
    first = edited(tmp_path, "ngoc_thuy_2023_dot2.yaml",
                   ("van_ban:\n", "van_ban:\n  kia:\n    tep: vong.yaml\n"))
    text = first.read_text(encoding="utf-8").replace("tep: vong.yaml",
                                                     "tep: ngoc_thuy_2023_dot2.yaml")
    (tmp_path / "vong.yaml").write_text(text, encoding="utf-8")
    result = validate(first)
    assert result.exit_code == 2 and "vòng lặp" in result.stderr


def test_a_year_change_warns_once_for_every_date_left_behind(tmp_path: Path) -> None:
    path = edited(tmp_path, "lao_cai_2023.yaml", ("ngay_ban_hanh: 2023-04-05",
                                                  "ngay_ban_hanh: 2024-04-05"),
                  ("  nam: 2023", "  nam: 2024"), ("tu_ngay: 2023-05-01", "tu_ngay: 2024-05-01"),
                  ("den_ngay: 2023-08-31", "den_ngay: 2024-08-31"))
    result = validate(path)
    assert result.exit_code == 0
    warned = [(field, line, message) for _, line, field, message in located(result.stderr)]
    fields = [field for field, *_ in warned]
    assert len(fields) == len(set(fields)), "one warning per field"
    stale = {field for field, _, message in warned if "không thuộc năm 2024" in message}
    events = len(yaml.safe_load(path.read_text(encoding="utf-8"))["chien_dich"]["su_kien"])
    assert stale == {"thong_tin.ngay_ton_vinh", "thong_tin.han_bao_cao",
                     *(f"chien_dich.su_kien[{i}].ngay" for i in range(events))}
    assert set(fields) == stale  # -- the cited document's date (van_ban) is not stale --
    line = line_of(path, "ngay_ton_vinh: 2023-06-14")
    assert ("thong_tin.ngay_ton_vinh", line) in {(f, li) for f, li, _ in warned}


def test_a_period_may_start_in_the_year_before_it_reaches() -> None:
    # -- Tam Đường reports "from 01/12/2022 until now" for 2023: no warning --
    result = validate(DATA / "tam_duong_2023.yaml")
    assert result.exit_code == 0 and "Cảnh báo" not in result.stderr


def test_an_issue_date_left_in_the_old_year_is_stale(tmp_path: Path) -> None:
    path = edited(tmp_path, "lao_cai_2023.yaml", ("  nam: 2023", "  nam: 2024"))
    result = validate(path)
    warned = {field: message for _, _, field, message in located(result.stderr)}
    assert "không thuộc năm 2024" in warned["ngay_ban_hanh"]
    assert "không thuộc năm 2024" in warned["chien_dich.tu_ngay"]
