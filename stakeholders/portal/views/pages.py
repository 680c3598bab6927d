"""The public portal's pages: the list of portals, a review's portal home and a round's
page with its contributions."""

from __future__ import annotations

from urllib.parse import quote, urlencode

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from reviews.core.sanitize import clean_html
from stakeholders.languages import language_label, source_language
from stakeholders.rounds.fragments import fragment_get, fragment_key
from stakeholders.rounds.models import ConsultationRound, RoundDocument
from stakeholders.rounds.selectors import round_question_list
from stakeholders.rounds.services.freshness import public_version_token
from stakeholders.rules import CONTRIBUTE, FLAG_IN_REVIEW
from vnr_portal.common.languages import direction, pick_language
from vnr_portal.common.reversing import url_maker

from .. import selectors
from ..selectors import CONTRIBUTIONS_PER_PAGE
from .access import get_portal_review, get_public_round


def round_language(request, round_) -> str:
    """The language the reader asks for: ?lang= among the round's languages, else the
    page's language (its documents may still be missing: see `round_document_list`)."""
    languages = round_.languages or ["en"]
    by_lower = {code.lower(): code for code in languages}
    wanted = (request.GET.get("lang") or "").lower()
    if wanted in by_lower:
        return by_lower[wanted]
    page = get_language() or "en"
    return by_lower.get(page.lower(), page)


def portal_landing(request):
    """The public's front page (`/` for visitors and for signed-in people who work on no
    review): every portal open to the public with its open rounds, published drafts and
    final report, how to take part, and the way in for staff."""
    return render(request, "stakeholders/portal/landing.html", {"portals": selectors.portal_landing_list()})


def portal_index(request):
    return render(request, "stakeholders/portal/index.html", {"portals": selectors.portal_list_published()})


def portal_home(request, pk: int):
    """A review's portal home. For the public (not signed in: nothing on it is the reader's)
    the part below the title is cached under what it shows: the tokens and statuses of the
    review's rounds (their documents follow the tokens), the portal's texts, the milestones
    and the published report (`_home_key`), the language and the time zone."""
    review = get_portal_review(request, pk)
    final_report = selectors.final_report_for_review(review)
    key = None if request.user.is_authenticated else _home_key(review, final_report)
    body = fragment_get(key, lambda: _home_body(request, review, final_report))
    return render(
        request,
        "stakeholders/portal/home.html",
        {
            "review": review,
            "portal": review.portal,
            "body": mark_safe(body),  # its own template rendered it, escaping everything
        },
    )


def _home_key(review, final_report) -> str | None:
    portal = review.portal
    rounds = selectors.round_stamps_for_portal_home(review)
    return fragment_key(
        "portal-home",
        [(pk, token) for pk, token, _status in rounds],
        review.pk,
        [status for _pk, _token, status in rounds],
        [portal.is_published, portal.introduction, portal.how_to_take_part, portal.contacts, portal.code_of_conduct],
        selectors.milestone_stamps(review),
        [(e.pk, e.language, e.format, e.size, e.page_count) for e in final_report],
    )


def _home_body(request, review, final_report) -> str:
    rounds = selectors.round_list_for_portal_home(review, user=request.user)
    round_href = url_maker("stakeholders:portal-round", review.pk, None)  # reversed once for the page's links
    for round_ in rounds:
        round_.public_href = round_href(round_.pk)
    timeline = selectors.portal_timeline(review, rounds)
    context = {
        "review": review,
        "portal": review.portal,
        # Stored sanitized; cleaned again here so that nothing else can put markup on the page.
        "introduction": clean_html(review.portal.introduction),
        "how_to_take_part": clean_html(review.portal.how_to_take_part),
        "contacts": clean_html(review.portal.contacts),
        "timeline": timeline,
        "open_rounds": [r for r in rounds if r.status == "open"],
        "scheduled_rounds": [r for r in rounds if r.status == "scheduled"],
        "closed_rounds": [r for r in rounds if r.status == "closed"],
        "drafts": [r for r in rounds if r.status in ("open", "closed") and r.documents_list],
        "final_report": final_report,
    }
    return render_to_string("stakeholders/portal/_home_body.html", context, request)


