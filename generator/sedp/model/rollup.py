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
from sedp.model.records import Record
from sedp.source.handbook import Handbook


def by_source() -> defaultdict:
    """source -> triệu đồng."""
    return defaultdict(Decimal)


def by_sector() -> defaultdict:
    """sector -> source -> triệu đồng. Named functions, not lambdas: a Summary travels from a
    worker process back to the main one (publish/pipeline.py), and pickle cannot carry a lambda."""
    return defaultdict(by_source)


@dataclass
class Summary:
    communes: int = 0
    plan_years: int = 0
    statuses: Counter = field(default_factory=Counter)
    needs_by_sector: Counter = field(default_factory=Counter)
    activities_by_sector: Counter = field(default_factory=Counter)
    # sector -> source -> triệu đồng
    budget: dict = field(default_factory=by_sector)
    climate_budget: Decimal = Decimal(0)
    value_chains: Counter = field(default_factory=Counter)
    hazards: Counter = field(default_factory=Counter)
    meetings: int = 0
    attendance: Counter = field(default_factory=Counter)  # group -> people, where a total was given
    needs_collected: int = 0  # needs collected in the plan year itself (not carried from earlier years)
    collecting: int = 0  # plan years that collect needs (not a review year of needs collected earlier)
    # needs answered by an activity recorded as finished, "place|need": a need answered in two
    # years (or by two activities) is one need
    answered: set = field(default_factory=set)
    # Implementation (step 10's record), over the plan years that have one:
    recorded: int = 0  # plan years with a record
    progress: Counter = field(default_factory=Counter)  # activity status -> activities
    # planned: the money of the activities the record reports on (the disbursement rate's whole)
    planned: dict = field(default_factory=by_sector)  # sector -> source
    disbursed: dict = field(default_factory=by_sector)  # sector -> source
    targets: Counter = field(default_factory=Counter)  # a verdict (records.VERDICT_LABELS) -> targets
    # Identities a period needs to count carried-over work once (model/period.py):
    # "place|year|activity" -> its status in the year's record ("" not updated), plan years with a record
    reported: dict = field(default_factory=dict)
    carried: list = field(default_factory=list)  # a dict per activity carried from an earlier year (`carry`)

    COUNTERS = ("statuses", "needs_by_sector", "activities_by_sector", "value_chains", "hazards", "attendance",
                "progress", "targets")
    NUMBERS = ("communes", "plan_years", "climate_budget", "meetings", "needs_collected", "collecting", "recorded")
    MONEY = ("budget", "planned", "disbursed")

    def add(self, other: Summary | _Plain) -> Summary:
        for name in self.NUMBERS:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for name in self.COUNTERS:
            getattr(self, name).update(getattr(other, name))
        for name in self.MONEY:
            _add_money(getattr(self, name), getattr(other, name))
        self.answered.update(other.answered)
        self.reported.update(other.reported)
        self.carried.extend(other.carried)
        return self

    def less(self, other: "Summary") -> "Summary":
        """self minus other's figures (counts and money; not the identities)."""
        for name in self.NUMBERS:
            setattr(self, name, getattr(self, name) - getattr(other, name))
        for name in self.COUNTERS:
            getattr(self, name).subtract(getattr(other, name))
        for name in self.MONEY:
            for sector, sources in getattr(other, name).items():
                for source, amount in sources.items():
                    getattr(self, name)[sector][source] -= amount
        return self

    @property
    def needs_answered(self) -> int:
        return len(self.answered)

    def budget_by_source(self, name: str = "budget") -> dict:
        """Source -> amount of the planned budget (or of `planned`, `disbursed`)."""
        totals: dict = defaultdict(Decimal)
        for sources in getattr(self, name).values():
            for source, amount in sources.items():
                totals[source] += amount
        return totals

    def budget_total(self, name: str = "budget") -> Decimal:
        return sum(self.budget_by_source(name).values(), Decimal(0))

    def sector_total(self, sector, name: str = "budget") -> Decimal:
        return sum(getattr(self, name).get(sector, {}).values(), Decimal(0))

    def to_plain(self) -> dict:
        """Plain dict for pickling between processes and for JSON."""
        plain = {name: getattr(self, name) for name in self.NUMBERS}
        plain.update({name: dict(getattr(self, name)) for name in self.COUNTERS})
        plain.update({name: {s: dict(v) for s, v in getattr(self, name).items()} for name in self.MONEY})
        plain.update(answered=sorted(self.answered), reported=dict(self.reported), carried=list(self.carried))
        return plain

    @classmethod
    def from_plain(cls, plain: dict) -> "Summary":
        return cls().add(_Plain(plain))


