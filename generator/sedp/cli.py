"""Command line: parses options and calls the library; nothing else lives here."""

from __future__ import annotations

import errno
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click
from tqdm import tqdm

from sedp import __version__
from sedp.core.errors import SedpError
from sedp.core.names import OPEN_DATA
from sedp.core.progress import Progress


class UserError(SedpError):
    """A problem with how a command was called, said in Vietnamese."""

    code = "lenh"


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


def _project(root: str | None, paths=()) -> Path:
    from sedp.source.repository import find_project

    return find_project(Path(root) if root else (Path(paths[0]) if paths else None))


def _handbook(project: Path):
    from sedp.source.handbook import load_handbook

    return load_handbook(project / "schema")


def _generated(project: Path, jobs, progress: Progress, refusal: str):
    """Everything generated in memory, the plans' warnings printed; with an error, its
    lines and the refusal, and nothing written."""
    from sedp.publish.build import generate

    generated = generate(project, jobs, _handbook(project), progress=progress)
    for problem in generated.report.sorted():
        click.echo(problem.format())
    if not generated.report.ok:
        click.echo(generated.report.summary())
        raise UserError(refusal)
    return generated


def _not_into_sources(project: Path, folder: Path, what: str) -> None:
    """plans/ and schema/ are written only by the commands made for them."""
    for source in ("plans", "schema"):
        if folder.resolve().is_relative_to(project.resolve() / source):
            raise UserError(f"Không ghi {what} vào trong {source}/; hãy chọn thư mục khác.")


def _waiting() -> None:
    click.echo("Đang có một lần dựng khác trong thư mục này; chờ nó xong…", err=True)


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
     lambda m: f"Giá trị không hợp lệ cho {m[1]}: {_vietnamese_usage_error(m[2])}"),
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


class _Command(_Vietnamese, click.Command):
    pass


def _vietnamese_usage_error(text: str) -> str:
    for pattern, say in _USAGE_ERRORS:
        match = re.fullmatch(pattern, text.strip())
        if match:
            return say(match)
    return text


class _Group(_Vietnamese, click.Group):
    """Runs the CLI so that every message a user sees, usage errors too, is Vietnamese."""

    command_class = _Command
    group_class = type  # subgroups are _Group too

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None, complete_var: str | None = None,
             standalone_mode: bool = True, **extra: Any) -> Any:
        try:  # never standalone: the errors are worded below
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.exceptions.NoArgsIsHelpError as exc:  # `sedp new` alone: the help, not an error
            click.echo(exc.ctx.get_help() if exc.ctx else exc.format_message())
            sys.exit(0)
        except click.UsageError as exc:
            where = exc.ctx.command_path if exc.ctx else "sedp"
            click.echo(f"Lỗi: {_vietnamese_usage_error(exc.format_message())}\n"
                       f"Xem hướng dẫn: {where} --help", err=True)
            sys.exit(1)
        except SedpError as exc:
            for line in exc.details:
                click.echo(line)
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


root_option = click.option("--root", type=click.Path(file_okay=False, exists=True),
                           help="Thư mục dự án (mặc định: tìm từ thư mục hiện tại).")


def _print_versions(ctx, _param, value) -> None:
    if not value or ctx.resilient_parsing:
        return
    from sedp.publish.versions import versions

    click.echo(f"sedp, phiên bản {__version__}")
    click.echo("Các thành phần quyết định trang web và văn bản:")
    for name, version in versions()[1:]:
        click.echo(f"  {name} {version}")
    ctx.exit()


@click.group(name="sedp", cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--version", is_flag=True, expose_value=False, is_eager=True, callback=_print_versions,
              help="Xem phiên bản của sedp và các thành phần nó dùng.")
def main():
    """sedp: kế hoạch phát triển kinh tế - xã hội của xã, lưu dưới dạng YAML.

    Ví dụ: sedp validate plans
    """


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@click.option("--json", "as_json", is_flag=True, help="In báo cáo dạng JSON (mã lỗi ổn định).")
@click.option("--since", "since", metavar="BASE", default=None,
              help="Kiểm tra thêm: kế hoạch đã thông qua mà bị sửa từ phiên bản git BASE phải có bản ghi điều chỉnh.")
@click.option("--changed", is_flag=True,
              help="PATHS là các tệp vừa sửa (pre-commit truyền vào): kiểm tra cả năm kế hoạch chứa mỗi tệp; "
                   "nếu có tệp nằm ngoài thư mục năm (commune.yaml, district.yaml, province.yaml, schema/) "
                   "thì kiểm tra toàn bộ plans/.")
