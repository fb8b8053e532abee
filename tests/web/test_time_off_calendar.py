"""The month calendar of time off: a row per person away, their days off, their own public
holidays and the weekends marked, how many are away each day, a department filter."""

import re
from datetime import date

from app.people.models import TimeOff
from tests.factories import make_department, make_employee
from tests.web.test_pages import _user, sign_in


def _rows(page: str) -> dict[str, list[str]]:
    body = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    found = {}
    for row in re.findall(r"<tr>(.*?)</tr>", body, re.S):
        name = re.search(r'<a href="/time-off\?employee_id=\d+">([^<]+)</a>', row).group(1)
        found[name] = re.findall(r'<td class="([a-z]*)"', row)
    return found


def test_a_month_of_time_off_marks_days_away_holidays_and_weekends(client, session) -> None:
    hr = _user(session, "hr")
    eng = make_department(session, name="Engineering")
    sales = make_department(session, name="Sales")
    ana = make_employee(session, name="Ana Away", department_id=eng.id)
    ben = make_employee(session, name="Ben Berlin", department_id=sales.id, holiday_country="DE")
    make_employee(session, name="Cleo Here", department_id=eng.id)
    session.add_all(
        [  # Ana's stretch runs into April; Ben's two days sit before Germany's Easter holidays
            TimeOff(employee_id=ana.id, first_day=date(2027, 3, 30), last_day=date(2027, 4, 2)),
            TimeOff(
                employee_id=ben.id,
                first_day=date(2027, 3, 1),
                last_day=date(2027, 3, 2),
                reason="Moving house",
            ),
        ]
    )
    session.commit()
    sign_in(client, hr.user.email)

    page = client.get("/time-off/calendar?month=2027-03")
    assert page.status_code == 200
    rows = _rows(page.text)
    assert list(rows) == ["Ana Away", "Ben Berlin"]  # Cleo has no time off: no row

    def marks(kind: str, name: str) -> list[int]:
        return [day + 1 for day, k in enumerate(rows[name]) if k == kind]

    weekends = [6, 7, 13, 14, 20, 21, 27, 28]
    assert marks("away", "Ana Away") == [30, 31]
    assert marks("weekend", "Ana Away") == weekends and marks("holiday", "Ana Away") == []
    assert marks("away", "Ben Berlin") == [1, 2]
    assert marks("holiday", "Ben Berlin") == [26, 29]  # Good Friday, Easter Monday
    assert 'title="Moving house"' in page.text
    totals = page.text.split("<tfoot>", 1)[1].split("</tfoot>", 1)[0]
    per_day = re.findall(r"<td>(\d*)</td>", totals)[:31]
    assert [i + 1 for i, n in enumerate(per_day) if n] == [1, 2, 30, 31]

    april = _rows(client.get("/time-off/calendar?month=2027-04").text)
    assert list(april) == ["Ana Away"]
    assert [d + 1 for d, k in enumerate(april["Ana Away"]) if k == "away"] == [1, 2]
    sales_only = _rows(
        client.get(f"/time-off/calendar?month=2027-03&department_id={sales.id}").text
    )
    assert list(sales_only) == ["Ben Berlin"]
    refused = client.get("/time-off/calendar?month=March")
    assert refused.status_code == 422
    assert "Give a month such as 2027-03." in refused.text
