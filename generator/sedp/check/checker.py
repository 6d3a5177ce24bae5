"""The checker of one commune: load -> per-file rules -> cross-file rules.

A commune and its years are checked together, since their files refer to each
other; places (province.yaml, district.yaml) and the uniqueness of commune
codes across the province are checked here too. publish.pipeline runs it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from sedp.check.carried import check_carried
from sedp.check.crossfile import CrossChecker
from sedp.check.files import FileChecker
from sedp.check.lastyear import check_last_year
from sedp.check.records import check_records
from sedp.check.story import check_against_draft, check_story
from sedp.core.messages import Wording, closest
from sedp.core.problems import Problem, Report
from sedp.core.text import slug
from sedp.source.handbook import PLAN_FILE, Handbook, load_handbook
from sedp.source.loader import Document, is_inside, load_file
from sedp.source.repository import yaml_files


class Checker:
    """Everything needed to check files, built once per process."""

    def __init__(self, project: Path, handbook: Handbook | None = None):
        self.project = project
        self.project_str = os.path.abspath(project)
        self.cwd = os.getcwd()
        self.handbook = handbook or load_handbook(project / "schema")
        self.wording = Wording(self.handbook)
        self.files = FileChecker(self.handbook)
        self.cross = CrossChecker(self.handbook, self.wording)

    def display(self, path: Path) -> str:
        """Path as the user can open it: from the current folder when inside it,
        otherwise from the project root."""
        absolute = os.path.abspath(path)
        for base in (self.cwd, self.project_str):
            if absolute.startswith(base + os.sep):
                return absolute[len(base) + 1:]
        return absolute

    def load(self, path: Path, rules_name: str) -> Document:
        doc = load_file(path, self.display(path), self.wording)
        if not doc.problems:
            doc.problems.extend(self.files.check(doc, rules_name))
            doc.problems.extend(self.cross.check_file(doc.for_rules(), rules_name))
        return doc

    def check_commune(self, commune_path: Path, years: list[Path]) -> "CommuneResult":
        problems: list[Problem] = []
        files = 1
        loaded: dict = {}
        checked: dict = {}  # year -> its documents, for the rules across years
        commune_doc = self.load(commune_path / "commune.yaml", "commune.yaml")
        commune_for_rules = commune_doc.for_rules()
        problems.extend(commune_doc.problems)
        problems.extend(self._folder_name(commune_doc, commune_path))
        for year in years:
            docs, year_problems = self._load_year(year)
            problems.extend(year_problems)
            files += len(docs)
            loaded[year.name] = {name: doc.data for name, doc in docs.items()}
            unreadable = any(d.data is None and d.problems for d in (commune_doc, *docs.values()))
            if unreadable or not set(self.handbook.plan_files) <= set(docs):
                # A missing or unreadable file would make every reference to its
                # identifiers look broken; its own error says enough.
                continue
            docs = {name: doc.for_rules() for name, doc in docs.items()}  # what already failed is not reported again
            checked[year.name] = docs
            plan_doc = docs.get(PLAN_FILE)
            problems.extend(self.cross.check_references({"commune.yaml": commune_for_rules, **docs}))
            if plan_doc is not None:
                problems.extend(self.cross.check_year(plan_doc, year.name, docs))
                plan = plan_doc.data if isinstance(plan_doc.data, dict) else {}  # a list is reported already
                problems.extend(self.cross.check_needs(docs, plan.get("nam_ke_hoach")))
                problems.extend(check_records(self.handbook, self.cross, docs))
                problems.extend(check_story(self.handbook, self.cross, commune_for_rules, docs, plan.get("nam_ke_hoach")))
                problems.extend(check_against_draft(self.handbook, self.cross, self.project,
                                                    (commune_path.parent.name, commune_path.name, year.name), docs))
        for year, docs in checked.items():
            previous = checked.get(str(int(year) - 1)) if year.isdigit() else None
            problems.extend(check_last_year(self.handbook, self.cross, docs, previous))
        on_disk = {p.name for p in commune_path.iterdir() if p.is_dir()}
        problems.extend(check_carried(self.handbook, self.cross, checked, on_disk))
        return CommuneResult(problems, files, commune_path, commune_doc.data, loaded, _code_of(commune_doc))

    def _folder_name(self, commune_doc: Document, folder: Path) -> list[Problem]:
        """A folder named unlike its commune still works, but misleads the next person."""
        name = commune_doc.data.get("ten") if isinstance(commune_doc.data, dict) else None
        if not isinstance(name, str) or slug(name) == folder.name:
            return []
        return [self.wording.problem(
            file=commune_doc.display, line=commune_doc.line_of(("ten",)), path=("ten",),
            code="ten-thu-muc", severity="canh-bao", gia_tri=folder.name,
            rang_buoc=f"xã '{name}'", goi_y=slug(name))]

    def _load_year(self, year: Path):
        problems: list[Problem] = []
        expected = self.handbook.year_files
        present = {p.name: p for p in yaml_files(year)}
        docs = {}
        for name in expected:
            path = present.get(name)
            if path is None and name == self.handbook.records_file:
                continue  # no implementation record yet
            if path is None:
                problems.append(self.wording.problem(
                    file=self.display(year / name), line=None, path=(), code="thieu-tep",
                    gia_tri=name))
                continue
            if path.is_symlink() and not is_inside(path, self.project / "plans"):
                problems.append(self._outside(path))
                continue
            doc = self.load(path, name)
            problems.extend(doc.problems)
            docs[name] = doc
        for name, path in present.items():
            if name not in expected:
                guess = closest(name, expected)
                hint = f"Có phải là '{guess}'?" if guess else "Các tệp của một năm: " + ", ".join(expected) + "."
                problems.append(self.wording.problem(
                    file=self.display(path), line=None, path=(), code="tep-la", gia_tri=name, goi_y=hint))
        return docs, problems

    def _outside(self, path: Path) -> Problem:
        return self.wording.problem(file=self.display(path), line=None, path=(), code="lien-ket-ngoai")

    def check_places(self, layout, report: Report) -> tuple[dict, dict]:
        """Layout problems, province.yaml and every district.yaml into report;
        returns the province's data and each district's (by folder name)."""
        for code, path, values in layout.issues:
            report.add(self.wording.problem(file=self.display(path), line=None, path=(),
                                            code=code, gia_tri=path.name, **values))
        places = [(layout.plans / "province.yaml", "province.yaml")]
        places += [(district / "district.yaml", "district.yaml") for district in layout.districts]
        data = {}
        for path, rules_name in places:
            if not path.exists():
                continue
            report.files += 1
            if path.is_symlink() and not is_inside(path, self.project / "plans"):
                report.add(self._outside(path))
                continue
            doc = self.load(path, rules_name)
            report.extend(doc.problems)
            data[path.parent] = doc.data if isinstance(doc.data, dict) else {}
        province = data.pop(layout.plans, {})
        return province, {folder.name: values for folder, values in data.items()}


@dataclass
class CommuneResult:
    """One commune checked: its problems and, for the renderers, its data."""

    problems: list[Problem]
    files: int
    path: Path
    commune: object  # commune.yaml data
    years: dict  # year folder name -> file name -> data
    code: tuple | None = None  # (code, file shown, line): codes are unique across the province


def _code_of(doc: Document) -> tuple | None:
    code = doc.data.get("ma") if isinstance(doc.data, dict) else None
    return (str(code), doc.display, doc.line_of(("ma",))) if code is not None else None


def duplicate_codes(wording: Wording, codes) -> list[Problem]:
    """An error at every commune whose code an earlier commune (in folder order) uses."""
    first: dict = {}
    problems = []
    for code, file, line in sorted(c for c in codes if c):
        if code in first:
            problems.append(wording.problem(file=file, line=line, path=("ma",), code="trung-ma-xa",
                                            gia_tri=code, rang_buoc=f"{first[code][0]}:{first[code][1]}"))
        else:
            first[code] = (file, line)
    return problems
