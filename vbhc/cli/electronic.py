"""``vbhc render … --dien-tu [--ky-so --chung-thu F]``: the electronic issue of one document.

Loaded only when asked for, so plain renders import neither pikepdf nor pyHanko.
Everything that can be wrong with the input (data, images, certificate, password)
is checked before the first file is written.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from vbhc.core.errors import VbhcError, short_path
from vbhc.pipeline.signing import PASSWORD_ENV


class OptionError(VbhcError):
    """Options that do not go together (exit 2)."""


def ask_password(given: str | None, certificate: Path) -> str | None:
    """Return the certificate password: typed option, environment, or asked on a terminal."""
    if given is not None:
        return given
    if os.environ.get(PASSWORD_ENV) is not None:
        return os.environ[PASSWORD_ENV]
    if sys.stdin.isatty():
        return str(click.prompt(f"Mật khẩu chứng thư số {short_path(certificate)}",
                                hide_input=True, default="", show_default=False))
    return None


def render_electronic(kind: str | None, data: Path, output: Path | None, *, template: Path | None,
                      force: bool, sign: bool, certificate: Path | None, password: str | None,
                      electronic: bool) -> None:
    """Render, export the PDF/A for signing, write the metadata, and sign when asked."""
    from vbhc.checker import check_docx, summary_line
    from vbhc.pipeline import electronic as issue_api
    from vbhc.pipeline import render as api
    from vbhc.pipeline.images import read_pictures
    from vbhc.pipeline.signing import load_certificate

    if not electronic:
        raise OptionError("--ky-so và --chung-thu chỉ dùng cùng --dien-tu (ký số bản PDF của "
                          "văn bản điện tử)")
    if sign and certificate is None:
        raise OptionError("--ky-so cần tệp chứng thư số: thêm --chung-thu TỆP.p12")
    if certificate is not None and not sign:
        raise OptionError("đã cho --chung-thu nhưng chưa có --ky-so; thêm --ky-so để ký số")
    loaded = api.load(kind, data)
    for warning in loaded.warnings:  # -- as main.show_warnings, which imports this module --
        click.echo(f"Cảnh báo: {warning}", err=True)
    read_pictures(loaded)  # -- a bad image stops here, before anything is written --
    opened = None
    if certificate is not None:
        opened = load_certificate(certificate, ask_password(password, certificate))
    issued = issue_api.issue(loaded, data, output, template=template, force=force,
                             certificate=opened)
    for warning in issued.warnings:
        click.echo(f"Cảnh báo: {warning}", err=True)
    click.echo(f"Đã ghi {short_path(issued.docx)}")
    if issued.backup:
        click.echo(f"Đã giữ bản sửa tay: {short_path(issued.backup)}")
    click.echo(f"Kiểm tra NĐ 30: {summary_line(check_docx(issued.docx))}")
    state = ", đã ký số" if issued.signed else ", để ký số"
    click.echo(f"Đã ghi {short_path(issued.pdf)} ({issued.pdfa or 'PDF'}, {issued.pages} "
               f"trang{state})")
    click.echo(f"Đã ghi {short_path(issued.metadata)}")
