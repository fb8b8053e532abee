"""People and time-off lists that help find someone: sortable people with their last and next
turn and a link to their rotation; time off filtered by person, department and dates."""

from datetime import date

from app.people.models import TimeOff
from tests.factories import make_department, make_employee
from tests.web.test_pages import _user, sign_in


def test_people_sort_and_link_and_time_off_filters(client, session) -> None:
    hr = _user(session, "hr")
    sales = make_department(session, name="Sales")
    ops = make_department(session, name="Ops")
    early = make_employee(
        session, name="Zoe Early", department_id=sales.id, hire_date=date(2019, 1, 7)
    )
    late = make_employee(
        session, name="Adam Late", department_id=ops.id, hire_date=date(2024, 5, 6)
    )
    session.add_all(
        [
            TimeOff(employee_id=early.id, first_day=date(2030, 3, 4), last_day=date(2030, 3, 8)),
            TimeOff(employee_id=late.id, first_day=date(2030, 6, 3), last_day=date(2030, 6, 4)),
        ]
    )
    session.commit()
    sign_in(client, hr.user.email)

    by_name = client.get("/employees").text
    assert by_name.index("Adam Late") < by_name.index("Zoe Early")
    assert f'<a href="/people/{late.id}">Adam Late</a>' in by_name
    by_hire = client.get("/employees?sort=hired").text
    assert by_hire.index("Zoe Early") < by_hire.index("Adam Late")
    newest = client.get("/employees?sort=-hired").text
    assert newest.index("Adam Late") < newest.index("Zoe Early")
    assert client.get("/employees?sort=salary").status_code == 422

    everyone = client.get("/time-off?from=2030-01-01").text
    assert "2 periods of time off overlap these dates." in everyone
    sales_only = client.get(f"/time-off?from=2030-01-01&department_id={sales.id}").text
    assert "<td>Zoe Early</td>" in sales_only and "<td>Adam Late</td>" not in sales_only
    march = client.get("/time-off?from=2030-03-01&until=2030-03-31").text
    assert "1 period of time off overlap these dates." in march and "<td>Zoe Early</td>" in march
    assert client.get("/time-off?from=soon").status_code == 422
