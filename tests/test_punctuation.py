"""Punctuation vbhc adds itself is never doubled when a clerk types it too (issue 12.5)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from tests.docx_tools import open_docx, texts
from tests.test_validate import DATA, edited, line_of, located
from vbhc.cli.main import cli

PLAN = "lao_cai_2023.yaml"


def render(data: Path, output: Path):  # noqa: ANN201
    return CliRunner().invoke(cli, ["render", "ke-hoach", "--data", str(data), "-o",
                                    str(output)])


def test_typed_dashes_and_semicolons_are_not_doubled(tmp_path: Path) -> None:
    typed = edited(tmp_path, PLAN,
                   ("  - Cổng TTĐT tỉnh\n", "  - Cổng TTĐT tỉnh;\n"),
                   ("  - Viện Huyết học - Truyền máu TW\n",
                    "  - \"- Viện Huyết học - Truyền máu TW;\"\n"),
                   ("  don_vi: VX4", "  don_vi: VX4."),
                   ("- Hiến máu cứu người - Một nghĩa cử cao đẹp.",
                    "- \"+ Hiến máu cứu người - Một nghĩa cử cao đẹp.\""))
    plain = tmp_path / "plain.docx"
    assert render(DATA / PLAN, plain).exit_code == 0
    result = render(typed, tmp_path / "typed.docx")
    assert result.exit_code == 0, result.output
    assert texts(open_docx(tmp_path / "typed.docx")) == texts(open_docx(plain))
    assert not located(result.stderr)  # -- only what vbhc adds itself: not a word --
    assert any(text == "- Cổng TTĐT tỉnh;" for text in texts(open_docx(plain)))


def test_other_typed_marks_are_removed_with_a_warning(tmp_path: Path) -> None:
    typed = edited(tmp_path, PLAN, ("  - Cổng TTĐT tỉnh\n", "  - Cổng TTĐT tỉnh,\n"),
                   ("  - Các thành viên BCĐ HMTN tỉnh\n", "  - • Các thành viên BCĐ HMTN tỉnh\n"))
    plain = tmp_path / "plain.docx"
    assert render(DATA / PLAN, plain).exit_code == 0
    result = render(typed, tmp_path / "typed.docx")
    assert result.exit_code == 0, result.output
    assert texts(open_docx(tmp_path / "typed.docx")) == texts(open_docx(plain))
    warned = {(line, field) for _, line, field, message in located(result.stderr)
              if "đã bỏ" in message}
    assert warned == {(line_of(typed, "Cổng TTĐT tỉnh,"), "noi_nhan[3]"),
                      (line_of(typed, "• Các thành viên"), "noi_nhan[0]")}
