"""Demo organizations and people, modeled on the kinds of companies in shared/seeds/."""

from __future__ import annotations

from dataclasses import dataclass

from accounts.models import Membership, Organization, Role, User

DEMO_PASSWORD = "shortlist-demo"  # noqa: S105 - printed on purpose: demo accounts are for trying Shortlist, and load_demo refuses a deployed environment unless told --allow-deployed.


@dataclass(frozen=True)
class DemoOrg:
    slug: str
    name: str
    timezone: str
    currency: str
    people: tuple[tuple[str, str, Role], ...]  # (email, full name, role)


DEMO_ORGS: tuple[DemoOrg, ...] = (
    DemoOrg(
        "kolanut-pay",
        "Kolanut Pay",
        "Africa/Lagos",
        "NGN",
        (
            ("admin@kolanut.example", "Ifeoma Okafor", Role.ADMIN),
            ("recruiter@kolanut.example", "Tunde Bakare", Role.RECRUITER),
            ("manager@kolanut.example", "Chiamaka Eze", Role.HIRING_MANAGER),
            ("interviewer@kolanut.example", "Segun Adeyemi", Role.INTERVIEWER),
        ),
    ),
    DemoOrg(
        "brightloom",
        "Brightloom",
        "Europe/Berlin",
        "EUR",
        (
            ("admin@brightloom.example", "Lena Vogel", Role.ADMIN),
            ("recruiter@brightloom.example", "Jonas Richter", Role.RECRUITER),
            ("manager@brightloom.example", "Mira Hoffmann", Role.HIRING_MANAGER),
            ("interviewer@brightloom.example", "Paul Schneider", Role.INTERVIEWER),
        ),
    ),
    DemoOrg(
        "calder-vane",
        "Calder & Vane Consulting",
        "Asia/Kolkata",
        "INR",
        (
            ("admin@caldervane.example", "Ananya Iyer", Role.ADMIN),
            ("recruiter@caldervane.example", "Rohan Mehta", Role.RECRUITER),
            ("manager@caldervane.example", "Kavya Reddy", Role.HIRING_MANAGER),
            ("interviewer@caldervane.example", "Arjun Nair", Role.INTERVIEWER),
        ),
    ),
    DemoOrg(
        "wellspring-health",
        "Wellspring Health",
        "America/Chicago",
        "USD",
        (
            ("admin@wellspring.example", "Grace Whitaker", Role.ADMIN),
            ("recruiter@wellspring.example", "Marcus Bell", Role.RECRUITER),
            ("manager@wellspring.example", "Priya Shah", Role.HIRING_MANAGER),
            ("interviewer@wellspring.example", "Daniel Ortiz", Role.INTERVIEWER),
            # Works with two clients: the organization switcher is for people like her.
            ("sam@shortlist.example", "Sam Adeyemi-Clark", Role.RECRUITER),
        ),
    ),
)
# Sam also recruits for Kolanut Pay.
EXTRA_MEMBERSHIPS: tuple[tuple[str, str, Role], ...] = (
    ("sam@shortlist.example", "kolanut-pay", Role.RECRUITER),
)
SUPERUSER = ("root@shortlist.example", "Shortlist Operator")


def _user(email: str, full_name: str, *, superuser: bool = False) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        if superuser:
            return User.objects.create_superuser(email, DEMO_PASSWORD, full_name=full_name)
        return User.objects.create_user(email, DEMO_PASSWORD, full_name=full_name)
    return user


def load_accounts() -> list[str]:
    """Create the demo organizations, people and memberships; returns login lines to print."""
    lines = []
    root = _user(*SUPERUSER, superuser=True)
    lines.append(f"  {root.email:34} superuser (Django admin)")
    for spec in DEMO_ORGS:
        org, _ = Organization.objects.get_or_create(
            slug=spec.slug,
            defaults={
                "name": spec.name,
                "timezone": spec.timezone,
                "default_currency": spec.currency,
            },
        )
        for email, full_name, role in spec.people:
            user = _user(email, full_name)
            Membership.objects.get_or_create(user=user, organization=org, defaults={"role": role})
            lines.append(f"  {email:34} {role.label.lower()} at {org.name}")
    for email, slug, role in EXTRA_MEMBERSHIPS:
        user = User.objects.get(email=email)
        org = Organization.objects.get(slug=slug)
        Membership.objects.get_or_create(user=user, organization=org, defaults={"role": role})
        lines.append(f"  {email:34} also {role.label.lower()} at {org.name}")
    return lines
