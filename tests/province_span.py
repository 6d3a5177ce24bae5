"""A small province over three plan years, for the reports over a period.

`write_province(target)` lays out a project (conftest.make_project: the base
fixture's schema/, docs/ and Đức Long 2027) with two districts, three communes
and the plan years 2025, 2026 and 2027, every commune-year with its own
attendance, money and (where approved) implementation record, and returns
the figures it chose, so a test adds them up with plain Decimal arithmetic
instead of reading them back through sedp:

    figures["years"]                          ["2025", "2026", "2027"]
    figures["districts"][slug]                {"name": "Thạch An", "communes": ["duc-long", "le-lai"]}
    figures["plans"][year]["thach-an/le-lai"] {
        "commune": "Lê Lai", "approved": bool, "recorded": bool,
        "meetings": 2,                                   # meetings whose attendance counts
        "attendance": {"tong_so": 81, "nu": 33, ...},    # summed over those meetings, by group
        "activities": {"HD01": {"sector": "giao_thong", "planned": {source: Decimal},
                                "status": "hoan_thanh" | ... | None,   # None: not in the record
                                "disbursed": {source: Decimal}}},
        "planned": {source: Decimal},                     # the plan's money by source, every activity
        "disbursed": {source: Decimal},                   # {} without a record
        "needs_collected": 2, "answered": ["NC01"],       # answered: by a finished activity (recorded years);
                                                          # a need answered in two years is one need of the span
        "targets": {"vuot": 1, "dat": 0, "chua_dat": 0, "chua_co": 0},  # recorded years only
    }

Which years are recorded: 2025 every commune; 2026 Đức Long and Xuân Hòa (Lê Lai
approved without a record yet); 2027 none (drafts). The consultation meeting
counts only in Lê Lai 2026 (the one commune-year that fills it), the only
meeting with business representatives, so meetings differ per commune-year.
"""

from __future__ import annotations

import re
import shutil
from decimal import Decimal
from io import StringIO
from pathlib import Path

from ruamel.yaml import YAML

from conftest import FIXTURES, make_project

YEARS = ("2025", "2026", "2027")
BASE = FIXTURES / "base" / "plans" / "thach-an" / "duc-long" / "2027"
DISTRICTS = {"thach-an": {"name": "Thạch An", "ma": "053", "communes": {"duc-long": ("Đức Long", "01966"),
                                                                         "le-lai": ("Lê Lai", "01969")}},
             "ha-quang": {"name": "Hà Quảng", "ma": "045", "communes": {"xuan-hoa": ("Xuân Hòa", "01726")}}}
RECORDED = {("2025", "duc-long"), ("2025", "le-lai"), ("2025", "xuan-hoa"), ("2026", "duc-long"),
            ("2026", "xuan-hoa")}
APPROVED = RECORDED | {("2026", "le-lai")}
CONSULTED = {("2026", "le-lai")}  # the consultation meeting's attendance filled in

