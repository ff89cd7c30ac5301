"""VISITS_EXPECTED_EVERY: "half_term" or a whole number of school weeks, failing loudly."""

from __future__ import annotations

import pytest
from django.conf import settings

from inclusion.env import ImproperlyConfiguredError, env_choice_or_int

VAR = "INCLUSION_TEST_VISITS_EVERY"


def test_the_default_is_half_term(monkeypatch):
    monkeypatch.delenv(VAR, raising=False)
    assert env_choice_or_int(VAR, default="half_term", choices=("half_term",)) == "half_term"
    assert settings.VISITS_EXPECTED_EVERY == "half_term"


@pytest.mark.parametrize(("raw", "expected"), [("half_term", "half_term"), ("6", 6), (" 12 ", 12)])
def test_a_choice_or_a_number(monkeypatch, raw, expected):
    monkeypatch.setenv(VAR, raw)
    assert env_choice_or_int(VAR, default="half_term", choices=("half_term",)) == expected


@pytest.mark.parametrize("raw", ["0", "-3", "termly", "6 weeks", "1.5", ""])
def test_nonsense_fails_loudly(monkeypatch, raw):
    monkeypatch.setenv(VAR, raw)
    with pytest.raises(ImproperlyConfiguredError, match=VAR):
        env_choice_or_int(VAR, default="half_term", choices=("half_term",))
