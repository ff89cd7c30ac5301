"""Reads of quality assurance visits, scoped to the acting membership (DESIGN.md §5).

QA reports are for everyone who may see the provider: every school in the county reads them.
"""

from __future__ import annotations

import uuid

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from inclusion.accounts.models import Membership
from inclusion.providers.models import Provider, QaAction, QaVisit
from inclusion.providers.selectors.access import access_provider, providers_visible_to


def qa_visits_of(provider: Provider) -> QuerySet[QaVisit]:
    """The provider's visits, newest first, with counts of open and all actions."""
    return (
        QaVisit.objects.filter(provider=provider)
        .select_related("recorded_by")
        .annotate(
            action_count=Count("actions"),
            open_actions=Count("actions", filter=Q(actions__completed_on__isnull=True)),
        )
        .order_by("-visited_on", "-created_at")
    )


def provider_with_visits(*, membership: Membership | None, pk: uuid.UUID) -> Provider:
    """The provider and its visits (``provider.visits``), or 404."""
    provider = access_provider(membership=membership, pk=pk)
    provider.visits = list(qa_visits_of(provider))  # type: ignore[attr-defined]
    return provider


def access_qa_visit(*, membership: Membership | None, pk: uuid.UUID) -> QaVisit:
    """One visit, with its judgements and actions, of a provider the membership may see."""
    visit = (
        QaVisit.objects.filter(provider__in=providers_visible_to(membership=membership), pk=pk)
        .select_related("provider", "recorded_by")
        .prefetch_related("judgements", Prefetch("actions", QaAction.objects.order_by("due_on")))
        .first()
    )
    if visit is None:
        raise Http404
    return visit


def access_qa_action(*, membership: Membership | None, pk: uuid.UUID) -> QaAction:
    action = (
        QaAction.objects.filter(
            visit__provider__in=providers_visible_to(membership=membership), pk=pk
        )
        .select_related("visit__provider")
        .first()
    )
    if action is None:
        raise Http404
    return action


def latest_qa_visit(provider: Provider) -> QaVisit | None:
    """The provider's latest visit with its judgements (two queries), for its page."""
    return (
        QaVisit.objects.filter(provider=provider)
        .prefetch_related("judgements")
        .order_by("-visited_on", "-created_at")
        .first()
    )
