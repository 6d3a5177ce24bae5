"""Incremental builds: an edit re-renders what it touches, and the site is the
one a full build would give, byte for byte."""

from __future__ import annotations

import filecmp
import os
import shutil
from pathlib import Path

import pytest

from conftest import copy_project
from sedp.publish.build import build_all

PLAN = Path("plans/thach-an/duc-long/2027/buoc-04-du-thao.yaml")


def differences(left: Path, right: Path) -> list[str]:
    """Files that differ or exist on one side only, as relative paths."""
    found = []
    compared = filecmp.dircmp(left, right)
    found += [f"{left.name}: {name}" for name in compared.left_only + compared.right_only + compared.funny_files]
    _, mismatch, errors = filecmp.cmpfiles(left, right, compared.common_files, shallow=False)
    found += mismatch + errors
    for name in compared.common_dirs:
        found += [f"{name}/{entry}" for entry in differences(left / name, right / name)]
    return found


def full_build(project: Path, target: Path) -> None:
    """The same project built from nothing, for comparison."""
    fresh = target / "fresh"
    copy_project(fresh)
    shutil.rmtree(fresh / "plans")
    shutil.copytree(project / "plans", fresh / "plans")
    assert build_all(fresh).report.ok


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("incremental") / "project")
    first = build_all(project)
    assert first.report.ok and not first.site.incremental
    assert first.rendered == first.report.communes == 8
    return project


def test_nothing_changed_renders_nothing(project):
    again = build_all(project)
    assert again.report.ok
    assert (again.rendered, again.site.incremental, again.site.pages_built) == (0, True, 0)


def test_a_budget_edit_rebuilds_its_commune_and_roll_ups_and_equals_a_full_build(project, tmp_path):
    path = project / PLAN
    text = path.read_text(encoding="utf-8")
    assert "    ngan_sach_tinh: 665\n" in text and "  tong_kinh_phi: 1095\n" in text
    path.write_text(text.replace("    ngan_sach_tinh: 665\n", "    ngan_sach_tinh: 700\n", 1)
                    .replace("  tong_kinh_phi: 1095\n", "  tong_kinh_phi: 1130\n", 1), encoding="utf-8")
    old_page = project / "site/thach-an/duc-long/2027/index.html"
    kept = tmp_path / "old-page.html"
    os.link(old_page, kept)  # a second name for the old page's file
    before = kept.read_bytes()

    built = build_all(project)

    assert built.report.ok
    assert built.rendered == 1  # one commune checked and rendered again
    assert built.site.incremental
    # the plan year, the commune page (needs across years), its district, the province, open data
    assert 2 <= built.site.pages_built <= 8, built.site.pages_built
    assert "1.130" in (project / "site/thach-an/duc-long/2027/index.html").read_text(encoding="utf-8")
    assert kept.read_bytes() == before  # the old site was never written through its links
    full_build(project, tmp_path)
    found = differences(project / "site", tmp_path / "fresh" / "site")
    assert found == [], found


def test_a_renamed_commune_changes_the_navigation_and_gets_a_full_build(project, tmp_path):
    path = project / "plans/thach-an/duc-long/commune.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("ten: Đức Long\n", "ten: Đức Long Mới\n", 1),
                    encoding="utf-8")
    built = build_all(project)
    assert built.report.ok and built.rendered == 1
    assert not built.site.incremental and built.site.pages_built == built.site.pages
    assert "Xã Đức Long Mới" in (project / "site/thach-an/index.html").read_text(encoding="utf-8")
    full_build(project, tmp_path)
    found = differences(project / "site", tmp_path / "fresh" / "site")
    assert found == [], found


def test_a_site_written_by_another_tool_gets_a_full_build(project):
    (project / "site/sitemap.xml").write_text("<urlset/>", encoding="utf-8")
    built = build_all(project)
    assert built.report.ok and not built.site.incremental
    assert "<urlset/>" not in (project / "site/sitemap.xml").read_text(encoding="utf-8")


def test_the_cli_says_what_it_rebuilt(project, sedp):
    code, output = sedp(project, "build")
    assert code == 0
    pages = len(list((project / "build/docs").rglob("*.md")))
    assert output.endswith("Đã dựng trang web vào site/: 0/8 xã kiểm tra và dựng lại, "
                           f"0/{pages} trang (chỉ dựng lại phần thay đổi).\n"), output


def test_a_full_build_split_over_processes_equals_one_process(tmp_path, monkeypatch):
    from sedp.publish import mkdocs_run
    from sedp.publish.mkdocs_run import SiteBuildError

    one, two = copy_project(tmp_path / "one"), copy_project(tmp_path / "two")
    assert build_all(one, site_jobs=1).site.parts == 1
    monkeypatch.setattr(mkdocs_run, "PAGES_PER_PART", 5)  # the example is small: split it anyway
    built = build_all(two, site_jobs=2)
    assert built.site.parts == 2 and built.site.pages_built == built.site.pages
    found = differences(one / "site", two / "site")
    assert found == [], found

    guide = two / "docs/huong-dan.md"  # a strict warning in either part fails the whole build
    guide.write_text(guide.read_text(encoding="utf-8") + "\n[hỏng](khong-co.md)\n", encoding="utf-8")
    (two / "build/site-stamp.json").unlink()
    with pytest.raises(SiteBuildError) as refused:
        build_all(two, site_jobs=2)
    assert any("'khong-co.md'" in line for line in refused.value.details)
    assert not [p for p in two.iterdir() if p.name.startswith(".site-")]
    assert differences(one / "site", two / "site") == []
