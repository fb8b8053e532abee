"""An employee in a real browser: copy the feed link, ask for a swap, log a learning."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import shot, sign_in


def test_employee_copies_feed_asks_swap_and_logs_learning(page, server):
    sign_in(page, "erin@example.com")
    expect(page.get_by_role("heading", name="My rotation")).to_be_visible()
    link = page.get_by_label("Calendar link")
    url = link.input_value()
    assert re.fullmatch(re.escape(server["base"]) + r"/calendars/\d+-[A-Za-z0-9_-]+\.ics", url)
    page.get_by_role("button", name="Copy link").click()
    expect(page.get_by_text("Copied to the clipboard.")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == url
    # The copied link really is a calendar.
    feed = page.request.get(url)
    assert feed.ok and feed.headers["content-type"].startswith("text/calendar")
    assert "BEGIN:VCALENDAR" in feed.text()
    expect(page.get_by_role("heading", name=re.compile("^Week of "))).not_to_have_count(0)
    shot(page, "my-rotation")

    page.get_by_role("link", name="Ask for a swap").first.click()
    turn = page.get_by_label("Your week")
    week = turn.locator("option").first.inner_text()
    page.get_by_label("Note for colleagues").fill("Family wedding that week")
    page.get_by_role("button", name="Offer this week").click()
    expect(page.get_by_role("status")).to_contain_text("is offered; colleagues can take it.")
    row = page.get_by_role("row", name=re.compile("Family wedding that week"))
    expect(row).to_contain_text("open")
    assert week.split("(")[0].replace("Week of ", "").strip() in row.inner_text()
    shot(page, "swaps")

    page.goto("/learnings/new")
    page.get_by_label("What did customers run into?").fill(
        "Callers cannot find where to download invoices"
    )
    page.get_by_label("Category").select_option(label="Pain point")
    page.get_by_label("Product area").fill("billing")
    page.get_by_label("Route to department").select_option(label="Sales")
    page.get_by_label("Customers who raised it").fill("7")
    page.get_by_role("button", name="Save learning").click()
    expect(page.get_by_role("status")).to_have_text(
        "Thank you: your learning is routed to the department."
    )
    summary = page.locator("strong", has_text="Callers cannot find where to download invoices")
    expect(summary).to_be_visible()
    expect(page.get_by_text(re.compile(r"routed to Sales\s+·\s+7 customer"))).to_be_visible()
    shot(page, "learning")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Learnings").click()
    expect(
        page.get_by_role("link", name="Callers cannot find where to download invoices")
    ).to_be_visible()


def test_learning_form_error_keeps_values(page, server):
    sign_in(page, "erin@example.com")
    page.goto("/learnings/new")
    page.get_by_label("Product area").fill("search")
    page.get_by_label("Customers who raised it").fill("0")
    page.get_by_role("button", name="Save learning").click()
    expect(page.locator("#error-summary")).to_have_text("Required.")
    expect(page.locator("#error-customers_affected")).to_be_visible()
    expect(page.get_by_label("Product area")).to_have_value("search")
    expect(page.get_by_label("Customers who raised it")).to_have_value("0")


def test_my_rotation_on_a_phone(browser, server):
    context = browser.new_context(
        base_url=server["base"], viewport={"width": 390, "height": 844}, is_mobile=True
    )
    page = context.new_page()
    sign_in(page, "erin@example.com")
    expect(page.get_by_role("button", name="Copy link")).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways on a phone ({width}px)"
    shot(page, "my-rotation-phone")
    context.close()
