"""Compliance evidence: adding it (confirmed or awaiting), file checks, who may download the
files, review, status, the expiring and expired lists, in-app alerts and e-mail reminders."""

from __future__ import annotations

import datetime as dt
import io
import re
import uuid
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from inclusion.accounts.models import Role
from inclusion.audit.models import AuditEvent
from inclusion.providers.models import REQUIRED_EVIDENCE, ComplianceEvidence, Provider
from inclusion.providers.selectors.evidence import evidence_alerts_for
from inclusion.providers.services.evidence import evidence_reminders
from inclusion.providers.services.status import refresh_provider_status
from inclusion.providers.status import Compliance, compliance_of
from inclusion.providers.uploads import (
    EVIDENCE_WRONG_TYPE,
    UploadRefusedError,
    check_evidence_upload,
    safe_name,
)
from tests.conftest import client_for
from tests.factories import (
    EvidenceFactory,
    MembershipFactory,
    ProviderContactFactory,
    ProviderFactory,
    UserFactory,
)
from tests.helpers import assert_govuk_error, content, date_parts, is_redirect_to_sign_in

TODAY = dt.date.today
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 40
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 40
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 100
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
TOO_LARGE = "The selected file must be smaller than 10 MB"


def _zip(entries: list[tuple[str, str]], *, stored_first: bool = False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for i, (name, data) in enumerate(entries):
            method = zipfile.ZIP_STORED if stored_first and i == 0 else zipfile.ZIP_DEFLATED
            archive.writestr(name, data, compress_type=method)
    return buffer.getvalue()


OOXML = [("[Content_Types].xml", "<Types/>"), ("_rels/.rels", "<Relationships/>")]
DOCX = _zip([*OOXML, ("word/document.xml", "<w:document/>")])
XLSX = _zip([*OOXML, ("xl/workbook.xml", "<workbook/>")])
PPTX = _zip([*OOXML, ("ppt/presentation.xml", "<p:presentation/>")])
ODT = _zip(
    [("mimetype", "application/vnd.oasis.opendocument.text"), ("content.xml", "<office/>")],
    stored_first=True,
)
ODS = _zip(
    [("mimetype", "application/vnd.oasis.opendocument.spreadsheet"), ("content.xml", "<o/>")],
    stored_first=True,
)
PLAIN_ZIP = _zip([("notes.txt", "hello")])


@pytest.fixture(autouse=True)
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "uploads"
    return Path(settings.MEDIA_ROOT)


def stored_files(media: Path) -> list[Path]:
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


def upload(name: str = "fire-risk-assessment.pdf", data: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def evidence_post(**overrides):
    today = timezone.localdate()
    data = {
        "kind": "fire_safety",
        **date_parts("checked_on", today - dt.timedelta(days=3)),
        **date_parts("expires_on", today + dt.timedelta(days=365)),
        "notes": "Fire risk assessment seen at the main site",
        "file": upload(),
    }
    data.update(overrides)
    return data


def add_url(provider) -> str:
    return reverse("providers:evidence_add", kwargs={"pk": provider.pk})


def list_url(provider) -> str:
    return reverse("providers:evidence_list", kwargs={"pk": provider.pk})


def file_url(evidence) -> str:
    return reverse("providers:evidence_file", kwargs={"pk": evidence.pk})


def review_url(evidence) -> str:
    return reverse("providers:evidence_review", kwargs={"pk": evidence.pk})


EXPIRING = reverse("providers:evidence_expiring")


def hold_all_required(provider, *, expires_on=None, user=None) -> None:
    """Confirmed, in-date evidence of every required kind."""
    for kind in REQUIRED_EVIDENCE:
        kwargs = {"submitted_by": user} if user else {}
        EvidenceFactory.create(
            provider=provider,
            kind=kind,
            checked_on=TODAY() - dt.timedelta(days=60),
            expires_on=expires_on or TODAY() + dt.timedelta(days=300),
            **kwargs,
        )
    refresh_provider_status(provider=provider)


# Adding evidence ---------------------------------------------------------------------------


def test_coordinator_adds_evidence_confirmed_and_it_counts(persona_client, county, media):
    refresh_provider_status(provider=county.provider)
    assert county.provider.evidence_missing == len(REQUIRED_EVIDENCE)
    coordinator = county.memberships["coordinator"].user

    response = persona_client("coordinator").post(add_url(county.provider), evidence_post())

    assert response.status_code == 302
    assert response["Location"] == list_url(county.provider)
    evidence = ComplianceEvidence.objects.get(provider=county.provider)
    assert evidence.status == ComplianceEvidence.Status.CONFIRMED
    assert evidence.verified_by == coordinator
    assert evidence.submitted_by == coordinator
    assert evidence.verified_at is not None
    assert evidence.file_name == "fire-risk-assessment.pdf"
    assert evidence.file_type == "application/pdf"
    assert evidence.file_size == len(PDF)
    # Stored under MEDIA_ROOT under a random name, not the uploaded one.
    name = str(evidence.file.name)
    assert name.startswith("evidence/")
    assert "fire-risk" not in name
    assert stored_files(media) == [media / name]
    assert (media / name).read_bytes() == PDF
    county.provider.refresh_from_db()
    assert county.provider.evidence_missing == len(REQUIRED_EVIDENCE) - 1
    event = AuditEvent.objects.get(verb="evidence.added")
    assert event.target_id == str(evidence.pk)
    assert "file" in event.changes
    assert "Fire risk assessment" not in str(event.changes)  # names, never values


def test_managers_may_add_evidence_without_a_file(persona_client, county, media):
    data = evidence_post()
    del data["file"]
    response = persona_client("la_officer").post(add_url(county.provider), data)
    assert response.status_code == 302
    evidence = ComplianceEvidence.objects.get()
    assert evidence.status == ComplianceEvidence.Status.CONFIRMED
    assert not evidence.file
    assert stored_files(media) == []


def test_provider_staff_evidence_awaits_confirmation_and_counts_once_confirmed(
    persona_client, county
):
    refresh_provider_status(provider=county.provider)
    missing = county.provider.evidence_missing

    response = persona_client("provider").post(add_url(county.provider), evidence_post())

    assert response.status_code == 302
    evidence = ComplianceEvidence.objects.get()
    assert evidence.status == ComplianceEvidence.Status.AWAITING_CONFIRMATION
    assert evidence.verified_by is None
    county.provider.refresh_from_db()
    assert county.provider.evidence_missing == missing  # does not count yet
    listing = persona_client("provider").get(list_url(county.provider))
    assert "Awaiting confirmation" in content(listing)

    coordinator = persona_client("coordinator")
    page = coordinator.get(review_url(evidence))
    assert page.status_code == 200
    assert "Download fire-risk-assessment.pdf" in content(page)
    decided = coordinator.post(review_url(evidence), {"decision": "confirm", "reason": ""})

    assert decided.status_code == 302
    evidence.refresh_from_db()
    assert evidence.status == ComplianceEvidence.Status.CONFIRMED
    assert evidence.verified_by == county.memberships["coordinator"].user
    county.provider.refresh_from_db()
    assert county.provider.evidence_missing == missing - 1
    assert AuditEvent.objects.filter(verb="evidence.confirmed", target_id=str(evidence.pk))


def test_provider_staff_must_upload_the_file(persona_client, county, media):
    data = evidence_post()
    del data["file"]
    response = persona_client("provider").post(add_url(county.provider), data)
    assert_govuk_error(response, "Select the evidence file")
    assert not ComplianceEvidence.objects.exists()


def test_rejecting_needs_a_reason_which_the_provider_reads(persona_client, county):
    evidence = EvidenceFactory.create(
        provider=county.provider,
        status=ComplianceEvidence.Status.AWAITING_CONFIRMATION,
        submitted_by=county.memberships["provider"].user,
        verified_by=None,
    )
    la = persona_client("la_officer")
    refused = la.post(review_url(evidence), {"decision": "reject", "reason": ""})
    assert_govuk_error(refused, "Enter why the evidence is not accepted")

    la.post(review_url(evidence), {"decision": "reject", "reason": "The policy is unsigned"})

    evidence.refresh_from_db()
    assert evidence.status == ComplianceEvidence.Status.REJECTED
    assert "The policy is unsigned" in evidence.notes
    assert AuditEvent.objects.filter(verb="evidence.rejected", target_id=str(evidence.pk))
    page = persona_client("provider").get(list_url(county.provider))
    assert "Not accepted" in content(page)
    assert "The policy is unsigned" in content(page)
    # Once decided, a second decision changes nothing.
    la.post(review_url(evidence), {"decision": "confirm"})
    evidence.refresh_from_db()
    assert evidence.status == ComplianceEvidence.Status.REJECTED


def test_review_answers_a_missing_decision(persona_client, county):
    evidence = EvidenceFactory.create(
        provider=county.provider,
        status=ComplianceEvidence.Status.AWAITING_CONFIRMATION,
        verified_by=None,
    )
    response = persona_client("coordinator").post(review_url(evidence), {})
    assert_govuk_error(response, "Select whether you confirm the evidence")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"kind": ""}, "Select what the evidence is"),
        (date_parts("checked_on", None), "Enter the date the evidence was checked"),
        ({"checked_on_day": "31", "checked_on_month": "2"}, "Date checked must be a real date"),
        (
            date_parts("checked_on", dt.date.today() + dt.timedelta(days=2)),
            "Date checked must be today or in the past",
        ),
        (
            date_parts("expires_on", dt.date.today() - dt.timedelta(days=30)),
            "Expiry date must be the same as or after the date checked",
        ),
    ],
)
def test_bad_details_say_what_is_wrong(persona_client, county, media, overrides, message):
    response = persona_client("coordinator").post(
        add_url(county.provider), evidence_post(**overrides)
    )
    assert_govuk_error(response, message)
    assert not ComplianceEvidence.objects.exists()
    assert stored_files(media) == []


