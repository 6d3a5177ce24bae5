"""`sedp diff` names every change a reviewer must see, field by field.

Each case is one commit in a real git repository made from the example
province: the edit a technician or an office would make, then `sedp diff
HEAD~1 HEAD` as the pull-request comment shows it and `--json` as CI reads it.
None of them may be reported as "no content change".
"""

from __future__ import annotations

import json
import re
import subprocess

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import copy_project, git, init_repo

YEAR = "plans/thach-an/le-lai/2027"
NO_CHANGE = "Không có thay đổi nội dung kế hoạch"
KEEP = object()  # the edit writes back the value that was there
HANDBOOK: dict = {}


@pytest.fixture(scope="module")
def origin(tmp_path_factory):
    return init_repo(copy_project(tmp_path_factory.mktemp("diff") / "origin"))


def committed(origin, tmp_path, file: str, old: str, new: str):
    """A clone of the example with one edit committed."""
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(origin), str(clone)], check=True)
    git(clone, "config", "user.name", "Hoàng Văn Nam")
    git(clone, "config", "user.email", "nam@example.org")
    path = clone / file
    text = path.read_text(encoding="utf-8")
    assert len(re.findall(re.escape(old), text)) >= 1, (file, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    git(clone, "commit", "-qam", "Một chỉnh sửa")
    return clone


# (what a person edits, file, old text, new text, what the comment must say)
EDITS = [
    ("a need's beneficiaries", f"{YEAR}/buoc-02-nhu-cau.yaml", "ho_huong_loi: 57", "ho_huong_loi: 60",
     "Bước 2 › Nhu cầu thôn, xóm › NC01 – Thôn Nà Pàn thiếu nước sinh hoạt vào mùa khô › Số hộ hưởng lợi: 57 → 60"),
    ("a need's wording", f"{YEAR}/buoc-02-nhu-cau.yaml", "van_de: Thôn Nà Pàn thiếu nước sinh hoạt vào mùa khô",
     "van_de: Thôn Nà Pàn thiếu nước sạch", "NC01 – Thôn Nà Pàn thiếu nước sạch › Vấn đề: Thôn Nà Pàn thiếu nước sinh "
     "hoạt vào mùa khô → Thôn Nà Pàn thiếu nước sạch"),
    ("kick-off attendance", f"{YEAR}/buoc-01-khoi-dong.yaml", "tong_so: 37", "tong_so: 40",
     "Bước 1 › Hội nghị triển khai", ": 37 → 40"),
    ("village meeting attendance", f"{YEAR}/buoc-02-nhu-cau.yaml", "tong_so: 57", "tong_so: 58",
     "Bước 2 › Họp thôn", ": 57 → 58"),
    ("consultation attendance", f"{YEAR}/buoc-05-tham-van.yaml", "tong_so: 68", "tong_so: 70",
     "Bước 5 ›", ": 68 → 70"),
    ("the working group", f"{YEAR}/buoc-01-khoi-dong.yaml", "chuc_vu: Cán bộ Khuyến nông xã",
     "chuc_vu: Phó Chủ tịch UBND xã", "Cán bộ Khuyến nông xã → Phó Chủ tịch UBND xã"),
    ("a hazard", f"{YEAR}/buoc-01-khoi-dong.yaml", "uoc_thiet_hai: 230", "uoc_thiet_hai: 260", ": 230 → 260"),
    ("a value chain", f"{YEAR}/buoc-01-khoi-dong.yaml", "quy_mo: 150 ha", "quy_mo: 180 ha",
     "Bước 1 › Chuỗi giá trị ưu tiên › CG1 – Lạc › Quy mô hiện tại: 150 ha → 180 ha"),
    ("the 5-year resources", f"{YEAR}/buoc-01-khoi-dong.yaml", "giai_doan: 2027-2031", "giai_doan: 2027-2030",
     "Bước 1 › ", ": 2027-2031 → 2027-2030"),
    ("a target (Biểu 5)", f"{YEAR}/buoc-04-du-thao.yaml", "ke_hoach: 2374", "ke_hoach: 3000",
     "Bước 4 › Chỉ tiêu chủ yếu › CT01 – Tổng sản lượng lương thực có hạt › Kế hoạch năm kế hoạch: 2.374 → 3.000"),
    ("the ranking", f"{YEAR}/buoc-03-xep-hang.yaml", "diem: 69", "diem: 71", "Bước 3 › ", ": 69 → 71"),
    ("a market meeting", f"{YEAR}/buoc-02-nhu-cau.yaml", "gia: 47.000 đồng/kg", "gia: 49.000 đồng/kg",
     "Bước 2 › Nhu cầu thị trường (họp với doanh nghiệp, hợp tác xã) › Hợp tác xã Lạc Lê Lai › Giá dự kiến: "
     "47.000 đồng/kg → 49.000 đồng/kg"),
    ("a ranking's conclusion", f"{YEAR}/buoc-03-xep-hang.yaml", "ket_luan: Đưa vào kế hoạch năm",
     "ket_luan: Đưa vào kế hoạch năm sau", "Bước 3 › ", ": Đưa vào kế hoạch năm → Đưa vào kế hoạch năm sau"),
    ("last year's evaluation", f"{YEAR}/buoc-03-xep-hang.yaml", "thuc_hien: 3021", "thuc_hien: 3012",
     "Bước 3 › ", ": 3.021 → 3.012"),
    ("a value chain's score", f"{YEAR}/buoc-01-khoi-dong.yaml", "diem: 90", "diem: 95", "Bước 1 › ", ": 90 → 95"),
    ("an opinion at the consultation", f"{YEAR}/buoc-05-tham-van.yaml",
     "noi_dung: Đề nghị ưu tiên làm đường trước mùa mưa", "noi_dung: Đề nghị ưu tiên làm đường và cầu trước mùa mưa",
     "Bước 5 › Ý kiến tại hội nghị › Trưởng thôn Cốc Chang › Nội dung ý kiến: Đề nghị ưu tiên làm đường trước mùa "
     "mưa → Đề nghị ưu tiên làm đường và cầu"),
    ("step 6's letter date", f"{YEAR}/buoc-06-gui-huyen.yaml", "ngay_gui: 06/10/2026", "ngay_gui: 07/10/2026",
     "Bước 6 › ", ": 06/10/2026 → 07/10/2026"),
    ("step 6's letter number", f"{YEAR}/buoc-06-gui-huyen.yaml", "so_van_ban: 118/UBND", "so_van_ban: 181/UBND",
     "Bước 6 › ", ": 118/UBND → 181/UBND"),
    ("the commune's answer to a comment", f"{YEAR}/buoc-07-y-kien-huyen.yaml",
     "thay_doi: Sửa hoạt động HD01 trong bước 4", "thay_doi: Sửa hoạt động HD01 và HD02 trong bước 4",
     "Bước 7 › Ý kiến của huyện › YK01 – Phòng Tài chính – Kế hoạch › Trả lời của xã › Thay đổi đã làm: ", "Sửa hoạt động HD01 trong bước 4 → Sửa hoạt động HD01 và HD02 trong bước 4"),
    ("a comment's text", f"{YEAR}/buoc-07-y-kien-huyen.yaml", "theo khả năng bố trí vốn",
     "theo khả năng bố trí vốn năm 2027", "YK01 – Phòng Tài chính – Kế hoạch › Nội dung góp ý: "
     "… năng bố trí vốn → … năng bố trí vốn năm 2027"),
    ("step 8's submission", f"{YEAR}/buoc-08-trinh-hdnd.yaml", "so: 22/TTr-UBND", "so: 23/TTr-UBND",
     "Bước 8 › ", ": 22/TTr-UBND → 23/TTr-UBND"),
    ("the resolution number", f"{YEAR}/buoc-09-hdnd-thong-qua.yaml", "so: 19/NQ-HĐND", "so: 91/NQ-HĐND",
     "Bước 9 › Nghị quyết của HĐND xã › Số nghị quyết: 19/NQ-HĐND → 91/NQ-HĐND"),
    ("the resolution date", f"{YEAR}/buoc-09-hdnd-thong-qua.yaml", "NQ-HĐND\n  ngay: 04/12/2026",
     "NQ-HĐND\n  ngay: 05/12/2026", "Bước 9 › Nghị quyết của HĐND xã › Ngày nghị quyết: 04/12/2026 → 05/12/2026"),
    ("the votes", f"{YEAR}/buoc-09-hdnd-thong-qua.yaml", "tan_thanh: 26", "tan_thanh: 25",
     "Bước 9 › Kết quả biểu quyết › Tán thành: 26 → 25"),
    ("a Biểu 7 cost", f"{YEAR}/buoc-09-hdnd-thong-qua.yaml", "kinh_phi_du_kien: 700", "kinh_phi_du_kien: 750",
     "Bước 9 › Biểu 7 – Kế hoạch hoạt động theo lĩnh vực ưu tiên 3–5 năm › Hoạt động ưu tiên › Sửa chữa phòng "
     "học, xây nhà vệ sinh › Kinh phí dự kiến (triệu đồng): 700 → 750"),
    ("an amendment record", f"{YEAR}/buoc-09-hdnd-thong-qua.yaml", "ky_hop:",
     "dieu_chinh:\n- ngay: 15/03/2027\n  so_quyet_dinh: 12/NQ-HĐND\n  ly_do: Bổ sung vốn cho HD01\nky_hop:",
     "Bước 9 › Điều chỉnh kế hoạch sau khi HĐND thông qua", "thêm"),
    ("publication", f"{YEAR}/buoc-10-cong-khai.yaml", "hinh_thuc: []", "hinh_thuc: [niem_yet]",
     "Bước 10 › Công khai kế hoạch › Hình thức công khai: (trống) → Niêm yết tại trụ sở UBND xã"),
    ("a monitoring entry", f"{YEAR}/buoc-10-cong-khai.yaml", "theo_doi: []",
     "theo_doi:\n- chi_tieu: CT01\n  tan_suat: Hằng quý\n  don_vi_phu_trach: Cán bộ địa chính",
     "Bước 10 › Theo dõi thực hiện › CT01 – Tổng sản lượng lương thực có hạt: thêm"),
    ("the plan's number", f"{YEAR}/ke-hoach.yaml", "so_ky_hieu: 25/KH-UBND", "so_ky_hieu: 26/KH-UBND",
     "Kế hoạch › ", ": 25/KH-UBND → 26/KH-UBND"),
    ("the signer", f"{YEAR}/ke-hoach.yaml", "ho_ten: Đàm Thị Quyết", "ho_ten: Nông Văn Bình",
     "Kế hoạch › ", "Đàm Thị Quyết → Nông Văn Bình"),
    ("a village's households", "plans/thach-an/le-lai/commune.yaml", "so_ho: 68", "so_ho: 70",
     "Xã Lê Lai (Huyện Thạch An) – thông tin chung", "Thông tin xã › ", ": 68 → 70"),
    ("the population", "plans/thach-an/le-lai/commune.yaml", "dan_so: 2694", "dan_so: 2700",
     "Thông tin xã › ", ": 2.694 → 2.700"),
    ("a district reviewer", "plans/thach-an/district.yaml", "ho_ten: Lương Văn Tùng", "ho_ten: Lương Văn Tuấn",
     "#### Huyện Thạch An", "Thông tin huyện › ", "Lương Văn Tùng → Lương Văn Tuấn"),
    ("a province manager", "plans/province.yaml", "github: skhdt-caobang", "github: skhdt-cb",
     "#### Tỉnh Cao Bằng", "Thông tin tỉnh › ", "skhdt-caobang → skhdt-cb"),
]


@pytest.mark.parametrize("what, file, old, new, said", [(*e[:4], e[4:]) for e in EDITS], ids=[e[0] for e in EDITS])
def test_the_pull_request_comment_names_the_change(origin, tmp_path, sedp, what, file, old, new, said):
    clone = committed(origin, tmp_path, file, old, new)
    code, comment = sedp(clone, "diff", "HEAD~1", "HEAD")
    assert code == 0
    assert NO_CHANGE not in comment
    for words in said:
        assert words in comment, (what, comment)
    assert "mục thứ" not in comment, comment  # every item named by its code and name, never by position
    code, output = sedp(clone, "diff", "HEAD~1", "HEAD", "--json")
    changes = [c for d in json.loads(output) for c in d["fields"]]
    assert len(changes) == 1, changes  # one edit, one change, with a stable path
    assert changes[0]["path"] and changes[0]["file"] == file.rsplit("/", 1)[1]
    if file.startswith(YEAR):  # the plan year's public review trail summarises it
        from conftest import ROOT
        from sedp.review.history import year_trail
        from sedp.source.handbook import load_handbook

        handbook = HANDBOOK.setdefault("h", load_handbook(ROOT / "schema"))
        newest = year_trail(clone, "thach-an", "le-lai", "2027", handbook)[0]
        step = changes[0]["where"].split(" › ")[0]
        assert newest["tom_tat"] == f"sửa 1 mục ({step})", newest


def test_a_comment_only_edit_is_no_content_change(origin, tmp_path, sedp):
    clone = committed(origin, tmp_path, f"{YEAR}/buoc-09-hdnd-thong-qua.yaml", "ky_hop:",
                      "# ghi chú của cán bộ\nky_hop:")
    assert sedp(clone, "diff", "HEAD~1", "HEAD") == (0, f"**{NO_CHANGE}** (chỉ đổi định dạng, chú thích hoặc tệp khác).\n")


def test_a_long_text_shows_the_words_that_changed(origin, tmp_path, sedp):
    file = f"{YEAR}/buoc-07-y-kien-huyen.yaml"
    clone = committed(origin, tmp_path, file, "Cân đối lại nguồn ngân sách huyện cho hoạt động HD01 theo khả năng bố trí vốn",
                      "Cân đối lại nguồn ngân sách huyện một phần ba cho hoạt động HD01 theo khả năng bố trí vốn")
    code, comment = sedp(clone, "diff", "HEAD~1", "HEAD")
    line = next(line for line in comment.splitlines() if "YK01 – " in line)
    assert "ngân sách huyện một phần ba" in line and "…" in line


def leaf_paths(data, prefix=()):
    """Every place a value sits: keys and list positions down to scalars."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from leaf_paths(value, (*prefix, key))
    elif isinstance(data, list) and data:
        for index, value in enumerate(data):
            yield from leaf_paths(value, (*prefix, index))
    else:
        yield prefix


def plan_year():
    from pathlib import Path

    from conftest import ROOT
    from sedp.source.loader import load_file

    folder = Path(ROOT / YEAR)
    return {p.name: load_file(p).data for p in sorted(folder.glob("*.yaml"))}


PLAN_YEAR = plan_year()
PATHS = sorted(((name, path) for name, data in PLAN_YEAR.items() for path in leaf_paths(data) if path), key=str)


@settings(derandomize=True, max_examples=300, deadline=None)
@given(where=st.sampled_from(PATHS),
       value=st.one_of(st.none(), st.integers(-5, 5000), st.text(max_size=12), st.just(KEEP)))
def test_the_diff_is_empty_exactly_when_the_parsed_data_is_equal(where, value):
    import copy

    from conftest import ROOT
    from sedp.review.plandiff import compare_year
    from sedp.source.handbook import load_handbook

    handbook = HANDBOOK.setdefault("h", load_handbook(ROOT / "schema"))
    name, path = where
    after = copy.deepcopy(PLAN_YEAR)
    holder = after[name]
    for part in path[:-1]:
        holder = holder[part]
    if value is not KEEP:
        holder[path[-1]] = value
    diff = compare_year(handbook, ("thach-an", "le-lai", "2027"), "", PLAN_YEAR, after)
    assert diff.empty() == (after == PLAN_YEAR), (where, value, diff)


def changed_everywhere(count: int, text: str) -> list:
    """count field changes: the first count places of the plan year given new text."""
    import copy

    after = copy.deepcopy(PLAN_YEAR)
    changed = 0
    for name, path in PATHS:
        holder = after[name]
        for part in path[:-1]:
            holder = holder[part]
        if changed == count or path[-1] in ("ma", "trang_thai") or not isinstance(holder, dict):
            continue
        holder[path[-1]] = f"{text} {changed}"
        changed += 1
    assert changed == count
    return after


def test_a_300_field_change_fits_one_comment_and_folds():
    from conftest import ROOT
    from sedp.review.plandiff import COMMENT_LIMIT, compare_year, to_markdown
    from sedp.source.handbook import load_handbook

    handbook = HANDBOOK.setdefault("h", load_handbook(ROOT / "schema"))
    diff = compare_year(handbook, ("thach-an", "le-lai", "2027"), "Xã Lê Lai – năm 2027", PLAN_YEAR,
                        changed_everywhere(300, "Nội dung đã sửa lại cho đúng với biên bản họp thôn"))
    comment = to_markdown([diff])
    assert len(comment) < COMMENT_LIMIT
    assert "<details><summary>" in comment and "thay đổi khác</summary>" in comment
    assert comment.count("Nội dung đã sửa lại") >= 250  # shown, not cut: 300 changes fit


def test_a_change_too_large_for_one_comment_says_what_was_left_out():
    from conftest import ROOT
    from sedp.review.plandiff import COMMENT_LIMIT, compare_year, to_markdown
    from sedp.source.handbook import load_handbook

    handbook = HANDBOOK.setdefault("h", load_handbook(ROOT / "schema"))
    long_text = "Nội dung rất dài " * 20
    diffs = [compare_year(handbook, ("thach-an", "le-lai", "2027"), f"Xã {n} – năm 2027", PLAN_YEAR,
                          changed_everywhere(300, long_text)) for n in range(4)]
    comment = to_markdown(diffs)
    assert len(comment) < COMMENT_LIMIT
    shown = comment.count("\n- ")
    said = re.search(r"\*\*… còn (\d+) thay đổi không hiện ở đây\*\*", comment)
    assert said and shown + int(said[1]) == sum(len(d.fields) for d in diffs)


@pytest.mark.parametrize("what, file, old, new, said", [
    ("a plan file written as a list", f"{YEAR}/ke-hoach.yaml", "nam_ke_hoach: 2027\n", "- nam_ke_hoach: 2027\n",
     "**Trạng thái:** HĐND thông qua → (không có)"),
    ("an item copied with its code", f"{YEAR}/buoc-04-du-thao.yaml", "chi_tieu:\n",
     "chi_tieu:\n- ma: CT01\n  nhom: kinh_te\n  ten: Bản sao\n  don_vi: tấn\n  ke_hoach: 1\n",
     "CT01 – Tổng sản lượng lương thực có hạt (lần 2): thêm"),
    ("a number retyped as text", f"{YEAR}/ke-hoach.yaml", "nam_ke_hoach: 2027", "nam_ke_hoach: '2027'",
     "Kế hoạch › Năm kế hoạch: 2027 (số) → «2027» (chữ)"),
])
def test_edits_that_looked_like_no_change(origin, tmp_path, sedp, what, file, old, new, said):
    clone = committed(origin, tmp_path, file, old, new)
    code, comment = sedp(clone, "diff", "HEAD~1", "HEAD")
    assert code == 0 and NO_CHANGE not in comment
    assert said in comment, comment


def test_a_yaml_file_outside_the_layout_is_shown_whole(origin, tmp_path, sedp):
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(origin), str(clone)], check=True)
    (clone / YEAR / "phu-luc").mkdir()
    (clone / YEAR / "phu-luc" / "ghi-chu.yaml").write_text("ghi_chu: thêm một dòng\n", encoding="utf-8")
    code, comment = sedp(clone, "diff", "HEAD")
    assert f"#### Tệp khác: {YEAR}/phu-luc/ghi-chu.yaml" in comment and "ghi-chu.yaml: thêm (có tệp)" in comment


def test_an_activity_marked_as_carried_over_reads_where_it_comes_from(origin, tmp_path, sedp):
    clone = committed(origin, tmp_path, f"{YEAR}/buoc-04-du-thao.yaml",
                      "  ten: Kéo 4 km đường điện hạ thế đến thôn Cốc Chang\n",
                      "  ten: Kéo 4 km đường điện hạ thế đến thôn Cốc Chang\n  chuyen_tu: {nam: 2026, ma: HD05}\n")
    code, comment = sedp(clone, "diff", "HEAD~1", "HEAD")
    assert code == 0 and NO_CHANGE not in comment
    assert ("HD01 «Kéo 4 km đường điện hạ thế đến thôn Cốc Chang»: Chuyển từ hoạt động (mã năm đó): (trống) → HD05; "
            "Chuyển từ kế hoạch năm: (trống) → 2026") in comment, comment


def test_ranking_rows_swapped_are_named_by_their_needs(origin, tmp_path, sedp):
    """A ranking row refers to a need (meta tham_chieu, duy_nhat): it is named by that need,
    and two rows that trade places are the two ranks that changed, not every field of both."""
    clone = committed(origin, tmp_path, f"{YEAR}/buoc-03-xep-hang.yaml", "- nhu_cau: NC03\n  thu_hang: 1",
                      "- nhu_cau: NC03\n  thu_hang: 2")
    path = clone / YEAR / "buoc-03-xep-hang.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("- nhu_cau: NC08\n  thu_hang: 2",
                                                             "- nhu_cau: NC08\n  thu_hang: 1"), encoding="utf-8")
    git(clone, "commit", "-qam", "Đổi thứ hạng")
    code, comment = sedp(clone, "diff", "HEAD~2", "HEAD")
    assert [line for line in comment.splitlines() if line.startswith("- ")] == [
        "- Bước 3 › Xếp hạng nhu cầu ưu tiên › NC03 – Một số hộ ở thôn Cốc Chang chưa có điện lưới quốc gia › "
        "Thứ hạng: 1 → 2",
        "- Bước 3 › Xếp hạng nhu cầu ưu tiên › NC08 – Diện tích đất đồi bỏ trống, dễ xói mòn › Thứ hạng: 2 → 1"]


def test_no_diff_of_the_example_history_names_an_item_by_position():
    """Every change to plans/ in this repository's own history, as `sedp diff` of each
    commit against its parent says it: no item is "mục thứ N"."""
    from conftest import ROOT
    from sedp.review.plandiff import diff_revisions, to_markdown
    from sedp.source.handbook import load_handbook

    if not (ROOT / ".git").exists():
        pytest.skip(f"{ROOT} is not a git checkout: no history to diff")
    log = subprocess.run(["git", "log", "--first-parent", "--format=%H %P", "--", "plans/"], cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout.split("\n")
    pairs = [line.split()[:2] for line in log if len(line.split()) >= 2]
    handbook = HANDBOOK.setdefault("h", load_handbook(ROOT / "schema"))
    lines = [line for commit, parent in pairs
             for line in to_markdown(diff_revisions(ROOT, handbook, parent, commit), limit=10**7).splitlines()]
    changes = [line for line in lines if line.startswith("- ")]
    if len(pairs) < 2:
        pytest.skip("a shallow clone: `git fetch --unshallow` to diff the example's history")
    assert len(changes) > 100  # the history holds real edits: a diff that said nothing would pass below
    assert [line for line in lines if "mục thứ" in line] == []


def test_json_gives_figures_as_numbers_and_fields_by_key_with_their_label(origin, tmp_path, sedp):
    clone = committed(origin, tmp_path, f"{YEAR}/buoc-04-du-thao.yaml", "ke_hoach: 2374", "ke_hoach: 3000.5")
    replace = clone / YEAR / "buoc-04-du-thao.yaml"
    text = replace.read_text(encoding="utf-8")
    replace.write_text(text.replace("    ngan_sach_xa: ", "    ngan_sach_xa: 1", 1), encoding="utf-8")
    git(clone, "commit", "-qam", "Sửa chỉ tiêu và vốn")
    code, output = sedp(clone, "diff", "HEAD~2", "HEAD", "--json")
    assert code == 0
    (year,) = json.loads(output)
    assert year["fields"] == [{
        "file": "buoc-04-du-thao.yaml", "path": "chi_tieu[CT01].ke_hoach", "key": "ke_hoach",
        "label": "Kế hoạch năm kế hoạch",
        "where": "Bước 4 › Chỉ tiêu chủ yếu › CT01 – Tổng sản lượng lương thực có hạt › Kế hoạch năm kế hoạch",
        "kind": "sua", "before": 2374, "after": 3000.5, "before_text": "2.374", "after_text": "3.000,5"}]
    (activity,) = year["changed"]
    assert activity["fields"] == [{"key": "kinh_phi.ngan_sach_xa", "label": "Ngân sách xã", "before": 235,
                                   "after": 1235, "before_text": "235", "after_text": "1.235"}]
    assert year["budget"] == [{"key": "ngan_sach_xa", "label": "Ngân sách xã", "before": 750, "after": 1750}]
    assert year["budget_total"] == {"before": 6933, "after": 7933}  # the activities' tong_kinh_phi added up


def test_a_long_change_folds_but_never_hides_a_status_or_an_amendment_record():
    """Past FOLD_FROM changes the comment folds them; a status of the record and the
    amendment record stay in view above the fold, as a reviewer must see them."""
    import copy

    from conftest import ROOT
    from sedp.review.plandiff import compare_year, to_markdown
    from sedp.source.handbook import load_handbook
    from sedp.source.loader import load_file

    handbook = HANDBOOK.setdefault("h", load_handbook(ROOT / "schema"))
    before = {p.name: load_file(p).data for p in sorted((ROOT / "plans/thach-an/duc-long/2026").glob("*.yaml"))}
    after = copy.deepcopy(before)
    for need in after["buoc-02-nhu-cau.yaml"]["nhu_cau"]:  # 9 needs, 2 fields each: 18 changes
        need["giai_phap"] = "Làm lại theo biên bản"
        need["ho_huong_loi"] = 1
    after["thuc-hien.yaml"]["hoat_dong"][0]["trang_thai"] = "hoan_thanh"
    after["buoc-09-hdnd-thong-qua.yaml"]["dieu_chinh"] = [
        {"ngay": "15/03/2027", "so_quyet_dinh": "12/NQ-HĐND", "ly_do": "Bổ sung vốn cho HD01"}]
    lines = to_markdown([compare_year(handbook, ("thach-an", "duc-long", "2026"), "Xã Đức Long – năm 2026",
                                      before, after)]).splitlines()
    fold = lines.index("<details><summary>18 thay đổi khác</summary>")
    assert [line for line in lines[:fold] if line.startswith("- ")] == [
        "- Bước 9 › Điều chỉnh kế hoạch sau khi HĐND thông qua › 12/NQ-HĐND: thêm Ngày điều chỉnh: 15/03/2027; "
        "Lý do điều chỉnh: Bổ sung vốn cho HD01",
        "- Thực hiện kế hoạch › Tiến độ thực hiện hoạt động › HD01 – Sửa chữa nhà văn hóa thôn Nặm Khoang › "
        "Trạng thái thực hiện: Chuyển năm sau → Hoàn thành"]


def test_an_item_added_or_removed_shows_every_field_a_reviewer_reads():
    """An added supervision visit shows its finding, an added result its value, a removed
    Biểu 7 activity its amount: not only that something was added."""
    import copy
    from decimal import Decimal

    from conftest import ROOT
    from sedp.review.plandiff import compare_year, to_markdown
    from sedp.source.handbook import load_handbook
    from sedp.source.loader import load_file

    handbook = HANDBOOK.setdefault("h", load_handbook(ROOT / "schema"))
    before = {p.name: load_file(p).data for p in sorted((ROOT / "plans/thach-an/duc-long/2026").glob("*.yaml"))}
    after = copy.deepcopy(before)
    record = after["thuc-hien.yaml"]
    visits = next(a for a in record["hoat_dong"] if a["ma"] == "HD06")["giam_sat"]
    visits.append({"ngay": "02/10/2026", "phat_hien": "Nhà vệ sinh chưa có nước", "kien_nghi": "Lắp bể chứa"})
    record["chi_tieu"][0]["ket_qua"].append({"ngay": "31/12/2026", "gia_tri": Decimal("2374.5")})
    removed = after["buoc-09-hdnd-thong-qua.yaml"]["bieu_7"]["hoat_dong"].pop()
    lines = [line for line in to_markdown([compare_year(handbook, ("thach-an", "duc-long", "2026"), "", before,
                                                        after)]).splitlines() if line.startswith("- ")]
    assert lines[1:] == [
        "- Thực hiện kế hoạch › Tiến độ thực hiện hoạt động › HD06 – Sửa chữa điểm trường mầm non thôn Nà Pàn › "
        "Giám sát đầu tư của cộng đồng › 02/10/2026: thêm Phát hiện: Nhà vệ sinh chưa có nước; "
        "Kiến nghị: Lắp bể chứa",
        "- Thực hiện kế hoạch › Kết quả thực hiện chỉ tiêu › CT01 – Tổng sản lượng lương thực có hạt › Kết quả đạt "
        "được theo ngày › 31/12/2026: thêm Giá trị đạt được: 2.374,5"]
    assert lines[0].startswith(f"- Bước 9 › Biểu 7 – Kế hoạch hoạt động theo lĩnh vực ưu tiên 3–5 năm › Hoạt động "
                               f"ưu tiên › {removed['ten']}: bỏ ")
    assert f"Kinh phí dự kiến (triệu đồng): {removed['kinh_phi_du_kien']}" in lines[0]
