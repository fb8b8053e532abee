"""The rotation grid at scale: find a person, a week range, each department's load against its
cap per week, and the same view as a CSV file that spreadsheets open safely."""

import csv
import io
from datetime import date, timedelta

from app.auth.service import hash_password
from app.schedules import grid
from tests.factories import make_line
from tests.schedules.test_loop import START, generate
from tests.web.test_pages import PASSWORD, sign_in


def test_the_grid_filters_shows_caps_and_exports(client, hr, session) -> None:
    line = make_line(session)
    line["eng"][0].name = "=Eve Formula"
    line["eng"][1].email = "=1+cmd@example.com"  # a valid address that starts like a formula
    hr.user.password_hash = hash_password(PASSWORD)
    session.add_all([line["eng"][0], line["eng"][1], hr.user])
    session.commit()
    schedule_id = generate(client, hr, weeks=4)
    sign_in(client, hr.user.email)

    page = client.get(f"/schedules/{schedule_id}/grid").text
    assert "Engineering away <small>(cap 2)</small>" in page
    assert "Sales away <small>(cap 2)</small>" in page
    assert "Support away" not in page  # the support team is always on the line

    found = client.get(f"/schedules/{schedule_id}/grid?q=sol+sales1").text
    assert "Sol Sales1" in found and "Sol Sales2" not in found and "Eve Engineer" not in found

    second = date.fromisoformat(START) + timedelta(weeks=1)
    ranged = client.get(f"/schedules/{schedule_id}/grid?from={second}&weeks=2").text
    assert "1 of 4 weeks" not in ranged and "2 of 4 weeks" in ranged
    bad = client.get(f"/schedules/{schedule_id}/grid?from=someday")
    assert bad.status_code == 422

    exported = client.get(f"/schedules/{schedule_id}/grid.csv")
    assert exported.headers["content-type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(exported.text)))
    weeks = [str(date.fromisoformat(START) + timedelta(weeks=i)) for i in range(4)]
    assert rows[0] == ["name", "email", "department", *weeks]
    by_name = {r[0]: r for r in rows[1:]}
    assert "'=Eve Formula" in by_name  # a formula-looking name stays text
    assert by_name[line["eng"][1].name][1] == "'=1+cmd@example.com"  # and so does every column
    assert len(rows) - 1 == len(line["eng"]) + len(line["sales"])  # everyone rotates once
    assert all(sum(1 for cell in r[3:] if cell) == 1 for r in rows[1:])  # one turn each


def test_the_grid_pages_by_people_and_the_csv_streams_every_page(
    client, hr, session, monkeypatch
) -> None:
    line = make_line(session)
    hr.user.password_hash = hash_password(PASSWORD)
    session.add(hr.user)
    session.commit()
    schedule_id = generate(client, hr, weeks=4)
    sign_in(client, hr.user.email)
    everyone = len(line["eng"]) + len(line["sales"])  # the support team has no turns
    monkeypatch.setattr(grid, "PAGE", 3)
    monkeypatch.setattr(grid, "CSV_PAGE", 2)

    first = client.get(f"/schedules/{schedule_id}/grid").text
    assert f"1–3 of {everyone}" in first
    assert (
        f"/schedules/{schedule_id}/grid?department_id=&amp;q=&amp;from=&amp;weeks=26&amp;offset=3"
        in first
    )
    second = client.get(f"/schedules/{schedule_id}/grid?offset=3").text
    assert f"4–6 of {everyone}" in second
    names = [e.name for e in line["eng"] + line["sales"]]
    on_first = {n for n in names if f">{n}\n" in first or f">{n} " in first}
    on_second = {n for n in names if f">{n}\n" in second or f">{n} " in second}
    assert len(on_first) == 3 and len(on_second) == 3 and not on_first & on_second

    rows = list(csv.reader(io.StringIO(client.get(f"/schedules/{schedule_id}/grid.csv").text)))
    assert rows[0][:3] == ["name", "email", "department"]
    assert sorted(r[0] for r in rows[1:]) == sorted(names)  # every page, the header once
