"""Untrusted files (issue 13, items 1–3 and 5): every bomb ends fast with a message, exit 2.

Each payload runs in a child process whose address space is capped with
``resource.setrlimit(RLIMIT_AS)`` and which is killed after a timeout, so a
regression fails the test quickly instead of eating the machine.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data" / "lao_cai_2023.yaml"
TEMPLATE = ROOT / "templates_docx" / "ke_hoach.docx"
MEMORY = 1536 * 2**20
TIMEOUT = 120

_LIMITED = f"""
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, ({MEMORY}, {MEMORY}))
from vbhc.cli.main import cli
cli.main(sys.argv[1:], prog_name="vbhc")
"""


def vbhc(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run ``vbhc ARGS`` in a child process with capped memory and a timeout."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-c", _LIMITED, *map(str, args)], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=TIMEOUT)


def refused(result: subprocess.CompletedProcess[str], *words: str) -> str:
    """Assert a clean refusal (exit 2, Vietnamese message, no traceback); return stderr."""
    assert result.returncode == 2, (result.returncode, result.stderr[-2000:])
    assert "Traceback" not in result.stderr and "MemoryError" not in result.stderr
    assert result.stderr.startswith("Lỗi:") or "\nLỗi:" in result.stderr, result.stderr
    for word in words:
        assert word in result.stderr, result.stderr
    return result.stderr


def data_file(folder: Path, **changes: object) -> Path:
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    data.update(changes)
    path = folder / "du_lieu.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def template_with(folder: Path, jinja: str, name: str = "mau.docx") -> Path:
    """Return a copy of the Kế hoạch template with one more paragraph holding ``jinja``."""
    out = folder / name
    with zipfile.ZipFile(TEMPLATE) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                paragraph = f"<w:p><w:r><w:t>{jinja}</w:t></w:r></w:p>".encode()
                data = data.replace(b"<w:body>", b"<w:body>" + paragraph, 1)
            target.writestr(info, data)
    return out


# -- item 1: {{ … }} in body text and in templates --
NESTED = ("{% for a in noi_nhan*1000 %}{% for b in noi_nhan*1000 %}{% for c in noi_nhan*1000 %}"
          "{% endfor %}{% endfor %}{% endfor %}")
SANDBOX_PAYLOADS = {
    "center": "{{ 'a'|center(999999999) }}",
    "format": "{{ '{0:>999999999}'.format(1) }}",
    "join": "{{ ('a'*99999)|list|join('a'*99999) }}",
    "nested loops": NESTED,
    "shared list printed": "{{ [('a'*99999)]*99999 }}",
    "doubling macro": ("{% macro f(s, n) %}{{ f(s ~ s, n - 1) if n else s }}{% endmacro %}"
                       "{{ f('ab', 40) }}"),
}


@pytest.mark.parametrize("payload", SANDBOX_PAYLOADS.values(), ids=SANDBOX_PAYLOADS.keys())
def test_a_reference_bomb_in_body_text_is_refused_naming_the_field(tmp_path: Path,
                                                                   payload: str) -> None:
    data = data_file(tmp_path, mo_dau=[f"Mở đầu {payload}"])
    result = vbhc("render", "ke-hoach", "--data", data, "-o", "out.docx", cwd=tmp_path)
    message = refused(result, "du_lieu.yaml", "mo_dau[0]", "giới hạn")
    assert "tham chiếu" in message
    assert not (tmp_path / "out.docx").exists()


@pytest.mark.parametrize("payload", ["{{ 'a'|center(999999999) }}",
                                     "{{ '{0:>999999999}'.format(1) }}", NESTED],
                         ids=["center", "format", "nested loops"])
def test_a_template_bomb_is_refused_naming_the_template(tmp_path: Path, payload: str) -> None:
    template = template_with(tmp_path, payload)
    result = vbhc("render", "ke-hoach", "--data", DATA, "--template", template, "-o", "out.docx",
                  cwd=tmp_path)
    refused(result, "mau.docx", "word/document.xml")
    assert not (tmp_path / "out.docx").exists()


# -- item 2: YAML alias bombs --
ALIAS_BOMB = ["  a: &a [x, x, x, x, x, x, x, x, x]"] + [
    f"  {name}: &{name} [{', '.join(['*' + below] * 9)}]"
    for below, name in zip("abcdefgh", "bcdefghi", strict=True)]  # -- 9**9 values in 10 lines --
def test_an_alias_bomb_under_thong_tin_is_refused_at_its_line(tmp_path: Path) -> None:
    data = data_file(tmp_path, thong_tin={"ten": "x"})
    lines = ["thong_tin:", *ALIAS_BOMB]
    text = data.read_text(encoding="utf-8").replace("thong_tin:\n  ten: x\n", "")
    data.write_text(text + "\n".join(lines) + "\n", encoding="utf-8")
    # -- e expands to 66,430 values, f to 9 times that: the first *e of f passes 100,000 --
    bomb_line = data.read_text(encoding="utf-8").splitlines().index(lines[-4]) + 1
    result = vbhc("validate", "--data", data, cwd=tmp_path)
    message = refused(result, "bí danh YAML")
    assert f"du_lieu.yaml:{bomb_line}:" in message


def test_an_alias_to_its_own_container_is_refused(tmp_path: Path) -> None:
    data = data_file(tmp_path, thong_tin={"ten": "x"})
    text = data.read_text(encoding="utf-8").replace("thong_tin:\n  ten: x\n", "")
    data.write_text(text + "thong_tin: &v {a: [1, *v]}\n", encoding="utf-8")
    refused(vbhc("validate", "--data", data, cwd=tmp_path), "bí danh YAML", "vô hạn")


# -- item 3: zip bombs --
BOMB_BYTES = 300 * 2**20  # -- inflated; above the 256 MB cap, about 300 KB deflated --


def _bomb_member(archive: zipfile.ZipFile, name: str, head: bytes, tail: bytes) -> None:
    info = zipfile.ZipInfo(name)
    info.compress_type = zipfile.ZIP_DEFLATED
    with archive.open(info, "w", force_zip64=True) as stream:
        stream.write(head)
        chunk = b" " * 2**20
        for _ in range(BOMB_BYTES // len(chunk)):
            stream.write(chunk)
        stream.write(tail)


@pytest.fixture(scope="module")
def docx_bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return the Kế hoạch template whose document.xml inflates to 300 MB of spaces."""
    path = tmp_path_factory.mktemp("bomb") / "bomb.docx"
    with zipfile.ZipFile(TEMPLATE) as source, \
            zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target:
        for info in source.infolist():
            if info.filename == "word/document.xml":
                body = source.read(info)
                cut = body.index(b"<w:body>") + len(b"<w:body>")
                _bomb_member(target, info.filename, body[:cut], body[cut:])
            else:
                target.writestr(info, source.read(info))
    assert path.stat().st_size < 5 * 2**20
    return path


