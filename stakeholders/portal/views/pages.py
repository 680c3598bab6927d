"""The public portal's pages: the list of portals, a review's portal home and a round's
page with its contributions."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import get_language

from reviews.core.sanitize import clean_html
from stakeholders.languages import language_label, source_language
from stakeholders.rounds.documents import document_paragraphs
from stakeholders.rounds.models import ConsultationRound
from stakeholders.rounds.selectors import round_question_list
from stakeholders.rules import CONTRIBUTE, FLAG_IN_REVIEW
from vnr_portal.common.languages import direction, pick_language

from .. import selectors
from .access import get_portal_review, get_public_round

# Small pages: a contribution may be long, and the page must stay light (< 100 KB).
CONTRIBUTIONS_PER_PAGE = 10


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
    review = get_portal_review(request, pk)
    rounds = selectors.round_list_for_portal_home(review, user=request.user)
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
        "final_report": selectors.final_report_for_review(review),
    }
    return render(request, "stakeholders/portal/home.html", context)


def _page_number(request) -> int:
    value = request.GET.get("page", "1")
    return int(value) if value.isdigit() and 0 < len(value) < 7 else 1


def portal_round(request, pk: int, round_pk: int):
    review = get_portal_review(request, pk)
    round_, refusal = get_public_round(request, review, round_pk)
    if refusal:
        return refusal
    requested = round_language(request, round_)
    source = source_language(review)
    # A section missing in the reader's language: its original (source language), marked.
    documents = selectors.round_document_list(round_, requested, source)
    language = requested
    questions = round_question_list(round_) if round_.kind == ConsultationRound.Kind.QUESTIONS else []
    paginator = Paginator(
        selectors.contribution_list_for_round(round_, documents=documents, questions=questions), CONTRIBUTIONS_PER_PAGE
    )
    page = paginator.get_page(_page_number(request))
    counts = selectors.contribution_count_by_place(round_)
    on_page: dict = {}
    general = []
    for contribution in page.object_list:
        contribution.round = round_
        if contribution.question_id:
            on_page.setdefault(("q", contribution.question_id), []).append(contribution)
        elif contribution.document_id:
            on_page.setdefault((contribution.document_id, contribution.paragraph), []).append(contribution)
        else:
            general.append(contribution)
    for document in documents:
        document.language_name = language_label(document.language)
        document.direction = direction(document.language)
        document.section_contributions = on_page.get((document.pk, None), [])
        document.section_count = counts.get((document.pk, None), 0)
        document.blocks = [
            {
                "index": index,
                "number": index + 1,
                "html": block,
                "contributions": on_page.get((document.pk, index), []),
                "count": counts.get((document.pk, index), 0),
            }
            for index, block in enumerate(document_paragraphs(document))
        ]
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
    context = {
        "review": review,
        "portal": review.portal,
        "round": round_,
        "description": clean_html(round_.description),
        "language": language,
        "requested_language": requested,
        "documents_fallback": any(document.is_fallback for document in documents),
        "round_languages": [{"code": code, "name": language_label(code)} for code in round_.languages],
        "documents": documents,
        "questions": questions,
        "general": general,
        "page": page,
        "is_open": round_.status == "open",
        "can_contribute": can_contribute,
        # Asked once for the page; each contribution's own conditions (visible, not mine)
        # are in the template, as in rules.can_flag_contribution.
        "can_flag": request.user.is_authenticated and request.user.has_perm(FLAG_IN_REVIEW, review),
    }
    return render(request, "stakeholders/portal/round.html", context)
