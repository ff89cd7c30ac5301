"""The demo county: sizes, valid identifiers, idempotence and the demo sign-ins."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.utils import timezone
from stdnum.gb import upn as stdnum_upn

from inclusion.accounts.models import Membership, Role, User
from inclusion.core.reference import need_type_choices
from inclusion.demo.directory.quality import overall_rating, qa_item_codes
from inclusion.demo.generate import (
    ACADEMIC_YEAR,
    DEMO_PASSWORD,
    PERSONAS,
    build_county,
    demo_county_size,
)
from inclusion.organisations.models import Agency, LocalAuthority, Partnership, School
from inclusion.organisations.postcodes import lookup
from inclusion.placements.models import Placement
from inclusion.providers.models import (
    REQUIRED_EVIDENCE,
    ComplianceEvidence,
    Provider,
    ProviderContact,
    ProviderSite,
    QaJudgement,
    QaVisit,
)
from inclusion.providers.pricing import weekly_price
from inclusion.providers.status import Compliance, compliance_of
from inclusion.pupils.models import Contact, Pupil, PupilNeed
from inclusion.pupils.services import search_name_for
from inclusion.pupils.validation import normalise_postcode

pytestmark = pytest.mark.django_db
LEICESTERSHIRE_DISTRICTS = {f"E07000{code}" for code in range(129, 136)}  # GSS codes


@pytest.fixture
def small_county():
    return build_county(pupils=300, schools=12, providers=6, seed=7)


def _seed(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def test_seed_demo_builds_the_demo_county_once():
    first = _seed()
    counts = (Pupil.objects.count(), School.objects.count(), User.objects.count())
    second = _seed()

    assert "Loaded the demo county" in first
    assert "already loaded" in second
    assert (Pupil.objects.count(), School.objects.count(), User.objects.count()) == counts
    assert Partnership.objects.filter(local_authority__dfe_code="855").count() == 5
    assert 50 <= School.objects.count() <= 60
    assert Provider.objects.count() == 40
    assert Agency.objects.count() >= 3
    assert 750 <= Pupil.objects.count() <= 850
    for persona in PERSONAS:
        assert persona.email in second


def test_logins_only_prints_the_table_without_loading(db):
    output = _seed("--logins-only")

    assert "school.staff@demo.inclusion.example" in output
    assert DEMO_PASSWORD in output
    assert "Not loaded yet" in output
    assert not Pupil.objects.exists()


def test_scale_must_be_positive():
    with pytest.raises(ValueError, match="greater than 0"):
        demo_county_size(0)


def test_upns_are_valid_and_unique(small_county):
    upns = list(Pupil.objects.values_list("upn", flat=True))

    assert len(upns) == small_county.pupils == 300
    assert len(set(upns)) == len(upns)
    assert all(stdnum_upn.is_valid(upn) for upn in upns)
    assert all(upn[1:4] == "855" for upn in upns)


def test_schools_have_valid_identifiers_and_districts(small_county):
    schools = list(School.objects.select_related("district", "partnership"))

    assert len({s.urn for s in schools}) == len({s.laestab for s in schools}) == 12
    assert all(s.urn.isdigit() and len(s.urn) == 6 for s in schools)
    assert all(s.laestab.startswith("855") and len(s.laestab) == 7 for s in schools)
    county = LocalAuthority.objects.get(dfe_code="855")
    assert all(s.district is not None and s.district.parent_id == county.pk for s in schools)
    assert all(s.partnership and normalise_postcode(s.postcode).startswith("LE") for s in schools)


def test_looked_after_pupils_have_a_care_authority(small_county):
    looked_after = Pupil.objects.filter(looked_after=True)

    assert looked_after.exists()
    assert not looked_after.filter(care_la__isnull=True).exists()
    assert not Pupil.objects.filter(looked_after=False, care_la__isnull=False).exists()


def test_dates_of_birth_fit_the_year_group(small_county):
    for pupil in Pupil.objects.all():
        born_from = dt.date(ACADEMIC_YEAR - 5 - pupil.nc_year, 9, 1)
        assert born_from <= pupil.date_of_birth < dt.date(born_from.year + 1, 9, 1)
        assert 7 <= pupil.nc_year <= 13


def test_pupil_details_are_plausible(small_county):
    pupils = list(Pupil.objects.all())
    provision = Counter(p.sen_provision for p in pupils)

    assert provision["N"] > provision["K"] > 0
    assert {p.sex for p in pupils} == {"F", "M"}
    assert all(p.search_name == search_name_for(p) for p in pupils)
    assert all(normalise_postcode(p.postcode) == p.postcode for p in pupils)
    assert Contact.objects.exists()


def test_needs_are_ranked_known_codes_for_pupils_with_sen(small_county):
    codes = {code for code, _ in need_type_choices()}
    needs = list(PupilNeed.objects.select_related("pupil"))

    assert needs
    assert all(n.need_type in codes and n.pupil.sen_provision in "EK" for n in needs)
    assert all(n.pupil.needs.filter(rank=1).exists() for n in needs)
    primary = Counter(n.need_type for n in needs if n.rank == 1)
    assert primary.most_common(1)[0][0] == "SEMH"


def _snapshot() -> list[list[str]]:
    """The county's pupils and its directory, without ids or times of creation."""
    rows = (
        Pupil.objects.values_list("upn", "legal_last_name", "date_of_birth"),
        Provider.objects.values_list(
            "name", "phone", "description", "price", "price_unit", "capacity", "open_monday"
        ),
        ProviderSite.objects.values_list("provider__name", "postcode", "address_line_1"),
        ProviderContact.objects.values_list("provider__name", "kind", "name", "email"),
        ComplianceEvidence.objects.values_list("provider__name", "kind", "status", "expires_on"),
        QaJudgement.objects.values_list(
            "visit__provider__name", "visit__visited_on", "item", "judgement"
        ),
        Placement.objects.values_list("pupil__upn", "site__provider__name", "status", "start_date"),
    )
    return [sorted(map(str, queryset)) for queryset in rows]


