from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from demo.applicants import load_applicants
from demo.interviews import load_interviews
from demo.organizations import DEMO_PASSWORD, load_accounts
from demo.postings import load_postings


class Command(BaseCommand):
    help = "Load the demo organizations, people, postings and applicants. Idempotent."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--allow-deployed",
            action="store_true",
            help="Load demo data under staging/production too (its passwords are public).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.DEPLOYED and not options["allow_deployed"]:
            raise CommandError(
                "Refusing to load demo accounts with public passwords under "
                f"DJANGO_ENV={settings.DJANGO_ENV}; pass --allow-deployed if you really mean it."
            )
        with transaction.atomic():
            lines = load_accounts()
            postings = load_postings()
            applications = load_applicants()
            interviews = load_interviews()
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for line in lines:
            self.stdout.write(line)
        if settings.TWO_FACTOR_REQUIRED:
            self.stdout.write(
                "Two-factor sign-in is required (TWO_FACTOR_REQUIRED=true): org admins and the "
                "superuser set up an authenticator app on their first visit to a team page or "
                "the admin."
            )
        else:
            self.stdout.write(
                "Two-factor sign-in is optional here (TWO_FACTOR_REQUIRED=false, the local "
                "default): demo admins sign in with the password alone; anyone may turn it on "
                "at /accounts/two-factor/."
            )
        self.stdout.write(
            f"Demo postings added: {len(postings)}; applications with resumes added: "
            f"{applications}; interviews added: {interviews} (existing demo data is left as it "
            "is). interviewer@<org>.example sees theirs at /interviews/."
        )
