"""The one pipeline, as its users meet it: export refuses what validate refuses
and writes what the site publishes; a CI cache restore stays incremental; two
builds at once and fifty builds in a row leave whole, bounded caches."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import shutil
import struct
import subprocess
import sys
import termios
import zipfile
from pathlib import Path

from conftest import FIXTURES, copy_project, git, init_repo, make_project, replace_in
from sedp.core.files import UMASK
from sedp.publish.build import build_all, build_site, export_open_data, generate, write_documents
from sedp.publish.cache import CommuneCache
from sedp.render.docx.writer import reference_file
from test_incremental import differences

SEDP = Path(sys.executable).with_name("sedp")
BUDGET = Path("plans/thach-an/le-lai/2027/buoc-04-du-thao.yaml")


def run(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(SEDP), *args], cwd=project, capture_output=True, text=True, timeout=600)


def raise_budget(project: Path, old: int, new: int) -> None:
    """One activity of Xã Lê Lai 2027 gets more from the commune budget, its total with it."""
    replace_in(project / BUDGET, f"ngan_sach_xa: {old}\n", f"ngan_sach_xa: {new}\n")
    total = 1156 - 235 + old
    replace_in(project / BUDGET, f"tong_kinh_phi: {total}.0\n", f"tong_kinh_phi: {total - old + new}.0\n")


def test_export_refuses_a_duplicate_commune_code_with_validates_message(tmp_path):
    project = make_project(tmp_path / "p", overlay=FIXTURES / "invalid" / "duplicate-commune-code")
    validated = run(project, "validate", "plans")
    exported = run(project, "export", "--out", "du-lieu")
    expected = (FIXTURES / "invalid" / "duplicate-commune-code" / "expected.txt").read_text(encoding="utf-8")
    assert validated.returncode == exported.returncode == 1
    assert validated.stdout == expected
    assert exported.stdout == expected  # the same problem lines and summary
    assert "Lỗi: Kế hoạch có lỗi nên chưa xuất dữ liệu." in exported.stderr
    assert not (project / "du-lieu").exists()


def test_export_writes_exactly_the_open_data_the_site_publishes(built, tmp_path):
    result = run(built, "export", "--out", str(tmp_path / "du-lieu"))
    assert result.returncode == 0, result.stderr

    def files(folder: Path) -> dict[str, bytes]:
        return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}

    published = files(built / "site/du-lieu-mo")
    assert b"<h1 id=\"du-lieu-mo\">" in published.pop("index.html")  # the page about the data, not data
    assert len(published) > 30  # a CSV per kind of table, the data package, the workbooks
    assert files(tmp_path / "du-lieu") == published  # byte for byte, no file more or less


def test_a_cache_restored_into_a_fresh_clone_rebuilds_only_what_an_edit_touches(tmp_path):
    origin = init_repo(copy_project(tmp_path / "origin"))
    assert build_site(origin).ok
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(origin), str(clone)], check=True)
    for name in ("build", "site"):  # as actions/cache restores them: new inodes, new dates
        shutil.copytree(origin / name, clone / name, symlinks=True, copy_function=shutil.copyfile)
    raise_budget(clone, 235, 245)
    git(clone, "commit", "-qam", "Tăng ngân sách xã cho HD01")
    before = {p.relative_to(clone / "site").as_posix(): p.stat().st_ino for p in (clone / "site").rglob("*.html")}

    again = build_all(clone)

    after = {p.relative_to(clone / "site").as_posix(): p.stat().st_ino for p in (clone / "site").rglob("*.html")}
    assert again.report.ok and again.site.incremental
    assert again.rendered == 1  # one commune checked and rendered; seven from the restored cache
    rebuilt = {page for page, inode in after.items() if before.get(page) != inode}
    assert {"thach-an/le-lai/2027/index.html", "thach-an/index.html", "index.html"} <= rebuilt
    assert rebuilt <= {"thach-an/le-lai/2027/index.html", "thach-an/le-lai/index.html", "thach-an/index.html",
                       "index.html", "404.html",  # 404.html: the theme's, written by every mkdocs run
                       # the period reports add up every commune's years, Lê Lai 2027 among them
                       "thach-an/bao-cao-giai-doan/index.html", "bao-cao-giai-doan/index.html"}, rebuilt
    full = tmp_path / "full"
    subprocess.run(["git", "clone", "-q", str(clone), str(full)], check=True)
    assert build_site(full).ok
    assert differences(clone / "site", full / "site") == []


def test_two_builds_started_at_once_both_finish_with_whole_files(tmp_path):
    project = make_project(tmp_path / "p")
    runs = [subprocess.Popen([str(SEDP), "build"], cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True) for _ in range(2)]
    results = [(r.wait(timeout=600), *r.communicate()) for r in runs]
    assert [code for code, _, _ in results] == [0, 0], results
    for path in (project / "build/commune-cache").iterdir():
        json.loads(path.read_bytes())  # whole JSON, not two writes interleaved
    packages = [*project.glob("site/**/*.docx"), *project.glob("site/**/*.xlsx"), *project.glob("build/*-cache/*.*x")]
    assert len(packages) > 6
    for path in packages:
        with zipfile.ZipFile(path) as package:
            assert package.testzip() is None, path
    fresh = make_project(tmp_path / "fresh")
    assert build_site(fresh).ok
    assert differences(project / "site", fresh / "site") == []


def cache_entries(project: Path) -> dict[str, int]:
    return {name: sum(1 for p in (project / "build" / name).iterdir() if not p.name.startswith("."))
            for name in ("commune-cache", "docx-cache", "xlsx-cache")}


def test_fifty_builds_with_edits_keep_only_the_entries_the_plans_need(tmp_path):
    project = make_project(tmp_path / "p")  # one commune, one plan year
    path = project / "plans/thach-an/duc-long/2027/buoc-04-du-thao.yaml"
    out = project / "build" / "docs"
    for build in range(50):
        generated = generate(project)
        assert generated.report.ok, [p.format() for p in generated.report.sorted()]
        write_documents(project, generated, out)
        export_open_data(generated, project / "build" / "du-lieu-mo")
        # The next build: the district budget one million more (its plan, workbooks, roll-ups all change).
        replace_in(path, f"ngan_sach_huyen: {850 + build}\n", f"ngan_sach_huyen: {851 + build}\n")
        replace_in(path, f"tong_kinh_phi: {970.5 + build}\n", f"tong_kinh_phi: {971.5 + build}\n")
    # One commune with one plan year: its record; its plan, process report, submission,
    # resolution, comments report, its district's synthesis and the district's and province's
    # period reports (DOCX; no redline: the project is not in git); its workbook, its district's
    # and the province's (XLSX).
    assert cache_entries(project) == {"commune-cache": 1, "docx-cache": 8, "xlsx-cache": 3}
    assert sorted(p.name for p in (project / "build").iterdir()) == [
        "commune-cache", "docs", "docx-cache", "du-lieu-mo", reference_file(project / "build/docx-cache").name,
        "xlsx-cache"]


def test_a_communes_cache_key_follows_its_own_inputs_only(tmp_path):
    project = copy_project(tmp_path / "p")
    commune = project / "plans/thach-an/le-lai"
    context = ("thach-an", "Thạch An", {"ten": "Cao Bằng"}, "plans/thach-an/le-lai")

    def key(context=context):
        return CommuneCache(project / "build/commune-cache", project).key(commune, context)

    first = key()
    assert len(first) == 40 and key() == first
    replace_in(project / "plans/thach-an/duc-long/2027/buoc-04-du-thao.yaml", "ngan_sach_huyen: ",
               "ngan_sach_huyen: 1")  # another commune of the same district
    assert key() == first
    assert key(("thach-an", "Thạch An mới", {"ten": "Cao Bằng"}, "plans/thach-an/le-lai")) != first
    assert key(("thach-an", "Thạch An", {"ten": "Cao Bằng", "cap_trung_gian": "Thành phố"},
                "plans/thach-an/le-lai")) != first
    raise_budget(project, 235, 245)
    assert key() != first


def on_a_terminal(command: list[str], cwd: Path) -> str:
    """What a person at a 100-column terminal sees (stdout and stderr, in order)."""
    master, child = pty.openpty()
    fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    process = subprocess.Popen(command, cwd=cwd, stdin=child, stdout=child, stderr=child, close_fds=True)
    os.close(child)
    seen = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        seen += chunk
    os.close(master)
    assert process.wait(timeout=300) == 0, seen
    return seen.decode("utf-8", "replace")


def test_progress_shows_on_a_terminal_and_never_in_a_log(tmp_path):
    project = copy_project(tmp_path / "p")
    seen = on_a_terminal([str(SEDP), "validate", "plans"], project)
    assert "0/8 xã [" in seen  # the count, the bar and the time left, redrawn in place
    assert seen.rstrip().endswith("Đã kiểm tra 8 xã, 10 năm kế hoạch, 124 tệp: 0 lỗi.")
    seen = on_a_terminal([str(SEDP), "docx", "--jobs", "1"], project)
    assert "/59 văn bản [" in seen  # 10 plan years of 5 documents each, 5 district syntheses, 4 period reports
    piped = run(project, "validate", "plans")  # as in CI: not a terminal
    assert (piped.stdout, piped.stderr) == ("Đã kiểm tra 8 xã, 10 năm kế hoạch, 124 tệp: 0 lỗi.\n", "")


def test_plan_text_shaped_like_a_cache_tag_survives_the_cache(tmp_path):
    project = copy_project(tmp_path / "p")
    replace_in(project / "plans/thach-an/le-lai/2027/buoc-01-khoi-dong.yaml", "san_pham: Lạc", 'san_pham: "$decimal"')
    assert build_site(project).ok
    again = build_all(project)  # every commune from the cache, roll-ups from the cached summaries
    assert again.report.ok and again.rendered == 0
    district = (project / "site/thach-an/index.html").read_text(encoding="utf-8")
    assert "&#36;decimal" in district or "$decimal" in district


def test_a_site_another_tool_built_is_rebuilt_in_full(tmp_path):
    project = copy_project(tmp_path / "p")
    assert build_site(project).ok
    guide = project / "docs/gioi-thieu.md"
    original = guide.read_text(encoding="utf-8")
    guide.write_text(original + "\n<!-- ban-nhap -->\n", encoding="utf-8")
    mkdocs = Path(sys.executable).with_name("mkdocs")
    subprocess.run([str(mkdocs), "build", "-q"], cwd=project, check=True, capture_output=True, timeout=300)
    assert "ban-nhap" in (project / "site/gioi-thieu/index.html").read_text(encoding="utf-8")
    guide.write_text(original, encoding="utf-8")
    again = build_all(project)
    assert not again.site.incremental
    assert "ban-nhap" not in (project / "site/gioi-thieu/index.html").read_text(encoding="utf-8")


def test_outputs_are_readable_by_everyone_the_umask_allows(tmp_path):
    project = copy_project(tmp_path / "p")
    assert build_site(project).ok
    assert build_all(project).site.incremental is True  # the search index is then written anew by Pagefind
    expected = 0o666 & ~UMASK
    for path in ("site/pagefind/pagefind-entry.json", "site/index.html", "build/docs/index.md"):
        assert (project / path).stat().st_mode & 0o777 == expected, path
    assert (project / "site").stat().st_mode & 0o777 == 0o777 & ~UMASK
    assert run(project, "export", "--out", "du-lieu").returncode == 0
    assert (project / "du-lieu/datapackage.json").stat().st_mode & 0o777 == expected


def test_an_output_folder_that_is_a_file_is_one_vietnamese_line(tmp_path):
    project = make_project(tmp_path / "p")
    (project / "du-lieu").write_text("không phải thư mục", encoding="utf-8")
    result = run(project, "export", "--out", "du-lieu/mo")
    assert result.returncode == 1
    assert result.stderr.endswith(": không phải thư mục. Kiểm tra đường dẫn, quyền ghi và chỗ trống trên đĩa.\n")
    assert result.stderr.startswith("Lỗi: ") and "Traceback" not in result.stderr


def test_an_editors_dangling_lock_file_in_a_commune_does_not_stop_the_build(tmp_path):
    project = make_project(tmp_path / "p")
    (project / "plans/thach-an/duc-long/.#commune.yaml").symlink_to("tung@may-tinh.1234:1700000000")
    result = run(project, "build")
    assert result.returncode == 0, result.stdout + result.stderr


def test_export_and_docx_never_write_into_the_plans(tmp_path):
    project = make_project(tmp_path / "p")
    before = sorted(p.relative_to(project) for p in project.rglob("*"))
    for command in (("export", "--out", "plans/thach-an"), ("docx", "--out", "schema/van-ban")):
        result = run(project, *command)
        assert result.returncode == 1
        where = command[2].split("/")[0]
        assert result.stderr.endswith(f"vào trong {where}/; hãy chọn thư mục khác.\n")
    assert sorted(p.relative_to(project) for p in project.rglob("*")) == before


def test_a_rendered_commune_travels_back_from_a_worker_process(tmp_path):
    """From PARALLEL_FROM communes on, each commune is checked and rendered in a worker process and
    its record comes back pickled: a record that cannot be pickled stops a province's build (it
    did, from 24 communes on: the roll-up's sums were made by lambdas)."""
    import pickle

    from sedp.publish.pipeline import run

    project = init_repo(copy_project(tmp_path / "p"))  # in git: the plan years sent have their redline
    outcome = run(project, render=True, jobs=1)
    records = [record for record in outcome.communes if record.view is not None]
    assert len(records) == 8
    for record in records:
        back = pickle.loads(pickle.dumps(record))
        assert back.view == record.view and back.pages == record.pages and back.documents == record.documents