def _delete_casework() -> None:
    """Referrals and forums, in the order their protected links allow."""
    from inclusion.exclusions.models import Consultation, Exclusion
    from inclusion.fairaccess import models as fair_access
    from inclusion.forums.models import Decision, ForumMeeting
    from inclusion.moves import models as moves
    from inclusion.offers.models import AttendanceSupportPlan
    from inclusion.placements.models import RiskAssessment
    from inclusion.pupils.models import TierChange
    from inclusion.referrals.models import Referral
    from inclusion.visits.models import Visit

    for model in (
        moves.ReviewRequest,
        moves.DirectionReview,
        moves.OffsiteDirection,
        moves.ManagedMove,
        fair_access.CaseStatusChange,
        fair_access.InYearAttempt,
        fair_access.FairAccessCase,
        fair_access.PanelMeeting,
        fair_access.EmailTemplate,
        Exclusion,
        Consultation,
    ):
        model.objects.all().delete()
    Visit.objects.all().delete()
    Placement.objects.all().delete()
    RiskAssessment.objects.all().delete()
    TierChange.objects.all().delete()
    Decision.objects.all().delete()
    ForumMeeting.objects.all().delete()
    AttendanceSupportPlan.objects.all().delete()
    Referral.objects.all().delete()


def test_the_same_seed_builds_the_same_county():
    build_county(pupils=200, schools=10, providers=12, seed=11)
    first = _snapshot()
    _delete_casework()
    Placement.objects.all().delete()
    Pupil.objects.all().delete()
    Membership.objects.all().delete()
    Provider.objects.all().delete()
    User.objects.all().delete()
    School.objects.all().delete()
    Agency.objects.all().delete()
    Partnership.objects.all().delete()

    build_county(pupils=200, schools=10, providers=12, seed=11)

    assert all(first)
    assert _snapshot() == first


def test_every_persona_signs_in_with_the_demo_password(small_county):
    for persona in PERSONAS:
        user = authenticate(username=persona.email, password=DEMO_PASSWORD)
        assert isinstance(user, User), persona.email
        assert user.memberships.exists()


def test_persona_memberships(small_county):
    def roles(key: str) -> list[Membership]:
        email = next(p.email for p in PERSONAS if p.key == key)
        return list(Membership.objects.filter(user__email=email).order_by("role"))

    school_a, school_b = roles("school_staff")[0].school, roles("school_staff_2")[0].school
    assert school_a is not None
    assert school_b is not None
    assert school_a != school_b
    assert school_a.partnership_id == school_b.partnership_id == roles("chair")[0].partnership_id
    assert {m.role for m in roles("two_roles")} == {Role.COORDINATOR, Role.SCHOOL_STAFF}
    admin = User.objects.get(email=next(p.email for p in PERSONAS if p.key == "service_admin"))
    assert admin.is_staff
    assert not admin.is_superuser
    assert admin.has_perm("organisations.change_school")
    assert not admin.has_perm("pupils.view_pupil")
    assert Partnership.objects.filter(membership__role=Role.COORDINATOR).distinct().count() == 5


