"""`sedp example`: a reproducible synthetic province that validates."""

from __future__ import annotations

import hashlib
from pathlib import Path

import yaml

from conftest import ROOT


def tree_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(str(path.relative_to(folder)).encode() + path.read_bytes())
    return digest.hexdigest()


def test_example_writes_a_province_that_validates_and_is_reproducible(tmp_path, sedp):
    code, output = sedp(ROOT, "example", "--communes", "35", "--out", str(tmp_path / "a"), "--seed", "5")
    assert code == 0, output
    assert "Đã tạo tỉnh mẫu 35 xã" in output
    sedp(ROOT, "example", "--communes", "35", "--out", str(tmp_path / "b"), "--seed", "5")
    sedp(ROOT, "example", "--communes", "35", "--out", str(tmp_path / "c"), "--seed", "6")
    plans = tmp_path / "a" / "plans"
    assert tree_digest(plans) == tree_digest(tmp_path / "b" / "plans")
    assert tree_digest(plans) != tree_digest(tmp_path / "c" / "plans")

    code, output = sedp(tmp_path / "a", "validate", "plans")
    assert output.endswith("0 lỗi.\n") and "35 xã" in output, output
    assert code == 0

    districts = sorted(p.parent for p in plans.glob("*/district.yaml"))
    sizes = [len(list(d.glob("*/commune.yaml"))) for d in districts]
    assert sum(sizes) == 35 and all(10 <= s <= 20 for s in sizes), sizes
    names = [yaml.safe_load(p.read_text(encoding="utf-8"))["ten"] for p in plans.glob("*/*/commune.yaml")]
    assert len(set(names)) == 35 and not any(name[0].isdigit() for name in names)
    assert any(ch in "".join(names) for ch in "àạảãáầậẩẫấằặẳẵắèẹẻẽéềệểễếìịỉĩíòọỏõóồộổỗốờợởỡớùụủũúừựửữứỳỵỷỹýđ")


def test_example_never_overwrites(tmp_path, sedp):
    out = tmp_path / "taken"
    out.mkdir()
    (out / "keep.txt").write_text("x")
    code, output = sedp(ROOT, "example", "--communes", "3", "--out", str(out))
    assert code == 1
    assert f"Lỗi: Thư mục {out} đã có nội dung" in output
    assert [p.name for p in out.iterdir()] == ["keep.txt"]


def test_example_with_records_gives_every_commune_a_published_year_and_its_record(tmp_path, sedp):
    code, output = sedp(ROOT, "example", "--communes", "12", "--out", str(tmp_path / "a"), "--thuc-hien")
    assert code == 0, output
    plans = tmp_path / "a" / "plans"
    communes = sorted(p.parent for p in plans.glob("*/*/commune.yaml"))
    records = sorted(p.parents[1] for p in plans.glob("*/*/*/thuc-hien.yaml"))
    assert len(communes) == 12
    assert set(communes) <= set(records)  # every commune has a year of records
    for path in plans.glob("*/*/2026/ke-hoach.yaml"):
        assert yaml.safe_load(path.read_text(encoding="utf-8"))["trang_thai"] == "cong_khai"
    code, output = sedp(tmp_path / "a", "validate", "plans")
    assert output.endswith("0 lỗi.\n") and "12 xã" in output, output
    assert code == 0
