"""Weeks people would rather avoid on the line, or would like: kept per Monday, for weeks
from this one on (a wish about the past means nothing to a plan)."""

from datetime import date

from sqlmodel import Session, col, select

from app import clock
from app.auth.models import User
from app.clock import utcnow
from app.errors import Invalid, NotFound
from app.people.models import EmployeeUpdate
from app.people.preference_models import HourPreferences, WeekPreference, WeekPreferenceSet
from app.people.service import get_employee, update_employee

MAX_AHEAD_WEEKS = 104


def week_preferences(
    *, session: Session, employee_id: int, today: date, first: date | None = None
) -> list[WeekPreference]:
    """The person's wishes from this week on (or from `first`), earliest first."""
    get_employee(session=session, employee_id=employee_id)
    start = first or clock.monday(today)
    return list(
        session.exec(
            select(WeekPreference)
            .where(WeekPreference.employee_id == employee_id)
            .where(col(WeekPreference.week_start) >= start)
            .order_by(col(WeekPreference.week_start))
        ).all()
    )


def _check_week(week_start: date, today: date) -> None:
    if week_start.weekday() != 0:
        raise Invalid(f"{week_start} is not a Monday; give the week's Monday.", field="week_start")
    this_week = clock.monday(today)
    if week_start < this_week:
        raise Invalid(f"The week of {week_start} is over.", field="week_start")
    if (week_start - this_week).days > 7 * MAX_AHEAD_WEEKS:
        raise Invalid(f"Give a week within the next {MAX_AHEAD_WEEKS} weeks.", field="week_start")


def set_week_preference(
    *,
    session: Session,
    employee_id: int,
    week_start: date,
    data: WeekPreferenceSet,
    today: date,
) -> WeekPreference:
    get_employee(session=session, employee_id=employee_id)
    _check_week(week_start, today)
    row = session.exec(
        select(WeekPreference).where(
            WeekPreference.employee_id == employee_id, WeekPreference.week_start == week_start
        )
    ).first() or WeekPreference(employee_id=employee_id, week_start=week_start, wish=data.wish)
    row.wish, row.note, row.updated_at = data.wish.value, data.note, utcnow()
    session.add(row)
    session.flush()
    return row


def remove_week_preference(*, session: Session, employee_id: int, week_start: date) -> None:
    row = session.exec(
        select(WeekPreference).where(
            WeekPreference.employee_id == employee_id, WeekPreference.week_start == week_start
        )
    ).first()
    if row is None:
        raise NotFound(f"No wish for the week of {week_start}.")
    session.delete(row)
    session.flush()


def wishes_between(session: Session, start: date, end: date) -> dict[int, dict[date, str]]:
    """Everyone's wishes for the weeks from `start` up to `end`: employee → Monday → wish."""
    found: dict[int, dict[date, str]] = {}
    for row in session.exec(
        select(WeekPreference).where(
            col(WeekPreference.week_start) >= start, col(WeekPreference.week_start) < end
        )
    ).all():
        found.setdefault(row.employee_id, {})[row.week_start] = row.wish
    return found


def hour_preferences(*, session: Session, employee_id: int) -> HourPreferences:
    employee = get_employee(session=session, employee_id=employee_id)
    return HourPreferences(
        preferred_hours=employee.preferred_hours, avoided_hours=employee.avoided_hours
    )


def set_hour_preferences(
    *, session: Session, employee_id: int, data: HourPreferences, actor: User
) -> HourPreferences:
    """The person's hours of the day to prefer or avoid, both replaced: an edit of the
    employee like any other (the same checks, audit and events)."""
    update_employee(
        session=session,
        employee_id=employee_id,
        data=EmployeeUpdate(preferred_hours=data.preferred_hours, avoided_hours=data.avoided_hours),
        actor=actor,
    )
    return hour_preferences(session=session, employee_id=employee_id)
