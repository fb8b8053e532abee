"""Offset pages: the total counts what the filters keep, without sorting every row first."""

from sqlalchemy import event
from sqlmodel import Session

from app.pagination import PageParams, paginate
from app.people import service
from tests.factories import make_line


def test_a_page_counts_its_total_without_ordering_the_rows(session: Session) -> None:
    make_line(session)
    session.commit()
    statements: list[str] = []

    def seen(_conn, _cursor, statement, *_args) -> None:  # type: ignore[no-untyped-def]
        statements.append(statement)

    engine = session.get_bind()
    event.listen(engine, "before_cursor_execute", seen)
    try:
        query = service.employee_query(
            department_id=None, active=None, is_executive=None, hired_after=None, search=None
        )
        page = paginate(session, query, PageParams(limit=2, offset=1))
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    [counted] = [s for s in statements if "count(" in s.lower()]
    [listed] = [s for s in statements if "count(" not in s.lower()]
    assert "ORDER BY" not in counted.upper()  # the database sorted everyone only to count
    assert "ORDER BY" in listed.upper()
    assert page.total > len(page.items) == 2
