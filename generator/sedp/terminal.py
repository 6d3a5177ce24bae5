"""The command line on a terminal, in Vietnamese: click's help pages and usage
errors translated, every SedpError said as "Lỗi: …" with exit code 1 (never a
traceback), and a progress bar when stderr is a terminal. Part of the command
line (tests/test_layout.py), kept apart so that cli.py holds only commands.
"""

from __future__ import annotations

import errno
import re
import sys
from collections.abc import Sequence
from typing import Any

import click
from tqdm import tqdm

from sedp import __version__
from sedp.core.errors import SedpError
from sedp.core.progress import Progress


class TerminalProgress(Progress):
    """A tqdm bar on stderr with the count and the time left; nothing at all when
    stderr is not a terminal (CI logs, pipes), so logs stay readable."""

    def __init__(self):
        self.bar = None

    def start(self, what: str, total: int) -> None:
        self.done()
        if total > 1:
            self.bar = tqdm(total=total, unit=f" {what}", file=sys.stderr, leave=False, disable=None,
                            dynamic_ncols=True, bar_format="{n_fmt}/{total_fmt}{unit} [{bar}] còn {remaining}")

    def step(self, count: int = 1) -> None:
        if self.bar is not None:
            self.bar.update(count)

    def done(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


# click's usage errors, said in Vietnamese (the rest of the text is ours already).
_USAGE_ERRORS = [
    (r"No such option:? '?([^'.]+)'?\.?( Did you mean '?([^'?]+)'?\?)?",
     lambda m: f"Không có tùy chọn {m[1]}." + (f" Có phải ý bạn là {m[3]}?" if m[3] else "")),
    (r"No such command '([^']+)'\.( Did you mean '([^']+)'\?)?",
     lambda m: f"Không có lệnh '{m[1]}'." + (f" Có phải ý bạn là '{m[3]}'?" if m[3] else "")),
    (r"Missing argument '([^']+)'\.?", lambda m: f"Thiếu tham số {m[1]}."),
    (r"Missing option '([^']+)'\.?", lambda m: f"Thiếu tùy chọn {m[1]}."),
    (r"Got unexpected extra arguments? \((.+)\)", lambda m: f"Thừa tham số: {m[1]}."),
    (r"Invalid value for '([^']+)': Path '([^']+)' does not exist\.",
     lambda m: f"Không có đường dẫn '{m[2]}'."),
    (r"Invalid value for '([^']+)': File '([^']+)' does not exist\.", lambda m: f"Không có tệp '{m[2]}'."),
    (r"Invalid value for '([^']+)': Directory '([^']+)' does not exist\.",
     lambda m: f"Không có thư mục '{m[2]}'."),
    (r"Invalid value for '([^']+)': Directory '([^']+)' is a file\.",
     lambda m: f"'{m[2]}' là một tệp, không phải thư mục."),
    (r"Invalid value for '([^']+)': File '([^']+)' is a directory\.",
     lambda m: f"'{m[2]}' là một thư mục, không phải tệp."),
    (r"Invalid value for '([^']+)': (.+)",
     lambda m: f"Giá trị không hợp lệ cho {m[1]}: {vietnamese_usage_error(m[2])}"),
    (r"'?(.+?)'? is not in the range (.+?)\.?", lambda m: f"{m[1]} không nằm trong khoảng {m[2]}."),
    (r"'?(.+?)'? is not a valid integer( range)?\.?", lambda m: f"'{m[1]}' không phải một số nguyên."),
]
_SECTIONS = {"Options": "Tùy chọn", "Commands": "Lệnh"}
_OS_ERRORS: dict[int | None, str] = {errno.ENOENT: "không có tệp hoặc thư mục này", errno.ENOTDIR: "không phải thư mục",
              errno.EISDIR: "là thư mục, không phải tệp", errno.EACCES: "không có quyền",
              errno.EPERM: "không được phép", errno.ENOSPC: "hết chỗ trên đĩa", errno.EEXIST: "đã có",
              errno.EROFS: "ổ đĩa chỉ đọc"}


class _Formatter(click.HelpFormatter):
    def write_usage(self, prog, args="", prefix=None):
        super().write_usage(prog, args, prefix="Cách dùng: ")

    def section(self, name):
        return super().section(_SECTIONS.get(name, name))


class _Context(click.Context):
    formatter_class = _Formatter


class _Vietnamese(click.Command):
    """Help pages with Vietnamese headings and help-option text."""

    context_class: type[click.Context] = _Context

    def get_help_option(self, ctx):
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = "Xem hướng dẫn này."
        return option


class VietnameseCommand(_Vietnamese, click.Command):
    pass


def vietnamese_usage_error(text: str) -> str:
    for pattern, say in _USAGE_ERRORS:
        match = re.fullmatch(pattern, text.strip())
        if match:
            return say(match)
    return text


class VietnameseGroup(_Vietnamese, click.Group):
    """Runs the CLI so that every message a user sees, usage errors too, is Vietnamese."""

    command_class = VietnameseCommand
    group_class = type  # subgroups are VietnameseGroup too

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None, complete_var: str | None = None,
             standalone_mode: bool = True, **extra: Any) -> Any:
        try:  # never standalone: the errors are worded below
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.exceptions.NoArgsIsHelpError as exc:  # `sedp new` alone: the help, not an error
            click.echo(exc.ctx.get_help() if exc.ctx else exc.format_message())
            sys.exit(0)
        except click.UsageError as exc:
            where = exc.ctx.command_path if exc.ctx else "sedp"
            click.echo(f"Lỗi: {vietnamese_usage_error(exc.format_message())}\n"
                       f"Xem hướng dẫn: {where} --help", err=True)
            sys.exit(1)
        except SedpError as exc:
            for line in exc.details:
                click.echo(line)
            if exc.message:  # none when the lines and the exit code say it all (sedp validate)
                click.echo(f"Lỗi: {exc.message}", err=True)
            sys.exit(1)
        except OSError as exc:  # a folder given that is a file, a full disk, no permission…
            reason = _OS_ERRORS.get(exc.errno, exc.strerror or str(exc))
            where = f"{exc.filename}: " if exc.filename else ""
            click.echo(f"Lỗi: {where}{reason}. Kiểm tra đường dẫn, quyền ghi và chỗ trống trên đĩa.", err=True)
            sys.exit(1)
        except click.ClickException as exc:
            exc.show()
            sys.exit(exc.exit_code)
        except click.Abort:
            click.echo("Đã dừng.", err=True)
            sys.exit(1)


