"""The seeded guidance pages and support services (data migration
``guidance/0002_seed_guidance_pages_and_support_services``)."""

from __future__ import annotations

import importlib
import re

from django.apps import apps

from inclusion.guidance.markdown import render_markdown
from inclusion.guidance.models import GuidancePage, SupportService

seed_migration = importlib.import_module(
    "inclusion.guidance.migrations.0002_seed_guidance_pages_and_support_services"
)

SLUGS = {
    "what-to-do-next",
    "seeking-external-support",
    "using-alternative-provision",
    "illegal-schools",
    "inclusion-forums",
    "risk-of-permanent-exclusion",
    "fair-access",
    "ofsted-and-pupils-in-ap",
    "visits-to-pupils-at-ap",
    "city-address-pupils",
    "looked-after-pupils",
}
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
PHONE = re.compile(r"\b0\d{3,4} ?\d{3} ?\d{3,4}\b")


def test_every_heading_is_a_published_page_with_its_first_version(db):
    pages = GuidancePage.objects.filter(slug__in=SLUGS)
    assert {page.slug for page in pages} == SLUGS
    for page in pages:
        assert page.is_published
        assert page.summary
        version = page.versions.get()
        assert (version.body, version.edited_by) == (page.body, None)
        assert version.note == "Set up with the service"


def test_seeded_text_renders_and_uses_only_fictional_contacts(db):
    for page in GuidancePage.objects.filter(slug__in=SLUGS):
        html = str(render_markdown(page.body))
        assert '<h2 class="govuk-heading-m">' in html, page.slug
        for match in EMAIL.finditer(page.body):
            assert match.group().endswith("@example.org"), match.group()
        for match in PHONE.finditer(page.body):
            assert match.group().replace(" ", "").startswith("01632960"), match.group()


def test_statutory_points_follow_the_reference(db):
    def body(slug: str) -> str:
        return GuidancePage.objects.get(slug=slug).body

    assert "**5 or more**" in body("illegal-schools")
    assert "18 hours a week" in body("illegal-schools")
    assert "**20 school days**" in body("fair-access")
    assert "**45 school days**" in body("risk-of-permanent-exclusion")
    assert "Partnership Chair first" in body("risk-of-permanent-exclusion")
    assert "Virtual School Head" in body("looked-after-pupils")
    assert "Leicestershire Virtual School" in body("looked-after-pupils")


def test_about_eight_fictional_services_across_categories(db):
    services = list(SupportService.objects.filter(is_active=True))
    assert len(services) >= 8
    assert len({service.category for service in services}) >= 6
    for service in services:
        assert service.url == "" or ".example.org" in service.url
        assert service.phone == "" or service.phone.startswith("01632 960")


def test_the_seed_can_be_reversed_and_run_again(db):
    seed_migration.unseed(apps, None)
    assert not GuidancePage.objects.filter(slug__in=SLUGS).exists()
    assert not SupportService.objects.exists()
    seed_migration.seed(apps, None)
    seed_migration.seed(apps, None)  # running twice adds nothing
    assert GuidancePage.objects.filter(slug__in=SLUGS).count() == len(SLUGS)
    assert SupportService.objects.count() == len(seed_migration.SERVICES)
