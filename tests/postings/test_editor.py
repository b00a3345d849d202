from __future__ import annotations

import pytest

from candidates.models import ApplicationEvent
from postings.models import Posting, PostingStatus, Question, Requirement, Stage
from tests.factories import ApplicationFactory, PostingFactory, QuestionFactory, RequirementFactory

pytestmark = pytest.mark.django_db

HTMX = {"headers": {"HX-Request": "true"}}

SEED_000 = {
    "title": "Backend Lead",
    "slug": "",
    "department": "Engineering",
    "location": "Lagos, Nigeria",
    "workplace": "hybrid",
    "employment_type": "FULL_TIME",
    "salary_min": "500000",
    "salary_max": "500000",
    "salary_currency": "ngn",
    "salary_period": "MONTH",
    "valid_through": "",
    "description": (
        "We are restructuring our backend team.\n\n- Own the architecture\n- Lead sprint planning"
    ),
}


def _details(**changes):
    return {**SEED_000, **changes}


def _requirement(posting, client, **fields):
    data = {f"requirements-new-{k}": v for k, v in fields.items()}
    return client.post(f"/postings/{posting.pk}/requirements/", data, **HTMX)


def test_a_recruiter_creates_the_seed_000_posting_in_full_and_publishes_closes_and_reopens_it(
    recruiter, organization
):
    client = recruiter.client
    response = client.post("/postings/new/", _details())
    posting = Posting.objects.get(organization=organization)
    assert response["Location"] == f"/postings/{posting.pk}/edit/"
    assert (posting.slug, posting.salary_min, posting.salary_currency, posting.salary_period) == (
        "backend-lead",
        500_000,
        "NGN",
        "MONTH",
    )
    assert list(posting.stages.values_list("name", flat=True)) == [
        "Applied",
        "Screen",
        "Technical interview",
        "Team interview",
        "Offer",
        "Hired",
    ]
    assert posting.salary_display() == "500,000 NGN per month"

    _requirement(
        posting, client, kind="skill", skills="Python", importance="must", weight="5", text=""
    )
    fragment = _requirement(
        posting,
        client,
        kind="skill",
        skills="FastAPI, Django, Flask",
        importance="must",
        weight="4",
        text="",
    )
    _requirement(
        posting,
        client,
        kind="skill",
        skills="Celery / Dramatiq / RQ",
        importance="must",
        weight="3",
        text="",
    )
    _requirement(
        posting,
        client,
        kind="years",
        skills="",
        min_years="5",
        importance="must",
        weight="4",
        text="",
    )
    _requirement(
        posting,
        client,
        kind="leadership",
        skills="",
        min_years="1",
        importance="must",
        weight="4",
        text="Has led at least one backend team",
    )
    _requirement(
        posting, client, kind="skill", skills="Docker", importance="nice", weight="2", text=""
    )
    body = fragment.content.decode()
    assert fragment.status_code == 200
    assert body.lstrip().startswith('<section class="collection card" id="requirements"')
    assert "<html" not in body  # a fragment, not the page
    assert "FastAPI / Django / Flask" in body
    frameworks = posting.requirements.get(skills__contains=["Django"])
    assert frameworks.skills == ["FastAPI", "Django", "Flask"]
    assert posting.requirements.get(kind="years").min_years == 5
    assert posting.requirements.filter(importance="must").count() == 5

    question = client.post(
        f"/postings/{posting.pk}/questions/",
        {
            "questions-new-text": "Have you led a backend team before?",
            "questions-new-kind": "yes_no",
            "questions-new-required": "on",
            "questions-new-knockout_answer": "No",
        },
        **HTMX,
    )
    assert "Flag if “no”" in question.content.decode()
    assert posting.questions.get().knockout_answer == "no"

    assert (
        client.post(f"/postings/{posting.pk}/publish/")["Location"]
        == f"/postings/{posting.pk}/edit/"
    )
    posting.refresh_from_db()
    assert posting.status == PostingStatus.OPEN
    assert posting.opened_at is not None
    confirm = client.get(f"/postings/{posting.pk}/close/").content.decode()
    assert "Applicants, the board and every note are kept" in confirm
    client.post(f"/postings/{posting.pk}/close/")
    posting.refresh_from_db()
    assert posting.status == PostingStatus.CLOSED
    assert posting.closed_at is not None
    client.post(f"/postings/{posting.pk}/reopen/")
    posting.refresh_from_db()
    assert posting.status == PostingStatus.OPEN
    assert posting.closed_at is None
    assert posting.requirements.count() == 6  # closing keeps everything


