"""Step 10's implementation record read against the plan it records.

One Record per plan year: each activity of the plan (Biểu 6) with its status,
physical progress, money planned and disbursed by source, dates and
community supervision; each target (Biểu 5) with its results by date and
whether its latest result meets the plan. An activity the record does not
mention yet is shown as not updated, never as "not started".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from sedp.core.data import is_number, items  # items: read here by the rollover too
from sedp.core.fmt import month_of, parse_date
from sedp.source.handbook import Handbook

NOT_UPDATED = "Chưa cập nhật"
# A target's latest result against its plan, in the order every document counts
# them (Part I, the Tờ trình, the Nghị quyết, roll-ups, the period report, the CSV).
VERDICT_LABELS = {"vuot": "vượt kế hoạch", "dat": "đạt kế hoạch", "chua_dat": "chưa đạt kế hoạch",
                  "chua_co": "chưa có số liệu"}


@dataclass
class ActivityProgress:
    code: str
    name: str
    sector: str | None  # a code of danh-muc/linh-vuc; None: the plan names none
    status: str | None  # a code of danh-muc/trang-thai-thuc-hien; None: not in the record
    finished: bool
    progress: Decimal | None  # physical progress, %
    planned: dict  # source -> triệu đồng
    disbursed: dict  # source -> triệu đồng
    needs: list = field(default_factory=list)
    start: str | None = None
    end: str | None = None
    body: str | None = None
    note: str | None = None
    supervision: list = field(default_factory=list)  # {ngay, phat_hien, kien_nghi, tra_loi, ngay_tra_loi}
    months: tuple = (None, None)  # the plan's months (thoi_gian: bat_dau, ket_thuc), as typed
    late: bool = False  # not finished nor stopped, and the plan's last month is over by the update

    @property
    def updated(self) -> bool:
        """The record says something of this activity (otherwise its money paid is unknown, not 0)."""
        return self.status is not None

    @property
    def planned_total(self) -> Decimal:
        return sum(self.planned.values(), Decimal(0))

    @property
    def disbursed_total(self) -> Decimal:
        return sum(self.disbursed.values(), Decimal(0))


@dataclass
class TargetResult:
    code: str
    name: str
    unit: str
    planned: Decimal | None
    lower_is_better: bool
    results: list  # (date text, value) in the record's order

    @property
    def latest(self) -> tuple | None:
        return self.results[-1] if self.results else None

    @property
    def achieved(self) -> Decimal | None:
        return self.results[-1][1] if self.results else None

    @property
    def verdict(self) -> str | None:
        """The latest result against the plan: "vuot" (better than planned), "dat"
        (equal) or "chua_dat"; None without a result or a plan. For a rate meant to
        fall (poverty), below the plan is better."""
        if self.achieved is None or self.planned is None:
            return None
        if self.achieved == self.planned:
            return "dat"
        better = self.achieved < self.planned if self.lower_is_better else self.achieved > self.planned
        return "vuot" if better else "chua_dat"

    @property
    def met(self) -> bool | None:
        """Met or exceeded; None: no result or no plan."""
        return None if self.verdict is None else self.verdict != "chua_dat"


def _money(group) -> dict:
    return {k: Decimal(v) for k, v in (group or {}).items() if is_number(v)} if isinstance(group, dict) else {}


class Record:
    """The record of one plan year; `present` is False when the year has none."""

    def __init__(self, handbook: Handbook, steps: dict):
        name = handbook.records_file
        found = steps.get(name) if name else None
        self.present = isinstance(found, dict)
        data = found if isinstance(found, dict) else {}
        self.updated = data.get("ngay_cap_nhat")
        statuses = handbook.vocab("trang-thai-thuc-hien").entries if "trang-thai-thuc-hien" in \
            handbook.vocabularies else {}
        self.activities = self._activities(handbook, steps, data, statuses)
        for activity in self.activities:
            activity.late = _late(activity, statuses, parse_date(self.updated))
        self.targets = self._targets(handbook, steps, data)
        self.needs_answered = sorted({code for a in self.activities if a.finished for code in a.needs})

    @staticmethod
    def _activities(handbook: Handbook, steps, data, statuses) -> list[ActivityProgress]:
        role = handbook.role("hoat-dong")
        if role is None:
            return []
        file, key = role
        recorded = {item.get("ma"): item for item in items(data, "hoat_dong")}
        rows = []
        for activity in items(steps.get(file), key):
            item = recorded.get(activity.get("ma"), {})
            status = item.get("trang_thai")
            progress = item.get("tien_do")
            rows.append(ActivityProgress(
                code=str(activity.get("ma") or ""), name=str(activity.get("ten") or ""),
                sector=activity.get("linh_vuc"), status=status,
                finished=bool((statuses.get(status) or {}).get("xong")),
                progress=Decimal(progress) if is_number(progress) else None,
                planned=_money(activity.get(handbook.money_field)), disbursed=_money(item.get("giai_ngan")),
                needs=[str(c) for c in activity.get("nhu_cau") or []],
                start=item.get("ngay_bat_dau"), end=item.get("ngay_hoan_thanh"),
                body=item.get("don_vi_thuc_hien") or activity.get("don_vi_thuc_hien"), note=item.get("ghi_chu"),
                supervision=items(item, "giam_sat"),
                months=tuple((activity.get("thoi_gian") or {}).get(k) if isinstance(activity.get("thoi_gian"), dict)
                             else None for k in ("bat_dau", "ket_thuc"))))
        return rows

    @staticmethod
    def _targets(handbook: Handbook, steps, data) -> list[TargetResult]:
        role = handbook.role("chi-tieu")
        if not role:
            return []
        recorded = {item.get("ma"): item for item in items(data, "chi_tieu")}
        rows = []
        for target in items(steps.get(role[0]), role[1]):
            results = [(r.get("ngay"), r.get("gia_tri")) for r in items(recorded.get(target.get("ma")), "ket_qua")
                       if is_number(r.get("gia_tri"))]
            planned = target.get("ke_hoach") if is_number(target.get("ke_hoach")) else None
            rows.append(TargetResult(code=str(target.get("ma") or ""), name=str(target.get("ten") or ""),
                                     unit=str(target.get("don_vi") or ""), planned=planned,
                                     lower_is_better=target.get("chieu") == "giam", results=results))
        return rows


def _late(activity: ActivityProgress, statuses: dict, updated) -> bool:
    """Behind the plan: still open on the update day although its last planned month is over."""
    end = month_of(activity.months[1])
    if activity.status is None or end is None or updated is None:
        return False
    entry = statuses.get(activity.status) or {}
    return not entry.get("xong") and not entry.get("dung") and (updated.year, updated.month) > end