def test_another_providers_staff_cannot_add_evidence(county):
    other = ProviderFactory.create(name="Other Provider")
    staff = MembershipFactory.create(role=Role.PROVIDER_STAFF, provider=other)
    response = client_for(staff).post(add_url(county.provider), evidence_post())
    assert response.status_code == 404
    assert not ComplianceEvidence.objects.exists()


# File checks -------------------------------------------------------------------------------


def test_oversize_file_is_refused_and_nothing_written(persona_client, county, media):
    big = PDF + b"0" * (10 * 1024 * 1024 + 1 - len(PDF))
    response = persona_client("coordinator").post(
        add_url(county.provider), evidence_post(file=upload("insurance.pdf", big))
    )
    assert_govuk_error(response, TOO_LARGE)
    assert not ComplianceEvidence.objects.exists()
    assert not AuditEvent.objects.filter(verb="evidence.added").exists()
    assert stored_files(media) == []


def test_the_size_limit_comes_from_settings(persona_client, county, settings):
    settings.EVIDENCE_MAX_BYTES = 2048
    response = persona_client("provider").post(
        add_url(county.provider), evidence_post(file=upload("policy.pdf", PDF + b"0" * 2048))
    )
    assert_govuk_error(response, "The selected file must be smaller than 2 KB")


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("certificate.pdf", EXE),  # a program renamed .pdf
        ("certificate.pdf", HTML),  # a web page renamed .pdf
        ("setup.exe", EXE),
        ("page.html", HTML),
        ("certificate.docx", PDF),  # a PDF, but the extension says otherwise
        ("photo.png", JPEG),
        ("policy.docx", PLAIN_ZIP),  # a zip renamed .docx
        ("policy.docx", PPTX),  # a presentation renamed .docx
        ("sheet.xlsx", DOCX),
        ("policy.odt", ODS),
        ("policy.docx", DOCX[:200]),  # a truncated document
        ("certificate", PDF),  # no extension
    ],
)
def test_disallowed_types_are_refused(persona_client, county, media, name, data):
    response = persona_client("coordinator").post(
        add_url(county.provider), evidence_post(file=upload(name, data))
    )
    assert_govuk_error(response, EVIDENCE_WRONG_TYPE)
    assert not ComplianceEvidence.objects.exists()
    assert stored_files(media) == []


