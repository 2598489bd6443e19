"""Shared fixtures: documents rendered once per test session through the real CLI path."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from vbhc.pipeline import render

PROJECT = Path(__file__).resolve().parent.parent
DATA = PROJECT / "data"


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
