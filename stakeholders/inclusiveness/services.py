"""Writes of inclusiveness: the first VNR's baseline figures, and a participant's answer
to the survey after a round."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from reviews.core.audit import audit_record
from stakeholders import rules as perms
from stakeholders.registry.models import StakeholderCategory
from stakeholders.rounds.models import ConsultationRound

from .models import EngagementBaseline, SurveyResponse
from .selectors import survey_has_answered


@transaction.atomic
def baseline_save(
    *,
    actor,
    review,
    participants: int | None = None,
    contributions: int | None = None,
    organisations: int | None = None,
    felt_heard_percent: int | None = None,
    source: str = "",
    by_category: list[dict] | None = None,
    feedback: str = "",
) -> EngagementBaseline:
    """Enter or change the first VNR's engagement for `review`: its figures, who took part
    by category ([{"name", "participants"}]) and what they said of it. Audited."""
    if felt_heard_percent is not None and not 0 <= felt_heard_percent <= 100:
        raise ValidationError({"felt_heard_percent": _("A share between 0 and 100.")})
    baseline = EngagementBaseline.objects.select_for_update().filter(review=review).first() or EngagementBaseline(
        review=review
    )
    baseline.participants = participants
    baseline.contributions = contributions
    baseline.organisations = organisations
    baseline.felt_heard_percent = felt_heard_percent
    baseline.source = (source or "").replace("\x00", "").strip()
    baseline.by_category = _categories(by_category)
    baseline.feedback = (feedback or "").replace("\x00", "").strip()
    baseline.full_clean()
    baseline.save()
    audit_record(
        review=review,
        actor=actor,
        action="stakeholders.baseline",
        summary=_("Engagement baseline of the first VNR entered"),
        data={
            "participants": participants,
            "contributions": contributions,
            "organisations": organisations,
            "felt_heard_percent": felt_heard_percent,
            "by_category": baseline.by_category,
        },
    )
    return baseline


def _categories(rows) -> list[dict]:
    """The rows as stored: a name (120 characters at most) and a count, names unique."""
    cleaned, seen = [], set()
    for row in rows or []:
        name = str(row.get("name", "")).replace("\x00", "").strip()
        count = row.get("participants")
        if not name or len(name) > 120 or not isinstance(count, int) or not 0 <= count <= 100_000_000:
            raise ValidationError({"by_category": _("Each category needs a name and a whole number of participants.")})
        if name.casefold() in seen:
            raise ValidationError({"by_category": _("“%(name)s” is listed twice.") % {"name": name}})
        seen.add(name.casefold())
        cleaned.append({"name": name, "participants": count})
    return cleaned


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
    if not perms.can_answer_survey.test(user, round):
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
