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

from app.db import saved_id
from app.people.models import Department, Employee, TimeOff
from app.people.preference_models import WeekPreference, Wish
from app.schedules.models import ScheduleShift, ScheduleTurn
from app.schedules.problem import build_problem
from solver.availability import Availability
from solver.check import seat_violations
from solver.model import department_cap

CHECK_BATCH = 40  # people read into the seat check at a time


@dataclass(frozen=True)
class Seat:
    day: date
    shift_id: int
    channel: str


@dataclass(frozen=True)
class Candidate:
    employee_id: int
    why: str


@dataclass
class Ranking:
    found: list[Candidate] = field(default_factory=list)
    excluded: Counter[str] = field(default_factory=Counter)


@dataclass(frozen=True)
class Wanted:
    """What is to be covered: `owner`'s seats (some or all of their turn's) in one week."""

    schedule_id: int
    owner: int
    week_start: date
    seats: tuple[Seat, ...]
    whole_turn: bool
    mentoring: frozenset[tuple[date, int]] = frozenset()  # slots where the owner mentors


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
    for start in range(0, len(order), CHECK_BATCH):
        if len(ranking.found) >= enough:
            break
        batch = order[start : start + CHECK_BATCH]
        broken = _seat_check(session, wanted, [e for e, _ in batch])
        for employee_id, why in batch:
            reason = broken[employee_id]
            if reason is not None:
                ranking.excluded[reason] += 1
            elif len(ranking.found) < enough:
                ranking.found.append(Candidate(employee_id, why))
    return ranking


def why_not(session: Session, wanted: Wanted, employee_id: int) -> str | None:
    """The first rule that keeps this person from taking these seats; None if none does."""
    excluded: Counter[str] = Counter()
    if not _prefiltered(session, wanted, excluded, frozenset(), only=employee_id):
        return next(iter(excluded), "not an active colleague")
    return _seat_check(session, wanted, [employee_id])[employee_id]


def _prefiltered(
    session: Session,
    wanted: Wanted,
    excluded: Counter[str],
    skip: frozenset[int],
    only: int | None = None,
) -> list[tuple[int, str]]:
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
    return [(e, _why(turns.get(e, 0), wishes.get(e), year)) for e in open_]


def _why(turns: int, wish: str | None, year: int) -> str:
    text = f"{turns} turn{'s' if turns != 1 else ''} in {year}"
    if wish == Wish.want.value:
        text += "; wished for this week"
    elif wish == Wish.avoid.value:
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


def _seat_check(session: Session, wanted: Wanted, employee_ids: list[int]) -> dict[int, str | None]:
    """The solver's seat rules for each of these people in every wanted seat: None when all
    fit, else the first rule broken."""
    if not employee_ids:
        return {}
    context = build_problem(
        session=session, start=wanted.week_start, weeks=1, people=[*employee_ids, wanted.owner]
    )
    problem = context.problem
    avail = Availability(problem)
    people = {p.id: p for p in problem.people}
    shifts = {s.id: s for s in problem.shifts}
    support = {d.id for d in problem.departments if d.is_support}
    owner = people.get(wanted.owner)
    staffed = _staffed(session, wanted)
    around = _seated_around(session, wanted, employee_ids)
    result: dict[int, str | None] = {}
    for employee_id in employee_ids:
        person = people.get(employee_id)
        if person is None:
            result[employee_id] = "not active"
            continue
        free = {(day, shift_id) for day, shift_id, _ in avail.seats(person, 0)}
        reason = None
        for seat in wanted.seats:
            if (seat.day, seat.shift_id) not in free:
                reason = "outside their hours, working week or holidays, or away then"
                break
            need = next(
                (
                    n
                    for n in problem.needs
                    if n.shift_id == seat.shift_id and n.channel == seat.channel
                ),
                None,
            )
            if (
                need is not None
                and need.skill
                and owner is not None
                and need.skill in owner.skills
                and need.skill not in person.skills
            ):
                reason = f"lacks the skill {need.skill}"
                break
            if (seat.day, seat.shift_id) in wanted.mentoring and not (
                person.department_id in support or seat.channel in person.experienced_channels
            ):
                reason = f"cannot mentor on {seat.channel} yet"
                break
            others = [(s.day, s.shift_id) for s in wanted.seats if s != seat]
            others += around.get(employee_id, [])
            broken = seat_violations(
                problem,
                person,
                seat.day,
                shifts[seat.shift_id],
                seat.channel,
                others,
                staffed[seat] - 1,
            )
            if broken:
                reason = broken[0].rule
                break
        result[employee_id] = reason
    return result


def _seated_around(
    session: Session, wanted: Wanted, employee_ids: list[int]
) -> dict[int, list[tuple[date, int]]]:
    """Each person's own seats a day either side of the wanted ones (overnight overlaps)."""
    days = [s.day for s in wanted.seats]
    found: dict[int, list[tuple[date, int]]] = {}
    if not days:
        return found
    for row in session.exec(
        select(ScheduleShift).where(
            ScheduleShift.schedule_id == wanted.schedule_id,
            col(ScheduleShift.employee_id).in_(employee_ids),
            col(ScheduleShift.day) >= min(days) - timedelta(days=1),
            col(ScheduleShift.day) <= max(days) + timedelta(days=1),
        )
    ).all():
        found.setdefault(row.employee_id, []).append((row.day, row.shift_template_id))
    return found


def _staffed(session: Session, wanted: Wanted) -> Counter[Seat]:
    days = {s.day for s in wanted.seats}
    rows = session.exec(
        select(ScheduleShift).where(
            ScheduleShift.schedule_id == wanted.schedule_id, col(ScheduleShift.day).in_(days)
        )
    ).all()
    return Counter(Seat(r.day, r.shift_template_id, r.channel) for r in rows)
