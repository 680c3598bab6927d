"""The token of what a round's public page shows (`RoundPublicVersion`): changed by every
write that changes it, read with the round. The page's cached parts are keyed on it, so a
write shows at once, in every worker process, whatever the cache backend."""

from __future__ import annotations

import secrets
from collections.abc import Iterable

from ..models import ConsultationRound, RoundPublicVersion


def public_version_bump(round_ids: Iterable[int | None]) -> None:
    """A new token for each of these rounds (made where a round has none yet)."""
    ids = {pk for pk in round_ids if pk is not None}
    if not ids:
        return
    token = secrets.token_hex(16)
    if RoundPublicVersion.objects.filter(round_id__in=ids).update(token=token) == len(ids):
        return
    have = set(RoundPublicVersion.objects.filter(round_id__in=ids).values_list("round_id", flat=True))
    rounds = ConsultationRound.objects.filter(pk__in=ids - have).values_list("pk", flat=True)
    RoundPublicVersion.objects.bulk_create(
        [RoundPublicVersion(round_id=pk, token=token) for pk in rounds], ignore_conflicts=True
    )


def public_version_bump_review(review_id: int | None) -> None:
    """A new token for every round of the review (something every page keyed on its rounds'
    tokens may show changed: the inclusiveness dashboard's categories, activities, survey)."""
    if review_id is not None:
        public_version_bump(ConsultationRound.objects.filter(review_id=review_id).values_list("pk", flat=True))


def public_version_bump_all() -> None:
    """A new token for every round (a person's name changed, or an account was deleted)."""
    RoundPublicVersion.objects.update(token=secrets.token_hex(16))


def public_version_token(round_: ConsultationRound) -> str | None:
    """The round's token when it was loaded with `select_related("public_version")`; None
    when it has none (nothing is cached then)."""
    try:
        return round_.public_version.token
    except RoundPublicVersion.DoesNotExist:
        return None
