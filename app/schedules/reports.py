"""Reports: coverage for any range, upcoming turns, fairness (participation has its own
module)."""

from collections import Counter, defaultdict
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from app import clock
from app.coverage.calendars import closed, own_holidays
from app.coverage.models import Channel, CoverageNeed, ShiftTemplate
from app.coverage.times import local_text, shift_window
from app.errors import Invalid
from app.people import questions
from app.people.models import Department, Employee
from app.people.public_holidays import public_holidays
from app.rules.service import get_rotation_settings
from app.schedules import store
from app.schedules.models import Schedule, ScheduleShift, ScheduleTurn


def _skills(session: Session, employee_ids: set[int]) -> dict[int, list[str]]:
    rows = session.execute(
        sa_select(col(Employee.id), col(Employee.skills)).where(
            col(Employee.id).in_(employee_ids or {-1})
        )
    ).all()
    return {employee_id: list(skills or ()) for employee_id, skills in rows}


def coverage(*, session: Session, schedule: Schedule, start: date, end: date) -> dict[str, Any]:
    """Per day, shift and channel: needed (minimum), staffed, the gap, and for a need with a
    skill how many of those staffed have it."""
    if end < start:
        raise Invalid("The end must be on or after the start.", field="end")
    if (end - start).days > 400:
        raise Invalid("Ask for at most 400 days at a time.", field="end")
    shifts = {s.id: s for s in session.exec(select(ShiftTemplate)).all()}
    channels = {c.id: c.name for c in session.exec(select(Channel)).all()}
    needs = session.exec(select(CoverageNeed)).all()
    settings = get_rotation_settings(session=session)
    holidays = public_holidays(
        settings.holiday_country, settings.holiday_subdivision, start, end + timedelta(days=1)
    )
    calendars = {i: own_holidays(s, start, end + timedelta(days=1)) for i, s in shifts.items()}
    # Columns, not objects: four weeks of a large company are tens of thousands of seats.
    seats = session.execute(
        sa_select(
            col(ScheduleShift.employee_id),
            col(ScheduleShift.day),
            col(ScheduleShift.shift_template_id),
            col(ScheduleShift.channel_id),
        ).where(
            col(ScheduleShift.schedule_id) == schedule.id,
            col(ScheduleShift.day) >= start,
            col(ScheduleShift.day) <= end,
        )
    ).all()
    on_top = store.mentee_weeks(session, schedule.id or 0, start, end)
    seats = [s for s in seats if (s.employee_id, clock.monday(s.day)) not in on_top]
    staffed = Counter((s.day, s.shift_template_id, s.channel_id) for s in seats)
    skills_of = _skills(session, {s.employee_id for s in seats})
    skilled = Counter(
        (s.day, s.shift_template_id, s.channel_id, skill)
        for s in seats
        for skill in skills_of.get(s.employee_id, ())
    )
    horizon_end = store.horizon_end(schedule)
    rows: list[dict[str, Any]] = []
    day = start
    while day <= end:
        if schedule.start <= day < horizon_end:
            for need in needs:
                shift = shifts[need.shift_template_id]
                own = calendars[need.shift_template_id]
                if day.weekday() not in shift.weekdays or closed(day, own, holidays):
                    continue
                channel = channels[need.channel_id]
                have = staffed[(day, need.shift_template_id, need.channel_id)]
                rows.append(
                    {
                        "day": str(day),
                        "shift_template_id": shift.id,
                        "shift": shift.name,
                        "channel": channel,
                        "needed": need.min_people,
                        "maximum": need.max_people,
                        "staffed": have,
                        "gap": max(0, need.min_people - have),
                        "skill": need.skill,
                        "skill_min": need.skill_min if need.skill else 0,
                        "skilled": skilled[
                            (day, need.shift_template_id, need.channel_id, need.skill)
                        ]
                        if need.skill
                        else 0,
                    }
                )
        day += timedelta(days=1)
    needed = sum(r["needed"] for r in rows)
    short = sum(r["gap"] for r in rows)
    return {
        "schedule_id": schedule.id,
        "start": str(start),
        "end": str(end),
        "needed": needed,
        "staffed": needed - short,
        "gap": short,
        "covered_pct": round(100 * (needed - short) / needed, 2) if needed else 100.0,
        "slots": rows,
    }


