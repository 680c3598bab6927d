"""Writes of the institutional self-assessment: set it up (seeded with the default
questions), edit its questions and dates, invite respondents, answer."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from reviews.core.audit import audit_record
from reviews.core.models import MemberRole, Membership, Review
from reviews.core.notifications import notify
from reviews.followup.models.selfassessment import (
    SCALE_MAX,
    SCALE_MIN,
    SelfAssessment,
    SelfAssessmentAnswer,
    SelfAssessmentQuestion,
    SelfAssessmentRespondent,
    default_questions,
)
from reviews.followup.selfassessment_respondents import respondent_groups

FOCAL_POINTS = "focal_points"


def _check_dates(opens_on, closes_on) -> None:
    if opens_on and closes_on and closes_on < opens_on:
        raise ValidationError({"closes_on": _("The questionnaire cannot close before it opens.")})


@transaction.atomic
def selfassessment_create(
    *, actor, review: Review, opens_on: datetime.date, closes_on: datetime.date, first_vnr_arrangements: str = ""
) -> SelfAssessment:
    """The review's questionnaire, seeded with the default questions in the active language."""
    if SelfAssessment.objects.filter(review=review).exists():
        raise ValidationError(_("This review already has a self-assessment."))
    _check_dates(opens_on, closes_on)
    assessment = SelfAssessment(
        review=review, opens_on=opens_on, closes_on=closes_on, first_vnr_arrangements=first_vnr_arrangements
    )
    assessment.full_clean()
    assessment.save()
    SelfAssessmentQuestion.objects.bulk_create(
        SelfAssessmentQuestion(assessment=assessment, position=n, text=text)
        for n, text in enumerate(default_questions(), start=1)
    )
    audit_record(review=review, actor=actor, action="selfassessment.create", summary=_("Self-assessment set up"))
    return assessment


@transaction.atomic
def selfassessment_update(
    *, actor, assessment: SelfAssessment, opens_on, closes_on, first_vnr_arrangements: str
) -> SelfAssessment:
    _check_dates(opens_on, closes_on)
    assessment.opens_on = opens_on
    assessment.closes_on = closes_on
    assessment.first_vnr_arrangements = first_vnr_arrangements
    assessment.full_clean()
    assessment.save()
    audit_record(
        review=assessment.review,
        actor=actor,
        action="selfassessment.change",
        summary=_("Self-assessment: dates or first VNR's arrangements changed"),
    )
    return assessment


@transaction.atomic
def question_save(*, actor, assessment: SelfAssessment, question: SelfAssessmentQuestion) -> SelfAssessmentQuestion:
    created = question.pk is None
    question.assessment = assessment
    if created:
        last = assessment.questions.order_by("-position").values_list("position", flat=True).first()
        question.position = (last or 0) + 1
    question.full_clean()
    question.save()
    audit_record(
        review=assessment.review,
        actor=actor,
        action="selfassessment.question_add" if created else "selfassessment.question_change",
        summary=_("Self-assessment question: %(text)s") % {"text": question.text},
    )
    return question


@transaction.atomic
def question_delete(*, actor, question: SelfAssessmentQuestion) -> None:
    """Remove a question nobody has answered yet (answers are never lost)."""
    if question.answers.exists():
        raise ValidationError(_("This question has answers already: it can be reworded, not removed."))
    review = question.assessment.review
    text = question.text
    question.delete()
    audit_record(
        review=review,
        actor=actor,
        action="selfassessment.question_delete",
        summary=_("Self-assessment question removed: %(text)s") % {"text": text},
    )


def invitable_groups(review: Review) -> list[tuple[str, str, list]]:
    """Every group that can be invited: (key, label, users). Members by role, the
    ministries' focal points, then the providers' groups (stakeholder groups)."""
    memberships = list(
        Membership.objects.filter(review=review, user__is_active=True).select_related("user").order_by("user_id")
    )
    groups = []
    for role in MemberRole:
        if role == MemberRole.FOCAL_POINT:
            continue
        users = [m.user for m in memberships if m.role == role]
        if users:
            groups.append((f"role:{role.value}", str(role.label), users))
    focal = [m.user for m in memberships if m.role == MemberRole.FOCAL_POINT]
    if focal:
        groups.append((FOCAL_POINTS, _("Ministries' focal points"), focal))
    groups.extend((group.key, group.label, group.users) for group in respondent_groups(review))
    return groups


