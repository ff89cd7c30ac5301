from __future__ import annotations

from inclusion.core.forms import GovukForm, text_area


class LegalHoldForm(GovukForm):
    reason = text_area(
        "Why the records must be kept",
        required="Enter why the records must be kept",
        help_text="For example, the claim or inquiry the records may be needed for. "
        "Do not include the pupil's name.",
        limit=1000,
    )
