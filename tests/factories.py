"""Factories for tests: fictional data only."""

from __future__ import annotations

import datetime as dt

import factory
from django.contrib.auth.hashers import make_password

from inclusion.accounts.models import Membership, Role, User
from inclusion.organisations.models import LocalAuthority, Partnership, School
from inclusion.providers import qa_template
from inclusion.providers.models import (
    ComplianceEvidence,
    Provider,
    ProviderContact,
    ProviderSite,
    QaJudgement,
    QaVisit,
)
from inclusion.pupils.models import Pupil
from inclusion.pupils.services import search_name_for
from inclusion.pupils.validation import build_upn

PASSWORD = "correct-horse-battery-staple"


def leicestershire() -> LocalAuthority:
    return LocalAuthority.objects.get(dfe_code="855")


class PartnershipFactory(factory.django.DjangoModelFactory[Partnership]):
    class Meta:
        model = Partnership

    name = factory.Sequence(lambda n: f"Test Partnership {n}")
    local_authority = factory.LazyFunction(leicestershire)


class SchoolFactory(factory.django.DjangoModelFactory[School]):
    class Meta:
        model = School

    name = factory.Sequence(lambda n: f"Test School {n}")
    urn = factory.Sequence(lambda n: f"{190000 + n}")
    laestab = factory.Sequence(lambda n: f"855{4000 + n}")
    local_authority = factory.LazyFunction(leicestershire)
    partnership = factory.SubFactory(PartnershipFactory)


class ProviderFactory(factory.django.DjangoModelFactory[Provider]):
    class Meta:
        model = Provider

    name = factory.Sequence(lambda n: f"Test Provider {n}")
    search_name = factory.LazyAttribute(lambda o: o.name.lower())
    registration = Provider.Registration.UNREGISTERED
    local_authority = factory.LazyFunction(leicestershire)
    evidence_missing = 0


class ProviderSiteFactory(factory.django.DjangoModelFactory[ProviderSite]):
    """A site at a real postcode (LE1 6ZG, Leicester) unless told otherwise."""

    class Meta:
        model = ProviderSite

    provider = factory.SubFactory(ProviderFactory)
    name = "Main site"
    address_line_1 = factory.Sequence(lambda n: f"{n} Test Street")
    town = "Leicester"
    postcode = "LE1 6ZG"
    easting = 458742
    northing = 304091


class ProviderContactFactory(factory.django.DjangoModelFactory[ProviderContact]):
    class Meta:
        model = ProviderContact

    provider = factory.SubFactory(ProviderFactory)
    kind = ProviderContact.Kind.MAIN
    name = factory.Sequence(lambda n: f"Contact Person {n}")
    email = factory.Sequence(lambda n: f"contact{n}@provider.example")


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    full_name = factory.Sequence(lambda n: f"Test User {n}")
    password = factory.LazyFunction(lambda: make_password(PASSWORD))


class MembershipFactory(factory.django.DjangoModelFactory[Membership]):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    role = Role.SCHOOL_STAFF


class PupilFactory(factory.django.DjangoModelFactory[Pupil]):
    class Meta:
        model = Pupil

    upn = factory.Sequence(
        lambda n: (
            build_upn(la_code="855", establishment="4001", year=20, serial=n % 1000)
            if n < 1000
            else build_upn(
                la_code="855", establishment=f"{4000 + n // 1000}", year=20, serial=n % 1000
            )
        )
    )
    legal_first_name = factory.Sequence(lambda n: f"Alex{n}")
    legal_last_name = factory.Sequence(lambda n: f"Testpupil{n}")
    date_of_birth = dt.date(2012, 5, 17)
    sex = "F"
    nc_year = 9
    school = factory.SubFactory(SchoolFactory)
    postcode = "LE3 8RF"
    sen_provision = "N"
    preferred_first_name = ""
    preferred_last_name = ""
    search_name = factory.LazyAttribute(search_name_for)


class EvidenceFactory(factory.django.DjangoModelFactory[ComplianceEvidence]):
    class Meta:
        model = ComplianceEvidence

    provider = factory.SubFactory(ProviderFactory)
    kind = "dbs"
    checked_on = factory.LazyFunction(lambda: dt.date.today() - dt.timedelta(days=30))
    expires_on = factory.LazyFunction(lambda: dt.date.today() + dt.timedelta(days=300))
    status = ComplianceEvidence.Status.CONFIRMED
    submitted_by = factory.SubFactory(UserFactory)
    verified_by = factory.SelfAttribute("submitted_by")


class QaVisitFactory(factory.django.DjangoModelFactory[QaVisit]):
    """A QA visit without judgements: use :func:`qa_visit` for a complete one."""

    class Meta:
        model = QaVisit

    provider = factory.SubFactory(ProviderFactory)
    visited_on = factory.LazyFunction(lambda: dt.date.today() - dt.timedelta(days=20))
    visitors = "A. Visitor, Inclusion co-ordinator"
    overall_rating = QaVisit.Rating.MEETS
    recorded_by = factory.SubFactory(UserFactory)


def qa_visit(*, judgement: str = "met", **kwargs: object) -> QaVisit:
    """A QA visit with every item of the template judged ``judgement``."""
    visit = QaVisitFactory.create(**kwargs)
    QaJudgement.objects.bulk_create(
        QaJudgement(visit=visit, item=code, judgement=judgement) for code in qa_template.ITEMS
    )
    return visit
