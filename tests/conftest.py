"""Shared fixtures: documents rendered once per test session through the real CLI path.

External programs: a test that needs one says so with ``@pytest.mark.needs("libreoffice")``
(a name in TOOLS). Where a program is missing the test is skipped, except with ``CI`` set
(``CI=true``, as CI runs): then the test fails, naming the program and how to install it,
so a CI machine without LibreOffice cannot pass by skipping the PDF tests. The programs
are looked up with ``shutil.which``, never with vbhc's own finder (the code under test).
The studio's browser tests need Chromium (``needs("chromium")``) and its previews need
LibreOffice's own Python with ``uno`` (``needs("uno")``).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

# -- compiled templates go to a folder of this run, not the user's ~/.cache (subprocesses
#    started by tests inherit it); set before vbhc reads it --
os.environ.setdefault("VBHC_CACHE", tempfile.mkdtemp(prefix="vbhc-test-cache-"))

from vbhc.pipeline import render  # noqa: E402

PROJECT = Path(__file__).resolve().parent.parent
DATA = PROJECT / "data"


@dataclass(frozen=True)
class Tool:
    """An external program some tests need: the commands that must be on PATH."""

    commands: tuple[str, ...]
    install: str


TOOLS = {
    "libreoffice": Tool(("soffice",),
                        "apt-get install libreoffice-writer-nogui libreoffice-calc-nogui "
                        "fonts-liberation2"),
    "poppler": Tool(("pdfinfo", "pdftotext", "pdffonts"), "apt-get install poppler-utils"),
    "chromium": Tool(("chromium",), "apt-get install chromium"),
}


_FAILED_FOR: set[str] = set()  # -- "programs (install hint)" that failed tests in CI --


def in_ci() -> bool:
    """Return whether the run is CI's (``CI`` set to anything but empty, 0, false or no)."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def missing_tools(names: tuple[str, ...] | list[str]) -> list[str]:
    """Return, per tool of ``names`` with a program missing, "programs (how to install)"."""
    out = []
    for name in dict.fromkeys(names):
        tool = TOOLS[name]  # -- an unknown name is a typo in a test: KeyError --
        absent = [command for command in tool.commands if shutil.which(command) is None]
        if absent:
            out.append(f"{', '.join(absent)} ({tool.install})")
    return out


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "needs(*tools): the test runs external programs (names in conftest.TOOLS); "
        "skipped where missing, failed when CI is set")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Check the tool names of every ``needs`` marker before any test runs (typos fail)."""
    for item in items:
        for marker in item.iter_markers("needs"):
            missing_tools(marker.args)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """Skip (or, in CI, fail) a test whose programs are missing, before its fixtures run."""
    names = [name for marker in item.iter_markers("needs") for name in marker.args]
    missing = missing_tools(names)
    if not missing:
        return
    message = "not found on PATH: " + "; ".join(missing)
    if in_ci():
        _FAILED_FOR.update(missing)
        pytest.fail(f"CI is set, so this test may not be skipped; {message}", pytrace=False)
    pytest.skip(message)


def pytest_terminal_summary(terminalreporter) -> None:  # noqa: ANN001
    if _FAILED_FOR:
        terminalreporter.section("external programs missing in CI", red=True, bold=True)
        for missing in sorted(_FAILED_FOR):
            terminalreporter.line(f"not found on PATH: {missing}", red=True)


def pytest_report_header(config: pytest.Config) -> str:
    found = {command: shutil.which(command) for tool in TOOLS.values()
             for command in tool.commands}
    missing = [command for command, path in found.items() if path is None]
    state = f"missing {', '.join(missing)}" if missing else "all found"
    return f"external programs ({', '.join(found)}): {state}; CI={'yes' if in_ci() else 'no'}"


@pytest.fixture(scope="session")
def rendered(tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201
    """Return a function rendering (kind, data file name) once per session → .docx path."""
    folder = tmp_path_factory.mktemp("rendered")
    cache: dict[tuple[str, str], Path] = {}

    def render_once(kind: str, data_name: str) -> Path:
        key = (kind, data_name)
        if key not in cache:
            target = folder / (Path(data_name).stem + f".{kind}.docx")
            cache[key] = render.render_file(kind, DATA / data_name, target)
        return cache[key]

    return render_once


@pytest.fixture
def data_copy(tmp_path: Path):  # noqa: ANN201
    """Return a function copying data/<name> (and files beside it) into a temp folder."""
    def copy(name: str) -> Path:
        for item in DATA.iterdir():
            if item.is_file():
                shutil.copy(item, tmp_path / item.name)
        return tmp_path / name

    return copy


@pytest.fixture
def strict_checker(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make a bug inside a checker rule raise, instead of becoming a warning."""
    from vbhc.checker import check as check_module

    monkeypatch.setattr(check_module, "RAISE_INTERNAL_ERRORS", True)
