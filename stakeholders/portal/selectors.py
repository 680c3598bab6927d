"""Reads of the public portal: the portals and rounds the public may see, a round's
contributions as its page shows them, a person's own contributions, and the account
reads (an address taken, a verification link, an invitation link, the code of conduct
accepted). A fixed number of queries whatever the amount of data."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core import signing
from django.db.models import Count, F, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from reviews.models import Milestone, Review
from reviews.publishing.selectors import final_edition_list_public_many
from stakeholders import rules as perms
from stakeholders.languages import language_label
from stakeholders.moderation.models import ModeratorResponse
from stakeholders.registry.models import StakeholderCategory
from stakeholders.rounds.documents import frozen_paragraphs
from stakeholders.rounds.models import ConsultationRound, RoundDocument, RoundInvitation
from stakeholders.rounds.services.freshness import public_version_token
from vnr_portal.common.compiled import compiled_rows
from vnr_portal.common.languages import pick_language

from .models import Channel, ConductAcceptance, Contribution, ContributorProfile, Portal

# --- Accounts -----------------------------------------------------------------------


VERIFY_SALT = "stakeholders.verify-email"
VERIFY_MAX_AGE = 3 * 24 * 60 * 60  # three days, in seconds


class InvalidToken(Exception):
    """A verification link that is unknown, changed or too old."""


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def email_taken(email: str) -> bool:
    User = get_user_model()
    email = normalise_email(email)
    return User.objects.filter(email__iexact=email).exists() or User.objects.filter(username__iexact=email).exists()


def verification_token(user) -> str:
    """A signed, timestamped token naming the account and its address (a changed address
    makes older links useless)."""
    return signing.TimestampSigner(salt=VERIFY_SALT).sign_object({"u": user.pk, "e": normalise_email(user.email)})


def user_get_by_verification_token(token: str):
    """The account a verification token was made for; InvalidToken if bad or older than 3 days."""
    try:
        value = signing.TimestampSigner(salt=VERIFY_SALT).unsign_object(token, max_age=VERIFY_MAX_AGE)
    except signing.SignatureExpired as error:
        raise InvalidToken(_("This link has expired: links are valid for three days. Ask for a new one.")) from error
    except (signing.BadSignature, ValueError, UnicodeDecodeError) as error:
        raise InvalidToken(
            _("This link is not valid. Check that you copied all of it, or ask for a new one.")
        ) from error
    if not isinstance(value, dict) or not isinstance(value.get("u"), int):
        raise InvalidToken(_("This link is not valid. Check that you copied all of it, or ask for a new one."))
    email = value.get("e")
    User = get_user_model()
    user = User.objects.filter(pk=value["u"], is_active=True).first()
    if user is None or normalise_email(user.email) != email:
        raise InvalidToken(_("This link is not valid any more. Ask for a new one."))
    return user


def contributor_profile_get(user) -> ContributorProfile | None:
    """The contributor profile of a signed-in account, if it has one."""
    if not user.is_authenticated:
        return None
    return ContributorProfile.objects.filter(user=user).first()


def round_invitation_get_by_token(token: str) -> RoundInvitation | None:
    if not token or len(token) > 64:
        return None
    return (
        RoundInvitation.objects.select_related("round__review__country", "round__review__portal")
        .filter(token=token)
        .first()
    )


def conduct_accepted(*, user, review: Review) -> bool:
    return user.is_authenticated and ConductAcceptance.objects.filter(review=review, user=user).exists()


# --- The portal's pages ------------------------------------------------------------------


def portal_list_published() -> QuerySet[Portal]:
    """The portals open to the public (`rules.portal_list_published`), each with its review
    and `open_rounds`, the number of its rounds open now (`rules.round_list_open`). One
    query."""
    open_rounds = (
        perms.round_list_open()
        .filter(review=OuterRef("review"))
        .order_by()
        .values("review")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        perms.portal_list_published()
        .select_related("review__country")
        .annotate(open_rounds=Coalesce(Subquery(open_rounds, output_field=IntegerField()), 0))
        .order_by("review__country__name", "-review__hlpf_year", "pk")
    )


def round_list_for_portal_home(review: Review, *, user) -> list[ConsultationRound]:
    """The published rounds of `review` (`rules.round_list_published`), oldest first, each
    with `documents_list` (its frozen copies), `contributed` (`user` may answer its survey:
    `rules.round_list_contributed_to`) and `language_names`. Three queries."""
    rounds = list(perms.round_list_published(review).order_by("opens_at", "pk"))
    documents: dict[int, list[RoundDocument]] = {}
    for document in RoundDocument.objects.filter(round__in=[r.pk for r in rounds]).only(
        "pk", "round_id", "title", "language", "position"
    ):
        documents.setdefault(document.round_id, []).append(document)
    contributed = set()
    if user.is_authenticated:
        contributed = set(perms.round_list_contributed_to(user).filter(review=review).values_list("pk", flat=True))
    for round_ in rounds:
        round_.review = review
        round_.documents_list = documents.get(round_.pk, [])
        round_.contributed = round_.pk in contributed
        round_.language_names = [language_label(code) for code in round_.languages]
    return rounds


def round_stamps_for_portal_home(review: Review) -> list[tuple[int, str | None, str]]:
    """(id, public token, status) of each published round of `review`: what the portal
    home's cached part is keyed on with `milestone_stamps` (one query)."""
    rounds = (
        perms.round_list_published(review)
        .select_related("public_version")
        .only("pk", "published_at", "opens_at", "closes_at", "public_version__token")
        .order_by("pk")
    )
    return [(r.pk, public_version_token(r), r.status) for r in rounds]


