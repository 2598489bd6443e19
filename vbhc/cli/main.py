"""The ``vbhc`` command: a thin layer over ``vbhc.pipeline.render`` and friends.

Every error a user can cause is a ``VbhcError``: a Vietnamese message on stderr,
exit code 2, no traceback.
"""

from __future__ import annotations

import gc
import importlib
import sys
from pathlib import Path

import click

from vbhc.cli import vietnamese
from vbhc.cli.vietnamese import usage_message
from vbhc.core.errors import DataError, OutputError, Problem, short_path
from vbhc.kinds import KINDS

KIND_CHOICE = click.Choice(sorted(KINDS))


class LazyGroup(vietnamese.Group):
    """A group whose heavier commands are imported only when they run.

    ``vbhc --help`` and ``vbhc kinds`` then load neither the checker nor the batch
    (openpyxl, process pools); the listing uses the short help given here.
    """

    def __init__(self, *args, lazy: dict[str, tuple[str, str]], **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.lazy = lazy  # name -> ("module:attribute", short help)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *self.lazy])

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in self.lazy:
            module, _, attribute = self.lazy[name][0].partition(":")
            return getattr(importlib.import_module(module), attribute)
        return super().get_command(ctx, name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = []
        for name in self.list_commands(ctx):
            if name in self.lazy:
                rows.append((name, self.lazy[name][1]))
            else:
                command = super().get_command(ctx, name)
                if command is not None and not command.hidden:
                    rows.append((name, command.get_short_help_str(formatter.width - 6 - len(name))))
        if rows:
            with formatter.section("Lệnh"):
                formatter.write_dl(rows)


def data_option(function):  # noqa: ANN001, ANN201 - a click decorator
    """Add the ``--data FILE`` option every document command shares."""
    return click.option("--data", "data", required=True, type=click.Path(path_type=Path),
                        metavar="TỆP", help="Tệp dữ liệu YAML của văn bản.")(function)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]}, lazy={
    "check": ("vbhc.cli.check:check", "Kiểm tra thể thức NĐ 30 của tệp .docx bất kỳ."),
    "batch": ("vbhc.cli.batch:batch", "Tạo mỗi đơn vị một văn bản từ bảng đơn vị."),
    "studio": ("vbhc.cli.studio:studio", "Mở trình soạn thảo trên trình duyệt, có xem trước."),
    "import": ("vbhc.cli.importer:import_command",
               "Đọc văn bản Word (NĐ 30) thành tệp dữ liệu."),
})
@click.version_option(package_name="vbhc", help=vietnamese.VERSION_HELP,
                      message=vietnamese.VERSION_MESSAGE)
def cli() -> None:
    """vbhc: soạn văn bản hành chính (NĐ 30/2020) từ dữ liệu."""


@cli.command()
@click.argument("kind", type=KIND_CHOICE, required=False, metavar="[LOẠI]")
@data_option
@click.option("-o", "--output", type=click.Path(path_type=Path), metavar="TỆP",
              help="Tệp .docx kết quả (mặc định: output/<tên tệp dữ liệu>.docx).")
@click.option("--template", type=click.Path(path_type=Path), metavar="TỆP",
              help="Dùng mẫu .docx riêng của cơ quan thay cho mẫu có sẵn.")
@click.option("--force", is_flag=True,
              help="Ghi đè cả khi tệp cũ đã được sửa tay (bản cũ được giữ lại bên cạnh).")
@click.option("--pdf", "make_pdf", is_flag=True, help="Ghi thêm bản PDF bên cạnh (LibreOffice).")
@click.option("--kiem-tra", "check", is_flag=True,
              help="Kiểm tra thể thức NĐ 30 của văn bản vừa tạo và in kết quả "
                   "(như vbhc check).")
@click.option("--dien-tu", "electronic", is_flag=True,
              help="Văn bản điện tử: PDF/A để ký số, ảnh chữ ký và dấu, tệp .metadata.json.")
@click.option("--ky-so", "sign", is_flag=True,
              help="Ký số bản PDF (cùng --dien-tu) bằng chứng thư số --chung-thu.")
@click.option("--chung-thu", type=click.Path(path_type=Path),
              help="Tệp chứng thư số PKCS#12 (.p12, .pfx) của cơ quan.")
@click.option("--mat-khau", help="Mật khẩu chứng thư số (hoặc biến môi trường VBHC_MAT_KHAU; "
              "không có thì vbhc hỏi).")