def _positive_int(value: str | None, *, longest: int = 9) -> int | None:
    """A whole number ≥ 1 written in ASCII digits from a query parameter, else None
    (absurd values such as "-1", "abc", "²" or a hundred digits included)."""
    if value and value.isascii() and value.isdigit() and len(value) <= longest and int(value) > 0:
        return int(value)
    return None


def _round_part(request, documents, questions) -> tuple[str, RoundDocument | None, int | None]:
    """The part of the round the page shows, from `?doc=` (or `?document=` a copy's id):
    ("document", the copy, its number from 1), ("questions", None, None) or ("general",
    None, None). Without either,
    the first document, else the questions, else the general contributions. A part the
    round does not have is a 404."""
    wanted = request.GET.get("doc") or ""
    if not wanted and "document" in request.GET:  # a copy named by its id (the portal home's links)
        document_pk = _positive_int(request.GET.get("document"), longest=12)
        for number, document in enumerate(documents, start=1):
            if document.pk == document_pk:
                return "document", document, number
        raise Http404(_("This round has no such document."))
    if not wanted:
        if documents:
            return "document", documents[0], 1
        return ("questions" if questions else "general"), None, None
    if wanted == "general" or (wanted == "questions" and questions):
        return wanted, None, None
    number = _positive_int(wanted, longest=6)
    if number is None or number > len(documents):
        raise Http404(_("This round has no such document."))
    return "document", documents[number - 1], number


def _part_value(part: str, number: int | None) -> str:
    return str(number) if part == "document" else part


def _paginate(queryset, count: int, page_value):
    """A page of `queryset`, whose length `count` is known (no COUNT query): any `?page=`
    answers a page (not a number: the first; past the end or below 1: the last)."""
    paginator = Paginator(queryset, CONTRIBUTIONS_PER_PAGE)
    paginator.count = count
    return paginator.get_page(page_value)


def _page_links(page, base: str) -> list[dict]:
    """The page numbers to offer: the first, the last and two either side of the current
    one, with gaps (None) between; each {"number", "href", "current"}."""
    last = page.paginator.num_pages
    wanted = sorted({1, last, *range(max(1, page.number - 2), min(last, page.number + 2) + 1)})
    links: list = []
    for number in wanted:
        if links and number - links[-1]["number"] > 1:
            links.append({"number": None})
        links.append({"number": number, "href": f"?{base}&page={number}", "current": number == page.number})
    return links


def _contribution_redirect(request, round_, documents, questions, counts, requested):
    """`?contribution=N` (the links moderators follow to a contribution on the public
    page): a redirect to the part and page that show it, at its anchor; 404 if the round
    has no such contribution (or the page cannot show it)."""
    pk = _positive_int(request.GET.get("contribution"), longest=12)
    place = selectors.contribution_place_get(round_, pk) if pk else None
    if place is None:
        raise Http404(_("This round has no such contribution."))
    if place["document"] is not None:
        shown = [d.pk for d in documents]
        document = place["document"]
        if document.pk not in shown:
            # A contribution on the copy in another language of the round: that language's page.
            if document.language != requested and document.language in (round_.languages or []):
                query = urlencode({"lang": document.language, "contribution": pk})
                return redirect(f"{request.path}?{query}")
            raise Http404(_("This round has no such contribution."))
        number = shown.index(document.pk) + 1
        paragraph = place["paragraph"]
        offset = 0
        if paragraph is not None:
            offset = sum(
                n
                for (doc_id, para), n in counts.items()
                if doc_id == document.pk and (para is None or (isinstance(para, int) and para < paragraph))
            )
        part_value = str(number)
    elif place["question_id"] is not None:
        order = [q.pk for q in questions]
        if place["question_id"] not in order:
            raise Http404(_("This round has no such contribution."))
        before = order[: order.index(place["question_id"])]
        offset = sum(counts.get(("q", question_pk), 0) for question_pk in before)
        part_value = "questions"
    else:
        offset, part_value = 0, "general"
    page = (offset + place["before"]) // CONTRIBUTIONS_PER_PAGE + 1
    query = urlencode({"lang": requested, "doc": part_value, "page": page})
    return redirect(f"{request.path}?{query}#contribution-{pk}")


