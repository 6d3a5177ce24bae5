"""What every document must say of last year's results, worked out here from the
YAML with plain Decimal arithmetic (never by sedp's model): each target of last
year's plan with its latest recorded result where last year's record exists,
otherwise the rows typed in step 3's assessment (an estimate)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from htmltables import vn
from sedp.source.loader import load_file


@dataclass
class Target:
    name: str
    unit: str
    planned: Decimal | None
    achieved: Decimal | None
    lower_is_better: bool

    @property
    def verdict(self) -> str | None:
        if self.planned is None or self.achieved is None:
            return None
        if self.achieved == self.planned:
            return "đạt kế hoạch"
        better = self.achieved < self.planned if self.lower_is_better else self.achieved > self.planned
        return "vượt kế hoạch" if better else "chưa đạt kế hoạch"


def _data(folder: Path, name: str) -> dict:
    path = folder / name
    return (load_file(path).data or {}) if path.is_file() else {}


def _decimal(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def recorded_targets(year_folder: Path) -> list[Target]:
    """The targets of this plan year with the latest results of its own record."""
    record = _data(year_folder, "thuc-hien.yaml")
    latest = {item["ma"]: item["ket_qua"][-1]["gia_tri"] for item in record.get("chi_tieu") or [] if item.get("ket_qua")}
    return [Target(t["ten"], t.get("don_vi") or "", _decimal(t.get("ke_hoach")), _decimal(latest.get(t["ma"])),
                   t.get("chieu") == "giam")
            for t in _data(year_folder, "buoc-04-du-thao.yaml").get("chi_tieu") or []]


def expected(year_folder: Path) -> tuple[list[Target], bool]:
    """(targets, recorded) for the plan year in year_folder."""
    previous = year_folder.parent / str(int(year_folder.name) - 1)
    if (previous / "thuc-hien.yaml").is_file():
        return recorded_targets(previous), True
    rows = _data(year_folder, "buoc-03-xep-hang.yaml").get("danh_gia_nam_truoc") or []
    return [Target(r["chi_tieu"], r.get("don_vi") or "", _decimal(r.get("ke_hoach")), _decimal(r.get("thuc_hien")),
                   r.get("chieu") == "giam") for r in rows], False


def quantity(value: Decimal, unit: str) -> str:
    return f"{vn(value)}%" if unit == "%" else f"{vn(value)} {unit}".strip()


def sentence(target: Target, recorded: bool) -> str:
    """Part I's sentence for one target, as a reader expects it."""
    done = "thực hiện" if recorded else "ước thực hiện"
    planned, achieved, unit = target.planned, target.achieved, target.unit
    if achieved is None:
        return f"{target.name}: kế hoạch {quantity(planned, unit)}, chưa có số liệu thực hiện."
    share = (achieved * 100 / planned).quantize(Decimal("0.01"), ROUND_HALF_UP)
    detail = [f"bằng {f'{share:.2f}'.replace('.', ',')}% kế hoạch"]  # shares keep two decimals
    gap = achieved - planned
    verdict = target.verdict
    if unit == "%":
        if gap:
            detail.append(f"{'cao' if gap > 0 else 'thấp'} hơn kế hoạch {vn(abs(gap))} điểm phần trăm")
    elif verdict == "vượt kế hoạch":
        verdict += f" {quantity(abs(gap), unit)}"
    elif verdict == "chưa đạt kế hoạch":
        verdict += f", còn thiếu {quantity(abs(gap), unit)}"
    return (f"{target.name}: kế hoạch {quantity(planned, unit)}, {done} {quantity(achieved, unit)} "
            f"({', '.join(detail)}): {verdict}.")


def counts(targets: list[Target]) -> dict:
    found = {"vượt kế hoạch": 0, "đạt kế hoạch": 0, "chưa đạt kế hoạch": 0, None: 0}
    for target in targets:
        found[target.verdict] += 1
    return found


def count_words(targets: list[Target]) -> str:
    """'vượt kế hoạch 3, đạt kế hoạch 0, chưa đạt kế hoạch 2': the count every document gives."""
    found = counts(targets)
    said = f"vượt kế hoạch {found['vượt kế hoạch']}, đạt kế hoạch {found['đạt kế hoạch']}, " \
           f"chưa đạt kế hoạch {found['chưa đạt kế hoạch']}"
    return said + (f", chưa có số liệu {found[None]}" if found[None] else "")
