"""The security headers on every response, and production settings' transport security."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]


def test_every_response_has_a_strict_content_security_policy(client, db):
    response = client.get(reverse("accounts:sign_in"))
    policy = dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"  # no 'unsafe-inline', no 'unsafe-eval'
    assert policy["style-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["form-action"] == "'self'"
    assert "unsafe" not in response["Content-Security-Policy"]


def test_frames_referrer_and_features(client, db):
    response = client.get(reverse("accounts:sign_in"))
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


def test_error_pages_carry_the_headers_too(persona_client):
    response = persona_client("school_b").get("/pupils/00000000-0000-0000-0000-000000000000/")
    assert response.status_code == 404
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_pages_have_no_inline_script_or_style(persona_client, county):
    """What the policy forbids is not in the pages (a browser would refuse it)."""
    client = persona_client("la_officer")
    for name, kwargs in [
        ("core:home", None),
        ("pupils:detail", {"pk": county.pupil_a.pk}),
        ("reports:county", None),
        ("accounts:two_factor_set_up", None),
    ]:
        url = reverse(name, kwargs=kwargs)
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert "<style" not in html, url
        assert ' style="' not in html, url
        for script in html.split("<script")[1:]:
            assert "src=" in script.split(">", 1)[0], url


PRODUCTION_PROBE = """
import django, json
django.setup()
from django.conf import settings
from django.test import Client
response = Client().get("/account/sign-in/", secure=True, headers={"host": "ip.example"})
print(json.dumps({
    "status": response.status_code,
    "headers": dict(response.headers),
    "cookies": {k: {"secure": bool(v["secure"]), "httponly": bool(v["httponly"])}
                for k, v in response.cookies.items()},
    "session_cookie_secure": settings.SESSION_COOKIE_SECURE,
    "csrf_cookie_secure": settings.CSRF_COOKIE_SECURE,
    "session_cookie_httponly": settings.SESSION_COOKIE_HTTPONLY,
}))
"""


def test_headers_in_a_production_settings_response():
    """The production settings, in a process of their own: HSTS, secure and HttpOnly cookies,
    frame denial, CSP, Referrer-Policy and Permissions-Policy on a real response."""
    import json

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.core.production_probe_settings",
        "DJANGO_SECRET_KEY": "x" * 64,
        "DJANGO_ALLOWED_HOSTS": "ip.example",
        "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none",
    }
    out = subprocess.run(  # noqa: S603
        [sys.executable, "-c", PRODUCTION_PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    probe = json.loads(out.stdout.strip().splitlines()[-1])
    headers = probe["headers"]
    assert probe["status"] == 200
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert "camera=()" in headers["Permissions-Policy"]
    assert probe["cookies"]["csrftoken"] == {"secure": True, "httponly": True}
    assert probe["session_cookie_secure"]
    assert probe["csrf_cookie_secure"]
    assert probe["session_cookie_httponly"]