class _Plain:
    """A plain dict read as a Summary, for Summary.add."""

    def __init__(self, plain: dict):
        self.plain = plain

    def __getattr__(self, name):
        return self.plain[name]


def _add_money(into: dict, other: dict) -> None:
    for sector, sources in other.items():
        for source, amount in sources.items():
            into[sector][source] += amount


ORIGIN = "chuyen_tu"  # step 4: {nam, ma} of the activity an activity carries over


def summarize(handbook: Handbook, plan: dict, steps: dict, record: Record | None = None, place: str = "") -> Summary:
    """One commune-year. steps: file name -> data (already validated); record: its Record, when
    the caller has read it already; place: the commune's identity ("district/commune"), so that a
    period knows an activity or a need it met in an earlier year."""
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
        amounts = activity.get(handbook.money_field) or {}
        total = Decimal(0)
        for source, amount in amounts.items():
            if is_number(amount):
                summary.budget[sector][source] += amount
                total += amount
        if activity.get(activity_spec["khi_hau"]) in climate_tags:
            summary.climate_budget += total
        origin = activity.get(ORIGIN)
        if isinstance(origin, dict) and origin.get("ma"):
            summary.carried.append({"origin": f"{place}|{origin.get('nam')}|{origin['ma']}", "year": str(origin.get("nam")),
                                    "self": f"{place}|{plan.get('nam_ke_hoach')}|{activity.get('ma')}",
                                    "sector": sector, "budget": {s: a for s, a in amounts.items() if is_number(a)},
                                    "climate": total if activity.get(activity_spec["khi_hau"]) in climate_tags
                                    else Decimal(0)})
    for chain in rows(spec["chuoi_gia_tri"]):
        summary.value_chains[chain.get(spec["chuoi_gia_tri"]["ten"])] += 1
    for hazard in rows(spec["thien_tai"]):
        summary.hazards[hazard.get(spec["thien_tai"]["loai"])] += 1
    year = plan.get("nam_ke_hoach")
    summary.needs_collected = sum(1 for need in rows(spec["nhu_cau"])
                                  if (need.get("nam_thu_thap") or plan.get("nam_thu_thap_nhu_cau")) == year)
    summary.collecting = int(plan.get("nam_thu_thap_nhu_cau") in (None, year) or bool(summary.needs_collected))
    _add_record(summary, record or Record(handbook, steps), f"{place}|{year}")
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


def _add_record(summary: Summary, record, where: str) -> None:
    """What step 10's record adds: statuses, money planned and disbursed, targets, needs answered."""
    if not record.present:
        return
    summary.recorded = 1
    place = where.rpartition("|")[0]
    for row in record.activities:
        summary.progress[row.status or ""] += 1
        summary.reported[f"{where}|{row.code}"] = row.status or ""
        if not row.updated:
            continue  # its money paid is unknown: neither side of the disbursement rate
        for source, amount in row.planned.items():
            summary.planned[row.sector][source] += amount
        for source, amount in row.disbursed.items():
            summary.disbursed[row.sector][source] += amount
    for target in record.targets:
        summary.targets[target.verdict or "chua_co"] += 1
    summary.answered = {f"{place}|{code}" for code in record.needs_answered}
