"""Helpers for the studio tests: a studio serving a copy of data/, and HTTP calls to it."""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
import httpx
import yaml

from vbhc.pipeline.batch.units import load_batch
from vbhc.pipeline.render import load, render_to_bytes
from vbhc.studio.server import RunningStudio

PROJECT = Path(__file__).resolve().parent.parent
DATA = PROJECT / "data"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run"]
STRAY = "Đoạn ghi thêm bằng tay không thuộc phần nào của văn bản."  # -- no place in any kind --


def copy_data(folder: Path) -> Path:
    """Copy data/ into ``folder``/data and add a three-unit batch; return ``folder``."""
    shutil.copytree(DATA, folder / "data", ignore=shutil.ignore_patterns("*.py"))
    batch = load_batch("ke-hoach", DATA / "lao_cai_2023_huyen.yaml")
    shared = yaml.safe_load((DATA / "lao_cai_2023_huyen.yaml").read_text(encoding="utf-8"))
    shared["don_vi"] = [unit.data for unit in batch.units[:3]]
    del shared["chi_tieu_cap_tren"]  # three districts do not add up to the province
    (folder / "data" / "ba_huyen.yaml").write_text(
        yaml.safe_dump(shared, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return folder


def serving_data(tmp_path_factory: Any, name: str) -> Iterator[RunningStudio]:
    """Yield a studio running over a fresh copy of data/ (a module fixture's body)."""
    with RunningStudio(copy_data(tmp_path_factory.mktemp(name))) as studio:
        yield studio


def word_file(example: str, extra: str = "") -> bytes:
    """Return the .docx vbhc renders from data/``example``, ``extra`` typed at its end."""
    rendered = render_to_bytes(load(None, DATA / example))
    if not extra:
        return rendered
    document = docx.Document(io.BytesIO(rendered))
    document.add_paragraph(extra)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


class Client:
    """Calls to a running studio as its page makes them (token, same origin)."""

    def __init__(self, running: RunningStudio) -> None:
        self.running = running
        self.http = httpx.Client(base_url=running.url, timeout=120)

    @property
    def headers(self) -> dict[str, str]:
        return {"X-VBHC-Token": self.running.studio.token, "Origin": self.running.url}

    def post(self, url: str, body: dict[str, Any], **headers: str) -> httpx.Response:
        return self.http.post(url, json=body, headers={**self.headers, **headers})

    def opened(self, relative: str) -> dict[str, Any]:
        """Return what the editor page starts from: state, original text, version."""
        from vbhc.studio import documents

        opened = documents.open_document(self.running.studio.workspace, relative)
        return {"tep": opened.path, "loai": opened.kind, "state": opened.state,
                "goc": opened.text, "phien_ban": opened.version}

