"""Changes by hand: move a turn to another week, move a shift; every change is checked
against the hard rules and caps, and recorded with who, when and why."""

from collections import Counter
from datetime import date, timedelta

from sqlmodel import Session, col, select

from app import clock, events
from app.auth.models import User
from app.db import saved_id
from app.errors import Conflict, Invalid, NotFound
from app.events import ScheduleChanged
from app.people.models import Employee
from app.schedules import store
from app.schedules.channel_names import channel_ids
from app.schedules.gaps import refresh_gaps
from app.schedules.models import (
    ChangeLog,
    Schedule,
    ScheduleShift,
    ScheduleStatus,
    ScheduleTurn,
    ShiftMove,
    WeekMove,
)
from app.schedules.problem import build_problem
from app.schedules.seat_fit import fit_week
from app.schedules.store import turn_uid
from app.schedules.week_suggestions import department_room, with_suggestions
from solver.availability import Availability
from solver.check import seat_violations


def _week_calendar(session: Session, week_start: date) -> tuple[Availability, dict]:
    """One week of the line as the solver sees it (hours, leave, holidays, needs)."""
    problem = build_problem(session=session, start=week_start, weeks=1)
    return Availability(problem), {p.id: p for p in problem.people}


def check_week(
    *,
    session: Session,
    schedule: Schedule,
    employee: Employee,
    week_start: date,
    leaving: tuple[ScheduleTurn | None, ...] = (),
    field: str = "to_week",
) -> None:
    """Raise a 409 naming the rule if `employee` cannot rotate in `week_start`.

    `leaving` are turns that leave with this change (a moved or handed-over turn): they do not
    count against the week.
    """
    gone = {t.id for t in leaving if t is not None}
    if week_start.weekday() != 0:
        raise Invalid(f"{week_start} is not a Monday.", field=field)
    end = store.horizon_end(schedule)
    if not schedule.start <= week_start < end:
        raise Invalid(f"The week of {week_start} is outside this schedule.", field=field)
    if not employee.active:
        raise Conflict(f"{employee.name} is not active.", field="employee_id")
    clash = session.exec(
        select(ScheduleTurn).where(
            ScheduleTurn.schedule_id == schedule.id,
            ScheduleTurn.employee_id == employee.id,
            ScheduleTurn.week_start == week_start,
        )
    ).first()
    if clash is not None and clash.id not in gone:
        raise Conflict(
            f"One turn per week: {employee.name} is already on the line the week of {week_start}.",
            field=field,
        )
    avail, people = _week_calendar(session, week_start)
    if avail.mostly_away(people[employee.id], 0):
        raise Conflict(
            f"Time off: {employee.name} is away most of the week of {week_start}.", field=field
        )
    department, cap, held = department_room(session, schedule, employee)
    if department is None:
        return
    count = len(held[week_start] - gone)
    if count + 1 > cap:
        raise Conflict(
            f"Department cap: {department.name} already has {count} of its {cap} "
            f"allowed on the line the week of {week_start}.",
            field=field,
        )


def place_shifts(
    *,
    session: Session,
    schedule: Schedule,
    employee: Employee,
    week_start: date,
    days: int,
    source: str,
) -> list[ScheduleShift]:
    """Seat someone for `days` of their own days in a week, in the emptiest slots the hard
    rules allow (hours, leave, weekends, holidays, one place at a time, maximums)."""
    avail, people = _week_calendar(session, week_start)
    person = people.get(employee.id)
    if person is None:
        raise Conflict(f"{employee.name} is not active.", field="employee_id")
    rows = store.shifts_of(
        session,
        saved_id(schedule),
        week_start - timedelta(days=1),
        week_start + timedelta(days=8),
    )
    on_top = store.mentee_weeks(
        session, saved_id(schedule), week_start - timedelta(days=1), week_start + timedelta(8)
    )
    staffed = Counter(
        (r.day, r.shift_template_id, r.channel)
        for r in rows
        if (r.employee_id, clock.monday(r.day)) not in on_top
    )
    mine = [(r.day, r.shift_template_id) for r in rows if r.employee_id == employee.id]
    fit = fit_week(avail, person, 0, staffed, mine, days)
    if len(fit.seats) < days:
        raise Conflict(
            f"Only {len(fit.seats)} of {days} days fit {employee.name} the week of "
            f"{week_start}: {fit.reasons()}.",
            field="to_week",
        )
    ids = channel_ids(session)
    placed = [
        ScheduleShift(
            schedule_id=saved_id(schedule),
            employee_id=saved_id(employee),
            day=day,
            shift_template_id=shift_id,
            channel_id=ids.get(channel),
            channel=channel,
            source=source,
        )
        for day, shift_id, channel in fit.seats
    ]
    session.add_all(placed)
    return placed


def drop_shifts(session: Session, schedule_id: int, employee_id: int, week_start: date) -> None:
    for row in session.exec(
        select(ScheduleShift).where(
            ScheduleShift.schedule_id == schedule_id,
            ScheduleShift.employee_id == employee_id,
            col(ScheduleShift.day) >= week_start,
            col(ScheduleShift.day) < week_start + timedelta(7),
        )
    ).all():
        session.delete(row)


