"""Build the solver's Problem from the database: the one bridge between app/ and solver/."""

import json
from collections import Counter, defaultdict
from collections.abc import Collection
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

from sqlalchemy import Text
from sqlalchemy import cast as sa_cast
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from app.coverage.calendars import own_holidays
from app.coverage.models import Channel, CoverageNeed, ShiftTemplate
from app.db import saved_id
from app.people.models import Department, Employee, TimeOff
from app.people.preference_models import Wish
from app.people.preferences import wishes_between
from app.people.public_holidays import HolidayCalendars, public_holidays
from app.rules import mentor_pairs, mentor_pool
from app.rules.models import AppliesTo, RotationRule, RotationRuleBase
from app.rules.service import get_rotation_settings
from app.schedules.models import Schedule, ScheduleShift, ScheduleStatus
from app.schedules.store import line_hours_before, shifts_worked_before
from app.validation import parse_hours
from solver import model as sm


def experienced_channels(
    *,
    session: Session,
    before: date,
    threshold: int,
    support_ids: set[int | None],
    departments: dict[int, int],
    all_channels: frozenset[str],
    only: Collection[int] | None = None,
) -> dict[int, frozenset[str]]:
    """Channels each person (`departments`: person → department) may mentor on: support
    staff everywhere, others where they have worked `threshold` shifts or more before the
    horizon (skills grow on the line)."""
    worked = shifts_worked_before(session, before, only)
    result: dict[int, frozenset[str]] = {}
    for employee_id, department_id in departments.items():
        if department_id in support_ids:
            result[employee_id] = all_channels
        else:
            counts = worked.get(employee_id, Counter())
            result[employee_id] = frozenset(
                c for c, n in counts.items() if n >= threshold and c in all_channels
            )
    return result


# What the solver reads of a person: columns, not a record (six JSON columns and the
# directory's profile for each of 10,000 people).
PERSON_COLUMNS = (
    col(Employee.id),
    col(Employee.name),
    col(Employee.department_id),
    col(Employee.hire_date),
    col(Employee.is_executive),
    col(Employee.timezone),
    col(Employee.work_start),
    col(Employee.work_end),
    # JSON as its text: 10,000 people hold a few dozen distinct values, each parsed once.
    sa_cast(col(Employee.skills), Text).label("skills"),
    sa_cast(col(Employee.workdays), Text).label("workdays"),
    sa_cast(col(Employee.day_hours), Text).label("day_hours"),
    sa_cast(col(Employee.preferred_hours), Text).label("preferred_hours"),
    sa_cast(col(Employee.avoided_hours), Text).label("avoided_hours"),
    col(Employee.last_day),
    col(Employee.exempt_until),
    col(Employee.holiday_country),
    col(Employee.holiday_subdivision),
)


def away(day: date, start: time, end: time, timezone: str) -> tuple[datetime, datetime]:
    """A part-day absence on the person's own date, as UTC instants."""
    zone = ZoneInfo(timezone)
    return (
        datetime.combine(day, start, zone).astimezone(UTC),
        datetime.combine(day, end, zone).astimezone(UTC),
    )


def by_weekday(hours: dict[str, str]) -> tuple[tuple[int, time, time], ...]:
    """Hours by weekday as stored ({"5": "10:00-18:00"}), for the solver."""
    return tuple((int(day), *parse_hours(text)) for day, text in sorted(hours.items()))


