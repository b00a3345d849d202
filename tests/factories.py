from __future__ import annotations

from typing import Any

import factory

from accounts.models import Membership, Organization, Role, User
from candidates.models import Application, Candidate, Tag
from postings.models import Posting, Question, Requirement

PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"person{n}@example.com")
    full_name = factory.Faker("name")

    @classmethod
    def _create(cls, model_class: type[User], *args: Any, **kwargs: Any) -> User:
        # Through the manager, as real sign-ups are: normalized email, hashed password.
        kwargs.setdefault("password", PASSWORD)
        return model_class.objects.create_user(*args, **kwargs)


class OrganizationFactory(factory.django.DjangoModelFactory[Organization]):
    class Meta:
        model = Organization
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Company {n}")
    slug = factory.Sequence(lambda n: f"company-{n}")
    timezone = "Africa/Lagos"
    default_currency = "NGN"


class MembershipFactory(factory.django.DjangoModelFactory[Membership]):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = Role.RECRUITER


class PostingFactory(factory.django.DjangoModelFactory[Posting]):
    """A draft posting with the default stages, made through the service as the editor does."""

    class Meta:
        model = Posting

    organization = factory.SubFactory(OrganizationFactory)
    title = factory.Sequence(lambda n: f"Backend Lead {n}")
    department = "Engineering"
    location = "Lagos, Nigeria"
    description = "We are hiring a **backend lead**."
    salary_min = 400_000
    salary_max = 500_000
    salary_currency = "NGN"
    salary_period = "MONTH"

    @classmethod
    def _create(cls, model_class: type[Posting], *args: Any, **kwargs: Any) -> Posting:
        from postings.services import create_posting

        organization = kwargs.pop("organization")
        status = kwargs.pop("status", "draft")
        posting = create_posting(organization, by=None, **kwargs)
        if status != "draft":
            from django.utils import timezone

            Posting.objects.filter(pk=posting.pk).update(
                status=status,
                opened_at=timezone.now(),
                closed_at=timezone.now() if status == "closed" else None,
            )
            posting.refresh_from_db()
        return posting


class RequirementFactory(factory.django.DjangoModelFactory[Requirement]):
    class Meta:
        model = Requirement

    posting = factory.SubFactory(PostingFactory)
    kind = "skill"
    skills = factory.LazyFunction(lambda: ["Python"])
    importance = "must"


class QuestionFactory(factory.django.DjangoModelFactory[Question]):
    class Meta:
        model = Question

    posting = factory.SubFactory(PostingFactory)
    text = "Can you work from Lagos three days a week?"
    kind = "yes_no"
    knockout_answer = "no"


class CandidateFactory(factory.django.DjangoModelFactory[Candidate]):
    class Meta:
        model = Candidate

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Faker("name")
    email = factory.Sequence(lambda n: f"candidate{n}@example.org")


class ApplicationFactory(factory.django.DjangoModelFactory[Application]):
    class Meta:
        model = Application

    posting = factory.SubFactory(PostingFactory)
    candidate = factory.LazyAttribute(
        lambda o: CandidateFactory.create(organization=o.posting.organization)
    )
    stage = factory.LazyAttribute(lambda o: o.posting.stages.order_by("order").first())
    source = "careers page"
    sort_name = factory.LazyAttribute(lambda o: o.candidate.name)  # as applying copies it


class TagFactory(factory.django.DjangoModelFactory[Tag]):
    class Meta:
        model = Tag
        django_get_or_create = ("organization", "name")

    organization = factory.SubFactory(OrganizationFactory)
    name = "senior"


def bulk_applications(posting: Posting, count: int, **fields: Any) -> list[Application]:
    """Many applications quickly (for query-count tests at volume), spread over the stages."""
    stages = list(posting.stages.order_by("order"))
    candidates = Candidate.objects.bulk_create(
        Candidate(
            organization=posting.organization,
            name=f"Person {n}",
            email=f"bulk{posting.pk}-{n}@example.org",
        )
        for n in range(count)
    )
    return Application.objects.bulk_create(
        Application(
            posting=posting,
            candidate=c,
            stage=stages[n % len(stages)],
            position=n,
            source=["linkedin", "referral"][n % 2],
            sort_name=c.name,
            **fields,
        )
        for n, c in enumerate(candidates)
    )
