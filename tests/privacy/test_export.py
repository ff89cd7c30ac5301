"""Subject access export: who may use it, that it holds every record about the pupil (and
nothing about anyone else), the JSON and PDF files, and the audit trail."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.urls import reverse

from inclusion.audit.models import AuditEvent
from inclusion.privacy.export import _row, subject_access_data
from inclusion.privacy.graph import pupil_record_types
from inclusion.privacy.services import EXPORT_TARGET
from inclusion.providers.models import ComplianceEvidence
from tests.conftest import PERSONAS, County
from tests.privacy.factories import every_record, other_authority_pupil

pytestmark = pytest.mark.django_db

# Every model that holds something about a pupil. A new model that points at a pupil (or at
# any of these) makes test_the_graph_finds_exactly_these fail until it is added here, and
# test_export_is_complete_for_a_seeded_pupil until every_record() makes one of its rows:
# both say "decide what the export and the retention rules do with it".
PUPIL_MODELS = {
    "pupils.pupil",
    "pupils.pupilneed",
    "pupils.contact",
    "pupils.tierchange",
    "referrals.referral",
    "referrals.referralstatus",
    "referrals.intervention",
    "forums.agendaitem",
    "forums.decision",
    "forums.action",
    "placements.placement",
    "placements.placementsession",
    "placements.placementstatus",
    "placements.educationplan",
    "placements.target",
    "placements.review",
    "placements.targetprogress",
    "placements.providernote",
    "placements.riskassessment",
    "placements.riskhazard",
    "attendance.attendancemark",
    "attendance.attendancealert",
    "visits.visit",
    "offers.attendancesupportplan",
    "offers.supportintervention",
    "offers.weeklycheckin",
    "moves.managedmove",
    "moves.offsitedirection",
    "moves.directionreview",
    "moves.reviewrequest",
    "exclusions.consultation",
    "exclusions.exclusion",
    "privacy.legalhold",
    "privacy.anonymisedpupil",
}


def export_url(name: str, county: County, pupil: Any = None) -> str:
    return reverse(f"privacy:{name}", kwargs={"pk": (pupil or county.pupil_a).pk})


def test_the_graph_finds_exactly_these():
    assert {kind.label for kind in pupil_record_types()} == PUPIL_MODELS


def test_export_is_complete_for_a_seeded_pupil(county: County):
    made = every_record(county)
    # Another pupil's records must not leak into Amara's export.
    every_record(county, county.pupil_b, privacy=False)
    data = subject_access_data(pupil=county.pupil_a)
    groups = data["record_types"]
    assert set(groups) == PUPIL_MODELS | {"audit.auditevent"}
    empty = sorted(label for label in PUPIL_MODELS if groups[label]["count"] == 0)
    assert empty == [], "every_record() must make a row of each"
    for group in groups.values():
        assert group["count"] == len(group["records"])
    exported_ids = {
        (label, str(record["id"])) for label, group in groups.items() for record in group["records"]
    }
    for row in made.values():
        assert (row._meta.label_lower, str(row.pk)) in exported_ids
    # Every row of every related table that belongs to Amara (and none of Billy's).
    for kind in pupil_record_types():
        expected = {
            str(pk)
            for pk in kind.model._default_manager.filter(kind.of(county.pupil_a)).values_list(
                "pk", flat=True
            )
        }
        assert {str(r["id"]) for r in groups[kind.label]["records"]} == expected
        others = {
            str(pk)
            for pk in kind.model._default_manager.filter(kind.of(county.pupil_b)).values_list(
                "pk", flat=True
            )
        }
        assert not expected & others
    assert data["total_records"] == sum(g["count"] for g in groups.values())


def test_export_json_has_stable_keys_iso_dates_and_names_of_related_rows(county: County):
    made = every_record(county)
    data = subject_access_data(pupil=county.pupil_a)
    pupil = data["record_types"]["pupils.pupil"]["records"][0]
    assert list(pupil) == sorted(pupil)
    assert pupil["date_of_birth"] == county.pupil_a.date_of_birth.isoformat()
    assert pupil["legal_first_name"] == "Amara"
    marks = data["record_types"]["attendance.attendancemark"]["records"]
    assert marks[0]["date"] == "2026-03-02"
    assert marks[0]["placement"] == str(made["placement"].pk)
    exclusion = data["record_types"]["exclusions.exclusion"]["records"][0]
    assert exclusion["reasons"]
    assert all(isinstance(reason, str) for reason in exclusion["reasons"])
    json.dumps(data)  # plain data throughout


def test_export_includes_audit_events_about_the_pupil(county: County, persona_client):
    persona_client("school_a").get(reverse("pupils:detail", kwargs={"pk": county.pupil_a.pk}))
    persona_client("school_b").get(reverse("pupils:detail", kwargs={"pk": county.pupil_b.pk}))
    events = subject_access_data(pupil=county.pupil_a)["record_types"]["audit.auditevent"]
    assert events["count"] == 1
    assert events["records"][0]["target_id"] == str(county.pupil_a.pk)


@pytest.mark.parametrize("name", ["subject_access", "subject_access_json", "subject_access_pdf"])
@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "la_officer"])
def test_only_la_officers_reach_the_export(county: County, persona_client, persona, name):
    assert persona_client(persona).get(export_url(name, county)).status_code == 404


@pytest.mark.parametrize("name", ["subject_access", "subject_access_json", "subject_access_pdf"])
def test_a_pupil_of_another_authority_is_not_found(county: County, persona_client, name):
    city_pupil = other_authority_pupil()
    response = persona_client("la_officer").get(export_url(name, county, city_pupil))
    assert response.status_code == 404


def test_the_export_page_lists_counts_and_links(county: County, persona_client):
    every_record(county)
    response = persona_client("la_officer").get(export_url("subject_access", county))
    assert response.status_code == 200
    body = response.content.decode()
    assert export_url("subject_access_json", county) in body
    assert export_url("subject_access_pdf", county) in body
    assert "Attendance marks" in body


def test_json_download_is_the_export_and_is_audited(county: County, persona_client):
    every_record(county)
    response = persona_client("la_officer").get(export_url("subject_access_json", county))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["pupil_id"] == str(county.pupil_a.pk)
    assert data["record_types"]["visits.visit"]["count"] == 1
    event = AuditEvent.objects.get(target_type=EXPORT_TARGET)
    assert event.verb == AuditEvent.Verb.VIEW
    assert event.pupil_id == county.pupil_a.pk
    assert event.actor == county.memberships["la_officer"].user
    assert event.changes == ["json"]


def test_pdf_download_is_a_pdf_and_is_audited(county: County, persona_client):
    every_record(county)
    response = persona_client("la_officer").get(export_url("subject_access_pdf", county))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(target_type=EXPORT_TARGET, changes=["pdf"]).count() == 1


def test_the_pupil_page_links_officers_to_the_export(county: County, persona_client):
    page = reverse("pupils:detail", kwargs={"pk": county.pupil_a.pk})
    link = export_url("subject_access", county)
    assert link in persona_client("la_officer").get(page).content.decode()
    assert link not in persona_client("school_a").get(page).content.decode()


def test_an_uploaded_file_is_exported_by_name_only():
    evidence = ComplianceEvidence(file="evidence/2026/03/insurance.pdf")
    assert _row(evidence, {})["file"] == "evidence/2026/03/insurance.pdf"
