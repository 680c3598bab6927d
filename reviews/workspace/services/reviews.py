"""Creating reviews, their cycle planner (milestones and the preparation checklist)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from reviews.core.audit import audit_record
from reviews.core.models import MemberRole, Membership, Review, Stage
from reviews.drafting.services.outline import outline_create_default
from reviews.drafting.services.votes import vote_restart_for_change
from reviews.workspace.models import Milestone, Task
from reviews.workspace.presets import HANDBOOK_TASKS, MILESTONE_PRESETS
from reviews.workspace.services.members import membership_grant


def _milestone_date(hlpf_year: int, preset: tuple[int, int, int]) -> datetime.date:
    month, day, offset = preset
    return datetime.date(hlpf_year + offset, month, day)


def _check_previous_review(*, country_id: int, previous: Review | None, hlpf_year: int) -> None:
    if previous is None:
        return
    if previous.country_id != country_id:
        raise ValidationError({"previous_review": _("The previous VNR must be a review of the same country.")})
    if previous.hlpf_year >= hlpf_year:
        raise ValidationError({"previous_review": _("The previous VNR must have been presented before this one.")})


def _make_creator_coordinator(*, actor, review: Review) -> None:
    # A superuser sets reviews up for others and invites their coordinators instead.
    if not actor.is_superuser:
        membership_grant(actor=actor, review=review, user=actor, role=MemberRole.COORDINATOR)


@transaction.atomic
def review_create(
    *,
    actor,
    country,
    title: str,
    hlpf_year: int,
    languages: list[str],
    previous_review: Review | None = None,
) -> Review:
    """Create a review in preparation with its preset milestones and checklist.

    The creator becomes its first coordinator (unless a superuser); both are recorded in
    the audit log.
    """
    _check_previous_review(country_id=country.pk, previous=previous_review, hlpf_year=hlpf_year)
    review = Review(
        country=country,
        title=title,
        hlpf_year=hlpf_year,
        languages=list(languages),
        previous_review=previous_review,
        stage=Stage.PREPARATION,
    )
    review.full_clean()
    review.save()
    for kind, title_text, preset in MILESTONE_PRESETS:
        Milestone.objects.create(
            review=review, kind=kind, title=title_text, due_date=_milestone_date(hlpf_year, preset)
        )
    report_due = _milestone_date(hlpf_year, MILESTONE_PRESETS[2][2])
    Task.objects.bulk_create(
        Task(
            review=review,
            stage=stage,
            title=text,  # the preset's msgid: shown translated while unchanged
            due_date=report_due - datetime.timedelta(weeks=weeks),
            position=index,
        )
        for index, (stage, text, weeks) in enumerate(HANDBOOK_TASKS)
    )
    audit_record(review=review, actor=actor, action="review.create", summary=str(review))
    _make_creator_coordinator(actor=actor, review=review)
    outline_create_default(actor=actor, review=review)
    return review


@transaction.atomic
def review_record_create(*, actor, country, title: str, hlpf_year: int, published_pdf=None) -> Review:
    """Record a past review (e.g. the first VNR) with its published PDF."""
    review = Review(
        country=country,
        title=title,
        hlpf_year=hlpf_year,
        languages=[],
        stage=Stage.PUBLISHED,
        is_record=True,
    )
    if published_pdf is not None:
        review.published_pdf = published_pdf
    review.full_clean()
    review.save()
    audit_record(review=review, actor=actor, action="review.record", summary=str(review))
    _make_creator_coordinator(actor=actor, review=review)
    return review


# What the council approves with the text: the report's title, and the year and the
# language its cover shows. Read-only while the report is frozen.
REPORT_FIELDS = ("title", "hlpf_year", "languages")
REPORT_FIELD_FROZEN = gettext_noop(
    "The council approved the report with this value: it cannot change until a coordinator reopens the report."
)


@transaction.atomic
def review_update(*, actor, review: Review, **fields) -> Review:
    """Change a review's title, year, languages, stage or previous VNR.

    The title, year and languages are refused (at their fields) while the report is
    frozen; changing them while the council votes voids the vote
    (`vote_restart_for_change`). `review` may already carry the new values (a ModelForm's
    instance): the stored row is what they are compared with.
    """
    stored = Review.objects.select_for_update().values("frozen_at", *REPORT_FIELDS).get(pk=review.pk)
    changed_report = [name for name in REPORT_FIELDS if name in fields and fields[name] != stored[name]]
    if changed_report and stored["frozen_at"] is not None:
        raise ValidationError({name: _(REPORT_FIELD_FROZEN) for name in changed_report})
    previous = fields.get("previous_review", review.previous_review)
    year = fields.get("hlpf_year", review.hlpf_year)
    _check_previous_review(country_id=review.country_id, previous=previous, hlpf_year=year)
    if previous is not None and previous.pk == review.pk:
        raise ValidationError({"previous_review": _("A review cannot follow itself.")})
    old_stage = review.stage
    for name, value in fields.items():
        setattr(review, name, value)
    review.full_clean()
    review.save()
    if review.stage != old_stage:
        audit_record(
            review=review,
            actor=actor,
            action="review.stage",
            summary=_("Stage changed from %(old)s to %(new)s")
            % {"old": Stage(old_stage).label, "new": review.get_stage_display()},
        )
    if changed_report:
        audit_record(
            review=review,
            actor=actor,
            action="review.report_fields",
            summary=_("The report's title, year or languages changed"),
            data={name: {"old": stored[name], "new": fields[name]} for name in changed_report},
        )
        vote_restart_for_change(
            actor=actor, review=review, change=lambda: _("the report's title, year or languages changed")
        )
    return review


@transaction.atomic
def milestone_save(*, actor, milestone: Milestone) -> Milestone:
    milestone.full_clean()
    milestone.save()
    return milestone


@transaction.atomic
def task_save(*, actor, task: Task) -> Task:
    if task.owner_id and not Membership.objects.filter(review_id=task.review_id, user_id=task.owner_id).exists():
        raise ValidationError({"owner": _("The owner must be a member of this review.")})
    task.full_clean()
    task.save()
    return task


@transaction.atomic
def task_toggle(*, actor, task: Task, today: datetime.date) -> Task:
    task.done_on = None if task.done_on else today
    task.save(update_fields=["done_on"])
    return task
