"""Drive the service in a browser: visit pages, submit forms, and scan every page with axe-core.

Every page a test reaches through :class:`Site` (by address, by a link or by a form) is checked:
the response is not a server error, no same-origin file it loads (CSS, JavaScript, fonts, images)
failed, no script error was thrown, and axe-core finds no *serious* or *critical* violation.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import ConsoleMessage, Locator, Page, Response, expect

from tests.factories import PASSWORD
from tests.two_factor import TOTPDevice, authenticator_for, next_code

AXE_JS = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
FAILING_IMPACTS = frozenset({"serious", "critical"})

_RUN_AXE = """async () => {
  const results = await axe.run(document, {resultTypes: ['violations']});
  return results.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    helpUrl: v.helpUrl,
    nodes: v.nodes.map((n) => ({target: n.target.join(' '), summary: n.failureSummary || ''})),
  }));
}"""
_SCRIPT_ELEMENT = re.compile(r"<script\b[^>]*>.*?</script\s*>", re.IGNORECASE | re.DOTALL)
_CSRF_TOKEN = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*"')

# Fingerprints of the markup of pages axe-core found clean in this test process. The same
# markup (CSRF token aside) with the same styles gives the same result, so a page identical to
# one already scanned (the sign-in page, for one, opens nearly every test) is not scanned again.
_CLEAN_PAGES: set[str] = set()


class AccessibilityError(AssertionError):
    """axe-core found serious or critical violations on a page."""


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Every axe-core violation on the page as it is now (page scripts must be able to run).

    :class:`Site` has the browser load axe-core into every page up front (an init script is
    much faster than sending the 500 kB file for each page); otherwise it is injected here.
    """
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=AXE_JS)
    violations: list[dict[str, Any]] = page.evaluate(_RUN_AXE)
    return violations


def describe_violations(url: str, violations: list[dict[str, Any]]) -> str:
    lines = [f"{len(violations)} serious or critical accessibility violation(s) on {url}:"]
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"]:
            lines.append(f"    at {node['target']}")
            for detail in node["summary"].splitlines():
                lines.append(f"      {detail}")
        lines.append(f"    see {violation['helpUrl']}")
    return "\n".join(lines)


def _log_scan(url: str, violations: list[dict[str, Any]] | None) -> None:
    """With AXE_LOG=<file>, append every scan (all impacts) as a JSON line, for review.

    ``violations`` is None for a page identical to one already found clean.
    """
    log = os.environ.get("AXE_LOG")
    if not log:
        return
    entry: dict[str, Any] = {"url": url, "same_as_before": violations is None}
    if violations is not None:
        entry["violations"] = [
            {"id": v["id"], "impact": v["impact"], "targets": [n["target"] for n in v["nodes"]]}
            for v in violations
        ]
    with open(log, "a", encoding="utf-8") as handle:
        handle.write(json.dumps(entry) + "\n")