def test_builds_beside_organisations_already_in_the_database(county):
    before = School.objects.count()

    summary = build_county(pupils=50, schools=10, providers=3)

    assert summary.created
    assert School.objects.count() == before + 10
    assert Pupil.objects.count() == 3 + 50


# --- the provider directory ------------------------------------------------------------------


def _hours(placement: Placement) -> Decimal:
    day = dt.date(2026, 1, 5)
    seconds = sum(
        (dt.datetime.combine(day, s.ends_at) - dt.datetime.combine(day, s.starts_at)).seconds
        for s in placement.sessions.all()
    )
    return Decimal(seconds) / 3600


def _full_time_at_unregistered() -> dict[Provider, list[Pupil]]:
    """Pupils of active placements over 18 hours a week, counted straight from the sessions."""
    placements = (
        Placement.objects.filter(
            status=Placement.Status.ACTIVE,
            site__provider__registration=Provider.Registration.UNREGISTERED,
        )
        .select_related("site__provider", "pupil")
        .prefetch_related("sessions")
    )
    pupils: dict[Provider, list[Pupil]] = defaultdict(list)
    for placement in placements:
        if _hours(placement) > 18:
            pupils[placement.site.provider].append(placement.pupil)
    return pupils


@pytest.fixture
def demo_county():
    size = demo_county_size(1)
    return build_county(pupils=size.pupils, schools=size.schools, providers=size.providers)


def test_the_demo_directory_has_evidence_in_every_state(demo_county):
    today = dt.date.today()
    providers = list(Provider.objects.all())
    states = Counter(compliance_of(provider, today) for provider in providers)
    awaiting = ComplianceEvidence.objects.filter(
        status=ComplianceEvidence.Status.AWAITING_CONFIRMATION
    )

    assert len(providers) == 40
    assert states[Compliance.LAPSED] == 4
    assert states[Compliance.EXPIRING] == 5
    assert states[Compliance.INCOMPLETE] == 3
    assert states[Compliance.IN_DATE] == 28
    assert awaiting.values("provider").distinct().count() == 2
    assert all(e.submitted_by.memberships.filter(role=Role.PROVIDER_STAFF) for e in awaiting)
    confirmed = ComplianceEvidence.objects.filter(status=ComplianceEvidence.Status.CONFIRMED)
    verifiers = User.objects.filter(pk__in=confirmed.values("verified_by"))
    managers = (Role.COORDINATOR, Role.LA_OFFICER)
    assert all(user.memberships.filter(role__in=managers).exists() for user in verifiers)
    assert confirmed.count() + awaiting.count() == ComplianceEvidence.objects.count()
    assert not ComplianceEvidence.objects.exclude(file="").exists()


def test_the_demo_directory_has_qa_visits_on_the_shared_template(demo_county):
    visits = list(QaVisit.objects.prefetch_related("judgements", "actions"))
    visited = {visit.provider_id for visit in visits}
    two_years_ago = dt.date.today() - dt.timedelta(days=731)

    assert len(visited) == 28  # 70% of 40
    assert {visit.overall_rating for visit in visits} == set(QaVisit.Rating)
    for visit in visits:
        marks = [j.judgement for j in visit.judgements.all()]
        assert sorted(j.item for j in visit.judgements.all()) == sorted(qa_item_codes())
        assert visit.overall_rating == overall_rating(marks)
        assert visit.visited_on >= two_years_ago
        assert len(visit.actions.all()) <= 2
        assert all(a.owner and a.due_on > visit.visited_on for a in visit.actions.all())
    assert any(a.completed_on for visit in visits for a in visit.actions.all())
    assert Provider.objects.filter(last_qa_visit_on__isnull=False).count() == len(visited)


