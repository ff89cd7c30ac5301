"""Settings for the hostile-input suite: a Hypothesis profile and small upload limits, so an
oversized file is only just over the limit (and cheap to build)."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

SUPPRESSED = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]

# Few examples a form, the same ones every run (CI is a gate, not a lottery), no deadline (a
# request takes what it takes on a busy machine), no example database written into the working
# tree. HOSTILE_PROFILE=hostile-deep digs further, with fresh random examples each run.
settings.register_profile(
    "hostile",
    max_examples=8,
    derandomize=True,
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=SUPPRESSED,
)
settings.register_profile(
    "hostile-deep", settings.get_profile("hostile"), max_examples=60, derandomize=False
)
PROFILE = settings.get_profile(os.environ.get("HOSTILE_PROFILE", "hostile"))

UPLOAD_LIMIT = 4096


@pytest.fixture(autouse=True)
def _small_upload_limits(settings):
    for name in ("EVIDENCE_MAX_BYTES", "GIAS_MAX_BYTES", "ATTENDANCE_IMPORT_MAX_BYTES"):
        setattr(settings, name, UPLOAD_LIMIT)