@click.option("--jobs", type=click.IntRange(1, 64), default=None,
              help="Số tiến trình chạy song song (mặc định: số nhân CPU).")
@root_option
def validate(paths, as_json, since, changed, jobs, root):
    """Kiểm tra các tệp kế hoạch; in mọi lỗi, mỗi lỗi một dòng.

    Ví dụ: sedp validate plans/thach-an/duc-long
    """
    from sedp.publish.pipeline import validate as run

    project = _project(root, paths)
    handbook = _handbook(project)
    selection = [Path(p) for p in paths]
    if changed:  # a file in plans/<district>/<commune>/<year>/ is checked with its year (and commune.yaml);
        # any other one (a commune's code, a district, the province, the handbook) may touch every commune
        folders = {Path(p).absolute().parent.resolve() for p in paths}
        plans = project / "plans"
        in_a_year = all(plans in f.parents and len(f.relative_to(plans).parts) == 3 for f in folders)
        selection = sorted(folders) if in_a_year else []
    report = run(project, selection, jobs=jobs, progress=TerminalProgress())
    if since:
        from sedp.core.messages import Wording
        from sedp.review.amendments import check_since

        report.extend(check_since(project, handbook, Wording(handbook), since))
    if as_json:
        click.echo(report.to_json())
    else:
        for problem in report.sorted():
            click.echo(problem.format())
        click.echo(report.summary())
    sys.exit(0 if report.ok else 1)


@main.command()
@click.option("--jobs", type=click.IntRange(1, 64), default=None,
              help="Số tiến trình chạy song song (mặc định: số nhân CPU).")
@click.option("--timings", is_flag=True, help="In thời gian của từng bước (kiểm tra và kết xuất, ghi tệp, DOCX, mkdocs, chỉ mục tìm kiếm).")
@root_option
def build(jobs, timings, root):
    """Kiểm tra kế hoạch rồi dựng trang web vào site/ (lỗi thì không ghi gì).

    Ví dụ: sedp build
    """
    from sedp.publish.build import build_all

    project = _project(root)
    built = build_all(project, jobs=jobs, handbook=_handbook(project), on_wait=_waiting,
                      progress=TerminalProgress())
    report = built.report
    for problem in report.sorted():
        click.echo(problem.format())
    click.echo(report.summary())
    if not report.ok:
        raise UserError("Kế hoạch có lỗi nên chưa dựng trang; trang cũ trong site/ được giữ nguyên.")
    site = built.site
    assert site is not None  # built: the plans have no error
    click.echo(f"Đã dựng trang web vào site/: {built.rendered}/{report.communes} xã kiểm tra và dựng lại, "
               f"{site.pages_built}/{site.pages} trang"
               + (" (chỉ dựng lại phần thay đổi)." if site.incremental else "."))
    if timings:
        names = {"generate": "kiểm tra và kết xuất", "write": "ghi tệp", "docx": "DOCX", "site": "mkdocs",
                 "search": "chỉ mục tìm kiếm"}
        click.echo("Thời gian (giây): " + "; ".join(f"{names[k]} {v:.2f}" for k, v in built.timings.items()))


@main.command()
@click.option("--out", type=click.Path(file_okay=False), default=None,
              help="Thư mục ghi tệp DOCX (mặc định: build/docx).")
@click.option("--jobs", type=click.IntRange(1, 64), default=None,
              help="Số tiến trình chạy song song (mặc định: số nhân CPU).")
@root_option
def docx(out, jobs, root):
    """Kiểm tra kế hoạch rồi xuất văn bản DOCX: mỗi năm kế hoạch của xã có kế hoạch, báo cáo quá trình
    lập kế hoạch, tờ trình và nghị quyết HĐND xã; mỗi huyện có bản tổng hợp.

    Ví dụ: sedp docx --out van-ban
    """
    from sedp.publish.build import GENERATED, one_build_at_a_time, write_documents

    project = _project(root)
    folder = Path(out) if out else project / GENERATED / "docx"
    _not_into_sources(project, folder, "văn bản DOCX")
    progress = TerminalProgress()
    with one_build_at_a_time(project, _waiting):
        generated = _generated(project, jobs, progress, "Kế hoạch có lỗi nên chưa xuất văn bản.")
        stats = write_documents(project, generated, folder, jobs, progress)
    click.echo(f"Đã ghi {len(generated.documents)} tệp DOCX vào {folder} "
               f"({stats.pandoc_calls} tệp mới, {stats.cached} tệp không đổi).")


