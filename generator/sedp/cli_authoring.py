"""Command line, the commands that write plans: import a workbook or a pull request's review,
a new commune or plan year, an example province. Options and prints only, as in cli.py, which
adds them to `sedp`."""

from __future__ import annotations

from pathlib import Path

import click

from sedp.terminal import VietnameseCommand, VietnameseGroup, echo_lines, open_project, root_option


@click.group(name="import", cls=VietnameseGroup)
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
    from sedp.authoring import xlsx_import_steps as steps
    from sedp.publish.pipeline import validate
    from sedp.review.plandiff import import_preview

    project, handbook = open_project(root, (commune,))
    year_dir = steps.year_folder(Path(commune), year)
    result = steps.read_into_valid_year(handbook, Path(workbook), year_dir, validate(project, [year_dir], jobs=1))
    click.echo(import_preview(handbook, year, result.title, result.before, result.after), nl=False)
    echo_lines(f"Ghi chú: {note}" for note in result.notes)
    steps.refuse_invalid_result(project, handbook, year_dir, result)
    steps.refuse_unrecorded_amendment(project, handbook, year_dir, result)
    click.echo(f"Đã ghi {', '.join(steps.write_result(year_dir, result))}; kế hoạch sau khi nhập hợp lệ." if write
               else "Chưa ghi gì: thêm --write để ghi vào các tệp YAML.")


@import_.command("pr")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, exists=True))
@click.option("--write", is_flag=True, help="Ghi vào bước 7 (mặc định chỉ cho xem sẽ ghi gì).")
@root_option
def import_pr(files, write, root):
    """Ghi ý kiến duyệt của huyện trên một yêu cầu thay đổi (PR) vào bước 7, chờ xã trả lời.

    FILES là JSON do gh tải về: gh api repos/OWNER/REPO/pulls/N/comments, …/pulls/N/reviews,
    hoặc gh pr view N --json reviews,comments,files. Chạy lại không ghi trùng.

    Ví dụ: sedp import pr y-kien-dong.json lan-duyet.json --write
    """
    from sedp.authoring.prcomments import import_files

    project, handbook = open_project(root)
    echo_lines(import_files(project, handbook, [Path(f) for f in files], write))


@click.command(cls=VietnameseCommand)
@click.option("--communes", type=click.IntRange(1, 20000), required=True, help="Số xã của tỉnh mẫu.")
@click.option("--out", type=click.Path(file_okay=False), required=True,
              help="Thư mục mới để ghi dự án mẫu (phải chưa có hoặc rỗng).")
@click.option("--seed", type=int, default=1, show_default=True,
              help="Hạt giống ngẫu nhiên: cùng hạt giống cho cùng dữ liệu.")
@click.option("--thuc-hien", "records", is_flag=True, help="Mỗi xã có thêm năm trước, đã công khai, kèm một năm số liệu thực hiện (thuc-hien.yaml).")
@root_option
def example(communes, out, seed, records, root):
    """Tạo một tỉnh mẫu có N xã (dữ liệu giả lập, hợp lệ) để thử và đo hiệu năng.

    Ví dụ: sedp example --communes 100 --out /tmp/tinh-mau
    """
    from sedp.authoring.synthetic import new_example

    project, _ = open_project(root)
    new_example(project, out, communes, seed, records)
    click.echo(f"Đã tạo tỉnh mẫu {communes} xã trong {out}. Thử: sedp build --root {out}")


@click.group(cls=VietnameseGroup)
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

    project, handbook = open_project(root)
    echo_lines(f"Đã tạo {path.relative_to(project)}" for path in run(project, handbook, district, name, code))


@new.command("year")
@click.argument("commune", type=click.Path(file_okay=False, exists=True))
@click.argument("year", type=click.IntRange(2000, 2100))
@root_option
def new_year(commune, year, root):
    """Tạo thư mục năm kế hoạch với đủ tệp các bước.

    Ví dụ: sedp new year plans/thach-an/duc-long 2028
    """
    from sedp.authoring.scaffold import new_year as run

    project, handbook = open_project(root, (commune,))
    written = run(project, handbook, Path(commune), year)
    echo_lines([*(f"Đã tạo {path.relative_to(project)}" for path in written), *written.told(Path(commune), year)])
