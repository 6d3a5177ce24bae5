"""Rules across steps (schema/quy-tac/lien-buoc.yaml, check/story.py) on cases the
issue does not list: ties in the ranking, a written exception, households over
several villages, an answer at the commune consultation, a source taken out, an
old figure, and a rule the province deleted. The fixtures hold the listed cases."""

from __future__ import annotations

import json

from conftest import YEAR, make_project, replace_in

STEP3 = "# yaml-language-server: $schema=../../../../schema/json/buoc-03-xep-hang.schema.json\nxep_hang:\n"


def problems(sedp, project) -> list[tuple]:
    code, output = sedp(project, "validate", "plans", "--json")
    report = json.loads(output)
    return [(p["code"], p["line"], p["message"]) for p in report["errors"] + report["warnings"]]


def ranking(project, *rows: str) -> None:
    (project / YEAR / "buoc-03-xep-hang.yaml").write_text(STEP3 + "".join(rows), encoding="utf-8")


def row(need: str, rank: int, score: int, reason: str = "") -> str:
    text = f"  - nhu_cau: {need}\n    thu_hang: {rank}\n    diem: {score}\n"
    return text + (f"    ly_do_xep_hang: {reason}\n" if reason else "")


def add_need(project, code: str, village: str) -> None:
    path = project / YEAR / "buoc-02-nhu-cau.yaml"
    path.write_text(path.read_text(encoding="utf-8") + (
        f"  - ma: {code}\n    thon: {village}\n    linh_vuc: giao_thong\n    van_de: Đường trơn\n"
        f"    giai_phap: Rải đá\n"), encoding="utf-8")


def test_tied_scores_share_a_rank_and_the_next_rank_skips(base_project, sedp):
    add_need(base_project, "NC03", "Bản Chang")
    add_need(base_project, "NC04", "Bản Chang")
    ranking(base_project, row("NC01", 1, 90), row("NC02", 2, 75), row("NC03", 2, 75), row("NC04", 4, 60))
    assert problems(sedp, base_project) == []


def test_a_tie_ranked_apart_and_a_rank_that_does_not_skip_are_errors(base_project, sedp):
    add_need(base_project, "NC03", "Bản Chang")
    ranking(base_project, row("NC01", 1, 75), row("NC02", 2, 75), row("NC03", 3, 60))
    assert problems(sedp, base_project) == [(
        "thu-hang-theo-diem", 7, "Thứ hạng 2 của nhu cầu NC02 (điểm 75) khác thứ hạng của nhu cầu NC01 "
                                 "(thứ hạng 1) cùng điểm")]
    ranking(base_project, row("NC01", 1, 75), row("NC02", 1, 75), row("NC03", 2, 60))
    assert problems(sedp, base_project) == [(
        "thu-hang-theo-diem", 10, "Thứ hạng 2 của nhu cầu NC03 không liền mạch: có 2 nhu cầu xếp trên")]


def test_a_rank_against_its_score_with_a_written_reason_is_accepted(base_project, sedp):
    ranking(base_project, row("NC01", 1, 60, "Hội nghị xã thống nhất ưu tiên vì sạt lở đe dọa 12 hộ"),
            row("NC02", 2, 80))
    assert problems(sedp, base_project) == []


def test_households_over_several_villages_are_within_their_sum(base_project, sedp):
    # a flash flood over Nà Lẹng (80 households) and Bản Chang (60): 140 at most
    path = base_project / YEAR / "buoc-01-khoi-dong.yaml"
    replace_in(path, "    thon: [Nà Lẹng]\n", "    thon: [Nà Lẹng, Bản Chang]\n    so_ho_anh_huong: 140\n")
    assert problems(sedp, base_project) == []
    replace_in(path, "so_ho_anh_huong: 140", "so_ho_anh_huong: 141")
    assert problems(sedp, base_project) == [(
        "ho-vuot-thon", 14, "Số hộ bị ảnh hưởng (141) nhiều hơn tổng Số hộ của các thôn Nà Lẹng, Bản Chang (140)")]


def test_the_sum_of_a_villages_needs_may_exceed_its_households(base_project, sedp):
    # one household benefits from several needs: each need is within Nà Lẹng's 80
    add_need(base_project, "NC03", "Nà Lẹng")
    path = base_project / YEAR / "buoc-02-nhu-cau.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "    ho_huong_loi: 80\n", encoding="utf-8")
    assert problems(sedp, base_project) == []


def consultation(project, answer: str) -> None:
    replace_in(project / YEAR / "buoc-05-tham-van.yaml", "y_kien: []",
               f"y_kien:\n  - nguoi_neu: Trưởng thôn Nà Lẹng\n    noi_dung: Đề nghị làm đường sớm\n"
               f"    tra_loi: {answer}\n    chu_the: nguoi_dan")


def test_an_answer_at_the_consultation_names_an_activity_that_exists(base_project, sedp):
    consultation(base_project, "Tiếp thu, đưa vào hoạt động HD05")
    assert problems(sedp, base_project) == [(
        "tra-loi-y-kien", 20, "Trả lời, tiếp thu 'Tiếp thu, đưa vào hoạt động HD05' nói đến hoạt động HD05, "
                             "nhưng kế hoạch không có hoạt động này")]


def test_an_answer_naming_the_activity_is_checked_against_its_money(base_project, sedp):
    # HD01: ngân sách huyện 850, dân đóng góp 120,5, total 970,5
    consultation(base_project, "Tiếp thu, HD01 thêm vốn doanh nghiệp 50 triệu")
    found = problems(sedp, base_project)
    assert [(code, line) for code, line, _ in found] == [("tra-loi-y-kien", 20)] * 2
    assert "nói đến nguồn Doanh nghiệp, nhưng hoạt động HD01 không có nguồn này" in found[0][2]
    assert "ghi 50 triệu, nhưng kinh phí của hoạt động HD01 không có số này" in found[1][2]


def test_a_source_taken_out_and_an_old_figure_are_not_reported(base_project, sedp):
    consultation(base_project, "Tiếp thu, HD01 bỏ vốn ngân sách tỉnh; ngân sách huyện từ 900 xuống 850 triệu, "
                               "tổng 970,5 triệu đồng, làm xong trong tháng 3")
    assert problems(sedp, base_project) == []


def test_a_rule_the_province_deleted_is_not_checked(base_project, sedp):
    ranking(base_project, row("NC01", 1, 60), row("NC02", 2, 80))
    assert [code for code, _, _ in problems(sedp, base_project)] == ["thu-hang-theo-diem"]
    rules = base_project / "schema/quy-tac/lien-buoc.yaml"
    text = rules.read_text(encoding="utf-8")
    start = text.index("thu-hang-theo-diem:")
    rules.write_text(text[:start] + text[text.index("ho-vuot-thon:"):], encoding="utf-8")
    assert problems(sedp, base_project) == []


def test_a_biểu_7_item_for_later_years_only_is_not_a_repeat(tmp_path, sedp):
    from conftest import FIXTURES
    project = make_project(tmp_path / "p", overlay=FIXTURES / "warnings" / "priority-plan-repeats-activity")
    replace_in(project / YEAR / "buoc-09-hdnd-thong-qua.yaml", "nam_thuc_hien: [2027, 2028]",
               "nam_thuc_hien: [2028]")
    assert problems(sedp, project) == []