def _milestone_rows(review_id):
    fields = ("pk", "due_date", "title", "done_on")
    return Milestone.objects.filter(review_id=review_id).order_by("pk").values_list(*fields)


def milestone_stamps(review: Review) -> list[tuple]:
    """What the timeline shows of the review's milestones, for a key (one query, compiled
    once: the public asks for the portal home more than for any other page)."""
    return compiled_rows(_milestone_rows, review.pk)


def portal_timeline(review: Review, rounds: list[ConsultationRound]) -> list[dict]:
    """The review's milestones and the opening of its rounds, by date."""
    timeline = [
        {"date": m.due_date, "title": m.title, "done": m.done_on, "kind": "milestone"} for m in review.milestones.all()
    ]
    timeline += [
        {"date": timezone.localdate(r.opens_at), "title": r.title, "round": r, "kind": "round"} for r in rounds
    ]
    timeline.sort(key=lambda entry: entry["date"])
    return timeline


def round_document_list(round_: ConsultationRound, language: str, source: str | None = None) -> list[RoundDocument]:
    """The round's frozen copies for a reader of `language`, in order: per section its
    copy in that language, else the source language's (else English, else any) with
    `is_fallback` set and `shown_language` the copy's language (`pick_language`). Their
    texts are left in the database (`round_document_paragraphs` reads the one shown).
    One query."""
    by_section: dict = {}
    for document in RoundDocument.objects.filter(round=round_).defer("content", "paragraphs"):
        # Copies of one section share it; a copy whose section was removed, its place.
        key = document.section_id or ("position", document.position)
        if document.language in by_section.get(key, {}):  # two copies in one language: two documents
            key = ("document", document.pk)
        by_section.setdefault(key, {})[document.language] = document
    documents = []
    for copies in by_section.values():
        picked = pick_language(copies, language, source, present=lambda document: document is not None)
        document = picked.value
        document.is_fallback = picked.is_fallback
        documents.append(document)
    return sorted(documents, key=lambda document: (document.position, document.pk))


def round_document_paragraphs(document: RoundDocument) -> list[str]:
    """The paragraphs of one frozen copy as the public page shows them: the sanitized
    HTML made once when the copy was frozen (`RoundDocument.paragraphs`). One query
    (two for a copy that was never frozen by the services: then made from its text)."""
    stored = RoundDocument.objects.filter(pk=document.pk).values_list("paragraphs", flat=True).first()
    if isinstance(stored, list):
        return stored
    return frozen_paragraphs(RoundDocument.objects.filter(pk=document.pk).values_list("content", flat=True).first())


# --- Contributions ----------------------------------------------------------------------

