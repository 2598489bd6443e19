"""PDF output through LibreOffice (vbhc.pipeline.pdf).

The conversion tests drive a real LibreOffice and inspect its PDFs with poppler-utils;
they carry ``needs`` markers (tests/conftest.py): skipped where a program is missing,
failed when CI is set (CI installs both). Hangs, Ctrl+C and chunk planning
are tested with a fake ``soffice`` script (POSIX only), which takes a second, not minutes.
"""

from __future__ import annotations

import _thread
import json
import os
import random
import sys
import tempfile
import threading
import time
from pathlib import Path
from types import SimpleNamespace

import docx
import pytest
from docx.enum.text import WD_BREAK
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.text.run import Run

from tests.pdf_tools import font_family, is_a4, page_sizes, pdf_fonts, pdf_text
from vbhc.core.errors import ToolMissing
from vbhc.pipeline import pdf
from vbhc.pipeline.pdf import convert_to_pdf, find_soffice, require_soffice

PHRASES = [
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "Lào Cai, ngày 05 tháng 4 năm 2023",
    "Giàng Thị Dung",
    "Kế hoạch thực hiện Chiến dịch “Những giọt máu hồng” - Hè năm 2023",
]
needs_libreoffice_and_poppler = pytest.mark.needs("libreoffice", "poppler")
posix_only = pytest.mark.skipif(os.name == "nt", reason="the fake soffice is a POSIX script")


def build_docx(path: Path, *, pages: int = 1) -> Path:
    """Return ``path`` after writing an A4 document in Times New Roman with PHRASES."""
    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    for page in range(pages):
        for number, phrase in enumerate(PHRASES):
            run = document.add_paragraph().add_run(phrase)
            run.bold, run.italic = number == 0, number == 2
            _times_new_roman(run)
        if page < pages - 1:
            _times_new_roman(document.add_paragraph().add_run()).add_break(WD_BREAK.PAGE)
    document.save(path)
    return path


def _times_new_roman(run: Run) -> Run:
    """Return ``run`` set in Times New Roman 13 pt for every script (Latin, Asian, complex)."""
    run.font.name, run.font.size = "Times New Roman", Pt(13)
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for script in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(script), "Times New Roman")
    return run


def folder_names(folder: Path) -> set[str]:
    """Return the names of everything in ``folder`` (to spot leftover temp files)."""
    return {path.name for path in folder.iterdir()}


# ---------------------------------------------------------------- real LibreOffice


@pytest.fixture(scope="module")
def three(tmp_path_factory: pytest.TempPathFactory) -> SimpleNamespace:
    """Three documents converted in one call; ke-hoach.pdf existed before (a stale one)."""
    folder = tmp_path_factory.mktemp("three")
    sources = [
        build_docx(folder / "ke-hoach.docx", pages=2),
        build_docx(folder / "giay-moi.docx"),
        build_docx(folder / "Tờ trình số 5.docx"),
    ]
    (folder / "ke-hoach.pdf").write_bytes(b"old")
    calls: list[tuple[int, int]] = []
    failures = convert_to_pdf(sources, jobs=2, progress=lambda *call: calls.append(call))
    pdfs = [source.with_suffix(".pdf") for source in sources]
    return SimpleNamespace(
        folder=folder, sources=sources, pdfs=pdfs, failures=failures, calls=calls
    )


@needs_libreoffice_and_poppler
def test_three_documents_in_one_call(three: SimpleNamespace) -> None:
    assert three.failures == []
    for made in three.pdfs:
        assert made.read_bytes().startswith(b"%PDF-"), made.name  # the stale PDF was replaced
    assert three.calls == [(1, 3), (2, 3), (3, 3)]
    expected = {p.name for p in three.sources} | {p.name for p in three.pdfs}
    assert folder_names(three.folder) == expected  # no temp dirs left behind


@needs_libreoffice_and_poppler
@pytest.mark.parametrize("index", [0, 1, 2])
def test_pages_are_a4(three: SimpleNamespace, index: int) -> None:
    sizes = page_sizes(three.pdfs[index])
    assert len(sizes) == (2 if index == 0 else 1)
    assert all(is_a4(size) for size in sizes), sizes


