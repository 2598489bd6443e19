"""What ``pip install .`` installs: every package, the templates and the studio's files.

An editable install reads everything from the checkout; a clerk's install from a
wheel has only what pyproject.toml lists. The wheel is built, unpacked and used to
render the Lào Cai plan from a folder with no checkout around it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from docx import Document

ROOT = Path(__file__).resolve().parent.parent


def test_the_listed_packages_are_the_folders_of_code() -> None:
    tomllib = pytest.importorskip("tomllib")  # -- Python 3.11 on --
    settings = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]
    folders = {path.parent.relative_to(ROOT).as_posix().replace("/", ".")
               for path in (ROOT / "vbhc").rglob("*.py") if "__pycache__" not in path.parts}
    listed = set(settings["setuptools"]["packages"])
    assert listed == folders | {"vbhc.templates_docx"}
    assert settings["setuptools"]["package-dir"] == {"vbhc.templates_docx": "templates_docx"}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return the folder the project's wheel was unpacked into."""
    built = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "-q", "-w", str(built), str(ROOT)], check=True, capture_output=True)
    (path,) = built.glob("vbhc-*.whl")
    unpacked = tmp_path_factory.mktemp("site")
    with zipfile.ZipFile(path) as archive:
        archive.extractall(unpacked)
    return unpacked


def test_the_wheel_carries_the_templates_and_the_studio_files(wheel: Path) -> None:
    templates = sorted(p.name for p in (ROOT / "templates_docx").glob("*.docx"))
    assert templates and sorted(
        p.name for p in (wheel / "vbhc" / "templates_docx").glob("*.docx")) == templates
    for name in ("static/studio.css", "static/studio.js", "templates/editor.html"):
        assert (wheel / "vbhc" / "studio" / name).read_bytes() == \
            (ROOT / "vbhc" / "studio" / name).read_bytes()
    code = {p.relative_to(ROOT).as_posix() for p in (ROOT / "vbhc").rglob("*.py")
            if "__pycache__" not in p.parts}
    assert code <= {p.relative_to(wheel).as_posix() for p in (wheel / "vbhc").rglob("*.py")}


def test_an_installed_package_renders_a_plan(wheel: Path, tmp_path: Path) -> None:
    data = tmp_path / "lao_cai_2023.yaml"
    data.write_bytes((ROOT / "data" / "lao_cai_2023.yaml").read_bytes())
    environment = dict(os.environ, PYTHONPATH=str(wheel), PYTHONIOENCODING="utf-8",
                       VBHC_CACHE="0")
    script = ("import sys, vbhc.kinds.kind as kind; print(kind.TEMPLATES_DIR, file=sys.stderr); "
              "from vbhc.cli import main; main()")
    done = subprocess.run([sys.executable, "-c", script, "render", "ke-hoach", "--data",
                           str(data)], cwd=tmp_path, env=environment, capture_output=True,
                          text=True, encoding="utf-8")
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines()[0] == str(wheel / "vbhc" / "templates_docx")
    document = Document(str(tmp_path / "output" / "lao_cai_2023.docx"))
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert "KẾ HOẠCH" in text and "Những giọt máu hồng" in text


def test_an_installed_package_serves_the_studio(wheel: Path, tmp_path: Path) -> None:
    (tmp_path / "lao_cai_2023.yaml").write_bytes((ROOT / "data" / "lao_cai_2023.yaml").read_bytes())
    script = """
import sys
from pathlib import Path
from starlette.testclient import TestClient
import vbhc.studio.app as app
studio = app.Studio(Path('.'), 8000)
client = TestClient(app.create_app(studio), base_url='http://127.0.0.1:8000')
index, css = client.get('/'), client.get('/tinh/studio.css')
print(app.HERE, index.status_code, 'lao_cai_2023.yaml' in index.text, css.status_code,
      len(css.text))
"""
    environment = dict(os.environ, PYTHONPATH=str(wheel), PYTHONIOENCODING="utf-8",
                       PYTHONWARNINGS="ignore")
    done = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, env=environment,
                          capture_output=True, text=True, encoding="utf-8")
    assert done.returncode == 0, done.stderr
    css = (ROOT / "vbhc" / "studio" / "static" / "studio.css").read_text(encoding="utf-8")
    assert done.stdout.split() == [str(wheel / "vbhc" / "studio"), "200", "True", "200",
                                   str(len(css))]