@pytest.mark.parametrize(
    ("name", "data", "content_type"),
    [
        ("policy.pdf", PDF, "application/pdf"),
        ("Certificate.PDF", PDF, "application/pdf"),
        ("photo.png", PNG, "image/png"),
        ("photo.jpg", JPEG, "image/jpeg"),
        ("photo.jpeg", JPEG, "image/jpeg"),
        (
            "policy.docx",
            DOCX,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("record.xlsx", XLSX, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("policy.odt", ODT, "application/vnd.oasis.opendocument.text"),
    ],
)
def test_allowed_types_are_recognised_by_content(name, data, content_type):
    checked = check_evidence_upload(upload(name, data))
    assert checked.content_type == content_type
    assert checked.size == len(data)


def test_the_stored_name_keeps_its_extension():
    assert check_evidence_upload(upload("....pdf", PDF)).name == "pdf.pdf"
    assert check_evidence_upload(upload("policy.PDF", PDF)).name == "policy.PDF"


def test_an_empty_file_is_refused():
    with pytest.raises(UploadRefusedError) as refused:
        check_evidence_upload(upload("empty.pdf", b""))
    assert refused.value.message == "The selected file is empty"


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\Sam\\Documents\\DBS summary.pdf", "DBS summary.pdf"),
        ("bad\x00name\n.pdf", "badname.pdf"),
        ('what?<is>"this".pdf', "what_is_this_.pdf"),
        ("a" * 300 + ".docx", "a" * 195 + ".docx"),
    ],
)
def test_original_names_are_made_safe(given, kept):
    assert safe_name(given) == kept