@transaction.atomic
def respondents_invite(*, actor, assessment: SelfAssessment, group_keys: list[str]) -> int:
    """Invite the people of the chosen groups; someone already invited keeps their first
    group. Returns how many were added."""
    if not group_keys:
        raise ValidationError({"groups": _("Choose at least one group.")})
    available = {key: (label, users) for key, label, users in invitable_groups(assessment.review)}
    unknown = [key for key in group_keys if key not in available]
    if unknown:
        raise ValidationError({"groups": _("This group is not part of the review.")})
    invited = set(assessment.respondents.values_list("user_id", flat=True))
    rows = []
    for key in group_keys:
        label, users = available[key]
        for user in users:
            if user.pk in invited:
                continue
            invited.add(user.pk)
            rows.append(SelfAssessmentRespondent(assessment=assessment, user=user, group=key, group_label=label[:200]))
    SelfAssessmentRespondent.objects.bulk_create(rows)
    # Each new respondent is told in-app and by e-mail (in their language), with the link.
    notify(
        users=[row.user for row in rows],
        review=assessment.review,
        kind="other",
        message=lambda: (
            _("You are invited to answer the institutional self-assessment of “%(review)s” by %(date)s.")
            % {"review": assessment.review.title, "date": date_format(assessment.closes_on)}
        ),
        url=reverse("reviews:followup-selfassessment-respond", args=[assessment.review_id]),
        key=f"selfassessment:invite:{assessment.pk}",
    )
    audit_record(
        review=assessment.review,
        actor=actor,
        action="selfassessment.invite",
        summary=ngettext(
            "Self-assessment: %(count)s respondent invited", "Self-assessment: %(count)s respondents invited", len(rows)
        )
        % {"count": len(rows)},
        data={"groups": group_keys},
    )
    return len(rows)


@transaction.atomic
def selfassessment_answer(
    *, actor, assessment: SelfAssessment, answers: dict, today: datetime.date | None = None
) -> SelfAssessmentRespondent:
    """Save the respondent's answers ({question id: (score or None for "don't know",
    comment)}). One set of answers per respondent, changed in place until the close; refused
    before the opening and after the close, and for a score outside the scale (at the
    question's field, `q<id>_score`)."""
    today = today or timezone.localdate()
    respondent = SelfAssessmentRespondent.objects.select_for_update().filter(assessment=assessment, user=actor).first()
    if respondent is None:
        raise ValidationError(_("You are not invited to answer this questionnaire."))
    if today < assessment.opens_on:
        raise ValidationError(_("The questionnaire is not open yet."))
    if today > assessment.closes_on:
        raise ValidationError(_("The questionnaire has closed: answers can no longer be given or changed."))
    questions = {q.pk: q for q in assessment.questions.all()}
    errors = {}
    for question_id, (score, _comment) in answers.items():
        if question_id not in questions:
            errors["__all__"] = [_("This question is not part of the questionnaire.")]
        elif score is not None and not (SCALE_MIN <= score <= SCALE_MAX):
            errors[f"q{question_id}_score"] = [
                _("Choose a score from %(min)s to %(max)s, or “don't know”.") % {"min": SCALE_MIN, "max": SCALE_MAX}
            ]
    if errors:
        raise ValidationError(errors)
    existing = {a.question_id: a for a in respondent.answers.all()}
    for question_id, (score, comment) in answers.items():
        answer = existing.get(question_id) or SelfAssessmentAnswer(respondent=respondent, question_id=question_id)
        answer.score = score
        answer.comment = (comment or "").strip()
        answer.full_clean()
        answer.save()
    first = respondent.answered_at is None
    respondent.answered_at = timezone.now()
    respondent.save(update_fields=["answered_at"])
    audit_record(
        review=assessment.review,
        actor=actor,
        action="selfassessment.answer" if first else "selfassessment.answer_change",
        summary=_("Self-assessment answered") if first else _("Self-assessment answers changed"),
    )
    return respondent
