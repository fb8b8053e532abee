"""The CSV import page lists every problem of every row and gives the rows back to fix in
place; fixed rows pasted there import."""

import html
import re

from sqlmodel import select

from app.people.models import Employee
from tests.web.test_pages import _csrf, _user, sign_in

BAD = (
    "Name,Email,Department,Start Date\n"
    "Ann One,ann@example.com,,31/31/2025\n"
    "Bob Two,bob@example.com,Sales,2025-01-06\n"
)


def test_a_refused_file_comes_back_to_fix_and_fixed_rows_import(client, session) -> None:
    hr = _user(session, "hr")
    sign_in(client, hr.user.email)
    token = _csrf(client, "/employees/import")
    refused = client.post(
        "/employees/import",
        data={"csrf_token": token, "dry_run": "on"},
        files={"file": ("people.csv", BAD.encode(), "text/csv")},
    )
    assert refused.status_code == 422
    found = re.findall(r"<tr><td>(\d+)</td><td>([a-z_]+)</td><td>([^<]+)</td></tr>", refused.text)
    assert [(row, column, html.unescape(text)) for row, column, text in found] == [
        ("2", "department", "department is empty"),
        ("2", "hire_date", "'31/31/2025' is not a date (use YYYY-MM-DD)"),
    ]
    box = re.search(r'<textarea id="csv_text"[^>]*>(.*?)</textarea>', refused.text, re.S).group(1)
    assert html.unescape(box) == BAD
    assert '<input id="dry_run" name="dry_run" type="checkbox" checked>' in refused.text

    fixed = BAD.replace(",,31/31/2025", ",Sales,2025-01-31")
    imported = client.post(
        "/employees/import",
        data={"csrf_token": token, "csv_text": fixed},
        files={"file": ("", b"", "application/octet-stream")},
    )
    assert imported.status_code == 200, re.findall(
        r"class=\"error summary\"[^>]*>([^<]+)", imported.text
    )
    flash = imported.text.split('<p class="flash" role="status">', 1)[1].split("</p>", 1)[0]
    assert " ".join(flash.split()) == (
        "Imported: 2 new, 0 updated, 0 unchanged; new departments: Sales."
    )
    names = sorted(e.name for e in session.exec(select(Employee)).all())
    assert names == ["Ann One", "Bob Two"]
