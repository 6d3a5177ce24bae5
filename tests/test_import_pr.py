"""`sedp import pr`: a pull request's review comments, as GitHub's API returns
them, into step 7 of the plan year commented on.

The JSON is shaped as GitHub documents it (REST "List review comments on a pull
request" and "List reviews for a pull request"; `gh pr view --json`), with the
fields sedp ignores left in. The repository is a real git repository: the
comments point at a commit, and the plan is edited after it, so a line is read
as the reviewer saw it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import copy_project, git, init_repo, replace_in
from sedp.source.loader import load_file

REPO = "tinh-cao-bang/ke-hoach-xa"
PR = 42
YEAR = Path("plans/thach-an/duc-long/2027")
STEP7 = YEAR / "buoc-07-y-kien-huyen.yaml"
DRAFT = YEAR / "buoc-04-du-thao.yaml"
NEEDS = YEAR / "buoc-02-nhu-cau.yaml"
PLAN = YEAR / "ke-hoach.yaml"
FINANCE = "Phòng Tài chính – Kế hoạch huyện Thạch An"  # district.yaml's co_quan_duyet
FARMING = "Phòng Nông nghiệp và Môi trường huyện Thạch An"  # dam-thu's own office, added below


def user(login: str, number: int, kind: str = "User") -> dict:
    """A simple user as the REST API gives it."""
    return {"login": login, "id": number, "node_id": f"MDQ6VXNlcj{number}",
            "avatar_url": f"https://avatars.githubusercontent.com/u/{number}?v=4", "gravatar_id": "",
            "url": f"https://api.github.com/users/{login}", "html_url": f"https://github.com/{login}",
            "followers_url": f"https://api.github.com/users/{login}/followers",
            "following_url": f"https://api.github.com/users/{login}/following{{/other_user}}",
            "gists_url": f"https://api.github.com/users/{login}/gists{{/gist_id}}",
            "starred_url": f"https://api.github.com/users/{login}/starred{{/owner}}{{/repo}}",
            "subscriptions_url": f"https://api.github.com/users/{login}/subscriptions",
            "organizations_url": f"https://api.github.com/users/{login}/orgs",
            "repos_url": f"https://api.github.com/users/{login}/repos",
            "events_url": f"https://api.github.com/users/{login}/events{{/privacy}}",
            "received_events_url": f"https://api.github.com/users/{login}/received_events",
            "type": kind, "site_admin": False}


def line_comment(number: int, review: int, who: dict, path: Path, line: int, commit: str, body: str,
                 created: str) -> dict:
    """One element of `GET /repos/{owner}/{repo}/pulls/{pull_number}/comments`."""
    api = f"https://api.github.com/repos/{REPO}"
    return {"url": f"{api}/pulls/comments/{number}", "pull_request_review_id": review, "id": number,
            "node_id": f"PRRC_kwDOAAA{number}", "diff_hunk": f"@@ -{line},3 +{line},3 @@\n context\n-cũ\n+mới",
            "path": path.as_posix(), "position": 3, "original_position": 3, "commit_id": commit,
            "original_commit_id": commit, "user": who, "body": body, "created_at": created,
            "updated_at": created, "html_url": f"https://github.com/{REPO}/pull/{PR}#discussion_r{number}",
            "pull_request_url": f"{api}/pulls/{PR}", "author_association": "MEMBER",
            "_links": {"self": {"href": f"{api}/pulls/comments/{number}"},
                       "html": {"href": f"https://github.com/{REPO}/pull/{PR}#discussion_r{number}"},
                       "pull_request": {"href": f"{api}/pulls/{PR}"}},
            "reactions": {"url": f"{api}/pulls/comments/{number}/reactions", "total_count": 0, "+1": 0, "-1": 0,
                          "laugh": 0, "hooray": 0, "confused": 0, "heart": 0, "rocket": 0, "eyes": 0},
            "start_line": None, "original_start_line": None, "start_side": None, "line": line,
            "original_line": line, "side": "RIGHT", "subject_type": "line"}


def review(number: int, who: dict, state: str, body: str, submitted: str, commit: str) -> dict:
    """One element of `GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews`."""
    html = f"https://github.com/{REPO}/pull/{PR}#pullrequestreview-{number}"
    return {"id": number, "node_id": f"PRR_kwDOAAA{number}", "user": who, "body": body, "state": state,
            "html_url": html, "pull_request_url": f"https://api.github.com/repos/{REPO}/pulls/{PR}",
            "author_association": "MEMBER",
            "_links": {"html": {"href": html}, "pull_request": {"href": f"https://api.github.com/repos/{REPO}/pulls/{PR}"}},
            "submitted_at": submitted, "commit_id": commit}


def line_of(project: Path, path: Path, text: str) -> int:
    lines = (project / path).read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if text in line)


def first_review(project: Path) -> Path:
    """Đức Long 2027 as the district found it when it first reviewed the draft: no comment in step 7
    yet (the example has since recorded the finance office's YK01 and its answer)."""
    path = project / STEP7
    head, rest = path.read_text(encoding="utf-8").split("y_kien:\n", 1)
    path.write_text(head + "y_kien: []\n# Thêm mục" + rest.split("# Thêm mục", 1)[1], encoding="utf-8")
    return project


@pytest.fixture
def pull_request(tmp_path):
    """The example province as a repository; the pull request's commit edits Đức Long's 2027 draft; the
    reviewers comment on that commit; the commune then adds a line at the top of each file (the lines move)."""
    project = init_repo(first_review(copy_project(tmp_path / "project")))
    replace_in(project / "plans/thach-an/district.yaml", "  chuc_vu: Chuyên viên\n",
               f"  chuc_vu: Chuyên viên\n  co_quan: {FARMING}\n")
    replace_in(project / DRAFT, "  ten: Bê tông hóa 3 km đường liên thôn", "  ten: Bê tông hoá 3 km đường liên thôn")
    git(project, "commit", "-qam", "Sửa dự thảo theo góp ý")
    commit = git(project, "rev-parse", "HEAD").strip()
    lines = {"HD03": line_of(project, DRAFT, "Bê tông hoá 3 km"),
             "NC02": line_of(project, NEEDS, "Một số hộ ở thôn Nặm Khoang chưa có điện"),
             "plan": line_of(project, PLAN, "- Phòng Tài chính – Kế hoạch huyện")}
    for path in (DRAFT, NEEDS, PLAN):
        text = (project / path).read_text(encoding="utf-8")
        (project / path).write_text("# Ghi chú thêm sau khi huyện góp ý\n" + text, encoding="utf-8")
    git(project, "commit", "-qam", "Thêm ghi chú")
    tung, thu, stranger = user("pkh-thachan", 101), user("dam-thu", 102), user("nguoi-la-99", 103)
    comments = [
        line_comment(9001, 501, tung, DRAFT, lines["HD03"], commit,
                     "Đề nghị ghi rõ chiều rộng mặt đường.\r\n<!-- gợi ý của mẫu -->\r\n",
                     "2026-10-23T18:30:00Z"),  # 24/10 in Vietnam
        line_comment(9002, 502, thu, NEEDS, lines["NC02"], commit,
                     "> Một số hộ ở thôn Nặm Khoang chưa có điện lưới quốc gia\n\nBổ sung số hộ chưa có điện.",
                     "2026-10-24T02:00:00Z"),
        line_comment(9003, 501, tung, PLAN, lines["plan"], commit,
                     "Gửi thêm Phòng Nông nghiệp và Môi trường.", "2026-10-24T03:00:00Z"),
        line_comment(9004, 503, stranger, DRAFT, lines["HD03"], commit, "Tôi thấy ổn.", "2026-10-24T04:00:00Z"),
        line_comment(9005, 504, user("github-actions[bot]", 41898282, "Bot"), DRAFT, lines["HD03"], commit,
                     "Danh sách kiểm tra của sedp", "2026-10-24T05:00:00Z"),
    ]
    reviews = [
        review(501, tung, "CHANGES_REQUESTED", "Xã rà soát lại tổng kinh phí của kế hoạch trước khi trình.",
               "2026-10-24T03:05:00Z", commit),
        review(502, thu, "APPROVED", "", "2026-10-24T02:01:00Z", commit),
        review(503, stranger, "COMMENTED", "", "2026-10-24T04:00:00Z", commit),
    ]
    (project / "y-kien-dong.json").write_text(json.dumps(comments, ensure_ascii=False, indent=2), encoding="utf-8")
    (project / "lan-duyet.json").write_text(json.dumps(reviews, ensure_ascii=False, indent=2), encoding="utf-8")
    return project


def entries(project: Path) -> list[dict]:
    return load_file(project / STEP7).data["y_kien"]


def imported(sedp, project: Path, name: str, data, *options: str) -> list[str]:
    """Save data as GitHub's JSON in name, import it, and return what was printed (the import succeeds)."""
    (project / name).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code, shown = sedp(project, "import", "pr", name, *options)
    assert code == 0, shown
    return shown.splitlines()


def test_review_comments_become_pending_step_7_entries_once(pull_request, sedp):
    before = (pull_request / STEP7).read_text(encoding="utf-8")
    code, shown = sedp(pull_request, "import", "pr", "y-kien-dong.json", "lan-duyet.json")
    assert code == 0, shown
    assert (pull_request / STEP7).read_text(encoding="utf-8") == before  # a dry run writes nothing
    lines = shown.splitlines()
    assert lines[:10] == [
        "Ý kiến mới (4):",
        f"  {STEP7.as_posix()}",
        f"    YK01 ngày 24/10/2026 · {FINANCE} (pkh-thachan) · mục HD03 – Bê tông hoá 3 km đường liên thôn "
        f"Pò Nhùng – Nặm Khoang, góp ý trên {DRAFT.as_posix()}:109",
        "      Đề nghị ghi rõ chiều rộng mặt đường.",
        f"    YK02 ngày 24/10/2026 · {FARMING} (dam-thu) · mục NC02 – Một số hộ ở thôn Nặm Khoang chưa có điện lưới "
        f"quốc gia, góp ý trên {NEEDS.as_posix()}:22",
        "      “Một số hộ ở thôn Nặm Khoang chưa có điện lưới quốc gia”…",
        f"    YK03 ngày 24/10/2026 · {FINANCE} (pkh-thachan) · không gắn mục (dòng không thuộc mục nào có mã), "
        f"góp ý trên {PLAN.as_posix()}:16",
        "      Gửi thêm Phòng Nông nghiệp và Môi trường.",
        f"    YK04 ngày 24/10/2026 · {FINANCE} (pkh-thachan) · không gắn mục, ý kiến chung của lần duyệt",
        "      Xã rà soát lại tổng kinh phí của kế hoạch trước khi trình.",
    ]
    assert lines[10:] == [
        "Không ghi 3 ý kiến của bot, trống hoặc chỉ phê duyệt không lời.",
        "y-kien-dong.json: cảnh báo: Không ghi ý kiến "
        f"https://github.com/{REPO}/pull/{PR}#discussion_r9004: tài khoản GitHub 'nguoi-la-99' không có trong "
        "nguoi_duyet của plans/thach-an/district.yaml — Nếu đây là cán bộ huyện, thêm vào nguoi_duyet trong "
        "plans/thach-an/district.yaml một mục có github: nguoi-la-99 (và co_quan nếu khác cơ quan góp ý của huyện) "
        "rồi chạy lại.",
        "Chưa ghi gì: thêm --write để ghi vào các tệp YAML.",
    ]

    code, shown = sedp(pull_request, "import", "pr", "y-kien-dong.json", "lan-duyet.json", "--write")
    assert code == 0, shown
    assert shown.splitlines()[-1] == f"Đã ghi {STEP7.as_posix()}; xã trả lời từng ý kiến trong tra_loi."
    written = (pull_request / STEP7).read_text(encoding="utf-8")
    assert written.startswith("# yaml-language-server: $schema=../../../../schema/json/buoc-07-y-kien-huyen"
                              ".schema.json\n# Bước 7.")  # the file's comments are kept
    assert written.split("y_kien:\n", 1)[1].split("# Thêm mục")[0] == (
        "- ma: YK01\n"
        f"  co_quan: {FINANCE}\n"
        "  ngay: 24/10/2026\n"
        "  noi_dung: Đề nghị ghi rõ chiều rộng mặt đường.\n"
        "  muc: HD03\n"
        f"  nguon: https://github.com/{REPO}/pull/{PR}#discussion_r9001\n"
        "- ma: YK02\n"
        f"  co_quan: {FARMING}\n"
        "  ngay: 24/10/2026\n"
        "  noi_dung: |-\n"
        "    “Một số hộ ở thôn Nặm Khoang chưa có điện lưới quốc gia”\n"
        "\n"
        "    Bổ sung số hộ chưa có điện.\n"
        "  muc: NC02\n"
        f"  nguon: https://github.com/{REPO}/pull/{PR}#discussion_r9002\n"
        "- ma: YK03\n"
        f"  co_quan: {FINANCE}\n"
        "  ngay: 24/10/2026\n"
        "  noi_dung: Gửi thêm Phòng Nông nghiệp và Môi trường.\n"
        f"  nguon: https://github.com/{REPO}/pull/{PR}#discussion_r9003\n"
        "- ma: YK04\n"
        f"  co_quan: {FINANCE}\n"
        "  ngay: 24/10/2026\n"
        "  noi_dung: Xã rà soát lại tổng kinh phí của kế hoạch trước khi trình.\n"
        f"  nguon: https://github.com/{REPO}/pull/{PR}#pullrequestreview-501\n")

    code, shown = sedp(pull_request, "import", "pr", "y-kien-dong.json", "lan-duyet.json", "--write")
    assert code == 0, shown
    assert (pull_request / STEP7).read_text(encoding="utf-8") == written
    assert shown.splitlines()[:3] == ["Đã có trong hồ sơ từ lần nhập trước, bỏ qua: 4 ý kiến.",
                                      "Không ghi 3 ý kiến của bot, trống hoặc chỉ phê duyệt không lời.",
                                      "Không có ý kiến mới để ghi."]
    code, shown = sedp(pull_request, "diff", "HEAD", "--checklist")  # what the approving reviewer reads
    assert ("- [ ] Ý kiến góp ý chưa có cách xử lý (xã trả lời trước khi trình HĐND): Xã Đức Long (Huyện Thạch An) "
            "– năm 2027: YK01, YK02, YK03, YK04\n") in shown, shown

    text = written
    for code_, outcome in (("YK01", "tiep_thu"), ("YK02", "tiep_thu"), ("YK03", "giai_trinh"), ("YK04", "tiep_thu")):
        source = f"#discussion_r900{code_[-1]}" if code_ != "YK04" else "#pullrequestreview-501"
        anchor = f"{source}\n"
        text = text.replace(anchor, anchor + "  tra_loi:\n    ngay: 30/10/2026\n"
                            f"    cach_xu_ly: {outcome}\n    noi_dung: Đã xem xét và trả lời\n", 1)
    (pull_request / STEP7).write_text(text, encoding="utf-8")
    assert [e["tra_loi"]["cach_xu_ly"] for e in entries(pull_request)] == ["tiep_thu", "tiep_thu", "giai_trinh",
                                                                          "tiep_thu"]
    code, shown = sedp(pull_request, "validate", str(YEAR.parent))
    assert code == 1  # YK02 'taken in', but NC02 is still as the draft sent to the district has it
    assert "Ý kiến YK02 trả lời 'tiep_thu' nhưng NC02 vẫn như bản dự thảo gửi huyện" in shown, shown
    replace_in(pull_request / NEEDS, "Một số hộ ở thôn Nặm Khoang chưa có điện lưới quốc gia",
               "15 hộ ở thôn Nặm Khoang chưa có điện lưới quốc gia")
    code, shown = sedp(pull_request, "validate", str(YEAR.parent))
    assert code == 0, shown
    code, shown = sedp(pull_request, "diff", "HEAD", "--checklist")
    assert "- [x] Mọi ý kiến góp ý của các năm kế hoạch đã sửa đều có cách xử lý\n" in shown, shown


def gh_view(reviews: list, comments: list, files: list[Path]) -> dict:
    """The output of `gh pr view N --json reviews,comments,files` (GraphQL's names)."""
    def author(login: str) -> dict:
        return {"login": login}

    return {
        "comments": [{"id": f"IC_kwDOAAA{n}", "author": author(login), "authorAssociation": "MEMBER", "body": body,
                      "createdAt": created, "includesCreatedEdit": False, "isMinimized": False, "minimizedReason": "",
                      "reactionGroups": [], "url": f"https://github.com/{REPO}/pull/{PR}#issuecomment-{n}",
                      "viewerDidAuthor": False} for n, login, body, created in comments],
        "files": [{"path": f.as_posix(), "additions": 1, "deletions": 1} for f in files],
        "reviews": [{"id": f"PRR_kwDOAAA{n}", "author": author(login), "authorAssociation": "MEMBER", "body": body,
                     "submittedAt": created, "includesCreatedEdit": False, "reactionGroups": [], "state": state,
                     "url": f"https://github.com/{REPO}/pull/{PR}#pullrequestreview-{n}",
                     "commit": {"oid": "0" * 40}} for n, login, state, body, created in reviews],
    }


def test_the_conversation_of_gh_pr_view_goes_to_the_one_plan_year_changed(example_project, sedp):
    first_review(example_project)
    replace_in(example_project / "plans/thach-an/district.yaml", "  chuc_vu: Chuyên viên\n",
               "  chuc_vu: Phó Chủ tịch UBND huyện\n  co_quan: UBND huyện Thạch An\n  chu_the: ubnd_huyen\n")
    view = gh_view(reviews=[(601, "dam-thu", "COMMENTED", "Bổ sung nguồn vốn lồng ghép.", "2026-10-25T01:00:00Z"),
                            (602, "pkh-thachan", "APPROVED", "", "2026-10-26T01:00:00Z")],
                   comments=[(701, "pkh-thachan", "Xã gửi lại bản đã sửa trước 30/10.", "2026-10-25T17:00:00Z"),
                             (702, "github-actions", "Danh sách kiểm tra của sedp", "2026-10-25T00:00:00Z")],
                   files=[DRAFT, PLAN])
    assert imported(sedp, example_project, "pr.json", view, "--write")[-2:] == [
        "Không ghi 2 ý kiến của bot, trống hoặc chỉ phê duyệt không lời.",
        f"Đã ghi {STEP7.as_posix()}; xã trả lời từng ý kiến trong tra_loi."]
    assert [(e["ma"], e["co_quan"], e.get("chu_the"), e["ngay"], e["noi_dung"], e["nguon"])
            for e in entries(example_project)] == [
        ("YK01", "UBND huyện Thạch An", "ubnd_huyen", "25/10/2026", "Bổ sung nguồn vốn lồng ghép.",
         f"https://github.com/{REPO}/pull/{PR}#pullrequestreview-601"),
        ("YK02", FINANCE, None, "26/10/2026", "Xã gửi lại bản đã sửa trước 30/10.",
         f"https://github.com/{REPO}/pull/{PR}#issuecomment-701")]
    code, shown = sedp(example_project, "validate", "plans/thach-an")
    assert code == 0, shown


def test_a_general_comment_on_a_pull_request_over_two_plan_years_is_not_placed(example_project, sedp):
    view = gh_view(reviews=[(601, "dam-thu", "CHANGES_REQUESTED", "Rà soát lại.", "2026-10-25T01:00:00Z")],
                   comments=[], files=[DRAFT, Path("plans/thach-an/le-lai/2027/buoc-04-du-thao.yaml")])
    before = (example_project / STEP7).read_text(encoding="utf-8")
    assert imported(sedp, example_project, "pr.json", view, "--write") == [
        "Không có ý kiến mới để ghi.",
        f"pr.json: cảnh báo: Không ghi ý kiến chung https://github.com/{REPO}/pull/{PR}#pullrequestreview-601: "
        "yêu cầu thay đổi sửa plans/thach-an/duc-long/2027, plans/thach-an/le-lai/2027, không biết ý kiến thuộc "
        "năm kế hoạch nào — Ghi tay vào bước 7 của năm kế hoạch ý kiến nói tới, kèm nguon: "
        f"https://github.com/{REPO}/pull/{PR}#pullrequestreview-601; hoặc thêm danh sách tệp đã sửa "
        "(gh pr view N --json reviews,comments,files)."]
    assert (example_project / STEP7).read_text(encoding="utf-8") == before


@pytest.mark.parametrize(("text", "said"), [
    ('[{"id": 1, "body": "Thiếu dấu ngoặc"', "pr.json:1: Không đọc được tệp JSON: tệp bị cắt ngang, thiếu phần cuối — "
     "Lưu nguyên kết quả của gh vào tệp, ví dụ gh api repos/OWNER/REPO/pulls/N/comments > y-kien-dong.json, rồi "
     "chạy lại."),
    ('[\n  {"id": 1 "body": "x"}\n]', "pr.json:2: Không đọc được tệp JSON: sai cú pháp ở cột 12 (ký tự '\"') — "
     "Lưu nguyên kết quả của gh vào tệp, ví dụ gh api repos/OWNER/REPO/pulls/N/comments > y-kien-dong.json, rồi "
     "chạy lại."),
    ('{"message": "Not Found", "documentation_url": "https://docs.github.com/rest/pulls/comments", "status": "404"}',
     "pr.json: Tệp JSON là thông báo lỗi của GitHub, không phải ý kiến duyệt — Kiểm tra OWNER/REPO và số yêu cầu "
     "thay đổi, đăng nhập bằng gh auth login, rồi tải lại."),
    ('[{"number": 42, "title": "Sửa kế hoạch"}]',
     "pr.json: Tệp JSON không có dạng GitHub trả về cho ý kiến duyệt: mục thứ 1 có các trường number, title — "
     "Cần kết quả của gh api repos/OWNER/REPO/pulls/N/comments hoặc …/pulls/N/reviews (mỗi lệnh một danh sách), "
     "hoặc gh pr view N --json reviews,comments,files (một nhóm có reviews, comments, files)."),
])
def test_a_file_that_is_not_githubs_json_stops_the_import_naming_it(example_project, sedp, text, said):
    (example_project / "pr.json").write_text(text, encoding="utf-8")
    code, shown = sedp(example_project, "import", "pr", "pr.json")
    assert code == 1
    assert shown.splitlines() == [said, "Lỗi: Chưa ghi gì."]


def test_pages_of_gh_api_paginate_are_read_one_after_another(pull_request, sedp):
    comments = json.loads((pull_request / "y-kien-dong.json").read_text(encoding="utf-8"))
    paged = json.dumps(comments[:2], ensure_ascii=False) + json.dumps(comments[2:], ensure_ascii=False)
    (pull_request / "y-kien-dong.json").write_text(paged, encoding="utf-8")
    code, shown = sedp(pull_request, "import", "pr", "y-kien-dong.json")
    assert code == 0, shown
    assert shown.splitlines()[0] == "Ý kiến mới (3):"


def test_an_outdated_comment_is_read_at_its_original_line_and_commit(pull_request, sedp):
    comments = json.loads((pull_request / "y-kien-dong.json").read_text(encoding="utf-8"))[:1]
    head = git(pull_request, "rev-parse", "HEAD").strip()  # where the line no longer is
    comments[0].update(line=None, commit_id=head, position=None)
    assert imported(sedp, pull_request, "y-kien-dong.json", comments)[2] == (f"    YK01 ngày 24/10/2026 · {FINANCE} (pkh-thachan) · mục HD03 – Bê tông hoá 3 km "
                                     f"đường liên thôn Pò Nhùng – Nặm Khoang, góp ý trên {DRAFT.as_posix()}:109")


def test_a_later_comment_is_added_below_the_entries_and_above_the_files_closing_comment(pull_request, sedp):
    code, shown = sedp(pull_request, "import", "pr", "y-kien-dong.json", "--write")
    assert code == 0, shown
    comments = json.loads((pull_request / "y-kien-dong.json").read_text(encoding="utf-8"))
    comments.append(line_comment(9010, 510, user("dam-thu", 102), PLAN, 3, comments[0]["commit_id"],
                                 "Ghi thêm số ký hiệu.", "2026-10-28T09:00:00Z"))
    (pull_request / "y-kien-dong.json").write_text(json.dumps(comments, ensure_ascii=False), encoding="utf-8")
    code, shown = sedp(pull_request, "import", "pr", "y-kien-dong.json", "--write")
    assert code == 0, shown
    assert shown.splitlines()[:4] == [
        "Ý kiến mới (1):", f"  {STEP7.as_posix()}",
        f"    YK04 ngày 28/10/2026 · {FARMING} (dam-thu) · không gắn mục (dòng không thuộc mục nào có mã), "
        f"góp ý trên {PLAN.as_posix()}:3",
        "      Ghi thêm số ký hiệu."]
    written = (pull_request / STEP7).read_text(encoding="utf-8")
    assert written.split("#discussion_r9003\n", 1)[1].split("# Thêm mục")[0] == (
        "- ma: YK04\n"
        f"  co_quan: {FARMING}\n"
        "  ngay: 28/10/2026\n"
        "  noi_dung: Ghi thêm số ký hiệu.\n"
        f"  nguon: https://github.com/{REPO}/pull/{PR}#discussion_r9010\n")


def test_a_path_that_climbs_out_of_the_repository_is_not_followed(pull_request, sedp):
    comments = json.loads((pull_request / "y-kien-dong.json").read_text(encoding="utf-8"))[:1]
    comments[0]["path"] = "plans/../../ngoai/2027/buoc-04-du-thao.yaml"
    assert imported(sedp, pull_request, "y-kien-dong.json", comments, "--write") == [
        "Không có ý kiến mới để ghi.",
        f"y-kien-dong.json: cảnh báo: Không ghi ý kiến https://github.com/{REPO}/pull/{PR}#discussion_r9001: ý kiến "
        "viết trên plans/../../ngoai/2027/buoc-04-du-thao.yaml, không phải tệp của một năm kế hoạch — Nếu ý kiến "
        f"nói về một kế hoạch, ghi tay vào bước 7 của năm đó, kèm nguon: https://github.com/{REPO}/pull/{PR}"
        "#discussion_r9001."]
    assert not (pull_request.parent / "ngoai").exists()


def test_comments_on_two_plan_years_are_shown_and_written_file_by_file(pull_request, sedp):
    other = Path("plans/thach-an/thuy-hung/2027/buoc-04-du-thao.yaml")  # a draft still in the commune
    commit = json.loads((pull_request / "y-kien-dong.json").read_text(encoding="utf-8"))[0]["commit_id"]
    tung = user("pkh-thachan", 101)
    comments = [line_comment(9101, 601, tung, DRAFT, line_of(pull_request, DRAFT, "- ma: HD02"), commit,
                             "Một", "2026-10-24T01:00:00Z"),
                line_comment(9102, 601, tung, other, 72, commit, "Hai", "2026-10-24T02:00:00Z"),
                line_comment(9103, 601, tung, DRAFT, line_of(pull_request, DRAFT, "- ma: HD01"), commit,
                             "Ba", "2026-10-24T03:00:00Z")]
    shown = imported(sedp, pull_request, "y-kien-dong.json", comments, "--write")
    assert [line.split(" · ")[0] + " · " + line.split(" · ")[2].split(",")[0] if " · " in line else line
            for line in shown] == [
        "Ý kiến mới (3):",
        f"  {STEP7.as_posix()}",
        "    YK01 ngày 24/10/2026 · mục HD02 – Hỗ trợ giống ngô lai và tập huấn kỹ thuật cho 20 hộ",
        "      Một",
        "    YK02 ngày 24/10/2026 · mục HD01 – Kiên cố hóa 800 m kênh mương thôn Pò Nhùng",
        "      Ba",
        "  plans/thach-an/thuy-hung/2027/buoc-07-y-kien-huyen.yaml",
        "    YK01 ngày 24/10/2026 · mục HD01 – Tổ chức 1 buổi truyền thông dinh dưỡng tại các thôn",
        "      Hai",
        f"Đã ghi {STEP7.as_posix()}, plans/thach-an/thuy-hung/2027/buoc-07-y-kien-huyen.yaml; xã trả lời từng ý kiến "
        "trong tra_loi."]
    assert [e["ma"] for e in load_file(pull_request / "plans/thach-an/thuy-hung/2027/buoc-07-y-kien-huyen.yaml")
            .data["y_kien"]] == ["YK01"]


def test_a_reply_in_a_thread_and_a_comment_on_an_approved_plan_are_not_new_comments(pull_request, sedp):
    """GitHub gives a thread's answers as comments with in_reply_to_id: the thread's first comment
    is the district's comment, the rest is its conversation. A plan the Council approved has
    closed step 7: a comment on it (an amendment's review) stays on the pull request."""
    commit = json.loads((pull_request / "y-kien-dong.json").read_text(encoding="utf-8"))[0]["commit_id"]
    tung = user("pkh-thachan", 101)
    first = line_comment(9201, 701, tung, DRAFT, line_of(pull_request, DRAFT, "- ma: HD02"), commit,
                         "Ghi rõ số hộ được hỗ trợ giống.", "2026-10-24T01:00:00Z")
    reply = {**line_comment(9202, 702, user("ubnd-duclong", 201), DRAFT, first["line"], commit,
                            "Xã sẽ bổ sung.", "2026-10-24T02:00:00Z"), "in_reply_to_id": 9201}
    agreed = {**line_comment(9203, 703, tung, DRAFT, first["line"], commit, "Đồng ý với xã.",
                             "2026-10-24T03:00:00Z"), "in_reply_to_id": 9201}
    approved = Path("plans/thach-an/duc-long/2026/buoc-04-du-thao.yaml")
    late = line_comment(9204, 704, tung, approved, line_of(pull_request, approved, "- ma: HD02"), commit,
                        "Kè Pác Pàn cần thêm 10 m.", "2026-10-24T04:00:00Z")
    shown = imported(sedp, pull_request, "luong.json", [first, reply, agreed, late], "--write")
    assert shown[0] == "Ý kiến mới (1):"
    assert shown[2].startswith("    YK01 ngày 24/10/2026 · Phòng Tài chính – Kế hoạch huyện Thạch An (pkh-thachan) · "
                               "mục HD02")
    assert ("Không ghi 2 trả lời trong luồng của một ý kiến (ý kiến ghi là ý kiến mở luồng; xã trả lời trong "
            "tra_loi).") in shown
    assert (f"luong.json: cảnh báo: Không ghi ý kiến https://github.com/{REPO}/pull/{PR}#discussion_r9204 vào "
            "plans/thach-an/duc-long/2026: kế hoạch đã được HĐND thông qua (trạng thái 'Công khai'); bước 7 đã "
            "khép lại — Ý kiến về một điều chỉnh kế hoạch đã thông qua ở lại trên yêu cầu thay đổi; điều chỉnh "
            "được ghi trong dieu_chinh của buoc-09-hdnd-thong-qua.yaml (ngày, số quyết định, lý do, "
            "pham_vi).") in shown, shown
    assert [e["noi_dung"] for e in entries(pull_request)] == ["Ghi rõ số hộ được hỗ trợ giống."]
    assert "Kè Pác Pàn" not in (pull_request / "plans/thach-an/duc-long/2026/buoc-07-y-kien-huyen.yaml").read_text(
        encoding="utf-8")
