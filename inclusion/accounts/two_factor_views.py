"""The two-factor pages: set up an authenticator app, enter its code or a recovery code, and
see new recovery codes once."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from inclusion.accounts import two_factor
from inclusion.accounts.forms import AppCodeForm, RecoveryCodeForm
from inclusion.accounts.models import User
from inclusion.accounts.views import safe_next
from inclusion.core.forms import form_status

_NEW_CODES_KEY = "new_recovery_codes"
_WRONG = {
    False: "The code is not right. Enter the code the app shows now",
    True: "That recovery code is not right or has been used",
}


def _user(request: HttpRequest) -> User:
    if not isinstance(request.user, User):  # LoginRequiredMiddleware makes this unreachable
        raise Http404
    return request.user


def _onwards(request: HttpRequest) -> HttpResponse:
    return redirect(safe_next(request) or "core:home")


def _locked_out(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.error(
        request,
        "You have entered the wrong code too many times. Wait "
        f"{settings.SIGN_IN_LOCKOUT_MINUTES} minutes and sign in again.",
    )
    return redirect("accounts:sign_in")


def _show_codes(request: HttpRequest, codes: list[str]) -> HttpResponse:
    request.session[_NEW_CODES_KEY] = codes
    target = reverse("accounts:recovery_codes")
    next_page = safe_next(request)
    if next_page:
        target += "?" + urlencode({"next": next_page})
    return redirect(target)


@require_http_methods(["GET", "POST"])
def set_up(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: scan the code (or type the key), enter the first code.

    Someone who already has an app must prove it first: a password alone never replaces it."""
    user = _user(request)
    if two_factor.has_app(user) and not two_factor.is_verified(request):
        return redirect("accounts:two_factor")
    device = two_factor.pending_app_device(user)
    form = AppCodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        codes = two_factor.confirm_app(request=request, user=user, code=form.cleaned_data["code"])
        if codes is not None:
            messages.success(request, "Two-factor sign-in is set up")
            return _show_codes(request, codes)
        form.add_error("code", "The code is not right. Enter the code the app shows now")
    return render(
        request,
        "accounts/two_factor_set_up.html",
        {
            "form": form,
            "title": "Set up two-factor sign-in",
            "qr_code": two_factor.qr_code_svg(device),
            "secret": two_factor.secret_for_people(device),
            "replacing": two_factor.has_app(user),
            "next": safe_next(request) or "",
        },
        status=form_status(form),
    )


def _verify_page(request: HttpRequest, *, recovery: bool) -> HttpResponse:
    user = _user(request)
    if not two_factor.has_app(user):
        return redirect("accounts:two_factor_set_up")
    if two_factor.is_verified(request):
        return _onwards(request)
    form_class = RecoveryCodeForm if recovery else AppCodeForm
    form = form_class(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        try:
            if two_factor.verify(request=request, user=user, code=code, recovery=recovery):
                return _onwards(request)
        except two_factor.TwoFactorLockedOutError:
            return _locked_out(request)
        except two_factor.TooSoonError as wait:
            unit = "second" if wait.seconds == 1 else "seconds"
            form.add_error("code", f"Wait {wait.seconds} {unit}, then enter the code again")
        else:
            form.add_error("code", _WRONG[recovery])
    if request.method == "POST":
        status = form_status(form)
    template = "accounts/two_factor_recovery.html" if recovery else "accounts/two_factor.html"
    title = "Use a recovery code" if recovery else "Enter the code from your authenticator app"
    return render(
        request,
        template,
        {"form": form, "title": title, "next": safe_next(request) or ""},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    return _verify_page(request, recovery=False)


@require_http_methods(["GET", "POST"])
def recovery(request: HttpRequest) -> HttpResponse:
    return _verify_page(request, recovery=True)


@require_http_methods(["GET", "POST"])
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """New recovery codes, shown once; a POST (from a verified session) makes a new set."""
    user = _user(request)
    if not two_factor.is_verified(request):
        return redirect("accounts:two_factor")
    if request.method == "POST":
        return _show_codes(request, two_factor.renew_recovery_codes(user=user))
    codes = request.session.pop(_NEW_CODES_KEY, None)
    return render(
        request,
        "accounts/recovery_codes.html",
        {
            "title": "Your recovery codes" if codes else "Recovery codes",
            "codes": codes,
            "left": two_factor.recovery_codes_left(user),
            "next": safe_next(request) or "",
        },
    )
