"""click's own words in Vietnamese: help pages (``vbhc -h``) and command-line errors.

click writes its texts in English ("Usage:", "Options:", "[required]", "PATH");
clerks read Vietnamese. Commands and groups built from ``Command`` and ``Group``
format their help through ``Formatter``; errors go through ``usage_message``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import click

HELP_TEXT = "Xem hướng dẫn này rồi thoát."
VERSION_HELP = "Xem phiên bản rồi thoát."
VERSION_MESSAGE = "%(prog)s, phiên bản %(version)s"
_SECTIONS = {"Options": "Tùy chọn", "Commands": "Lệnh", "Arguments": "Tham số"}
# Metavars click derives from a parameter's type.
_METAVARS = {"INTEGER RANGE": "SỐ", "INTEGER": "SỐ", "FLOAT": "SỐ", "PATH": "ĐƯỜNG_DẪN",
             "FILENAME": "TỆP", "FILE": "TỆP", "DIRECTORY": "THƯ_MỤC", "TEXT": "CHỮ",
             "BOOLEAN": "CÓ/KHÔNG"}
# -- a pattern text, compiled (and kept by ``re``) when a help text first needs it --
_METAVAR = "|".join(rf"\b{re.escape(name)}\b" for name in _METAVARS)


def ranges(text: str) -> str:
    """Return click's range notation in words: 'x>=1' → 'từ 1 trở lên'.

    >>> ranges("0 is not in the range x>=1."), ranges("1<=x<=9")
    ('0 is not in the range từ 1 trở lên.', 'từ 1 đến 9')
    """
    text = re.sub(r"(\S+)<=x<=(\S+?)(?=[.;\]\s]|$)", r"từ \1 đến \2", text)
    text = re.sub(r"x>=(\S+?)(?=[.;\]\s]|$)", r"từ \1 trở lên", text)
    text = re.sub(r"x<=(\S+?)(?=[.;\]\s]|$)", r"không quá \1", text)
    text = re.sub(r"x>(\S+?)(?=[.;\]\s]|$)", r"lớn hơn \1", text)
    return re.sub(r"x<(\S+?)(?=[.;\]\s]|$)", r"nhỏ hơn \1", text)


_NOTES = [("required", "bắt buộc"), ("default: ", "mặc định: "),
          ("env var: ", "biến môi trường: ")]


def _extras(help_text: str) -> str:
    """Return an option's help with click's bracketed notes ('[required]') in Vietnamese."""
    def note(match: re.Match) -> str:
        words = ranges(match.group(1))
        for english, vietnamese in _NOTES:
            words = words.replace(english, vietnamese)
        return f"[{words}]"

    return re.sub(r"\[([^\[\]]*)\]$", note, help_text)


class Formatter(click.HelpFormatter):
    """click's help formatter with Vietnamese headings."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        """Write 'Cách dùng: vbhc …'."""
        super().write_usage(prog, args, "Cách dùng: " if prefix is None else prefix)

    @contextmanager
    def section(self, name: str) -> Iterator[None]:
        """Write a titled section; click's English titles are translated."""
        with super().section(_SECTIONS.get(name, name)):
            yield


class Context(click.Context):
    """A context whose help is written by ``Formatter``."""

    formatter_class = Formatter


class Vietnamese:
    """What ``Command`` and ``Group`` add to click's classes (mixed in before them)."""

    context_class: type[click.Context] = Context

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        """Return the -h option, its help in Vietnamese."""
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = HELP_TEXT
        return option

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """Write the options with Vietnamese metavars and notes."""
        rows = []
        for param in self.get_params(ctx):  # type: ignore[attr-defined]
            record = param.get_help_record(ctx)
            if record is not None:
                rows.append((re.sub(_METAVAR, lambda m: _METAVARS[m.group(0)], record[0]),
                             _extras(record[1])))
        if rows:
            with formatter.section("Tùy chọn"):
                formatter.write_dl(rows)
        format_commands = getattr(self, "format_commands", None)
        if format_commands is not None:
            format_commands(ctx, formatter)


def _settings(kwargs: dict[str, Any]) -> dict[str, Any]:
    """Return click keyword arguments with the Vietnamese defaults every command shares.

    -h is set on each command, not only inherited from the group: click keeps a
    command's help option once made, and a command run on its own (tests, the
    library) would otherwise fix it to --help alone.
    """
    settings = dict(kwargs.get("context_settings") or {})
    settings.setdefault("help_option_names", ["-h", "--help"])
    return {"options_metavar": "[TÙY CHỌN]", **kwargs, "context_settings": settings}


class Command(Vietnamese, click.Command):
    """A click command whose help and usage are in Vietnamese."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **_settings(kwargs))


class Group(Vietnamese, click.Group):
    """A click group whose help, usage and commands' help are in Vietnamese."""

    command_class = Command

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("subcommand_metavar", "LỆNH [THAM SỐ]...")
        super().__init__(*args, **_settings(kwargs))


# click's error messages, in the clerks' language (longest first where one contains another).
_USAGE_WORDS = [
    ("Missing option", "thiếu tùy chọn"), ("Missing argument", "thiếu tham số"),
    ("Missing command", "thiếu lệnh"),
    ("No such option", "không có tùy chọn"), ("No such command", "không có lệnh"),
    ("Invalid value for", "giá trị không hợp lệ cho"), ("is not one of", "không thuộc"),
    ("Got unexpected extra arguments", "thừa các tham số"),
    ("Got unexpected extra argument", "thừa tham số"),
    ("Option '", "tùy chọn '"), ("requires an argument", "cần một giá trị"),
    ("Did you mean", "Có phải"), ("does not exist", "không tồn tại"),
    ("is not in the range", "không hợp lệ: phải"), ("is not a valid integer range",
                                                    "không phải số nguyên"),
    ("is not a valid integer", "không phải số nguyên"), ("is a directory", "là một thư mục"),
    ("is a file", "là một tệp"), ("is not readable", "không đọc được"),
    ("Choose from", "Chọn một trong"), ("File '", "tệp '"), ("Directory '", "thư mục '"),
    ("Path '", "đường dẫn '"),
]


_NO_ARGS_IS_HELP = getattr(click.exceptions, "NoArgsIsHelpError", ())


def usage_message(error: click.UsageError) -> str:
    """Return a click usage error in Vietnamese, with where to find help."""
    message = error.format_message()
    if isinstance(error, _NO_ARGS_IS_HELP):
        return message  # -- 'vbhc' alone: its help, which is not an error to report --
    for english, vietnamese in _USAGE_WORDS:
        message = message.replace(english, vietnamese)
    message = ranges(message).replace(":\n\t", ": ").replace(",\n\t", ", ")
    command = error.ctx.command_path if error.ctx else "vbhc"
    return f"Lỗi dòng lệnh: {message}\nXem hướng dẫn: {command} -h"
