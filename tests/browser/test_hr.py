"""HR in a real browser: change a rule, generate with a live progress bar, publish, see the grid."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import shot, sign_in


def test_hr_changes_a_rule_generates_and_publishes(page, server):
    sign_in(page, "hr@example.com")
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
    # The plan starts next Monday: the dashboard shows that first week, not an empty one.
    expect(page.get_by_role("heading", name=re.compile("^On the line from "))).to_be_visible()
    expect(page.get_by_role("heading", name="Swaps waiting for approval")).to_be_visible()
    shot(page, "hr-dashboard")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Rules").click()
    expect(page.get_by_role("cell", name="Fortnightly week")).to_be_visible()
    shot(page, "rules")
    page.get_by_role("row", name=re.compile("Fortnightly week")).get_by_role(
        "link", name="Edit"
    ).click()
    cycle = page.get_by_label("Cycle length in weeks")
    expect(cycle).to_have_value("2")
    cycle.fill("3")
    page.get_by_role("button", name="Preview who is due").click()
    expect(page.locator(".summary-line")).to_have_text(
        re.compile(r"^\d+ people due; a quick plan of every active rule with this one places \d+")
    )
    expect(page.get_by_role("table", name="Load per week against the caps")).to_be_visible()
    expect(page.get_by_label("Cycle length in weeks")).to_have_value("3")
    shot(page, "rule-form-preview")
    page.get_by_role("button", name="Save rule").click()
    expect(page.get_by_role("status")).to_have_text("Rule saved. Generate a schedule to apply it.")
    expect(page.get_by_role("cell", name="1 per 3 weeks")).to_be_visible()

    page.get_by_role("link", name="Schedules").first.click()
    page.get_by_label("Weeks").fill("4")
    page.get_by_label("Time limit (seconds)").fill("15")
    page.get_by_role("button", name="Generate").click()
    bar = page.locator("progress")
    expect(bar).to_be_visible()
    review = page.get_by_role("link", name="Review the draft")
    expect(review).to_be_visible(timeout=60_000)
    expect(bar).to_have_attribute("value", "100")
    expect(page.get_by_text("Done: the draft is ready to review.")).to_be_visible()
    expect(page.get_by_role("button", name="Cancel")).to_be_hidden()
    expect(
        page.get_by_role("heading", name=re.compile("^Draft ready: 4 weeks from "))
    ).to_be_visible()
    expect(page.locator("[data-stages] li.done")).to_have_count(4)
    expect(page.locator("[data-elapsed]")).to_have_text(re.compile(r"^\d+ s$|^\d+ min \d\d s$"))
    shot(page, "job-finished")
    review.click()

    expect(page.get_by_role("heading", name=re.compile(r"Schedule \d+ draft"))).to_be_visible()
    expect(
        page.get_by_role("heading", name=re.compile("Compared with the published"))
    ).to_be_visible()
    shot(page, "schedule-draft")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_role("status")).to_have_text("Publishing started.")
    published = page.get_by_role("link", name="See the published plan")
    expect(published).to_be_visible(timeout=60_000)
    expect(page.get_by_text("Published: calendars and messages follow it.")).to_be_visible()
    expect(page.get_by_role("button", name="Cancel")).to_have_count(0)
    published.click()
    expect(
        page.get_by_role("heading", name=re.compile("Rotation grid .* published"))
    ).to_be_visible()
    grid = page.get_by_role("table", name="People by week")
    expect(grid.get_by_role("rowheader", name=re.compile("Erin Example"))).to_be_visible()
    rows = grid.locator("tbody tr:not(.load)")  # people, not the departments' load rows
    assert rows.count() >= 10
    for i in range(rows.count()):  # everyone listed has at least one week on the line
        assert rows.nth(i).locator("td.on").count() >= 1
    expect(grid.get_by_role("rowheader", name=re.compile(r"^Engineering away"))).to_be_visible()
    shot(page, "rotation-grid")

    page.get_by_label("Department").select_option(label="Sales")
    page.get_by_role("button", name="Show").click()
    expect(grid.get_by_role("rowheader", name=re.compile("Erin Example"))).to_have_count(0)
    expect(grid.get_by_role("rowheader", name=re.compile("Sales Person0"))).to_be_visible()

    page.goto(page.url.split("/grid")[0] + "/coverage")
    expect(
        page.get_by_role("table", name="Staffed against needed, by day, shift and channel")
    ).to_be_visible()
    shot(page, "coverage-heatmap")
    page.goto(page.url.split("/coverage")[0] + f"/weeks/{server['start']}")
    expect(page.get_by_role("table", name="Shifts this week")).to_be_visible()
    shot(page, "week-board")


def test_hr_form_error_keeps_what_was_typed(page, server):
    sign_in(page, "hr@example.com")
    page.goto("/employees/new")
    page.get_by_label("Full name").fill("Quinn Typed")
    page.get_by_label("Work email").fill("not-an-email")
    page.get_by_label("Time zone").fill("Mars/Olympus")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Please correct the fields marked below.")).to_be_visible()
    expect(page.locator("#error-email")).to_be_visible()
    expect(page.locator("#error-timezone")).to_be_visible()
    expect(page.get_by_label("Full name")).to_have_value("Quinn Typed")
    expect(page.get_by_label("Work email")).to_have_value("not-an-email")
    expect(page.get_by_label("Work email")).to_have_attribute("aria-invalid", "true")
    shot(page, "employee-form-errors")
    page.get_by_label("Work email").fill("quinn@example.com")
    page.get_by_label("Time zone").fill("Europe/Berlin")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_have_text("Employee added.")
    page.get_by_label("Search").fill("Quinn")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_role("link", name="Quinn Typed", exact=True)).to_be_visible()
    shot(page, "employees")


def test_employee_cannot_open_hr_pages(page, server):
    sign_in(page, "erin@example.com")
    response = page.goto("/dashboard")
    assert response.status == 403
    expect(page.get_by_role("alert")).to_have_text("This page is for HR.")