# Who may download a file -------------------------------------------------------------------


@pytest.fixture
def evidence_file(persona_client, county):
    persona_client("coordinator").post(
        add_url(county.provider), evidence_post(file=upload("DBS summary.pdf"))
    )
    return ComplianceEvidence.objects.get()


@pytest.mark.parametrize("persona", ["coordinator", "la_officer", "provider"])
def test_file_is_served_privately_to_those_who_may_see_it(persona_client, evidence_file, persona):
    response = persona_client(persona).get(file_url(evidence_file))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "DBS summary.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert AuditEvent.objects.filter(
        verb="evidence.file_downloaded", target_id=str(evidence_file.pk)
    ).exists()


@pytest.mark.parametrize(
    "persona", ["school_a", "school_b", "chair", "virtual_school", "governance", "service_admin"]
)
def test_file_is_not_found_for_others(persona_client, evidence_file, persona):
    assert persona_client(persona).get(file_url(evidence_file)).status_code == 404
    assert not AuditEvent.objects.filter(verb="evidence.file_downloaded").exists()


def test_file_is_not_found_for_another_providers_staff(county, evidence_file):
    other = ProviderFactory.create(name="Other Provider")
    staff = MembershipFactory.create(role=Role.PROVIDER_STAFF, provider=other)
    assert client_for(staff).get(file_url(evidence_file)).status_code == 404


def test_file_sends_anonymous_users_to_sign_in(evidence_file):
    response: Any = Client().get(file_url(evidence_file))
    assert is_redirect_to_sign_in(response)


def without_csrf(response) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", content(response))


def test_file_404_is_the_same_as_for_a_missing_record(persona_client, evidence_file):
    client = persona_client("school_b")
    refused = client.get(file_url(evidence_file))
    missing = client.get(reverse("providers:evidence_file", kwargs={"pk": uuid.uuid4()}))
    assert refused.status_code == missing.status_code == 404
    assert without_csrf(refused) == without_csrf(missing)