@dataclass
class Site:
    """One browser tab on the live server, with the checks above applied to every page.

    ``scanner`` is a tab with JavaScript on, used to scan pages when ``page`` has JavaScript
    off (axe-core cannot run there): the page's HTML is replayed into it without scripts.
    """

    page: Page
    base_url: str
    scanner: Page | None = None
    scanned: list[str] = field(default_factory=list)
    _script_errors: list[str] = field(default_factory=list)
    _failed_files: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        (self.scanner or self.page).context.add_init_script(path=AXE_JS)
        self.page.on("pageerror", lambda error: self._script_errors.append(str(error)))
        self.page.on("console", self._check_console)
        self.page.on("response", self._check_file)

    def _check_console(self, message: ConsoleMessage) -> None:
        # A failed file is reported by _check_file; an expected 404 page is not an error.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self._script_errors.append(f"console: {message.text}")

    def _check_file(self, response: Response) -> None:
        request = response.request
        if request.is_navigation_request() or not response.url.startswith(self.base_url):
            return
        if response.status >= 400:
            self._failed_files.append(f"{response.status} {response.url}")

    # Finding things

    @property
    def heading(self) -> Locator:
        return self.page.get_by_role("heading", level=1)

    @property
    def error_summary(self) -> Locator:
        return self.page.locator(".govuk-error-summary")

    @property
    def success_banner(self) -> Locator:
        return self.page.locator(".govuk-notification-banner--success")

    def path(self) -> str:
        parts = urlsplit(self.page.url)
        return parts.path + (f"?{parts.query}" if parts.query else "")

    # Moving around

    def visit(self, path: str, *, status: int = 200) -> Response:
        """Open ``path``, check the response and scan the page."""
        response = self.page.goto(self.base_url + path)
        assert response is not None, f"no response for {path}"
        return self._arrived(response, status)

    def follow(self, action: Callable[[], object], *, status: int = 200) -> Response:
        """Do ``action`` (a click), wait for the page it leads to, check it and scan it."""
        with self.page.expect_navigation() as navigation:
            action()
        response = navigation.value
        assert response is not None, f"no response after navigating to {self.page.url}"
        return self._arrived(response, status)

    def click_link(self, name: str, *, status: int = 200, exact: bool = True) -> Response:
        link = self.page.get_by_role("link", name=name, exact=exact)
        return self.follow(link.click, status=status)

    def submit(self, button: str, *, status: int = 200) -> Response:
        """Press the form's submit button; check and scan the page that comes back."""
        control = self.page.get_by_role("button", name=button, exact=True)
        return self.follow(control.click, status=status)

    def _arrived(self, response: Response, status: int) -> Response:
        assert response.status < 500, f"{response.status} from {response.url}"
        assert response.status == status, (
            f"expected {status} but got {response.status} from {response.url}"
        )
        self.scan()
        return response

    # Checking

    def scan(self) -> None:
        """Fail on script and console errors, failed files, and serious or critical violations."""
        url = self.page.url
        assert not self._script_errors, f"script errors on {url}: {self._script_errors}"
        assert not self._failed_files, f"files that failed to load on {url}: {self._failed_files}"
        self.scanned.append(url)
        html = self.page.content()
        markup = _CSRF_TOKEN.sub(r'\1"', html)
        fingerprint = hashlib.sha256(f"{self.scanner is None}:{markup}".encode()).hexdigest()
        if fingerprint in _CLEAN_PAGES:
            _log_scan(url, None)
            return
        target = self.page if self.scanner is None else self._replay_in_scanner(html)
        violations = axe_violations(target)
        _log_scan(url, violations)
        failing = [v for v in violations if v["impact"] in FAILING_IMPACTS]
        if failing:
            raise AccessibilityError(describe_violations(url, failing))
        _CLEAN_PAGES.add(fingerprint)

    def _replay_in_scanner(self, html: str) -> Page:
        """Load ``html`` (the JavaScript-free page's markup, scripts removed) into the scanner."""
        assert self.scanner is not None
        address = self.page.url.split("#", 1)[0]
        html = _SCRIPT_ELEMENT.sub("", html)
        self.scanner.route(
            lambda url: url.split("#", 1)[0] == address,
            lambda route: route.fulfill(
                status=200, content_type="text/html; charset=utf-8", body=html
            ),
            times=1,
        )
        self.scanner.goto(address)
        return self.scanner

    # Signing in

    def sign_in(self, email: str, *, password: str = PASSWORD) -> None:
        """Sign in through the real forms (password, then the authenticator app's code when the
        user's role needs one) and check the service accepted the details."""
        device = authenticator_for(email)
        self.visit("/account/sign-in/")
        self.page.get_by_label("Email address", exact=True).fill(email)
        self.page.get_by_label("Password", exact=True).fill(password)
        self.submit("Sign in")
        if self.path().startswith("/account/two-factor/"):
            self.enter_code(device)
        expect(self.page.get_by_role("button", name="Sign out")).to_be_visible()

    def enter_code(self, device: TOTPDevice) -> None:
        self.page.get_by_label("Code from your authenticator app").fill(next_code(device))
        self.submit("Continue")

    def sign_in_as(self, persona: str) -> None:
        self.sign_in(f"{persona}@example.org")


def expect_error_summary(site: Site, messages: list[str]) -> Locator:
    """The error summary shows exactly ``messages``, and the page title starts "Error: "."""
    summary = site.error_summary
    expect(summary).to_be_visible()
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(summary.locator(".govuk-error-summary__list li")).to_have_text(messages)
    assert site.page.title().startswith("Error: "), site.page.title()
    return summary
