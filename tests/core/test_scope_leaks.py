"""Leaks out of scope (issue 9 part 8): no response any persona gets for any matrix URL — pages,
CSV, XLSX, JSON, ICS, PDF (its source HTML) — names a pupil outside that persona's scope or
shows their UPN (DESIGN.md §5), nor does any search box on those pages find one.

Five pupils with distinctive names each get a referral, an active placement, attendance marks,
an alert, a visit, a provider's note, a suspension, a forum agenda item, an Attendance Offer
plan and a risk assessment, so they would show on many pages if scope failed:

- a: Brookvale (school_a), Hinckley and Bosworth partnership, placed at Skills Barn;
- b: Fernhill (school_b), the same partnership, placed elsewhere;
- c: looked after by Leicestershire, at Wreake Valley (the other partnership), placed elsewhere;
- d: Wreake Valley, not looked after, placed at Skills Barn;
- e: a school in another local authority, placed elsewhere.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import sys
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

import pytest
from django.urls import get_resolver, reverse
from openpyxl import load_workbook

from inclusion.accounts.models import Membership
from inclusion.organisations.models import LocalAuthority
from inclusion.pupils.models import Pupil
from inclusion.pupils.services import search_name_for
from inclusion.pupils.validation import build_upn
from inclusion.referrals.models import Status
from tests.attendance.factories_alerts import alert, mark, placement_for
from tests.conftest import County
from tests.core.scope import client_as, entry, matrix_urls, outcome
from tests.core.test_permission_matrix import MATRIX
from tests.exclusions.factories import exclusion
from tests.factories import PartnershipFactory, ProviderSiteFactory, PupilFactory, SchoolFactory
from tests.forums.factories import make_meeting, schedule
from tests.matrix import ANONYMOUS, EVERYONE, SIGN_IN
from tests.offers.factories import make_plan, offer_referral
from tests.placements.factories_placements import signed_assessment
from tests.placements.factories_provider import note, site_of
from tests.referrals.factories import make_referral
from tests.visits.factories import visit

NAMES = {
    "a": ("Zebedee", "Quarrington"),
    "b": ("Ottoline", "Vandermeulen"),
    "c": ("Persephone", "Wickramasinghe"),
    "d": ("Thaddeus", "Brightwater"),
    "e": ("Ignatius", "Pemberthy"),
}

# Whose names each persona may see (DESIGN.md §5 and the county fixture).
SEES: dict[str, set[str]] = {
    ANONYMOUS: set(),
    "school_a": {"a"},
    "school_b": {"b"},
    "coordinator": {"a", "b"},
    "chair": {"a", "b"},
    "provider": {"a", "d"},
    "virtual_school": {"c"},
    "la_officer": {"a", "b", "c", "d"},
    "governance": set(),
    "service_admin": set(),
}

# Where a persona also sees a pupil of another school, by design: the partnership's forum
# members read the agenda and minutes of cases referred with consent (the matrix's minuted
# meeting is Zebedee's); the school a pupil moves, or is directed, to reads the move (the
# matrix's managed move and off-site direction take Zebedee to Fernhill, school_b); a provider
# sees the pupils of its agreed placements (the matrix agrees Persephone's at Skills Barn).
ALSO_SEES: dict[str, dict[str, tuple[str, ...]]] = {
    "school_a": {"b": ("forums:",)},
    "school_b": {"a": ("forums:", "moves:")},
    "provider": {"c": ("placements:",)},
}


def _named(pupil: Pupil, key: str, serial: int, la_code: str = "855") -> Pupil:
    pupil.legal_first_name, pupil.legal_last_name = NAMES[key]
    pupil.preferred_first_name = pupil.preferred_last_name = ""
    pupil.upn = build_upn(la_code=la_code, establishment="7391", year=19, serial=serial)
    pupil.search_name = search_name_for(pupil)
    pupil.save()
    return pupil


def pupils_of(county: County) -> dict[str, Pupil]:
    """The county's three pupils renamed, and two more (d and e)."""
    other_la = LocalAuthority.objects.exclude(pk=county.la.pk).order_by("dfe_code").first()
    assert other_la is not None
    elsewhere = SchoolFactory.create(
        name="Oakhurst Grange School",
        local_authority=other_la,
        partnership=PartnershipFactory.create(
            name="Far Shire Partnership", local_authority=other_la
        ),
    )
    return {
        "a": _named(county.pupil_a, "a", 901),
        "b": _named(county.pupil_b, "b", 902),
        "c": _named(county.pupil_c_looked_after, "c", 903),
        "d": _named(PupilFactory.create(school=county.school_c), "d", 904),
        "e": _named(PupilFactory.create(school=elsewhere), "e", 905, "857"),
    }