def test_publishing_needs_a_title_description_and_a_stage(recruiter, organization):
    posting = PostingFactory.create(organization=organization, description="")
    response = recruiter.client.post(f"/postings/{posting.pk}/publish/", follow=True)
    assert "Add a description." in response.content.decode()
    posting.refresh_from_db()
    assert posting.status == PostingStatus.DRAFT


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"salary_min": "600000", "salary_max": "500000"},
            "salary_max",
            "The upper end must be at least the lower end (600,000).",
        ),
        ({"salary_currency": "NGX"}, "salary_currency", "“NGX” is not an ISO 4217 currency code"),
        ({"salary_min": "-5"}, "salary_min", "A salary can&#x27;t be negative."),
        ({"title": ""}, "title", "This field is required."),
    ],
)
def test_bad_posting_details_are_refused_next_to_the_field_and_nothing_is_saved(
    recruiter, changes, field, message
):
    response = recruiter.client.post("/postings/new/", _details(**changes))
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert f'id="id_{field}_error"' in page
    assert 'value="Lagos, Nigeria"' in page  # what was valid is kept as typed
    assert not Posting.objects.exists()


def test_a_duplicate_slug_is_refused(recruiter, organization):
    PostingFactory.create(organization=organization, title="Backend Lead", slug="backend-lead")
    response = recruiter.client.post("/postings/new/", _details(slug="backend-lead"))
    assert "Another posting of yours already uses this address." in response.content.decode()
    assert Posting.objects.count() == 1


def test_a_negative_number_of_years_is_refused(recruiter, organization):
    posting = PostingFactory.create(organization=organization)
    response = _requirement(
        posting,
        recruiter.client,
        kind="years",
        skills="",
        min_years="-3",
        importance="must",
        weight="3",
        text="",
    )
    assert "Years can&#x27;t be negative." in response.content.decode()
    assert not Requirement.objects.exists()


def test_a_knockout_answer_must_be_one_of_the_choices(recruiter, organization):
    posting = PostingFactory.create(organization=organization)
    response = recruiter.client.post(
        f"/postings/{posting.pk}/questions/",
        {
            "questions-new-text": "Notice period?",
            "questions-new-kind": "choice",
            "questions-new-choices": "Immediately\n1 month\n3 months",
            "questions-new-knockout_answer": "6 months",
        },
        **HTMX,
    )
    assert (
        "The knockout answer must be one of the choices: Immediately, 1 month, 3 months."
        in response.content.decode()
    )
    assert not Question.objects.exists()


def test_an_empty_stage_name_is_refused(recruiter, organization):
    posting = PostingFactory.create(organization=organization)
    response = recruiter.client.post(
        f"/postings/{posting.pk}/stages/", {"stages-new-name": "   "}, **HTMX
    )
    assert "Give the stage a name." in response.content.decode()
    assert posting.stages.count() == 6


def test_without_javascript_a_bad_item_renders_the_page_with_the_error(recruiter, organization):
    posting = PostingFactory.create(organization=organization)
    response = recruiter.client.post(f"/postings/{posting.pk}/stages/", {"stages-new-name": ""})
    page = response.content.decode()
    assert "<html" in page
    assert "Give the stage a name." in page
    ok = recruiter.client.post(
        f"/postings/{posting.pk}/stages/", {"stages-new-name": "Reference check"}
    )
    assert ok["Location"] == f"/postings/{posting.pk}/edit/#stages"
    assert (
        posting.stages.order_by("order").values_list("name", flat=True).last() == "Reference check"
    )