# (kick-off, village meeting[, consultation]) attendance by commune and year: tong_so, nu, ngheo_can_ngheo,
# dan_toc_thieu_so (and doanh_nghiep at the consultation)
ATTENDANCE = {
    ("2025", "duc-long"): [(31, 13, 7, 29), (47, 22, 9, 47)],
    ("2025", "le-lai"): [(28, 9, 5, 26), (53, 27, 11, 50)],
    ("2025", "xuan-hoa"): [(40, 17, 12, 39), (61, 30, 14, 61)],
    ("2026", "duc-long"): [(33, 14, 6, 30), (44, 19, 8, 44)],
    ("2026", "le-lai"): [(29, 11, 4, 27), (52, 25, 10, 49), (37, 16, 5, 33, 3)],
    ("2026", "xuan-hoa"): [(42, 20, 13, 40), (58, 29, 15, 58)],
    ("2027", "duc-long"): [(35, 16, 6, 31), (49, 23, 9, 48)],
    ("2027", "le-lai"): [(27, 10, 3, 25), (55, 26, 12, 52)],
    ("2027", "xuan-hoa"): [(39, 18, 11, 37), (63, 31, 16, 62)],
}
GROUPS = ("tong_so", "nu", "ngheo_can_ngheo", "dan_toc_thieu_so", "doanh_nghiep")
# activities: code -> (sector, {source: amount}); HD02 (irrigation) only where listed
MONEY = {
    ("2025", "duc-long"): {"HD01": {"ngan_sach_huyen": "850", "dan_dong_gop": "120.5"},
                           "HD02": {"ngan_sach_xa": "215.25", "chuong_trinh_mtqg": "600"}},
    ("2025", "le-lai"): {"HD01": {"ngan_sach_huyen": "730", "dan_dong_gop": "95"}},
    ("2025", "xuan-hoa"): {"HD01": {"ngan_sach_huyen": "1200", "dan_dong_gop": "150.75"},
                           "HD02": {"ngan_sach_xa": "180", "chuong_trinh_mtqg": "455.5"}},
    ("2026", "duc-long"): {"HD01": {"ngan_sach_huyen": "910", "dan_dong_gop": "88"},
                           "HD02": {"ngan_sach_xa": "240", "chuong_trinh_mtqg": "512.3"}},
    ("2026", "le-lai"): {"HD01": {"ngan_sach_huyen": "640.5", "dan_dong_gop": "70"}},
    ("2026", "xuan-hoa"): {"HD01": {"ngan_sach_huyen": "1333", "dan_dong_gop": "101"}},
    ("2027", "duc-long"): {"HD01": {"ngan_sach_huyen": "990", "dan_dong_gop": "130"},
                           "HD02": {"ngan_sach_xa": "260", "chuong_trinh_mtqg": "700"}},
    ("2027", "le-lai"): {"HD01": {"ngan_sach_huyen": "705", "dan_dong_gop": "66.6"}},
    ("2027", "xuan-hoa"): {"HD01": {"ngan_sach_huyen": "1410", "dan_dong_gop": "120"},
                           "HD02": {"ngan_sach_xa": "199.9", "chuong_trinh_mtqg": "480"}},
}
SECTORS = {"HD01": "giao_thong", "HD02": "thuy_loi"}
# the record: code -> (status, progress %, {source: disbursed}); an activity not listed is not updated
RECORDS = {
    ("2025", "duc-long"): {"HD01": ("hoan_thanh", 100, {"ngan_sach_huyen": "850", "dan_dong_gop": "120.5"}),
                           "HD02": ("dang_trien_khai", 60, {"ngan_sach_xa": "100", "chuong_trinh_mtqg": "333.3"})},
    ("2025", "le-lai"): {"HD01": ("dang_trien_khai", 45, {"ngan_sach_huyen": "300.25"})},
    ("2025", "xuan-hoa"): {"HD01": ("hoan_thanh", 100, {"ngan_sach_huyen": "1150", "dan_dong_gop": "150.75"})},
    ("2026", "duc-long"): {"HD01": ("chuyen_nam_sau", 20, {"ngan_sach_huyen": "120"})},
    ("2026", "xuan-hoa"): {"HD01": ("hoan_thanh", 100, {"ngan_sach_huyen": "1333", "dan_dong_gop": "77.7"})},
}
# the latest result of CT01 (plan 2150.5 tấn) in the record; None: no result yet
TARGET_RESULTS = {("2025", "duc-long"): 2200, ("2025", "le-lai"): 2000, ("2025", "xuan-hoa"): None,
                  ("2026", "duc-long"): 2150.5, ("2026", "xuan-hoa"): 1980.25}
PLANNED_TARGET = Decimal("2150.5")
FINISHED = {"hoan_thanh"}


def _decimal(representer, value: Decimal):
    text = format(value, "f")
    return representer.represent_scalar("tag:yaml.org,2002:" + ("float" if "." in text else "int"), text)


def _yaml() -> YAML:
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.representer.add_representer(Decimal, _decimal)
    return yaml


def _edit(path: Path, change) -> None:
    yaml = _yaml()
    data = yaml.load(path.read_text(encoding="utf-8"))
    change(data)
    out = StringIO()
    yaml.dump(data, out)
    path.write_text(out.getvalue(), encoding="utf-8")


