"""The apply form keeps the resume across mistakes (an upload token), says what is wrong at the
top with links to the fields, and gives browsers and assistive technology what they need."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client
from lxml import html as lxml_html

from candidates import held
from candidates.held import FOLDER, sweep_held_resumes
from candidates.models import Application
from candidates.uploads import ACCEPT_ATTRIBUTE
from tests.documents import docx_bytes, pdf_bytes, upload
from tests.factories import OrganizationFactory, PostingFactory, QuestionFactory

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="resume_token" value="([^"]+)"')
RESUME = pdf_bytes("Adaeze Okafor\nPayments backend lead")


@pytest.fixture
def posting(organization):
    posting = PostingFactory.create(organization=organization, title="Backend Lead", status="open")
    QuestionFactory.create(
        posting=posting, text="Can you work from Lagos?", kind="yes_no", knockout_answer="no"
    )
    QuestionFactory.create(posting=posting, text="Years with Django?", kind="number")
    return posting


def _url(posting):
    return f"/careers/{posting.organization.slug}/{posting.slug}/"


def _form(posting, **changes):
    yes_no, number = posting.questions.order_by("order", "id")
    data = {
        "name": "Adaeze Okafor",
        "email": "adaeze@example.com",
        "location": "Lagos, Nigeria",
        "stated_years": "9",
        f"q_{yes_no.pk}": "yes",
        f"q_{number.pk}": "6",
        "consent": "on",
        "resume": upload("Adaeze CV.pdf", RESUME),
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def _held_files():
    if not default_storage.exists(FOLDER):
        return []
    found = []
    for folder in default_storage.listdir(FOLDER)[0]:
        found += [
            f"{FOLDER}/{folder}/{f}" for f in default_storage.listdir(f"{FOLDER}/{folder}")[1]
        ]
    return found


def _sent_back(client, posting, **changes):
    """A submission with a mistake besides the resume: the page and the token it holds."""
    response = client.post(_url(posting), _form(posting, consent=None, **changes))
    assert response.status_code == 200
    page = response.content.decode()
    return page, _token_in(page)


def _token_in(page):
    match = TOKEN.search(page)
    assert match, "no upload token on the page"
    return match.group(1)


def _doc(page):
    return lxml_html.fromstring(page)


# --- The resume survives a mistake ---------------------------------------------------------------


def test_a_resume_sent_with_a_mistake_is_held_and_the_next_submission_needs_no_file(
    client, posting, django_capture_on_commit_callbacks
):
    page, token = _sent_back(client, posting)
    assert "Your resume <strong>Adaeze CV.pdf</strong> is attached." in page
    assert "Please choose your resume again" not in page
    file_input = _doc(page).get_element_by_id("id_resume")
    assert file_input.get("required") is None  # held: nothing to choose again
    assert file_input.get("aria-describedby") == "id_resume_held id_resume_helptext"
    assert "Replace it with another file (optional)" in page
    [stored] = _held_files()
    assert stored.startswith(f"{FOLDER}/{posting.organization_id}/")
    assert not Application.objects.exists()

    data = _form(posting, resume=None, resume_token=token)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(posting), data)
    assert response.status_code == 302
    application = Application.objects.get()
    assert application.resume_filename == "Adaeze CV.pdf"
    assert str(application.resume.name).endswith(".pdf")
    with application.resume.open("rb") as saved:
        assert saved.read() == RESUME  # the very bytes first uploaded
    assert _held_files() == []  # the application has its own copy


def test_a_held_resume_survives_a_second_mistake_too(client, posting):
    _page, token = _sent_back(client, posting)
    response = client.post(
        _url(posting), _form(posting, resume=None, resume_token=token, email="not-an-email")
    )
    page = response.content.decode()
    assert "Your resume <strong>Adaeze CV.pdf</strong> is attached." in page
    assert _token_in(page) == token
    assert len(_held_files()) == 1


def test_a_new_file_replaces_the_held_one(client, posting):
    _page, token = _sent_back(client, posting)
    replacement = docx_bytes("Adaeze Okafor\nUpdated")
    response = client.post(
        _url(posting), _form(posting, resume=upload("New CV.docx", replacement), resume_token=token)
    )
    assert response.status_code == 302
    application = Application.objects.get()
    assert application.resume_filename == "New CV.docx"
    with application.resume.open("rb") as saved:
        assert saved.read() == replacement


def test_a_forged_token_gets_a_clear_error_not_someone_elses_file(client, posting):
    response = client.post(
        _url(posting), _form(posting, resume=None, resume_token="forged:token:value")
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "The resume you attached can&#x27;t be found. Please choose it again." in page
    assert 'id="id_resume_error"' in page
    assert _doc(page).get_element_by_id("id_resume").get("required") is not None
    assert not Application.objects.exists()


def test_an_expired_token_gets_a_clear_error(client, posting, monkeypatch):
    _page, token = _sent_back(client, posting)
    monkeypatch.setattr(held, "HELD_RESUME_AGE", timedelta(seconds=-1))
    response = client.post(_url(posting), _form(posting, resume=None, resume_token=token))
    assert response.status_code == 200
    assert "The resume you attached has expired. Please choose it again." in (
        response.content.decode()
    )
    assert not Application.objects.exists()


def test_a_token_whose_file_was_swept_gets_a_clear_error(client, posting):
    _page, token = _sent_back(client, posting)
    assert sweep_held_resumes(older_than=timedelta(seconds=-60)) == 1
    response = client.post(_url(posting), _form(posting, resume=None, resume_token=token))
    assert "The resume you attached has expired." in response.content.decode()
    assert not Application.objects.exists()


@pytest.mark.parametrize("same_organization", [True, False])
def test_a_token_for_another_posting_is_refused(client, posting, same_organization):
    _page, token = _sent_back(client, posting)
    organization = posting.organization if same_organization else OrganizationFactory.create()
    other = PostingFactory.create(organization=organization, title="Data Lead", status="open")
    response = client.post(
        _url(other),
        {
            "name": "Adaeze Okafor",
            "email": "adaeze@example.com",
            "location": "Lagos, Nigeria",
            "stated_years": "9",
            "consent": "on",
            "resume_token": token,
        },
    )
    assert response.status_code == 200
    assert "The resume you attached was for another job. Please choose it again." in (
        response.content.decode()
    )
    assert not Application.objects.exists()


def test_a_signed_token_naming_another_organizations_file_is_refused(client, posting):
    # Defence in depth: even a token we signed must name a file in its posting's folder.
    stranger = OrganizationFactory.create()
    name = default_storage.save(f"{FOLDER}/{stranger.pk}/theirs", ContentFile(b"%PDF-1.4 theirs"))
    token = signing.dumps({"p": posting.pk, "n": name, "f": "theirs.pdf"}, salt=held._SALT)
    response = client.post(_url(posting), _form(posting, resume=None, resume_token=token))
    assert "was for another job" in response.content.decode()
    assert not Application.objects.exists()


@pytest.mark.parametrize("payload", [["a", "list"], "text", {"p": "1", "n": 5}, {}])
def test_a_signed_token_of_another_shape_is_refused(client, posting, payload):
    token = signing.dumps(payload, salt=held._SALT)
    response = client.post(_url(posting), _form(posting, resume=None, resume_token=token))
    assert response.status_code == 200
    assert "was for another job" in response.content.decode()


def test_holds_count_against_the_apply_limit(client, posting, settings):
    settings.APPLY_RATE_LIMIT = "1/600"
    _sent_back(client, posting)
    response = client.post(_url(posting), _form(posting, consent=None))
    page = response.content.decode()
    assert "Please choose your resume again" in page
    assert not TOKEN.search(page)
    assert len(_held_files()) == 1


def test_a_bot_filling_the_honeypot_gets_no_resume_held(client, posting):
    response = client.post(_url(posting), _form(posting, consent=None, website="http://spam.test"))
    assert not TOKEN.search(response.content.decode())
    assert _held_files() == []


def test_the_sweep_deletes_only_held_resumes_past_their_age(client, posting):
    _sent_back(client, posting)
    assert sweep_held_resumes() == 0  # fresh
    assert len(_held_files()) == 1
    assert sweep_held_resumes(older_than=timedelta(seconds=-60)) == 1
    assert _held_files() == []


def test_the_cached_page_never_holds_a_visitors_resume(client, posting):
    Client().get(_url(posting))  # cached
    response = client.post(_url(posting), _form(posting, consent=None))
    token = _token_in(response.content.decode())
    assert "no-store" in response["Cache-Control"]
    for visitor in (Client(), client):
        fresh = visitor.get(_url(posting)).content.decode()
        assert token not in fresh
        assert "is attached" not in fresh
        assert 'name="resume_token"' not in fresh


# --- The error summary ---------------------------------------------------------------------------


def test_the_error_summary_links_to_each_field_with_a_mistake(client, posting):
    yes_no = posting.questions.order_by("order", "id").first()
    page, _token = _sent_back(client, posting, email="not-an-email", **{f"q_{yes_no.pk}": None})
    doc = _doc(page)
    summary = doc.get_element_by_id("error-summary")
    assert summary.get("role") == "alert"
    assert summary.get("tabindex") == "-1"
    form = doc.xpath('//section[@id="apply"]//form')[0]
    assert form.xpath('.//*[@class="error-summary"]')[0] is summary  # at the top of the form
    links = {a.get("href"): a.text_content() for a in summary.xpath(".//a")}
    assert links == {
        "#id_email": "Email: Enter a valid email address.",
        f"#id_q_{yes_no.pk}_0": "Can you work from Lagos?: This field is required.",
        "#id_consent": "Consent: Please agree so we can consider your application.",
    }
    for href in links:
        assert doc.get_element_by_id(href[1:]) is not None
    email = doc.get_element_by_id("id_email")
    assert email.get("aria-invalid") == "true"
    assert "id_email_error" in email.get("aria-describedby").split()
    consent = doc.get_element_by_id("id_consent")
    assert consent.get("aria-invalid") == "true"
    assert consent.get("aria-describedby") == "id_consent_error"
    question = doc.xpath('//fieldset[contains(@class, "field-error")]')[0]
    assert question.get("aria-describedby") == f"id_q_{yes_no.pk}_error"
    assert 'src="/static/js/apply.js"' in page


def test_the_empty_form_has_no_error_summary(client, posting):
    page = client.get(_url(posting)).content.decode()
    assert 'id="error-summary"' not in page


@pytest.mark.parametrize("with_errors", [False, True])
def test_every_aria_describedby_names_an_element_on_the_page(client, posting, with_errors):
    if with_errors:
        page, _token = _sent_back(client, posting, email="bad")
    else:
        page = client.get(_url(posting)).content.decode()
    doc = _doc(page)
    named = [
        (element.get("id") or element.get("name"), ref)
        for element in doc.xpath("//*[@aria-describedby]")
        for ref in element.get("aria-describedby").split()
    ]
    assert ("location", "id_location_helptext") in [(n.replace("id_", ""), r) for n, r in named]
    missing = [(owner, ref) for owner, ref in named if not doc.xpath(f'//*[@id="{ref}"]')]
    assert missing == []


def test_a_staff_form_with_help_text_points_at_its_help(recruiter):
    page = recruiter.client.get("/postings/new/").content.decode()
    doc = _doc(page)
    refs = [
        ref
        for element in doc.xpath("//*[@aria-describedby]")
        for ref in element.get("aria-describedby").split()
    ]
    assert refs, "the posting form has help texts"
    assert [ref for ref in refs if not doc.xpath(f'//*[@id="{ref}"]')] == []


# --- What the browser is told --------------------------------------------------------------------


def test_the_fields_tell_the_browser_how_to_fill_and_check_them(client, posting):
    doc = _doc(client.get(_url(posting)).content.decode())
    form = doc.xpath('//section[@id="apply"]//form')[0]
    assert form.get("novalidate") is None  # the browser checks required fields before upload
    by_name = {element.get("name"): element for element in form.xpath(".//input | .//textarea")}
    assert by_name["name"].get("autocomplete") == "name"
    assert by_name["email"].get("type") == "email"
    assert by_name["email"].get("autocomplete") == "email"
    assert by_name["phone"].get("type") == "tel"
    assert by_name["phone"].get("autocomplete") == "tel"
    assert by_name["portfolio"].get("type") == "url"
    assert by_name["portfolio"].get("autocomplete") == "url"
    assert by_name["stated_years"].get("inputmode") == "decimal"
    number = posting.questions.get(kind="number")
    assert by_name[f"q_{number.pk}"].get("inputmode") == "decimal"
    resume = by_name["resume"]
    assert resume.get("type") == "file"
    assert resume.get("accept") == ACCEPT_ATTRIBUTE
    assert set(ACCEPT_ATTRIBUTE.split(",")) >= {".pdf", ".docx", ".txt", "application/pdf"}
    for required in ("resume", "name", "email", "location", "stated_years", "consent"):
        assert by_name[required].get("required") is not None, required
    for optional in ("phone", "linkedin", "github", "portfolio", "cover_letter", "website"):
        assert by_name[optional].get("required") is None, optional


def test_the_resume_comes_first_and_years_are_asked_once(client, posting):
    doc = _doc(client.get(_url(posting)).content.decode())
    form = doc.xpath('//section[@id="apply"]//form')[0]
    names = [
        e.get("name")
        for e in form.xpath(".//input | .//select | .//textarea")
        if e.get("type") != "hidden"
    ]
    assert names[0] == "resume"
    labels = [label.text_content().lower() for label in form.xpath(".//label")]
    assert sum("years of" in label for label in labels) == 1


def test_an_apply_link_near_the_top_jumps_to_the_form(client, posting):
    doc = _doc(client.get(_url(posting)).content.decode())
    article = doc.xpath('//article[@class="posting"]')[0]
    jumps = article.xpath('.//*[contains(@class, "apply-jump")]/a')
    assert [a.get("href") for a in jumps] == ["#apply", "#apply"]
    # The first comes before the description; the one sticky on phones after it.
    children = list(article)
    prose = article.xpath('.//*[@class="prose"]')[0]
    assert children.index(jumps[0].getparent()) < children.index(prose)
    assert children.index(jumps[1].getparent()) > children.index(prose)
    assert doc.get_element_by_id("apply").tag == "section"


def test_the_honeypot_is_out_of_reach_of_the_keyboard_and_assistive_technology(client, posting):
    doc = _doc(client.get(_url(posting)).content.decode())
    [wrapper] = doc.xpath('//*[@class="honeypot"]')
    assert wrapper.get("aria-hidden") == "true"
    focusable = wrapper.xpath(
        ".//input | .//select | .//textarea | .//button | .//a[@href] | .//*[@tabindex]"
    )
    assert [e.get("name") for e in focusable] == ["website"]
    assert all(e.get("tabindex") == "-1" for e in focusable)
    assert focusable[0].get("autocomplete") == "off"
