"""vbhc studio in a real Chromium (Debian's package, driven by Playwright), as a clerk uses it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest

from tests.studio_tools import BROWSER_ARGS, CHROMIUM, STRAY, serving_data, word_file
from vbhc.studio.server import RunningStudio

playwright = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.needs("chromium", "libreoffice")
LAO_CAI = "data/lao_cai_2023.yaml"
SCREENSHOT = Path(__file__).resolve().parent.parent / "docs" / "studio.png"


@pytest.fixture(scope="module")
def running(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningStudio]:
    yield from serving_data(tmp_path_factory, "studio_browser")


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    executable = CHROMIUM
    with playwright.sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=executable, args=BROWSER_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser, running: RunningStudio):  # noqa: ANN001, ANN201
    context = browser.new_context(viewport={"width": 1500, "height": 1000},
                                  accept_downloads=True, locale="vi-VN")
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    yield opened
    context.close()
    assert errors == []


def open_editor(page, running: RunningStudio, relative: str = LAO_CAI) -> None:  # noqa: ANN001
    page.goto(f"{running.url}/sua?tep={relative}")
    wait_for_pages(page)


def wait_for_pages(page) -> None:  # noqa: ANN001
    page.wait_for_selector("figure.page, .preview-error", timeout=120_000)
    assert page.locator(".preview-error").count() == 0, page.inner_text("#preview")


def next_preview(page, action) -> str:  # noqa: ANN001
    """Do ``action`` and return the text of the preview it brings."""
    before = page.get_attribute("#preview", "data-preview") or ""
    action()
    page.wait_for_function(
        "before => { const p = document.querySelector('#preview');"
        " return p.dataset.preview && p.dataset.preview !== before; }", arg=before,
        timeout=120_000)
    return "\n".join(page.locator(".page-text").all_text_contents())


def test_changing_the_year_changes_the_preview(page, running: RunningStudio) -> None:  # noqa: ANN001
    open_editor(page, running)
    first = "\n".join(page.locator(".page-text").all_text_contents())
    assert "Hè năm 2023" in first
    page.screenshot(path=str(SCREENSHOT))  # -- for README: the form beside the pages --
    text = next_preview(page, lambda: page.fill('[data-path="chien_dich.nam"]', "2024"))
    assert "Hè năm 2024" in text and "Hè năm 2023" not in text
    assert page.locator("figure.page").count() >= 6


def test_a_new_recipient_appears_with_its_semicolon(page, running: RunningStudio) -> None:  # noqa: ANN001
    open_editor(page, running)
    page.click('button.add[data-target="noi_nhan"]')
    field = page.locator('[data-path="noi_nhan.4"]')
    field.wait_for()
    text = next_preview(page, lambda: field.fill("Báo Lào Cai"))
    assert "- Báo Lào Cai;" in text


def test_an_impossible_date_is_explained_beside_its_field(page, running: RunningStudio) -> None:  # noqa: ANN001
    open_editor(page, running)
    saved = (running.studio.workspace.root / LAO_CAI).read_bytes()
    # -- the browser's date box cannot hold 31 June: type it as text, as a clerk might --
    page.evaluate("""() => { document.querySelector(
                      '[data-path="chien_dich.su_kien.1.ngay"]').type = 'text'; }""")
    page.fill('[data-path="chien_dich.su_kien.1.ngay"]', "2023-06-31")
    message = page.locator('.problem[data-for="chien_dich.su_kien.1.ngay"]')
    message.wait_for(state="visible", timeout=120_000)
    assert re.search(r"ngày|tháng", message.text_content())
    assert "day is out of range" not in page.content()
    page.locator("#problems li.error").first.click()
    assert page.evaluate("document.activeElement.dataset.path") == "chien_dich.su_kien.1.ngay"
    assert (running.studio.workspace.root / LAO_CAI).read_bytes() == saved


def test_saving_keeps_the_yaml_comments(page, running: RunningStudio) -> None:  # noqa: ANN001
    file = running.studio.workspace.root / "data" / "tam_duong_2023.yaml"
    before = file.read_text(encoding="utf-8")
    open_editor(page, running, "data/tam_duong_2023.yaml")
    next_preview(page, lambda: page.fill('[data-path="dia_danh"]', "Tam Đường"))
    page.click("#save")
    page.wait_for_function("document.getElementById('status').textContent.startsWith('Đã lưu')")
    after = file.read_text(encoding="utf-8")
    comments = [line for line in before.splitlines() if line.lstrip().startswith("#")]
    kept = [line for line in after.splitlines() if line.lstrip().startswith("#")]
    assert comments and comments == kept
    assert "dia_danh: Tam Đường" in after


def test_the_docx_download_opens_in_python_docx(page, running: RunningStudio,  # noqa: ANN001
                                                tmp_path: Path) -> None:
    open_editor(page, running)
    with page.expect_download() as waiting:
        page.click("#download-docx")
    target = tmp_path / waiting.value.suggested_filename
    waiting.value.save_as(target)
    assert target.name == "lao_cai_2023.docx"
    text = "\n".join(p.text for p in docx.Document(target).paragraphs)
    assert "KẾ HOẠCH" in text and "Những giọt máu hồng" in text


FILLED = {  # what a clerk types over the skeleton's <…> placeholders
    "co_quan_chu_quan.0": "UBND TỈNH LÀO CAI",
    "co_quan_ban_hanh.ten": "Ban Chỉ đạo vận động hiến máu tình nguyện tỉnh Lào Cai",
    "co_quan_ban_hanh.dong.0": "BAN CHỈ ĐẠO VẬN ĐỘNG",
    "co_quan_ban_hanh.dong.1": "HIẾN MÁU TÌNH NGUYỆN",
    "dia_danh": "Lào Cai",
    "trich_yeu.0": "Về việc khen thưởng người hiến máu tiêu biểu năm 2024",
    "tham_quyen": "Trưởng Ban Chỉ đạo vận động hiến máu tình nguyện tỉnh Lào Cai",
    "van_ban.luat.ten": "Tổ chức chính quyền địa phương",
    "theo_de_nghi": "Chủ tịch Hội Chữ thập đỏ tỉnh",
    "noi_nhan.0": "Hội Chữ thập đỏ tỉnh",
    "nguoi_ky.chuc_danh.0": "BAN CHỈ ĐẠO",
    "nguoi_ky.chuc_danh.1": "TRƯỞNG BAN",
    "nguoi_ky.ho_ten": "Trần Văn Mới",
}


def test_a_new_decision_is_made_filled_and_downloaded(page, running: RunningStudio,  # noqa: ANN001
                                                      tmp_path: Path) -> None:
    page.goto(running.url + "/")
    page.select_option('select[name="loai"]', "quyet-dinh")
    page.fill('input[name="ten"]', "qd_moi")
    page.click("#new-document button[type=submit]")
    page.wait_for_url(re.compile(r"/sua\?tep=qd_moi\.yaml"))
    # -- the skeleton is not a document yet: its placeholders are named as problems --
    page.wait_for_selector("#problems li.error")
    placeholders = page.locator("#form input, #form textarea")
    for index in range(placeholders.count()):
        field = placeholders.nth(index)
        if "<" in (field.input_value() or ""):
            path = field.get_attribute("data-path") or ""
            field.fill(FILLED.get(path, f"Nội dung {index + 1} của quyết định"))
    wait_for_pages(page)
    text = re.sub(r"\s+", " ", "\n".join(page.locator(".page-text").all_text_contents()))
    assert "QUYẾT ĐỊNH:" in text and "Điều 1." in text and "Trần Văn Mới" in text
    assert page.locator("#problems li.error").count() == 0
    with page.expect_download() as waiting:
        page.click("#download-docx")
    target = tmp_path / "qd_moi.docx"
    waiting.value.save_as(target)
    document = docx.Document(target)
    paragraphs = [p.text for p in document.paragraphs]
    assert "QUYẾT ĐỊNH:" in paragraphs
    assert any(text.startswith("Điều 1.") for text in paragraphs)
    cells = [p.text for t in document.tables for c in t._cells for p in c.paragraphs]
    assert "Trần Văn Mới" in cells


def test_a_three_unit_batch_shows_its_progress(page, running: RunningStudio) -> None:  # noqa: ANN001
    open_editor(page, running, "data/ba_huyen.yaml")
    page.click("#batch")
    page.wait_for_function(
        "document.querySelector('#batch-progress .count').textContent === '3/3'"
        " && !document.querySelector('#batch-progress .zip').hidden", timeout=120_000)
    assert page.get_attribute("#batch-progress .zip", "href").startswith("/zip/")


def test_typing_two_braces_offers_the_documents_facts(page, running: RunningStudio) -> None:  # noqa: ANN001
    open_editor(page, running)
    area = page.locator('[data-path="trich_yeu.0"]')
    area.click()
    area.press("Control+End")  # -- the end of the text, not of a wrapped line --
    area.type(" {{ chien_dich.t")
    menu = page.locator("#completion")
    menu.wait_for(state="visible")
    offered = menu.locator("li").all_text_contents()
    assert "chien_dich.ten" in offered and "chien_dich.tu_ngay" in offered
    assert all(name.startswith("chien_dich.t") for name in offered)
    text = next_preview(page, lambda: menu.locator("li", has_text="chien_dich.ten").first
                        .dispatch_event("mousedown"))
    assert area.input_value().endswith("{{ chien_dich.ten }}")
    assert "Hè năm 2023 Những giọt máu hồng" in re.sub(r"\s+", " ", text)


def test_a_word_document_is_imported_and_opened_in_the_editor(page, running: RunningStudio,  # noqa: ANN001
                                                               tmp_path: Path) -> None:
    chosen = tmp_path / "Thông báo lịch hiến máu.docx"
    chosen.write_bytes(word_file("tb_lich_hien_mau_2023.yaml", STRAY))
    page.goto(running.url + "/")
    page.set_input_files('#import-document input[type="file"]', str(chosen))
    assert page.input_value('#import-document input[name="tep"]') == \
        "thong_bao_lich_hien_mau.yaml"  # -- proposed from the file's name --
    page.click("#import-document button[type=submit]")
    page.wait_for_url(re.compile(r"/sua\?tep=thong_bao_lich_hien_mau\.yaml"))
    wait_for_pages(page)
    text = re.sub(r"\s+", " ", "\n".join(page.locator(".page-text").all_text_contents()))
    assert "Lịch tổ chức hiến máu tình nguyện đợt hè năm 2023" in text
    notes = page.inner_text("#import-notes")
    assert "Chưa đưa vào dữ liệu (1 đoạn" in notes and f"trang 1: {STRAY}" in notes
    # -- a second import under the same name asks first, and keeps the file when refused --
    written = running.studio.workspace.root / "thong_bao_lich_hien_mau.yaml"
    kept = written.read_bytes()
    page.goto(running.url + "/")
    page.set_input_files('#import-document input[type="file"]', str(chosen))
    asked: list[str] = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    page.click("#import-document button[type=submit]")
    page.wait_for_function("document.querySelector('#import-document .message')"
                           ".textContent.includes('đã có tệp')")
    assert "đã có tệp thong_bao_lich_hien_mau.yaml" in asked[0]
    assert written.read_bytes() == kept


def test_a_file_that_is_not_word_is_refused_beside_the_control(page, running: RunningStudio,  # noqa: ANN001
                                                               tmp_path: Path) -> None:
    chosen = tmp_path / "bao_cao.pdf"
    chosen.write_bytes(b"%PDF-1.7\n" + b"x" * 100)
    page.goto(running.url + "/")
    page.set_input_files('#import-document input[type="file"]', str(chosen))
    page.click("#import-document button[type=submit]")
    page.wait_for_function("document.querySelector('#import-document .message')"
                           ".textContent.includes('PDF')")
    assert "bao_cao.pdf: là tệp PDF" in page.inner_text("#import-document .message")
    assert not (running.studio.workspace.root / "bao_cao.yaml").exists()
