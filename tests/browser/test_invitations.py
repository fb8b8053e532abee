"""HR makes a sign-in link for a colleague without a login; the colleague opens it in
their own browser, chooses a password and lands on their rotation."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import shot, sign_in


def test_hr_invites_and_the_colleague_signs_in(browser, page, server) -> None:
    sign_in(page, "hr@example.com")
    page.goto("/employees")
    row = page.get_by_role("row", name=re.compile("Support Person2"))
    row.get_by_role("link", name="Edit").click()
    expect(page.get_by_text("No login yet")).to_be_visible()
    page.get_by_role("button", name="Make a sign-in link").click()
    expect(page.get_by_role("status")).to_contain_text("A new sign-in link for Support Person2")
    link = page.get_by_label("Sign-in link for Support Person2").input_value()
    assert link.startswith(server["base"] + "/login/link/")
    shot(page, "sign-in-and-directory")

    colleague = browser.new_context(base_url=server["base"])
    own = colleague.new_page()
    own.goto(link)
    expect(own.get_by_role("heading", name="Welcome, Support Person2")).to_be_visible()
    own.get_by_label(re.compile("Choose a password")).fill("support-2-password")
    own.get_by_role("button", name="Sign in").click()
    expect(own.get_by_role("heading", name="My rotation")).to_be_visible()
    # Used once: the same link now explains itself instead of signing anyone in.
    other = browser.new_context(base_url=server["base"]).new_page()
    other.goto(link)
    expect(other.get_by_role("alert")).to_contain_text("not valid any more")
    colleague.close()
    other.context.close()

    page.reload()
    expect(page.get_by_role("row", name=re.compile("Support Person2"))).to_contain_text("used")
