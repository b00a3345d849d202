from __future__ import annotations

import zoneinfo
from datetime import datetime, time, timedelta
from typing import Any, ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config.validators import validate_single_line


def normalize_email(email: str) -> str:
    """One account per address: `Ada@Example.com ` and `ada@example.com` are the same person."""
    return email.strip().lower()


def validate_timezone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("%(value)s is not a known time zone."), params={"value": value})


def validate_sender_name(value: str) -> None:
    """A display name only: one that looks like an address would pass for someone else's in
    most inboxes ("CEO <ceo@example.com>")."""
    if any(mark in value for mark in '<>@\\"'):
        raise ValidationError(
            _("Use a name only, without an email address, quotes or < >."), code="address"
        )


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def get_by_natural_key(self, username: str | None) -> User:
        return self.get(email=normalize_email(username or ""))

    def _create(self, email: str, password: str | None, **fields: Any) -> User:
        if not email or not email.strip():
            raise ValueError("An email address is required.")
        user = self.model(email=normalize_email(email), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **fields: Any) -> User:
        fields.setdefault("is_staff", False)
        fields.setdefault("is_superuser", False)
        return self._create(email, password, **fields)

    def create_superuser(self, email: str, password: str | None = None, **fields: Any) -> User:
        fields["is_staff"] = True
        fields["is_superuser"] = True
        return self._create(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(
        _("full name"), max_length=200, blank=True, validators=[validate_single_line]
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(
        _("staff"), default=False, help_text=_("Can log in to Django admin.")
    )
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    # Blank: the zone of the organization they are working in (Organization.timezone).
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        blank=True,
        validators=[validate_single_line, validate_timezone],
        help_text=_("Leave blank to use your organization's time zone."),
    )

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.email

    def clean(self) -> None:
        super().clean()
        self.email = normalize_email(self.email)

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return (self.full_name.split(" ")[0] if self.full_name else "") or self.email

    def zone(self, organization: Organization | None = None) -> zoneinfo.ZoneInfo:
        """The zone this person reads times in: their own, else the organization's, else UTC."""
        if self.time_zone:
            return zoneinfo.ZoneInfo(self.time_zone)
        if organization is not None:
            return organization.zone
        return zoneinfo.ZoneInfo("UTC")


CAREERS_INTRO_MAX_LENGTH = 1000


class OrganizationQuerySet(models.QuerySet["Organization"]):
    def for_user(self, user: Any) -> OrganizationQuerySet:
        """The organizations a user works in; everything else is invisible to them."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(memberships__user=user)


class Organization(models.Model):
    name = models.CharField(_("name"), max_length=200, validators=[validate_single_line])
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    timezone = models.CharField(
        _("time zone"),
        max_length=64,
        default="UTC",
        validators=[validate_single_line, validate_timezone],
    )
    default_currency = models.CharField(
        _("default currency"),
        max_length=3,
        default="USD",
        validators=[validate_single_line],
        help_text=_("ISO 4217 code, e.g. NGN."),
    )
    retention_months = models.PositiveSmallIntegerField(
        _("candidate retention (months)"), default=12
    )
    # How emails to candidates present the organization (accounts.branding): the name shown
    # beside the platform's own sending address, where replies go, and a logo.
    email_sender_name = models.CharField(
        _("email sender name"),
        max_length=80,
        blank=True,
        validators=[validate_single_line, validate_sender_name],
        help_text=_('Blank: "<organization> Hiring".'),
    )
    email_reply_to = models.EmailField(
        _("reply-to address"),
        blank=True,
        help_text=_("Blank: replies go to the recruiter who acted."),
    )
    # The digest of the logo's bytes (OrganizationLogo), in its URL: a new logo is a new URL.
    email_logo_digest = models.CharField(
        _("logo digest"),
        max_length=64,
        blank=True,
        editable=False,
        validators=[validate_single_line],
    )
    # What the careers site says about the organization (careers/), beside its logo.
    careers_intro = models.TextField(
        _("careers page introduction"),
        max_length=CAREERS_INTRO_MAX_LENGTH,
        blank=True,
        help_text=_("Plain text shown above the open positions."),
    )
    website = models.URLField(
        _("website"),
        max_length=200,
        blank=True,
        validators=[validate_single_line, URLValidator(schemes=["http", "https"])],
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)


class OrganizationLogo(models.Model):
    """The logo emails show, as re-encoded PNG bytes: apart from Organization, which half the
    app's queries join, so its bytes are read only by the page that serves it."""

    organization = models.OneToOneField(
        Organization, on_delete=models.CASCADE, primary_key=True, related_name="logo"
    )
    image = models.BinaryField(_("image"))
    width = models.PositiveSmallIntegerField()
    height = models.PositiveSmallIntegerField()
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Logo of {self.organization}"


class Role(models.TextChoices):
    ADMIN = "admin", _("Admin")
    RECRUITER = "recruiter", _("Recruiter")
    HIRING_MANAGER = "hiring_manager", _("Hiring manager")
    INTERVIEWER = "interviewer", _("Interviewer")


# Who works which postings, said once: the Membership methods and the queries that must agree
# with them (who hears about new applicants, say) both read these.
TEAM_MANAGER_ROLES = frozenset({Role.ADMIN})
POSTING_MANAGER_ROLES = frozenset({Role.ADMIN, Role.RECRUITER})
TEAM_POSTING_ROLES = frozenset({Role.HIRING_MANAGER})


class MembershipQuerySet(models.QuerySet["Membership"]):
    def for_user(self, user: Any) -> MembershipQuerySet:
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(user=user).select_related("organization")

    def managing_the_team(self) -> MembershipQuerySet:
        """Members for whom can_manage_team() is true: their organization's admins."""
        return self.filter(role__in=TEAM_MANAGER_ROLES)

    def managing_postings(self) -> MembershipQuerySet:
        """Members for whom can_manage_postings() is true."""
        return self.filter(role__in=POSTING_MANAGER_ROLES)

    def working_team_postings(self) -> MembershipQuerySet:
        """Members for whom works_team_postings() is true."""
        return self.filter(role__in=TEAM_POSTING_ROLES)


class Membership(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["organization__name", "user__email"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organization"], name="one_membership_per_org")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.organization} ({self.get_role_display()})"

    def can_manage_team(self) -> bool:
        return self.role in TEAM_MANAGER_ROLES

    def can_manage_postings(self) -> bool:
        """Create, edit, open and close every posting of the organization."""
        return self.role in POSTING_MANAGER_ROLES

    def works_team_postings(self) -> bool:
        """Edit and work the postings whose hiring team they are on, and no others."""
        return self.role in TEAM_POSTING_ROLES


class AuditAction(models.TextChoices):
    """What the audit log records. The value is stored; add new ones at the end of a group."""

    RESUME_DOWNLOADED = "resume.downloaded", _("Resume downloaded")
    CANDIDATES_VIEWED = "candidates.viewed", _("Candidate list viewed")
    CANDIDATES_EXPORTED = "candidates.exported", _("Candidates exported")
    APPLICATIONS_BULK_REJECTED = "applications.bulk_rejected", _("Applications rejected in bulk")
    POSTING_PUBLISHED = "posting.published", _("Posting published")
    POSTING_CLOSED = "posting.closed", _("Posting closed")
    MEMBER_INVITED = "member.invited", _("Member invited")
    INVITATION_REVOKED = "member.invitation_revoked", _("Invitation revoked")
    MEMBER_JOINED = "member.joined", _("Member joined")
    MEMBER_ROLE_CHANGED = "member.role_changed", _("Role changed")
    MEMBER_REMOVED = "member.removed", _("Member removed")
    LOGIN_FAILED = "login.failed", _("Sign-in failed")
    LOGIN_LOCKED_OUT = "login.locked_out", _("Sign-in locked out")
    PASSWORD_CHANGED = "password.changed", _("Password changed")
    PASSWORD_RESET = "password.reset", _("Password reset")
    TWO_FACTOR_ENABLED = "two_factor.enabled", _("Two-factor enabled")
    TWO_FACTOR_DISABLED = "two_factor.disabled", _("Two-factor disabled")
    TWO_FACTOR_RESET = "two_factor.reset", _("Two-factor reset by a superuser")
    TWO_FACTOR_FAILED = "two_factor.failed", _("Two-factor code refused")
    RECOVERY_CODES_CREATED = "two_factor.recovery_codes", _("Recovery codes created")
    ADMIN_ADDED = "admin.added", _("Added in Django admin")
    ADMIN_CHANGED = "admin.changed", _("Changed in Django admin")
    ADMIN_DELETED = "admin.deleted", _("Deleted in Django admin")
    EMAIL_SETTINGS_CHANGED = "organization.email_settings", _("Email settings changed")


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    def for_organization(self, organization: Organization) -> AuditEntryQuerySet:
        """What an org admin reads: the organization's entries, and the account entries (sign-in,
        password, two-factor) of its current members, which belong to no one organization."""
        members = Membership.objects.filter(organization=organization).values("user_id")
        return self.filter(
            models.Q(organization=organization)
            | models.Q(organization__isnull=True, actor_id__in=members)
        )

    def filtered(self, filters: dict[str, Any], *, tz: zoneinfo.ZoneInfo) -> AuditEntryQuerySet:
        """The reader's filters: person, action, dates (whole days in `tz`), and `before` (an
        entry id: only older ones, the next page)."""
        found = self
        if filters.get("person"):
            found = found.filter(actor=filters["person"])
        if filters.get("action"):
            found = found.filter(action=filters["action"])
        if filters.get("since"):
            found = found.filter(at__gte=datetime.combine(filters["since"], time.min, tzinfo=tz))
        if filters.get("until"):
            day_after = filters["until"] + timedelta(days=1)
            found = found.filter(at__lt=datetime.combine(day_after, time.min, tzinfo=tz))
        if filters.get("before"):
            found = found.filter(pk__lt=filters["before"])
        return found


class AuditEntry(models.Model):
    """One row per audited action: append-only. A database trigger (migration 0005) refuses
    UPDATE and DELETE, so not even a bug or a shell can rewrite history. The foreign keys carry
    no database constraint and no cascade: deleting a person or an organization leaves their
    entries as they were, with the email and label copied at the time."""

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    action = models.CharField(_("action"), max_length=40, choices=AuditAction.choices)
    actor = models.ForeignKey(
        User,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    actor_email = models.CharField(_("who (email)"), max_length=254, blank=True)
    organization = models.ForeignKey(
        Organization,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    ip_address = models.GenericIPAddressField(_("from address"), null=True, blank=True)
    target_type = models.CharField(_("object type"), max_length=100, blank=True)
    target_id = models.CharField(_("object id"), max_length=64, blank=True)
    target_label = models.CharField(_("object"), max_length=200, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        indexes = [
            models.Index(fields=["organization", "-at"], name="audit_org_at"),
            models.Index(fields=["actor", "-at"], name="audit_actor_at"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_email or '-'} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ValueError("Audit entries are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ValueError("Audit entries are append-only.")


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def open(self) -> InvitationQuerySet:
        """Neither accepted nor revoked (expired ones included: they can be sent again)."""
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True)

    def pending(self, now: datetime | None = None) -> InvitationQuerySet:
        """Open and not yet expired: the link in its email still works."""
        return self.open().filter(expires_at__gt=now or timezone.now())


class Invitation(models.Model):
    """An org admin asked someone, by email, to join with a role. The email's link is signed
    when the outbox sends it (accounts.invitations) and is never stored; it works until
    `expires_at`, once."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("email address"))
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    invited_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("invited"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            # One live invitation per person and organization: inviting again resends it.
            models.UniqueConstraint(
                fields=["organization", "email"],
                condition=models.Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="one_open_invitation_per_email",
            )
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.organization} ({self.get_role_display()})"

    @property
    def is_accepted(self) -> bool:
        return self.accepted_at is not None

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def is_expired(self, now: datetime | None = None) -> bool:
        return self.expires_at <= (now or timezone.now())

    def is_pending(self, now: datetime | None = None) -> bool:
        return not self.is_accepted and not self.is_revoked and not self.is_expired(now)
