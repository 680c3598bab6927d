"""The short survey after a round: did the participants feel heard?"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from ..models import ConsultationRound, Contribution, StakeholderCategory, SurveyResponse


def survey_has_answered(*, round: ConsultationRound, user) -> bool:
    return user.is_authenticated and SurveyResponse.objects.filter(round=round, user=user).exists()


def survey_may_answer(*, round: ConsultationRound, user) -> bool:
    """A signed-in person who contributed to the round (their answer is about being heard
    in it): from their first contribution on, and after the round has closed."""
    return user.is_authenticated and Contribution.objects.filter(round=round, author=user).exists()


@transaction.atomic
def survey_answer(
    *,
    user,
    round: ConsultationRound,
    felt_heard: int,
    process_clear: int,
    would_take_part_again: bool,
    comment: str = "",
    declared_category: StakeholderCategory | None = None,
) -> SurveyResponse:
    """Record `user`'s one answer for `round`. Refused (ValidationError) for someone who
    did not contribute, for a second answer, or for values out of range."""
    if not survey_may_answer(round=round, user=user):
        raise ValidationError(_("Only people who contributed to this round are asked about it."))
    if declared_category is not None and declared_category.review_id != round.review_id:
        raise ValidationError({"declared_category": _("Choose one of the categories offered.")})
    response = SurveyResponse(
        round=round,
        user=user,
        felt_heard=felt_heard,
        process_clear=process_clear,
        would_take_part_again=would_take_part_again,
        comment=(comment or "").replace("\x00", "").strip(),
        declared_category=declared_category,
    )
    response.full_clean(exclude=["round", "user", "declared_category"], validate_constraints=False)
    if survey_has_answered(round=round, user=user):
        raise ValidationError(_("You have already answered this survey: thank you, one answer per person is counted."))
    try:
        with transaction.atomic():
            response.save()
    except IntegrityError as error:  # answered at the same moment in another tab
        raise ValidationError(
            _("You have already answered this survey: thank you, one answer per person is counted.")
        ) from error
    return response