@needs_libreoffice_and_poppler
@pytest.mark.parametrize("index", [0, 1, 2])
def test_text_keeps_vietnamese_diacritics(three: SimpleNamespace, index: int) -> None:
    text = pdf_text(three.pdfs[index])
    for phrase in PHRASES:
        assert phrase in text


@needs_libreoffice_and_poppler
@pytest.mark.parametrize("index", [0, 1, 2])
def test_fonts_are_liberation_serif_without_fallback(three: SimpleNamespace, index: int) -> None:
    fonts = pdf_fonts(three.pdfs[index])
    assert fonts
    # Times New Roman resolves to Liberation Serif; a DejaVu face here means some letters
    # (old fonts-liberation 1.x lacks U+1EA0-U+1EF9) came from a fallback font.
    assert {font_family(name) for name in fonts} == {"LiberationSerif"}, fonts
    assert "LiberationSerif-Bold" in fonts and "LiberationSerif-Italic" in fonts


@pytest.mark.needs("libreoffice")  # -- reads no PDF: no poppler --
def test_corrupt_docx_fails_alone(tmp_path: Path) -> None:
    good = [build_docx(tmp_path / "tot-1.docx"), build_docx(tmp_path / "tot-2.docx")]
    broken = tmp_path / "hong.docx"
    broken.write_bytes(random.Random(7).randbytes(4000))
    (tmp_path / "hong.pdf").write_bytes(b"old pdf")
    failures = convert_to_pdf([good[0], broken, good[1]], jobs=2)
    assert [failure.source for failure in failures] == [broken]
    assert "LibreOffice" in failures[0].message
    for source in good:
        assert source.with_suffix(".pdf").read_bytes().startswith(b"%PDF-")
    assert (tmp_path / "hong.pdf").read_bytes() == b"old pdf"  # left as it was
    assert folder_names(tmp_path) == {
        "tot-1.docx",
        "tot-2.docx",
        "hong.docx",
        "tot-1.pdf",
        "tot-2.pdf",
        "hong.pdf",
    }


# ------------------------------------------------------------------ finding soffice


def test_require_soffice_without_libreoffice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(pdf, "_install_candidates", lambda: [])
    assert find_soffice() is None
    with pytest.raises(ToolMissing) as caught:
        require_soffice()
    assert "libreoffice" in caught.value.message
    assert caught.value.exit_code == 2
    with pytest.raises(ToolMissing):
        convert_to_pdf([tmp_path / "x.docx"])


def test_find_soffice_in_program_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    program = tmp_path / "LibreOffice" / "program"
    program.mkdir(parents=True)
    (program / "soffice.exe").write_bytes(b"")
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.setenv("PROGRAMFILES", str(tmp_path))
    assert find_soffice() == program / "soffice.exe"


# --------------------------------------------------------------------- fake soffice

FAKE_SOFFICE = """\
import json, os, subprocess, sys, time
from pathlib import Path
state = Path(os.environ["FAKE_SOFFICE_STATE"])
args = sys.argv[1:]
with (state / "calls.jsonl").open("a") as log:
    log.write(json.dumps(args) + "\\n")
outdir = Path(args[args.index("--outdir") + 1])
if os.environ["FAKE_SOFFICE_MODE"] == "hang":
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    with (state / "pids").open("a") as pids:
        pids.write(f"{os.getpid()} {child.pid}\\n")
    time.sleep(120)
for name in args[args.index("--outdir") + 2 :]:
    made = outdir / (Path(name).stem + ".pdf")
    print(f"convert {name} -> {made} using filter : writer_pdf_Export", flush=True)
    made.write_bytes(b"%PDF-1.4\\n% fake\\n%%EOF\\n")
"""


