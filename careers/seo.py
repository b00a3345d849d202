"""Structured data for search engines: schema.org JobPosting as Google's guidelines ask."""

from __future__ import annotations

import json
from typing import Any

from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import ngettext

from accounts.models import Organization
from postings.models import Posting, Workplace


def _place(location: str) -> dict[str, Any]:
    parts = [part.strip() for part in location.split(",") if part.strip()]
    address: dict[str, Any] = {"@type": "PostalAddress"}
    if parts:
        address["addressCountry"] = parts[-1]
    if len(parts) >= 2:
        address["addressLocality"] = parts[0]
    if len(parts) >= 3:
        address["addressRegion"] = parts[1]
    return {"@type": "Place", "address": address}


def _organization(organization: Organization, url: str, logo_url: str) -> dict[str, Any]:
    data: dict[str, Any] = {"@type": "Organization", "name": organization.name, "url": url}
    data["sameAs"] = organization.website or url
    if logo_url:
        data["logo"] = logo_url
    return data


def job_posting(
    posting: Posting, *, url: str, organization_url: str, logo_url: str = ""
) -> dict[str, Any]:
    """`organization_url` is the careers page, the hiring organization's `url`; its own website,
    when it has one, is its `sameAs`."""
    data: dict[str, Any] = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": posting.title,
        "description": posting.description_html,
        "identifier": {
            "@type": "PropertyValue",
            "name": posting.organization.name,
            "value": str(posting.pk),
        },
        "datePosted": (posting.opened_at or posting.created_at).date().isoformat(),
        "employmentType": posting.employment_type,
        "hiringOrganization": _organization(posting.organization, organization_url, logo_url),
        "directApply": True,
        "url": url,
    }
    if posting.valid_through:
        data["validThrough"] = f"{posting.valid_through.isoformat()}T23:59:59"
    if posting.workplace == Workplace.REMOTE:
        data["jobLocationType"] = "TELECOMMUTE"
        country = (
            posting.location.split(",")[-1].strip() if posting.location else ""
        ) or "Anywhere"
        data["applicantLocationRequirements"] = {"@type": "Country", "name": country}
    elif posting.location:
        data["jobLocation"] = _place(posting.location)
    if posting.salary_currency and (
        posting.salary_min is not None or posting.salary_max is not None
    ):
        value: dict[str, Any] = {"@type": "QuantitativeValue", "unitText": posting.salary_period}
        if (
            posting.salary_min is not None
            and posting.salary_max is not None
            and posting.salary_min != posting.salary_max
        ):
            value.update(minValue=posting.salary_min, maxValue=posting.salary_max)
        else:
            value["value"] = (
                posting.salary_min if posting.salary_min is not None else posting.salary_max
            )
        data["baseSalary"] = {
            "@type": "MonetaryAmount",
            "currency": posting.salary_currency,
            "value": value,
        }
    return data


def as_script(data: dict[str, Any]) -> SafeString:
    """A JSON-LD block. A data block never runs, so the CSP allows it; <, > and & are escaped
    so no text in a posting can close the script element."""
    text = (
        json.dumps(data, ensure_ascii=False)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
    )
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308 - escaped above


def organization_summary(organization: Organization, open_count: int, length: int = 200) -> str:
    """The careers list's meta description: the organization's intro, else a count of its
    open positions."""
    text = " ".join(organization.careers_intro.split())
    if not text:
        return ngettext(
            "%(count)d open position at %(org)s.",
            "%(count)d open positions at %(org)s.",
            open_count,
        ) % {"count": open_count, "org": organization.name}
    return text if len(text) <= length else text[: length - 1].rsplit(" ", 1)[0] + "…"


def summary(posting: Posting, length: int = 200) -> str:
    text = " ".join(strip_tags(posting.description_html).split())
    return text if len(text) <= length else text[: length - 1].rsplit(" ", 1)[0] + "…"