@main.command()
@click.option("--out", type=click.Path(file_okay=False), default=None,
              help="Thư mục ghi dữ liệu (mặc định: build/du-lieu-mo).")
@root_option
def export(out, root):
    """Kiểm tra kế hoạch rồi xuất dữ liệu mở: CSV, datapackage.json và XLSX.

    Ví dụ: sedp export --out du-lieu
    """
    from sedp.publish.build import GENERATED, export_open_data, one_build_at_a_time

    project = _project(root)
    folder = Path(out) if out else project / GENERATED / OPEN_DATA
    _not_into_sources(project, folder, "dữ liệu mở")
    with one_build_at_a_time(project, _waiting):
        generated = _generated(project, None, TerminalProgress(), "Kế hoạch có lỗi nên chưa xuất dữ liệu.")
        tables = export_open_data(generated, folder)
    click.echo(f"Đã xuất {tables} bảng CSV, datapackage.json và các tệp XLSX vào {folder}.")


@main.group(name="import")
def import_():
    """Nhập dữ liệu từ tệp khác vào kế hoạch."""


@import_.command("xlsx")
@click.argument("workbook", type=click.Path(dir_okay=False, exists=True))
@click.argument("commune", type=click.Path(file_okay=False, exists=True))
@click.argument("year", type=click.IntRange(2000, 2100))
@click.option("--write", is_flag=True, help="Ghi vào các tệp YAML (mặc định chỉ cho xem thay đổi).")
@root_option
def import_xlsx(workbook, commune, year, write, root):
    """Đọc Biểu 1 và Biểu 6 từ tệp Excel (mẫu do sedp export tạo) vào kế hoạch của xã.

    Cho xem mọi thay đổi; chỉ ghi khi có --write và kế hoạch sau khi nhập hợp lệ.

    Ví dụ: sedp import xlsx ke-hoach.xlsx plans/thach-an/duc-long 2027 --write
    """
    from sedp.authoring.xlsx_import import check_result, read_workbook
    from sedp.review.plandiff import compare_year, to_markdown

    project = _project(root, (commune,))
    handbook = _handbook(project)
    year_dir = Path(commune) / str(year)
    if not year_dir.is_dir():
        raise UserError(f"Không có thư mục {year_dir}; tạo năm kế hoạch bằng `sedp new year` trước.")
    from sedp.publish.pipeline import validate as validate_plans

    before = validate_plans(project, [year_dir], jobs=1)
    if before.errors:  # the workbook is merged into the YAML: a year that does not read right cannot take it
        for problem in before.sorted():
            click.echo(problem.format())
        raise UserError("Kế hoạch hiện tại có lỗi như trên; sửa các tệp YAML trước rồi nhập lại. Chưa ghi gì.")
    result = read_workbook(Path(workbook), handbook, year_dir)
    if result.problems:
        for problem in result.problems:
            click.echo(problem.format())
        raise UserError("Tệp Excel có lỗi; chưa ghi gì.")
    diff = compare_year(handbook, ("", "", str(year)), result.title, result.before, {**result.before, **result.after})
    click.echo(to_markdown([diff] if not diff.empty() else []), nl=False)
    for note in result.notes:
        click.echo(f"Ghi chú: {note}")
    problems = check_result(project, handbook, year_dir, result)
    if problems:
        for problem in problems:
            click.echo(problem.format())
        raise UserError("Sau khi nhập, kế hoạch sẽ có lỗi như trên; chưa ghi gì. Sửa trong tệp Excel (hoặc trong "
                        "các tệp YAML) rồi nhập lại.")
    if write:
        from sedp.core.files import atomic_write

        for name, text in result.texts.items():
            atomic_write(year_dir / name, text.encode("utf-8"))
        click.echo(f"Đã ghi {', '.join(result.texts)}; kế hoạch sau khi nhập hợp lệ.")
    else:
        click.echo("Chưa ghi gì: thêm --write để ghi vào các tệp YAML.")


@main.command()
@click.argument("base")
@click.argument("head", required=False)
@click.option("--json", "as_json", is_flag=True, help="In dạng JSON.")
@click.option("--checklist", is_flag=True,
              help="Thêm danh sách kiểm tra cho người duyệt (kiểm tra thư mục làm việc và bản ghi điều chỉnh so với BASE).")
