"""What differs between two schedules, asked of the database: a publish re-derives calendars
and tells people only about what changed, and its cost follows the change, not the company."""

from collections.abc import Iterable
from datetime import date

from sqlalchemy import ColumnElement, Select, except_, select
from sqlmodel import Session, col

from app import clock
from app.db import table_of
from app.schedules.models import ScheduleShift, ScheduleTurn

# The columns that make a turn or a seat what a person sees; row ids and sources do not.
SHOWN_TURN = (
    "employee_id",
    "week_start",
    "days",
    "rule_id",
    "block",
    "turn_weeks",
    "with_mentor",
)
SHOWN_SEAT = ("employee_id", "day", "shift_template_id", "channel", "role", "mentor_id")


def _rows(
    model: type, names: Iterable[str], schedule_id: int, *where: ColumnElement[bool]
) -> Select:
    table = table_of(model)
    return select(*(table.c[n] for n in names)).where(table.c.schedule_id == schedule_id, *where)


def _one_way(
    session: Session,
    model: type,
    names: tuple[str, ...],
    a: int,
    b: int,
    *where: ColumnElement[bool],
) -> list[tuple]:
    """Rows of schedule `a` that schedule `b` lacks (EXCEPT runs in the database)."""
    query = except_(_rows(model, names, a, *where), _rows(model, names, b, *where))
    return [tuple(row) for row in session.execute(query).all()]


def changed_weeks(session: Session, new_id: int, old_id: int) -> frozenset[date]:
    """The Mondays of every week whose turns or seats differ between the two schedules."""
    weeks: set[date] = set()
    for a, b in ((new_id, old_id), (old_id, new_id)):
        weeks |= {row[1] for row in _one_way(session, ScheduleTurn, SHOWN_TURN, a, b)}
        weeks |= {
            clock.monday(row[1]) for row in _one_way(session, ScheduleShift, SHOWN_SEAT, a, b)
        }
    return frozenset(weeks)


def changed_people(session: Session, new_id: int, old_id: int | None, first: date) -> set[int]:
    """People whose turns from `first` on differ (new, moved, cancelled, other days or mentor);
    with no earlier schedule, everyone with a turn from `first` on."""
    names = ("employee_id", "week_start", "days", "with_mentor")
    later = col(ScheduleTurn.week_start) >= first
    if old_id is None:
        rows = session.execute(_rows(ScheduleTurn, ("employee_id",), new_id, later).distinct())
        return {row[0] for row in rows}
    people: set[int] = set()
    for a, b in ((new_id, old_id), (old_id, new_id)):
        people |= {row[0] for row in _one_way(session, ScheduleTurn, names, a, b, later)}
    return people
