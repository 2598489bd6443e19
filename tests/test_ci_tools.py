"""The ``needs`` markers (tests/conftest.py): a CI run without LibreOffice or poppler fails.

Each check runs pytest in a subprocess whose PATH is an empty folder, so neither
``soffice`` nor poppler can be found, and looks at its exit code and output.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests import test_batch_pdf, test_pdf, test_pdf_documents

PROJECT = Path(__file__).resolve().parent.parent
CORRUPT = "tests/test_pdf.py::test_corrupt_docx_fails_alone"  # needs LibreOffice only
A4 = "tests/test_pdf.py::test_pages_are_a4"  # needs LibreOffice and poppler


def run_pytest(tmp_path: Path, *tests: str, ci: str | None) -> subprocess.CompletedProcess:
    """Run pytest on ``tests`` with nothing on PATH; CI set to ``ci`` (None: unset)."""
    empty = tmp_path / "empty_path"
    empty.mkdir(exist_ok=True)
    env = {key: value for key, value in os.environ.items() if key != "CI"}
    env.update(PATH=str(empty), PYTHONPATH=str(PROJECT))
    if ci is not None:
        env["CI"] = ci
    # -- its own basetemp: the inner run neither shares nor cleans the outer run's folders --
    return subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-rs",
                           f"--basetemp={tmp_path / 'inner'}", *tests], cwd=PROJECT, env=env,
                          capture_output=True, text=True, timeout=300)


def test_ci_fails_naming_the_missing_programs(tmp_path: Path) -> None:
    result = run_pytest(tmp_path, CORRUPT, A4, ci="true")
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert re.search(r"\b4 errors\b", output) and not re.search(r"\d+ skipped", output), output
    assert "not found on PATH: soffice (apt-get install libreoffice-writer-nogui" in output
    assert "pdfinfo, pdftotext, pdffonts (apt-get install poppler-utils)" in output
    assert "external programs missing in CI" in output


def test_without_ci_the_same_tests_are_skipped(tmp_path: Path) -> None:
    result = run_pytest(tmp_path, CORRUPT, A4, ci=None)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "4 skipped" in output and "soffice" in output, output


def _needs(test: object) -> set[str]:
    return {name for mark in getattr(test, "pytestmark", []) if mark.name == "needs"
            for name in mark.args}


def test_each_real_libreoffice_test_names_what_it_needs() -> None:
    both = {"libreoffice", "poppler"}
    real = [test_pdf.test_three_documents_in_one_call, test_pdf.test_pages_are_a4,
            test_pdf.test_text_keeps_vietnamese_diacritics,
            test_pdf.test_fonts_are_liberation_serif_without_fallback,
            test_pdf_documents.test_lao_cai_plan_as_pdf]
    assert all(_needs(test) == both for test in real)
    assert test_batch_pdf.pytestmark.name == "needs"
    assert set(test_batch_pdf.pytestmark.args) == both
    # -- a corrupt .docx gives no PDF to read: poppler is not needed --
    assert _needs(test_pdf.test_corrupt_docx_fails_alone) == {"libreoffice"}


@pytest.mark.parametrize("value", ["", "0", "false"])
def test_ci_values_that_mean_no(tmp_path: Path, value: str) -> None:
    result = run_pytest(tmp_path, CORRUPT, ci=value)
    assert result.returncode == 0 and "1 skipped" in result.stdout, result.stdout