def print_versions(ctx, _param, value) -> None:
    """--version: sedp's and those of the parts that decide the site and the documents."""
    if not value or ctx.resilient_parsing:
        return
    from sedp.publish.versions import versions

    click.echo(f"sedp, phiên bản {__version__}")
    click.echo("Các thành phần quyết định trang web và văn bản:")
    for name, version in versions()[1:]:
        click.echo(f"  {name} {version}")
    ctx.exit()


def timings_line(timings: dict) -> str:
    """`sedp build --timings`: the seconds each stage took."""
    names = {"generate": "kiểm tra và kết xuất", "write": "ghi tệp", "docx": "DOCX", "site": "mkdocs",
             "search": "chỉ mục tìm kiếm"}
    return "Thời gian (giây): " + "; ".join(f"{names[k]} {v:.2f}" for k, v in timings.items())


def waiting() -> None:
    """Said while another build in the same folder holds the lock."""
    click.echo("Đang có một lần dựng khác trong thư mục này; chờ nó xong…", err=True)


def open_project(root: str | None, paths=()):
    """The project and its handbook (read first: a broken one stops every command)."""
    from sedp.source.repository import open_project as open_it

    return open_it(root, paths)


def echo_lines(lines) -> None:
    for line in lines:
        click.echo(line)


root_option = click.option("--root", type=click.Path(file_okay=False, exists=True),
                           help="Thư mục dự án (mặc định: tìm từ thư mục hiện tại).")
jobs_option = click.option("--jobs", type=click.IntRange(1, 64), default=None,
                           help="Số tiến trình chạy song song (mặc định: số nhân CPU).")