def build_problem(
    *, session: Session, start: date, weeks: int, people: Collection[int] | None = None
) -> sm.Problem:
    """The solver's problem for these weeks; `people` limits it to some employees (to check
    a few people against the line's rules without reading the whole company)."""
    settings = get_rotation_settings(session=session)
    horizon = sm.Horizon(start, weeks)
    end = horizon.end
    departments = session.exec(select(Department).order_by(col(Department.id))).all()
    chosen = sa_select(*PERSON_COLUMNS).where(col(Employee.active))
    if people is not None:
        chosen = chosen.where(col(Employee.id).in_(sorted(people)))
    employees = session.execute(chosen.order_by(col(Employee.id))).all()
    support_ids = {d.id for d in departments if d.is_support}
    # A seat's own date can lie a day either side of the line's week: read one day more.
    first, last = start - timedelta(days=1), end + timedelta(days=1)
    zones = {e.id: e.timezone for e in employees}
    leave: dict[int, set[date]] = defaultdict(set)
    hours_off: dict[int, list[tuple[datetime, datetime]]] = defaultdict(list)
    absences = sa_select(  # five columns, not an object per absence (17,000 at 10,000 people)
        col(TimeOff.employee_id),
        col(TimeOff.first_day),
        col(TimeOff.last_day),
        col(TimeOff.from_time),
        col(TimeOff.to_time),
    ).where(col(TimeOff.last_day) >= first, col(TimeOff.first_day) <= last)
    if people is not None:
        absences = absences.where(col(TimeOff.employee_id).in_(sorted(people)))
    for row in session.execute(absences).all():
        day = max(row.first_day, first)
        while day <= min(row.last_day, last):
            if row.from_time is None or row.to_time is None:
                leave[row.employee_id].add(day)
            elif row.employee_id in zones:
                hours_off[row.employee_id].append(
                    away(day, row.from_time, row.to_time, zones[row.employee_id])
                )
            day += timedelta(days=1)
    channels = {c.id: c.name for c in session.exec(select(Channel)).all()}
    all_channels = frozenset(channels.values())
    shifts = {saved_id(s): s for s in session.exec(select(ShiftTemplate)).all()}
    needs = session.exec(select(CoverageNeed).order_by(col(CoverageNeed.id))).all()
    rules = session.exec(
        select(RotationRule).where(RotationRule.active).order_by(col(RotationRule.id))
    ).all()
    experienced = experienced_channels(
        session=session,
        before=start,
        threshold=settings.experienced_after_shifts,
        support_ids=support_ids,
        departments={e.id: e.department_id for e in employees},
        all_channels=all_channels,
        only=people,
    )
    calendars = HolidayCalendars(
        settings.holiday_country, settings.holiday_subdivision, first, last + timedelta(days=1)
    )

    # The support team's share of the line is balanced in hours, the past year's included.
    line_hours = line_hours_before(
        session, start, [e.id for e in employees if e.department_id in support_ids]
    )
    wishes = wishes_between(session, start, end)
    pool = mentor_pool.word(session)
    as_set = cache(lambda text: frozenset(json.loads(text)))
    as_hours = cache(lambda text: by_weekday(json.loads(text)))

    def weeks_wished(employee_id: int | None, wish: Wish) -> frozenset[int]:
        mine = wishes.get(employee_id or 0, {})
        return frozenset(horizon.week_of(w) for w, said in mine.items() if said == wish.value)

    problem = sm.Problem(
        horizon=horizon,
        departments=tuple(
            sm.Department(saved_id(d), d.name, d.max_away_fraction, d.is_support)
            for d in departments
        ),
        people=tuple(
            sm.Person(
                id=e.id,
                name=e.name,
                department_id=e.department_id,
                hire_date=e.hire_date,
                is_executive=e.is_executive,
                timezone=e.timezone,
                work_start=e.work_start,
                work_end=e.work_end,
                skills=as_set(e.skills),
                days_off=frozenset(leave.get(e.id, set())),
                workdays=as_set(e.workdays),
                day_hours=as_hours(e.day_hours),
                preferred_hours=as_hours(e.preferred_hours),
                avoided_hours=as_hours(e.avoided_hours),
                hours_off=tuple(sorted(hours_off.get(e.id, []))),
                last_day=e.last_day,
                line_hours=line_hours.get(e.id, 0.0),
                holidays=calendars.of(e.holiday_country, e.holiday_subdivision),
                exempt_until=e.exempt_until,
                experienced_channels=experienced.get(e.id, frozenset()),
                mentor=pool.get(e.id),
                wanted_weeks=weeks_wished(e.id, Wish.want),
                unwanted_weeks=weeks_wished(e.id, Wish.avoid),
            )
            for e in employees
        ),
        shifts=tuple(
            sm.Shift(
                saved_id(s),
                s.name,
                s.start_time,
                s.end_time,
                tuple(s.weekdays),
                s.timezone,
                own_holidays(s, first, last + timedelta(days=1)),
            )
            for s in shifts.values()
        ),
        needs=tuple(
            sm.CoverageNeed(
                channels[n.channel_id],
                n.shift_template_id,
                n.min_people,
                n.max_people,
                n.skill,
                n.skill_min,
                n.fill_to_max,
            )
            for n in needs
        ),
        rules=tuple(solver_rule(r, saved_id(r)) for r in rules),
        settings=sm.Settings(
            mentees_per_mentor=settings.mentees_per_mentor,
            mentees_per_mentor_week=settings.mentees_per_mentor_week,
            max_days_per_week=settings.max_days_per_week,
            max_shifts_per_day=settings.max_shifts_per_day,
            holidays=frozenset(
                public_holidays(settings.holiday_country, settings.holiday_subdivision, start, end)
            ),
            weight_fairness=settings.weight_fairness,
            weight_preferences=settings.weight_preferences,
            weight_stability=settings.weight_stability,
        ),
    )
    problem = replace(
        problem,
        mentor_pairs=tuple(
            sm.MentorPair(p.mentee_id, p.mentor_id, p.prefer) for p in mentor_pairs.listed(session)
        ),
        past_mentors=past_mentors(session, start),
    )
    return problem


def past_mentors(session: Session, start: date) -> tuple[tuple[int, int], ...]:
    """(new hire, mentor) of every published seat before `start`, once per seat."""
    published = select(Schedule.id).where(Schedule.status == ScheduleStatus.published.value)
    rows = session.execute(
        select(col(ScheduleShift.employee_id), col(ScheduleShift.mentor_id)).where(
            col(ScheduleShift.schedule_id).in_(published),
            col(ScheduleShift.mentor_id).is_not(None),
            col(ScheduleShift.day) < start,
        )
    ).all()
    return tuple((row[0], row[1]) for row in rows)


def solver_rule(rule: RotationRuleBase, rule_id: int) -> sm.Rule:
    """A stored rule, or one still in HR's form, as the solver reads it."""
    return sm.Rule(
        id=rule_id,
        name=rule.name,
        applies_to=AppliesTo(rule.applies_to).value,
        department_ids=frozenset(rule.department_ids),
        days_per_turn=rule.days_per_turn,
        turn_weeks=rule.turn_weeks,
        turns_per_cycle=rule.turns_per_cycle,
        cycle_weeks=rule.cycle_weeks,
        cooldown_weeks=rule.cooldown_weeks,
        start_within_weeks=rule.start_within_weeks,
        with_mentor=rule.with_mentor,
    )
