from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import SetPasswordForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from inclusion.accounts import services, two_factor
from inclusion.accounts.access import acting_membership
from inclusion.accounts.forms import ChooseRoleForm, SignInForm
from inclusion.accounts.models import User
from inclusion.accounts.selectors import memberships_of
from inclusion.core.forms import form_status


def _signed_in_user(request: HttpRequest) -> User:
    if not isinstance(request.user, User):  # LoginRequiredMiddleware makes this unreachable
        raise Http404
    return request.user


def safe_next(request: HttpRequest) -> str | None:
    target = request.POST.get("next") or request.GET.get("next")
    # A line break passes the host check but cannot go in a Location header (a 500).
    if (
        target
        and target.isprintable()
        and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return target
    return None


@login_not_required
@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    form = SignInForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            user = services.sign_in(
                request=request,
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password"],
            )
        except services.LockedOutError:
            form.add_error(
                None,
                "You have entered the wrong details too many times. Wait "
                f"{settings.SIGN_IN_LOCKOUT_MINUTES} minutes and try again.",
            )
            status = 429
        else:
            if user is not None:
                return _after_password(request, user)
            form.add_error("email", "Enter a correct email address and password")
    if request.method == "POST" and status == 200:
        status = form_status(form)
    return render(
        request,
        "accounts/sign_in.html",
        {"form": form, "title": "Sign in", "next": safe_next(request) or ""},
        status=status,
    )


def _after_password(request: HttpRequest, user: User) -> HttpResponse:
    """On to the second factor when the user needs one, else where they were going."""
    onwards = safe_next(request)
    if not two_factor.requires_two_factor(user):
        return redirect(onwards or "core:home")
    name = "accounts:two_factor" if two_factor.has_app(user) else "accounts:two_factor_set_up"
    target = reverse(name)
    if onwards:
        target += "?" + urlencode({"next": onwards})
    return redirect(target)


@require_http_methods(["GET", "POST"])
def choose_role(request: HttpRequest) -> HttpResponse:
    user = _signed_in_user(request)
    memberships = list(memberships_of(user=user))
    if not memberships:
        return render(request, "accounts/no_role.html", {"title": "You do not have a role yet"})
    current = acting_membership(request)
    form = ChooseRoleForm(
        request.POST if request.method == "POST" else None,
        memberships=memberships,
        initial={"membership": str(current.pk) if current else None},
    )
    if request.method == "POST" and form.is_valid():
        services.act_as(request=request, user=user, membership=form.chosen())
        return redirect("core:home")
    return render(
        request,
        "accounts/choose_role.html",
        {"form": form, "title": "Choose your role"},
        status=form_status(form),
    )


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    services.sign_out(request=request, user=_signed_in_user(request))
    return redirect("accounts:signed_out")


@login_not_required
@require_GET
def signed_out(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/signed_out.html", {"title": "You have signed out"})


@require_GET
def account(request: HttpRequest) -> HttpResponse:
    user = _signed_in_user(request)
    return render(
        request,
        "accounts/account.html",
        {
            "title": "Your account",
            "memberships": memberships_of(user=user),
            "account": user,
            "app": two_factor.app_device(user),
            "recovery_codes_left": two_factor.recovery_codes_left(user),
            "two_factor_required": two_factor.requires_two_factor(user),
        },
    )


password_reset = auth_views.PasswordResetView.as_view(
    template_name="accounts/password_reset.html",
    email_template_name="accounts/email/password_reset.txt",
    subject_template_name="accounts/email/password_reset_subject.txt",
    success_url=reverse_lazy("accounts:password_reset_done"),
    extra_context={"title": "Reset your password"},
)
password_reset_done = auth_views.PasswordResetDoneView.as_view(
    template_name="accounts/password_reset_done.html",
    extra_context={"title": "Check your email"},
)


class _PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    def form_valid(self, form: SetPasswordForm[User]) -> HttpResponse:
        response = super().form_valid(form)
        services.password_reset_completed(user=form.user)
        return response


password_reset_confirm = _PasswordResetConfirmView.as_view(
    template_name="accounts/password_reset_confirm.html",
    success_url=reverse_lazy("accounts:password_reset_complete"),
    extra_context={"title": "Choose a new password"},
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="accounts/password_reset_complete.html",
    extra_context={"title": "Your password has been changed"},
)