def test_items_are_edited_reordered_and_removed_inline(recruiter, organization):
    posting = PostingFactory.create(organization=organization)
    first = RequirementFactory.create(posting=posting, skills=["Python"], order=0)
    second = RequirementFactory.create(posting=posting, skills=["Go"], order=1)
    form = recruiter.client.get(
        f"/postings/{posting.pk}/requirements/{first.pk}/", **HTMX
    ).content.decode()
    assert f'name="requirements-{first.pk}-skills"' in form
    assert 'value="Python"' in form
    recruiter.client.post(
        f"/postings/{posting.pk}/requirements/{first.pk}/",
        {
            f"requirements-{first.pk}-kind": "skill",
            f"requirements-{first.pk}-skills": "Python, Go",
            f"requirements-{first.pk}-importance": "nice",
            f"requirements-{first.pk}-weight": "2",
            f"requirements-{first.pk}-text": "",
        },
        **HTMX,
    )
    first.refresh_from_db()
    assert (first.skills, first.importance) == (["Python", "Go"], "nice")
    moved = recruiter.client.post(
        f"/postings/{posting.pk}/requirements/{second.pk}/move/", {"direction": "up"}, **HTMX
    )
    assert list(posting.requirements.values_list("pk", flat=True)) == [second.pk, first.pk]
    assert moved.content.decode().index(
        f'id="requirements-{second.pk}"'
    ) < moved.content.decode().index(f'id="requirements-{first.pk}"')
    recruiter.client.post(f"/postings/{posting.pk}/requirements/{first.pk}/delete/", **HTMX)
    assert list(posting.requirements.values_list("pk", flat=True)) == [second.pk]


def test_a_stage_that_ever_held_an_application_cannot_be_removed(recruiter, organization):
    posting = PostingFactory.create(organization=organization)
    applied, screen = posting.stages.order_by("order")[:2]
    ApplicationFactory.create(posting=posting, stage=applied)
    response = recruiter.client.post(f"/postings/{posting.pk}/stages/{applied.pk}/delete/", **HTMX)
    assert "“Applied” has 1 application(s): move them to another stage first." in (
        response.content.decode()
    )
    assert Stage.objects.filter(pk=applied.pk).exists()
    # Once a stage has held someone, the timeline needs it even after they moved on.
    moved = ApplicationFactory.create(posting=posting, stage=applied)
    ApplicationEvent.objects.create(
        application=moved, kind="moved", from_stage=applied, to_stage=screen
    )
    interview = posting.stages.get(name="Technical interview")
    ApplicationEvent.objects.create(
        application=moved, kind="moved", from_stage=screen, to_stage=interview
    )
    moved.stage = interview
    moved.save()
    response = recruiter.client.post(f"/postings/{posting.pk}/stages/{screen.pk}/delete/", **HTMX)
    assert "“Screen” has held applications before, so it stays for their timelines" in (
        response.content.decode()
    )
    assert Stage.objects.filter(pk=screen.pk).exists()
    offer = posting.stages.get(name="Offer")
    recruiter.client.post(f"/postings/{posting.pk}/stages/{offer.pk}/delete/", **HTMX)
    assert not Stage.objects.filter(pk=offer.pk).exists()


def test_renaming_and_adding_stages(recruiter, organization):
    posting = PostingFactory.create(organization=organization)
    screen = posting.stages.get(name="Screen")
    recruiter.client.post(
        f"/postings/{posting.pk}/stages/{screen.pk}/",
        {f"stages-{screen.pk}-name": "Phone screen"},
        **HTMX,
    )
    duplicate = recruiter.client.post(
        f"/postings/{posting.pk}/stages/", {"stages-new-name": "phone screen"}, **HTMX
    )
    assert "already has a stage called" in duplicate.content.decode()
    assert posting.stages.filter(name="Phone screen").count() == 1


def test_duplicate_copies_everything_but_applications(recruiter, organization):
    posting = PostingFactory.create(
        organization=organization, status="open", dropped_suggestions=["a1b2c3d4e5f6"]
    )
    RequirementFactory.create(posting=posting, skills=["Django", "Flask"])
    QuestionFactory.create(posting=posting)
    ApplicationFactory.create(posting=posting)
    response = recruiter.client.post(f"/postings/{posting.pk}/duplicate/")
    copy = Posting.objects.exclude(pk=posting.pk).get()
    assert response["Location"] == f"/postings/{copy.pk}/edit/"
    assert copy.status == PostingStatus.DRAFT
    assert copy.title.endswith("(copy)")
    assert copy.slug != posting.slug
    assert list(copy.requirements.values_list("skills", flat=True)) == [["Django", "Flask"]]
    assert copy.questions.count() == 1
    assert copy.stages.count() == 6
    assert copy.applications.count() == 0
    assert copy.dropped_suggestions == ["a1b2c3d4e5f6"]