def portal_round(request, pk: int, round_pk: int):
    """A round's public page: one part at a time (a document with its paragraphs, the
    questions, or the general contributions), chosen with `?doc=` among the links to all
    of them, and that part's contributions one page at a time (`?page=`), each under its
    paragraph. The document's text is the sanitized copy made once when it was frozen.
    A fixed number of queries whatever the number of documents and contributions; for a
    reader who may not flag, the part below the notices comes from the cache, keyed on the
    round's public token (changed by every write that changes it) — 3 queries then."""
    review = get_portal_review(request, pk)
    round_, refusal = get_public_round(request, review, round_pk)
    if refusal:
        return refusal
    requested = round_language(request, round_)
    source = source_language(review)
    if "contribution" in request.GET:
        documents = selectors.round_document_list(round_, requested, source)
        questions = round_question_list(round_) if round_.kind == ConsultationRound.Kind.QUESTIONS else []
        counts = selectors.contribution_count_by_place(round_)
        return _contribution_redirect(request, round_, documents, questions, counts, requested)
    # Asked once for the page; each contribution's own conditions (visible, not mine)
    # are in the template, as in rules.can_flag_contribution.
    can_flag = request.user.is_authenticated and request.user.has_perm(FLAG_IN_REVIEW, review)
    key = None if can_flag else _round_body_key(request, round_, requested, source)
    parts = fragment_get(key, lambda: _round_body(request, review, round_, requested, source, can_flag=can_flag))
    context = {
        "review": review,
        "portal": review.portal,
        "round": round_,
        "description": parts["description"],  # clean_html's output, shown with |safe
        "body": mark_safe(parts["body"]),  # the page's own template rendered it, escaping everything
    }
    return render(request, "stakeholders/portal/round.html", context)


# The query parameters that choose what the body shows (with the longest value cached).
ROUND_BODY_PARAMETERS = (("doc", 12), ("document", 12), ("page", 6))


def _round_body_key(request, round_, requested: str, source: str) -> str | None:
    """The cache key of the body a reader who may not flag sees: the round's public token,
    what the query chooses, the language and time zone of the page, the languages of the
    documents and the round's status (which changes with the clock). None (not cached)
    when the round has no token or the query is not a plain one."""
    tokens = [(round_.pk, public_version_token(round_))]
    chosen = []
    for name, longest in ROUND_BODY_PARAMETERS:
        value = request.GET.get(name)
        if value is None:
            chosen.append("-")
        elif len(value) <= longest and value.isascii() and (value.isalnum() or not value):
            chosen.append(value or "=")
        else:
            return None
    return fragment_key("portal-round", tokens, requested, source, round_.status, *chosen)