def test_evidence_without_a_file_has_no_download(persona_client, county):
    evidence = EvidenceFactory.create(provider=county.provider)
    assert persona_client("coordinator").get(file_url(evidence)).status_code == 404


def test_school_staff_see_dates_and_status_but_no_file_links(persona_client, evidence_file):
    page = persona_client("school_a").get(list_url(evidence_file.provider))
    assert page.status_code == 200
    assert "Fire safety" in content(page)
    assert file_url(evidence_file) not in content(page)
    assert "Fire risk assessment seen" not in content(page)  # notes are with the files
    own = persona_client("provider").get(list_url(evidence_file.provider))
    assert file_url(evidence_file) in content(own)


# Status ------------------------------------------------------------------------------------


def test_evidence_expired_yesterday_makes_compliance_lapse(persona_client, county):
    hold_all_required(county.provider)
    assert compliance_of(county.provider, TODAY()) is Compliance.IN_DATE
    yesterday = TODAY() - dt.timedelta(days=1)
    ComplianceEvidence.objects.filter(provider=county.provider, kind="first_aid").update(
        expires_on=yesterday
    )
    refresh_provider_status(provider=county.provider)
    assert compliance_of(county.provider, TODAY()) is Compliance.LAPSED
    page = persona_client("school_a").get(list_url(county.provider))
    assert "Compliance lapsed" in content(page)
    assert "Expired" in content(page)


def test_newer_evidence_replaces_the_expired(persona_client, county):
    hold_all_required(county.provider)
    yesterday = TODAY() - dt.timedelta(days=1)
    ComplianceEvidence.objects.filter(provider=county.provider, kind="first_aid").update(
        expires_on=yesterday
    )
    persona_client("coordinator").post(add_url(county.provider), evidence_post(kind="first_aid"))
    county.provider.refresh_from_db()
    assert compliance_of(county.provider, TODAY()) is Compliance.IN_DATE
    page = persona_client("coordinator").get(list_url(county.provider))
    assert "Replaced" in content(page)


# Expiring and expired lists ----------------------------------------------------------------


@pytest.fixture
def expiry_data(county):
    """The county provider: fire safety expiring in 10 days, first aid expired 5 days ago
    (with an older first-aid record expired long ago) and DBS awaiting confirmation; another
    active provider with insurance expired; an inactive one whose evidence has expired."""
    today = TODAY()
    provider = county.provider
    EvidenceFactory.create(
        provider=provider, kind="fire_safety", expires_on=today + dt.timedelta(days=10)
    )
    EvidenceFactory.create(
        provider=provider,
        kind="first_aid",
        checked_on=today - dt.timedelta(days=400),
        expires_on=today - dt.timedelta(days=5),
    )
    EvidenceFactory.create(
        provider=provider,
        kind="first_aid",
        checked_on=today - dt.timedelta(days=800),
        expires_on=today - dt.timedelta(days=400),
    )
    EvidenceFactory.create(
        provider=provider,
        kind="dbs",
        status=ComplianceEvidence.Status.AWAITING_CONFIRMATION,
        verified_by=None,
    )
    other = ProviderFactory.create(name="Oak Tree Tuition")
    EvidenceFactory.create(
        provider=other, kind="public_liability", expires_on=today - dt.timedelta(days=1)
    )
    closed = ProviderFactory.create(name="Closed Provider", is_active=False)
    EvidenceFactory.create(provider=closed, kind="dbs", expires_on=today - dt.timedelta(days=2))
    return {"other": other, "closed": closed}


def rows(response, name):
    return [
        (row.evidence.provider.name, row.evidence.kind, row.when) for row in response.context[name]
    ]


def test_managers_see_expiring_expired_and_awaiting(persona_client, county, expiry_data):
    response = persona_client("la_officer").get(EXPIRING)
    assert response.status_code == 200
    assert rows(response, "expiring") == [("Skills Barn", "fire_safety", "In 10 days")]
    assert rows(response, "expired") == [
        ("Skills Barn", "first_aid", "5 days ago"),
        ("Oak Tree Tuition", "public_liability", "1 day ago"),
    ]
    assert [(e.provider.name, e.kind) for e in response.context["awaiting"]] == [
        ("Skills Barn", "dbs")
    ]
    assert "Review" in content(response)
    assert "Closed Provider" not in content(response)


