"""A person's working week through every way in: the API (numbers or "Mon-Fri" text), the CSV
import, time off for part of a day, and the solver's view of the person built from them."""

from datetime import UTC, date, datetime, time

from sqlmodel import Session, select

from app.people.models import Employee
from app.schedules.problem import build_problem
from tests.factories import make_department, make_employee


def _create(client, hr, department_id: int, **extra):
    body = {
        "name": "Nadia Night",
        "email": "nadia@example.com",
        "department_id": department_id,
        "hire_date": "2026-01-05",
        "timezone": "Asia/Dubai",
    } | extra
    return client.post("/api/v1/employees", json=body, headers=hr.headers)


def test_a_working_week_and_hours_by_weekday_through_the_api(client, hr, session: Session):
    dept = make_department(session)
    made = _create(
        client,
        hr,
        dept.id,
        workdays="Sun-Thu",
        day_hours={"6": "12:00-20:00"},
        last_day="2027-06-30",
    )
    assert made.status_code == 201, made.text
    body = made.json()
    assert (body["workdays"], body["day_hours"], body["last_day"]) == (
        [0, 1, 2, 3, 6],
        {"6": "12:00-20:00"},
        "2027-06-30",
    )
    person = body["id"]
    empty = client.patch(f"/api/v1/employees/{person}", json={"workdays": []}, headers=hr.headers)
    assert (empty.status_code, empty.json()["errors"][0]["field"]) == (422, "workdays")
    bad = client.patch(
        f"/api/v1/employees/{person}", json={"day_hours": {"5": "late"}}, headers=hr.headers
    )
    assert (bad.status_code, bad.json()["errors"][0]["field"]) == (422, "day_hours")
    early = client.patch(
        f"/api/v1/employees/{person}", json={"last_day": "2025-12-31"}, headers=hr.headers
    )
    assert (early.status_code, early.json()["errors"][0]["field"]) == (422, "last_day")


def test_the_csv_import_reads_working_weeks_and_names_a_bad_one(client, hr, session: Session):
    make_department(session, name="Support")
    text = (
        "name,email,department,hire date,working days,hours by weekday,leaving date\n"
        "Wim Weekend,wim@example.com,Support,2026-02-02,Thu-Sun,Sat 10:00-18:00,2027-03-31\n"
    )
    answer = client.post(
        "/api/v1/employees/import",
        content=text.encode(),
        headers=hr.headers | {"Content-Type": "text/csv"},
    )
    assert answer.status_code == 200, answer.text
    wim = session.exec(select(Employee).where(Employee.email == "wim@example.com")).one()
    assert (wim.workdays, wim.day_hours, wim.last_day) == (
        [3, 4, 5, 6],
        {"5": "10:00-18:00"},
        date(2027, 3, 31),
    )
    wrong = text.replace("Thu-Sun", "Thursday-Funday")
    refused = client.post(
        "/api/v1/employees/import",
        content=wrong.encode(),
        headers=hr.headers | {"Content-Type": "text/csv"},
    )
    assert refused.status_code == 422
    assert [e["field"] for e in refused.json()["errors"]] == ["workdays"]


def test_time_off_for_part_of_a_day(client, hr, session: Session):
    person = make_employee(session, timezone="Europe/Berlin")
    day = {"employee_id": person.id, "first_day": "2027-03-09", "last_day": "2027-03-09"}
    doctor = client.post(
        "/api/v1/time-off",
        json=day | {"from_time": "11:00", "to_time": "12:30"},
        headers=hr.headers,
    )
    assert doctor.status_code == 201, doctor.text
    later = client.post(
        "/api/v1/time-off",
        json=day | {"from_time": "15:00", "to_time": "16:00"},
        headers=hr.headers,
    )
    assert later.status_code == 201, later.text
    clash = client.post(
        "/api/v1/time-off",
        json=day | {"from_time": "12:00", "to_time": "13:00"},
        headers=hr.headers,
    )
    assert (clash.status_code, clash.json()["errors"][0]["field"]) == (409, "first_day")
    whole = client.post("/api/v1/time-off", json=day, headers=hr.headers)
    assert whole.status_code == 409
    half = client.post("/api/v1/time-off", json=day | {"from_time": "08:00"}, headers=hr.headers)
    assert (half.status_code, half.json()["errors"][0]["field"]) == (422, "to_time")

    solver_view = build_problem(session=session, start=date(2027, 3, 8), weeks=1)
    (seen,) = [p for p in solver_view.people if p.id == person.id]
    assert seen.days_off == frozenset()
    assert seen.hours_off == (
        (datetime(2027, 3, 9, 10, 0, tzinfo=UTC), datetime(2027, 3, 9, 11, 30, tzinfo=UTC)),
        (datetime(2027, 3, 9, 14, 0, tzinfo=UTC), datetime(2027, 3, 9, 15, 0, tzinfo=UTC)),
    )


