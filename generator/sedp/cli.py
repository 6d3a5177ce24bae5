"""Command line: parses options and calls the library; nothing else lives here."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from sedp import __version__


class UserError(click.ClickException):
    """A problem the user can fix, said in Vietnamese; exit code 1, no traceback."""

    def show(self, file=None) -> None:
        click.echo(f"Lỗi: {self.format_message()}", file=file or sys.stderr)


def _project(root: str | None, paths=()) -> Path:
    from sedp.repository import ProjectNotFound, find_project

    try:
        return find_project(Path(root) if root else (Path(paths[0]) if paths else None))
    except ProjectNotFound as exc:
        raise UserError(
            f"Không tìm thấy thư mục dự án (thư mục có schema/quy-trinh.yaml) từ {exc}. "
            "Hãy chạy lệnh trong thư mục kho kế hoạch, hoặc dùng --root."
        ) from None


def _handbook_or_exit(project: Path):
    from sedp.handbook import HandbookError, load_handbook

    try:
        return load_handbook(project / "schema")
    except HandbookError as exc:
        for problem in exc.problems:
            click.echo(problem.format())
        raise UserError("Sổ tay trong schema/ có lỗi; sửa các dòng trên trước.") from None


root_option = click.option("--root", type=click.Path(file_okay=False, exists=True),
                           help="Thư mục dự án (mặc định: tìm từ thư mục hiện tại).")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="sedp")
def main():
    """sedp: kế hoạch phát triển kinh tế - xã hội của xã, lưu dưới dạng YAML.

    Ví dụ: sedp validate plans
    """


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@click.option("--json", "as_json", is_flag=True, help="In báo cáo dạng JSON (mã lỗi ổn định).")
@click.option("--jobs", type=click.IntRange(1, 64), default=None,
              help="Số tiến trình chạy song song (mặc định: số nhân CPU).")
@root_option
def validate(paths, as_json, jobs, root):
    """Kiểm tra các tệp kế hoạch; in mọi lỗi, mỗi lỗi một dòng.

    Ví dụ: sedp validate plans/thach-an/duc-long
    """
    from sedp.validate import validate as run

    project = _project(root, paths)
    _handbook_or_exit(project)
    report = run(project, [Path(p) for p in paths], jobs=jobs)
    if as_json:
        click.echo(report.to_json())
    else:
        for problem in report.sorted():
            click.echo(problem.format())
        click.echo(report.summary())
    sys.exit(0 if report.ok else 1)


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

    Ví dụ: sedp schema json buoc-04-du-thao.yaml
    """
    from sedp import jsonschema_export

    project = _project(root)
    handbook = _handbook_or_exit(project)
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
    from sedp.scaffold import ScaffoldError, new_commune as run

    project = _project(root)
    handbook = _handbook_or_exit(project)
    try:
        written = run(project, handbook, district, name, code)
    except ScaffoldError as exc:
        raise UserError(str(exc)) from None
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
    from sedp.scaffold import ScaffoldError, new_year as run

    project = _project(root, (commune,))
    handbook = _handbook_or_exit(project)
    try:
        written = run(project, handbook, Path(commune), year)
    except ScaffoldError as exc:
        raise UserError(str(exc)) from None
    for path in written:
        click.echo(f"Đã tạo {path.relative_to(project)}")