def test_provider_staff_see_only_their_own(persona_client, county, expiry_data):
    response = persona_client("provider").get(EXPIRING)
    assert response.status_code == 200
    assert rows(response, "expired") == [("Skills Barn", "first_aid", "5 days ago")]
    assert "Oak Tree Tuition" not in content(response)
    assert review_url(response.context["awaiting"][0]) not in content(response)


def _seed(count: int, county) -> None:
    today = TODAY()
    user = county.memberships["coordinator"].user
    for n in range(count):
        provider = ProviderFactory.create(name=f"Seeded Provider {n:03d}")
        for days, kind in ((5, "dbs"), (-3, "first_aid")):
            EvidenceFactory.create(
                provider=provider,
                kind=kind,
                expires_on=today + dt.timedelta(days=days),
                submitted_by=user,
            )
        EvidenceFactory.create(
            provider=provider,
            kind="fire_safety",
            status=ComplianceEvidence.Status.AWAITING_CONFIRMATION,
            submitted_by=user,
            verified_by=None,
        )


def _queries(client, url) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), len(response.content)


def test_expiring_list_keeps_a_constant_query_count(persona_client, county):
    client = persona_client("coordinator")
    _seed(2, county)
    small, small_size = _queries(client, EXPIRING)
    _seed(20, county)
    large, large_size = _queries(client, EXPIRING)
    assert large == small
    assert large_size > small_size  # the rows really are there


def test_evidence_page_keeps_a_constant_query_count(persona_client, county):
    client = persona_client("coordinator")
    url = list_url(county.provider)
    hold_all_required(county.provider)
    small, _ = _queries(client, url)
    hold_all_required(county.provider, user=UserFactory.create())
    hold_all_required(county.provider, user=UserFactory.create())
    large, _ = _queries(client, url)
    assert large == small


# In-app alerts -----------------------------------------------------------------------------


def test_alert_counts_follow_the_membership(county, expiry_data):
    managers = evidence_alerts_for(membership=county.memberships["coordinator"], today=TODAY())
    assert (managers.expiring, managers.expired, managers.awaiting) == (1, 2, 1)
    own = evidence_alerts_for(membership=county.memberships["provider"], today=TODAY())
    assert (own.expiring, own.expired, own.awaiting) == (1, 1, 1)
    one = evidence_alerts_for(
        membership=county.memberships["la_officer"], today=TODAY(), provider=expiry_data["other"]
    )
    assert (one.expiring, one.expired, one.awaiting) == (0, 1, 0)
    school = evidence_alerts_for(membership=county.memberships["school_a"], today=TODAY())
    assert not school.any


# Reminders ---------------------------------------------------------------------------------


@pytest.fixture
def reminder_data(county):
    today = TODAY()
    ProviderContactFactory.create(
        provider=county.provider, kind="main", name="Morgan Main", email="morgan@skillsbarn.example"
    )
    ProviderContactFactory.create(
        provider=county.provider, kind="dsl", name="Dana Lead", email="dana@skillsbarn.example"
    )
    expiring = EvidenceFactory.create(
        provider=county.provider, kind="fire_safety", expires_on=today + dt.timedelta(days=30)
    )
    expired = EvidenceFactory.create(
        provider=county.provider,
        kind="first_aid",
        checked_on=today - dt.timedelta(days=365),
        expires_on=today - dt.timedelta(days=1),
    )
    # Not yet due, long expired, and replaced evidence get no reminder.
    EvidenceFactory.create(
        provider=county.provider, kind="dbs", expires_on=today + dt.timedelta(days=31)
    )
    EvidenceFactory.create(
        provider=county.provider,
        kind="scr",
        checked_on=today - dt.timedelta(days=600),
        expires_on=today - dt.timedelta(days=200),
    )
    EvidenceFactory.create(
        provider=county.provider,
        kind="public_liability",
        checked_on=today - dt.timedelta(days=400),
        expires_on=today - dt.timedelta(days=2),
    )
    EvidenceFactory.create(
        provider=county.provider,
        kind="public_liability",
        checked_on=today - dt.timedelta(days=5),
        expires_on=today + dt.timedelta(days=360),
    )
    return {"expiring": expiring, "expired": expired}


