"""The redline: the plan as sent to the district (step 6) against the plan now, as Word
tracked changes; and an answer "taken in" checked against it (lien-buoc.yaml
tiep-thu-khong-doi). Git histories are built in tmp_path; the done-when test reads the
example's own history (Đức Long 2026 and 2027) back through LibreOffice."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree

from conftest import FIXTURES, ROOT, YEAR, git, init_repo, make_project, replace_in
from sedp.core.names import REDLINE, commune_document
from sedp.publish.pipeline import run
from sedp.render.docx.writer import DocxWriter
from sedp.source.drafts import sent_draft
from sedp.source.handbook import load_handbook

PENDING = FIXTURES / "invalid" / "comment-pending-before-council"
COMMENTS = YEAR / "buoc-07-y-kien-huyen.yaml"
DRAFT = YEAR / "buoc-04-du-thao.yaml"
PLAN = YEAR / "ke-hoach.yaml"
OFFICE = "Phòng Tài chính – Kế hoạch"
COMMUNE = "UBND xã Đức Long"
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def sent(tmp_path: Path) -> Path:
    """A plan sent to the district, committed (the draft), then answered: YK01 (the finance
    office, on HD01) taken in, YK02 still pending, the status 'Đã chỉnh sửa'."""
    project = make_project(tmp_path / "p", overlay=PENDING)
    answered = (project / COMMENTS).read_text(encoding="utf-8")
    (project / COMMENTS).write_text("y_kien: []\n", encoding="utf-8")
    replace_in(project / PLAN, '"da_thong_qua"', '"da_gui_huyen"')
    init_repo(project)
    (project / COMMENTS).write_text(answered, encoding="utf-8")
    replace_in(project / PLAN, '"da_gui_huyen"', '"da_chinh_sua"')
    return project


def draft_commit(project: Path) -> str:
    return git(project, "rev-list", "--max-parents=0", "HEAD").strip()[:12]


def test_an_answer_taken_in_whose_item_is_as_in_the_draft_sent_is_refused(tmp_path, sedp):
    project = sent(tmp_path)
    code, output = sedp(project, "validate", "plans")
    assert code == 1
    assert output.splitlines() == [
        f"{COMMENTS}:12: y_kien[1].tra_loi.cach_xu_ly: Ý kiến YK01 trả lời 'tiep_thu' nhưng HD01 vẫn như bản dự "
        f"thảo gửi huyện (commit {draft_commit(project)}) — Sửa HD01 theo ý kiến; nếu giữ nguyên thì trả lời "
        "giải trình (cach_xu_ly: giai_trinh) và nói vì sao.",
        "Đã kiểm tra 1 xã, 1 năm kế hoạch, 14 tệp: 1 lỗi."]
    # the district budget of HD01 reduced as asked: in the work tree, then committed
    replace_in(project / DRAFT, "ngan_sach_huyen: 850", "ngan_sach_huyen: 800")
    replace_in(project / DRAFT, "tong_kinh_phi: 970.5", "tong_kinh_phi: 920.5")
    assert sedp(project, "validate", "plans") == (0, "Đã kiểm tra 1 xã, 1 năm kế hoạch, 14 tệp: 0 lỗi.\n")
    git(project, "commit", "-qam", "Tiếp thu YK01")
    assert sedp(project, "validate", "plans") == (0, "Đã kiểm tra 1 xã, 1 năm kế hoạch, 14 tệp: 0 lỗi.\n")


def test_without_git_or_before_the_plan_was_sent_nothing_is_said(tmp_path, sedp):
    project = sent(tmp_path)
    shutil.rmtree(project / ".git")  # the same answer, no history: no draft to compare with
    assert sedp(project, "validate", "plans") == (0, "Đã kiểm tra 1 xã, 1 năm kế hoạch, 14 tệp: 0 lỗi.\n")
    # a history that never held the plan as sent: no draft either
    replace_in(project / PLAN, '"da_chinh_sua"', '"du_thao"')
    init_repo(project)
    replace_in(project / PLAN, '"du_thao"', '"da_chinh_sua"')
    assert sedp(project, "validate", "plans") == (0, "Đã kiểm tra 1 xã, 1 năm kế hoạch, 14 tệp: 0 lỗi.\n")
    code, output = sedp(project, "redline", str(YEAR))
    assert code == 1
    assert output == (f"Lỗi: {YEAR.as_posix()} chưa có bản dự thảo gửi huyện trong lịch sử git: chưa commit nào của "
                      "thư mục này ghi trạng thái 'Đã gửi huyện' hoặc sau đó, nên chưa có bản so sánh — Bản so sánh "
                      "có từ khi kế hoạch ở trạng thái đã gửi huyện được commit (bước 6); ngoài git (thư mục không "
                      "phải kho git) thì không có.\n")


def revisions(docx: Path) -> list[tuple[str, str, str, str]]:
    """(kind, author, date, text) of every w:ins and w:del, in order, from the DOCX itself."""
    root = etree.fromstring(zipfile.ZipFile(docx).read("word/document.xml"))
    found = []
    for element in root.iter(f"{W}ins", f"{W}del"):
        text = "".join(t.text or "" for t in element.iter(f"{W}t", f"{W}delText"))
        found.append((element.tag[len(W):], element.get(f"{W}author"), element.get(f"{W}date"), text))
    return found


def test_the_redline_names_the_office_whose_comment_a_change_answers_and_marks_whole_rows(tmp_path, sedp):
    project = sent(tmp_path)
    replace_in(project / DRAFT, "ngan_sach_huyen: 850", "ngan_sach_huyen: 800")
    replace_in(project / DRAFT, "tong_kinh_phi: 970.5", "tong_kinh_phi: 920.5")
    git(project, "commit", "-qam", "Tiếp thu YK01")
    answered = git(project, "log", "-1", "--format=%cI").strip()
    with (project / DRAFT).open("a", encoding="utf-8") as steps:  # an activity the commune adds itself
        steps.write("  - ma: HD02\n    ten: Lắp đèn đường thôn Nà Lẹng\n    linh_vuc: giao_thong\n"
                    "    nhu_cau: [NC01]\n    thon: [Nà Lẹng]\n    khi_hau: khong\n"
                    "    kinh_phi:\n      dan_dong_gop: 40\n    tong_kinh_phi: 40\n")
    git(project, "commit", "-qam", "Thêm HD02")
    code, output = sedp(project, "redline", str(YEAR), "--out", str(tmp_path / "out"))
    assert code == 0, output
    name = commune_document(REDLINE, "duc-long", "2027")
    assert output == f"Đã ghi {tmp_path / 'out' / name}.\n"
    found = revisions(tmp_path / "out" / name)
    utc = re.sub(r"\+00:00$", "Z", answered)
    assert ("del", OFFICE, utc, "850") in found and ("ins", OFFICE, utc, "800") in found
    assert ("del", OFFICE, utc, "970,5") in found and ("ins", OFFICE, utc, "920,5") in found
    assert any(kind == "ins" and author == COMMUNE and "Lắp đèn đường thôn Nà Lẹng" in text
               for kind, author, _, text in found)
    root = etree.fromstring(zipfile.ZipFile(tmp_path / "out" / name).read("word/document.xml"))
    added = [row for row in root.iter(f"{W}tr") if "Lắp đèn đường" in "".join(row.itertext())]
    assert added and all(row.find(f"{W}trPr/{W}ins").get(f"{W}author") == COMMUNE for row in added)
    ids = [e.get(f"{W}id") for e in root.iter(f"{W}ins", f"{W}del")]
    assert len(ids) == len(set(ids))  # one id each: a deletion and its insertion no longer share one
    assert not [b for b in root.iter(f"{W}bookmarkStart") if b.get(f"{W}name", "").startswith("sedp-")]


# -- done when: every field `sedp diff <draft> HEAD` reports that the plan prints is a tracked change --
TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
OFFICE_NS = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
DC = "{http://purl.org/dc/elements/1.1/}"
def office_changes(odt: Path) -> list[tuple[str, str, str]]:
    """(kind, author, text) of every tracked change LibreOffice read from the DOCX."""
    root = etree.fromstring(zipfile.ZipFile(odt).read("content.xml"))
    changes, inserted = {}, Counter()
    for region in root.iter(f"{TEXT}changed-region"):
        key = region.get(f"{TEXT}id") or region.get("{http://www.w3.org/XML/1998/namespace}id")
        for kind in ("insertion", "deletion"):
            change = region.find(f"{TEXT}{kind}")
            if change is not None:
                author = change.find(f"{OFFICE_NS}change-info/{DC}creator").text
                said = "".join(t for child in change if child.tag != f"{OFFICE_NS}change-info"
                               for t in child.itertext())
                changes[key] = [kind, author, said]
        region.getparent().remove(region)
    texts: dict = {key: [] for key in changes}
    open_ids: set = set()
    for event, element in etree.iterwalk(root.find(f"{OFFICE_NS}body"), events=("start", "end")):
        if event == "start":
            if element.tag == f"{TEXT}change-start":
                open_ids.add(element.get(f"{TEXT}change-id"))
            elif element.tag == f"{TEXT}change-end":
                open_ids.discard(element.get(f"{TEXT}change-id"))
            elif element.tag == f"{TEXT}s":
                for key in open_ids:
                    texts[key].append(" ")
            elif element.text:
                for key in open_ids:
                    texts[key].append(element.text)
        elif element.tail:
            for key in open_ids:
                texts[key].append(element.tail)
        if event == "end" and element.tag in (f"{TEXT}p", f"{TEXT}h"):
            for key in open_ids:
                texts[key].append("\n")
    for key, parts in texts.items():
        if changes[key][0] == "insertion":
            changes[key][2] = "".join(parts)
        inserted[changes[key][0]] += 1
    return [tuple(change) for change in changes.values()]


def diff_fields(draft: str, year: str) -> list[tuple[str, str, str, str, str]]:
    """(file, path, item code, before, after) of every change `sedp diff <draft> --json` reports
    for the year, as a reviewer runs it (the CLI: the done-when's own words)."""
    shown = subprocess.run([sys.executable, "-m", "sedp", "diff", draft, "--json"], cwd=ROOT, capture_output=True,
                           text=True, check=True, env={**os.environ, "PYTHONPATH": str(ROOT / "generator")}).stdout
    found = []
    steps = "buoc-04-du-thao.yaml"
    for diff in json.loads(shown):
        if (diff["district"], diff["commune"], diff["year"]) != ("thach-an", "duc-long", year):
            continue
        for item in diff["changed"]:
            found += [(steps, f["key"], item["ma"], f["before_text"], f["after_text"]) for f in item["fields"]]
        found += [(steps, "kinh_phi", "", thousands(b["before"]), thousands(b["after"])) for b in diff["budget"]]
        for change in diff["fields"]:
            code = re.search(r"\[([A-Z]{2}\d+)\]", change["path"])
            found.append((change["file"], change["path"], code.group(1) if code else "", change["before_text"],
                          change["after_text"]))
        found += [("buoc-02-nhu-cau.yaml", "trang_thai", n["ma"], n["before"], n["after"]) for n in diff["needs_status"]]
        found += [(steps, "", a["ma"], "", a["ten"]) for a in diff["added"]]
        found += [(steps, "", a["ma"], a["ten"], "") for a in diff["removed"]]
        if diff["status"]:
            found.append(("ke-hoach.yaml", "trang_thai", "", diff["status"]["before"], diff["status"]["after"]))
    return found


def thousands(amount) -> str:
    """1735 as the Biểu print it: '1.735' (990.5: '990,5')."""
    whole, _, part = str(amount).partition(".")
    return f"{int(whole):,}".replace(",", ".") + (f",{part}" if part.strip("0") else "")


def words(text: str) -> set[str]:
    return {w.strip(".,;:()") for w in text.replace("\n", " ").split()} - {"", "(trống)", "–"}


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice missing (apt-get install libreoffice-writer-nogui)")
@pytest.mark.parametrize("year", ["2026", "2027"])
def test_every_change_since_the_draft_sent_is_tracked_with_its_author(tmp_path, year):
    """Every change `sedp diff <draft>` names is a tracked change by its author: in the plan where the
    Kế hoạch prints it, and in the list of changes after it (which also holds what the Kế hoạch does
    not print: step 2's meetings, step 5 and 7's comments, the Council's resolution, chuyen_tu…)."""
    if subprocess.run(["git", "rev-parse", "--is-shallow-repository"], cwd=ROOT, capture_output=True,
                      text=True).stdout.strip() != "false":
        pytest.skip("the example's history is needed (a shallow clone? `git fetch --unshallow`)")
    handbook = load_handbook(ROOT / "schema")
    draft = sent_draft(ROOT, handbook, "thach-an", "duc-long", year)
    assert draft is not None
    name = commune_document(REDLINE, "duc-long", year)
    outcome = run(ROOT, [ROOT / "plans/thach-an/duc-long"], render=True, jobs=1)
    packed = next(doc for record in outcome.communes for path, doc in record.documents if path.endswith(name))
    DocxWriter(tmp_path / "cache", 1).write(packed, tmp_path / name)
    subprocess.run([SOFFICE, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "odt",
                    "--outdir", str(tmp_path), str(tmp_path / name)], check=True, capture_output=True, timeout=300)
    changes = office_changes(tmp_path / name.replace(".docx", ".odt"))
    offices = {"HD03": OFFICE} if year == "2027" else {}  # YK01 of 2027, taken in (2026's was in its draft)
    missing = []
    fields = diff_fields(draft.commit, year)
    assert len(fields) > 10  # the example's history holds real changes since each draft
    for file, path, code, before, after in fields:
        author = offices.get(code, COMMUNE)
        gone, new = words(before) - words(after), words(after) - words(before)
        if not any(who == author and ((kind == "insertion" and new & words(text))
                                      or (kind == "deletion" and gone & words(text)))
                   for kind, who, text in changes):
            missing.append((file, path, code, before[:40], after[:40], author))
    assert missing == [], "\n".join(map(str, missing))
    assert {who for _, who, _ in changes} == {COMMUNE, *offices.values()}
    # the draft's "(Chưa viết: …)" in place of the assessment is removed whole, paragraph mark and all,
    # and the assessment written since is added whole
    root = etree.fromstring(zipfile.ZipFile(tmp_path / name).read("word/document.xml"))
    paragraphs = [("".join(p.itertext()), p.find(f"{W}pPr/{W}rPr/{W}del") is not None,
                   p.find(f"{W}pPr/{W}rPr/{W}ins") is not None) for p in root.iter(f"{W}p")]
    assert [removed for text, removed, _ in paragraphs
            if "Chưa viết: điền trường thuyet_minh.danh_gia_chung" in text] == [True]
    assert any(added for _, _, added in paragraphs)


def test_the_pull_request_comment_names_the_redline_and_comments_report_the_preview_has(tmp_path, sedp):
    project = sent(tmp_path)
    replace_in(project / DRAFT, "ngan_sach_huyen: 850", "ngan_sach_huyen: 800")
    replace_in(project / DRAFT, "tong_kinh_phi: 970.5", "tong_kinh_phi: 920.5")
    git(project, "commit", "-qam", "Tiếp thu YK01")
    url = "https://github.com/tinh/ke-hoach/actions/runs/1/artifacts/2"
    code, output = sedp(project, "diff", draft_commit(project), "HEAD", "--van-ban", url)
    assert code == 0 and "Văn bản để đọc" not in output  # no site built: nothing to name
    folder = project / "site/thach-an/duc-long/2027"
    folder.mkdir(parents=True)
    (folder / "ke-hoach-so-voi-du-thao-duc-long-2027.docx").write_bytes(b"")
    (folder / "bao-cao-y-kien-duc-long-2027.docx").write_bytes(b"")
    code, output = sedp(project, "diff", draft_commit(project), "HEAD", "--van-ban", url)
    assert code == 0
    assert (f"- **Văn bản để đọc** (trong [trang xem trước]({url}): tải về, giải nén rồi mở): bản so sánh với dự "
            "thảo gửi huyện (thay đổi đánh dấu trong Word): `thach-an/duc-long/2027/ke-hoach-so-voi-du-thao-duc-long"
            "-2027.docx`; báo cáo tổng hợp, tiếp thu, giải trình ý kiến: `thach-an/duc-long/2027/bao-cao-y-kien-duc-"
            "long-2027.docx`\n") in output


def test_the_plan_year_page_links_its_redline_only_when_there_is_one(tmp_path):
    project = sent(tmp_path)
    replace_in(project / DRAFT, "ngan_sach_huyen: 850", "ngan_sach_huyen: 800")
    replace_in(project / DRAFT, "tong_kinh_phi: 970.5", "tong_kinh_phi: 920.5")
    link = "[Kế hoạch so với dự thảo gửi huyện (thay đổi đánh dấu)](ke-hoach-so-voi-du-thao-duc-long-2027.docx)"

    def page_and_documents() -> tuple[str, list[str]]:
        outcome = run(project, render=True, jobs=1)
        record = outcome.communes[0]
        return record.pages["thach-an/duc-long/2027/index.md"], [path for path, _ in record.documents]

    page, documents = page_and_documents()
    assert link in page and "thach-an/duc-long/2027/ke-hoach-so-voi-du-thao-duc-long-2027.docx" in documents
    shutil.rmtree(project / ".git")
    page, documents = page_and_documents()
    assert "so-voi-du-thao" not in page and not [path for path in documents if "so-voi-du-thao" in path]


def test_a_draft_in_history_that_todays_handbook_cannot_read_is_a_warning_not_a_crash(tmp_path, sedp):
    """The draft sent is read from git as it was then: it was never validated by this handbook,
    and nothing in it can be fixed now. Validation and the documents go on without a redline."""
    project = make_project(tmp_path / "p", overlay=PENDING)
    answered = (project / COMMENTS).read_text(encoding="utf-8")
    steps = (project / DRAFT).read_text(encoding="utf-8")
    (project / DRAFT).write_text(steps.replace("  - ma: HD01", "  - ma: [HD01]"), encoding="utf-8")  # a list as a code
    (project / COMMENTS).write_text(answered.replace("cach_xu_ly: tiep_thu", "cach_xu_ly: [tiep_thu]"),
                                    encoding="utf-8")  # and an outcome as a list
    replace_in(project / PLAN, '"da_thong_qua"', '"da_gui_huyen"')
    init_repo(project)
    (project / COMMENTS).write_text(answered, encoding="utf-8")
    (project / DRAFT).write_text(steps, encoding="utf-8")
    replace_in(project / PLAN, '"da_gui_huyen"', '"da_chinh_sua"')
    git(project, "commit", "-qam", "Lập hoạt động, tiếp thu ý kiến")
    code, output = sedp(project, "validate", "plans")
    assert "Traceback" not in output
    outcome = run(project, render=True, jobs=1)
    record = outcome.communes[0]
    assert [p.message for p in record.problems if p.code == "ban-gui-khong-doc-duoc"] == [
        f"Bản dự thảo gửi huyện (commit {draft_commit(project)}) không đọc được theo sổ tay hiện nay, nên năm kế "
        "hoạch này chưa có bản so sánh thay đổi (các văn bản khác vẫn được tạo)"]
    documents = [path for path, _ in record.documents]
    assert "thach-an/duc-long/2027/ke-hoach-duc-long-2027.docx" in documents
    assert not [path for path in documents if "so-voi-du-thao" in path]
    # the review trail cannot summarise the commit after it either: it says so on its row
    assert ('<td class="rong" data-label="Tóm tắt">không tóm tắt được&#58; tệp ở lần sửa này hoặc lần trước sai '
            "cấu trúc</td>" in record.pages["thach-an/duc-long/2027/index.md"])


def marked_text(node) -> str:
    """A redline's words as a reader of its tracked changes sees them: [-deleted] and [+inserted]."""
    if isinstance(node, list):
        return "".join(marked_text(child) for child in node)
    if not isinstance(node, dict):
        return ""
    if node.get("t") == "Span" and node["c"][0][1] in (["deletion"], ["insertion"]):
        return ("[-" if node["c"][0][1] == ["deletion"] else "[+") + marked_text(node["c"][1]) + "]"
    if node.get("t") == "Str":
        return node["c"]
    if node.get("t") in ("Space", "SoftBreak"):
        return " "
    if node.get("t") == "BulletList":
        return "\n".join(marked_text(item) for item in node["c"])
    return marked_text(node.get("c"))


def test_a_source_removed_and_another_added_are_whole_items_and_a_rewritten_text_is_replaced_whole():
    from sedp.render.docx import ast
    from sedp.render.docx.redline import Redline, redline

    def bullets(*lines: str) -> dict:
        return ast.bullets([ast.text(line) for line in lines])

    def who(_text: str) -> tuple[str, str]:
        return COMMUNE, "2026-11-12T00:00:00Z"

    same = ("Ngân sách tỉnh: 1.485 triệu đồng", "Dân đóng góp: 650 triệu đồng")
    old = [bullets("Ngân sách xã: 990,5 triệu đồng", "Ngân sách huyện: 745 triệu đồng", *same),
           ast.para(ast.text("Chương trình mục tiêu quốc gia 760 triệu đồng")),
           ast.para(ast.text("- Ngân sách xã: 990,5 triệu đồng (11,05%).")),
           ast.para(ast.text("- Ngân sách huyện: 1.735 triệu đồng (19,36%)."))]
    new = [bullets("Ngân sách huyện: 1.040 triệu đồng", "Doanh nghiệp: 680 triệu đồng", *same),
           ast.para(ast.text("Chương trình, dự án 270 triệu đồng")),
           ast.para(ast.text("- Ngân sách huyện: 1.040 triệu đồng (16,97%)."))]
    assert [marked_text(block) for block in redline(old, new, who)] == [
        "[-Ngân sách xã: 990,5 triệu đồng]\nNgân sách huyện: [-745][+1.040] triệu đồng\n[+Doanh nghiệp: 680 triệu đồng]"
        "\nNgân sách tỉnh: 1.485 triệu đồng\nDân đóng góp: 650 triệu đồng",
        "[-Chương trình mục tiêu quốc gia 760 triệu đồng]",
        "[-- Ngân sách xã: 990,5 triệu đồng (11,05%).]",  # the plan's list of sources, one paragraph each
        "[+Chương trình, dự án 270 triệu đồng]",
        "- Ngân sách huyện: [-1.735][+1.040] triệu đồng [-(19,36%).][+(16,97%).]"]
    # a table cell is always paired with its cell: a text mostly rewritten is replaced whole, and changes
    # only a space apart are one change, not words interleaved ("NgânDoanh sáchnghiệp")
    line = Redline(who).inlines
    assert marked_text(line(ast.text("Ngân sách xã 340,5"), ast.text("Doanh nghiệp 680"), who("")) ) == (
        "[-Ngân sách xã 340,5][+Doanh nghiệp 680]")
    assert marked_text(line(ast.text("Tổng kinh phí năm 2027 là 8.960,5 triệu đồng từ 7 nguồn vốn"),
                            ast.text("Tổng kinh phí năm 2027 là 6.130 triệu đồng từ 6 nguồn vốn"), who(""))) == (
        "Tổng kinh phí năm 2027 là [-8.960,5][+6.130] triệu đồng từ [-7][+6] nguồn vốn")


def test_a_target_changed_as_an_office_asked_is_that_offices_change_though_its_biểu_prints_no_code(tmp_path, sedp):
    """Biểu 5 names a target by its name, not its code: the change is still the office's."""
    project = sent(tmp_path)
    replace_in(project / DRAFT, "ngan_sach_huyen: 850", "ngan_sach_huyen: 800")
    replace_in(project / DRAFT, "tong_kinh_phi: 970.5", "tong_kinh_phi: 920.5")
    replace_in(project / COMMENTS, "    noi_dung: Bổ sung chỉ tiêu tỷ lệ hộ dùng nước sạch\n    tra_loi:\n"
               "      cach_xu_ly: chua_xu_ly",
               "    noi_dung: Nâng kế hoạch sản lượng lương thực\n    muc: CT01\n    tra_loi:\n"
               "      cach_xu_ly: tiep_thu")
    replace_in(project / DRAFT, "ke_hoach: 2150.5", "ke_hoach: 2200")
    git(project, "commit", "-qam", "Tiếp thu YK01, YK02")
    code, output = sedp(project, "redline", str(YEAR), "--out", str(tmp_path / "out"))
    assert code == 0, output
    found = revisions(tmp_path / "out" / commune_document(REDLINE, "duc-long", "2027"))
    assert {who for kind, who, _, text in found if kind == "ins" and "2.200" in text} == {
        "Phòng Nông nghiệp và Môi trường"}
