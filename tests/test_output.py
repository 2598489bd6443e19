"""Atomic writes and hand-edit protection (issue 8, parts 4 and 5).

A render killed with SIGKILL in the middle of writing leaves the previous file
intact and no temporary file; an output that cannot be written is a Vietnamese
message naming the path (exit 2); a document edited since vbhc generated it is
not overwritten without ``--force``, which keeps the edited file as a backup.
"""

from __future__ import annotations

import errno
import io
import os
import re
import signal
import stat
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from tests.docx_tools import open_docx, texts
from vbhc.cli.main import cli
from vbhc.core.errors import OutputError
from vbhc.document import fingerprint
from vbhc.pipeline import output

PROJECT = Path(__file__).resolve().parent.parent
DATA = PROJECT / "data" / "lao_cai_2023.yaml"
TARGET = Path("out") / "ke_hoach.docx"
EDIT = " (đoạn này đã sửa trong Word)"
POSIX = os.name == "posix"
UNNAMED = hasattr(os, "O_TMPFILE") and Path("/proc/self/fd").is_dir()


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Return a working folder holding the Lào Cai data and an empty ``out`` folder."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "lao_cai_2023.yaml").write_text(DATA.read_text(encoding="utf-8"),
                                                 encoding="utf-8")
    (tmp_path / "out").mkdir()
    return tmp_path


@pytest.fixture(params=["unnamed", "named"])
def mode(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run a test through the O_TMPFILE path (Linux) and through the named-file fallback."""
    if request.param == "unnamed" and not UNNAMED:
        pytest.skip("O_TMPFILE is Linux-only")
    if request.param == "named":
        monkeypatch.setattr(output, "_open_unnamed", lambda folder: None)
    return request.param


def render(*extra: str, target: Path | str = TARGET, data: str = "lao_cai_2023.yaml"):  # noqa: ANN201
    """Return the result of ``vbhc render ke-hoach`` of the data into ``target``."""
    return CliRunner().invoke(cli, ["render", "ke-hoach", "--data", data, "-o", str(target),
                                    *extra])


def error_of(result) -> str:  # noqa: ANN001 - click's Result
    """Return the error lines of a result's stderr (warnings left out)."""
    return "\n".join(line for line in result.stderr.splitlines()
                     if not line.startswith("Cảnh báo:"))


def listing(folder: Path) -> list[str]:
    """Return the names in ``folder``, hidden temporary files included."""
    return sorted(os.listdir(folder))


def document_text(path: Path) -> str:
    return "\n".join(texts(open_docx(path)))


def previous_version(workdir: Path) -> bytes:
    """Write a vbhc document at TARGET that differs from what the data renders; return it."""
    changed = workdir / "cu.yaml"
    changed.write_text(DATA.read_text(encoding="utf-8").replace("Giàng Thị Dung",
                                                                "Người Ký Trước"),
                       encoding="utf-8")
    result = render(data="cu.yaml")
    assert result.exit_code == 0, result.output
    return (workdir / TARGET).read_bytes()


# =========================================================================== atomic writes

def test_write_replaces_the_file_and_leaves_nothing_else(tmp_path: Path, mode: str) -> None:
    target = tmp_path / "a.docx"
    output.write_atomic(target, b"first")
    output.write_atomic(target, b"second")
    assert target.read_bytes() == b"second"
    assert listing(tmp_path) == ["a.docx"]


@pytest.mark.skipif(not POSIX, reason="permission bits are POSIX")
@pytest.mark.parametrize("umask", [0o022, 0o002], ids=["022", "002"])
def test_new_files_get_the_usual_permissions(tmp_path: Path, mode: str, umask: int) -> None:
    previous = os.umask(umask)
    try:
        output.write_atomic(tmp_path / "a.docx", b"x")
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "a.docx").stat().st_mode) == 0o666 & ~umask


