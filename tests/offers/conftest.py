"""Every test here runs on Wednesday 4 March 2026 (see ``factories.TODAY``)."""

from __future__ import annotations

import pytest

from inclusion.attendance.selectors import measures
from inclusion.offers import selectors
from tests.offers.factories import TODAY


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr(selectors, "today", lambda: TODAY)
    monkeypatch.setattr(measures, "today", lambda: TODAY)
