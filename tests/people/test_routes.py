from datetime import date

from tests.factories import make_department, make_employee, make_time_off

PROBLEM = "application/problem+json"


def employee_body(department_id: int, **overrides):
    return {
        "name": "Grace Hopper",
        "email": "Grace@Example.com",
        "department_id": department_id,
        "hire_date": "2026-01-05",
        "timezone": "Europe/Berlin",
        "skills": ["DE", " de ", "billing"],
    } | overrides


class TestDepartments:
    def test_create_read_update_list(self, client, hr):
        created = client.post(
            "/api/v1/departments",
            json={"name": "Sales", "max_away_fraction": 0.1},
            headers=hr.headers,
        )
        assert created.status_code == 201
        dept = created.json()
        assert dept["name"] == "Sales" and dept["is_support"] is False
        patched = client.patch(
            f"/api/v1/departments/{dept['id']}", json={"max_away_fraction": 0.3}, headers=hr.headers
        )
        assert patched.json()["max_away_fraction"] == 0.3
        listed = client.get("/api/v1/departments", headers=hr.headers).json()
        assert [d["name"] for d in listed["items"]] == ["Sales"]
        assert listed["total"] == 1

    def test_duplicate_name_is_409(self, client, hr, session):
        make_department(session, name="Finance")
        response = client.post("/api/v1/departments", json={"name": "finance"}, headers=hr.headers)
        assert response.status_code == 409
        assert response.headers["content-type"] == PROBLEM
        assert response.json()["errors"][0]["field"] == "name"

    def test_cap_out_of_range_is_422(self, client, hr):
        response = client.post(
            "/api/v1/departments", json={"name": "X", "max_away_fraction": 1.5}, headers=hr.headers
        )
        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == "max_away_fraction"

    def test_delete_with_people_is_409_and_keeps_department(self, client, hr, session):
        dept = make_department(session)
        make_employee(session, department_id=dept.id)
        response = client.delete(f"/api/v1/departments/{dept.id}", headers=hr.headers)
        assert response.status_code == 409
        assert "still has 1 employee" in response.json()["detail"]
        assert client.get(f"/api/v1/departments/{dept.id}", headers=hr.headers).status_code == 200

    def test_delete_empty(self, client, hr, session):
        dept = make_department(session)
        assert (
            client.delete(f"/api/v1/departments/{dept.id}", headers=hr.headers).status_code == 204
        )
        assert client.get(f"/api/v1/departments/{dept.id}", headers=hr.headers).status_code == 404

    def test_headcount_counts_active_people(self, client, hr, session):
        dept = make_department(session)
        make_employee(session, department_id=dept.id)
        make_employee(session, department_id=dept.id, active=False)
        assert (
            client.get(f"/api/v1/departments/{dept.id}", headers=hr.headers).json()["headcount"]
            == 1
        )

    def test_employee_cannot_create(self, client, staff):
        response = client.post("/api/v1/departments", json={"name": "X"}, headers=staff.headers)
        assert response.status_code == 403


