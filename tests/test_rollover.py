"""Year rollover: year X+1 starts from year X, as the handbook's 3–5 year cycle wants."""

from __future__ import annotations

from conftest import ROOT, make_project
from sedp.source.loader import load_file

COMMUNE = "plans/thach-an/duc-long"


def test_rollover_carries_needs_chains_and_bieu_7_and_validates(tmp_path, sedp):
    project = make_project(tmp_path / "p", plans=ROOT / "plans")
    source = project / COMMUNE / "2027" / "buoc-02-nhu-cau.yaml"
    source.write_text(source.read_text(encoding="utf-8").replace(
        "nhu_cau:\n", "# Ghi chú của cán bộ: nhu cầu NC02 chờ vốn tỉnh\nnhu_cau:\n", 1), encoding="utf-8")

    code, output = sedp(project, "new", "year", COMMUNE, "2028")
    assert code == 0, output
    assert output.splitlines()[0] == f"Đã tạo {COMMUNE}/2028/ke-hoach.yaml"
    code, output = sedp(project, "validate", COMMUNE)
    assert (code, output.splitlines()[-1]) == (0, "Đã kiểm tra 1 xã, 3 năm kế hoạch, 36 tệp: 0 lỗi.")

    old = {p.name: load_file(p).data for p in (project / COMMUNE / "2027").glob("*.yaml")}
    new = {p.name: load_file(p).data for p in (project / COMMUNE / "2028").glob("*.yaml")}
    plan = new["ke-hoach.yaml"]
    assert (plan["nam_ke_hoach"], plan["loai_nam"], plan["trang_thai"]) == (2028, "ra_soat", "du_thao")
    assert plan["nam_thu_thap_nhu_cau"] == old["ke-hoach.yaml"]["nam_thu_thap_nhu_cau"]
    carried = [(n["ma"], n["trang_thai"], n["nam_thu_thap"]) for n in new["buoc-02-nhu-cau.yaml"]["nhu_cau"]]
    assert carried == [(n["ma"], n["trang_thai"], n["nam_thu_thap"]) for n in old["buoc-02-nhu-cau.yaml"]["nhu_cau"]]
    assert new["buoc-02-nhu-cau.yaml"]["hop_thon"] == []
    assert new["buoc-02-nhu-cau.yaml"]["hop_ra_soat"]["noi_dung"].startswith("Rà soát nhu cầu thị trường")
    assert new["buoc-01-khoi-dong.yaml"]["chuoi_gia_tri"] == old["buoc-01-khoi-dong.yaml"]["chuoi_gia_tri"]
    assert new["buoc-09-hdnd-thong-qua.yaml"]["bieu_7"] == old["buoc-09-hdnd-thong-qua.yaml"]["bieu_7"]
    assert new["buoc-09-hdnd-thong-qua.yaml"]["nghi_quyet"] == {"so": None, "ngay": None}
    # Targets and activities are redone every year, and so are the general objective and the
    # assessment; the plan's context, solutions and who does what carry over, to be revised.
    draft, last = new["buoc-04-du-thao.yaml"], old["buoc-04-du-thao.yaml"]["thuyet_minh"]
    assert (draft["chi_tieu"], draft["hoat_dong"]) == ([], [])
    assert draft["thuyet_minh"] == {
        "danh_gia_chung": None, "boi_canh": last["boi_canh"], "muc_tieu_chung": None,
        "giai_phap": last["giai_phap"], "to_chuc_thuc_hien": last["to_chuc_thuc_hien"],
        "theo_doi_giam_sat": last["theo_doi_giam_sat"]}
    assert all(last[key] for key in ("boi_canh", "giai_phap", "to_chuc_thuc_hien", "theo_doi_giam_sat"))
    assert "# Mục tiêu tổng quát." in (project / COMMUNE / "2028" / "buoc-04-du-thao.yaml").read_text(encoding="utf-8")
    text = (project / COMMUNE / "2028" / "buoc-02-nhu-cau.yaml").read_text(encoding="utf-8")
    assert "# Ghi chú của cán bộ: nhu cầu NC02 chờ vốn tỉnh" in text  # comments survive
    assert text.startswith("# yaml-language-server: $schema=../../../../schema/json/buoc-02-nhu-cau.schema.json")


def test_rollover_refuses_an_existing_year(tmp_path, sedp):
    project = make_project(tmp_path / "p", plans=ROOT / "plans")
    before = (project / COMMUNE / "2027" / "ke-hoach.yaml").read_bytes()
    code, output = sedp(project, "new", "year", COMMUNE, "2027")
    assert code == 1 and "đã có; không ghi đè" in output
    assert (project / COMMUNE / "2027" / "ke-hoach.yaml").read_bytes() == before


def test_rollover_writes_in_quotes_what_other_readers_read_otherwise(tmp_path, sedp):
    # sedp reads `no`, `on` and `1e5` as text; PyYAML reads false, true, and VS Code
    # 100000. The carried file says them in quotes, comments kept; other lines unchanged.
    project = make_project(tmp_path / "p", plans=ROOT / "plans")
    source = project / COMMUNE / "2027" / "buoc-02-nhu-cau.yaml"
    text = source.read_text(encoding="utf-8")
    for old, new in (("  dan_dong_gop: Công lao động, vật liệu tại chỗ\n", "  dan_dong_gop: no  # chưa góp\n"),
                     ("  dia_diem: Thôn Nà Pàn\n", "  dia_diem: on\n"),
                     ("  nguyen_nhan: Phòng học tạm xây từ lâu\n", "  nguyen_nhan: 1e5\n")):
        assert old in text
        text = text.replace(old, new, 1)
    source.write_text(text, encoding="utf-8")

    code, output = sedp(project, "new", "year", COMMUNE, "2028")
    assert code == 0, output
    written = (project / COMMUNE / "2028" / "buoc-02-nhu-cau.yaml").read_text(encoding="utf-8")
    assert '  dan_dong_gop: "no" # chưa góp\n' in written
    assert '  dia_diem: "on"\n' in written and '  nguyen_nhan: "1e5"\n' in written
    assert "  thon: Nà Pàn\n" in written  # what every reader reads alike stays as it was
    code, output = sedp(project, "validate", f"{COMMUNE}/2028")
    assert "can-ngoac-kep" not in output and "ngoặc kép" not in output, output
    assert code == 0, output
