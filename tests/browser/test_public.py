"""Pages anyone may open, and signing in, out and resetting a password."""

from __future__ import annotations

import re
import time
from base64 import b32decode
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django_otp.oath import TOTP
from playwright.sync_api import expect

from tests.browser.site import Site, expect_error_summary
from tests.conftest import County
from tests.factories import PASSWORD
from tests.two_factor import authenticator_for

NEW_PASSWORD = "a-new-and-longer-passphrase"


def test_public_pages_work_signed_out(site: Site) -> None:
    pages = [
        ("/", "Keep pupils at risk in education"),
        ("/accessibility/", "Accessibility statement for Inclusion Partnerships"),
        ("/privacy/", "Privacy notice"),
        ("/cookies/", "Cookies"),
    ]
    for path, heading in pages:
        site.visit(path)
        expect(site.heading).to_have_text(heading)
        expect(site.page.get_by_role("link", name="Sign in", exact=True)).to_be_visible()
        expect(site.page.get_by_role("button", name="Sign out")).to_have_count(0)


def test_start_page_leads_to_sign_in_and_home(site: Site, county: County) -> None:
    site.visit("/")
    site.follow(site.page.get_by_role("button", name="Sign in").click)
    expect(site.heading).to_have_text("Sign in")
    site.page.get_by_label("Email address", exact=True).fill("school_a@example.org")
    site.page.get_by_label("Password", exact=True).fill(PASSWORD)
    device = authenticator_for("school_a@example.org")
    site.submit("Sign in")
    expect(site.heading).to_have_text("Enter the code from your authenticator app")
    site.enter_code(device)
    expect(site.heading).to_have_text("Brookvale Academy")


def test_sign_in_page_shows_errors(site: Site, county: County) -> None:
    site.visit("/account/sign-in/")
    site.submit("Sign in", status=400)
    summary = expect_error_summary(site, ["Enter your email address", "Enter your password"])
    expect(summary).to_be_focused()
    for link_name, field_id in [
        ("Enter your email address", "id_email"),
        ("Enter your password", "id_password"),
    ]:
        summary.get_by_role("link", name=link_name).click()
        expect(site.page.locator(f"#{field_id}")).to_be_focused()
    expect(site.page.locator("#id_email-error")).to_have_text("Error: Enter your email address")

    site.page.get_by_label("Email address", exact=True).fill("school_a@example.org")
    site.page.get_by_label("Password", exact=True).fill("not-the-password")
    site.submit("Sign in", status=400)
    expect_error_summary(site, ["Enter a correct email address and password"])
    expect(site.page.get_by_label("Email address", exact=True)).to_have_value(
        "school_a@example.org"
    )
    expect(site.page.get_by_label("Password", exact=True)).to_have_value("")

    site.page.get_by_label("Email address", exact=True).fill("not an address")
    site.page.get_by_label("Password", exact=True).fill("anything")
    site.submit("Sign in", status=400)
    expect_error_summary(
        site, ["Enter an email address in the correct format, like name@example.com"]
    )


def test_signed_out_visitor_signs_in_and_returns_to_the_page_asked_for(
    site: Site, county: County
) -> None:
    site.visit("/pupils/")
    assert site.path() == "/account/sign-in/?next=/pupils/"
    expect(site.heading).to_have_text("Sign in")
    site.page.get_by_label("Email address", exact=True).fill("school_a@example.org")
    site.page.get_by_label("Password", exact=True).fill(PASSWORD)
    site.submit("Sign in")
    # First sign-in: set up an authenticator app from the key on the page, then save the codes.
    expect(site.heading).to_have_text("Set up two-factor sign-in")
    key = site.page.locator("#secret").inner_text().replace(" ", "")
    code = TOTP(b32decode(key + "=" * (-len(key) % 8)), 30, 0, 6, 0)
    code.time = time.time()
    site.page.get_by_label("Code from your authenticator app").fill(f"{code.token():06d}")
    site.submit("Continue")
    expect(site.heading).to_have_text("Your recovery codes")
    expect(site.page.locator(".app-recovery-codes li")).to_have_count(10)
    site.follow(site.page.get_by_role("button", name="I have saved my recovery codes").click)
    assert site.path() == "/pupils/"
    expect(site.heading).to_have_text("Pupils")

    site.submit("Sign out")
    expect(site.heading).to_have_text("You have signed out")
    site.click_link("Sign in again")
    expect(site.heading).to_have_text("Sign in")


@pytest.mark.usefixtures("county")
def test_password_reset(site: Site) -> None:
    site.visit("/account/sign-in/")
    site.click_link("I have forgotten my password")
    expect(site.heading).to_have_text("Reset your password")

    site.submit("Send the link", status=200)
    assert site.error_summary.count() == 1, "an empty address should be refused"
    expect(site.error_summary).to_be_focused()

    site.page.get_by_label("Email", exact=False).fill("school_a@example.org")
    site.submit("Send the link")
    expect(site.heading).to_have_text("Check your email")

    assert len(mail.outbox) == 1
    body = str(mail.outbox[0].body)
    link = re.search(r"https?://\S+/account/password-reset/\S+/\S+/", body)
    assert link is not None, body
    site.visit(urlsplit(link.group(0)).path)
    expect(site.heading).to_have_text("Choose a new password")
    site.page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    site.page.get_by_label("New password confirmation", exact=True).fill("something-else-entirely")
    site.submit("Change password", status=200)
    expect(site.error_summary).to_be_visible()

    site.page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    site.page.get_by_label("New password confirmation", exact=True).fill(NEW_PASSWORD)
    site.submit("Change password")
    expect(site.heading).to_have_text("Your password has been changed")
    site.sign_in("school_a@example.org", password=NEW_PASSWORD)


def test_used_password_reset_link_explains_itself(site: Site) -> None:
    site.visit("/account/password-reset/MQ/not-a-token/")
    expect(site.heading).to_have_text("This link has expired or been used")
