"""Every document vbhc renders passes its own NĐ30 checker with no failure."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from vbhc.checker import check_docx
from vbhc.cli.main import cli
from vbhc.kinds import KINDS
from vbhc.kinds.declared import DeclaredKind

# -- strict: a checker rule that crashes fails the test instead of becoming a warning --
pytestmark = pytest.mark.usefixtures("strict_checker")

DATA = Path(__file__).resolve().parent.parent / "data"
EXAMPLES = [
    ("ke-hoach", "lao_cai_2023.yaml"),
    ("ke-hoach", "lao_cai_2023_dien_tu.yaml"),  # the paper form; --dien-tu in test_electronic
    ("ke-hoach", "ngoc_thuy_2023_dot2.yaml"),
    ("ke-hoach", "ngoc_thuy_2023_dot2_xlsx.yaml"),
    ("phu-luc", "ngoc_thuy_2023_dot2.yaml"),
    ("bao-cao", "tam_duong_2023.yaml"),
    ("bao-cao", "lao_cai_2023_tong_ket.yaml"),
    ("phu-luc", "lao_cai_2023_tong_ket.yaml"),
    ("quyet-dinh", "qd_khen_thuong_2023.yaml"),
    # -- one example per declared kind (Quyết định, Công văn, Giấy mời, Biên bản …) --
    *[(kind.name, Path(kind.example).name) for kind in KINDS.values()
      if isinstance(kind, DeclaredKind) and kind.example],
]


@pytest.mark.parametrize(("kind", "name"), EXAMPLES)
def test_example_passes_the_checker(rendered, kind: str, name: str) -> None:  # noqa: ANN001
    report = check_docx(rendered(kind, name))
    assert report.failures == [], [f"{f.rule}: {f.found}" for f in report.failures]


def test_every_plain_example_is_covered() -> None:
    documents = {p.name for p in DATA.glob("*.yaml")
                 if "don_vi:" not in p.read_text(encoding="utf-8")}
    assert documents <= {name for _, name in EXAMPLES}


def test_render_prints_the_check_summary(tmp_path: Path) -> None:
    target = tmp_path / "kh.docx"
    result = CliRunner().invoke(cli, ["render", "ke-hoach", "--data",
                                      str(DATA / "lao_cai_2023.yaml"), "-o", str(target),
                                      "--kiem-tra"])
    assert result.exit_code == 0
    assert f"Kiểm tra NĐ 30: {target}: 0 lỗi" in result.output
