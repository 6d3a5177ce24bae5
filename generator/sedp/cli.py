"""Command line: parses options, calls the library and prints; the terminal's Vietnamese is terminal.py."""

from __future__ import annotations

from pathlib import Path

import click

from sedp.cli_authoring import example, import_, new
from sedp.core.names import OPEN_DATA
from sedp.core.problems import refuse_on_errors
from sedp.terminal import (
    TerminalProgress,
    VietnameseGroup,
    echo_lines,
    jobs_option,
    open_project,
    print_versions,
    root_option,
    timings_line,
    waiting,
)


@click.group(name="sedp", cls=VietnameseGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--version", is_flag=True, expose_value=False, is_eager=True, callback=print_versions,
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
@click.option("--changed", is_flag=True, help="PATHS là các tệp vừa sửa (pre-commit truyền vào): kiểm tra cả năm kế hoạch chứa mỗi tệp; nếu có tệp nằm ngoài thư mục năm (commune.yaml, district.yaml, province.yaml, schema/) thì kiểm tra toàn bộ plans/.")
@jobs_option
@root_option
def validate(paths, as_json, since, changed, jobs, root):
    """Kiểm tra các tệp kế hoạch; in mọi lỗi, mỗi lỗi một dòng.

    Ví dụ: sedp validate plans/thach-an/duc-long
    """
    from sedp.publish.pipeline import validate as run
    from sedp.review.amendments import problems_since
    from sedp.source.repository import changed_years

    project, handbook = open_project(root, paths)
    selection = changed_years(project, paths) if changed else [Path(p) for p in paths]
    report = run(project, selection, jobs=jobs, progress=TerminalProgress())
    report.extend(problems_since(project, handbook, since) if since else [])
    echo_lines(refuse_on_errors(report, summary="always", as_json=as_json))


@main.command()
@jobs_option
@click.option("--timings", is_flag=True, help="In thời gian của từng bước (kiểm tra và kết xuất, ghi tệp, DOCX, mkdocs, chỉ mục tìm kiếm).")
@root_option
def build(jobs, timings, root):
    """Kiểm tra kế hoạch rồi dựng trang web vào site/ (lỗi thì không ghi gì).

    Ví dụ: sedp build
    """
    from sedp.publish.build import build_all

    project, handbook = open_project(root)
    built = build_all(project, jobs=jobs, handbook=handbook, on_wait=waiting, progress=TerminalProgress())
    echo_lines(refuse_on_errors(built.report, "Kế hoạch có lỗi nên chưa dựng trang; trang cũ trong site/ được giữ "
                                         "nguyên.", summary="always"))
    site = built.site
    assert site is not None  # built: the plans have no error
    click.echo(f"Đã dựng trang web vào site/: {built.rendered}/{built.report.communes} xã kiểm tra và dựng lại, "
               f"{site.pages_built}/{site.pages} trang"
               + (" (chỉ dựng lại phần thay đổi)." if site.incremental else "."))
    if timings:
        click.echo(timings_line(built.timings))


@main.command()
@click.option("--out", type=click.Path(file_okay=False), default=None,
              help="Thư mục ghi tệp DOCX (mặc định: build/docx).")
@jobs_option
@root_option
def docx(out, jobs, root):
    """Kiểm tra kế hoạch rồi xuất văn bản DOCX: mỗi năm kế hoạch của xã có kế hoạch, báo cáo quá trình
    lập kế hoạch, báo cáo tổng hợp ý kiến góp ý, tờ trình và nghị quyết HĐND xã; mỗi huyện có bản tổng hợp.

    Ví dụ: sedp docx --out van-ban
    """
    from sedp.publish.build import GENERATED, generate, one_build_at_a_time, write_documents
    from sedp.source.repository import output_folder

    project, handbook = open_project(root)
    folder = output_folder(project, out, GENERATED / "docx", "văn bản DOCX")
    progress = TerminalProgress()
    with one_build_at_a_time(project, waiting):
        generated = generate(project, jobs, handbook, progress=progress)
        echo_lines(refuse_on_errors(generated.report, "Kế hoạch có lỗi nên chưa xuất văn bản.", summary="on error"))
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
    from sedp.publish.build import GENERATED, export_open_data, generate, one_build_at_a_time
    from sedp.source.repository import output_folder

    project, handbook = open_project(root)
    folder = output_folder(project, out, GENERATED / OPEN_DATA, "dữ liệu mở")
    with one_build_at_a_time(project, waiting):
        generated = generate(project, None, handbook, progress=TerminalProgress())
        echo_lines(refuse_on_errors(generated.report, "Kế hoạch có lỗi nên chưa xuất dữ liệu.", summary="on error"))
        tables = export_open_data(generated, folder)
    click.echo(f"Đã xuất {tables} bảng CSV, datapackage.json và các tệp XLSX vào {folder}.")


@main.command()
@click.argument("base")
@click.argument("head", required=False)
@click.option("--json", "as_json", is_flag=True, help="In dạng JSON.")
@click.option("--checklist", is_flag=True, help="Thêm danh sách kiểm tra cho người duyệt (kiểm tra thư mục làm việc và bản ghi điều chỉnh so với BASE).")
@click.option("--van-ban", "documents", metavar="URL", help="Ghi tên bản so sánh và báo cáo ý kiến của mỗi năm kế hoạch có trong site/, tải về từ URL (trang xem trước).")
@root_option
def diff(base, head, as_json, checklist, documents, root):
    """So sánh nội dung kế hoạch giữa hai phiên bản git (HEAD mặc định: thư mục làm việc).

    Ví dụ: sedp diff origin/main
    """
    from sedp.publish.pipeline import validate
    from sedp.review.checklist import reviewer_checklist
    from sedp.review.plandiff import diff_revisions, to_json, to_markdown

    project, handbook = open_project(root)
    diffs = diff_revisions(project, handbook, base, head)
    text = to_json(diffs) if as_json else to_markdown(diffs, documents=(documents, project / "site") if documents else None)
    if checklist and not as_json:
        text = reviewer_checklist(project, handbook, base, diffs, validate(project, [])) + text
    click.echo(text, nl=False)


@main.command()
@click.argument("year_folder", type=click.Path(file_okay=False, exists=True))
@click.option("--out", type=click.Path(file_okay=False), default=None, help="Thư mục ghi tệp (mặc định: build/docx/…).")
@root_option
def redline(year_folder, out, root):
    """Ghi bản so sánh kế hoạch với bản dự thảo đã gửi huyện: các thay đổi đánh dấu trong Word.

    Ví dụ: sedp redline plans/thach-an/duc-long/2027
    """
    from sedp.publish.build import write_redline

    project, handbook = open_project(root, (year_folder,))
    click.echo(f"Đã ghi {write_redline(project, handbook, Path(year_folder), out)}.")


@main.command()
@click.option("--check", is_flag=True, help="Báo lỗi nếu .github/CODEOWNERS chưa cập nhật (dùng trong CI).")
@root_option
def codeowners(check, root):
    """Ghi .github/CODEOWNERS từ người duyệt trong các district.yaml.

    Ví dụ: sedp codeowners --check
    """
    from sedp.review import codeowners as owners

    project, _ = open_project(root)
    if check:
        owners.refuse_stale(project)
    click.echo(".github/CODEOWNERS đã cập nhật." if check else f"Đã ghi {owners.write(project).relative_to(project)}.")


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
    from sedp.authoring import jsonschema_export as export

    project, handbook = open_project(root)
    click.echo(export.command(handbook, project, kind, write, check), nl=False)


for command in (import_, example, new):  # the commands that write plans (cli_authoring.py)
    main.add_command(command)