@pytest.fixture
def fake(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> SimpleNamespace:
    """A fake soffice (mode "convert" or "hang"), a private temp dir and a docs folder."""
    state, temp, docs = tmp_path / "state", tmp_path / "temp", tmp_path / "docs"
    for folder in (state, temp, docs):
        folder.mkdir()
    script = state / "soffice"
    script.write_text(f"#!{sys.executable}\n{FAKE_SOFFICE}", encoding="utf-8")
    script.chmod(0o755)
    monkeypatch.setattr(pdf, "require_soffice", lambda: script)
    monkeypatch.setattr(tempfile, "tempdir", str(temp))  # where the profiles go
    monkeypatch.setenv("FAKE_SOFFICE_STATE", str(state))
    monkeypatch.setenv("FAKE_SOFFICE_MODE", "convert")

    def calls() -> list[list[str]]:
        """Return the arguments of every fake soffice run so far."""
        lines = (state / "calls.jsonl").read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines]

    def pids() -> list[int]:
        """Return the pids of the hanging fake soffice runs and of their children."""
        return [int(pid) for pid in (state / "pids").read_text().split()]

    def files(count: int) -> list[Path]:
        """Return ``count`` new (fake) .docx files in the docs folder."""
        paths = [docs / f"vb-{number}.docx" for number in range(count)]
        for path in paths:
            path.write_bytes(b"PK fake")
        return paths

    return SimpleNamespace(temp=temp, docs=docs, calls=calls, pids=pids, files=files)


def _alive(pid: int) -> bool:
    """Return whether process ``pid`` still runs (a zombie counts as dead)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")  # a zombie still answers kill(0)
    return not (stat.exists() and stat.read_text().rsplit(")", 1)[1].split()[0] == "Z")


@posix_only
def test_lanes_convert_chunks_and_reuse_profiles(fake: SimpleNamespace) -> None:
    sources = fake.files(5)
    calls: list[tuple[int, int]] = []
    failures = convert_to_pdf(sources, jobs=2, chunk_size=2, progress=lambda *c: calls.append(c))
    assert failures == []
    assert calls == [(done, 5) for done in range(1, 6)]
    runs = fake.calls()
    assert sorted(len(run) - run.index("--outdir") - 2 for run in runs) == [1, 2, 2]
    for run in runs:
        assert run[:2] == ["--headless", "--norestore"]
        assert run[2].startswith("-env:UserInstallation=file://")
        assert "--infilter=MS Word 2007 XML" in run
        assert Path(run[run.index("--outdir") + 1]).parent == fake.docs
    assert len({run[2] for run in runs}) == 2  # one profile per lane, reused
    assert folder_names(fake.docs) == {p.name for p in sources} | {f"vb-{n}.pdf" for n in range(5)}
    assert list(fake.temp.iterdir()) == []  # profiles removed


@posix_only
def test_missing_and_duplicate_inputs(fake: SimpleNamespace) -> None:
    source = fake.files(1)[0]
    missing = fake.docs / "khong-co.docx"
    failures = convert_to_pdf([source, missing, fake.docs / ".." / "docs" / source.name])
    assert [(f.source, f.message) for f in failures] == [(missing, "không tìm thấy tệp .docx")]
    assert source.with_suffix(".pdf").exists()
    assert convert_to_pdf([]) == []


@posix_only
def test_hung_soffice_is_killed_with_its_children(
    fake: SimpleNamespace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAKE_SOFFICE_MODE", "hang")
    sources = fake.files(2)
    started = time.monotonic()
    failures = convert_to_pdf(sources, jobs=1, timeout=1)
    assert time.monotonic() - started < 20
    assert [failure.source for failure in failures] == sources
    assert all("1 giây" in failure.message for failure in failures)
    assert len(fake.calls()) == 3  # the chunk, then each file alone
    # -- SIGKILL is delivered asynchronously: on a loaded machine death takes a moment --
    deadline = time.monotonic() + 5
    while any(_alive(pid) for pid in fake.pids()) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(_alive(pid) for pid in fake.pids())
    assert folder_names(fake.docs) == {p.name for p in sources}
    assert list(fake.temp.iterdir()) == []


@posix_only
def test_ctrl_c_stops_soffice_and_cleans_up(
    fake: SimpleNamespace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAKE_SOFFICE_MODE", "hang")
    sources = fake.files(4)
    threading.Timer(1.0, _thread.interrupt_main).start()
    started = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        convert_to_pdf(sources, jobs=2, timeout=60)
    assert time.monotonic() - started < 10
    assert len(fake.pids()) == 4  # two lanes, each a soffice and its child
    assert not any(_alive(pid) for pid in fake.pids())
    assert folder_names(fake.docs) == {p.name for p in sources}
    assert list(fake.temp.iterdir()) == []