def _shift_years(folder: Path, year: int) -> None:
    """Every year written in the base plan year's files moved as the plan year moves (dates, the plan year)."""
    delta = year - 2027
    for path in folder.glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"\b(20[0-9]{2})\b", lambda m: str(int(m[1]) + delta), text), encoding="utf-8")


def _counts(row: tuple) -> dict:
    return {group: value for group, value in zip(GROUPS, row, strict=False)}


def _plan_year(folder: Path, key: tuple) -> dict:
    year, commune = key
    shutil.copytree(BASE, folder)
    _shift_years(folder, int(year))
    meetings = ATTENDANCE[key]

    def kickoff(data):
        data["hoi_nghi"]["tham_du"].update(_counts(meetings[0]))
    _edit(folder / "buoc-01-khoi-dong.yaml", kickoff)

    def villages(data):
        data["hop_thon"][0]["tham_du"].update(_counts(meetings[1]))
    _edit(folder / "buoc-02-nhu-cau.yaml", villages)
    if key in CONSULTED:
        def consultation(data):
            data["hoi_nghi"]["ngay"] = f"15/09/{int(year) - 1}"
            data["hoi_nghi"]["dia_diem"] = "Hội trường UBND xã"
            data["hoi_nghi"]["tham_du"].update(_counts(meetings[2]))
        _edit(folder / "buoc-05-tham-van.yaml", consultation)

    money = {code: {s: Decimal(v) for s, v in amounts.items()} for code, amounts in MONEY[key].items()}

    def activities(data):
        data["chi_tieu"][0]["uoc_thuc_hien"] = None  # last year's result is read from its record, not typed
        first = data["hoat_dong"][0]
        first["kinh_phi"].clear()
        first["kinh_phi"].update(money["HD01"])
        first["tong_kinh_phi"] = sum(money["HD01"].values(), Decimal(0))
        if "HD02" in money:
            data["hoat_dong"].append({
                "ma": "HD02", "ten": "Kiên cố hóa kênh mương Bản Chang", "linh_vuc": SECTORS["HD02"],
                "nhu_cau": ["NC02"], "thon": ["Bản Chang"], "khi_hau": "thich_ung",
                "kinh_phi": dict(money["HD02"]), "tong_kinh_phi": sum(money["HD02"].values(), Decimal(0))})
    _edit(folder / "buoc-04-du-thao.yaml", activities)

    approved = key in APPROVED
    if approved:
        def plan(data):
            data["trang_thai"] = "da_thong_qua"
        _edit(folder / "ke-hoach.yaml", plan)

        def sent(data):
            data["ngay_gui"] = f"20/10/{int(year) - 1}"
        _edit(folder / "buoc-06-gui-huyen.yaml", sent)

        def ranked(data):  # an approved plan has its ranking (a status implies its steps)
            data["xep_hang"] = [{"nhu_cau": "NC01", "thu_hang": 1, "diem": 80},
                                {"nhu_cau": "NC02", "thu_hang": 2, "diem": 60}]
        _edit(folder / "buoc-03-xep-hang.yaml", ranked)

        def consulted(data):  # dated, with no attendance: it counts as a meeting only where filled in
            data["hoi_nghi"]["ngay"] = data["hoi_nghi"].get("ngay") or f"15/09/{int(year) - 1}"
        _edit(folder / "buoc-05-tham-van.yaml", consulted)

        def submitted(data):
            data["to_trinh"]["so"] = "18/TTr-UBND"
            data["to_trinh"]["ngay"] = f"01/12/{int(year) - 1}"
        _edit(folder / "buoc-08-trinh-hdnd.yaml", submitted)

        def passed(data):
            data["ky_hop"]["ngay"] = f"20/12/{int(year) - 1}"  # the sitting that passed it
            data["nghi_quyet"]["so"] = "12/NQ-HĐND"
            data["nghi_quyet"]["ngay"] = f"20/12/{int(year) - 1}"
            data["bieu_quyet"].update({"tong_dai_bieu": 25, "co_mat": 23, "tan_thanh": 23})
        _edit(folder / "buoc-09-hdnd-thong-qua.yaml", passed)

    recorded = key in RECORDS
    record = RECORDS.get(key, {})
    if recorded:
        lines = [f"ngay_cap_nhat: 30/11/{year}", "hoat_dong:"]
        for code, (status, progress, disbursed) in record.items():
            lines += [f"  - ma: {code}", f"    trang_thai: {status}", f"    tien_do: {progress}", "    giai_ngan:"]
            lines += [f"      {source}: {amount}" for source, amount in disbursed.items()]
            if status in FINISHED:  # a finished activity has its completion date
                lines += [f"    ngay_hoan_thanh: 30/10/{year}"]
            if status == "dung":  # a stopped one its reason
                lines += ["    ghi_chu: Dừng vì thôn đã được dự án khác đầu tư"]
        result = TARGET_RESULTS[key]
        lines += ["chi_tieu:", "  - ma: CT01"]
        lines += ["    ket_qua:", f"      - {{ngay: 30/11/{year}, gia_tri: {result}}}"] if result is not None else []
        (folder / "thuc-hien.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")

    planned: dict = {}
    for amounts in money.values():
        for source, amount in amounts.items():
            planned[source] = planned.get(source, Decimal(0)) + amount
    disbursed: dict = {}
    for _, _, amounts in record.values():
        for source, amount in amounts.items():
            disbursed[source] = disbursed.get(source, Decimal(0)) + Decimal(amount)
    attendance: dict = {}
    for row in meetings:
        for group, value in _counts(row).items():
            attendance[group] = attendance.get(group, 0) + value
    result = TARGET_RESULTS.get(key)
    targets = {"vuot": 0, "dat": 0, "chua_dat": 0, "chua_co": 0}
    if recorded:
        achieved = None if result is None else Decimal(str(result))
        targets["chua_co" if achieved is None else "vuot" if achieved > PLANNED_TARGET else
                "dat" if achieved == PLANNED_TARGET else "chua_dat"] += 1
    needs_of = {"HD01": ["NC01"], "HD02": ["NC02"]}
    return {
        "commune": next(c[0] for d in DISTRICTS.values() for s, c in d["communes"].items() if s == commune),
        "approved": approved, "recorded": recorded, "meetings": len(meetings), "attendance": attendance,
        "activities": {code: {"sector": SECTORS[code], "planned": amounts,
                              "status": record[code][0] if code in record else None,
                              "disbursed": {s: Decimal(v) for s, v in record[code][2].items()} if code in record
                              else {}} for code, amounts in money.items()},
        "planned": planned, "disbursed": disbursed, "needs_collected": 2,
        "answered": sorted({n for code in money if code in record and record[code][0] in FINISHED
                            for n in needs_of[code]}),
        "targets": targets,
    }


