"""vbhc studio through HTTP: the real server, the real engine, a warm real LibreOffice."""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import docx
import pytest

from tests.studio_tools import Client, serving_data
from vbhc.core.errors import VbhcError
from vbhc.data.loading import load_yaml
from vbhc.data.yaml_roundtrip import merged_text
from vbhc.kinds import KINDS
from vbhc.kinds.skeleton import skeleton
from vbhc.studio import documents
from vbhc.studio.server import RunningStudio, listening_socket
from vbhc.studio.workspace import PathRefused, Workspace

LAO_CAI = "data/lao_cai_2023.yaml"
pytestmark = pytest.mark.needs("libreoffice")


@pytest.fixture(scope="module")
def running(tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201
    yield from serving_data(tmp_path_factory, "studio")


@pytest.fixture(scope="module")
def client(running: RunningStudio) -> Client:
    return Client(running)


# -- safety -------------------------------------------------------------------------------

def test_a_request_without_the_token_is_refused(client: Client) -> None:
    body = client.opened(LAO_CAI)
    response = client.http.post("/api/xem-truoc", json=body,
                                headers={"Origin": client.running.url})
    assert response.status_code == 403
    assert "mã phiên" in response.json()["loi"]


def test_a_request_from_another_origin_is_refused(client: Client) -> None:
    response = client.post("/api/luu", client.opened(LAO_CAI), Origin="http://evil.example")
    assert response.status_code == 403
    assert "trang web khác" in response.json()["loi"]


def test_a_foreign_host_name_is_refused_even_for_pages(client: Client) -> None:
    response = client.http.get("/", headers={"Host": "attacker.example"})
    assert response.status_code == 403


@pytest.mark.parametrize("path", ["../ngoai.yaml", "/etc/passwd.yaml", "data/../../x.yaml",
                                  "C:/Windows/x.yaml", "data\\lao_cai_2023.yaml"])
def test_paths_out_of_the_folder_are_refused(client: Client, path: str) -> None:
    body = {**client.opened(LAO_CAI), "tep": path}
    response = client.post("/api/luu", body)
    assert response.status_code == 400
    assert response.json()["loi"]


def test_a_symlink_out_of_the_folder_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "ngoai.yaml"
    outside.write_text("so: 1\n", encoding="utf-8")
    (tmp_path / "goc").mkdir()
    (tmp_path / "goc" / "lien_ket.yaml").symlink_to(outside)
    workspace = Workspace(tmp_path / "goc")
    with pytest.raises(PathRefused):
        workspace.resolve("lien_ket.yaml")
    assert workspace.data_files() == []


def test_the_server_listens_on_loopback_only(running: RunningStudio) -> None:
    assert running.sock.getsockname()[0] == "127.0.0.1"
    with pytest.raises(VbhcError, match="127.0.0.1"):
        listening_socket(0, host="0.0.0.0")
    # -- the kernel's own table of listening sockets: this port only on 127.0.0.1 --
    table = Path("/proc/net/tcp")
    if table.exists():
        listening = [line.split()[1] for line in table.read_text().splitlines()[1:]
                     if line.split()[3] == "0A"
                     and int(line.split()[1].split(":")[1], 16) == running.port]
        assert listening == [f"0100007F:{running.port:04X}"]


# -- editing and saving ----------------------------------------------------------------------

def test_every_example_round_trips_unchanged_through_the_editor() -> None:
    for path in sorted(Path("data").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        opened = documents.open_document(Workspace(Path(".")), path.as_posix())
        assert merged_text(text, opened.state) == text, path


def test_saving_keeps_comments_and_changes_only_the_edited_values(client: Client) -> None:
    body = client.opened(LAO_CAI)
    body["state"]["chien_dich"]["nam"] = 2024
    body["state"]["noi_nhan"].append("Báo Lào Cai")
    response = client.post("/api/luu", body)
    assert response.status_code == 200, response.text
    saved = (client.running.studio.workspace.root / LAO_CAI).read_text(encoding="utf-8")
    before = body["goc"].splitlines()
    after = saved.splitlines()
    assert [line for line in before if line.lstrip().startswith("#")] == \
           [line for line in after if line.lstrip().startswith("#")]
    assert "  nam: 2024" in after and "  - Báo Lào Cai" in after
    changed = [line for line in difflib.ndiff(before, after) if line[:2] in ("- ", "+ ")]
    assert changed == ["-   nam: 2023", "+   nam: 2024", "+   - Báo Lào Cai"]
    assert load_yaml(client.running.studio.workspace.root / LAO_CAI).data["chien_dich"]["nam"] \
        == 2024
    # -- a second save with the version this page opened is refused: it would lose the first --
    again = client.post("/api/luu", body)
    assert again.status_code == 409 and again.json()["xung_dot"]
    body["phien_ban"] = response.json()["phien_ban"]
    body["state"]["chien_dich"]["nam"] = 2023
    body["state"]["noi_nhan"].pop()
    assert client.post("/api/luu", body).status_code == 200


def test_an_invalid_edit_is_not_saved_over_a_valid_file_without_confirmation(
        client: Client) -> None:
    body = client.opened(LAO_CAI)
    file = client.running.studio.workspace.root / LAO_CAI
    before = file.read_bytes()
    body["state"]["ngay_ban_hanh"] = "2023-02-30"
    response = client.post("/api/luu", body)
    assert response.status_code == 409 and response.json()["can_xac_nhan"]
    assert file.read_bytes() == before


def test_list_operations_add_remove_and_move() -> None:
    state = {"noi_nhan": ["A", "B", "C"]}
    assert documents.change(state, "them", "noi_nhan", item="")["noi_nhan"] == ["A", "B", "C", ""]
    assert documents.change(state, "xoa", "noi_nhan.1")["noi_nhan"] == ["A", "C"]
    assert documents.change(state, "len", "noi_nhan.2")["noi_nhan"] == ["A", "C", "B"]
    assert documents.change(state, "xuong", "noi_nhan.0")["noi_nhan"] == ["B", "A", "C"]
    assert documents.change(state, "len", "noi_nhan.0") == state  # already first
    mapping = documents.change({"thong_tin": {}}, "them", "thong_tin", key="moi", item="x")
    assert mapping == {"thong_tin": {"moi": "x"}}


def test_the_form_of_every_example_shows_every_value(client: Client) -> None:
    for path in sorted(Path("data").glob("*.yaml")):
        relative = f"data/{path.name}"
        page = client.http.get("/sua", params={"tep": relative})
        assert page.status_code == 200, relative
        opened = client.opened(relative)
        leaves = list(_leaves(opened["state"]))
        html = page.text
        missing = [p for p, v in leaves if f'data-path="{p}"' not in html]
        assert missing == [], (relative, missing[:5])


def test_the_body_sections_show_their_numbers(client: Client) -> None:
    html = client.http.get("/sua", params={"tep": LAO_CAI}).text
    assert '<span class="numbering">I.</span> Nội dung 1' in html
    assert '<span class="numbering">VI.</span> Nội dung 6' in html
    assert '<span class="numbering">2.</span> Các mục con 2' in html


# -- preview and downloads --------------------------------------------------------------------

def test_the_preview_is_the_rendered_document_page_by_page(client: Client) -> None:
    body = client.opened(LAO_CAI)
    body["state"]["chien_dich"]["ten"] = "Giọt hồng Lào Cai"
    result = client.post("/api/xem-truoc", body).json()
    assert result["loi"] == "" and not result["bi_thay"]
    assert len(result["trang"]) == _pdf_page_count(client, body)
    text = "\n".join(page["chu"] for page in result["trang"])
    assert "Giọt hồng Lào Cai" in text and "Những giọt máu hồng" not in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in result["trang"][0]["chu"]
    image = client.http.get(result["trang"][0]["anh"])
    assert image.headers["content-type"] == "image/png" and image.content[:4] == b"\x89PNG"


def test_problems_carry_the_field_they_concern(client: Client) -> None:
    body = client.opened(LAO_CAI)
    body["state"]["chien_dich"]["su_kien"][1]["ngay"] = "ngày mai"
    result = client.post("/api/xem-truoc", body).json()
    fields = {problem["truong"] for problem in result["van_de"] if not problem["canh_bao"]}
    assert "chien_dich.su_kien.1.ngay" in fields
    assert result["trang"] == []


def test_downloads_are_the_real_docx_and_pdf(client: Client, tmp_path: Path) -> None:
    body = client.opened(LAO_CAI)
    body["state"]["dia_danh"] = "Sa Pa"
    response = client.post("/api/tai/docx", body)
    assert response.status_code == 200
    assert "lao_cai_2023.docx" in response.headers["content-disposition"]
    (tmp_path / "x.docx").write_bytes(response.content)
    texts = [p.text for p in docx.Document(tmp_path / "x.docx").tables[0]._cells[1].paragraphs]
    assert any(text.startswith("Sa Pa, ngày 05 tháng 4 năm 2023") for text in
               _all_text(tmp_path / "x.docx"))
    assert texts is not None
    pdf = client.post("/api/tai/pdf", body)
    assert pdf.content[:5] == b"%PDF-"


def test_a_libreoffice_crash_shows_in_the_preview_and_the_next_edit_recovers(
        client: Client) -> None:
    body = client.opened(LAO_CAI)
    assert client.post("/api/xem-truoc", body).json()["trang"]  # warm
    office = client.running.studio.previewer.office
    assert office.warm
    _kill_office(office)
    broken = client.post("/api/xem-truoc", body).json()
    assert "LibreOffice" in broken["loi"] and broken["trang"] == []
    recovered = client.post("/api/xem-truoc", body).json()
    assert recovered["loi"] == "" and recovered["trang"]


def test_only_the_newest_of_two_waiting_previews_is_rendered(running: RunningStudio) -> None:
    previewer = running.studio.previewer
    path = running.studio.workspace.resolve(LAO_CAI)
    text = path.read_text(encoding="utf-8")
    first = previewer.request(path)
    second = previewer.request(path)
    assert previewer.preview(first, None, path, text).superseded
    assert not previewer.preview(second, None, path, text).superseded


def test_a_new_document_starts_from_its_kind(client: Client) -> None:
    response = client.post("/api/moi", {"loai": "bao-cao", "ten": "bao_cao_moi"})
    assert response.json() == {"tep": "bao_cao_moi.yaml"}
    created = client.running.studio.workspace.root / "bao_cao_moi.yaml"
    assert created.read_text(encoding="utf-8") == skeleton(KINDS["bao-cao"])
    assert load_yaml(created).data["loai"] == "bao-cao"
    assert client.post("/api/moi", {"loai": "bao-cao", "ten": "bao_cao_moi"}).status_code == 400


def test_a_three_unit_batch_reports_progress_and_a_zip(client: Client) -> None:
    job = client.post("/api/hang-loat", {"tep": "data/ba_huyen.yaml", "loai": "ke-hoach"}).json()
    status: dict = {}
    for _ in range(600):
        status = client.http.get(f"/api/hang-loat/{job['viec']}").json()
        if status["ket_thuc"]:
            break
        __import__("time").sleep(0.1)
    assert status["loi"] == "" and status["don_vi_loi"] == []
    assert (status["xong"], status["tong"]) == (3, 3)
    archive = client.http.get(status["zip"])
    assert archive.content[:2] == b"PK"


# -- helpers --------------------------------------------------------------------------------------

def _leaves(value: object, path: str = ""):  # noqa: ANN202
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, f"{path}.{key}" if path else key)
    elif isinstance(value, list) and path not in ("co_quan_chu_quan", "trich_yeu"):
        for index, item in enumerate(value):
            yield from _leaves(item, f"{path}.{index}")
    elif isinstance(value, str) and path in ("co_quan_chu_quan", "trich_yeu"):
        yield f"{path}.0", value
    else:
        yield path, value


def _all_text(path: Path) -> list[str]:
    document = docx.Document(path)
    out = [p.text for p in document.paragraphs]
    for table in document.tables:
        for cell in table._cells:
            out.extend(p.text for p in cell.paragraphs)
    return out


def _pdf_page_count(client: Client, body: dict) -> int:
    import pypdfium2

    return len(pypdfium2.PdfDocument(client.post("/api/tai/pdf", body).content))


def _kill_office(office: object) -> None:
    """Kill LibreOffice itself (not the bridge): what a crash of soffice looks like."""
    import signal

    group = office._bridge.pid  # the bridge leads the process group of its office
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid = int(stat.parent.name)
        if int(fields[2]) == group and pid != group:
            os.kill(pid, signal.SIGKILL)

