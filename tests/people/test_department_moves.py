"""A department move recorded ahead: the person stays where they are until its day, then the
worker moves them (the audit trail names the system) and the person and HR hear which
published weeks from that day were planned for the old department. The API, the form, the
CSV import and the directory carry it; a bad move names its field and writes nothing."""

from datetime import date, timedelta

import pytest
from sqlmodel import Session, col, select

from app import clock
from app.audit import AuditEntry
from app.auth.models import User
from app.notifications.models import Notification
from app.people import moves
from app.people.models import Department, Employee
from app.schedules.models import ScheduleTurn
from app.schedules.planning import plan_now
from app.schedules.publishing import publish
from app.schedules.tasks import make_department_moves
from tests.factories import make_line
from tests.schedules.conftest import TODAY, fixed_today  # noqa: F401  (today is 2027-01-06)
from tests.web.test_pages import sign_in_as

START = date(2027, 1, 11)


def _move_news(session: Session, employee_id: int) -> list[Notification]:
    query = select(Notification).where(col(Notification.key).startswith(f"move:{employee_id}:"))
    return list(session.exec(query).all())


def test_a_move_waits_for_its_day_then_the_worker_makes_it(
    client, hr, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    line = make_line(session)
    draft = plan_now(session=session, start=START, weeks=4, time_limit_s=10)
    publish(session=session, schedule_id=draft.id, actor=hr.user)  # type: ignore[arg-type]
    session.commit()
    turn = session.exec(
        select(ScheduleTurn)
        .join(Employee, col(Employee.id) == col(ScheduleTurn.employee_id))
        .where(
            ScheduleTurn.schedule_id == draft.id,
            col(ScheduleTurn.week_start) >= START + timedelta(weeks=2),
            col(Employee.department_id) == line["departments"]["eng"].id,
        )
    ).first()
    assert turn is not None
    mover = session.get_one(Employee, turn.employee_id)
    support = line["departments"]["support"]
    day = turn.week_start - timedelta(days=3)  # the Friday before their turn
    url = f"/api/v1/employees/{mover.id}"
    answer = client.patch(
        url, json={"moves_to_department_id": support.id, "moves_on": str(day)}, headers=hr.headers
    )
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert (body["department_id"], body["moves_to_department_id"], body["moves_on"]) == (
        line["departments"]["eng"].id, support.id, str(day)
    )  # fmt: skip
    assert _move_news(session, mover.id) == []  # nothing happens before the day

    monkeypatch.setattr(clock, "today", lambda: day - timedelta(days=1))
    make_department_moves.call_local()
    session.expire_all()
    assert session.get_one(Employee, mover.id).department_id == line["departments"]["eng"].id

    monkeypatch.setattr(clock, "today", lambda: day)
    make_department_moves.call_local()
    make_department_moves.call_local()  # a second pass finds nothing left to make
    session.expire_all()
    moved = session.get_one(Employee, mover.id)
    assert (moved.department_id, moved.moves_to_department_id, moved.moves_on) == (
        support.id, None, None
    )  # fmt: skip
    entry = session.exec(
        select(AuditEntry)
        .where(AuditEntry.record_kind == "employee", AuditEntry.record_id == mover.id)
        .order_by(col(AuditEntry.id).desc())
    ).first()
    assert entry is not None and entry.actor == "system"
    assert entry.changes["department_id"] == [line["departments"]["eng"].id, support.id]
    news = _move_news(session, mover.id)
    hr_email = session.get_one(User, hr.user.id).email
    assert sorted(n.address for n in news) == sorted([mover.email, hr_email])
    assert f"{turn.week_start:%d %b}" in news[0].text
    assert news[0].subject == (
        f"{mover.name} is in Support from {day:%a %d %b %Y}: the plan after it was made for "
        "Engineering"
    )


@pytest.mark.usefixtures("fixed_today")
def test_a_move_dated_today_is_made_at_once(client, hr, session: Session) -> None:
    line = make_line(session)
    person = line["sales"][0]
    answer = client.patch(
        f"/api/v1/employees/{person.id}",
        json={"moves_to_department_id": line["departments"]["eng"].id, "moves_on": str(TODAY)},
        headers=hr.headers,
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["department_id"] == line["departments"]["eng"].id
    assert answer.json()["moves_on"] is None


@pytest.mark.parametrize(
    ("sent", "field"),
    [
        ({"moves_to_department_id": "eng"}, "moves_on"),
        ({"moves_on": "2027-03-01"}, "moves_to_department_id"),
        ({"moves_to_department_id": 999_999, "moves_on": "2027-03-01"}, "moves_to_department_id"),
        ({"moves_to_department_id": "sales", "moves_on": "2027-03-01"}, "moves_to_department_id"),
    ],
)
def test_a_bad_move_names_its_field_and_writes_nothing(client, hr, session, sent, field) -> None:
    line = make_line(session)
    person = line["sales"][0]
    ids = {name: d.id for name, d in line["departments"].items()}
    sent = {k: ids.get(v, v) if isinstance(v, str) else v for k, v in sent.items()}
    answer = client.patch(f"/api/v1/employees/{person.id}", json=sent, headers=hr.headers)
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == field
    session.expire_all()
    assert session.get_one(Employee, person.id).moves_on is None


@pytest.mark.usefixtures("fixed_today")
def test_the_csv_import_records_a_move(client, hr, session: Session) -> None:
    make_line(session)
    header = "name,email,department,hire date,moves to,moves on\n"
    good = header + "Mo Mover,mo@example.com,Sales,2024-02-01,Support,2027-03-01\n"
    done = client.post(
        "/api/v1/employees/import", files={"file": ("people.csv", good)}, headers=hr.headers
    )
    assert done.status_code == 200, done.text
    mover = session.exec(select(Employee).where(Employee.email == "mo@example.com")).one()
    support = session.exec(select(Department).where(Department.name == "Support")).one()
    assert (mover.moves_to_department_id, mover.moves_on) == (support.id, date(2027, 3, 1))
    sign_in_as(client, session, hr)
    listed = client.get("/employees?q=mo%40example.com").text
    assert "moves to Support on" in listed
    bad = header + "Mo Mover,mo@example.com,Sales,2024-02-01,Support,\n"
    refused = client.post(
        "/api/v1/employees/import", files={"file": ("people.csv", bad)}, headers=hr.headers
    )
    assert refused.status_code == 422
    assert [(e["row"], e["field"]) for e in refused.json()["errors"]] == [(2, "moves_on")]


def test_a_due_move_is_one_rule_for_every_path() -> None:
    values = {"department_id": 1, "moves_to_department_id": 2, "moves_on": date(2027, 3, 1)}
    assert moves.settle(dict(values), date(2027, 2, 28)) is None
    made = dict(values)
    assert moves.settle(made, date(2027, 3, 1)) == date(2027, 3, 1)
    assert made == {"department_id": 2, "moves_to_department_id": None, "moves_on": None}
