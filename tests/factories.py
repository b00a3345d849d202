from __future__ import annotations

from typing import Any

import factory

from accounts.models import Membership, Organization, Role, User
from candidates.board_version import bump_board
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
    applications = Application.objects.bulk_create(
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
    bump_board(posting.pk)  # as the services do: the board's cached page is gone
    return applications


def make_interview_kind(
    posting: Posting,
    *,
    name: str = "Technical interview",
    duration_minutes: int = 60,
    stage: Any = None,
    areas: dict[str, list[tuple[str, str]]] | None = None,
) -> Any:
    """An interview kind on a posting's stage (its third, "Technical interview", by default),
    with a scorecard of `areas`: {focus area: [(attribute, guidance), ...]}."""
    from interviews.models import Attribute, FocusArea
    from interviews.services import add_interview_kind

    stage = stage or posting.stages.order_by("order")[2]
    kind = add_interview_kind(stage, name=name, duration_minutes=duration_minutes)
    for i, (area_name, attributes) in enumerate((areas or {}).items()):
        area = FocusArea.objects.create(template=kind.scorecard_template, name=area_name, order=i)
        Attribute.objects.bulk_create(
            Attribute(focus_area=area, name=attr, guidance=guidance, order=n)
            for n, (attr, guidance) in enumerate(attributes)
        )
    return kind


def make_interviews(application: Application, kind: Any, interviewers: list[User], count: int):
    """`count` scheduled interviews, a day apart from tomorrow, written directly (no invites):
    for query-count tests at volume."""
    from datetime import timedelta

    from django.utils import timezone

    from interviews.models import Interview, InterviewParticipant

    start = timezone.now() + timedelta(days=1)
    interviews = Interview.objects.bulk_create(
        Interview(
            application=application,
            kind=kind,
            starts_at=start + timedelta(days=n),
            ends_at=start + timedelta(days=n, hours=1),
        )
        for n in range(count)
    )
    InterviewParticipant.objects.bulk_create(
        InterviewParticipant(interview=interview, user=user)
        for interview in interviews
        for user in interviewers
    )
    return interviews