def test_markdown_with_html_or_scripts_renders_inert(recruiter, organization):
    evil = (
        "<script>alert(1)</script>\n\n[click](javascript:alert(2)) "
        '<img src=x onerror="alert(3)">\n\n**bold**'
    )
    preview = recruiter.client.post(
        "/postings/preview/", {"description": evil}, **HTMX
    ).content.decode()
    assert "<strong>bold</strong>" in preview
    assert "<script" not in preview
    # The refused link stays as inert text, never as a link.
    assert 'href="javascript:' not in preview
    assert "<p>[click](javascript:alert(2))" in preview
    assert "onerror" not in preview
    posting = PostingFactory.create(organization=organization, description=evil)
    page = recruiter.client.get(f"/postings/{posting.pk}/edit/").content.decode()
    assert "<script>alert(1)</script>" not in page
    assert 'onerror="alert(3)"' not in page


def test_hiring_managers_edit_only_their_teams_postings(
    hiring_manager, interviewer, outsider, organization
):
    theirs = PostingFactory.create(organization=organization)
    theirs.hiring_team.add(hiring_manager.user)
    other = PostingFactory.create(organization=organization)
    assert hiring_manager.client.get(f"/postings/{theirs.pk}/edit/").status_code == 200
    assert hiring_manager.client.get(f"/postings/{other.pk}/edit/").status_code == 403
    assert hiring_manager.client.get("/postings/new/").status_code == 403
    assert interviewer.client.get(f"/postings/{theirs.pk}/edit/").status_code == 403
    assert outsider.client.get(f"/postings/{theirs.pk}/edit/").status_code == 404
    outsider.client.post(
        f"/postings/{theirs.pk}/requirements/",
        {"requirements-new-kind": "skill", "requirements-new-skills": "x"},
    )
    assert not theirs.requirements.exists()


def test_the_editor_keeps_a_constant_number_of_queries(
    recruiter, organization, django_assert_max_num_queries
):
    posting = PostingFactory.create(organization=organization)
    with django_assert_max_num_queries(20) as small:
        page = recruiter.client.get(f"/postings/{posting.pk}/edit/").content.decode()
    assert "Skill 0" not in page
    for n in range(15):
        RequirementFactory.create(posting=posting, skills=[f"Skill {n}"])
        QuestionFactory.create(posting=posting, text=f"Question {n}?")
    with django_assert_max_num_queries(len(small.captured_queries)):
        page = recruiter.client.get(f"/postings/{posting.pk}/edit/").content.decode()
    assert all(f"Skill {n}" in page and f"Question {n}?" in page for n in range(15))


def test_a_new_posting_copies_the_organizations_stage_template(recruiter, organization):
    from postings.models import DefaultStage, EmailTemplate

    invite = EmailTemplate.objects.create(
        organization=organization, name="Invite", subject="Hi", body="Hi {{ first_name }}"
    )
    for order, name in enumerate(["Applied", "Portfolio review", "Offer"]):
        DefaultStage.objects.create(
            organization=organization,
            name=name,
            order=order,
            email_template=invite if name == "Portfolio review" else None,
        )
    recruiter.client.post("/postings/new/", _details(title="Designer"))
    posting = Posting.objects.get(title="Designer")
    assert list(posting.stages.values_list("name", "email_template")) == [
        ("Applied", None),
        ("Portfolio review", invite.pk),
        ("Offer", None),
    ]


def test_org_admins_edit_the_stage_template_in_admin(staff, organization):
    page = staff.client.get(
        f"/admin/accounts/organization/{organization.pk}/change/"
    ).content.decode()
    assert "default_stages-TOTAL_FORMS" in page