def upcoming(*, session: Session, schedule: Schedule, employee_id: int, today: date) -> list[dict]:
    turns = session.exec(
        select(ScheduleTurn)
        .where(
            ScheduleTurn.schedule_id == schedule.id,
            ScheduleTurn.employee_id == employee_id,
            col(ScheduleTurn.week_start) >= clock.monday(today),
        )
        .order_by(col(ScheduleTurn.week_start))
    ).all()
    shifts = session.exec(
        select(ScheduleShift)
        .where(
            ScheduleShift.schedule_id == schedule.id,
            ScheduleShift.employee_id == employee_id,
            col(ScheduleShift.day) >= today,
        )
        .order_by(col(ScheduleShift.day))
    ).all()
    templates = {s.id: s for s in session.exec(select(ShiftTemplate)).all()}
    person = session.get(Employee, employee_id)
    zone = person.timezone if person else "UTC"
    mentors = {
        e.id: e.name
        for e in session.exec(
            select(Employee).where(
                col(Employee.id).in_({s.mentor_id for s in shifts if s.mentor_id})
            )
        ).all()
    }
    by_week: dict[date, list[dict]] = defaultdict(list)
    for s in shifts:
        template = templates.get(s.shift_template_id)
        start, end = shift_window(template, s.day) if template else (None, None)
        by_week[clock.monday(s.day)].append(
            {
                "day": str(s.day),
                "weekday": f"{s.day:%A}",
                # In the person's own zone, and as the shift is defined (the line's zone).
                "when": local_text(start, end, zone) if start and end else None,
                "shift_time": local_text(start, end, template.timezone) + f" {template.timezone}"
                if start and end and template
                else None,
                "shift": template.name if template else None,
                "channel": s.channel,
                "mentor": mentors.get(s.mentor_id) if s.mentor_id else None,
            }
        )
    return [
        {
            "turn_id": t.id,
            "week_start": str(t.week_start),
            "days": t.days,
            "block": t.block,
            "turn_weeks": t.turn_weeks,
            "with_mentor": t.with_mentor,
            "shifts": by_week.get(t.week_start, []),
        }
        for t in turns
    ]


def fairness(*, session: Session, schedule: Schedule, today: date) -> dict[str, Any]:
    """Turns and days per person and department over the next 52 weeks, and the score."""
    until = today + timedelta(weeks=52)
    # Summed in the database: one row per person on the line, not one per turn.
    rows = session.execute(
        sa_select(
            col(ScheduleTurn.employee_id),
            col(Employee.name),
            col(Employee.department_id),
            func.count(),
            func.sum(col(ScheduleTurn.days)),
        )
        .join(Employee, col(Employee.id) == ScheduleTurn.employee_id)
        .where(
            col(ScheduleTurn.schedule_id) == schedule.id,
            col(ScheduleTurn.week_start) >= clock.monday(today),
            col(ScheduleTurn.week_start) < until,
        )
        .group_by(col(ScheduleTurn.employee_id), col(Employee.name), col(Employee.department_id))
    ).all()
    departments = {d.id: d.name for d in session.exec(select(Department)).all()}
    names: dict[int, str] = {}
    per_person: dict[int, dict[str, int]] = {}
    per_dept: dict[int, dict[str, int]] = defaultdict(lambda: {"weeks": 0, "days": 0})
    for employee_id, name, dept, weeks, days in rows:
        names[employee_id] = name
        per_person[employee_id] = {"weeks": weeks, "days": int(days)}
        per_dept[dept]["weeks"] += weeks
        per_dept[dept]["days"] += int(days)
    headcount: dict[int | None, int] = dict(
        session.execute(
            sa_select(col(Employee.department_id), func.count())
            .where(col(Employee.active))
            .group_by(col(Employee.department_id))
        ).all()
    )
    return {
        "schedule_id": schedule.id,
        "score": schedule.fairness.get("score"),
        "score_notes": schedule.fairness.get("score_notes", []),
        "people": [
            {"employee_id": p, "name": names[p], **v} for p, v in sorted(per_person.items())
        ],
        "departments": [
            {
                "department_id": d,
                "name": departments.get(d, str(d)),
                "headcount": headcount.get(d, 0),
                **v,
                "days_per_person": round(v["days"] / max(1, headcount.get(d, 0)), 2),
            }
            for d, v in sorted(per_dept.items())
        ],
    }


@questions.last_and_next_turns.answer
def last_and_next_turns(
    session: Session, employee_ids: list[int], today: date
) -> dict[int, tuple[date | None, date | None]]:
    """Each person's last week on the line before this one and their next from this week on,
    in the published schedule."""
    published = store.published(session)
    found: dict[int, tuple[date | None, date | None]] = {}
    if published is None or not employee_ids:
        return found
    this_week = clock.monday(today)
    for turn in session.exec(
        select(ScheduleTurn).where(
            ScheduleTurn.schedule_id == published.id,
            col(ScheduleTurn.employee_id).in_(employee_ids),
        )
    ).all():
        last, upcoming = found.get(turn.employee_id, (None, None))
        if turn.week_start < this_week and (last is None or turn.week_start > last):
            last = turn.week_start
        if turn.week_start >= this_week and (upcoming is None or turn.week_start < upcoming):
            upcoming = turn.week_start
        found[turn.employee_id] = (last, upcoming)
    return found
