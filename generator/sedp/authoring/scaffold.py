"""`sedp new`: commune and plan-year files written from the handbook.

Every field gets a Vietnamese comment (label, help, example) taken from
schema/, so a technician can fill the file without the manual. Nothing is
ever overwritten: the new folder is assembled beside its place and renamed
into it in one step, so a failure leaves nothing half-written.
"""

from __future__ import annotations

from pathlib import Path

from sedp.authoring.rollover import Written, roll_over
from sedp.authoring.yamltext import ScaffoldError, render, schema_comment, write_folder
from sedp.core.text import nfc, slug
from sedp.source.handbook import PLAN_FILE, Handbook
from sedp.source.loader import load_file
from sedp.source.repository import is_year_folder


def new_commune(project: Path, handbook: Handbook, district: str, name: str, code: str | None) -> list[Path]:
    plans = project / "plans"
    district_dir = plans / slug(district)
    if not (district_dir / "district.yaml").is_file():
        known = sorted(p.parent.name for p in plans.glob("*/district.yaml"))
        raise ScaffoldError(
            f"Không có huyện '{district}' trong plans/. Các huyện hiện có: {', '.join(known) or '(chưa có)'}.")
    name = nfc(name.strip())
    if not name or not slug(name):
        raise ScaffoldError("Tên xã không được để trống.")
    target = district_dir / slug(name)
    values = {"ten": name, "loai": "xã", "ma": code}
    text = schema_comment(target / "commune.yaml", project, "commune.yaml")
    text += render(handbook.rules["commune.yaml"], values, f"Thông tin chung của xã {name}")
    return write_folder(target, {"commune.yaml": text})


def new_year(project: Path, handbook: Handbook, commune_dir: Path, year: int) -> Written:
    """A new plan year: rolled over from the latest earlier year if there is one."""
    commune_dir = commune_dir.resolve()
    commune_file = commune_dir / "commune.yaml"
    if not commune_file.is_file():
        raise ScaffoldError(f"{commune_dir} không phải thư mục xã (không có commune.yaml).")
    earlier = sorted(int(p.name) for p in commune_dir.iterdir()
                     if p.is_dir() and is_year_folder(p.name) and int(p.name) < year)
    if earlier and not (commune_dir / str(year)).exists():
        return roll_over(project, handbook, commune_dir, commune_dir / str(earlier[-1]), year)
    commune = load_file(commune_file).data
    name = commune.get("ten", commune_dir.name) if isinstance(commune, dict) else commune_dir.name
    target = commune_dir / str(year)
    files = {}
    plan_values = {
        "nam_ke_hoach": year,
        "loai_nam": "thu_thap_nhu_cau",
        "nam_thu_thap_nhu_cau": year,
        "trang_thai": handbook.statuses()[0],
        "dia_danh": name,
    }
    titles = {PLAN_FILE: f"Kế hoạch phát triển kinh tế - xã hội năm {year} của xã {name}"}
    titles.update({s.file: f"Bước {s.number}. {s.title} (năm {year}, xã {name})" for s in handbook.steps})
    for file_name in handbook.plan_files:
        values = plan_values if file_name == PLAN_FILE else {}
        text = schema_comment(target / file_name, project, file_name)
        text += render(handbook.rules[file_name], values, titles[file_name])
        files[file_name] = text
    return Written(write_folder(target, files))
