"""Reads for the advice pages. Guidance, support services and partnerships' public contacts are
public information; unpublished pages and inactive services are for editors only, and a page the
public may not read is a 404 exactly as if it did not exist. (Forthcoming forum dates come from
``inclusion.forums.selectors.public``.)"""

from __future__ import annotations

import uuid

from django.db.models import Count, QuerySet
from django.http import Http404

from inclusion.guidance.models import GuidancePage, GuidancePageVersion, SupportService
from inclusion.organisations.models import Partnership


def published_pages() -> QuerySet[GuidancePage]:
    return GuidancePage.objects.filter(is_published=True).only(
        "id", "slug", "title", "summary", "position"
    )


def published_page(*, slug: str) -> GuidancePage:
    page = GuidancePage.objects.filter(slug=slug, is_published=True).first()
    if page is None:
        raise Http404
    return page


def pages_for_editors() -> QuerySet[GuidancePage]:
    return (
        GuidancePage.objects.select_related("updated_by")
        .annotate(version_count=Count("versions"))
        .defer("body")
    )


def page_for_editors(*, pk: uuid.UUID) -> GuidancePage:
    page = GuidancePage.objects.filter(pk=pk).first()
    if page is None:
        raise Http404
    return page


def page_versions(*, page: GuidancePage) -> QuerySet[GuidancePageVersion]:
    return page.versions.select_related("edited_by").defer("body").order_by("-edited_at", "-id")


def page_version(*, page: GuidancePage, pk: int) -> GuidancePageVersion:
    version = page.versions.select_related("edited_by").filter(pk=pk).first()
    if version is None:
        raise Http404
    return version


def slug_taken(*, slug: str) -> bool:
    return GuidancePage.objects.filter(slug=slug).exists()


def active_services() -> QuerySet[SupportService]:
    return SupportService.objects.filter(is_active=True).order_by("category", "name")


def services_for_editors() -> QuerySet[SupportService]:
    return SupportService.objects.order_by("-is_active", "category", "name")


def service_for_editors(*, pk: uuid.UUID) -> SupportService:
    service = SupportService.objects.filter(pk=pk).first()
    if service is None:
        raise Http404
    return service


def public_partnerships() -> QuerySet[Partnership]:
    return Partnership.objects.only(
        "id", "name", "area", "public_contact_name", "public_email", "public_phone"
    ).order_by("name")


def public_partnership(*, pk: uuid.UUID) -> Partnership:
    partnership = public_partnerships().filter(pk=pk).first()
    if partnership is None:
        raise Http404
    return partnership