def test_the_demo_directory_places_pupils_for_the_registration_test(demo_county):
    full_time = _full_time_at_unregistered()
    counts = sorted(len(pupils) for pupils in full_time.values())
    four = next(provider for provider, pupils in full_time.items() if len(pupils) == 4)

    assert counts[-1] == 5  # "5 of 5": meets the test
    assert 4 in counts  # "4 of 5" ...
    assert all(p.sen_provision == "N" and not p.looked_after for p in full_time[four])
    assert any(p.looked_after for pupils in full_time.values() for p in pupils)
    statuses = Counter(Placement.objects.values_list("status", flat=True))
    assert statuses[Placement.Status.ACTIVE] > statuses[Placement.Status.ENDED] >= 1
    assert statuses[Placement.Status.PROPOSED] >= 1
    part_time = [p for p in Placement.objects.prefetch_related("sessions") if _hours(p) <= 18]
    assert len(part_time) >= 5
    assert all(2 <= len(p.sessions.all()) <= 3 for p in part_time)
    at_schools = Placement.objects.exclude(
        site__provider__registration__in=(
            Provider.Registration.UNREGISTERED,
            Provider.Registration.ONLINE,
        )
    )
    assert at_schools.exists()
    persona = next(p.email for p in PERSONAS if p.key == "provider_staff")
    persona_provider = Membership.objects.get(user__email=persona).provider
    assert Placement.objects.filter(site__provider=persona_provider).exists()
    # No pupil is at two full-time placements at a time; all are of compulsory school age.
    current = Placement.objects.exclude(status=Placement.Status.ENDED)
    at_full_time = [p for p in current.prefetch_related("sessions") if _hours(p) > 18]
    assert Counter(p.pupil_id for p in at_full_time).most_common(1)[0][1] == 1
    compulsory_age = Pupil.objects.filter(placements__isnull=False, nc_year__range=(7, 11))
    assert compulsory_age.distinct().count() == Placement.objects.count()


def test_demo_providers_are_described_with_sites_and_contacts(small_county):
    providers = list(Provider.objects.prefetch_related("sites", "contacts", "offers"))

    assert len(providers) == 6
    for provider in providers:
        slug = provider.website.removeprefix("https://").removesuffix(".example")
        assert provider.email == f"info@{slug}.example"
        assert provider.phone.startswith("0116 496 0")
        assert provider.description.startswith(provider.name)
        assert 1 <= len(provider.offers.all()) <= 3
        assert not any(offer.sub_areas.exists() for offer in provider.offers.all())
        assert provider.key_stage_3 or provider.key_stage_4
        assert 11 <= (provider.min_age or 0) <= (provider.max_age or 0) <= 16
        assert 6 <= (provider.capacity or 0) <= 40
        assert provider.weekly_price == weekly_price(provider.price, provider.price_unit)
        assert provider.search_name == provider.name.lower()
        assert bool(provider.last_inspection_date) == provider.is_registered_school
        assert 1 <= len(provider.sites.all()) <= 2
        in_county = provider.local_authority.dfe_code == "855"
        areas = LEICESTERSHIRE_DISTRICTS if in_county else {"E06000016"}  # Leicester
        for site in provider.sites.all():
            facts = lookup(site.postcode)
            assert facts is not None
            assert (facts.easting, facts.northing) == (site.easting, site.northing)
            assert facts.la_code in areas
        kinds = sorted(contact.kind for contact in provider.contacts.all())
        assert kinds == ["attendance", "dsl", "main"]
        assert all(c.email.endswith(f"@{slug}.example") for c in provider.contacts.all())
        assert len(set(REQUIRED_EVIDENCE) - {e.kind for e in provider.evidence.all()}) <= 1


def test_the_demo_has_referrals_in_every_state_and_forums_with_decisions(demo_county):
    from inclusion.forums.models import Action, AgendaItem, Decision, ForumMeeting
    from inclusion.pupils.models import TierChange
    from inclusion.referrals.models import Referral, ReferralStatus, Status

    statuses = Counter(Referral.objects.values_list("status", flat=True))
    assert set(statuses) == set(Status.values)
    for referral in Referral.objects.exclude(status=Status.DRAFT):
        history = list(referral.history.values_list("status", flat=True))
        assert history[0] == Status.DRAFT
        assert history[-1] == referral.status, (referral.reference, history)
        assert referral.submitted_at is not None
    assert not ReferralStatus.objects.filter(referral__status=Status.DRAFT).exclude(
        status=Status.DRAFT
    )
    now = timezone.now()
    assert ForumMeeting.objects.filter(starts_at__lt=now).exists()
    assert ForumMeeting.objects.filter(starts_at__gt=now).exists()
    decided = Referral.objects.filter(status__in=[Status.DECIDED, Status.CLOSED])
    assert Decision.objects.count() == decided.count()
    assert AgendaItem.objects.filter(meeting__starts_at__gt=now, referral__status=Status.ACCEPTED)
    actions = Action.objects.all()
    assert actions.filter(completed_on__isnull=True, due_on__lt=now.date()).exists()  # overdue
    assert actions.filter(completed_on__isnull=False).exists()
    assert TierChange.objects.filter(decision__isnull=False).exists()
    # Anonymous discussions have no recorded consent, so forum members see them anonymised.
    assert Referral.objects.filter(purpose="forum_anonymous", consent="not_asked").exists()