def render(kind: str | None, data: Path, output: Path | None, template: Path | None,
           force: bool, make_pdf: bool, check: bool, electronic: bool, sign: bool,
           chung_thu: Path | None, mat_khau: str | None) -> None:
    """Tạo văn bản từ tệp dữ liệu. LOẠI: ke-hoach, bao-cao, … (xem vbhc kinds); bỏ trống
    thì theo dòng 'loai' của tệp."""
    from vbhc.pipeline import render as api

    if sign or chung_thu or electronic:
        from vbhc.cli.electronic import render_electronic

        render_electronic(kind, data, output, template=template, force=force, sign=sign,
                          certificate=chung_thu, password=mat_khau, electronic=electronic)
        return
    loaded = api.load(kind, data)
    show_warnings(loaded.warnings)
    path = api.render_loaded(loaded, data, output, template=template, force=force)
    click.echo(f"Đã ghi {short_path(path)}")
    for other in loaded.written:
        click.echo(f"Đã ghi {short_path(other)}")
    if loaded.backup:
        click.echo(f"Đã giữ bản sửa tay: {short_path(loaded.backup)}")
    if check:
        # -- on demand: the checker (and python-docx) would double a render's time --
        from vbhc.checker import brief_lines, check_docx, summary_line

        report = check_docx(path)
        click.echo(f"Kiểm tra NĐ 30: {summary_line(report)}")
        for line in brief_lines(report):
            click.echo(line)
    if make_pdf:
        failures = api.write_pdfs([path])
        if failures:
            raise OutputError("; ".join(f"{short_path(f.source)}: {f.message}"
                                        for f in failures))
        click.echo(f"Đã ghi {short_path(path.with_suffix('.pdf'))}")


@cli.command()
@click.argument("kind", type=KIND_CHOICE, metavar="LOẠI")
@data_option
def context(kind: str, data: Path) -> None:
    """In (dạng JSON) mọi tên mà mẫu .docx nhận được, để chỉnh mẫu trong Word."""
    from vbhc.pipeline import render as api

    click.echo(api.context_json(api.load(kind, data)))


@cli.command()
@click.argument("kind", type=KIND_CHOICE, required=False, metavar="[LOẠI]")
@data_option
def validate(kind: str | None, data: Path) -> None:
    """Kiểm tra tệp dữ liệu (không tạo văn bản): in mọi lỗi và cảnh báo cùng lúc."""
    from vbhc.cli.batch import is_batch_file, validate_batch
    from vbhc.pipeline import render as api

    if is_batch_file(data):
        from vbhc.data.loading import load_yaml

        validate_batch(kind or load_yaml(data).data.get("loai") or "ke-hoach", data)
        return
    try:
        loaded = api.load(kind, data)
    except DataError as error:
        show_warnings(error.warnings)
        raise
    show_warnings(loaded.warnings)
    click.echo(f"{short_path(data)}: hợp lệ ({len(loaded.warnings)} cảnh báo)")


def show_warnings(warnings: list[Problem]) -> None:
    """Print warnings on stderr; they never fail a command."""
    for warning in warnings:
        click.echo(f"Cảnh báo: {warning}", err=True)


@cli.command()
def kinds() -> None:
    """Liệt kê các loại văn bản, mẫu và dữ liệu ví dụ."""
    for kind in KINDS.values():
        code = kind.abbreviation or ("—" if kind.framed else "")
        click.echo(f"{kind.name:<13} {kind.title:<13} {code:<4} Mẫu {kind.model_form:<9} "
                   f"mẫu: templates_docx/{kind.template_name}"
                   f"  ví dụ: {kind.example or '(vbhc new ' + kind.name + ')'}")


@cli.command()
@click.argument("kind", type=KIND_CHOICE, metavar="LOẠI")
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, metavar="TỆP",
              help="Tệp dữ liệu YAML sẽ tạo.")
@click.option("--force", is_flag=True, help="Ghi đè nếu tệp đã có.")
def new(kind: str, output: Path, force: bool) -> None:
    """Tạo tệp dữ liệu khung (có ghi chú) cho một loại văn bản, để điền nội dung."""
    from vbhc.kinds.skeleton import skeleton
    from vbhc.pipeline.output import write_atomic

    if output.exists() and not force:
        raise OutputError(f"{short_path(output)} đã có; thêm --force để ghi đè")
    write_atomic(output, skeleton(KINDS[kind]).encode("utf-8"))
    click.echo(f"Đã ghi {short_path(output)}: thay các chỗ <…> rồi chạy "
               f"vbhc render {kind} --data {short_path(output)}")


def main() -> None:
    """Run the command line (the ``vbhc`` console script): exit 2 on bad input, never a trace."""
    # -- what is imported lives until the process ends, and so does what the command made
    #    once it is done: the cycle collector need not walk either again, while the command
    #    runs or at exit (Python's last collections took ~40 ms of a 0.3 s render) --
    gc.freeze()
    try:
        code = cli.main(prog_name="vbhc", standalone_mode=False)
    except click.UsageError as error:
        click.echo(usage_message(error), err=True)
        sys.exit(error.exit_code)
    except click.ClickException as error:
        error.show()
        sys.exit(error.exit_code)
    except click.Abort:
        click.echo("Đã dừng theo yêu cầu.", err=True)
        sys.exit(130)
    finally:
        gc.freeze()
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":  # pragma: no cover
    main()