def test_failed_write_keeps_the_old_file(workdir: Path, mode: str,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    old = previous_version(workdir)

    def full_disk(handle: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    result = render()
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert "Lỗi: không ghi được out/ke_hoach.docx: ổ đĩa đã đầy" in error_of(result).replace(
        os.sep, "/")
    assert (workdir / TARGET).read_bytes() == old
    assert listing(workdir / "out") == ["ke_hoach.docx"]


def test_interrupted_write_keeps_the_old_file(tmp_path: Path, mode: str,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "a.docx"
    output.write_atomic(target, b"old")

    def interrupted(handle: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        output.write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert listing(tmp_path) == ["a.docx"]


def test_failed_rename_keeps_the_old_file(tmp_path: Path, mode: str,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "a.docx"
    output.write_atomic(target, b"old")

    def locked(source: str, destination: str) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", str(destination))

    monkeypatch.setattr(os, "replace", locked)
    with pytest.raises(OutputError) as caught:
        output.write_atomic(target, b"new")
    assert "a.docx" in caught.value.message and "đang mở trong Word" in caught.value.message
    assert target.read_bytes() == b"old"
    assert listing(tmp_path) == ["a.docx"]


def test_leftovers_of_the_same_target_are_removed(tmp_path: Path, mode: str) -> None:
    stale = [".a.docx.0a1b2c3d.tmp", ".a.docx.k9_x2m7q.tmp"]  # this module's, mkstemp's
    kept = [".a.docx.tmp", ".a.docx.b.0a1b2c3d.tmp", ".b.docx.0a1b2c3d.tmp", "a.docx.tmp",
            "ghi_chu.tmp"]
    for name in stale + kept:
        (tmp_path / name).write_bytes(b"partial")
    assert [p.name for p in output.leftovers(tmp_path / "a.docx")] == sorted(stale)
    output.write_atomic(tmp_path / "a.docx", b"new")
    assert listing(tmp_path) == sorted(kept + ["a.docx"])


# --------------------------------------------------------------------------- kill -9

CHILD = """
import os, sys, time
from pathlib import Path

import vbhc.pipeline.output as output

marker, how = Path(sys.argv[1]), sys.argv[2]
if how == "named":
    output._open_unnamed = lambda folder: None


def stalled_fsync(handle):
    # -- the data is written; announce it and wait to be killed before it is renamed --
    marker.write_text(str(os.getpid()))
    time.sleep(600)


os.fsync = stalled_fsync
from vbhc.cli.main import main  # noqa: E402

sys.argv = ["vbhc", *sys.argv[3:]]
main()
"""


def kill_during_write(workdir: Path, how: str) -> None:
    """Start a render in a subprocess and SIGKILL it once it is writing the output."""
    script, marker = workdir / "child.py", workdir / "dang_ghi"
    script.write_text(CHILD, encoding="utf-8")
    paths = [str(PROJECT), *filter(None, [os.environ.get("PYTHONPATH")])]
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(paths), PYTHONIOENCODING="utf-8")
    log = workdir / "child.log"
    with log.open("wb") as sink:
        child = subprocess.Popen(
            [sys.executable, str(script), str(marker), how, "render", "ke-hoach", "--data",
             "lao_cai_2023.yaml", "-o", str(TARGET)],
            cwd=workdir, env=env, stdout=sink, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 120
            while not marker.exists():
                if child.poll() is not None:
                    pytest.fail(f"the render ended before writing: {log.read_text('utf-8')}")
                if time.monotonic() > deadline:
                    pytest.fail("the render did not start writing within 120 s")
                time.sleep(0.02)
            child.kill()  # -- SIGKILL on POSIX, TerminateProcess on Windows --
            child.wait(timeout=60)
        finally:
            if child.poll() is None:
                child.kill()
                child.wait()
    if POSIX:
        assert child.returncode == -signal.SIGKILL


@pytest.mark.skipif(not UNNAMED, reason="an unnamed temporary file needs Linux (O_TMPFILE)")
@pytest.mark.parametrize("previous", [True, False], ids=["over-old-file", "new-file"])
def test_kill_9_mid_write_leaves_old_file_and_no_temporary(workdir: Path,
                                                           previous: bool) -> None:
    old = previous_version(workdir) if previous else None
    kill_during_write(workdir, "unnamed")
    expected = ["ke_hoach.docx"] if previous else []
    assert listing(workdir / "out") == expected
    if old is not None:
        assert (workdir / TARGET).read_bytes() == old


def test_kill_9_with_named_temporary_is_cleaned_up_by_the_next_write(workdir: Path) -> None:
    old = previous_version(workdir)
    kill_during_write(workdir, "named")
    assert (workdir / TARGET).read_bytes() == old
    left = output.leftovers(workdir / TARGET)
    assert len(left) == 1 and listing(workdir / "out") == sorted(["ke_hoach.docx", left[0].name])
    result = render()
    assert result.exit_code == 0, result.output
    assert listing(workdir / "out") == ["ke_hoach.docx"]
    assert "Giàng Thị Dung" in document_text(workdir / TARGET)


# --------------------------------------------------------------------------- unwritable outputs

def test_missing_folder_is_a_clear_error(workdir: Path) -> None:
    result = render(target=Path("khong_co") / "ke_hoach.docx")
    assert result.exit_code == 2, result.output
    message = error_of(result).replace(os.sep, "/")
    assert message.startswith("Lỗi: thư mục khong_co không tồn tại")
    assert "khong_co/ke_hoach.docx" in message and "Traceback" not in result.output
    assert not (workdir / "khong_co").exists()


def test_output_that_is_a_folder_is_a_clear_error(workdir: Path) -> None:
    (workdir / TARGET).mkdir()
    result = render()
    assert result.exit_code == 2, result.output
    assert "out/ke_hoach.docx" in error_of(result).replace(os.sep, "/")
    assert "thư mục" in error_of(result)


@pytest.mark.skipif(not POSIX or os.geteuid() == 0,
                    reason="needs POSIX permissions and a user they apply to (not root)")
def test_read_only_folder_is_a_clear_error(workdir: Path, mode: str) -> None:
    old = previous_version(workdir)
    (workdir / "out").chmod(0o555)
    try:
        result = render()
    finally:
        (workdir / "out").chmod(0o755)
    assert result.exit_code == 2, result.output
    assert "không ghi được out/ke_hoach.docx: không có quyền ghi" in error_of(result)
    assert (workdir / TARGET).read_bytes() == old
    assert listing(workdir / "out") == ["ke_hoach.docx"]


@pytest.mark.parametrize("code, words", [
    (errno.EROFS, "ổ đĩa hoặc thư mục chỉ cho phép đọc"),
    (errno.EACCES, "không có quyền ghi"),
], ids=["EROFS", "EACCES"])
def test_unwritable_folder_is_a_clear_error(workdir: Path, mode: str,
                                            monkeypatch: pytest.MonkeyPatch, code: int,
                                            words: str) -> None:
    """The same refusal, simulated: root ignores permissions and CI runs as root."""
    old = previous_version(workdir)
    folder = (workdir / "out").resolve()
    real_open = os.open

    def refusing_open(path, flags, *args, **kwargs):  # noqa: ANN001, ANN202
        where = Path(os.fsdecode(path)).resolve()
        if folder in (where, where.parent) and flags & (os.O_WRONLY | os.O_RDWR):
            raise OSError(code, os.strerror(code), os.fsdecode(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refusing_open)
    result = render()
    assert result.exit_code == 2, result.output
    assert f"Lỗi: không ghi được out/ke_hoach.docx: {words}" in error_of(result).replace(
        os.sep, "/")
    assert (workdir / TARGET).read_bytes() == old
    assert listing(workdir / "out") == ["ke_hoach.docx"]


def test_locked_file_is_a_clear_error(workdir: Path, mode: str,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Windows refuses to replace a file open in Word: simulated with PermissionError."""
    old = previous_version(workdir)

    def locked(source: str, destination: str) -> None:
        raise PermissionError(errno.EACCES, "Access is denied", str(destination))

    monkeypatch.setattr(os, "replace", locked)
    result = render()
    assert result.exit_code == 2, result.output
    message = error_of(result).replace(os.sep, "/")
    assert "không ghi được out/ke_hoach.docx" in message and "đang mở trong Word" in message
    assert (workdir / TARGET).read_bytes() == old
    assert listing(workdir / "out") == ["ke_hoach.docx"]


# =========================================================================== hand edits

def edit_in_word(path: Path) -> None:
    """Change one paragraph's text with python-docx and save, as Word would."""
    document = docx.Document(str(path))
    paragraph = next(p for p in document.paragraphs if p.text.startswith("Thực hiện Hướng dẫn"))
    paragraph.runs[-1].text += EDIT
    document.save(str(path))


def test_edits_brought_back_into_the_data_let_the_render_overwrite(workdir: Path) -> None:
    # -- after "vbhc import --cap-nhat" the data renders what the clerk typed in Word:
    #    overwriting the edited file loses nothing, so it needs no --force and no backup --
    assert render().exit_code == 0
    edit_in_word(workdir / TARGET)
    from vbhc.importer.update import update_from_word

    update_from_word(workdir / "lao_cai_2023.yaml", workdir / TARGET)
    result = render()
    assert result.exit_code == 0, result.output
    assert backups(workdir) == []
    assert EDIT.strip(" ()") in document_text(workdir / TARGET)
    edit_in_word(workdir / TARGET)  # -- a further edit not in the data is still protected --
    assert render().exit_code == 2


def backups(workdir: Path) -> list[Path]:
    return sorted((workdir / "out").glob("ke_hoach.*.ban-sua-tay.docx"))


def test_regenerating_an_untouched_document_overwrites_it(workdir: Path) -> None:
    previous_version(workdir)
    result = render()
    assert result.exit_code == 0, result.output
    assert "Giàng Thị Dung" in document_text(workdir / TARGET)
    assert listing(workdir / "out") == ["ke_hoach.docx"]


def test_resaving_without_changing_the_text_is_not_an_edit(workdir: Path) -> None:
    previous_version(workdir)
    before = (workdir / TARGET).read_bytes()
    docx.Document(str(workdir / TARGET)).save(str(workdir / TARGET))
    assert (workdir / TARGET).read_bytes() != before  # -- python-docx rewrote the package --
    result = render()
    assert result.exit_code == 0, result.output
    assert backups(workdir) == [] and "Giàng Thị Dung" in document_text(workdir / TARGET)


def test_hand_edited_document_is_not_overwritten(workdir: Path) -> None:
    previous_version(workdir)
    edit_in_word(workdir / TARGET)
    edited = (workdir / TARGET).read_bytes()
    result = render()
    assert result.exit_code == 2, result.output
    message = error_of(result).replace(os.sep, "/")
    assert message.startswith("Lỗi: out/ke_hoach.docx đã được sửa tay")
    assert "vbhc import --cap-nhat <tệp dữ liệu> out/ke_hoach.docx" in message
    assert "-o <tên khác>.docx" in message
    assert "--force" in message and "out/ke_hoach.<ngày-giờ>.ban-sua-tay.docx" in message
    assert "Traceback" not in result.output
    assert (workdir / TARGET).read_bytes() == edited
    assert listing(workdir / "out") == ["ke_hoach.docx"]


def test_force_overwrites_and_keeps_the_edited_file_as_backup(workdir: Path) -> None:
    previous_version(workdir)
    edit_in_word(workdir / TARGET)
    result = render("--force")
    assert result.exit_code == 0, result.output
    new = document_text(workdir / TARGET)
    assert EDIT not in new and "Giàng Thị Dung" in new
    [backup] = backups(workdir)
    assert re.fullmatch(r"ke_hoach\.\d{8}-\d{6}\.ban-sua-tay\.docx", backup.name)
    assert f"Đã giữ bản sửa tay: {Path('out') / backup.name}" in result.output
    old = document_text(backup)
    assert EDIT in old and "Người Ký Trước" in old
    assert listing(workdir / "out") == sorted(["ke_hoach.docx", backup.name])
    again = render()  # -- the new file is vbhc's own: no --force needed any more --
    assert again.exit_code == 0, again.output
    assert len(backups(workdir)) == 1


def test_a_document_vbhc_did_not_make_is_not_overwritten(workdir: Path) -> None:
    foreign = docx.Document()
    foreign.add_paragraph("Công văn do văn thư soạn tay")
    foreign.save(str(workdir / TARGET))
    content = (workdir / TARGET).read_bytes()
    result = render()
    assert result.exit_code == 2, result.output
    message = error_of(result).replace(os.sep, "/")
    assert message.startswith("Lỗi: out/ke_hoach.docx không phải do vbhc tạo ra")
    assert "--force" in message
    assert (workdir / TARGET).read_bytes() == content
    forced = render("--force")
    assert forced.exit_code == 0, forced.output
    [backup] = backups(workdir)
    assert backup.read_bytes() == content
    assert "Giàng Thị Dung" in document_text(workdir / TARGET)


@pytest.mark.parametrize("content", [b"", b"not a zip", b"PK\x03\x04 broken"])
def test_a_file_that_is_not_a_docx_is_not_overwritten(workdir: Path, content: bytes) -> None:
    (workdir / TARGET).write_bytes(content)
    result = render()
    assert result.exit_code == 2 and "không phải do vbhc tạo ra" in error_of(result)
    assert (workdir / TARGET).read_bytes() == content


def test_failed_write_after_force_loses_nothing(workdir: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    previous_version(workdir)
    edit_in_word(workdir / TARGET)
    edited = (workdir / TARGET).read_bytes()
    real_replace = os.replace

    def refuse_target(source, destination):  # noqa: ANN001, ANN202
        if Path(destination).name == "ke_hoach.docx":
            raise PermissionError(errno.EACCES, "Access is denied", str(destination))
        return real_replace(source, destination)

    monkeypatch.setattr(os, "replace", refuse_target)
    result = render("--force")
    assert result.exit_code == 2, result.output
    assert (workdir / TARGET).read_bytes() == edited
    assert [b.read_bytes() for b in backups(workdir)] == [edited]


# --------------------------------------------------------------------------- the fingerprint

def members_of(content: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def package(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def generated() -> bytes:
    from vbhc.pipeline import render as api

    return api.render_to_bytes(api.load("ke-hoach", DATA))


def with_document(content: bytes, change) -> bytes:  # noqa: ANN001
    members = members_of(content)
    members["word/document.xml"] = change(members["word/document.xml"].decode()).encode()
    return package(members)


def word_resave(xml: str) -> Iterator[str]:
    """Yield document.xml as Word rewrites it on save, one habit at a time."""
    yield re.sub(r"<w:p>", '<w:p w:rsidR="00A1B2C3" w:rsidRDefault="00D4E5F6">', xml)
    # -- a run split in two with a proofing mark between --
    match = re.search(r'<w:t xml:space="preserve">([^<]{6,})</w:t>', xml)
    assert match
    text = match.group(1)
    yield xml.replace(match.group(0), f'<w:t xml:space="preserve">{text[:3]}</w:t></w:r>'
                      f'<w:proofErr w:type="spellStart"/><w:r><w:t>{text[3:]}</w:t>', 1)
    # -- an empty paragraph added after the last table, bookmarks, a rendered page break --
    last = xml.rindex("<w:sectPr")
    yield xml[:last] + '<w:p><w:pPr><w:spacing w:after="0"/></w:pPr></w:p>' + xml[last:]
    yield re.sub(r"(<w:body\b[^>]*>)", r'\1<w:bookmarkStart w:id="0" w:name="_GoBack"/>'
                 r'<w:bookmarkEnd w:id="0"/>', xml, count=1)
    yield xml.replace("</w:t></w:r>", '</w:t><w:lastRenderedPageBreak/></w:r>', 1)


def test_word_resave_habits_keep_the_fingerprint(generated: bytes) -> None:
    recorded, current = fingerprint.read_bytes(generated)
    assert recorded is not None and recorded.startswith("vbhc-3:") and recorded == current
    xml = members_of(generated)["word/document.xml"].decode()
    for index, rewritten in enumerate(word_resave(xml)):
        assert rewritten != xml
        content = with_document(generated, lambda _, new=rewritten: new)
        assert fingerprint.read_bytes(content) == (recorded, recorded), index


def test_changed_wording_breaks_the_fingerprint(generated: bytes) -> None:
    for change in (lambda xml: xml.replace("Giàng Thị Dung", "Giàng Thị Dung."),
                   lambda xml: xml.replace("Những giọt máu hồng", "Những giọt máu", 1),
                   lambda xml: xml.replace("</w:t>", "</w:t><w:tab/>", 1)):
        recorded, current = fingerprint.read_bytes(with_document(generated, change))
        assert recorded is not None and current is not None and recorded != current


def test_a_text_box_counts_once() -> None:
    box = "<w:txbxContent><w:p><w:r><w:t>Hộp</w:t></w:r></w:p></w:txbxContent>"
    choice = f"<mc:Choice Requires=\"wps\">{box}</mc:Choice>"
    plain = f"<w:body><w:p><w:r><w:t>A</w:t></w:r></w:p><mc:AlternateContent>{choice}" \
            "</mc:AlternateContent></w:body>"
    saved = plain.replace("</mc:AlternateContent>", f"<mc:Fallback><w:pict>{box}</w:pict>"
                          "</mc:Fallback></mc:AlternateContent>")
    assert fingerprint.of_document_xml(plain) == fingerprint.of_document_xml(saved)


def test_stamps_of_version_1_are_still_honoured(generated: bytes) -> None:
    members = members_of(generated)
    xml = members["word/document.xml"].decode()
    members[fingerprint.CUSTOM_PART] = fingerprint.custom_part(
        fingerprint.of_document_xml(xml, "vbhc-1:"))
    recorded, current = fingerprint.read_bytes(package(members))
    assert recorded is not None and recorded.startswith("vbhc-1:") and recorded == current
    members[fingerprint.CUSTOM_PART] = fingerprint.custom_part("vbhc-9:0123")
    assert fingerprint.read_bytes(package(members)) == ("vbhc-9:0123", None)


def test_backup_names_never_collide(tmp_path: Path) -> None:
    target = tmp_path / "a.docx"
    moment = datetime(2024, 3, 1, 8, 30, 5)
    first = output.backup_name(target, moment)
    assert first.name == "a.20240301-083005.ban-sua-tay.docx"
    first.write_bytes(b"x")
    second = output.backup_name(target, moment)
    assert second.name == "a.20240301-083005-2.ban-sua-tay.docx"


def test_guard_accepts_a_missing_file(tmp_path: Path) -> None:
    assert output.guard_docx(tmp_path / "chua_co.docx") is None