def test_reminders_are_sent_once(county, reminder_data, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run = evidence_reminders(today=TODAY(), service_url="https://inclusion.example")
    assert (run.reminders, run.emails) == (2, 4)
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == [
        "la_officer@example.org",
        "la_officer@example.org",
        "morgan@skillsbarn.example",
        "morgan@skillsbarn.example",
    ]
    assert all(len(message.to) == 1 for message in mail.outbox)

    with django_capture_on_commit_callbacks(execute=True):
        again = evidence_reminders(today=TODAY())
    assert again.reminders == 0
    assert len(mail.outbox) == 4
    # The next day only the DBS evidence, now 30 days from expiry, is new.
    with django_capture_on_commit_callbacks(execute=True):
        tomorrow = evidence_reminders(today=TODAY() + dt.timedelta(days=1))
    assert tomorrow.reminders == 1
    assert len(mail.outbox) == 6
    assert all("Confirmation of enhanced DBS checks" in m.subject for m in mail.outbox[4:])


def test_each_reminder_is_recorded_with_its_threshold(
    county, reminder_data, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        evidence_reminders(today=TODAY())
    events = AuditEvent.objects.filter(verb="evidence.reminder_sent")
    assert sorted((e.target_id, tuple(e.changes)) for e in events) == sorted(
        [
            (str(reminder_data["expiring"].pk), ("expiring_within_30_days",)),
            (str(reminder_data["expired"].pk), ("expired",)),
        ]
    )
    assert all(e.target_type == "providers.complianceevidence" for e in events)


def test_a_reminder_says_what_and_when_and_nothing_about_pupils(
    county, reminder_data, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        evidence_reminders(today=TODAY(), service_url="https://inclusion.example/")
    expiring = next(m for m in mail.outbox if "expires soon" in m.subject)
    expired = next(m for m in mail.outbox if "expired" in m.subject.lower().split(":")[0])
    expiry = reminder_data["expiring"].expires_on
    assert expiring.subject == "Evidence expires soon: Fire safety, Skills Barn"
    assert f"expires on {expiry.day} {expiry:%B %Y}" in expiring.body
    assert "Skills Barn" in expired.body
    assert "First aid" in expired.body
    link = "https://inclusion.example" + list_url(county.provider)
    assert link in expiring.body
    for message in mail.outbox:
        text = f"{message.subject} {message.body}"
        for pupil in (county.pupil_a, county.pupil_b, county.pupil_c_looked_after):
            assert pupil.legal_first_name not in text
            assert pupil.legal_last_name not in text
            assert pupil.upn not in text


def test_reminders_fall_back_to_the_providers_own_address(
    county, django_capture_on_commit_callbacks
):
    Provider.objects.filter(pk=county.provider.pk).update(email="office@skillsbarn.example")
    EvidenceFactory.create(
        provider=county.provider, kind="dbs", expires_on=TODAY() + dt.timedelta(days=3)
    )
    with django_capture_on_commit_callbacks(execute=True):
        evidence_reminders(today=TODAY())
    assert sorted(m.to[0] for m in mail.outbox) == [
        "la_officer@example.org",
        "office@skillsbarn.example",
    ]


def test_the_command_sends_reminders(county, reminder_data, django_capture_on_commit_callbacks):
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_evidence_reminders", "--date", TODAY().isoformat(), stdout=out)
    assert "Sent 2 reminders in 4 e-mails" in out.getvalue()
    assert len(mail.outbox) == 4


def test_the_command_refuses_a_bad_date(county):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("send_evidence_reminders", "--date", "31-12-2026")
