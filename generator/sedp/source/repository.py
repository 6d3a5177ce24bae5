"""Where things are: the project root, the plans/ tree of a province (plan_path
is the one reader of a path in it: a test finds no other), and the folders a
command may read or write.

plans/province.yaml
plans/<district>/district.yaml
plans/<district>/<commune>/commune.yaml
plans/<district>/<commune>/<year>/ke-hoach.yaml and one file per step
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sedp.core.errors import SedpError
from sedp.source.handbook import PLACE_FILES, Handbook, load_handbook
from sedp.source.loader import is_inside

PLANS = "plans"
YEAR_FOLDER = re.compile(r"[0-9]{4}\Z")
YAML_SUFFIXES = (".yaml", ".yml")
PLACES = tuple(name.removesuffix(".yaml") for name in PLACE_FILES)  # kinds of place, by depth under plans/


class ProjectNotFound(SedpError):
    pass


def open_project(root: str | None, paths: Sequence[str] = ()) -> tuple[Path, Handbook]:
    """The project a command works in (--root, else the one holding the first path given, else
    the one holding the current folder) and its handbook, read first: a broken one stops every command."""
    project = find_project(Path(root) if root else (Path(paths[0]) if paths else None))
    return project, load_handbook(project / "schema")


def find_project(start: Path | None = None) -> Path:
    """The nearest folder at or above start that has schema/quy-trinh.yaml."""
    here = Path(start or Path.cwd()).resolve()
    if here.is_file():
        here = here.parent
    for folder in (here, *here.parents):
        if (folder / "schema" / "quy-trinh.yaml").is_file():
            return folder
    raise ProjectNotFound(
        f"Không tìm thấy thư mục dự án (thư mục có schema/quy-trinh.yaml) từ {here}. "
        "Hãy chạy lệnh trong thư mục kho kế hoạch, hoặc dùng --root.")


@dataclass
class Commune:
    path: Path
    district: Path
    years: list[Path] = field(default_factory=list)


@dataclass
class Layout:
    project: Path
    plans: Path
    districts: list[Path] = field(default_factory=list)
    communes: list[Commune] = field(default_factory=list)
    issues: list[tuple] = field(default_factory=list)  # (code, path, details)


@dataclass(frozen=True)
class PlanPath:
    """What a repository-relative path is in the plans/ layout. district, commune and
    year are filled as far as the path goes into their folders."""

    kind: str  # "province", "district", "commune" (a place file), "step" (a file of a plan year), "other"
    district: str = ""
    commune: str = ""
    year: str = ""
    name: str = ""  # the file's name

    @property
    def place(self) -> str:
        """The folder of the innermost place the path is in: plans, plans/<district>, plans/<district>/<commune>."""
        return plan_folder(self.district, self.commune)

    @property
    def key(self) -> tuple[str, str, str]:
        return self.district, self.commune, self.year


def plan_path(path: str | os.PathLike) -> PlanPath:
    """The one reading of the plans/ layout (module docstring) from a path relative to the project."""
    parts = Path(path).as_posix().split("/")
    if len(parts) < 2 or parts[0] != PLANS or ".." in parts:  # a path that climbs out is in no plan
        return PlanPath("other", name=parts[-1])
    folders, name = parts[1:-1], parts[-1]
    district, commune = (folders + ["", ""])[:2]
    year = folders[2] if len(folders) > 2 and is_year_folder(folders[2]) else ""
    if len(folders) < len(PLACE_FILES) and name == PLACE_FILES[len(folders)]:
        kind = PLACES[len(folders)]
    elif year and len(folders) == 3:
        kind = "step"
    else:
        kind = "other"
    return PlanPath(kind, district, commune, year, name)


def plan_folder(district: str = "", commune: str = "", year: str = "") -> str:
    """plans, plans/<district>, plans/<district>/<commune> or plans/<district>/<commune>/<year>."""
    return "/".join(part for part in (PLANS, district, commune, year) if part)


def place_file(district: str = "", commune: str = "") -> str:
    """plans/province.yaml, a district's district.yaml or a commune's commune.yaml."""
    return f"{plan_folder(district, commune)}/{PLACE_FILES[bool(district) + bool(commune)]}"


def is_year_folder(name: str) -> bool:
    return bool(YEAR_FOLDER.match(name))


class WrongFolder(SedpError):
    code = "thu-muc"


def refuse_writing_into_sources(project: Path, folder: Path, what: str) -> None:
    """plans/ and schema/ are written only by the commands made for them."""
    for source in (PLANS, "schema"):
        if folder.resolve().is_relative_to(project.resolve() / source):
            raise WrongFolder(f"Không ghi {what} vào trong {source}/; hãy chọn thư mục khác.")


def output_folder(project: Path, out: str | None, default: Path, what: str) -> Path:
    """Where a command writes `what`: the folder given (out), else `default` under the project."""
    folder = Path(out) if out else project / default
    refuse_writing_into_sources(project, folder, what)
    return folder


def changed_years(project: Path, files) -> list[Path]:
    """`sedp validate --changed`: the plan-year folders holding the changed files, each checked
    with its commune; [] (all of plans/) when any file lies elsewhere: a commune's code, a
    district, the province or the handbook may touch every commune."""
    years = set()
    for file in map(Path, files):
        folder = file.absolute().parent.resolve()
        if not folder.is_relative_to(project) or plan_path(folder.relative_to(project) / file.name).kind != "step":
            return []
        years.add(folder)
    return sorted(years)


def discover(project: Path, selection: list[Path] | None = None) -> Layout:
    """Walk plans/ (directory listings only) and keep what the selection touches."""
    plans = project / PLANS
    layout = Layout(project=project, plans=plans)
    if not plans.is_dir():
        layout.issues.append(("thu-muc-la", plans, {"rang_buoc": "province.yaml"}))
        return layout
    chosen = [Path(os.path.abspath(p)) for p in (selection or [plans])]

    def wanted(path: Path) -> bool:
        return any(p == path or p in path.parents or path in p.parents for p in chosen)

    for district in _subfolders(plans, layout):
        if not wanted(district):
            continue
        if not (district / "district.yaml").is_file():
            layout.issues.append(("thu-muc-la", district, {"rang_buoc": "district.yaml"}))
            continue
        layout.districts.append(district)
        for commune_path in _subfolders(district, layout):
            if not wanted(commune_path):
                continue
            if not (commune_path / "commune.yaml").is_file():
                layout.issues.append(("thu-muc-la", commune_path, {"rang_buoc": "commune.yaml"}))
                continue
            commune = Commune(path=commune_path, district=district)
            for year in _subfolders(commune_path, layout):
                if not is_year_folder(year.name):
                    layout.issues.append(("thu-muc-la", year, {"rang_buoc": "tên là năm 4 chữ số"}))
                elif wanted(year):
                    commune.years.append(year)
            layout.communes.append(commune)
    return layout


def _subfolders(folder: Path, layout: Layout) -> list[Path]:
    found = []
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.name.startswith((".", "_")):
                continue
            path = Path(entry.path)
            if entry.is_symlink() and not is_inside(path, layout.plans):
                layout.issues.append(("lien-ket-ngoai", path, {}))
                continue
            if entry.is_dir():
                found.append(path)
    return sorted(found)


def yaml_files(folder: Path) -> list[Path]:
    with os.scandir(folder) as entries:
        return sorted(Path(e.path) for e in entries
                      if e.name.endswith(YAML_SUFFIXES) and not e.name.startswith("."))
