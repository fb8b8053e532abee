"""Two rules that reach the same people are allowed but never silent: the preview, the saved
message and the rules list all say which rules overlap and for whom."""

import re

from app.rules.models import RotationRule
from app.rules.service import preset_rule
from tests.factories import make_department
from tests.web.test_pages import sign_in_as


def _csrf(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def test_a_second_onboarding_rule_is_warned_about(client, hr, session) -> None:
    session.add(RotationRule(**preset_rule("onboarding_fortnight").model_dump()))
    sales = make_department(session, name="Sales")
    sign_in_as(client, session, hr)

    page = client.get("/rules/new?preset=onboarding_fortnight").text
    assert "Overlaps “Onboarding fortnight”: both reach new hires" in page
    assert 'action="/rules/new?preset=onboarding_fortnight#preview-title"' in page
    values = {
        "csrf_token": _csrf(page),
        "intent": "save",
        "name": "Onboarding again",
        "applies_to": "new_hires",
        "days_per_turn": "5",
        "turn_weeks": "2",
        "turns_per_cycle": "1",
        "cycle_weeks": "52",
        "cooldown_weeks": "0",
        "start_within_weeks": "4",
        "active": "on",
    }
    saved = client.post("/rules/new", data=values, follow_redirects=False)
    assert saved.status_code == 303
    listed = client.get("/rules").text
    assert "It overlaps another rule: see below." in listed
    assert listed.count("Overlaps “") == 2  # each of the two names the other

    department_rule = values | {
        "name": "Sales fortnight",
        "applies_to": "departments",
        "department_ids": str(sales.id),
        "start_within_weeks": "",
        "csrf_token": _csrf(listed),
    }
    done = client.post("/rules/new", data=department_rule, follow_redirects=False)
    assert done.status_code == 303, re.findall(r'class="error"[^>]*>([^<]+)', done.text)
    listed = client.get("/rules").text
    assert "Sales fortnight" in listed and listed.count("Overlaps “") == 2
    assert "both reach Sales" not in listed  # new hires and one department are not the same
