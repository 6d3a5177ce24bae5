"""Roll-ups: what a commune-year adds to its district and province.

A Summary is computed once per commune-year from its step files (as
schema/tong-hop.yaml says) and summaries add up, so every district and
province figure is by construction the sum of its communes' figures.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from sedp.core.data import is_number, walk


@dataclass
class Summary:
    communes: int = 0
    plan_years: int = 0
    statuses: Counter = field(default_factory=Counter)
    needs_by_sector: Counter = field(default_factory=Counter)
    activities_by_sector: Counter = field(default_factory=Counter)
    # sector -> source -> triệu đồng
    budget: dict = field(default_factory=lambda: defaultdict(lambda: defaultdict(Decimal)))
    climate_budget: Decimal = Decimal(0)
    value_chains: Counter = field(default_factory=Counter)
    hazards: Counter = field(default_factory=Counter)
    meetings: int = 0
    attendance: Counter = field(default_factory=Counter)  # group -> people, where a total was given

    def add(self, other: "Summary") -> "Summary":
        self.communes += other.communes
        self.plan_years += other.plan_years
        for name in ("statuses", "needs_by_sector", "activities_by_sector", "value_chains", "hazards", "attendance"):
            getattr(self, name).update(getattr(other, name))
        for sector, sources in other.budget.items():
            for source, amount in sources.items():
                self.budget[sector][source] += amount
        self.climate_budget += other.climate_budget
        self.meetings += other.meetings
        return self

    def budget_by_source(self) -> dict:
        totals: dict = defaultdict(Decimal)
        for sources in self.budget.values():
            for source, amount in sources.items():
                totals[source] += amount
        return totals

    def budget_total(self) -> Decimal:
        return sum(self.budget_by_source().values(), Decimal(0))

    def sector_total(self, sector) -> Decimal:
        return sum(self.budget.get(sector, {}).values(), Decimal(0))

    def to_plain(self) -> dict:
        """Plain dict for pickling between processes and for JSON."""
        return {
            "communes": self.communes, "plan_years": self.plan_years,
            "statuses": dict(self.statuses), "needs_by_sector": dict(self.needs_by_sector),
            "activities_by_sector": dict(self.activities_by_sector),
            "budget": {s: dict(v) for s, v in self.budget.items()},
            "climate_budget": self.climate_budget, "value_chains": dict(self.value_chains),
            "hazards": dict(self.hazards), "meetings": self.meetings, "attendance": dict(self.attendance),
        }

    @classmethod
    def from_plain(cls, plain: dict) -> "Summary":
        summary = cls(communes=plain["communes"], plan_years=plain["plan_years"],
                      climate_budget=plain["climate_budget"], meetings=plain["meetings"])
        for name in ("statuses", "needs_by_sector", "activities_by_sector", "value_chains", "hazards", "attendance"):
            getattr(summary, name).update(plain[name])
        for sector, sources in plain["budget"].items():
            for source, amount in sources.items():
                summary.budget[sector][source] += amount
        return summary


def summarize(handbook, plan: dict, steps: dict) -> Summary:
    """One commune-year. steps: file name -> data (already validated)."""
    spec = handbook.rollup
    summary = Summary(communes=1, plan_years=1)
    summary.statuses[plan.get("trang_thai")] += 1

    def rows(part):
        data = steps.get(part["tep"]) or {}
        return [r for r in (data.get(part["danh_sach"]) or []) if isinstance(r, dict)]

    for need in rows(spec["nhu_cau"]):
        summary.needs_by_sector[need.get(spec["nhu_cau"]["linh_vuc"])] += 1
    activity_spec = spec["hoat_dong"]
    climate_tags = set(activity_spec.get("khi_hau_tinh") or [])
    for activity in rows(activity_spec):
        sector = activity.get(activity_spec["linh_vuc"])
        summary.activities_by_sector[sector] += 1
        amounts = activity.get(activity_spec["kinh_phi"]) or {}
        total = Decimal(0)
        for source, amount in amounts.items():
            if is_number(amount):
                summary.budget[sector][source] += amount
                total += amount
        if activity.get(activity_spec["khi_hau"]) in climate_tags:
            summary.climate_budget += total
    for chain in rows(spec["chuoi_gia_tri"]):
        summary.value_chains[chain.get(spec["chuoi_gia_tri"]["ten"])] += 1
    for hazard in rows(spec["thien_tai"]):
        summary.hazards[hazard.get(spec["thien_tai"]["loai"])] += 1
    groups = list(handbook.vocab("nhom-tham-du").entries)
    total_key = handbook.attendance_total()
    for meeting in spec["tham_du"]["cuoc_hop"]:
        for _, counts in walk(steps.get(meeting["tep"]) or {}, tuple(meeting["truong"].split("."))):
            if not isinstance(counts, dict) or not is_number(counts.get(total_key)):
                continue
            summary.meetings += 1
            for group in groups:
                if is_number(counts.get(group)):
                    summary.attendance[group] += counts[group]
    return summary
