"""The alternative provider directory: providers, their sites and contacts, the offer they make,
compliance evidence, quality assurance visits and the dated registration-test configuration.

Derived status (compliance lapsed, QA status) is computed from two denormalised columns that
services keep current — ``evidence_expires_on`` and ``evidence_missing`` — so that a list of a
thousand providers filters and sorts in the database, and "expired yesterday" needs no write.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from inclusion.core.models import BaseModel


class OfferArea(BaseModel):
    """One entry of the maintained list of what providers offer (a sub-area has a parent)."""

    name = models.CharField(max_length=80)
    slug = models.SlugField(max_length=80, unique=True)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="sub_areas"
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return f"{self.parent.name}: {self.name}" if self.parent_id and self.parent else self.name


class Provider(BaseModel):
    class Registration(models.TextChoices):
        INDEPENDENT_SCHOOL = "independent_school", "Registered independent school"
        FURTHER_EDUCATION = "further_education", "Further education or college"
        PRU_OR_AP_ACADEMY = "pru_ap_academy", "Pupil referral unit or AP academy"
        UNREGISTERED = "unregistered", "Unregistered provider"
        ONLINE = "online", "Online provider"

    class Inspectorate(models.TextChoices):
        OFSTED = "ofsted", "Ofsted"
        ISI = "isi", "Independent Schools Inspectorate"
        SIS = "sis", "School Inspection Service"
        OTHER = "other", "Other"

    class PriceUnit(models.TextChoices):
        SESSION = "session", "per session"
        DAY = "day", "per day"
        WEEK = "week", "per week"

    name = models.CharField(max_length=160)
    legal_name = models.CharField("organisation's legal name", max_length=160, blank=True)
    company_number = models.CharField(max_length=8, blank=True)
    charity_number = models.CharField(max_length=8, blank=True)
    website = models.URLField(blank=True)
    phone = models.CharField("organisation's phone number", max_length=20, blank=True)
    email = models.EmailField("organisation's e-mail address", blank=True)
    description = models.TextField(blank=True)
    registration = models.CharField(max_length=20, choices=Registration.choices)
    urn = models.CharField("URN", max_length=6, blank=True, db_index=True)
    ukprn = models.CharField("UKPRN", max_length=8, blank=True)
    local_authority = models.ForeignKey(
        "organisations.LocalAuthority", on_delete=models.PROTECT, related_name="providers"
    )
    inspectorate = models.CharField(max_length=8, choices=Inspectorate.choices, blank=True)
    last_inspection_date = models.DateField(null=True, blank=True)
    last_inspection_outcome = models.CharField(max_length=80, blank=True)
    offers = models.ManyToManyField(OfferArea, blank=True, related_name="providers")
    key_stage_3 = models.BooleanField("Key stage 3", default=False)
    key_stage_4 = models.BooleanField("Key stage 4", default=False)
    post_16 = models.BooleanField("Post-16", default=False)
    min_age = models.PositiveSmallIntegerField(null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(null=True, blank=True)
    open_monday = models.BooleanField(default=False)
    open_tuesday = models.BooleanField(default=False)
    open_wednesday = models.BooleanField(default=False)
    open_thursday = models.BooleanField(default=False)
    open_friday = models.BooleanField(default=False)
    opens_at = models.TimeField(null=True, blank=True)
    closes_at = models.TimeField(null=True, blank=True)
    capacity = models.PositiveSmallIntegerField(null=True, blank=True)
    price = models.DecimalField(
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    price_unit = models.CharField(max_length=8, choices=PriceUnit.choices, blank=True)
    weekly_price = models.DecimalField(
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="The price for a full week (10 sessions, 5 days), kept by services for filters.",
    )
    transport = models.TextField(blank=True)
    is_active = models.BooleanField(default=True)
    # Kept current by providers.services.refresh_provider_status.
    evidence_expires_on = models.DateField(null=True, blank=True)
    evidence_missing = models.PositiveSmallIntegerField(default=0)
    last_qa_visit_on = models.DateField(null=True, blank=True)
    last_qa_rating = models.CharField(max_length=12, blank=True)
    search_name = models.CharField(max_length=400, blank=True, editable=False)

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(fields=["registration", "name"], name="providers_reg_name_idx"),
            models.Index(fields=["evidence_expires_on"], name="providers_expiry_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_age__isnull=True)
                | Q(max_age__isnull=True)
                | Q(min_age__lte=models.F("max_age")),
                name="providers_age_range_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_registered_school(self) -> bool:
        return self.registration in REGISTERED_SCHOOL_KINDS


REGISTERED_SCHOOL_KINDS = frozenset(
    {
        Provider.Registration.INDEPENDENT_SCHOOL,
        Provider.Registration.FURTHER_EDUCATION,
        Provider.Registration.PRU_OR_AP_ACADEMY,
    }
)
DAY_FIELDS = ("open_monday", "open_tuesday", "open_wednesday", "open_thursday", "open_friday")


class ProviderSite(BaseModel):
    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="sites")
    name = models.CharField(max_length=120)
    address_line_1 = models.CharField(max_length=120)
    address_line_2 = models.CharField(max_length=120, blank=True)
    town = models.CharField(max_length=80)
    postcode = models.CharField(max_length=8)
    # British National Grid, from the ONS postcode directory, for distance searches.
    easting = models.PositiveIntegerField(null=True, blank=True)
    northing = models.PositiveIntegerField(null=True, blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["provider", "name"]

    def __str__(self) -> str:
        return f"{self.provider.name}, {self.name}"

    @property
    def address_lines(self) -> list[str]:
        return [
            line
            for line in (self.address_line_1, self.address_line_2, self.town, self.postcode)
            if line
        ]


class ProviderContact(BaseModel):
    class Kind(models.TextChoices):
        MAIN = "main", "Main contact"
        DSL = "dsl", "Designated safeguarding lead"
        ATTENDANCE = "attendance", "Attendance contact"
        OTHER = "other", "Other"

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="contacts")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    name = models.CharField(max_length=120)
    job_title = models.CharField(max_length=120, blank=True)
    phone = models.CharField(max_length=20, blank=True)
    email = models.EmailField(blank=True)

    class Meta:
        ordering = ["provider", "kind", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_kind_display()})"


class EvidenceKind(models.TextChoices):
    DBS = "dbs", "Confirmation of enhanced DBS checks for staff"
    SINGLE_CENTRAL_RECORD = "scr", "Single central record confirmation"
    SAFEGUARDING_POLICY = "safeguarding_policy", "Safeguarding policy"
    DSL_TRAINING = "dsl_training", "Designated safeguarding lead training"
    CHILD_PROTECTION_TRAINING = "cp_training", "Child-protection training"
    PUBLIC_LIABILITY = "public_liability", "Public liability insurance"
    EMPLOYERS_LIABILITY = "employers_liability", "Employer's liability insurance"
    RISK_ASSESSMENTS = "risk_assessments", "Health and safety risk assessments"
    FIRE_SAFETY = "fire_safety", "Fire safety"
    FIRST_AID = "first_aid", "First aid"
    REGISTRATION = "registration", "Registration evidence"


# Every provider must hold these; registration evidence only where the provider is registered.
REQUIRED_EVIDENCE = tuple(kind for kind in EvidenceKind if kind != EvidenceKind.REGISTRATION)


class ComplianceEvidence(BaseModel):
    class Status(models.TextChoices):
        AWAITING_CONFIRMATION = "awaiting", "Awaiting confirmation"
        CONFIRMED = "confirmed", "Confirmed"
        REJECTED = "rejected", "Not accepted"

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(max_length=24, choices=EvidenceKind.choices)
    checked_on = models.DateField("date checked")
    expires_on = models.DateField("expiry date", null=True, blank=True)
    notes = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    file = models.FileField(upload_to="evidence/%Y/%m/", blank=True, max_length=200)
    file_name = models.CharField(max_length=200, blank=True)
    file_type = models.CharField(max_length=80, blank=True)
    file_size = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["provider", "kind", "-checked_on"]
        indexes = [
            models.Index(fields=["status", "expires_on"], name="providers_evidence_expiry_idx")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gte=models.F("checked_on")),
                name="providers_evidence_expires_after_check",
            ),
            models.CheckConstraint(
                condition=~Q(status="confirmed") | Q(verified_by__isnull=False),
                name="providers_evidence_confirmed_has_verifier",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.provider_id}"


class QaVisit(BaseModel):
    """A quality assurance visit on the shared template (``providers.qa_template``)."""

    class Rating(models.TextChoices):
        MEETS = "meets", "Meets the standards"
        PARTLY = "partly", "Partly meets the standards"
        DOES_NOT_MEET = "not_met", "Does not meet the standards"

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="qa_visits")
    visited_on = models.DateField()
    visitors = models.CharField(max_length=200)
    overall_rating = models.CharField(max_length=12, choices=Rating.choices)
    summary = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["provider", "-visited_on"]

    def __str__(self) -> str:
        return f"QA visit {self.visited_on:%d %B %Y}"


class QaJudgement(BaseModel):
    class Judgement(models.TextChoices):
        MET = "met", "Met"
        PARTLY_MET = "partly", "Partly met"
        NOT_MET = "not_met", "Not met"
        NOT_SEEN = "not_seen", "Not seen"

    visit = models.ForeignKey(QaVisit, on_delete=models.CASCADE, related_name="judgements")
    item = models.CharField(max_length=40)
    judgement = models.CharField(max_length=10, choices=Judgement.choices)
    evidence = models.TextField(blank=True)

    class Meta:
        ordering = ["visit", "item"]
        constraints = [
            models.UniqueConstraint(fields=["visit", "item"], name="providers_qa_item_once")
        ]


class QaAction(BaseModel):
    visit = models.ForeignKey(QaVisit, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField()
    owner = models.CharField(max_length=120)
    due_on = models.DateField()
    completed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["visit", "due_on"]


class RegistrationChange(BaseModel):
    """A provider's own request to change its registration details, confirmed by a
    co-ordinator or LA officer before it takes effect."""

    class Status(models.TextChoices):
        PENDING = "pending", "Awaiting confirmation"
        CONFIRMED = "confirmed", "Confirmed"
        REJECTED = "rejected", "Not accepted"

    provider = models.ForeignKey(
        Provider, on_delete=models.CASCADE, related_name="registration_changes"
    )
    registration = models.CharField(max_length=20, choices=Provider.Registration.choices)
    urn = models.CharField("URN", max_length=6, blank=True)
    ukprn = models.CharField("UKPRN", max_length=8, blank=True)
    reason = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]


class RegistrationRule(BaseModel):
    """Dated configuration of the registration test (statutory-rules.md): the version in force
    on a date is the one with the latest ``effective_from`` on or before it."""

    class SenCounts(models.TextChoices):
        EHC_PLAN = "ehcp", "Pupils with an EHC plan"
        ANY_SEN = "any_sen", "Pupils with any special educational needs"

    effective_from = models.DateField(unique=True)
    full_time_hours = models.DecimalField(
        max_digits=4, decimal_places=1, validators=[MinValueValidator(Decimal(1))]
    )
    pupil_limit = models.PositiveSmallIntegerField(default=5)
    sen_counts = models.CharField(max_length=8, choices=SenCounts.choices)
    source = models.CharField(max_length=200)

    class Meta:
        ordering = ["-effective_from"]

    def __str__(self) -> str:
        return f"From {self.effective_from:%d %B %Y}: over {self.full_time_hours} hours a week"


class GiasImport(BaseModel):
    """One upload of the GIAS "edubasealldata" file, imported in the background."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        CHECKING = "checking", "Checking the file"
        NEEDS_DECISION = "needs_decision", "Errors found: waiting for a decision"
        IMPORTING = "importing", "Importing"
        DONE = "done", "Imported"
        FAILED = "failed", "Failed"
        CANCELLED = "cancelled", "Cancelled"

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    file = models.FileField(upload_to="gias/%Y/%m/", max_length=200)
    file_name = models.CharField(max_length=200)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    only_valid_rows = models.BooleanField(default=False)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    message = models.TextField(blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"GIAS import of {self.file_name}"