def _referrer(county: County, pupil: Pupil) -> Membership:
    if pupil.school_id == county.school_a.pk:
        return county.memberships["school_a"]
    if pupil.school_id == county.school_b.pk:
        return county.memberships["school_b"]
    return county.memberships["la_officer"]


def give_records(county: County, pupil: Pupil, *, at_skills_barn: bool) -> None:
    """Everything that shows a pupil on many pages."""
    by = _referrer(county, pupil)
    coordinator = county.memberships["coordinator"].user
    provider_user = county.memberships["provider"].user
    site = site_of(county) if at_skills_barn else ProviderSiteFactory.create(name="Elsewhere")
    make_referral(pupil=pupil, by=by)
    placement = placement_for(county, pupil=pupil, site=site)
    mark(placement, "O", by=provider_user)
    mark(placement, "/", day=dt.date(2026, 3, 4), by=provider_user)
    alert(placement)
    visit(placement, dt.date(2026, 11, 20), by=by.user)
    note(placement, by=provider_user)
    exclusion(pupil, recorded_by=by.user)
    assert pupil.school.partnership is not None
    meeting = make_meeting(partnership=pupil.school.partnership, by=coordinator)
    schedule(meeting, make_referral(pupil=pupil, by=by, status=Status.ACCEPTED), coordinator)
    make_plan(county, referral=offer_referral(county, pupil=pupil, by=by))
    signed_assessment(pupil, by)


def populate(county: County) -> dict[str, Pupil]:
    pupils = pupils_of(county)
    for key, pupil in pupils.items():
        give_records(county, pupil, at_skills_barn=key in {"a", "d"})
    return pupils


def tells(pupil: Pupil) -> tuple[str, ...]:
    """What would give a pupil away: their names and UPN (lower case)."""
    return (pupil.legal_first_name.lower(), pupil.legal_last_name.lower(), pupil.upn.lower())


# Reading a response ------------------------------------------------------------------------


CAPTURED_PDF = b"%PDF-1.4\n% made from the captured HTML\n%%EOF\n"


