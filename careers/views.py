"""The public careers site: no account, addressed by organization slug."""

from __future__ import annotations

import functools
import hashlib
import logging

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db import transaction
from django.db.models import Count, Max, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from accounts.models import Organization
from candidates.held import hold_resume, release_held_resume
from candidates.services import NotAccepting, Submission, submit_application
from careers import seo
from careers.forms import ApplyForm
from careers.queries import PageStamp, posting_page_stamp
from config.cache import CSRF_SLOT, cache_get, cached_public_page, code_digest
from config.http import client_ip
from config.middleware import body_too_large_page
from config.public_pages import Recent, recent_pages, served_cached
from config.ratelimit import hit, too_many_requests
from config.views import mark_committed
from postings.models import Posting, PostingStatus, Workplace

logger = logging.getLogger(__name__)
# Bounds how long a careers page is held; its key changes with anything it shows.
CAREERS_CACHE_SECONDS = 300
CAREERS_CODE = (
    ("careers/index.html", "careers/_layout.html", "base.html"),
    ("careers.views", "careers.seo"),
)
# A posting page's key changes with anything it shows, so this only bounds the memory it holds
# (and a change to code outside POSTING_PAGE_CODE, which a deploy rarely makes alone).
POSTING_CACHE_SECONDS = 600
POSTING_PAGE_CODE = (
    ("careers/posting.html", "careers/_layout.html", "base.html", "_field.html"),
    (
        "careers.views",
        "careers.forms",
        "careers.seo",
        "careers.queries",
        "postings.models",
        "postings.markdown",
        "candidates.uploads",
    ),
)


@require_safe
def careers(request: HttpRequest, org: str) -> HttpResponse:
    # The page is the same for every visitor without state of their own, so its HTML is cached
    # under a key that changes whenever an open posting does (edited, opened, closed or
    # removed) or what it shows of the organization (its name, intro, website or logo): one
    # small query. The language and the code that renders it are in the key too.
    is_open = Q(postings__status=PostingStatus.OPEN)
    stamp = (
        Organization.objects.filter(slug=org)
        .values_list("name", "careers_intro", "website", "email_logo_digest")
        .annotate(
            latest=Max("postings__updated_at", filter=is_open),
            count=Count("postings", filter=is_open),
        )
        .order_by("pk")
        .first()
    )
    raw = repr(
        (
            org,
            stamp,
            request.build_absolute_uri(request.path),
            request.GET.urlencode(),
            get_language(),
            timezone.get_current_timezone_name(),
            code_digest(*CAREERS_CODE),
        )
    )
    key = "careers:" + hashlib.sha256(raw.encode()).hexdigest()
    return cached_public_page(
        request, key, CAREERS_CACHE_SECONDS, lambda: _careers_page(request, org)
    )


def _careers_page(request: HttpRequest, org: str) -> HttpResponse:
    organization = get_object_or_404(Organization, slug=org)
    # One query for every open posting; facets and filters are computed from it in Python, so
    # the page costs the same number of queries whatever is filtered.
    postings = list(
        Posting.objects.open().filter(organization=organization).order_by("-opened_at", "title")
    )
    facets = {
        "departments": sorted({p.department for p in postings if p.department}),
        "locations": sorted({p.location for p in postings if p.location}),
        "workplaces": [
            (value, label)
            for value, label in Workplace.choices
            if any(p.workplace == value for p in postings)
        ],
    }
    q = request.GET.get("q", "").strip()[:100]
    chosen = {key: request.GET.get(key, "") for key in ("department", "location", "workplace")}
    shown = [
        p
        for p in postings
        if (not q or q.lower() in f"{p.title} {p.department} {p.location} {p.description}".lower())
        and all(not value or getattr(p, key) == value for key, value in chosen.items())
    ]
    url = request.build_absolute_uri(reverse("careers", args=[organization.slug]))
    context = {
        **_organization_context(request, organization),
        "postings": shown,
        "groups": _by_department(shown),
        "total": len(postings),
        "facets": facets,
        "q": q,
        "chosen": chosen,
        "canonical_url": url,
        "summary": seo.organization_summary(organization, len(postings)),
    }
    return render(request, "careers/index.html", context)