def write_province(target: Path) -> tuple[Path, dict]:
    """The project folder and the figures chosen for it (see the module's docstring)."""
    project = make_project(target)
    plans = project / "plans"
    shutil.rmtree(plans / "thach-an" / "duc-long" / "2027")
    figures: dict = {"province": "Cao Bằng", "years": list(YEARS), "districts": {},
                     "plans": {year: {} for year in YEARS}}
    base_district = (plans / "thach-an" / "district.yaml").read_text(encoding="utf-8")
    base_commune = (plans / "thach-an" / "duc-long" / "commune.yaml").read_text(encoding="utf-8")
    for district, spec in DISTRICTS.items():
        (plans / district).mkdir(exist_ok=True)
        (plans / district / "district.yaml").write_text(
            base_district.replace("ten: Thạch An", f"ten: {spec['name']}").replace('ma: "053"', f'ma: "{spec["ma"]}"'),
            encoding="utf-8")
        figures["districts"][district] = {"name": spec["name"], "communes": list(spec["communes"])}
        for commune, (name, code) in spec["communes"].items():
            (plans / district / commune).mkdir(exist_ok=True)
            (plans / district / commune / "commune.yaml").write_text(
                base_commune.replace("ten: Đức Long", f"ten: {name}").replace('ma: "01966"', f'ma: "{code}"'),
                encoding="utf-8")
            for year in YEARS:
                figures["plans"][year][f"{district}/{commune}"] = _plan_year(
                    plans / district / commune / year, (year, commune))
    return project, figures