class TestEmployees:
    def test_create_normalises_and_reads_back(self, client, hr, session):
        dept = make_department(session)
        response = client.post("/api/v1/employees", json=employee_body(dept.id), headers=hr.headers)
        assert response.status_code == 201, response.text
        body = response.json()
        assert body["email"] == "grace@example.com"
        assert body["skills"] == ["de", "billing"]
        assert body["work_start"] == "09:00:00" and body["active"] is True
        again = client.get(f"/api/v1/employees/{body['id']}", headers=hr.headers).json()
        assert again == body

    def test_duplicate_email_is_409(self, client, hr, session):
        existing = make_employee(session, email="grace@example.com")
        response = client.post(
            "/api/v1/employees", json=employee_body(existing.department_id), headers=hr.headers
        )
        assert response.status_code == 409
        assert response.json()["errors"] == [
            {
                "field": "email",
                "message": "An employee with email grace@example.com already exists.",
            }
        ]

    def test_unknown_timezone_is_422_naming_the_field(self, client, hr, session):
        dept = make_department(session)
        response = client.post(
            "/api/v1/employees",
            json=employee_body(dept.id, timezone="Mars/Olympus"),
            headers=hr.headers,
        )
        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == "timezone"
        assert "unknown time zone" in response.json()["errors"][0]["message"]

    def test_hours_that_end_when_they_start_are_422_and_past_midnight_are_kept(
        self, client, hr, session
    ):
        dept = make_department(session)
        response = client.post(
            "/api/v1/employees",
            json=employee_body(dept.id, work_start="09:00", work_end="09:00"),
            headers=hr.headers,
        )
        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == "work_end"
        night = client.post(
            "/api/v1/employees",
            json=employee_body(dept.id, work_start="22:00", work_end="03:00"),
            headers=hr.headers,
        )
        assert night.status_code == 201, night.text
        assert (night.json()["work_start"], night.json()["work_end"]) == ("22:00:00", "03:00:00")

    def test_unknown_department_is_422(self, client, hr):
        response = client.post("/api/v1/employees", json=employee_body(999999), headers=hr.headers)
        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == "department_id"

    def test_bad_email_and_missing_fields(self, client, hr):
        response = client.post("/api/v1/employees", json={"email": "nope"}, headers=hr.headers)
        assert response.status_code == 422
        fields = {e["field"] for e in response.json()["errors"]}
        assert {"email", "name", "department_id", "hire_date"} <= fields

    def test_update_checks_merged_values(self, client, hr, session):
        person = make_employee(session)
        response = client.patch(
            f"/api/v1/employees/{person.id}", json={"work_end": "09:00"}, headers=hr.headers
        )
        assert response.status_code == 422  # merged with the stored 09:00 start
        ok = client.patch(
            f"/api/v1/employees/{person.id}",
            json={"title": "Staff Engineer", "is_executive": True},
            headers=hr.headers,
        )
        assert ok.json()["title"] == "Staff Engineer" and ok.json()["is_executive"] is True

    def test_update_to_taken_email_is_409(self, client, hr, session):
        make_employee(session, email="taken@example.com")
        person = make_employee(session)
        response = client.patch(
            f"/api/v1/employees/{person.id}",
            json={"email": "TAKEN@example.com"},
            headers=hr.headers,
        )
        assert response.status_code == 409

    def test_delete_deactivates(self, client, hr, session):
        person = make_employee(session)
        response = client.delete(f"/api/v1/employees/{person.id}", headers=hr.headers)
        assert response.status_code == 200 and response.json()["active"] is False
        assert client.get(f"/api/v1/employees/{person.id}", headers=hr.headers).status_code == 200

    def test_missing_is_404_problem(self, client, hr):
        response = client.get("/api/v1/employees/424242", headers=hr.headers)
        assert response.status_code == 404
        assert response.headers["content-type"] == PROBLEM
        assert response.json()["detail"] == "Employee 424242 does not exist."

    def test_list_filters_and_paginates(self, client, hr, session):
        sales = make_department(session, name="Sales")
        eng = make_department(session, name="Engineering")
        make_employee(session, name="A Exec", department_id=sales.id, is_executive=True)
        make_employee(session, name="B New", department_id=eng.id, hire_date=date(2027, 1, 4))
        make_employee(session, name="C Gone", department_id=eng.id, active=False)
        make_employee(session, name="D Old", department_id=eng.id, hire_date=date(2019, 5, 6))

        def names(**params):
            body = client.get("/api/v1/employees", params=params, headers=hr.headers).json()
            return [e["name"] for e in body["items"]]

        assert names(department_id=eng.id) == ["B New", "C Gone", "D Old"]
        assert names(active="false") == ["C Gone"]
        assert names(is_executive="true") == ["A Exec"]
        assert names(hired_after="2026-12-31") == ["B New"]
        assert names(q="old") == ["D Old"]
        page = client.get(
            "/api/v1/employees", params={"limit": 2, "offset": 2}, headers=hr.headers
        ).json()
        assert page["total"] == 4 and [e["name"] for e in page["items"]] == ["C Gone", "D Old"]

    def test_bad_pagination_is_422(self, client, hr):
        response = client.get("/api/v1/employees", params={"limit": 0}, headers=hr.headers)
        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == "limit"

    def test_employee_reads_only_own_record(self, client, staff, session):
        other = make_employee(session)
        own = client.get(f"/api/v1/employees/{staff.employee.id}", headers=staff.headers)
        assert own.status_code == 200
        assert client.get(f"/api/v1/employees/{other.id}", headers=staff.headers).status_code == 403
        assert client.get("/api/v1/employees", headers=staff.headers).status_code == 403
        assert (
            client.patch(
                f"/api/v1/employees/{staff.employee.id}",
                json={"title": "CEO"},
                headers=staff.headers,
            ).status_code
            == 403
        )

    def test_anonymous_is_401(self, client, engine):
        response = client.get("/api/v1/employees")
        assert response.status_code == 401
        assert response.headers["www-authenticate"] == "Bearer"


