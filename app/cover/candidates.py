"""Who could cover: every colleague the line's rules allow for these seats, best first.

Cheap rules are asked of the whole company in a few set-based queries (already on the line
then, on leave, not here yet or gone, department at its cap); the rest — hours and working
week, part-day absence, holidays, skills, overlaps and maximums — are the solver's own seat
check, run on the front of the ranking only, until enough are found."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import func, or_, true
from sqlmodel import Session, col, select

from app.cover.seat_check import HOURS, Seat, SeatCheck, Wanted
from app.db import saved_id
from app.people.models import Department, Employee, TimeOff
from app.people.preference_models import WeekPreference, Wish
from app.schedules.models import ScheduleShift, ScheduleTurn
from solver.model import department_cap

CHECK_BATCH = 40  # people read into the seat check at a time


@dataclass(frozen=True)
class Candidate:
    employee_id: int
    why: str


@dataclass
class Ranking:
    found: list[Candidate] = field(default_factory=list)
    excluded: Counter[str] = field(default_factory=Counter)


def wanted_of(
    session: Session, schedule_id: int, owner: int, week_start: date, days: frozenset[date]
) -> Wanted:
    """The owner's seats of that week (on `days` only, unless empty: the whole turn)."""
    near = (
        ScheduleShift.schedule_id == schedule_id,
        col(ScheduleShift.day) >= week_start - timedelta(days=1),
        col(ScheduleShift.day) <= week_start + timedelta(days=7),
    )
    rows = session.exec(select(ScheduleShift).where(ScheduleShift.employee_id == owner, *near))
    seats = tuple(
        Seat(r.day, r.shift_template_id, r.channel) for r in rows.all() if not days or r.day in days
    )
    mentees = session.exec(select(ScheduleShift).where(ScheduleShift.mentor_id == owner, *near))
    mentoring = frozenset((r.day, r.shift_template_id) for r in mentees.all())
    return Wanted(schedule_id, owner, week_start, seats, not days, mentoring)


def rank(
    session: Session, wanted: Wanted, enough: int, skip: frozenset[int] = frozenset()
) -> Ranking:
    """Up to `enough` colleagues who could take these seats, fairest first (fewest turns this
    year, then who wished for the week); `skip` are people already asked."""
    ranking = Ranking()
    order = _prefiltered(session, wanted, ranking.excluded, skip)
    check = SeatCheck(session, wanted)
    start = 0
    while start < len(order) and len(ranking.found) < enough:
        if start == CHECK_BATCH:  # the front was thin: rule out whole groups by their hours
            rest = order[start:]
            outside = check.outside_hours([row[0] for row in rest])
            ranking.excluded[HOURS] += len(outside)
            order = order[:start] + [row for row in rest if row[0] not in outside]
            if start >= len(order):
                break
        batch = order[start : start + CHECK_BATCH]
        start += CHECK_BATCH
        broken = check.people([row[0] for row in batch])
        for employee_id, turns, wish in batch:
            reason = broken[employee_id]
            if reason is not None:
                ranking.excluded[reason] += 1
            elif len(ranking.found) < enough:
                why = Why(turns, wish, wanted.week_start.year)
                ranking.found.append(Candidate(employee_id, str(why)))
    return ranking


def why_not(session: Session, wanted: Wanted, employee_id: int) -> str | None:
    """The first rule that keeps this person from taking these seats; None if none does."""
    excluded: Counter[str] = Counter()
    if not _prefiltered(session, wanted, excluded, frozenset(), only=employee_id):
        return next(iter(excluded), "not an active colleague")
    return SeatCheck(session, wanted).people([employee_id])[employee_id]


