"""The one Referral and Commissioning Form, its interventions and its append-only status
history (ADR 5). The allowed moves between statuses are in ``lifecycle.py``."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from inclusion.core.models import BaseModel


class Purpose(models.TextChoices):
    FORUM_NAMED = "forum_named", "Inclusion Forum discussion, naming the pupil"
    FORUM_ANONYMOUS = "forum_anonymous", "Inclusion Forum discussion, without naming the pupil"
    PARTNERSHIP_SUPPORT = "partnership_support", "Partnership support"
    PROGRAMME_MANAGEMENT = "programme_management", "Tier 4 Programme Management"
    ATTENDANCE_OFFER = "attendance_offer", "Attendance Offer (low engagement)"
    MANAGED_MOVE = "managed_move", "Managed move"
    ADVICE_ONLY = "advice_only", "Advice only"


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    RETURNED = "returned", "Returned for information"
    ACCEPTED = "accepted", "Accepted for forum"
    DECIDED = "decided", "Decided"
    CLOSED = "closed", "Closed"
    WITHDRAWN = "withdrawn", "Withdrawn"


class SemhDetail(models.TextChoices):
    """Social, emotional and mental health difficulties (SEND Code of Practice, para 6.32)."""

    WITHDRAWN = "withdrawn", "Becoming withdrawn or isolated"
    CHALLENGING = "challenging", "Challenging, disruptive or disturbing behaviour"
    ANXIETY = "anxiety", "Anxiety"
    DEPRESSION = "depression", "Depression"
    SELF_HARM = "self_harm", "Self-harming"
    SUBSTANCE = "substance", "Substance misuse"
    EATING = "eating", "Eating disorder"
    MUPS = "mups", "Physical symptoms that are medically unexplained"
    ADHD = "adhd", "Attention deficit disorder or attention deficit hyperactivity disorder"
    ATTACHMENT = "attachment", "Attachment disorder"


class AgencyKind(models.TextChoices):
    EARLY_HELP = "early_help", "Early Help"
    SOCIAL_CARE = "social_care", "Children's social care"
    CAMHS = "camhs", "CAMHS (child and adolescent mental health services)"
    EDUCATIONAL_PSYCHOLOGY = "educational_psychology", "Educational psychology"
    YOUTH_JUSTICE = "youth_justice", "Youth justice"
    SCHOOL_NURSE = "school_nurse", "School nurse"
    OTHER = "other", "Other"


class Plan(models.TextChoices):
    NONE = "none", "Neither"
    CHILD_IN_NEED = "child_in_need", "Child in need plan"
    CHILD_PROTECTION = "child_protection", "Child protection plan"


class Consent(models.TextChoices):
    GIVEN = "given", "Given"
    REFUSED = "refused", "Refused"
    NOT_ASKED = "not_asked", "Not asked yet"


class Routing(models.TextChoices):
    """Where the pupil lives, from the home postcode (or confirmed by a co-ordinator)."""

    HOME = "home", "Lives in the county"
    CITY = "city", "Lives in Leicester City"
    OUT_OF_COUNTY = "out_of_county", "Lives in another local authority"
    UNKNOWN = "unknown", "Home local authority not known"


class Referral(BaseModel):
    reference = models.CharField(max_length=12, unique=True, editable=False)
    pupil = models.ForeignKey("pupils.Pupil", on_delete=models.PROTECT, related_name="referrals")
    school = models.ForeignKey(
        "organisations.School", on_delete=models.PROTECT, related_name="referrals"
    )
    partnership = models.ForeignKey(
        "organisations.Partnership", on_delete=models.PROTECT, related_name="referrals"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)

    # Reason and purpose
    purpose = models.CharField(max_length=24, choices=Purpose.choices, blank=True)
    reason = models.TextField(blank=True)
    recharge_agreed = models.BooleanField(
        "school agrees to the average-pupil-cost recharge", null=True, blank=True
    )
    commissioning_signatory = models.CharField(max_length=120, blank=True)

    # Needs (the four broad areas of the SEND Code of Practice)
    needs_communication = models.TextField("communication and interaction", blank=True)
    needs_cognition = models.TextField("cognition and learning", blank=True)
    needs_semh = models.TextField("social, emotional and mental health", blank=True)
    needs_sensory_physical = models.TextField("sensory and/or physical", blank=True)
    semh_details = models.JSONField(default=list, blank=True)
    sen_provision = models.CharField("SEN provision", max_length=1, blank=True)
    need_types = models.JSONField(default=list, blank=True)

    # Attendance, suspensions and behaviour this year
    attendance_percent = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    suspension_count = models.PositiveSmallIntegerField(null=True, blank=True)
    suspension_days = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    behaviour_summary = models.TextField(blank=True)

    # Agencies and safeguarding context
    agencies = models.JSONField(default=list, blank=True)
    agencies_other = models.CharField(max_length=200, blank=True)
    has_social_worker = models.BooleanField(null=True, blank=True)
    plan = models.CharField(max_length=16, choices=Plan.choices, blank=True)

    # Views, consent, voice and risks
    parent_views = models.TextField(blank=True)
    consent = models.CharField(max_length=10, choices=Consent.choices, blank=True)
    consent_given_by = models.CharField(max_length=120, blank=True)
    consent_on = models.DateField(null=True, blank=True)
    pupil_voice = models.TextField(blank=True)
    known_risks = models.TextField(blank=True)

    # The referrer and the school's DSL
    referrer_name = models.CharField(max_length=120, blank=True)
    referrer_role = models.CharField(max_length=120, blank=True)
    referrer_email = models.EmailField(blank=True)
    referrer_phone = models.CharField(max_length=20, blank=True)
    dsl_name = models.CharField("DSL's name", max_length=120, blank=True)
    dsl_email = models.EmailField("DSL's e-mail address", blank=True)
    dsl_phone = models.CharField("DSL's phone number", max_length=20, blank=True)

    # Routing from the home postcode (set on submission; a co-ordinator may confirm it by hand)
    routing = models.CharField(max_length=14, choices=Routing.choices, blank=True)
    home_la = models.ForeignKey(
        "organisations.LocalAuthority",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    home_la_gss = models.CharField("home LA GSS code", max_length=9, blank=True)
    home_la_name = models.CharField(max_length=120, blank=True)
    routing_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    routing_confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["partnership", "status"], name="referrals_queue_idx"),
            models.Index(fields=["school", "status"], name="referrals_school_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(purpose="forum_named") | Q(consent="given"),
                name="referrals_named_needs_consent",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "withdrawn"]) | Q(submitted_at__isnull=False),
                name="referrals_submitted_has_time",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_named(self) -> bool:
        """Whether forum members from other organisations may see who the pupil is."""
        return self.purpose != Purpose.FORUM_ANONYMOUS and self.consent == Consent.GIVEN


class Intervention(BaseModel):
    """One step of the graduated response so far."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="interventions")
    what = models.CharField(max_length=200)
    started_on = models.DateField()
    duration = models.CharField(max_length=60)
    impact = models.TextField()

    class Meta:
        ordering = ["referral", "started_on", "created_at"]


class ReferralStatus(models.Model):
    """One change of a referral's status: append-only (ADR 5)."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="history")
    status = models.CharField(max_length=10, choices=Status.choices)
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    membership = models.ForeignKey(
        "accounts.Membership", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["referral", "at", "id"]
        verbose_name_plural = "referral statuses"

    def __str__(self) -> str:
        return f"{self.referral_id}: {self.status}"
