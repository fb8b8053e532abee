"""The timeline: who is on the line each day, per channel and shift, like the schedule views
of on-call tools — shift hours in the viewer's own zone on each actual date, today marked."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlmodel import Session, col, select

from app.coverage.models import ShiftTemplate
from app.coverage.times import hours_text, shift_window
from app.people.models import Employee
from app.schedules.models import Schedule, ScheduleShift

RANGES = {"week": 7, "fortnight": 14, "month": 28}


@dataclass
class Lane:
    """One channel on one shift: the people on it each day."""

    channel: str
    shift: ShiftTemplate
    days: dict[date, list[str]] = field(default_factory=dict)
    hours: dict[date, str] = field(default_factory=dict)  # the shift's hours, viewer's zone


@dataclass(frozen=True)
class Timeline:
    days: list[date]
    lanes: list[Lane]
    zone: str


def timeline(session: Session, schedule: Schedule, first: date, days: int, zone: str) -> Timeline:
    shown = [first + timedelta(days=i) for i in range(days)]
    rows = session.exec(
        select(ScheduleShift).where(
            ScheduleShift.schedule_id == schedule.id,
            col(ScheduleShift.day) >= shown[0],
            col(ScheduleShift.day) <= shown[-1],
        )
    ).all()
    shifts = {s.id: s for s in session.exec(select(ShiftTemplate)).all()}
    ids = {r.employee_id for r in rows} | {r.mentor_id for r in rows if r.mentor_id}
    names = {
        e.id: e.name
        for e in session.exec(select(Employee).where(col(Employee.id).in_(ids or {-1}))).all()
    }
    lanes: dict[tuple[str, int], Lane] = {}
    people: dict[tuple[str, int], dict[date, list[str]]] = defaultdict(lambda: defaultdict(list))
    for r in rows:
        shift = shifts.get(r.shift_template_id)
        if shift is None:
            continue
        lanes.setdefault((r.channel, r.shift_template_id), Lane(r.channel, shift))
        mentor = f" (mentor {names.get(r.mentor_id, '')})" if r.mentor_id else ""
        people[(r.channel, r.shift_template_id)][r.day].append(
            names.get(r.employee_id, "") + mentor
        )
    for key, lane in lanes.items():
        lane.days = {d: sorted(people[key].get(d, [])) for d in shown}
        for d in shown:
            if d.weekday() in lane.shift.weekdays:
                start, end = shift_window(lane.shift, d)
                lane.hours[d] = hours_text(start, end, zone)
    ordered = sorted(lanes.values(), key=lambda a: (a.channel, a.shift.start_time, a.shift.name))
    return Timeline(shown, ordered, zone)