def _by_department(postings: list[Posting]) -> list[tuple[str, list[Posting]]]:
    """The postings under their departments, A to Z, those without one last; each group in
    the order given (newest first)."""
    groups: dict[str, list[Posting]] = {}
    for posting in postings:
        groups.setdefault(posting.department, []).append(posting)
    return sorted(groups.items(), key=lambda item: (not item[0], item[0].casefold()))


def _organization_context(request: HttpRequest, organization: Organization) -> dict[str, object]:
    """What every careers page shows of the organization: its logo (an absolute URL, for
    Open Graph and JSON-LD too), intro and website."""
    logo_url = ""
    if organization.email_logo_digest:
        logo_url = request.build_absolute_uri(
            reverse("organization_logo", args=[organization.slug, organization.email_logo_digest])
        )
    return {"organization": organization, "logo_url": logo_url}


def _public_posting(org: str, slug: str) -> Posting:
    posting = get_object_or_404(
        Posting.objects.select_related("organization"), organization__slug=org, slug=slug
    )
    if posting.status == PostingStatus.DRAFT:
        raise Http404("No such posting.")  # drafts don't exist for the public
    return posting


def _rate_limited(request: HttpRequest, posting: Posting) -> HttpResponse:
    context = {"posting": posting, "organization": posting.organization}
    return too_many_requests(
        request, settings.APPLY_RATE_LIMIT, "careers/rate_limited.html", context
    )


def _closed(request: HttpRequest, posting: Posting) -> HttpResponse:
    return render(
        request,
        "careers/closed.html",
        {"posting": posting, "organization": posting.organization},
        status=410,
    )


def _too_large(request: HttpRequest, org: str, slug: str) -> HttpResponse:
    """A body over MAX_REQUEST_BODY_BYTES (a resume over MAX_RESUME_BYTES), refused unread by
    config.middleware.RequestBodyMiddleware, in the careers site's layout."""
    posting = _public_posting(org, slug)
    response = render(
        request,
        "careers/too_large.html",
        {"posting": posting, "organization": posting.organization},
        status=413,
    )
    response["Connection"] = "close"
    return response


def _source(request: HttpRequest) -> str:
    return (request.GET.get("source") or request.GET.get("utm_source") or "")[:60]


# An open posting's stamp as this process read it last, for visitors without a session: the
# query that reads it took half a cached visit's time (bench/ratios.py), so it is asked at most
# once per POSTING_PAGE_RECHECK_MS for each posting. A visitor may so see an edit, a closing
# or an unpublishing up to that late (a second by default; an application to a closed posting
# is refused all the same: the POST always reads the posting). Anyone signed in, the recruiter
# checking an edit, takes the whole stack and the stamp read afresh.
recent_stamps: Recent[PageStamp] = Recent(
    size=1024, keep=lambda stamp: stamp.status == PostingStatus.OPEN
)


def _cached_posting_page(request: HttpRequest, org: str, slug: str) -> bytes | None:
    """An open posting's cached page with its empty form, for a visitor without state of their
    own (config.public_pages): its stamp, then the cache. None sends the request on to
    `posting_page`, with the stamp already read."""
    recheck = settings.POSTING_PAGE_RECHECK_MS / 1000
    stamp = recent_stamps.get((org, slug), recheck, lambda: posting_page_stamp(org, slug))
    request.posting_page_stamp = stamp  # type: ignore[attr-defined]
    if stamp is None or stamp.status != PostingStatus.OPEN:
        return None
    key = _apply_page_key(request, stamp, _source(request))
    return recent_pages.get(key, POSTING_CACHE_SECONDS, lambda: cache_get(key))