@root_option
def diff(base, head, as_json, checklist, root):
    """So sánh nội dung kế hoạch giữa hai phiên bản git (HEAD mặc định: thư mục làm việc).

    Ví dụ: sedp diff origin/main
    """
    from sedp.review.plandiff import diff_revisions, to_json, to_markdown

    project = _project(root)
    handbook = _handbook(project)
    diffs = diff_revisions(project, handbook, base, head)
    if as_json:
        click.echo(to_json(diffs), nl=False)
        return
    text = to_markdown(diffs)
    if checklist:
        from sedp.core.messages import Wording
        from sedp.publish.pipeline import validate as run
        from sedp.review.amendments import check_since
        from sedp.review.checklist import checklist as make

        report = run(project, [])
        missing = [p for p in check_since(project, handbook, Wording(handbook), base) if p.code == "dieu-chinh-thieu"]
        text = make(handbook, diffs, report, missing) + text
    click.echo(text, nl=False)


@main.command()
@click.option("--check", is_flag=True, help="Báo lỗi nếu .github/CODEOWNERS chưa cập nhật (dùng trong CI).")
@root_option
def codeowners(check, root):
    """Ghi .github/CODEOWNERS từ người duyệt trong các district.yaml.

    Ví dụ: sedp codeowners --check
    """
    from sedp.review import codeowners as owners

    project = _project(root)
    _handbook(project)
    if check:
        if not owners.is_current(project):
            raise UserError(".github/CODEOWNERS chưa khớp với người duyệt trong district.yaml. "
                            "Chạy `sedp codeowners` rồi commit tệp này.")
        click.echo(".github/CODEOWNERS đã cập nhật.")
        return
    click.echo(f"Đã ghi {owners.write(project).relative_to(project)}.")


@main.group()
def schema():
    """Xuất sổ tay (schema/) cho các công cụ khác."""


@schema.command("json")
@click.argument("kind", required=False)
@click.option("--write", is_flag=True, help="Ghi các tệp vào schema/json/.")
@click.option("--check", is_flag=True, help="Báo lỗi nếu schema/json/ chưa cập nhật.")
@root_option
def schema_json(kind, write, check, root):
    """JSON Schema (draft-07) cho trình soạn thảo (VS Code YAML).

    Ví dụ: sedp schema json ke-hoach.yaml
    """
    from sedp.authoring import jsonschema_export

    project = _project(root)
    handbook = _handbook(project)
    schemas = jsonschema_export.export_all(handbook)
    if kind:
        if kind not in schemas:
            raise UserError(
                f"Không có loại tệp '{kind}'. Chọn một trong: {', '.join(schemas)}.")
        click.echo(jsonschema_export.dumps(schemas[kind]), nl=False)
        return
    out = project / "schema" / "json"
    if check:
        stale = jsonschema_export.stale_files(schemas, out)
        if stale:
            for name in stale:
                click.echo(f"schema/json/{name}: chưa cập nhật")
            raise UserError("Chạy `sedp schema json --write` rồi commit.")
        click.echo(f"schema/json/: {len(schemas)} tệp đã cập nhật.")
        return
    if write:
        written = jsonschema_export.write_all(schemas, out)
        click.echo(f"Đã ghi {written} tệp vào schema/json/.")
        return
    click.echo(jsonschema_export.dumps(jsonschema_export.bundle(schemas)), nl=False)


@main.command()
@click.option("--communes", type=click.IntRange(1, 20000), required=True, help="Số xã của tỉnh mẫu.")
@click.option("--out", type=click.Path(file_okay=False), required=True,
              help="Thư mục mới để ghi dự án mẫu (phải chưa có hoặc rỗng).")
@click.option("--seed", type=int, default=1, show_default=True,
              help="Hạt giống ngẫu nhiên: cùng hạt giống cho cùng dữ liệu.")
@click.option("--thuc-hien", "records", is_flag=True,
              help="Mỗi xã có thêm năm trước, đã công khai, kèm một năm số liệu thực hiện (thuc-hien.yaml).")
