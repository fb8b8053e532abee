"""When a turn cannot go where HR asked, the weeks where it could: the person is free, not
mostly away, their department has room under its cap, and enough of their days find seats."""

from collections import Counter, defaultdict
from datetime import date, timedelta

from sqlmodel import Session, col, select

from app import clock
from app.db import saved_id
from app.errors import Conflict
from app.people.models import Department, Employee
from app.schedules import store
from app.schedules.models import Schedule, ScheduleTurn
from app.schedules.problem import build_problem
from app.schedules.seat_fit import fit_week
from solver.availability import Availability
from solver.model import department_cap

SUGGESTIONS = 3
SEARCH_WEEKS = 26  # how far ahead to look; a year-long schedule need not be read whole


def department_room(
    session: Session, schedule: Schedule, employee: Employee
) -> tuple[Department | None, int, dict[date, set[int]]]:
    """The person's department, its cap, and the turns (ids) its people hold each week; no
    department or a support team: no cap to keep."""
    department = session.get(Department, employee.department_id)
    if department is None or department.is_support:
        return None, 0, {}
    members = session.exec(
        select(Employee.id).where(Employee.department_id == department.id, Employee.active)
    ).all()
    cap = department_cap(department.max_away_fraction, len(members))
    held: dict[date, set[int]] = defaultdict(set)
    for turn in session.exec(
        select(ScheduleTurn).where(
            ScheduleTurn.schedule_id == schedule.id, col(ScheduleTurn.employee_id).in_(members)
        )
    ).all():
        held[turn.week_start].add(saved_id(turn))
    return department, cap, held


def weeks_that_fit(
    session: Session, schedule: Schedule, employee: Employee, days: int, leaving: ScheduleTurn
) -> list[date]:
    """The first weeks (from next Monday: this week is under way) a turn could move to."""
    start = max(schedule.start, clock.next_monday(clock.today()))
    weeks = min(SEARCH_WEEKS, (store.horizon_end(schedule) - start).days // 7)
    if weeks <= 0:
        return []
    problem = build_problem(session=session, start=start, weeks=weeks)
    person = next((p for p in problem.people if p.id == employee.id), None)
    if person is None:
        return []
    avail = Availability(problem)
    department, cap, held = department_room(session, schedule, employee)
    own = set(
        session.exec(
            select(col(ScheduleTurn.week_start)).where(
                ScheduleTurn.schedule_id == schedule.id, ScheduleTurn.employee_id == employee.id
            )
        ).all()
    )  # only this person's weeks, not every turn of the schedule
    rows = store.shifts_of(
        session,
        saved_id(schedule),
        start - timedelta(days=1),
        start + timedelta(weeks=weeks, days=1),
    )
    rows = [r for r in rows if not (r.employee_id == employee.id and r.day in _days(leaving))]
    staffed = Counter((r.day, r.shift_template_id, r.channel) for r in rows)
    mine = [(r.day, r.shift_template_id) for r in rows if r.employee_id == employee.id]
    found: list[date] = []
    for week in range(weeks):
        monday = start + timedelta(weeks=week)
        if monday in own or avail.mostly_away(person, week):
            continue
        if department is not None and len(held[monday] - {leaving.id}) + 1 > cap:
            continue
        if len(fit_week(avail, person, week, staffed, mine, days).seats) >= days:
            found.append(monday)
            if len(found) == SUGGESTIONS:
                break
    return found


def with_suggestions(
    refusal: Conflict, session: Session, schedule: Schedule, employee: Employee, turn: ScheduleTurn
) -> Conflict:
    """The refusal, naming the weeks that would work (or saying there are none)."""
    weeks = weeks_that_fit(session, schedule, employee, turn.days, turn)
    if weeks:
        hint = "Weeks that would work: " + ", ".join(f"{w:%a %d %b %Y}" for w in weeks) + "."
    else:
        hint = "No other week of this schedule fits them."
    field = next((e["field"] for e in refusal.errors if e.get("field")), None)
    return Conflict(f"{refusal.detail} {hint}", field=field)


def _days(turn: ScheduleTurn) -> set[date]:
    return {turn.week_start + timedelta(days=k) for k in range(-1, 8)}