# Contributions per page of a round: small pages, as a contribution may be long (up to the
# round's `max_length`, 5,000 characters by default) and a page must stay light.
CONTRIBUTIONS_PER_PAGE = 20


def _public_contributions():
    return Contribution.objects.select_related("author__contributor", "on_behalf_of").prefetch_related(
        Prefetch("responses", queryset=ModeratorResponse.objects.order_by("created_at", "pk")),
        "attachments",
    )


# The order of each part of a round's page, whatever the database does with NULLs: on a
# document, those about the whole section first, then paragraph by paragraph; answers
# question by question; general contributions as they came.
DOCUMENT_ORDER = (F("paragraph").asc(nulls_first=True), "created_at", "pk")
QUESTIONS_ORDER = ("question__position", "question_id", "created_at", "pk")
GENERAL_ORDER = ("created_at", "pk")


def contribution_list_for_document(document: RoundDocument):
    """The contributions on one frozen copy, section-level first, then by paragraph. A
    queryset: the caller paginates it (authors come with the page; responses and
    attachments in 2 extra queries per page whatever its size)."""
    return _public_contributions().filter(document=document).order_by(*DOCUMENT_ORDER)


def contribution_list_for_questions(round_: ConsultationRound, questions):
    """The answers to `questions` of the round, question by question (a queryset, as above)."""
    return (
        _public_contributions()
        .filter(round=round_, question_id__in=[q.pk for q in questions])
        .order_by(*QUESTIONS_ORDER)
    )


def contribution_list_general(round_: ConsultationRound):
    """The round's general contributions (about no document or question), oldest first."""
    return (
        _public_contributions()
        .filter(round=round_, document__isnull=True, question__isnull=True)
        .order_by(*GENERAL_ORDER)
    )