class TestTimeOff:
    def test_create_list_update_delete(self, client, hr, session):
        person = make_employee(session)
        body = {
            "employee_id": person.id,
            "first_day": "2027-07-05",
            "last_day": "2027-07-16",
            "reason": "Vacation",
        }
        created = client.post("/api/v1/time-off", json=body, headers=hr.headers)
        assert created.status_code == 201
        row = created.json()
        listed = client.get(
            "/api/v1/time-off",
            params={"start": "2027-07-10", "end": "2027-07-31"},
            headers=hr.headers,
        ).json()
        assert [r["id"] for r in listed["items"]] == [row["id"]]
        outside = client.get(
            "/api/v1/time-off", params={"start": "2027-08-01"}, headers=hr.headers
        ).json()
        assert outside["items"] == []
        patched = client.patch(
            f"/api/v1/time-off/{row['id']}", json={"last_day": "2027-07-09"}, headers=hr.headers
        )
        assert patched.json()["last_day"] == "2027-07-09"
        assert client.delete(f"/api/v1/time-off/{row['id']}", headers=hr.headers).status_code == 204

    def test_end_before_start_is_422(self, client, hr, session):
        person = make_employee(session)
        response = client.post(
            "/api/v1/time-off",
            json={"employee_id": person.id, "first_day": "2027-07-05", "last_day": "2027-07-01"},
            headers=hr.headers,
        )
        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == "last_day"

    def test_overlap_is_409(self, client, hr, session):
        existing = make_time_off(session)
        response = client.post(
            "/api/v1/time-off",
            json={
                "employee_id": existing.employee_id,
                "first_day": "2027-03-04",
                "last_day": "2027-03-10",
            },
            headers=hr.headers,
        )
        assert response.status_code == 409

    def test_employee_manages_only_own_time_off(self, client, staff, session):
        other = make_time_off(session)
        own = client.post(
            "/api/v1/time-off",
            json={
                "employee_id": staff.employee.id,
                "first_day": "2027-01-04",
                "last_day": "2027-01-05",
            },
            headers=staff.headers,
        )
        assert own.status_code == 201
        listed = client.get("/api/v1/time-off", headers=staff.headers).json()
        assert [r["employee_id"] for r in listed["items"]] == [staff.employee.id]
        assert client.get(f"/api/v1/time-off/{other.id}", headers=staff.headers).status_code == 403
        assert (
            client.delete(f"/api/v1/time-off/{other.id}", headers=staff.headers).status_code == 403
        )
        foreign = client.post(
            "/api/v1/time-off",
            json={
                "employee_id": other.employee_id,
                "first_day": "2027-01-04",
                "last_day": "2027-01-05",
            },
            headers=staff.headers,
        )
        assert foreign.status_code == 403


class TestCaps:
    def test_cap_in_people_with_a_warning_below_one_person(self, client, hr, session):
        small = make_department(session, name="Legal", max_away_fraction=0.05)
        for _ in range(3):
            make_employee(session, department_id=small.id)
        body = client.get(f"/api/v1/departments/{small.id}", headers=hr.headers).json()
        assert (body["headcount"], body["cap_people"]) == (3, 1)
        assert body["cap_warning"] == (
            "5% of 3 people is less than one person; 1 may still rotate at a time."
        )

    def test_a_share_of_zero_is_nobody(self, client, hr, session):
        closed = make_department(session, name="Board", max_away_fraction=0.0)
        make_employee(session, department_id=closed.id)
        body = client.get(f"/api/v1/departments/{closed.id}", headers=hr.headers).json()
        assert (body["cap_people"], body["cap_warning"]) == (0, None)

    def test_an_unknown_holiday_calendar_names_its_field(self, client, hr, session):
        dept = make_department(session)
        response = client.post(
            "/api/v1/employees",
            json=employee_body(dept.id, holiday_country="XX"),
            headers=hr.headers,
        )
        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == "holiday_country"
        ok = client.post(
            "/api/v1/employees",
            json=employee_body(dept.id, holiday_country="de", holiday_subdivision="BE"),
            headers=hr.headers,
        )
        assert ok.status_code == 201
        assert (ok.json()["holiday_country"], ok.json()["holiday_subdivision"]) == ("DE", "BE")
