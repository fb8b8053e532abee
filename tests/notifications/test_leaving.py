"""A leaving date that reaches the published plan: the person and HR hear once which weeks
after it a re-plan hands to colleagues — from the API and from the CSV import alike — and a
later date, the same date again or a person with nothing after it is no news."""

from datetime import date, timedelta

from sqlmodel import Session, col, select

from app.auth.models import User
from app.notifications.models import Notification
from app.people.models import Department, Employee
from app.schedules.models import ScheduleTurn
from app.schedules.planning import plan_now
from app.schedules.publishing import publish
from tests.factories import make_line
from tests.schedules.conftest import fixed_today  # noqa: F401  (today is 2027-01-06)

START = date(2027, 1, 11)


def _published(session: Session, hr) -> int:  # type: ignore[no-untyped-def]
    make_line(session)
    draft = plan_now(session=session, start=START, weeks=4, time_limit_s=10)
    publish(session=session, schedule_id=draft.id, actor=hr.user)  # type: ignore[arg-type]
    session.commit()
    return draft.id  # type: ignore[return-value]


def _leaving_news(session: Session, employee_id: int) -> list[Notification]:
    return list(
        session.exec(
            select(Notification)
            .where(col(Notification.key).startswith(f"leaving:{employee_id}:"))
            .order_by(col(Notification.id))
        ).all()
    )


def _rotator_with_late_turn(session: Session, schedule_id: int) -> tuple[Employee, date]:
    support = select(Department.id).where(Department.is_support)
    turn = session.exec(
        select(ScheduleTurn)
        .join(Employee, col(Employee.id) == col(ScheduleTurn.employee_id))
        .where(
            ScheduleTurn.schedule_id == schedule_id,
            col(ScheduleTurn.week_start) >= START + timedelta(weeks=2),
            col(Employee.department_id).not_in(support),
        )
        .order_by(col(ScheduleTurn.week_start))
    ).first()
    assert turn is not None
    return session.get_one(Employee, turn.employee_id), turn.week_start


def test_a_leaving_date_before_published_turns_tells_the_person_and_hr_once(
    client, hr, session: Session
) -> None:
    schedule = _published(session, hr)
    leaver, week = _rotator_with_late_turn(session, schedule)
    last_day = week - timedelta(days=3)  # the Friday before their turn
    url = f"/api/v1/employees/{leaver.id}"
    assert (
        client.patch(url, json={"last_day": str(last_day)}, headers=hr.headers).status_code == 200
    )
    news = _leaving_news(session, leaver.id)
    hr_email = session.get_one(User, hr.user.id).email
    assert sorted(n.address for n in news) == sorted([leaver.email, hr_email])
    assert all(f"{week:%d %b}" in n.text for n in news)
    assert news[0].subject.startswith(f"{leaver.name} leaves on ")
    # The same date again, or a later one: no news. An earlier one is news again.
    client.patch(url, json={"last_day": str(last_day)}, headers=hr.headers)
    client.patch(url, json={"last_day": str(last_day + timedelta(days=1))}, headers=hr.headers)
    assert len(_leaving_news(session, leaver.id)) == 2
    client.patch(url, json={"last_day": str(last_day - timedelta(days=1))}, headers=hr.headers)
    assert len(_leaving_news(session, leaver.id)) == 4


def test_a_leaving_date_after_every_turn_is_no_news(client, hr, session: Session) -> None:
    schedule = _published(session, hr)
    leaver, _ = _rotator_with_late_turn(session, schedule)
    after = START + timedelta(weeks=5)
    client.patch(
        f"/api/v1/employees/{leaver.id}", json={"last_day": str(after)}, headers=hr.headers
    )
    assert _leaving_news(session, leaver.id) == []


def test_the_csv_import_carries_a_leaving_date_to_the_same_news(
    client, hr, session: Session
) -> None:
    schedule = _published(session, hr)
    leaver, week = _rotator_with_late_turn(session, schedule)
    department = session.get_one(Department, leaver.department_id)
    text = (
        "name,email,department,hire_date,leaving date\n"
        f"{leaver.name},{leaver.email},{department.name},{leaver.hire_date},"
        f"{week - timedelta(days=1)}\n"
    )
    answer = client.post(
        "/api/v1/employees/import",
        content=text.encode(),
        headers=hr.headers | {"Content-Type": "text/csv"},
    )
    assert (answer.status_code, answer.json()["updated"]) == (200, 1)
    assert len(_leaving_news(session, leaver.id)) == 2
