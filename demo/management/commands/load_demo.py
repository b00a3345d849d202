from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from demo.applicants import load_applicants
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
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for line in lines:
            self.stdout.write(line)
        self.stdout.write(
            f"Demo postings added: {len(postings)}; applications with resumes added: "
            f"{applications} (existing demo data is left as it is)."
        )
