"""A hostile value saved in a record comes out of every spreadsheet download as text, never as
a formula (inclusion/core/spreadsheets.py): here a pupil's names in the Ofsted pack's CSV and
XLSX."""

from __future__ import annotations

import csv
import io

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from inclusion.core.spreadsheets import FORMULA_STARTS
from tests.conftest import County, client_for
from tests.hostile.conftest import PROFILE
from tests.hostile.payloads import FORMULAS
from tests.reports.factories_ofsted import TODAY, amara_placed

# A formula start, anything, and a word (so that the name can be found in the download).
FORMULA_NAMES = st.one_of(
    st.sampled_from(FORMULAS),
    st.tuples(
        st.sampled_from(FORMULA_STARTS),
        # Saved straight to the database here: names only ever arrive through forms, which refuse
        # NUL (and PostgreSQL cannot store it), so NUL is not among them.
        st.text(alphabet=st.characters(exclude_characters="\x00"), max_size=20),
        st.sampled_from(["Zed", "Osei", "cmd"]),
    ).map("".join),
)


def letters(text: str) -> str:
    return "".join(ch for ch in text if ch.isalnum())


def cells(content: bytes, kind: str) -> list[object]:
    if kind == "csv":
        return [cell for row in csv.reader(io.StringIO(content.decode())) for cell in row]
    book = load_workbook(io.BytesIO(content))
    values: list[object] = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula"
                values.append(cell.value)
    return values


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_formula_names_are_exported_as_text(kind, county: County, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    amara_placed(county)
    client = client_for(county.memberships["coordinator"])
    url = reverse(f"reports:ofsted_pack_{kind}", kwargs={"school_pk": county.school_a.pk})

    @settings(PROFILE)
    @given(first=FORMULA_NAMES, last=FORMULA_NAMES)
    def exported(first: str, last: str) -> None:
        with transaction.atomic():
            pupil = county.pupil_a
            pupil.legal_first_name, pupil.legal_last_name = first, last
            pupil.preferred_first_name = pupil.preferred_last_name = ""
            pupil.save()
            response = client.get(url)
            assert response.status_code == 200
            values = [v for v in cells(response.content, kind) if isinstance(v, str)]
            unsafe = [v for v in values if v.startswith(FORMULA_STARTS)]
            assert not unsafe, unsafe
            # Compared by letters and digits: a workbook drops control characters and reads
            # a carriage return back as a line feed.
            named = [v for v in values if letters(first) in letters(v)]
            named += [v for v in values if letters(last) in letters(v)]
            assert named, f"the pupil's names are not in the {kind}"
            transaction.set_rollback(True)

    exported()
