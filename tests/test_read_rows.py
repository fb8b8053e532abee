"""read_rows reads plain columns as tuples: on PostgreSQL from the driver's cursor, which
must give the very values the session gives (dates as dates, times, NULLs, a list bound
with IN), inside the session's own transaction."""

from datetime import date, time

from sqlalchemy import select
from sqlmodel import Session, col

from app.db import read_rows
from app.people.models import TimeOff
from tests.factories import make_time_off


def _absences(ids: list[int]):
    return (
        select(
            col(TimeOff.employee_id),
            col(TimeOff.first_day),
            col(TimeOff.from_time),
            col(TimeOff.to_time),
        )
        .where(col(TimeOff.id).in_(ids), col(TimeOff.first_day) >= date(2027, 3, 1))
        .order_by(col(TimeOff.id))
    )


def test_read_rows_gives_what_the_session_gives(session: Session):
    whole = make_time_off(session, first_day=date(2027, 3, 1), last_day=date(2027, 3, 2))
    part = make_time_off(
        session,
        first_day=date(2027, 3, 4),
        last_day=date(2027, 3, 4),
        from_time=time(13, 30),
        to_time=time(17),
    )
    make_time_off(session)  # not asked for
    ids = [whole.id, part.id]

    rows = read_rows(session, _absences(ids))

    assert rows == [
        (whole.employee_id, date(2027, 3, 1), None, None),
        (part.employee_id, date(2027, 3, 4), time(13, 30), time(17)),
    ]
    assert rows == [tuple(row) for row in session.execute(_absences(ids))]


def test_read_rows_sees_the_sessions_own_uncommitted_rows(session: Session):
    someone = make_time_off(session).employee_id
    absence = TimeOff(employee_id=someone, first_day=date(2027, 5, 3), last_day=date(2027, 5, 3))
    session.add(absence)
    session.flush()
    assert read_rows(session, _absences([absence.id])) == [(someone, date(2027, 5, 3), None, None)]
    absence_id = absence.id
    session.rollback()
    assert read_rows(session, _absences([absence_id])) == []
