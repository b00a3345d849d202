from __future__ import annotations

import zoneinfo
from typing import Any, ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config.validators import validate_single_line


def normalize_email(email: str) -> str:
    """One account per address: `Ada@Example.com ` and `ada@example.com` are the same person."""
    return email.strip().lower()


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


def validate_timezone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("%(value)s is not a known time zone."), params={"value": value})


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
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


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
