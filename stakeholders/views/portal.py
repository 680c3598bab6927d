"""The public portal: the list of portals, a review's portal home and a round's page."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from reviews.core.sanitize import clean_html
from reviews.models import Review
from stakeholders.rounds.documents import document_paragraphs

from ..forms.public import language_label
from ..models import ConsultationRound, Contribution, Portal, RoundDocument
from ..services.contributions import contribution_counts_by_place, question_text, round_contributions

VIEW_PORTAL = "stakeholders.view_portal"
VIEW_ROUND = "stakeholders.view_round"
# Small pages: a contribution may be long, and the page must stay light (< 100 KB).
CONTRIBUTIONS_PER_PAGE = 10


def get_portal_review(request, pk: int) -> Review:
    """The review `pk` with its portal, if the portal is public or the user works on the
    review; 404 otherwise (an unpublished portal is not announced)."""
    review = get_object_or_404(Review.objects.select_related("country", "portal"), pk=pk)
    if getattr(review, "portal", None) is None or not request.user.has_perm(VIEW_PORTAL, review):
        raise Http404(_("This portal is not open to the public."))
    return review


def refused(request, review, round_, message: str, *, status: int = 403, reason: str = ""):
    """A plain page saying why the person cannot take part, and what to do."""
    return render(
        request,
        "stakeholders/public/refused.html",
        {"review": review, "portal": review.portal, "round": round_, "message": message, "reason": reason},
        status=status,
    )


def get_public_round(request, review: Review, round_pk: int):
    """(round, refusal): the round of `review`, or 404; a refusal page when the person is
    not in its audience."""
    round_ = get_object_or_404(ConsultationRound.objects.select_related("group"), pk=round_pk, review=review)
    round_.review = review
    if request.user.has_perm(VIEW_ROUND, round_):
        return round_, None
    if round_.published_at is None:
        raise Http404(_("This round is not published."))
    return round_, refused(request, review, round_, audience_message(round_))


def audience_message(round_) -> str:
    if round_.audience == ConsultationRound.Audience.INVITED:
        return _(
            "This round is open only to the people who were invited to it. If you received an invitation "
            "by e-mail, follow its link: it lets you in."
        )
    if round_.audience == ConsultationRound.Audience.WORKING_GROUP:
        return _("This round is open only to the members of its working group.")
    return _("This round is not open to you.")


def round_language(request, round_) -> str:
    """The language whose documents are shown: ?lang= among the round's languages, else the
    page's language when the round has it, else the round's first language."""
    languages = round_.languages or ["en"]
    by_lower = {code.lower(): code for code in languages}
    wanted = (request.GET.get("lang") or "").lower()
    if wanted in by_lower:
        return by_lower[wanted]
    page = (get_language() or "en").lower()
    return by_lower.get(page, languages[0])


def portal_index(request):
    now = timezone.now()
    portals = (
        Portal.objects.filter(is_published=True)
        .select_related("review__country")
        .annotate(
            open_rounds=Count(
                "review__rounds",
                filter=Q(
                    review__rounds__published_at__isnull=False,
                    review__rounds__opens_at__lte=now,
                    review__rounds__closes_at__gt=now,
                ),
            )
        )
        .order_by("review__country__name", "-review__hlpf_year", "pk")
    )
    return render(request, "stakeholders/public/index.html", {"portals": portals})


def portal_home(request, pk: int):
    review = get_portal_review(request, pk)
    rounds = list(
        ConsultationRound.objects.filter(review=review, published_at__isnull=False).order_by("opens_at", "pk")
    )
    documents = {}
    for document in RoundDocument.objects.filter(round__in=[r.pk for r in rounds]).only(
        "pk", "round_id", "title", "language", "position"
    ):
        documents.setdefault(document.round_id, []).append(document)
    mine = set()
    if request.user.is_authenticated:
        mine = set(
            Contribution.objects.filter(author=request.user, round__review=review).values_list("round_id", flat=True)
        )
    for round_ in rounds:
        round_.review = review
        round_.documents_list = documents.get(round_.pk, [])
        round_.contributed = round_.pk in mine
        round_.language_names = [language_label(code) for code in round_.languages]
    timeline = [
        {"date": m.due_date, "title": m.title, "done": m.done_on, "kind": "milestone"} for m in review.milestones.all()
    ]
    timeline += [
        {"date": timezone.localdate(r.opens_at), "title": r.title, "round": r, "kind": "round"} for r in rounds
    ]
    timeline.sort(key=lambda entry: entry["date"])
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
    }
    return render(request, "stakeholders/public/home.html", context)


def _page_number(request) -> int:
    value = request.GET.get("page", "1")
    return int(value) if value.isdigit() and 0 < len(value) < 7 else 1


def portal_round(request, pk: int, round_pk: int):
    review = get_portal_review(request, pk)
    round_, refusal = get_public_round(request, review, round_pk)
    if refusal:
        return refusal
    language = round_language(request, round_)
    documents = list(RoundDocument.objects.filter(round=round_, language=language))
    questions = list(round_.questions.all()) if round_.kind == ConsultationRound.Kind.QUESTIONS else []
    paginator = Paginator(round_contributions(round_, documents=documents, questions=questions), CONTRIBUTIONS_PER_PAGE)
    page = paginator.get_page(_page_number(request))
    counts = contribution_counts_by_place(round_)
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
        question.shown_text = question_text(question, language)
        question.answers_on_page = on_page.get(("q", question.pk), [])
        question.count = counts.get(("q", question.pk), 0)
    can_contribute = (
        request.user.has_perm("stakeholders.contribute", round_) if request.user.is_authenticated else False
    )
    context = {
        "review": review,
        "portal": review.portal,
        "round": round_,
        "description": clean_html(round_.description),
        "language": language,
        "round_languages": [{"code": code, "name": language_label(code)} for code in round_.languages],
        "documents": documents,
        "questions": questions,
        "general": general,
        "page": page,
        "is_open": round_.status == "open",
        "can_contribute": can_contribute,
    }
    return render(request, "stakeholders/public/round.html", context)


urlpatterns = [
    path("portal/", portal_index, name="portal-index"),
    path("portal/<int:pk>/", portal_home, name="portal-home"),
    path("portal/<int:pk>/rounds/<int:round_pk>/", portal_round, name="portal-round"),
]
