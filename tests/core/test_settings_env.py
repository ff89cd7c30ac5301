"""Settings come from the environment through helpers that fail loudly."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from inclusion.env import ImproperlyConfiguredError, env_bool, env_int, env_list, env_str

REPO = Path(__file__).resolve().parents[2]
GOOD_KEY = "k" * 30 + "-random-and-long-enough-to-pass"
VAR = "INCLUSION_TEST_SETTING"


@pytest.mark.parametrize("raw", ["1", "true", "TRUE", " yes ", "on"])
def test_env_bool_true(raw, monkeypatch):
    monkeypatch.setenv(VAR, raw)
    assert env_bool(VAR, default=False) is True


@pytest.mark.parametrize("raw", ["0", "false", "No", "off", ""])
def test_env_bool_false(raw, monkeypatch):
    monkeypatch.setenv(VAR, raw)
    assert env_bool(VAR, default=True) is False


def test_env_bool_default_when_unset(monkeypatch):
    monkeypatch.delenv(VAR, raising=False)
    assert env_bool(VAR, default=True) is True
    assert env_bool(VAR, default=False) is False


@pytest.mark.parametrize("raw", ["maybe", "2", "y e s", "truthy"])
def test_env_bool_rejects_nonsense(raw, monkeypatch):
    monkeypatch.setenv(VAR, raw)
    with pytest.raises(ImproperlyConfiguredError, match=f"{VAR} must be true or false"):
        env_bool(VAR, default=False)


def test_env_int(monkeypatch):
    monkeypatch.delenv(VAR, raising=False)
    assert env_int(VAR, default=7) == 7
    monkeypatch.setenv(VAR, "42")
    assert env_int(VAR, default=7, minimum=1) == 42


@pytest.mark.parametrize("raw", ["abc", "1.5", "", "ten"])
def test_env_int_rejects_non_numbers(raw, monkeypatch):
    monkeypatch.setenv(VAR, raw)
    with pytest.raises(ImproperlyConfiguredError, match=f"{VAR} must be a whole number"):
        env_int(VAR, default=1)


def test_env_int_rejects_below_minimum(monkeypatch):
    monkeypatch.setenv(VAR, "0")
    with pytest.raises(ImproperlyConfiguredError, match=f"{VAR} must be at least 1, not 0"):
        env_int(VAR, default=5, minimum=1)
    monkeypatch.setenv(VAR, "-3")
    with pytest.raises(ImproperlyConfiguredError, match="at least 0"):
        env_int(VAR, default=5)


def test_env_str(monkeypatch):
    monkeypatch.delenv(VAR, raising=False)
    with pytest.raises(ImproperlyConfiguredError, match=f"Set the environment variable {VAR}"):
        env_str(VAR)
    assert env_str(VAR, "fallback") == "fallback"
    monkeypatch.setenv(VAR, "value")
    assert env_str(VAR) == "value"
    assert env_str(VAR, "fallback") == "value"


def test_env_list(monkeypatch):
    monkeypatch.delenv(VAR, raising=False)
    with pytest.raises(ImproperlyConfiguredError, match=f"Set the environment variable {VAR}"):
        env_list(VAR)
    assert env_list(VAR, default=["a"]) == ["a"]
    monkeypatch.setenv(VAR, " example.org, ,www.example.org ")
    assert env_list(VAR) == ["example.org", "www.example.org"]


# Production settings ---------------------------------------------------------------------

PRODUCTION_OK = {
    "DJANGO_SECRET_KEY": GOOD_KEY,
    "DJANGO_ALLOWED_HOSTS": "inclusion.example.org",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/not-used",
}


def without(name: str) -> dict[str, str]:
    return {k: v for k, v in PRODUCTION_OK.items() if k != name}


# In a clean interpreter (started together: importing Django takes half a second each).
SUBPROCESS_CASES: dict[str, tuple[dict[str, str], str]] = {
    "complete": (PRODUCTION_OK, ""),
    "no secret key": (
        without("DJANGO_SECRET_KEY"),
        "Set the environment variable DJANGO_SECRET_KEY.",
    ),
    "short key": (
        PRODUCTION_OK | {"DJANGO_SECRET_KEY": "too-short"},
        "DJANGO_SECRET_KEY must be a random value of 50+ characters.",
    ),
    "no allowed hosts": (
        without("DJANGO_ALLOWED_HOSTS"),
        "Set the environment variable DJANGO_ALLOWED_HOSTS.",
    ),
}


@pytest.fixture(scope="module")
def production_imports() -> dict[str, tuple[int, str]]:
    processes = {
        name: subprocess.Popen(
            [sys.executable, "-c", "import inclusion.settings.production"],
            cwd=REPO,
            env={"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(REPO), **env},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name, (env, _) in SUBPROCESS_CASES.items()
    }
    results = {}
    for name, process in processes.items():
        _, stderr = process.communicate(timeout=60)
        results[name] = (process.returncode, stderr)
    return results


def test_good_key_is_long_enough():
    assert len(GOOD_KEY) >= 50


def test_production_settings_import_with_a_complete_environment(production_imports):
    returncode, stderr = production_imports["complete"]
    assert returncode == 0, stderr


@pytest.mark.parametrize("case", [name for name in SUBPROCESS_CASES if name != "complete"])
def test_production_settings_refuse_to_import(case, production_imports):
    returncode, stderr = production_imports[case]
    assert returncode != 0
    assert "ImproperlyConfiguredError" in stderr
    assert SUBPROCESS_CASES[case][1] in stderr


# The other checks, in this interpreter (inclusion.settings is already imported and unchanged).


@pytest.fixture
def import_production_here(monkeypatch):
    def attempt(env: dict[str, str]) -> None:
        for name in (*PRODUCTION_OK, "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS"):
            monkeypatch.delenv(name, raising=False)
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        monkeypatch.delitem(sys.modules, "inclusion.settings.production", raising=False)
        importlib.import_module("inclusion.settings.production")

    yield attempt
    sys.modules.pop("inclusion.settings.production", None)


@pytest.mark.parametrize(
    ("env", "message"),
    [
        (
            PRODUCTION_OK | {"DJANGO_SECRET_KEY": "insecure-" + "x" * 60},
            "DJANGO_SECRET_KEY must be a random value of 50+ characters.",
        ),
        (
            PRODUCTION_OK | {"DJANGO_ALLOWED_HOSTS": " , "},
            "DJANGO_ALLOWED_HOSTS must name at least one host.",
        ),
        (without("DATABASE_URL"), "Set DATABASE_URL: production runs on PostgreSQL."),
        (
            PRODUCTION_OK | {"DATABASE_URL": "sqlite:////tmp/production.sqlite3"},
            "DATABASE_URL must be a postgres:// URL in production.",
        ),
        (
            PRODUCTION_OK | {"SECURE_SSL_REDIRECT": "maybe"},
            "SECURE_SSL_REDIRECT must be true or false",
        ),
        (PRODUCTION_OK | {"SECURE_HSTS_SECONDS": "a year"}, "SECURE_HSTS_SECONDS must be a whole"),
    ],
    ids=[
        "insecure key",
        "empty allowed hosts",
        "no database",
        "sqlite database",
        "bad ssl redirect",
        "bad hsts",
    ],
)
def test_production_settings_checks(env, message, import_production_here):
    with pytest.raises(ImproperlyConfiguredError) as caught:
        import_production_here(env)
    assert message in str(caught.value)


def test_production_settings_are_secure(import_production_here):
    import_production_here(PRODUCTION_OK)
    production = sys.modules["inclusion.settings.production"]
    assert production.DEBUG is False
    assert production.SECRET_KEY == GOOD_KEY
    assert production.ALLOWED_HOSTS == ["inclusion.example.org"]
    assert production.SESSION_COOKIE_SECURE is True
    assert production.CSRF_COOKIE_SECURE is True
    assert production.SECURE_SSL_REDIRECT is True
    assert production.SECURE_HSTS_SECONDS >= 60 * 60 * 24 * 365
