from sqlmodel import select

from app.people.models import Department, Employee
from tests.factories import make_department, make_employee

HRIS_EXPORT = """First Name,Last Name,Work Email,Department,Job Title,Start Date,Time Zone,Languages
Ada,Lovelace,ada@example.com,Engineering,Engineer,2025-03-03,Europe/London,en;fr
Alan,Turing,alan@example.com,Engineering,Engineer,03/10/2025,Europe/London,
Grace,Hopper,grace@example.com,Sales,Account Executive,2024-11-04,America/New_York,es
"""


def post_csv(client, actor, text, **params):
    return client.post(
        "/api/v1/employees/import",
        content=text.encode(),
        params=params,
        headers=actor.headers | {"Content-Type": "text/csv"},
    )


def test_import_creates_people_and_departments(client, hr, session):
    make_department(session, name="Sales")
    response = post_csv(client, hr, HRIS_EXPORT)
    assert response.status_code == 200, response.text
    report = response.json()
    assert (report["created"], report["updated"], report["unchanged"]) == (3, 0, 0)
    assert report["departments_created"] == ["Engineering"]
    ada = session.exec(select(Employee).where(Employee.email == "ada@example.com")).one()
    assert ada.name == "Ada Lovelace" and ada.skills == ["en", "fr"]
    assert str(ada.hire_date) == "2025-03-03"


def test_reimport_updates_by_email_instead_of_duplicating(client, hr, session):
    assert post_csv(client, hr, HRIS_EXPORT).status_code == 200
    changed = HRIS_EXPORT.replace("Account Executive", "Sales Director")
    report = post_csv(client, hr, changed).json()
    assert (report["created"], report["updated"], report["unchanged"]) == (0, 1, 2)
    assert len(session.exec(select(Employee)).all()) == 3
    grace = session.exec(select(Employee).where(Employee.email == "grace@example.com")).one()
    assert grace.title == "Sales Director"


def test_a_bad_row_imports_nothing_and_reports_each_problem(client, hr, session):
    make_employee(session, email="keep@example.com")
    bad = HRIS_EXPORT + (
        "Bad,Date,bad@example.com,Sales,X,31/31/2025,UTC,\n"
        "Bad,Zone,zone@example.com,Sales,X,2025-01-06,Mars/Base,\n"
        "Dup,Mail,ada@example.com,Sales,X,2025-01-06,UTC,\n"
    )
    response = post_csv(client, hr, bad)
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert [(e["row"], e["field"]) for e in errors] == [
        (5, "hire_date"),
        (6, "timezone"),
        (7, "email"),
    ]
    assert "nothing was imported" in response.json()["detail"]
    emails = {e.email for e in session.exec(select(Employee)).all()}
    assert emails == {"keep@example.com"}
    assert session.exec(select(Department).where(Department.name == "Engineering")).first() is None


def test_missing_required_column(client, hr):
    response = post_csv(client, hr, "Name,Email\nA,a@example.com\n")
    assert response.status_code == 422
    assert {e["column"] for e in response.json()["errors"]} == {"department", "hire_date"}


def test_dry_run_writes_nothing(client, hr, session):
    report = post_csv(client, hr, HRIS_EXPORT, dry_run="true").json()
    assert report["created"] == 3 and report["dry_run"] is True
    assert session.exec(select(Employee)).all() == []


def test_multipart_upload_and_semicolons(client, hr, session):
    text = "name;email;department;hire_date;is_executive\nZed;zed@example.com;Exec;2020-01-06;yes\n"
    response = client.post(
        "/api/v1/employees/import",
        files={"file": ("people.csv", text, "text/csv")},
        headers=hr.headers,
    )
    assert response.status_code == 200, response.text
    zed = session.exec(select(Employee).where(Employee.email == "zed@example.com")).one()
    assert zed.is_executive is True


def test_empty_file_and_employees_cannot_import(client, hr, staff):
    assert post_csv(client, hr, "").status_code == 422
    assert post_csv(client, staff, HRIS_EXPORT).status_code == 403


def test_every_problem_of_every_row_is_listed(client, hr, session):
    bad = (
        "Name,Email,Department,Start Date,Time Zone,Work Start,Work End,Executive\n"
        "Ann One,ann@example.com,,31/31/2025,Mars/Base,9am,17:00,maybe\n"
        "Bob Two,not-an-email,Sales,2025-01-06,UTC,17:00,17:00,no\n"
        "Cat Three,ann@example.com,Sales,2025-01-06,UTC,09:00,17:00,no\n"
    )
    response = post_csv(client, hr, bad)
    assert response.status_code == 422
    assert [(e["row"], e["field"]) for e in response.json()["errors"]] == [
        (2, "department"),
        (2, "hire_date"),
        (2, "is_executive"),
        (2, "work_start"),
        (2, "timezone"),
        (3, "email"),
        (3, "work_end"),
        (4, "email"),
    ]
    messages = {(e["row"], e["field"]): e["message"] for e in response.json()["errors"]}
    assert messages[(2, "hire_date")] == "'31/31/2025' is not a date (use YYYY-MM-DD)"
    assert messages[(4, "email")] == "ann@example.com already appears on line 2"
    assert response.json()["detail"] == "8 problem(s) in 3 row(s); nothing was imported."
    assert session.exec(select(Employee)).first() is None