def _prefiltered(
    session: Session,
    wanted: Wanted,
    excluded: Counter[str],
    skip: frozenset[int],
    only: int | None = None,
) -> list[tuple[int, int, str | None]]:
    days = sorted({s.day for s in wanted.seats})
    week_end = wanted.week_start + timedelta(days=6)
    people = {
        row.id: row
        for row in session.execute(
            select(
                col(Employee.id),
                col(Employee.department_id),
                col(Employee.hire_date),
                col(Employee.last_day),
            ).where(
                col(Employee.active),
                col(Employee.id) != wanted.owner,
                true() if only is None else col(Employee.id) == only,
            )
        ).all()
    }
    left_out: dict[int, str] = {e: "already asked" for e in skip if e in people}
    first, last = (days[0], days[-1]) if days else (wanted.week_start, week_end)
    for row in people.values():
        if row.hire_date is not None and row.hire_date > first:
            left_out.setdefault(row.id, "not started yet")
        elif row.last_day is not None and row.last_day < last:
            left_out.setdefault(row.id, "leaving before then")
    on_line = session.exec(
        select(ScheduleTurn.employee_id).where(
            ScheduleTurn.schedule_id == wanted.schedule_id,
            ScheduleTurn.week_start == wanted.week_start,
        )
    ).all()
    seated = session.exec(
        select(ScheduleShift.employee_id)
        .where(ScheduleShift.schedule_id == wanted.schedule_id, col(ScheduleShift.day).in_(days))
        .distinct()
    ).all()
    for employee_id in [*on_line, *seated]:
        left_out.setdefault(employee_id, "already on the line then")
    away = (
        session.exec(
            select(TimeOff.employee_id)
            .where(
                col(TimeOff.from_time).is_(None),
                or_(
                    *(
                        (col(TimeOff.first_day) <= day) & (col(TimeOff.last_day) >= day)
                        for day in days
                    )
                ),
            )
            .distinct()
        ).all()
        if days
        else []
    )
    for employee_id in away:
        left_out.setdefault(employee_id, "on leave")
    if wanted.whole_turn:
        for employee_id in _departments_full(session, wanted, people):
            left_out.setdefault(employee_id, "department at its cap that week")
    for employee_id, reason in left_out.items():
        if employee_id in people:
            excluded[reason] += 1
    open_ = [e for e in people if e not in left_out]
    year = wanted.week_start.year
    turns = dict(
        session.execute(
            select(ScheduleTurn.employee_id, func.count())
            .where(
                ScheduleTurn.schedule_id == wanted.schedule_id,
                col(ScheduleTurn.week_start) >= date(year, 1, 1),
                col(ScheduleTurn.week_start) <= date(year, 12, 31),
            )
            .group_by(col(ScheduleTurn.employee_id))
        ).all()
    )
    wishes = dict(
        session.execute(
            select(WeekPreference.employee_id, WeekPreference.wish).where(
                WeekPreference.week_start == wanted.week_start
            )
        ).all()
    )
    weight = {Wish.want.value: 0, None: 1, Wish.avoid.value: 2}
    open_.sort(key=lambda e: (turns.get(e, 0), weight[wishes.get(e)], e))
    return [(e, turns.get(e, 0), wishes.get(e)) for e in open_]


@dataclass(frozen=True)
class Why:
    """Why a colleague ranks where they do (put in words only for those asked)."""

    turns: int
    wish: str | None
    year: int

    def __str__(self) -> str:
        text = f"{self.turns} turn{'s' if self.turns != 1 else ''} in {self.year}"
        if self.wish == Wish.want.value:
            text += "; wished for this week"
        elif self.wish == Wish.avoid.value:
            text += "; would rather not this week"
        return text


def _departments_full(session: Session, wanted: Wanted, people: dict) -> set[int]:
    """People whose department already sends its cap that week (the turn's owner leaves it:
    in the owner's own department, their turn does not count)."""
    headcount: Counter[int | None] = Counter(row.department_id for row in people.values())
    owner = session.get(Employee, wanted.owner)
    if owner is not None:
        headcount[owner.department_id] += 1
    held: Counter[int | None] = Counter(
        session.exec(
            select(Employee.department_id)
            .join(ScheduleTurn, col(ScheduleTurn.employee_id) == col(Employee.id))
            .where(
                ScheduleTurn.schedule_id == wanted.schedule_id,
                ScheduleTurn.week_start == wanted.week_start,
                col(ScheduleTurn.employee_id) != wanted.owner,
            )
        ).all()
    )
    full = set()
    for department in session.exec(select(Department)).all():
        if department.is_support:
            continue
        cap = department_cap(department.max_away_fraction, headcount[department.id])
        if held[department.id] + 1 > cap:
            full.add(saved_id(department))
    return {row.id for row in people.values() if row.department_id in full}