@root_option
def example(communes, out, seed, records, root):
    """Tạo một tỉnh mẫu có N xã (dữ liệu giả lập, hợp lệ) để thử và đo hiệu năng.

    Ví dụ: sedp example --communes 100 --out /tmp/tinh-mau
    """
    from sedp.authoring.synthetic import synthetic_project

    project = _project(root)
    _handbook(project)
    folder = Path(out)
    if folder.exists() and any(folder.iterdir()):
        raise UserError(f"Thư mục {out} đã có nội dung; hãy chọn một thư mục mới hoặc rỗng.")
    _not_into_sources(project, folder, "dự án mẫu")
    folder.mkdir(parents=True, exist_ok=True)
    synthetic_project(folder, project, communes=communes, seed=seed, records=records)
    click.echo(f"Đã tạo tỉnh mẫu {communes} xã trong {out}. Thử: sedp build --root {out}")


@main.group()
def new():
    """Tạo xã mới hoặc năm kế hoạch mới từ mẫu (không ghi đè tệp có sẵn)."""


@new.command("commune")
@click.argument("district")
@click.argument("name")
@click.option("--code", "code", default=None, help="Mã xã 5 chữ số, ví dụ 01288.")
@root_option
def new_commune(district, name, code, root):
    """Tạo thư mục xã với commune.yaml.

    Ví dụ: sedp new commune thach-an "Đức Long"
    """
    from sedp.authoring.scaffold import new_commune as run

    project = _project(root)
    handbook = _handbook(project)
    written = run(project, handbook, district, name, code)
    for path in written:
        click.echo(f"Đã tạo {path.relative_to(project)}")


@new.command("year")
@click.argument("commune", type=click.Path(file_okay=False, exists=True))
@click.argument("year", type=click.IntRange(2000, 2100))
@root_option
def new_year(commune, year, root):
    """Tạo thư mục năm kế hoạch với đủ tệp các bước.

    Ví dụ: sedp new year plans/thach-an/duc-long 2028
    """
    from sedp.authoring.scaffold import new_year as run

    project = _project(root, (commune,))
    handbook = _handbook(project)
    written = run(project, handbook, Path(commune), year)
    for path in written:
        click.echo(f"Đã tạo {path.relative_to(project)}")
    taken = getattr(written, "taken", None)  # a rollover from a year with its implementation record
    if taken is not None:
        _say_taken_over(taken, year)
    source = getattr(written, "source_year", None)
    if source is not None and source < year - 1:
        between = str(source + 1) if source + 1 == year - 1 else f"{source + 1}–{year - 1}"
        click.echo(f"Cảnh báo: năm gần nhất của xã có kế hoạch là {source}, không phải {year - 1}: năm {year} "
                   f"được chuyển từ năm {source}, và năm {between} không có kế hoạch. Nếu gõ nhầm năm, xoá thư mục "
                   f"{Path(commune) / str(year)} vừa tạo rồi chạy lại với năm {source + 1}.")


def _say_taken_over(taken, year: int) -> None:
    from sedp.core.fmt import number

    def codes(items):
        return f" ({', '.join(items)})" if items else ""

    click.echo(f"Từ {taken.record} năm {taken.year} (cập nhật ngày {taken.updated}), năm {year} đã nhận:")
    click.echo(f"- {len(taken.closed)} nhu cầu đóng vì hoạt động đã hoàn thành{codes(taken.closed)}; "
               f"{len(taken.started)} nhu cầu chuyển sang đang thực hiện{codes(taken.started)};")
    spent = f"; không chuyển {', '.join(taken.spent)}: chưa xong nhưng đã giải ngân hết kinh phí" if taken.spent else ""
    click.echo(f"- {len(taken.offered)} hoạt động chưa xong đề xuất chuyển sang năm {year} với kinh phí còn lại"
               f"{codes(taken.offered)}{spent};")
    click.echo(f"- kết quả thực hiện của {taken.measured}/{taken.targets} chỉ tiêu năm {taken.year} "
               "vào phần đánh giá (bước 3).")
    if taken.unmentioned:
        listed = ", ".join(f"{code} ({number(amount)} triệu đồng)" for code, amount in taken.unmentioned)
        click.echo(f"Chú ý: {len(taken.unmentioned)} hoạt động của kế hoạch năm {taken.year} không có trong "
                   f"{taken.record}: {listed}. Không biết đã làm đến đâu, nên đã coi là chưa làm và đề xuất chuyển "
                   f"sang năm {year} với toàn bộ kinh phí. Nếu đã làm, ghi tiến độ và giải ngân của hoạt động đó "
                   f"vào {taken.record} năm {taken.year}, xoá thư mục năm {year} rồi chuyển năm lại.")
    click.echo("Cán bộ cần xem lại từng thay đổi này (git diff) trước khi commit.")
