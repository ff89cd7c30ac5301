"""My actions: the forum actions owned by the signed-in person, their school (school staff)
or their partnership (co-ordinators), open ones first and overdue ones flagged; and marking
one done with the date it was done."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from inclusion.accounts.access import actor_of, requires
from inclusion.core.forms import form_status
from inclusion.core.pagination import pagination_links
from inclusion.forums.forms.actions import ActionDoneForm
from inclusion.forums.presenters.cases import present_action
from inclusion.forums.selectors.actions import access_action, my_actions
from inclusion.forums.services import actions as services
from inclusion.forums.services.errors import ForumError

PAGE_SIZE = 50


@require_GET
@requires("forums.view_actions")
def action_list(request: HttpRequest) -> HttpResponse:
    _, membership = actor_of(request)
    today = timezone.localdate()
    page = Paginator(my_actions(membership=membership), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [present_action(action, today) for action in page.object_list]
    return render(
        request,
        "forums/my_actions.html",
        {
            "title": "My actions",
            "rows": rows,
            "overdue": sum(1 for row in rows if row.overdue),
            "pagination": pagination_links(request, page),
        },
    )


@require_http_methods(["GET", "POST"])
@requires("forums.view_actions")
def action_done(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    user, membership = actor_of(request)
    action = access_action(membership=membership, pk=pk)
    if action.completed_on is not None:
        messages.success(request, "That action is already marked as done")
        return redirect("forums:my_actions")
    posted = request.method == "POST"
    form = ActionDoneForm(
        request.POST if posted else None,
        decided_on=timezone.localdate(action.decision.created_at),
        initial={"completed_on": timezone.localdate()},
    )
    if posted and form.is_valid():
        try:
            services.action_complete(
                actor=user,
                membership=membership,
                action=action,
                completed_on=form.cleaned_data["completed_on"],
            )
        except ForumError as error:
            messages.success(request, error.message)
        else:
            messages.success(request, "The action has been marked as done")
        return redirect("forums:my_actions")
    return render(
        request,
        "forums/action_done.html",
        {
            "title": "Mark an action as done",
            "form": form,
            "row": present_action(action, timezone.localdate()),
        },
        status=form_status(form),
    )


urlpatterns: list[URLPattern] = [
    path("actions/", action_list, name="my_actions"),
    path("actions/<uuid:pk>/done/", action_done, name="action_done"),
]
