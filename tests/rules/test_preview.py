"""The rule preview shows the load per week and department against the caps, with every
other active rule in place, and the gaps the solve would start from."""

import re
from datetime import date

from app import clock
from app.auth.service import hash_password
from tests.factories import make_line
from tests.web.test_pages import PASSWORD, sign_in


def _csrf(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def _cells(page: str) -> list[list[str]]:
    table = page.split('class="load-table"', 1)[1].split("</table>", 1)[0]
    body = table.split("<tbody>", 1)[1]
    rows = re.findall(r"<tr>(.*?)</tr>", body, re.S)
    return [
        [
            " ".join(re.sub(r"<[^>]+>", " ", c).split())
            for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r, re.S)
        ]
        for r in rows
    ]


def test_preview_shows_each_weeks_load_against_caps_and_the_gaps_it_predicts(
    client, hr, session, monkeypatch
) -> None:
    monkeypatch.setattr(clock, "today", lambda: date(2027, 2, 24))  # the preview starts 1 March
    line = make_line(session)
    hr.user.password_hash = hash_password(PASSWORD)
    session.add(hr.user)
    session.commit()
    sign_in(client, hr.user.email)
    page = client.get("/rules/new").text
    shown = client.post(
        "/rules/new",
        data={
            "csrf_token": _csrf(page),
            "intent": "preview",
            "name": "Sales fortnight",
            "applies_to": "departments",
            "department_ids": str(line["departments"]["sales"].id),
            "days_per_turn": "5",
            "turn_weeks": "2",
            "turns_per_cycle": "1",
            "cycle_weeks": "4",
            "cooldown_weeks": "0",
            "start_within_weeks": "",
            "active": "on",
        },
    )
    assert shown.status_code == 200
    page = shown.text
    head = page.split('class="load-table"', 1)[1].split("</thead>", 1)[0]
    assert re.findall(r'<th scope="col">([^<]+)</th>', head)[3:] == ["Sales", "Engineering"]
    # Sales people rotate under the monthly rule too: three weeks in five, two may be away.
    assert _cells(page) == [
        ["Mon 01 Mar", "4 (1 from this rule)", "20 of 5", "2 of 2", "2 of 2"],
        ["Mon 08 Mar", "4 (1 from this rule)", "20 of 5", "2 of 2", "2 of 2"],
        ["Mon 15 Mar", "4 (1 from this rule)", "20 of 5", "2 of 2", "2 of 2"],
        ["Mon 22 Mar", "4 (3 from this rule)", "20 of 5", "4 of 2 (over)", "0 of 2"],
        ["Mon 29 Mar", "2 (2 from this rule)", "10 of 5", "2 of 2", "0 of 2"],
    ]
    summary = page.split('class="summary-line">', 1)[1].split("</p>")[0]
    assert " ".join(re.sub(r"<[^>]+>", " ", summary).split()) == (
        "4 people due; a quick plan of every active rule with this one places 4 of them "
        "and predicts 1 gap (Department caps: 1)."
    )
    assert "Week of 2027-03-22: Sales cap of 2 reached; 2 people more away than allowed" in page
