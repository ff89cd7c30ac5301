"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

Every test here is marked ``browser``, runs on a transactional database (the live server reads
it from another thread) and, when it fails, leaves a screenshot of each open tab in
``tests/browser/screenshots/``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page

from inclusion.accounts.models import Role
from tests.browser.site import Site
from tests.conftest import County
from tests.factories import MembershipFactory, UserFactory

# The sync Playwright API runs an event loop in the test thread; Django's ORM refuses to run
# there unless told it is safe (it is: nothing else uses the loop).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

HERE = Path(__file__).resolve().parent
SCREENSHOTS = HERE / "screenshots"
CHROMIUM = "/usr/bin/chromium"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(
    browser_type_launch_args: dict[str, Any], live_server: Any
) -> dict[str, Any]:
    """Launch Debian's Chromium (Playwright cannot download browsers here), headless.

    Requesting ``live_server`` starts the server before the browser, so the browser is closed
    first: a server stopped under an open browser can leave its keep-alive request threads using
    a database connection no longer shared with them.
    """
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture(scope="session", autouse=True)
def _serialized_contents_in_playwright_context(
    django_db_setup: None, request: pytest.FixtureRequest
) -> None:
    """Keep serialized rollback working once Playwright's event loop runs in this thread.

    Django keeps database connections in an asgiref ``Local``, which is per thread in sync code
    but per context once an event loop is running, as it is under the sync Playwright API.
    From then on the tests get a new connection object (to the same in-memory database) that
    lacks the copy of the migrated data Django took when it created the test database, and
    serialized rollback would silently do nothing.
    """
    from django.db import connections

    before = {alias: connections[alias] for alias in connections}
    request.getfixturevalue("playwright")
    for alias, original in before.items():
        contents = getattr(original, "_test_serialized_contents", None)
        if contents is not None:
            connections[alias]._test_serialized_contents = contents  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def _live_database(transactional_db: None, django_db_serialized_rollback: None) -> None:
    """Commit data so the live server sees it; restore migration data after each flush.

    A transactional test ends by emptying every table, which would drop the rows the migrations
    load (local authorities); serialized rollback puts them back before the next test.
    """


@pytest.fixture
def two_role_user(county: County) -> str:
    """A user who is school staff at school A and co-ordinator of its partnership."""
    user = UserFactory.create(email="two_roles@example.org", full_name="Sam Two-Roles")
    MembershipFactory.create(user=user, role=Role.SCHOOL_STAFF, school=county.school_a)
    MembershipFactory.create(user=user, role=Role.COORDINATOR, partnership=county.partnership)
    return user.email


@pytest.fixture(scope="session")
def base_url(live_server: Any) -> str:
    """The live server's address (replaces pytest-playwright's ``--base-url`` option)."""
    return str(live_server.url)


@pytest.fixture
def site(page: Page, base_url: str) -> Site:
    page.set_default_timeout(10_000)
    return Site(page=page, base_url=base_url)


@pytest.fixture
def no_js_site(new_context: Any, base_url: str) -> Site:
    """A tab with JavaScript off (pages must still work), plus a tab with it on to scan them."""
    page = new_context(java_script_enabled=False).new_page()
    scanner = new_context().new_page()
    for tab in (page, scanner):
        tab.set_default_timeout(10_000)
    return Site(page=page, base_url=base_url, scanner=scanner)


def _open_pages(item: pytest.Item) -> Iterator[Page]:
    seen: set[int] = set()
    for value in getattr(item, "funcargs", {}).values():
        candidates: list[Page] = []
        if isinstance(value, Page):
            candidates = [value]
        elif isinstance(value, BrowserContext):
            candidates = list(value.pages)
        elif isinstance(value, Site):
            candidates = [value.page]
        for candidate in candidates:
            if id(candidate) not in seen and not candidate.is_closed():
                seen.add(id(candidate))
                yield candidate


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, Any, None]:
    outcome = yield
    report: pytest.TestReport = outcome.get_result()
    if report.when != "call" or not report.failed:
        return
    SCREENSHOTS.mkdir(exist_ok=True)
    name = re.sub(r"[^A-Za-z0-9_.-]+", "-", item.nodeid.split("/")[-1]).strip("-")
    saved = []
    for index, page in enumerate(_open_pages(item), start=1):
        path = SCREENSHOTS / f"{name}-{index}.png"
        try:
            page.screenshot(path=path, full_page=True, timeout=5_000)
        except Exception as error:  # a screenshot must never hide the failure itself
            saved.append(f"could not save {path.name}: {error}")
        else:
            saved.append(f"{path} ({page.url})")
    if saved:
        report.sections.append(("Screenshots", "\n".join(saved)))
