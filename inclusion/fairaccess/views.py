"""Fair Access pages: the case list, intake, the case page with its checklist and fairness table,
the steps (in-year applications, panel, decision, offer and start), closing a case without a
place, draft e-mails, the panel meetings and their agendas, and the partnership's e-mail
templates. Out of scope, or a role without the rule: 404."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from inclusion.accounts.access import actor_of, can, requires
from inclusion.accounts.models import Role
from inclusion.calendar.days import calendars_for
from inclusion.core.forms import GovukForm, form_status
from inclusion.core.templatetags.govuk import govuk_date
from inclusion.fairaccess import presenters as present
from inclusion.fairaccess import selectors, services
from inclusion.fairaccess.emails import PLACEHOLDERS
from inclusion.fairaccess.forms import (
    AttemptForm,
    CaseForm,
    CloseForm,
    DecisionForm,
    OfferForm,
    PanelForm,
    TemplateForm,
)
from inclusion.fairaccess.models import TRANSITIONS, FairAccessCase, Status, Step


def _clock(case: FairAccessCase) -> present.ClockView:
    calendars = calendars_for([case.partnership.local_authority])
    return present.clock_view(case, calendars, timezone.localdate())


def _refused(form: GovukForm, error: services.FairAccessError) -> None:
    form.add_error(None, str(error))


@require_GET
@requires("fairaccess.view_cases")
def case_list(request: HttpRequest) -> HttpResponse:
    _, membership = actor_of(request)
    today = timezone.localdate()
    cases = selectors.case_list(membership=membership)
    calendars = calendars_for({case.partnership.local_authority for case in cases})
    rows = present.case_rows(cases, calendars, today)
    return render(
        request,
        "fairaccess/list.html",
        {
            "title": "Fair Access cases",
            "rows": rows,
            "problems": sorted({row.clock.problem for row in rows if row.clock.problem}),
            "can_open": can(membership, "fairaccess.manage_case"),
            "can_edit_templates": can(membership, "fairaccess.edit_templates"),
            "sees_panels": can(membership, "fairaccess.view_panels"),
            "is_school": membership.role == Role.SCHOOL_STAFF,
        },
    )


@require_http_methods(["GET", "POST"])
@requires("fairaccess.manage_case")
def case_open(request: HttpRequest) -> HttpResponse:
    user, membership = actor_of(request)
    partnerships = selectors.partnerships_for_cases(membership=membership)
    posted = request.method == "POST"
    form = CaseForm(
        request.POST if posted else None,
        partnerships=partnerships,
        today=timezone.localdate(),
        choose_partnership=membership.role != Role.COORDINATOR,
    )
    if posted and form.is_valid():
        partnership = form.cleaned_data.get("partnership") or partnerships.get()
        case = services.case_open(
            actor=user, membership=membership, partnership=partnership, details=form.details()
        )
        messages.success(request, f"Fair Access case {case.reference} has been opened")
        return redirect("fairaccess:detail", pk=case.pk)
    return render(
        request,
        "fairaccess/open.html",
        {"title": "Open a Fair Access case", "form": form},
        status=form_status(form),
    )


@require_GET
@requires("fairaccess.view_cases")
def case_detail(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    user, membership = actor_of(request)
    case = selectors.access_case(membership=membership, pk=pk)
    services.case_viewed(actor=user, membership=membership, case=case)
    clock = _clock(case)
    file = can(membership, "fairaccess.view_case_file")
    attempts = selectors.case_attempts(case) if file else []
    manages = can(membership, "fairaccess.manage_case")
    fairness = None
    if can(membership, "fairaccess.view_fairness"):
        fairness = selectors.fairness_table(case, today=timezone.localdate())
    return render(
        request,
        "fairaccess/detail.html",
        {
            "title": f"Fair Access case {case.reference}",
            "case": case,
            "clock": clock,
            "sees_file": file,
            "manages": manages,
            "attempts": attempts,
            "checklist": present.checklist(case, len(attempts), manages=manages) if file else [],
            "history": selectors.case_history(case) if file else [],
            "fairness": fairness,
            "sees_panel": can(membership, "fairaccess.view_panels"),
            "can_close": manages and Status.CLOSED in TRANSITIONS[case.status],
            "closure_reason": present.closure_reason(case),
        },
    )


@require_http_methods(["GET", "POST"])
@requires("fairaccess.manage_case")
def attempt_add(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    user, membership = actor_of(request)
    case = selectors.case_to_manage(membership=membership, pk=pk)
    if case.status == Status.CLOSED:
        raise Http404
    posted = request.method == "POST"
    form = AttemptForm(request.POST if posted else None, today=timezone.localdate())
    if posted and form.is_valid():
        services.attempt_add(actor=user, membership=membership, case=case, details=form.details())
        messages.success(request, "The in-year application has been recorded")
        return redirect("fairaccess:detail", pk=case.pk)
    return render(
        request,
        "fairaccess/step_form.html",
        {
            "title": "Record an in-year application",
            "case": case,
            "form": form,
            "intro": "The protocol applies only after the ordinary in-year admissions route has "
            "failed. Record each school applied to, when, and what it said.",
            "button": "Record the application",
        },
        status=form_status(form),
    )


@require_http_methods(["GET", "POST"])
@requires("fairaccess.manage_case")
def case_panel(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    user, membership = actor_of(request)
    case = selectors.case_to_manage(membership=membership, pk=pk)
    if case.status not in (Status.OPEN, Status.AT_PANEL):
        raise Http404
    posted = request.method == "POST"
    initial = {"meets_on": case.panel.meets_on} if case.panel else None
    form = PanelForm(request.POST if posted else None, case=case, initial=initial)
    if posted and form.is_valid():
        try:
            services.case_list_for_panel(
                actor=user, membership=membership, case=case, meets_on=form.cleaned_data["meets_on"]
            )
        except services.FairAccessError as error:
            _refused(form, error)
        else:
            messages.success(request, "The case is on the panel meeting's agenda")
            return redirect("fairaccess:detail", pk=case.pk)
    return render(
        request,
        "fairaccess/step_form.html",
        {
            "title": "Put the case on a panel agenda",
            "case": case,
            "form": form,
            "intro": f"The case goes on the agenda of the {case.partnership.name}'s Fair Access "
            "panel meeting on this date.",
            "button": "Put on the agenda",
        },
        status=form_status(form),
    )


@require_http_methods(["GET", "POST"])
@requires("fairaccess.manage_case")
def case_decide(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    user, membership = actor_of(request)
    case = selectors.case_to_manage(membership=membership, pk=pk)
    if case.status != Status.AT_PANEL:
        raise Http404
    today = timezone.localdate()
    posted = request.method == "POST"
    form = DecisionForm(
        request.POST if posted else None,
        case=case,
        schools=selectors.allocatable_schools(case).order_by("name"),
        today=today,
    )
    if posted and form.is_valid():
        data = form.cleaned_data
        try:
            services.case_allocate(
                actor=user,
                membership=membership,
                case=case,
                school=data["school"],
                allocated_on=data["allocated_on"],
                notes=data["notes"],
            )
        except services.FairAccessError as error:
            _refused(form, error)
        else:
            messages.success(request, f"A place has been allocated at {data['school'].name}")
            return redirect("fairaccess:detail", pk=case.pk)
    return render(
        request,
        "fairaccess/decide.html",
        {
            "title": "Record the panel's decision",
            "case": case,
            "form": form,
            "clock": _clock(case),
            "fairness": selectors.fairness_table(case, today=today),
        },
        status=form_status(form),
    )


@require_http_methods(["GET", "POST"])
@requires("fairaccess.manage_case")
def case_offer(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    user, membership = actor_of(request)
    case = selectors.case_to_manage(membership=membership, pk=pk)
    if case.status not in (Status.ALLOCATED, Status.OFFERED):
        raise Http404
    posted = request.method == "POST"
    initial = {"offered_on": case.offered_on}
    form = OfferForm(request.POST if posted else None, case=case, initial=initial)
    if posted and form.is_valid():
        try:
            services.case_offer(
                actor=user,
                membership=membership,
                case=case,
                offered_on=form.cleaned_data["offered_on"],
                starts_on=form.cleaned_data["starts_on"],
            )
        except services.FairAccessError as error:
            _refused(form, error)
        else:
            messages.success(request, "The offer has been recorded")
            return redirect("fairaccess:detail", pk=case.pk)
    school = case.allocated_school.name if case.allocated_school else ""
    return render(
        request,
        "fairaccess/step_form.html",
        {
            "title": "Record the offer and start",
            "case": case,
            "form": form,
            "intro": f"The offer of a place at {school}. Add the start date once it is agreed.",
            "button": "Save",
        },
        status=form_status(form),
    )


@require_http_methods(["GET", "POST"])
@requires("fairaccess.manage_case")
def case_close(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    user, membership = actor_of(request)
    case = selectors.case_to_manage(membership=membership, pk=pk)
    if Status.CLOSED not in TRANSITIONS[case.status]:
        raise Http404
    posted = request.method == "POST"
    form = CloseForm(request.POST if posted else None, case=case, today=timezone.localdate())
    if posted and form.is_valid():
        try:
            services.case_close(
                actor=user, membership=membership, case=case, details=form.details()
            )
        except services.FairAccessError as error:
            _refused(form, error)
        else:
            messages.success(request, f"Fair Access case {case.reference} has been closed")
            return redirect("fairaccess:detail", pk=case.pk)
    return render(
        request,
        "fairaccess/step_form.html",
        {
            "title": "Close the case without a place",
            "case": case,
            "form": form,
            "intro": "Close the case when the child no longer needs a place through the "
            "protocol. A closed case cannot be changed, is off the 20-school-day clock and is "
            "not counted in the fairness table.",
            "button": "Close the case",
        },
        status=form_status(form),
    )


def _step(step: str) -> Step:
    try:
        return Step(step)
    except ValueError:
        raise Http404 from None


@require_GET
@requires("fairaccess.view_case_file")
def case_draft(request: HttpRequest, pk: uuid.UUID, step: str) -> HttpResponse:
    user, membership = actor_of(request)
    chosen = _step(step)
    case = selectors.access_case(membership=membership, pk=pk)
    services.case_viewed(actor=user, membership=membership, case=case)
    own = selectors.partnership_templates(case.partnership_id)
    draft = present.draft(chosen.value, own, present.draft_values(case, _clock(case)))
    can_edit = can(membership, "fairaccess.edit_templates")
    return render(
        request,
        "fairaccess/draft.html",
        {
            "title": f"Draft e-mail: {chosen.label}",
            "case": case,
            "step": chosen,
            "draft": draft,
            "can_edit": can_edit and membership.partnership_id == case.partnership_id,
        },
    )


@require_GET
@requires("fairaccess.view_panels")
def panel_detail(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    _, membership = actor_of(request)
    panel = selectors.access_panel(membership=membership, pk=pk)
    return render(
        request,
        "fairaccess/panel.html",
        {
            "title": f"Fair Access panel, {govuk_date(panel.meets_on)}",
            "panel": panel,
            "agenda": selectors.panel_agenda(panel),
        },
    )


@require_GET
@requires("fairaccess.view_panels")
def panel_list(request: HttpRequest) -> HttpResponse:
    _, membership = actor_of(request)
    panels = selectors.panel_list(membership=membership, today=timezone.localdate())
    return render(
        request,
        "fairaccess/panels.html",
        {
            "title": "Fair Access panel meetings",
            "panels": panels,
            "many_partnerships": membership.role == Role.LA_OFFICER,
        },
    )


@require_GET
@requires("fairaccess.edit_templates")
def template_list(request: HttpRequest) -> HttpResponse:
    _, membership = actor_of(request)
    if membership.partnership_id is None:
        raise Http404
    own = selectors.partnership_templates(membership.partnership_id)
    rows = [(step, present.template_for(step.value, own), step.value in own) for step in Step]
    return render(
        request,
        "fairaccess/templates.html",
        {"title": "Fair Access e-mail templates", "rows": rows},
    )


@require_http_methods(["GET", "POST"])
@requires("fairaccess.edit_templates")
def template_edit(request: HttpRequest, step: str) -> HttpResponse:
    user, membership = actor_of(request)
    chosen = _step(step)
    partnership = membership.partnership
    if partnership is None:
        raise Http404
    own = selectors.partnership_templates(partnership.pk)
    current = present.template_for(chosen.value, own)
    posted = request.method == "POST"
    form = TemplateForm(
        request.POST if posted else None,
        initial={"subject": current.subject, "body": current.body},
    )
    if posted and form.is_valid():
        services.template_save(
            actor=user,
            membership=membership,
            partnership=partnership,
            step=chosen.value,
            subject=form.cleaned_data["subject"],
            body=form.cleaned_data["body"],
        )
        messages.success(request, f"The e-mail template for {chosen.label.lower()} is saved")
        return redirect("fairaccess:templates")
    return render(
        request,
        "fairaccess/template_edit.html",
        {
            "title": f"E-mail template: {chosen.label}",
            "form": form,
            "placeholders": PLACEHOLDERS,
        },
        status=form_status(form),
    )