@served_cached(_cached_posting_page)
@body_too_large_page(_too_large)
@require_http_methods(["GET", "HEAD", "POST"])
def posting_page(request: HttpRequest, org: str, slug: str) -> HttpResponse:
    source = _source(request)
    stamp = None
    if request.method in ("GET", "HEAD"):
        # Read already when the short way (config.public_pages) looked and missed, found or not.
        read = hasattr(request, "posting_page_stamp")
        stamp = request.posting_page_stamp if read else posting_page_stamp(org, slug)  # type: ignore[attr-defined]
    if stamp is not None and stamp.status == PostingStatus.OPEN:
        return _apply_page(request, org, slug, stamp, source)
    posting = _public_posting(org, slug)
    if posting.status == PostingStatus.CLOSED:
        return _closed(request, posting)
    questions = list(posting.questions.all())
    if request.method == "POST":
        form = ApplyForm(request.POST, request.FILES, posting=posting, questions=questions)
        try:
            sent = _apply(request, posting, form, source)
        finally:
            form.close_held()
        if sent is not None:
            return sent
    else:  # opened between the stamp and now
        form = ApplyForm(
            posting=posting, questions=questions, initial={"source": source} if source else None
        )
    # Sent back with mistakes (or opened a moment ago): rendered for this visitor, not cached;
    # a page holding a resume's token is stored nowhere on the way either.
    response = render(
        request, "careers/posting.html", _posting_context(request, posting, form, source)
    )
    if form.held is not None:
        add_never_cache_headers(response)
    return response


def _apply(
    request: HttpRequest, posting: Posting, form: ApplyForm, source: str
) -> HttpResponse | None:
    """Act on a sent form: the page to answer with, or None to send the form back."""
    if not form.is_valid():
        _keep_resume(request, posting, form)
        return None
    if not hit("apply", client_ip(request), settings.APPLY_RATE_LIMIT):
        return _rate_limited(request, posting)
    if not form.cleaned_data["website"]:  # the honeypot: bots get the same page, no record
        try:
            submit_application(posting, _submission(form, source))
        except NotAccepting:
            return _closed(request, posting)
        if form.held is not None:  # the application has its own copy now
            transaction.on_commit(functools.partial(release_held_resume, form.held))
        # Stored for good now (or, inside a caller's transaction, once it commits): an error
        # from here on may tell the candidate that nothing is lost.
        mark_committed(request)
    return redirect("careers_applied", org=posting.organization.slug, slug=posting.slug)


def _keep_resume(request: HttpRequest, posting: Posting, form: ApplyForm) -> None:
    """Hold a checked resume sent with a form that has other mistakes, so the page sent back
    says it is attached and the next submission needs no file. Bots (the honeypot) and anyone
    past the apply limit in holds are asked to choose the file again instead: a held file costs
    disk until the sweep, and a hold is counted like an application."""
    upload = form.fresh_resume()
    if upload is None:
        return
    if form.data.get("website") or not hit(
        "hold-resume", client_ip(request), settings.APPLY_RATE_LIMIT
    ):
        form.keep_resume(None)
        return
    form.keep_resume(hold_resume(posting, upload))


def _apply_page_key(request: HttpRequest, stamp: PageStamp, source: str) -> str:
    """Everything an open posting's page with its empty form shows: the stamp of its rows
    (the posting, its organization and its questions), the address it is served at, the
    language, the source it credits and the code that renders it."""
    raw = repr(
        (
            stamp,
            request.build_absolute_uri(request.path),
            get_language(),
            timezone.get_current_timezone_name(),
            source,
            code_digest(*POSTING_PAGE_CODE),
        )
    )
    return "posting:" + hashlib.sha256(raw.encode()).hexdigest()


