"""The ``vbhc studio`` command: the local web editor, opened in the clerk's browser."""

from __future__ import annotations

import webbrowser
from pathlib import Path
from urllib.parse import quote

import click

from vbhc.core.errors import VbhcError


@click.command("studio")
@click.argument("target", required=False, type=click.Path(path_type=Path))
@click.option("--port", type=click.IntRange(0, 65535), default=0,
              help="Cổng trên máy này (mặc định: một cổng còn trống).")
@click.option("--khong-mo-trinh-duyet", "no_browser", is_flag=True,
              help="Không tự mở trình duyệt (chỉ in địa chỉ).")
def studio(target: Path | None, port: int, no_browser: bool) -> None:
    """Mở trình soạn thảo trên trình duyệt: sửa dữ liệu, xem trước văn bản, lưu, tải về."""
    from vbhc.studio.server import serve

    target = Path(target or ".")
    if not target.exists():
        raise VbhcError(f"không tìm thấy {target}")
    folder = target if target.is_dir() else target.parent
    page = "" if target.is_dir() else f"sua?tep={quote(target.name)}"

    def opened(url: str) -> None:
        click.echo(f"vbhc studio đang chạy tại {url}{page}  (Ctrl+C để dừng)")
        if not no_browser:
            webbrowser.open(url + page)

    serve(folder, port, opened)