def _round_body(request, review, round_, requested: str, source: str, *, can_flag: bool) -> dict:
    """The round's description (sanitized) and the body of its page, rendered."""
    # A section missing in the reader's language: its original (source language), marked.
    documents = selectors.round_document_list(round_, requested, source)
    questions = round_question_list(round_) if round_.kind == ConsultationRound.Kind.QUESTIONS else []
    counts = selectors.contribution_count_by_place(round_)
    part, document, number = _round_part(request, documents, questions)
    part_query = f"lang={quote(requested)}&doc={quote(_part_value(part, number))}"
    per_document: dict = {}
    for (doc_id, _para), n in counts.items():
        per_document[doc_id] = per_document.get(doc_id, 0) + n
    for position, item in enumerate(documents, start=1):
        item.number = position
        item.language_name = language_label(item.language)
        item.direction = direction(item.language)
        item.count = per_document.get(item.pk, 0)
    if part == "document":
        places = [(document.pk, None)] + sorted(
            (key for key in counts if key[0] == document.pk and key[1] is not None), key=lambda key: key[1]
        )
        page = _paginate(
            selectors.contribution_list_for_document(document),
            sum(counts.get(key, 0) for key in places),
            request.GET.get("page"),
        )
    elif part == "questions":
        page = _paginate(
            selectors.contribution_list_for_questions(round_, questions),
            sum(counts.get(("q", q.pk), 0) for q in questions),
            request.GET.get("page"),
        )
    else:
        page = _paginate(
            selectors.contribution_list_general(round_), counts.get((None, None), 0), request.GET.get("page")
        )
    on_page: dict = {}
    for contribution in page.object_list:
        contribution.round = round_
        if contribution.question_id:
            on_page.setdefault(("q", contribution.question_id), []).append(contribution)
        elif contribution.document_id:
            on_page.setdefault((contribution.document_id, contribution.paragraph), []).append(contribution)
        else:
            on_page.setdefault((None, None), []).append(contribution)
    if part == "document":
        # The page on which each paragraph's contributions begin: its count links there
        # when they are not on this page.
        starts, offset = {}, 0
        for key in places:
            starts[key] = offset // CONTRIBUTIONS_PER_PAGE + 1
            offset += counts.get(key, 0)
        document.section_contributions = on_page.get((document.pk, None), [])
        document.section_count = counts.get((document.pk, None), 0)
        document.blocks = []
        for index, html in enumerate(selectors.round_document_paragraphs(document)):
            count = counts.get((document.pk, index), 0)
            start = starts.get((document.pk, index), 1)
            document.blocks.append(
                {
                    "index": index,
                    "number": index + 1,
                    "html": html,
                    "contributions": on_page.get((document.pk, index), []),
                    "count": count,
                    "elsewhere": f"?{part_query}&page={start}#p-{document.pk}-{index + 1}"
                    if count and start != page.number and not on_page.get((document.pk, index))
                    else "",
                }
            )
        # Paragraph numbers past the end (should not happen with a frozen copy) still show.
        known = set(range(len(document.blocks)))
        document.orphans = [
            c
            for (doc_id, para), items in on_page.items()
            if doc_id == document.pk and para is not None and para not in known
            for c in items
        ]
    for question in questions:
        shown = pick_language({source: question.text, **(question.translations or {})}, requested, source)
        question.shown_text = shown.value if shown else question.text
        question.shown_language = shown.language if shown else source
        question.shown_is_fallback = bool(shown and shown.is_fallback)
        question.shown_language_name = language_label(question.shown_language)
        question.answers_on_page = on_page.get(("q", question.pk), [])
        question.count = counts.get(("q", question.pk), 0)
    can_contribute = request.user.has_perm(CONTRIBUTE, round_) if request.user.is_authenticated else False
    default_part = not request.GET.get("doc") and "document" not in request.GET
    context = {
        "review": review,
        "portal": review.portal,
        "round": round_,
        "language": requested,
        "requested_language": requested,
        "documents_fallback": any(item.is_fallback for item in documents),
        "round_languages": [
            {
                "code": code,
                "name": language_label(code),
                "href": f"?lang={quote(code)}" + ("" if default_part else f"&doc={quote(_part_value(part, number))}"),
            }
            for code in round_.languages
        ],
        "documents": documents,
        "document": document,
        "part": part,
        "questions": questions,
        "questions_count": sum(counts.get(("q", q.pk), 0) for q in questions),
        "general": on_page.get((None, None), []),
        "general_count": counts.get((None, None), 0),
        "page": page,
        "page_links": _page_links(page, part_query) if page.paginator.num_pages > 1 else [],
        "part_query": part_query,
        "contribute_url": reverse("stakeholders:portal-contribute", args=[review.pk, round_.pk]),
        "is_open": round_.status == "open",
        "can_contribute": can_contribute,
        "can_flag": can_flag,
    }
    return {
        "description": clean_html(round_.description),
        "body": render_to_string("stakeholders/portal/_round_body.html", context, request),
    }
