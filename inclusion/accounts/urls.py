from django.urls import path

from inclusion.accounts import two_factor_views, views

app_name = "accounts"

urlpatterns = [
    path("sign-in/", views.sign_in, name="sign_in"),
    path("sign-out/", views.sign_out, name="sign_out"),
    path("signed-out/", views.signed_out, name="signed_out"),
    path("role/", views.choose_role, name="choose_role"),
    path("", views.account, name="account"),
    path("two-factor/", two_factor_views.verify, name="two_factor"),
    path("two-factor/set-up/", two_factor_views.set_up, name="two_factor_set_up"),
    path("two-factor/recovery/", two_factor_views.recovery, name="two_factor_recovery"),
    path("two-factor/recovery-codes/", two_factor_views.recovery_codes, name="recovery_codes"),
    path("password-reset/", views.password_reset, name="password_reset"),
    path("password-reset/sent/", views.password_reset_done, name="password_reset_done"),
    path(
        "password-reset/<uidb64>/<token>/",
        views.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path(
        "password-reset/complete/",
        views.password_reset_complete,
        name="password_reset_complete",
    ),
]