def contribution_count_by_place(round_: ConsultationRound) -> dict:
    """{(document_id, paragraph): n, ("q", question_id): n} of the round, in one query;
    general contributions under (None, None)."""
    counts = {}
    rows = (
        Contribution.objects.filter(round=round_)
        .values("document_id", "paragraph", "question_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in rows:
        if row["question_id"]:
            counts[("q", row["question_id"])] = counts.get(("q", row["question_id"]), 0) + row["n"]
        else:
            key = (row["document_id"], row["paragraph"])
            counts[key] = counts.get(key, 0) + row["n"]
    return counts


def contribution_place_get(round_: ConsultationRound, contribution_pk: int) -> dict | None:
    """Where the round's page shows contribution `contribution_pk`: {"document": its
    frozen copy (pk, language) or None, "question_id", "paragraph", "before": how many
    contributions of the same place (paragraph, question, or general) come before it on
    the page}. None if the round has no such contribution. Two queries."""
    contribution = (
        Contribution.objects.filter(round=round_, pk=contribution_pk)
        .select_related("document")
        .only("pk", "document_id", "paragraph", "question_id", "created_at", "document__id", "document__language")
        .first()
    )
    if contribution is None:
        return None
    # (`=None` is IS NULL in the ORM: section-level, general ones.)
    same_place = Contribution.objects.filter(
        round=round_,
        document_id=contribution.document_id,
        question_id=contribution.question_id,
        paragraph=contribution.paragraph,
    )
    earlier = Q(created_at__lt=contribution.created_at) | Q(created_at=contribution.created_at, pk__lt=contribution.pk)
    return {
        "document": contribution.document,
        "question_id": contribution.question_id,
        "paragraph": contribution.paragraph,
        "before": same_place.filter(earlier).count(),
    }


def contribution_list_for_user(user):
    """A person's contributions across reviews, newest first, with what the page shows."""
    return (
        Contribution.objects.filter(author=user, channel=Channel.ONLINE)
        .select_related("round__review__country", "document", "question")
        .prefetch_related(
            Prefetch("responses", queryset=ModeratorResponse.objects.order_by("created_at", "pk")), "attachments"
        )
        .order_by("-created_at", "-pk")
    )


def participant_count():
    """An aggregate of distinct participants among contributions: online, one per account;
    received offline (entered by staff, whose account is the author), one per person or
    group named, and each unnamed entry one more."""
    offline = ~Q(channel=Channel.ONLINE)
    return (
        Count("author", distinct=True, filter=Q(channel=Channel.ONLINE))
        + Count("given_by", distinct=True, filter=offline & ~Q(given_by=""))
        + Count("pk", filter=offline & Q(given_by=""))
    )


def contribution_list_offline(round_: ConsultationRound):
    """The contributions staff entered for people who took part offline in `round_`, newest
    first, with who entered them and their files (2 queries whatever their number)."""
    return (
        Contribution.objects.filter(round=round_)
        .exclude(channel=Channel.ONLINE)
        .select_related("entered_by", "declared_category", "document", "question")
        .prefetch_related("attachments")
        .order_by("-received_on", "-created_at", "-pk")
    )


def contributor_display_names(user_ids: list[int]) -> dict[int, str]:
    """The display names public contributors chose, by user id: one query."""
    return dict(ContributorProfile.objects.filter(user_id__in=user_ids).values_list("user_id", "display_name"))


# --- The landing page --------------------------------------------------------------------


def portal_landing_list() -> list[Portal]:
    """What `/` shows the public, for every portal open to the public (several countries
    or reviews may share one server), by country then newest review: each Portal with
    `open_rounds` and `drafts` (its published rounds, open or closed, that have frozen
    documents, each with `documents_list`) and `final_report` (the public final editions,
    per language and format). Four queries whatever the number of portals and rounds."""
    portals = list(
        perms.portal_list_published()
        .select_related("review__country")
        .order_by("review__country__name", "-review__hlpf_year", "pk")
    )
    review_ids = [portal.review_id for portal in portals]
    rounds = list(
        ConsultationRound.objects.filter(review_id__in=review_ids, published_at__isnull=False)
        .prefetch_related(
            Prefetch(
                "documents",
                queryset=RoundDocument.objects.only("pk", "round_id", "title", "language", "position"),
                to_attr="documents_list",
            )
        )
        .order_by("opens_at", "pk")
    )
    editions: dict[int, list] = {}
    for edition in final_edition_list_public_for_reviews(review_ids):
        editions.setdefault(edition.review_id, []).append(edition)
    by_review: dict[int, list[ConsultationRound]] = {}
    for round_ in rounds:
        by_review.setdefault(round_.review_id, []).append(round_)
    for portal in portals:
        mine = by_review.get(portal.review_id, [])
        for round_ in mine:
            round_.review = portal.review
            round_.language_names = [language_label(code) for code in round_.languages]
        portal.open_rounds = [r for r in mine if r.status == "open"]
        portal.drafts = [r for r in mine if r.status in ("open", "closed") and r.documents_list]
        portal.final_report = editions.get(portal.review_id, [])
    return portals


def final_edition_list_public_for_reviews(review_ids: list[int]) -> list:
    """The published report of each review in `review_ids` (see
    reviews.publishing.selectors.final_edition_list_public), each edition with
    `language_name`: one query."""
    editions = final_edition_list_public_many(review_ids=review_ids)
    for edition in editions:
        edition.language_name = language_label(edition.language) if edition.language else ""
    return editions


def final_report_for_review(review: Review) -> list:
    """The published report of `review`: the newest public final edition per language and
    format, each with `language_name` (one query)."""
    return final_edition_list_public_for_reviews([review.pk])


def contributor_about_get(user) -> tuple[ContributorProfile | None, list[Review], dict]:
    """What the "my profile" page edits: the person's profile with its categories, the
    reviews they took part in (by country), and each review's categories (a list, by
    review id). Four queries whatever the number of reviews."""
    profile = (
        ContributorProfile.objects.filter(user=user).prefetch_related("categories").first()
        if user.is_authenticated
        else None
    )
    if profile is None:
        return None, [], {}
    reviews = list(
        Review.objects.filter(rounds__contributions__author=user)
        .select_related("country")
        .distinct()
        .order_by("country__name", "-hlpf_year", "pk")
    )
    categories: dict[int, list[StakeholderCategory]] = {}
    for category in (
        StakeholderCategory.objects.filter(review__in=reviews).only("pk", "name", "review_id").order_by("name")
    ):
        categories.setdefault(category.review_id, []).append(category)
    return profile, reviews, categories
