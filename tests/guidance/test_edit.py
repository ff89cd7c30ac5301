"""Editing guidance pages: co-ordinators and LA officers create and change pages, preview the
sanitised text without saving, and every save keeps a version and an audit event."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inclusion.audit.models import AuditEvent
from inclusion.guidance.models import GuidancePage, GuidancePageVersion
from tests.conftest import County
from tests.helpers import assert_govuk_error, content, on_page

MANAGE = reverse("guidance:manage")
CREATE = reverse("guidance:create")


def public_get(url: str) -> Any:
    """GET as someone who is not signed in."""
    return Client().get(url)


def page_data(**overrides: str) -> dict[str, str]:
    data = {
        "title": "Part-time timetables",
        "slug": "part-time-timetables",
        "summary": "When a part-time timetable is allowed.",
        "body": "## When\n\nOnly in **exceptional** cases.",
        "is_published": "on",
        "note": "First draft",
        "action": "save",
    }
    data.update(overrides)
    return data


def edit_url(page: GuidancePage) -> str:
    return reverse("guidance:edit", kwargs={"pk": page.pk})


@pytest.fixture
def fair_access(county: County) -> GuidancePage:
    return GuidancePage.objects.get(slug="fair-access")


def counts() -> tuple[int, int, int]:
    return (
        GuidancePage.objects.count(),
        GuidancePageVersion.objects.count(),
        AuditEvent.objects.filter(target_type="guidance.guidancepage").count(),
    )


@pytest.mark.parametrize("persona", ["coordinator", "la_officer"])
def test_editors_create_a_page_with_a_version_and_an_audit_event(persona_client, county, persona):
    response = persona_client(persona).post(CREATE, page_data())
    assert response.status_code == 302
    page = GuidancePage.objects.get(slug="part-time-timetables")
    assert page.is_published
    assert page.updated_by == county.memberships[persona].user
    version = page.versions.get()
    assert (version.title, version.body, version.note) == (page.title, page.body, "First draft")
    assert version.edited_by == county.memberships[persona].user
    event = AuditEvent.objects.get(target_id=str(page.pk))
    assert event.verb == AuditEvent.Verb.CREATE
    assert event.membership == county.memberships[persona]
    assert "body" in event.changes
    public = public_get(reverse("guidance:page", kwargs={"slug": "part-time-timetables"}))
    assert on_page(public, "Part-time timetables")
    assert "<strong>exceptional</strong>" in content(public)


def test_a_new_page_can_be_left_unpublished(persona_client, county):
    data = page_data()
    del data["is_published"]
    persona_client("coordinator").post(CREATE, data)
    assert not GuidancePage.objects.get(slug="part-time-timetables").is_published
    url = reverse("guidance:page", kwargs={"slug": "part-time-timetables"})
    assert public_get(url).status_code == 404


def test_preview_renders_sanitised_text_and_saves_nothing(persona_client, county):
    before = counts()
    body = "## Preview heading\n\n<script>alert(1)</script>Safe *text*"
    response = persona_client("coordinator").post(CREATE, page_data(body=body, action="preview"))
    assert response.status_code == 200
    html = content(response)
    assert '<h2 class="govuk-heading-m">Preview heading</h2>' in html
    assert "<em>text</em>" in html
    assert "<script>alert" not in html
    assert "It has not been saved yet" in html
    assert counts() == before


def test_preview_on_edit_saves_nothing(persona_client, fair_access):
    before = counts()
    response = persona_client("la_officer").post(
        edit_url(fair_access), page_data(body="New *words*", action="preview")
    )
    assert response.status_code == 200
    assert "<em>words</em>" in content(response)
    fair_access.refresh_from_db()
    assert "New" not in fair_access.body
    assert counts() == before


def test_preview_with_errors_is_400_and_shows_no_preview(persona_client, county):
    response = persona_client("coordinator").post(CREATE, page_data(body="", action="preview"))
    assert_govuk_error(response, "Enter the text of the page")
    assert "It has not been saved yet" not in content(response)


def test_editing_saves_a_new_version_and_an_audit_event(persona_client, county, fair_access):
    client = persona_client("coordinator")
    response = client.post(
        edit_url(fair_access),
        page_data(title="Fair Access Protocol", body="New body", note="Shorter", slug="ignored"),
    )
    assert response.status_code == 302
    fair_access.refresh_from_db()
    assert (fair_access.title, fair_access.body, fair_access.slug) == (
        "Fair Access Protocol",
        "New body",
        "fair-access",  # the web address cannot change
    )
    versions = list(fair_access.versions.order_by("edited_at", "id"))
    assert len(versions) == 2
    assert versions[0].body != "New body"  # the seeded text is kept
    assert (versions[1].body, versions[1].note) == ("New body", "Shorter")
    event = AuditEvent.objects.get(target_id=str(fair_access.pk), verb=AuditEvent.Verb.UPDATE)
    assert sorted(event.changes) == ["body", "summary", "title"]
    assert "New body" not in str(event.changes)


def test_saving_without_changes_writes_nothing(persona_client, fair_access):
    before = counts()
    data = page_data(
        title=fair_access.title,
        summary=fair_access.summary,
        body=fair_access.body,
        note="",
    )
    response = persona_client("coordinator").post(edit_url(fair_access), data, follow=True)
    assert on_page(response, "There were no changes to save")
    assert counts() == before


def test_unpublishing_hides_the_page(persona_client, fair_access):
    data = page_data(title=fair_access.title, summary=fair_access.summary, body=fair_access.body)
    del data["is_published"]
    persona_client("coordinator").post(edit_url(fair_access), data)
    assert public_get(reverse("guidance:page", kwargs={"slug": "fair-access"})).status_code == 404
    event = AuditEvent.objects.get(target_id=str(fair_access.pk), verb=AuditEvent.Verb.UPDATE)
    assert event.changes == ["is_published"]


BAD_PAGES = [
    ({"title": ""}, "Enter title"),
    ({"title": "x" * 121}, "Title must be 120 characters or fewer"),
    ({"body": "   \n  "}, "Enter the text of the page"),
    ({"body": "x" * 20_001}, "Text must be 20,000 characters or fewer"),
    ({"slug": ""}, "Enter a web address for the page"),
    ({"slug": "Has Spaces"}, "Web address must only include lower-case letters"),
    ({"slug": "services"}, "Enter a different web address: services is used by the advice pages"),
    ({"slug": "manage"}, "Enter a different web address: manage is used by the advice pages"),
    ({"slug": "fair-access"}, "Enter a different web address: another page already has it"),
    ({"summary": "x" * 201}, "Summary must be 200 characters or fewer"),
    ({"note": "x" * 201}, "What you changed must be 200 characters or fewer"),
]


@pytest.mark.parametrize(("overrides", "message"), BAD_PAGES)
def test_bad_input_on_create_is_400_and_writes_nothing(persona_client, county, overrides, message):
    before = counts()
    response = persona_client("coordinator").post(CREATE, page_data(**overrides))
    assert_govuk_error(response, message)
    assert counts() == before


def test_bad_input_on_edit_is_400_and_writes_nothing(persona_client, fair_access):
    before = counts()
    response = persona_client("coordinator").post(edit_url(fair_access), page_data(title=""))
    assert_govuk_error(response, "Enter title")
    assert counts() == before


def test_history_lists_versions_and_a_version_shows_its_rendered_text(persona_client, fair_access):
    client = persona_client("coordinator")
    client.post(edit_url(fair_access), page_data(title="Fair Access", body="Second <b>text</b>"))
    response = client.get(reverse("guidance:history", kwargs={"pk": fair_access.pk}))
    assert response.status_code == 200
    assert on_page(response, "Set up with the service")
    assert on_page(response, "First draft")
    versions = list(fair_access.versions.order_by("edited_at", "id"))
    assert len(versions) == 2
    old = client.get(
        reverse("guidance:version", kwargs={"pk": fair_access.pk, "version_id": versions[0].pk})
    )
    assert old.status_code == 200
    assert "20 school days" in content(old)
    new = client.get(
        reverse("guidance:version", kwargs={"pk": fair_access.pk, "version_id": versions[1].pk})
    )
    assert "Second text" in content(new)  # the <b> tag is not on the allow-list
    assert "<b>" not in content(new)


def test_a_version_of_another_page_is_404(persona_client, fair_access):
    other = GuidancePage.objects.get(slug="inclusion-forums").versions.get()
    url = reverse("guidance:version", kwargs={"pk": fair_access.pk, "version_id": other.pk})
    assert persona_client("coordinator").get(url).status_code == 404


def test_manage_lists_every_page_including_unpublished(persona_client, county):
    GuidancePage.objects.create(
        slug="draft-page", title="Hidden draft", body="x", is_published=False
    )
    response = persona_client("la_officer").get(MANAGE)
    assert on_page(response, "Hidden draft")
    assert on_page(response, "Not published")
    assert on_page(response, "Fair Access")


@pytest.mark.parametrize("persona", ["school_a", "chair", "provider", "governance"])
def test_others_cannot_post_to_the_edit_pages(persona_client, fair_access, persona):
    before = counts()
    client = persona_client(persona)
    assert client.post(CREATE, page_data()).status_code == 404
    assert client.post(edit_url(fair_access), page_data(title="Hacked")).status_code == 404
    assert counts() == before


def test_anonymous_posts_are_sent_to_sign_in(fair_access):
    response = Client().post(edit_url(fair_access), page_data(title="Hacked"))
    assert response.status_code == 302
    fair_access.refresh_from_db()
    assert fair_access.title != "Hacked"


def editor_queries(client: Any, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def add_pages_and_versions(county: County, n: int, start: int) -> GuidancePage:
    user = county.memberships["coordinator"].user
    page = GuidancePage.objects.get(slug="fair-access")
    for i in range(start, start + n):
        made = GuidancePage.objects.create(
            slug=f"bulk-{i}", title=f"Bulk {i}", body="Text", updated_by=user
        )
        GuidancePageVersion.objects.create(page=made, title=made.title, body="x", edited_by=user)
        GuidancePageVersion.objects.create(page=page, title=page.title, body="y", edited_by=user)
    return page


def test_editor_lists_keep_a_constant_query_count(persona_client, county):
    client = persona_client("coordinator")
    page = add_pages_and_versions(county, 1, 0)
    urls = [MANAGE, reverse("guidance:history", kwargs={"pk": page.pk})]
    small = [editor_queries(client, url) for url in urls]
    add_pages_and_versions(county, 10, 1)
    assert [editor_queries(client, url) for url in urls] == small