@pytest.fixture
def pdf_sources(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The HTML each PDF is made from (WeasyPrint's text is not readable without a PDF
    library): ``html_to_pdf`` is replaced in ``inclusion.core.pdf`` (which ``pdf_attachment``
    calls) and wherever else a module imported it."""
    from inclusion.core import pdf

    get_resolver().url_patterns  # noqa: B018 (imports every view module)
    original = pdf.html_to_pdf
    sources: list[str] = []

    def capture(source: str) -> bytes:
        sources.append(source)
        return CAPTURED_PDF

    for name, module in list(sys.modules.items()):
        if name.startswith("inclusion.") and getattr(module, "html_to_pdf", None) is original:
            monkeypatch.setattr(module, "html_to_pdf", capture)
    return sources


def _body(response: Any) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return bytes(response.content)


def _xlsx_text(body: bytes) -> str:
    book = load_workbook(io.BytesIO(body), read_only=True)
    cells: list[str] = []
    for sheet in book.worksheets:
        cells.append(sheet.title)
        for row in sheet.iter_rows(values_only=True):
            cells.extend(str(value) for value in row if value is not None)
    return "\n".join(cells)


def readable(response: Any, pdf_sources: list[str]) -> str:
    """The text of a response, whatever its type, in lower case (``pdf_sources``: the HTML of
    the PDFs made while answering it)."""
    kind = response.get("Content-Type", "")
    body = _body(response)
    if "spreadsheetml" in kind:
        text = _xlsx_text(body)
    elif kind.startswith("application/pdf") and not getattr(response, "streaming", False):
        # A PDF the view made: its HTML was captured (a stored file, such as evidence, is
        # streamed and read as it is).
        assert body == CAPTURED_PDF, "a PDF was made without html_to_pdf being captured"
        text = html.unescape(pdf_sources.pop())
    else:
        text = html.unescape(body.decode("utf-8", errors="replace"))
    return text.lower()


def searches(url: str, page: str, surnames: list[str]) -> Iterator[tuple[str, str]]:
    """The page searched for each out-of-scope surname, where it has a search box."""
    if 'name="q"' in page:
        joiner = "&" if "?" in url else "?"
        for surname in surnames:
            yield surname, f"{url}{joiner}{urlencode({'q': surname})}"


def _leaks(text: str, forbidden: dict[str, Pupil], *, searched: str = "") -> list[str]:
    """The tells of out-of-scope pupils in ``text`` (but the words searched for, which a
    search page shows back)."""
    return [
        f"{key}:{tell}"
        for key, p in forbidden.items()
        for tell in tells(p)
        if tell in text and tell != searched.lower()
    ]


def forbidden_on(name: str, persona: str, pupils: dict[str, Pupil]) -> dict[str, Pupil]:
    also = ALSO_SEES.get(persona, {})
    return {
        key: p
        for key, p in pupils.items()
        if key not in SEES[persona] and not name.startswith(also.get(key, ("-",)))
    }


@pytest.mark.parametrize("persona", EVERYONE)
def test_no_pupil_out_of_scope_in_any_response(persona, county, pdf_sources):
    pupils = populate(county)
    urls = matrix_urls(county)
    client = client_as(persona, county)
    found: list[str] = []
    shown: set[str] = set()
    searched: set[str] = set()
    search_pages: set[str] = set()
    read = 0
    for name, url in urls.items():
        if entry(name).expected[persona] != 200:
            continue
        pdf_sources.clear()
        response = client.get(url)
        assert response.status_code == 200, (name, url, response.status_code)
        text = readable(response, pdf_sources)
        read += 1
        forbidden = forbidden_on(name, persona, pupils)
        found += [f"{name} {url}: {leak}" for leak in _leaks(text, forbidden)]
        shown |= {k for k in SEES[persona] if any(t in text for t in tells(pupils[k]))}
        surnames = [p.legal_last_name for p in pupils.values()]
        for surname, search in searches(url, text, surnames):
            pdf_sources.clear()
            page = readable(client.get(search), pdf_sources)
            hits = _leaks(page, forbidden, searched=surname)
            found += [f"{name} {search}: {leak}" for leak in hits]
            searched |= {k for k in SEES[persona] if tells(pupils[k])[0] in page}
            search_pages.add(name)
    assert read
    assert not found, "\n".join(found)
    # The check bites: each pupil in scope shows on some page this persona reads.
    assert shown == SEES[persona]
    # And the search boxes find them (so finding nobody else means something).
    # (Provider staff find their pupils on their own list; the pupil search finds none.)
    finds = set() if persona == "provider" or not search_pages else SEES[persona]
    assert searched == finds, search_pages


def pupil_keyed(county: County) -> dict[str, tuple[str, dict[str, Any]]]:
    """The matrix entries whose URL names pupil_a itself (``pk`` or ``pupil_pk``): the name,
    and the kwargs with the key that holds her."""
    found = {}
    for name in sorted(MATRIX):
        kwargs_of = entry(name).kwargs
        if kwargs_of is None:
            continue
        kwargs = kwargs_of(county)
        keys = [key for key, value in kwargs.items() if value == county.pupil_a.pk]
        if keys:
            found[name] = (keys[0], kwargs)
    return found


def test_pupil_pages_of_pupils_out_of_scope_answer_404(county):
    """Each URL that names a pupil, given every other pupil in turn: whoever may not see that
    pupil gets 404 (anonymous: the sign-in page), never the page."""
    pupils = populate(county)
    keyed = pupil_keyed(county)
    assert {"pupils:detail", "pupils:edit", "attendance:pupil", "placements:pupil"} <= set(keyed)
    clients = {persona: client_as(persona, county) for persona in EVERYONE}
    wrong = []
    for name, (key, kwargs) in keyed.items():
        for pupil_key, pupil in pupils.items():
            url = reverse(name, kwargs={**kwargs, key: pupil.pk})
            for persona, client in clients.items():
                if pupil_key in SEES[persona]:
                    continue
                got = outcome(client.get(url))
                if got not in (404, SIGN_IN, 405):
                    wrong.append(f"{persona} {name} of {pupil_key} {url}: {got!r}")
    assert not wrong, "\n".join(wrong)
