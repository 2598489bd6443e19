"""Importing a Word document from the studio's start page, over HTTP and directly."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
import yaml

from tests.studio_tools import DATA, STRAY, Client, serving_data, word_file
from vbhc.studio import importing
from vbhc.studio.server import RunningStudio
from vbhc.studio.workspace import PathRefused, Workspace


@pytest.fixture(scope="module")
def running(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningStudio]:
    yield from serving_data(tmp_path_factory, "studio_import")


@pytest.fixture(scope="module")
def client(running: RunningStudio) -> Client:
    return Client(running)


def upload(client: Client, content: bytes, original: str, target: str = "",
           **query: str) -> httpx.Response:
    params = "&".join(f"{key}={quote(value)}" for key, value in
                      {"ten_goc": original, "tep": target, **query}.items())
    return client.http.post(f"/api/nhap?{params}", content=content,
                            headers={**client.headers,
                                     "Content-Type": "application/octet-stream"})


def snapshot(root: Path) -> dict[str, bytes]:
    """Return every file below ``root`` with its content (to prove nothing changed)."""
    return {path.relative_to(root).as_posix(): path.read_bytes()
            for path in sorted(root.rglob("*")) if path.is_file()}


def temporary_uploads() -> set[str]:
    import tempfile

    return {name for name in os.listdir(tempfile.gettempdir()) if name.startswith("vbhc-nhap-")}


# -- the clerk's path ---------------------------------------------------------------------

def test_an_uploaded_word_document_becomes_a_data_file_the_editor_opens(
        client: Client) -> None:
    before = temporary_uploads()
    response = upload(client, word_file("tb_lich_hien_mau_2023.yaml", STRAY),
                      "Thông báo lịch hiến máu.docx", "thong_bao_nhap")
    assert response.status_code == 200, response.text
    result = response.json()
    assert result["tep"] == "thong_bao_nhap.yaml"
    assert result["loai"] == "thong-bao"
    assert result["con_lai"] == [{"trang": 1, "chu": STRAY}]
    written = client.running.studio.workspace.root / "thong_bao_nhap.yaml"
    data = yaml.safe_load(written.read_text(encoding="utf-8"))
    assert data["loai"] == "thong-bao"
    assert str(data["trich_yeu"]).startswith("Lịch tổ chức hiến máu tình nguyện đợt hè năm")
    page = client.http.get("/sua", params={"tep": result["tep"]})
    assert page.status_code == 200
    assert 'data-kind="thong-bao"' in page.text and "thong_bao_nhap.yaml" in page.text
    assert temporary_uploads() == before  # -- the uploaded copy is gone --


def test_a_doc_file_is_converted_by_libreoffice_and_says_so(client: Client,
                                                            tmp_path: Path) -> None:
    from tests.test_import_source import _soffice  # -- LibreOffice itself, not vbhc's code --

    built = tmp_path / "quyet_dinh.docx"
    built.write_bytes(word_file("qd_khen_thuong_2023.yaml"))
    old = _soffice(built, "doc").read_bytes()
    response = upload(client, old, "Quyết định cũ.doc", "qd_tu_doc")
    assert response.status_code == 200, response.text
    assert response.json()["ghi_chu"] == ["Đã chuyển tệp .doc sang .docx bằng LibreOffice."]
    data = yaml.safe_load((client.running.studio.workspace.root / "qd_tu_doc.yaml")
                          .read_text(encoding="utf-8"))
    assert data["loai"] == "quyet-dinh"


def test_without_a_name_the_proposed_one_is_used(client: Client) -> None:
    response = upload(client, word_file("qd_khen_thuong_2023.yaml"),
                      "C:\\Văn bản\\Quyết định khen thưởng.docx")
    assert response.status_code == 200, response.text
    assert response.json()["tep"] == "quyet_dinh_khen_thuong.yaml"
    data = yaml.safe_load((client.running.studio.workspace.root / "quyet_dinh_khen_thuong.yaml")
                          .read_text(encoding="utf-8"))
    assert data["loai"] == "quyet-dinh"


def test_an_existing_file_is_replaced_only_when_the_clerk_confirms(client: Client) -> None:
    root = client.running.studio.workspace.root
    target = root / "data" / "lao_cai_2023.yaml"
    kept = target.read_bytes()
    content = word_file("tb_lich_hien_mau_2023.yaml")
    refused = upload(client, content, "thong_bao.docx", "data/lao_cai_2023.yaml")
    assert refused.status_code == 409
    assert refused.json()["can_xac_nhan"] is True
    assert "đã có tệp data/lao_cai_2023.yaml" in refused.json()["loi"]
    assert target.read_bytes() == kept
    confirmed = upload(client, content, "thong_bao.docx", "data/lao_cai_2023.yaml", ghi_de="1")
    assert confirmed.status_code == 200, confirmed.text
    assert yaml.safe_load(target.read_text(encoding="utf-8"))["loai"] == "thong-bao"
    target.write_bytes(kept)


# -- refusals: each with its message and status, the folder unchanged ---------------------

def refused(client: Client, content: bytes, original: str, target: str) -> httpx.Response:
    root = client.running.studio.workspace.root
    before, uploads = snapshot(root), temporary_uploads()
    response = upload(client, content, original, target)
    assert snapshot(root) == before
    assert temporary_uploads() == uploads
    assert "Traceback" not in response.text
    return response


@pytest.mark.parametrize(("content", "original", "message"), [
    (b"%PDF-1.7\n" + b"x" * 200, "ke_hoach.docx", "ke_hoach.docx: là tệp PDF"),
    (b"", "rong.docx", "rong.docx: tệp rỗng"),
    (b"PK\x03\x04 not really a zip", "hong.docx", "hong.docx: tệp bị hỏng"),
    ("Chỉ là chữ".encode(), "ghi_chu.txt", "ghi_chu.txt: không phải văn bản Word"),
])
def test_a_file_that_is_not_a_document_is_refused_with_its_reason(
        client: Client, content: bytes, original: str, message: str) -> None:
    response = refused(client, content, original, "khong_duoc.yaml")
    assert response.status_code == 422
    assert response.json()["loi"].startswith(message)  # -- not the private copy's path --


def test_an_excel_workbook_named_docx_is_named_as_what_it_is(client: Client) -> None:
    workbook = (DATA / "lao_cai_2023_huyen.xlsx").read_bytes()
    response = refused(client, workbook, "ke_hoach.docx", "khong_duoc.yaml")
    assert response.status_code == 422
    assert response.json()["loi"].startswith("ke_hoach.docx: là bảng tính Excel")


@pytest.mark.parametrize("target", ["../ngoai.yaml", "/tmp/ngoai.yaml", "data/../../x",
                                    "C:/Windows/x.yaml", "data\\x.yaml"])
def test_a_name_out_of_the_folder_is_refused(client: Client, target: str) -> None:
    response = refused(client, word_file("qd_khen_thuong_2023.yaml"), "qd.docx", target)
    assert response.status_code == 400
    assert response.json()["loi"]


def test_a_link_out_of_the_folder_is_refused(client: Client, tmp_path: Path) -> None:
    root = client.running.studio.workspace.root
    outside = tmp_path / "ngoai.yaml"
    outside.write_text("so: 1\n", encoding="utf-8")
    (root / "lien_ket.yaml").symlink_to(outside)
    try:
        response = refused(client, word_file("qd_khen_thuong_2023.yaml"), "qd.docx",
                           "lien_ket.yaml")
    finally:
        (root / "lien_ket.yaml").unlink()
    assert response.status_code == 400
    assert "dẫn ra ngoài thư mục" in response.json()["loi"]
    assert outside.read_text(encoding="utf-8") == "so: 1\n"


def test_a_declared_oversize_body_is_refused_before_it_is_read(client: Client) -> None:
    too_big = b"PK\x03\x04" + b"\0" * importing.MAX_UPLOAD
    response = refused(client, too_big, "to.docx", "to.yaml")
    assert response.status_code == 413
    assert "tệp quá lớn (hơn 20 MB)" in response.json()["loi"]


def test_an_oversize_stream_without_a_length_is_cut_while_it_arrives(client: Client) -> None:
    def chunks() -> Iterator[bytes]:  # -- no Content-Length: httpx sends it chunked --
        yield b"PK\x03\x04"
        for _ in range(21):
            yield b"\0" * (1024 * 1024)

    root = client.running.studio.workspace.root
    before, uploads = snapshot(root), temporary_uploads()
    response = client.http.post("/api/nhap?ten_goc=to.docx&tep=to.yaml", content=chunks(),
                                headers=client.headers)
    assert response.status_code == 413
    assert "tệp quá lớn" in response.json()["loi"]
    assert snapshot(root) == before and temporary_uploads() == uploads


def test_an_upload_without_the_token_is_refused(client: Client) -> None:
    response = client.http.post("/api/nhap?ten_goc=a.docx&tep=a.yaml", content=b"x",
                                headers={"Origin": client.running.url})
    assert response.status_code == 403
    assert not (client.running.studio.workspace.root / "a.yaml").exists()


def test_an_upload_from_another_origin_is_refused(client: Client) -> None:
    response = client.http.post("/api/nhap?ten_goc=a.docx&tep=a.yaml", content=b"x",
                                headers={**client.headers, "Origin": "http://evil.example"})
    assert response.status_code == 403


# -- the module the route calls, directly -------------------------------------------------

def test_the_proposed_name_has_no_diacritics_and_no_folders() -> None:
    assert importing.proposed_name("Kế hoạch Đội tình nguyện 2024.docx") == \
        "ke_hoach_doi_tinh_nguyen_2024.yaml"
    assert importing.proposed_name("../../etc/passwd") == "passwd.yaml"
    assert importing.proposed_name("..") == "van_ban.yaml"
    assert importing.upload_name("C:\\x\\..\\Báo cáo.doc") == "Báo cáo.doc"


def test_import_stream_checks_the_size_while_reading(tmp_path: Path) -> None:
    workspace = Workspace(tmp_path)

    async def stream() -> AsyncIterator[bytes]:
        for _ in range(5):
            yield b"x" * 400

    with pytest.raises(importing.UploadTooLarge):
        asyncio.run(importing.import_stream(workspace, stream(), "a.docx", "a", limit=1000))
    assert list(tmp_path.iterdir()) == []


def test_import_upload_refuses_an_existing_file_and_a_missing_folder(tmp_path: Path) -> None:
    workspace = Workspace(tmp_path)
    source = tmp_path / "qd.docx"
    source.write_bytes(word_file("qd_khen_thuong_2023.yaml"))
    target = importing.target_path(workspace, "qd", "qd.docx")
    done = importing.import_upload(workspace, source, target)
    assert (done.path, done.kind, done.leftovers) == ("qd.yaml", "quyet-dinh", [])
    with pytest.raises(importing.TargetExists):
        importing.import_upload(workspace, source, target)
    with pytest.raises(PathRefused, match="chưa có thư mục"):
        importing.target_path(workspace, "khong_co/qd", "qd.docx")