def _apply_page(
    request: HttpRequest, org: str, slug: str, stamp: PageStamp, source: str
) -> HttpResponse:
    """An open posting with its empty form, the same for every visitor: cached under
    `_apply_page_key`. Each visitor's CSRF token is put in afterwards."""

    def page() -> HttpResponse:
        posting = _public_posting(org, slug)
        if posting.status == PostingStatus.CLOSED:  # a moment ago; a 410 is never stored
            return _closed(request, posting)
        form = ApplyForm(
            posting=posting,
            questions=list(posting.questions.all()),
            initial={"source": source} if source else None,
        )
        context = _posting_context(request, posting, form, source)
        return render(request, "careers/posting.html", {**context, "csrf_token": CSRF_SLOT})

    key = _apply_page_key(request, stamp, source)
    return cached_public_page(request, key, POSTING_CACHE_SECONDS, page)


def _submission(form: ApplyForm, url_source: str) -> Submission:
    data = form.cleaned_data
    assert form.resume_type is not None  # clean_resume sets it whenever the form is valid
    return Submission(
        name=data["name"],
        email=data["email"],
        location=data["location"],
        stated_years=data["stated_years"],
        resume=data["resume"],
        resume_extension=form.resume_type.extension,
        phone=data["phone"],
        links=form.links(),
        cover_letter=data["cover_letter"],
        source=url_source or data["source"] or "careers page",
        answers=form.answers(),
    )


def _posting_context(
    request: HttpRequest, posting: Posting, form: ApplyForm, source: str
) -> dict[str, object]:
    url = request.build_absolute_uri(
        reverse("careers_posting", args=[posting.organization.slug, posting.slug])
    )
    org_url = request.build_absolute_uri(reverse("careers", args=[posting.organization.slug]))
    organization = _organization_context(request, posting.organization)
    jsonld = seo.job_posting(
        posting, url=url, organization_url=org_url, logo_url=str(organization["logo_url"])
    )
    return {
        **organization,
        "posting": posting,
        "form": form,
        "source_from_url": source,
        "jsonld": seo.as_script(jsonld),
        "summary": seo.summary(posting),
        "canonical_url": url,
    }


@require_safe
def applied(request: HttpRequest, org: str, slug: str) -> HttpResponse:
    posting = _public_posting(org, slug)
    return render(
        request, "careers/applied.html", {"posting": posting, "organization": posting.organization}
    )


class OpenPostingsFeed(Feed[Posting, Organization]):
    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, org: str) -> Organization:
        return get_object_or_404(Organization, slug=org)

    def title(self, obj: Organization) -> str:
        return _("Open positions at %(org)s") % {"org": obj.name}

    def link(self, obj: Organization) -> str:
        return reverse("careers", args=[obj.slug])

    def subtitle(self, obj: Organization) -> str:
        return _("Jobs you can apply for at %(org)s.") % {"org": obj.name}

    def author_name(self, obj: Organization) -> str:
        return obj.name

    def author_link(self, obj: Organization) -> str | None:
        return obj.website or None

    def items(self, obj: Organization) -> list[Posting]:
        return list(
            Posting.objects.open()
            .filter(organization=obj)
            .select_related("organization")
            .order_by("-opened_at")[:100]
        )

    def item_title(self, item: Posting) -> str:
        return item.title

    def item_description(self, item: Posting) -> str:
        # Atom's summary is HTML a feed reader renders: every value a recruiter typed is escaped;
        # the description is Markdown already rendered and sanitized.
        details = " · ".join(
            x for x in (item.location, item.get_workplace_display(), item.salary_display()) if x
        )
        return format_html("<p>{}</p>{}", details, mark_safe(item.description_html))  # noqa: S308 - sanitized by render_markdown

    def item_link(self, item: Posting) -> str:
        return reverse("careers_posting", args=[item.organization.slug, item.slug])

    def item_pubdate(self, item: Posting) -> object:
        return item.opened_at

    def item_updateddate(self, item: Posting) -> object:
        # Opening a posting stamps opened_at a moment after the save's updated_at: never before.
        if item.opened_at and item.opened_at > item.updated_at:
            return item.opened_at
        return item.updated_at
