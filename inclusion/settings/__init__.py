"""Settings for development, tests and the embedded SQLite default.

Production adds its own checks in :mod:`inclusion.settings.production`.
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url
import django_stubs_ext

from inclusion.env import (
    env_bool,
    env_choice,
    env_choice_or_int,
    env_int,
    env_list,
    env_str,
    env_time,
)

django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

DEBUG = env_bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env_str("DJANGO_SECRET_KEY", "insecure-development-key-not-for-production")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "rules.apps.AutodiscoverRulesConfig",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",
    "inclusion.core",
    "inclusion.audit",
    "inclusion.organisations",
    "inclusion.calendar",
    "inclusion.providers",
    "inclusion.accounts",
    "inclusion.pupils",
    "inclusion.placements",
    "inclusion.notifications",
    "inclusion.referrals",
    "inclusion.guidance",
    "inclusion.forums",
    "inclusion.attendance",
    "inclusion.offers",
    "inclusion.jobs",
    "inclusion.visits",
    "inclusion.reports",
    "inclusion.moves",
    "inclusion.fairaccess",
    "inclusion.exclusions",
    "inclusion.privacy",
    "inclusion.demo",
    "inclusion.ops",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "inclusion.core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "inclusion.core.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "inclusion.accounts.middleware.SessionLimitsMiddleware",
    "inclusion.accounts.middleware.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
]

ROOT_URLCONF = "inclusion.urls"
WSGI_APPLICATION = "inclusion.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "inclusion.core.context_processors.service",
            ],
            "builtins": ["django.templatetags.static", "inclusion.core.templatetags.govuk"],
        },
    },
]
FORM_RENDERER = "inclusion.core.forms.GovukFormRenderer"

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'inclusion.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", default=0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;"
        ),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:sign_in"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:signed_out"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 2

# Failed sign-ins: after this many failures for one e-mail address within the window,
# further attempts are refused until the window has passed.
SIGN_IN_MAX_FAILURES = env_int("SIGN_IN_MAX_FAILURES", default=5, minimum=1)
SIGN_IN_LOCKOUT_MINUTES = env_int("SIGN_IN_LOCKOUT_MINUTES", default=15, minimum=1)

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Uploaded files (provider evidence, GIAS files) live outside the static files and have no
# public URL: they are served only by views that check who may see them.
MEDIA_ROOT = env_str("UPLOADS_DIR", str(VAR_DIR / "uploads"))
MEDIA_URL = "/uploads-are-not-public/"
EVIDENCE_MAX_BYTES = env_int("EVIDENCE_MAX_BYTES", default=10 * 1024 * 1024, minimum=1024)
GIAS_MAX_BYTES = env_int("GIAS_MAX_BYTES", default=200 * 1024 * 1024, minimum=1024)
ATTENDANCE_IMPORT_MAX_BYTES = env_int(
    "ATTENDANCE_IMPORT_MAX_BYTES", default=2 * 1024 * 1024, minimum=1024
)
FILE_UPLOAD_PERMISSIONS = 0o600

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = VAR_DIR / "mail"
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "no-reply@inclusion-partnerships.example")

# A session ends after this long without a request, and this long after signing in, whatever.
SESSION_IDLE_MINUTES = env_int("SESSION_IDLE_MINUTES", default=30, minimum=1)
SESSION_ABSOLUTE_HOURS = env_int("SESSION_ABSOLUTE_HOURS", default=12, minimum=1)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_HOURS * 60 * 60
# Authenticator apps show this name beside the code; codes are throttled (1 s, 2 s, 4 s …).
OTP_TOTP_ISSUER = "Inclusion Partnerships"
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Everything the pages use comes from the service itself; no inline script or style anywhere
# (the QR code and charts are inline SVG without style attributes; images may be data: URLs).
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
        "browsing-topics",
    )
)

SERVICE_NAME = "Inclusion Partnerships"
SERVICE_PHASE = "alpha"
SERVICE_HOME_LA_CODE = env_str("SERVICE_HOME_LA_CODE", "855")
# The LA whose schools and registered AP the GIAS import takes (default: the home LA).
GIAS_LA_CODE = env_str("GIAS_LA_CODE", SERVICE_HOME_LA_CODE)
# The address of the service, for links in e-mails (reminders carry no personal data).
SERVICE_URL = env_str("SERVICE_URL", "http://localhost:8000")
# Agreeing a placement that would make an unregistered provider meet the registration test:
# "block" refuses it; "warn" lets it go ahead with a recorded reason.
REGISTRATION_TEST_GUARD = env_choice(
    "REGISTRATION_TEST_GUARD", default="block", choices=("block", "warn")
)

# Background tasks are stored in the database and run by ``manage.py worker``.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Attendance: when a session's register must be marked by, and how long after the chaser to the
# provider the school is alerted.
ATTENDANCE_CUTOFF_AM = env_time("ATTENDANCE_CUTOFF_AM", default="10:30")
ATTENDANCE_CUTOFF_PM = env_time("ATTENDANCE_CUTOFF_PM", default="14:30")
ATTENDANCE_SCHOOL_ALERT_AFTER_MINUTES = env_int(
    "ATTENDANCE_SCHOOL_ALERT_AFTER_MINUTES", default=60, minimum=0
)
# Visits to pupils at providers: school staff are expected to visit each pupil at least once a
# half term ("half_term") or every so many school weeks (a whole number, such as "6").
VISITS_EXPECTED_EVERY = env_choice_or_int(
    "VISITS_EXPECTED_EVERY", default="half_term", choices=("half_term",), minimum=1
)

_LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {
        "handlers": ["console"],
        "level": env_choice("LOG_LEVEL", default="WARNING", choices=_LOG_LEVELS),
    },
}
