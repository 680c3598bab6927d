"""The "Open data" page of a review's portal and its downloads: open exactly when the
portal is (`get_portal_review`: anyone once it is published, the review's team before),
404 otherwise. Every download names the licence (in the file and in a `Link` header)."""

from __future__ import annotations

from urllib.parse import quote

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from stakeholders.portal.views.access import get_portal_review
from vnr_portal.common.site import absolute_url
from vnr_portal.common.spreadsheets import csv_response

from . import files, selectors

FORMATS = ("json", "csv")
LINK_SAFE = ":/?#[]@!$&'()*+,;=%~"


def _licence_link(response: HttpResponse, licence: tuple[str, str]) -> HttpResponse:
    if licence[1]:
        # Characters a Link header cannot carry (<, >, quotes, spaces) percent-encoded.
        response["Link"] = f'<{quote(licence[1], safe=LINK_SAFE)}>; rel="license"'
    return response


def _file_stem(review) -> str:
    return f"{review.country.iso3}-{review.hlpf_year or review.pk}"


def _source(review) -> str:
    return absolute_url("stakeholders:portal-opendata", review.pk)


def _answer(review, format_: str, name: str, data, rows) -> HttpResponse:
    """`data` as a JSON download, or `rows()` as a CSV download, named `<stem>-<name>`."""
    licence = review.portal.licence_info
    filename = f"{_file_stem(review)}-{name}.{format_}"
    if format_ == "json":
        content = files.json_bytes(data(), review=review, licence=licence, source=_source(review))
        response = HttpResponse(content, content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    else:
        response, writer = csv_response(filename)
        writer.writerows(rows(licence))
    return _licence_link(response, licence)


def _check_format(format_: str) -> None:
    if format_ not in FORMATS:
        raise Http404(_("There is no such download."))


def opendata(request, pk: int):
    review = get_portal_review(request, pk)
    context = {
        "review": review,
        "portal": review.portal,
        "licence": review.portal.licence_info,
        "report": selectors.report_metadata(review),
        "counts": selectors.page_counts(review),
    }
    return render(request, "stakeholders/opendata/page.html", context)


def opendata_report(request, pk: int, format: str):
    _check_format(format)
    review = get_portal_review(request, pk)
    meta = selectors.report_metadata(review)
    return _answer(review, format, "report", lambda: meta, lambda licence: files.report_rows(meta, licence))


def opendata_outcomes(request, pk: int, format: str):
    _check_format(format)
    review = get_portal_review(request, pk)
    records = selectors.outcome_records(review)
    return _answer(
        review, format, "you-said-we-did", lambda: records, lambda licence: files.outcome_rows(records, licence)
    )


def opendata_indicators(request, pk: int, format: str):
    _check_format(format)
    review = get_portal_review(request, pk)
    return _answer(
        review,
        format,
        "indicators",
        lambda: selectors.indicator_records(review),
        lambda licence: files.indicator_rows(selectors.indicator_table(review), licence),
    )


def opendata_opensdg(request, pk: int):
    review = get_portal_review(request, pk)
    licence = review.portal.licence_info
    export = selectors.opensdg_zip(review, licence=licence, source=_source(review))
    response = HttpResponse(export.content, content_type=export.content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=export.filename)
    return _licence_link(response, licence)
