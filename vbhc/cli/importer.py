"""The ``vbhc import`` command: a Word document becomes the data file of its kind."""

from __future__ import annotations

from pathlib import Path

import click

from vbhc.cli.vietnamese import Command
from vbhc.core.errors import CommandLineError, short_path


@click.command("import", cls=Command)
@click.argument("source", required=False, type=click.Path(path_type=Path), metavar="TỆP.docx")
@click.option("-o", "--output", type=click.Path(path_type=Path), metavar="TỆP",
              help="Tệp dữ liệu YAML sẽ tạo.")
@click.option("--cap-nhat", "update", nargs=2, type=click.Path(path_type=Path),
              metavar="DỮ_LIỆU DOCX",
              help="Đưa các chỗ đã sửa trong Word (DOCX) trở lại tệp dữ liệu.")
@click.option("--force", is_flag=True, help="Ghi đè nếu tệp dữ liệu đã có.")
def import_command(source: Path | None, output: Path | None,
                   update: tuple[Path, Path] | None, force: bool) -> None:
    """Đọc một văn bản Word (NĐ 30) thành tệp dữ liệu của loại văn bản đó."""
    if update:
        if source is not None or output is not None:
            raise CommandLineError("--cap-nhat", "dùng riêng: vbhc import --cap-nhat "
                                   "DỮ_LIỆU.yaml VĂN_BẢN.docx")
        from vbhc.cli.cap_nhat import run_cap_nhat

        run_cap_nhat(*update)
        return
    if source is None:
        raise CommandLineError("TỆP.docx", "cần tên văn bản Word cần đọc")
    if output is None:
        raise CommandLineError("-o", "cần tên tệp dữ liệu sẽ tạo, ví dụ -o data/ke_hoach.yaml")
    from vbhc.importer.api import import_file

    imported = import_file(source, output, force=force)
    reading = imported.reading
    if reading.converted_from:
        click.echo(f"Đã chuyển tệp {reading.converted_from} sang .docx bằng LibreOffice.")
    if reading.legacy_runs:
        click.echo(f"Đã chuyển {reading.legacy_runs} đoạn chữ gõ bằng phông TCVN3/VNI "
                   "sang Unicode.")
    click.echo(f"Đã ghi {short_path(output)} (loại: {imported.kind})")
    if imported.backup:
        click.echo(f"Tệp cũ được giữ lại: {short_path(imported.backup)}")
    if imported.leftovers:
        click.echo(f"Chưa đưa vào dữ liệu ({len(imported.leftovers)} đoạn, đã ghi thành ghi "
                   "chú cuối tệp):")
        for page, text in imported.leftovers:
            click.echo(f"  trang {page}: {text}")
    click.echo(f"Kiểm tra rồi tạo văn bản: vbhc render --data {short_path(output)}")
