"""The production settings, except static files are served without a manifest (the test has not
run ``collectstatic`` for production)."""

from inclusion.settings.production import *  # noqa: F403

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