def move_week(*, session: Session, schedule: Schedule, data: WeekMove, actor: User) -> ScheduleTurn:
    turn = session.exec(
        select(ScheduleTurn).where(
            ScheduleTurn.schedule_id == schedule.id,
            ScheduleTurn.employee_id == data.employee_id,
            ScheduleTurn.week_start == data.from_week,
        )
    ).first()
    if turn is None:
        raise NotFound(f"Employee {data.employee_id} has no turn the week of {data.from_week}.")
    employee = session.get(Employee, data.employee_id)
    assert employee is not None
    try:
        check_week(
            session=session,
            schedule=schedule,
            employee=employee,
            week_start=data.to_week,
            leaving=(turn,),
        )
        drop_shifts(session, saved_id(schedule), saved_id(employee), turn.week_start)
        session.flush()
        place_shifts(
            session=session,
            schedule=schedule,
            employee=employee,
            week_start=data.to_week,
            days=turn.days,
            source="manual",
        )
    except Conflict as refusal:
        raise with_suggestions(refusal, session, schedule, employee, turn) from refusal
    turn.week_start = data.to_week
    turn.uid = turn_uid(saved_id(employee), data.to_week)
    turn.source = "manual"
    session.add(turn)
    _record(
        session,
        schedule,
        "week_moved",
        actor,
        employee,
        data.reason,
        {"from_week": str(data.from_week), "to_week": str(data.to_week)},
        weeks=(data.from_week, data.to_week),
    )
    session.flush()
    return turn


def move_shift(
    *, session: Session, schedule: Schedule, shift_id: int, data: ShiftMove, actor: User
) -> ScheduleShift:
    row = session.get(ScheduleShift, shift_id)
    if row is None or row.schedule_id != schedule.id:
        raise NotFound(f"Shift assignment {shift_id} does not exist in schedule {schedule.id}.")
    day = data.day or row.day
    shift_template_id = data.shift_template_id or row.shift_template_id
    channel = (data.channel or row.channel).strip().lower()
    employee = session.get(Employee, row.employee_id)
    assert employee is not None
    week_start = clock.monday(day)
    if row.role != "support" and week_start != clock.monday(row.day):
        raise Conflict(
            "A rotator's shift stays inside their turn's week; move the week instead.", field="day"
        )
    avail, people = _week_calendar(session, week_start)
    person = people.get(employee.id)
    if person is None:
        raise Conflict(f"{employee.name} is not active.", field="employee_id")
    shift = avail.shifts.get(shift_template_id)
    if shift is None:
        raise Invalid(f"Shift {shift_template_id} does not exist.", field="shift_template_id")
    around = [
        r
        for r in store.shifts_of(
            session,
            saved_id(schedule),
            day - timedelta(days=1),
            day + timedelta(days=2),
        )
        if r.id != row.id
    ]
    mine = [(r.day, r.shift_template_id) for r in around if r.employee_id == employee.id]
    staffed = sum(
        1
        for r in around
        if (r.day, r.shift_template_id, r.channel) == (day, shift_template_id, channel)
    )
    problems = seat_violations(avail.problem, person, day, shift, channel, mine, staffed)
    if problems:
        first = problems[0]
        error = Invalid if first.rule == "no_need" else Conflict
        raise error(first.message, field=first.field)
    before = {
        "day": str(row.day),
        "shift_template_id": row.shift_template_id,
        "channel": row.channel,
    }
    old_week = clock.monday(row.day)
    row.day, row.shift_template_id, row.channel, row.source = (
        day,
        shift_template_id,
        channel,
        "manual",
    )
    row.channel_id = channel_ids(session).get(channel)
    session.add(row)
    _record(
        session,
        schedule,
        "shift_moved",
        actor,
        employee,
        data.reason,
        {
            "before": before,
            "after": {
                "day": str(day),
                "shift_template_id": shift_template_id,
                "channel": channel,
            },
        },
        weeks=(old_week, week_start),
    )
    session.flush()
    return row


def _record(
    session: Session,
    schedule: Schedule,
    kind: str,
    actor: User,
    employee: Employee,
    reason: str,
    details: dict,
    weeks: tuple[date, ...],
) -> None:
    """A change by hand: logged with who, when and why; the gaps of the weeks it touched are
    diagnosed again; feeds and swaps follow the new version."""
    schedule.version += 1
    session.add(schedule)
    session.add(
        ChangeLog(
            schedule_id=schedule.id,
            kind=kind,
            actor_id=actor.id,
            employee_id=employee.id,
            reason=reason,
            details=details,
        )
    )
    session.flush()
    paired = refresh_gaps(session=session, schedule=schedule, week_starts=weeks)
    if schedule.status == ScheduleStatus.published.value:
        people = {saved_id(employee), *paired}
        events.emit(session, ScheduleChanged.for_days(people, weeks, reason=kind))