def test_the_solver_sees_the_working_week(session: Session):
    person = make_employee(
        session, workdays=[3, 4, 5, 6], day_hours={"5": "10:00-18:00"}, last_day=date(2027, 3, 31)
    )
    session.commit()
    problem = build_problem(session=session, start=date(2027, 3, 8), weeks=1)
    (seen,) = [p for p in problem.people if p.id == person.id]
    assert seen.workdays == frozenset({3, 4, 5, 6})
    assert seen.windows[5] == (time(10), time(18))
    assert seen.windows[0] is None
    assert seen.last_day == date(2027, 3, 31)


def test_a_shift_can_follow_its_regions_holidays(client, hr, session: Session):
    url = "/api/v1/shift-templates"
    base = {
        "name": "Berlin day",
        "start_time": "09:00",
        "end_time": "13:00",
        "timezone": "Europe/Berlin",
    }
    missing = client.post(url, json=base | {"holidays": "region"}, headers=hr.headers)
    assert (missing.status_code, missing.json()["errors"][0]["field"]) == (422, "holiday_country")
    unknown = client.post(
        url, json=base | {"holidays": "region", "holiday_country": "XX"}, headers=hr.headers
    )
    assert (unknown.status_code, unknown.json()["errors"][0]["field"]) == (422, "holiday_country")
    made = client.post(
        url, json=base | {"holidays": "region", "holiday_country": "de"}, headers=hr.headers
    )
    assert made.status_code == 201, made.text
    assert (made.json()["holidays"], made.json()["holiday_country"]) == ("region", "DE")
    problem = build_problem(session=session, start=date(2027, 9, 27), weeks=9)
    (shift,) = problem.shifts
    assert shift.holidays is not None
    assert date(2027, 10, 3) in shift.holidays  # German Unity Day (a Sunday that year)
    assert date(2027, 11, 25) not in shift.holidays  # US Thanksgiving: the shift works
    assert problem.shift_runs(shift, date(2027, 11, 25))


def test_hours_people_prefer_through_the_api_the_csv_and_into_the_solver(
    client, hr, session: Session
):
    dept = make_department(session)
    made = _create(
        client, hr, dept.id, preferred_hours="Mon 13:00-18:00; Tue 13:00-18:00",
        avoided_hours={"4": "15:00-18:00"},
    )  # fmt: skip
    assert made.status_code == 201, made.text
    body = made.json()
    assert (body["preferred_hours"], body["avoided_hours"]) == (
        {"0": "13:00-18:00", "1": "13:00-18:00"},
        {"4": "15:00-18:00"},
    )
    wrong = client.patch(
        f"/api/v1/employees/{body['id']}",
        json={"avoided_hours": "Fri 15:00-15:00"},
        headers=hr.headers,
    )
    assert (wrong.status_code, wrong.json()["errors"][0]["field"]) == (422, "avoided_hours")
    text = (
        "name,email,department,hire_date,preferred hours,hours to avoid\n"
        f"Pia Part,pia@example.com,{dept.name},2026-01-05,Sat 10:00-14:00,Sun 22:00-02:00\n"
    )
    imported = client.post(
        "/api/v1/employees/import",
        content=text.encode(),
        headers=hr.headers | {"Content-Type": "text/csv"},
    )
    assert imported.status_code == 200, imported.text
    pia = session.exec(select(Employee).where(Employee.email == "pia@example.com")).one()
    assert (pia.preferred_hours, pia.avoided_hours) == ({"5": "10:00-14:00"}, {"6": "22:00-02:00"})
    problem = build_problem(session=session, start=date(2027, 1, 4), weeks=1)
    solver_pia = next(p for p in problem.people if p.id == pia.id)
    assert solver_pia.preferred_hours == ((5, time(10), time(14)),)
    assert solver_pia.avoided_hours == ((6, time(22), time(2)),)
