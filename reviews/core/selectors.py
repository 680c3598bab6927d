"""Reads reused across views: what a user may see, with its relations loaded."""

from django.db.models import Prefetch, QuerySet

from reviews import rules as perms
from reviews.core.models import MemberRole, Membership, Review
from reviews.core.vnr_names import VnrNames
from vnr_portal.common.compiled import compiled_rows


def review_list_for_user(user) -> QuerySet[Review]:
    """Reviews `user` may view (`perms.reviews_visible_to`: all for a superuser, else those
    they belong to), each with `my_memberships`; country and previous review loaded."""
    reviews = perms.reviews_visible_to(user, Review.objects.select_related("country", "previous_review"))
    return reviews.prefetch_related(
        Prefetch(
            "memberships",
            queryset=Membership.objects.filter(user_id=user.pk).select_related("ministry"),
            to_attr="my_memberships",
        )
    ).order_by("country__name", "-hlpf_year")


def is_coordinator_of_any_review(user) -> bool:
    """Whether `user` coordinates at least one review: settings.TWO_FACTOR_REQUIRED_FOR, which
    vnr_portal.accounts asks (it imports no app) when REQUIRE_2FA_FOR_COORDINATORS is on."""
    if not getattr(user, "is_authenticated", False):
        return False
    return Membership.objects.filter(user_id=user.pk, role=MemberRole.COORDINATOR).exists()


def _chain_rows(country_id):
    return Review.objects.filter(country_id=country_id).values_list("pk", "previous_review_id", "hlpf_year")


def _chain(review: Review) -> dict[int, tuple[int | None, int]]:
    """{pk: (previous pk, year)} of every review of `review`'s country (1 query, compiled
    once: the follow-up pages name the reviews on every visit)."""
    return {pk: (previous, year) for pk, previous, year in compiled_rows(_chain_rows, review.country_id)}


def review_number(review: Review) -> int:
    """The order of `review` in its chain of reviews (`previous_review`): 1 for a review
    that follows none, 2 for the one after it… (1 query, none for a review that follows none)."""
    return vnr_names(review).number


def vnr_names(review: Review) -> VnrNames:
    """How pages name `review` and its previous one, by their order in the chain (1 query,
    none for a review that follows no other; kept on the instance for the next call)."""
    if review.previous_review_id is None:
        return VnrNames(number=1, year=review.hlpf_year)
    cached = getattr(review, "_vnr_names", None)
    if cached is not None and cached[0] == review.previous_review_id:
        return cached[1]
    names = _vnr_names(review)
    review._vnr_names = (review.previous_review_id, names)
    return names


def _vnr_names(review: Review) -> VnrNames:
    chain = _chain(review)
    number, current, seen = 1, review.previous_review_id, {review.pk}
    while current is not None and current in chain and current not in seen:  # no loop is saved; stop anyway
        seen.add(current)
        number += 1
        current = chain[current][0]
    previous_year = chain.get(review.previous_review_id, (None, review.hlpf_year))[1]
    return VnrNames(number=number, year=review.hlpf_year, previous_number=number - 1, previous_year=previous_year)