def test_check_refuses_a_docx_bomb(tmp_path: Path, docx_bomb: Path) -> None:
    refused(vbhc("check", docx_bomb, cwd=tmp_path), "bomb.docx", "word/document.xml", "giới hạn")


def test_a_template_bomb_is_refused_and_nothing_is_written(tmp_path: Path,
                                                          docx_bomb: Path) -> None:
    result = vbhc("render", "ke-hoach", "--data", DATA, "--template", docx_bomb, "-o", "out.docx",
                  cwd=tmp_path)
    refused(result, "bomb.docx", "word/document.xml")
    assert not (tmp_path / "out.docx").exists()


def test_a_workbook_bomb_is_refused(tmp_path: Path) -> None:
    import openpyxl

    book = tmp_path / "plain.xlsx"
    sheet = openpyxl.Workbook()
    sheet.active.append(["Tên đơn vị", "Cả năm"])
    sheet.active.append(["Tổ 1", 5])
    sheet.save(book)
    bomb = tmp_path / "chi_tieu.xlsx"
    with zipfile.ZipFile(book) as source, \
            zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target:
        for info in source.infolist():
            if info.filename == "xl/styles.xml":
                styles = source.read(info)
                cut = styles.index(b">") + 1  # -- spaces after it are still valid XML --
                _bomb_member(target, info.filename, styles[:cut], styles[cut:])
            else:
                target.writestr(info, source.read(info))
    annex = {"tieu_de": ["Danh sách"], "bang_chi_tieu": {"tep": "chi_tieu.xlsx"}}
    data = data_file(tmp_path, phu_luc=[annex])
    result = vbhc("render", "ke-hoach", "--data", data, "-o", "out.docx", cwd=tmp_path)
    refused(result, "chi_tieu.xlsx", "xl/styles.xml")


# -- item 5: bad paths, DTDs, password-protected files --
def _ole(folder: Path, name: str) -> Path:
    path = folder / name
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
                     + "EncryptionInfo".encode("utf-16-le") + bytes(1000))
    return path


def test_a_password_protected_docx_is_named_as_such(tmp_path: Path) -> None:
    refused(vbhc("check", _ole(tmp_path, "mat_khau.docx"), cwd=tmp_path), "mat_khau.docx",
            "mật khẩu")
    result = vbhc("render", "ke-hoach", "--data", DATA, "--template",
                  _ole(tmp_path, "mau.docx"), "-o", "out.docx", cwd=tmp_path)
    refused(result, "mau.docx", "mật khẩu")


@pytest.mark.parametrize("doctype", [
    '<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
    '<!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>',
], ids=["xxe", "billion laughs"])
def test_a_template_with_a_dtd_is_refused(tmp_path: Path, doctype: str) -> None:
    out = tmp_path / "mau.docx"
    with zipfile.ZipFile(TEMPLATE) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                data = data.replace(b"?>", b"?>" + doctype.encode(), 1)
            target.writestr(info, data)
    result = vbhc("render", "ke-hoach", "--data", DATA, "--template", out, "-o", "out.docx",
                  cwd=tmp_path)
    message = refused(result, "mau.docx", "DOCTYPE")
    assert "root:" not in message


def test_batch_output_on_an_existing_file_or_an_impossible_folder(tmp_path: Path) -> None:
    data = ROOT / "data" / "lao_cai_2023_huyen.yaml"
    (tmp_path / "tep.txt").write_text("giữ nguyên", encoding="utf-8")
    refused(vbhc("batch", "ke-hoach", "--data", data, "-o", "tep.txt", cwd=tmp_path), "tep.txt",
            "không phải thư mục")
    assert (tmp_path / "tep.txt").read_text(encoding="utf-8") == "giữ nguyên"
    refused(vbhc("batch", "ke-hoach", "--data", data, "-o", "tep.txt/con", cwd=tmp_path),
            "không tạo được thư mục")