def test_the_demo_has_programmes_with_risk_assessments_plans_and_overdue_reviews(demo_county):
    from inclusion.placements.models import (
        AveragePupilCost,
        EducationPlan,
        Placement,
        PlacementStatus,
        RiskAssessment,
    )

    today = timezone.localdate()
    tier4 = Placement.objects.filter(programme_management=True)
    assert tier4.exists()
    for placement in tier4.filter(status=Placement.Status.ACTIVE):
        assessment = placement.risk_assessment
        assert assessment is not None
        assert assessment.signed_off_at is not None
        assert assessment.review_on is not None
        assert assessment.review_on >= today
        assert assessment.hazards.count() == 9
    assert RiskAssessment.objects.exists()
    for placement in Placement.objects.all():
        history = list(placement.history.values_list("status", flat=True))
        assert history[0] == Placement.Status.PROPOSED
        assert history[-1] == placement.status
        assert placement.school_id == placement.pupil.school_id
    assert not PlacementStatus.objects.filter(placement__status=Placement.Status.PROPOSED).exclude(
        status=Placement.Status.PROPOSED
    )
    plans = EducationPlan.objects.all()
    assert plans.filter(next_review_on__lt=today).exists()  # overdue reviews to show
    assert plans.filter(next_review_on__gte=today).exists()
    assert plans.filter(reviews__isnull=False).exists()
    assert AveragePupilCost.objects.filter(academic_year=today.year).exists()


def test_the_demo_has_a_term_of_attendance_with_good_persistent_and_severe_absence(demo_county):
    from inclusion.attendance.models import AttendanceAlert, AttendanceMark

    today = timezone.localdate()
    active = Placement.objects.filter(status=Placement.Status.ACTIVE, start_date__lt=today)
    marks = AttendanceMark.objects.filter(placement__in=active)
    assert set(marks.values_list("placement_id", flat=True)) == set(
        active.values_list("pk", flat=True)
    )
    assert not AttendanceMark.objects.filter(date__gte=today).exists()  # today is the provider's
    assert marks.earliest("date").date >= today - dt.timedelta(weeks=13)
    counts: dict[object, list[int]] = defaultdict(lambda: [0, 0])
    for placement_id, code in marks.values_list("placement_id", "code"):
        counts[placement_id][1] += 1
        counts[placement_id][0] += code in {"/", "\\", "L"}
    rates = [attended / possible for attended, possible in counts.values()]
    assert sum(rate < 0.5 for rate in rates) == 1  # one severe absentee
    assert any(0.5 <= rate < 0.9 for rate in rates)  # persistent absentees
    assert sum(rate >= 0.9 for rate in rates) > len(rates) / 2  # most attend well
    alerts = AttendanceAlert.objects.all()
    assert alerts.filter(acknowledged_at__isnull=True).exists()
    assert alerts.filter(acknowledged_at__isnull=False).exclude(action_taken="").exists()
    leads = Membership.objects.filter(role=Role.SCHOOL_STAFF, is_safeguarding_lead=True)
    assert leads.filter(user__email="school.staff@demo.inclusion.example").exists()
    assert leads.count() == School.objects.filter(membership__isnull=False).distinct().count()


def test_demo_users_who_see_pupils_share_the_demo_authenticator(small_county):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from inclusion.accounts.two_factor import requires_two_factor
    from inclusion.demo.authenticators import DEMO_KEY, demo_code_now, ensure_demo_authenticators

    assert ensure_demo_authenticators() > 0
    assert ensure_demo_authenticators() == 0  # once only
    users = list(User.objects.filter(email__endswith="@demo.inclusion.example"))
    assert any(not requires_two_factor(user) for user in users)  # governance, service admin
    for user in users:
        keys = list(
            TOTPDevice.objects.filter(user=user, confirmed=True).values_list("key", flat=True)
        )
        assert keys == ([DEMO_KEY] if requires_two_factor(user) else []), user.email
    assert "make demo-code" in _seed("--logins-only")
    out = StringIO()
    call_command("demo_code", stdout=out)
    assert out.getvalue().strip().isdigit()
    assert len(demo_code_now()) == 6
