"""The report's outline: the Handbook's default sections, and coordinators reshaping it."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from indicators.models import Goal
from reviews.core.audit import audit_record
from reviews.core.models import Review
from reviews.core.selectors import vnr_names
from reviews.drafting.models import Section, SectionKind
from reviews.drafting.selectors.outline import editor_list_candidates, section_get_removal_impact
from reviews.drafting.services.votes import vote_restart_for_change

# The outline the UN VNR Handbook recommends: (kind, title, children titles). Goal
# chapters get one child per goal, built from the SDG framework.
HANDBOOK_OUTLINE = [
    (SectionKind.OPENING, gettext_noop("Opening statement"), []),
    (SectionKind.HIGHLIGHTS, gettext_noop("Highlights"), []),
    (SectionKind.INTRODUCTION, gettext_noop("Introduction"), []),
    (SectionKind.METHODOLOGY, gettext_noop("Methodology and process of preparation of the review"), []),
    (
        SectionKind.POLICY,
        gettext_noop("Policy and enabling environment"),
        [
            gettext_noop("Creating ownership of the Sustainable Development Goals and the VNR"),
            gettext_noop("Incorporation of the Goals in national frameworks"),
            gettext_noop("Integration of the three dimensions of sustainable development"),
            gettext_noop("Leaving no one behind"),
            gettext_noop("Institutional mechanisms"),
            gettext_noop("Structural issues"),
        ],
    ),
    (SectionKind.GOAL, gettext_noop("Progress on goals and targets"), None),
    (SectionKind.MEANS, gettext_noop("Means of implementation"), []),
    (
        SectionKind.FIRST_TO_SECOND,
        gettext_noop("From the first to the second VNR"),
        [gettext_noop("Lessons learned"), gettext_noop("Next steps")],
    ),
    (SectionKind.CONCLUSION, gettext_noop("Conclusion and next steps"), []),
    (SectionKind.ANNEX, gettext_noop("Annexes"), []),
]

MAX_DEPTH_MESSAGE = gettext_noop("Sections have two levels at most: choose a top-level section as the parent.")
FROZEN_MESSAGE = gettext_noop(
    "The council approved the report and it is frozen: its outline cannot change until a coordinator reopens it."
)


def _check_not_frozen(review: Review) -> None:
    # Read afresh: the council's vote may have closed since the review was loaded.
    if Review.objects.filter(pk=review.pk).exclude(frozen_at=None).exists():
        raise ValidationError(_(FROZEN_MESSAGE))


def goal_section_title(goal: Goal) -> str:
    short = goal.short_title.get("en") or goal.title.get("en") or ""
    return _("Goal %(number)s: %(title)s") % {"number": goal.number, "title": short}


@transaction.atomic
def outline_create_default(*, actor, review: Review) -> list[Section]:
    """Give `review` the Handbook's outline; does nothing when it has sections already.

    Goal chapters are children of "Progress on goals and targets", one per goal loaded
    in the SDG framework (none when the framework is not loaded yet). Not audited: it
    comes with the review's creation, which is.
    """
    if review.sections.exists():
        return []
    created = []
    goals = list(Goal.objects.order_by("number"))
    for position, (kind, title, children) in enumerate(HANDBOOK_OUTLINE):
        parent_kind = SectionKind.OTHER if kind == SectionKind.GOAL else kind
        # The follow-up chapter is named by the reviews' order: "From the second to the third VNR".
        shown = vnr_names(review).chapter_title if kind == SectionKind.FIRST_TO_SECOND else _(title)
        parent = Section.objects.create(review=review, kind=parent_kind, title=shown, position=position)
        created.append(parent)
        if children is None:
            for index, goal in enumerate(goals):
                created.append(
                    Section.objects.create(
                        review=review,
                        parent=parent,
                        kind=SectionKind.GOAL,
                        goal=goal,
                        title=goal_section_title(goal),
                        position=index,
                    )
                )
        else:
            for index, child in enumerate(children):
                created.append(
                    Section.objects.create(review=review, parent=parent, kind=kind, title=_(child), position=index)
                )
    return created


def _siblings(section: Section):
    return Section.objects.filter(review_id=section.review_id, parent_id=section.parent_id).order_by("position", "pk")


def _check_parent(*, review: Review, parent: Section | None) -> None:
    if parent is None:
        return
    if parent.review_id != review.pk:
        raise ValidationError({"parent": _("This section belongs to another review.")})
    if parent.parent_id is not None:
        raise ValidationError({"parent": _(MAX_DEPTH_MESSAGE)})
    if parent.is_main_messages:
        raise ValidationError({"parent": _("The main messages have no sub-sections.")})


@transaction.atomic
def section_add(
    *, actor, review: Review, title: str, parent: Section | None = None, kind: str = SectionKind.OTHER
) -> Section:
    """Add a section at the end of the top level or of a top-level section's children.

    A third level is refused at the `parent` field; refused when the report is frozen.
    Audited; voids an open council vote (`vote_restart_for_change`).
    """
    _check_not_frozen(review)
    _check_parent(review=review, parent=parent)
    siblings = Section.objects.filter(review=review, parent=parent).order_by("-position")
    last = siblings.values_list("position", flat=True).first()
    position = 0 if last is None else last + 1
    section = Section(review=review, parent=parent, title=title, kind=kind, position=position)
    section.full_clean()
    section.save()
    audit_record(
        review=review, actor=actor, action="section.add", summary=_("Section added: %(title)s") % {"title": title}
    )
    vote_restart_for_change(
        actor=actor, review=review, change=lambda: _("the section “%(title)s” was added") % {"title": title}
    )
    return section


@transaction.atomic
def section_move(*, actor, section: Section, direction: str) -> bool:
    """Swap `section` with its previous ("up") or next ("down") sibling.

    Returns False when it is already first/last. Positions of the siblings are renumbered
    0..n-1 so that gaps and ties left by deletions never block a move. Refused when the
    report is frozen; audited; voids an open council vote.
    """
    if direction not in ("up", "down"):
        raise ValidationError({"direction": _("Choose up or down.")})
    _check_not_frozen(section.review)
    siblings = list(_siblings(section).select_for_update())
    index = next(i for i, sibling in enumerate(siblings) if sibling.pk == section.pk)
    other = index - 1 if direction == "up" else index + 1
    if other < 0 or other >= len(siblings):
        return False
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, sibling in enumerate(siblings):
        sibling.position = position
    Section.objects.bulk_update(siblings, ["position"])
    title = section.title
    audit_record(
        review=section.review,
        actor=actor,
        action="section.move",
        summary=_("Section moved %(direction)s: %(title)s")
        % {"direction": _("up") if direction == "up" else _("down"), "title": title},
        data={"section": section.pk, "direction": direction},
    )
    vote_restart_for_change(
        actor=actor, review=section.review, change=lambda: _("the section “%(title)s” was moved") % {"title": title}
    )
    return True


@transaction.atomic
def section_update(
    *,
    actor,
    section: Section,
    title: str,
    editors,
    due_date: datetime.date | None,
    word_limit: int | None,
) -> Section:
    """Rename a section and set its editors, due date and word limit.

    Editors must hold the editor role in the section's review. Refused when the report
    is frozen. Audited; a new title voids an open council vote.
    """
    _check_not_frozen(section.review)
    editors = list(editors)
    allowed = set(editor_list_candidates(section.review).values_list("pk", flat=True))
    strangers = [user for user in editors if user.pk not in allowed]
    if strangers:
        raise ValidationError({"editors": _("Only members with the editor role can be given a section.")})
    old_title = section.title
    section.title = title
    section.due_date = due_date
    section.word_limit = word_limit
    section.full_clean()
    section.save(update_fields=["title", "due_date", "word_limit"])
    section.editors.set(editors)
    audit_record(
        review=section.review,
        actor=actor,
        action="section.update",
        summary=_("Section settings changed: %(title)s") % {"title": title},
        data={"section": section.pk, "editors": sorted(user.pk for user in editors)},
    )
    if title != old_title:
        vote_restart_for_change(
            actor=actor,
            review=section.review,
            change=lambda: _("the section “%(old)s” was renamed “%(new)s”") % {"old": old_title, "new": title},
        )
    return section


@transaction.atomic
def section_remove(*, actor, section: Section) -> None:
    """Delete a section with its sub-sections, revisions, comments and images. Refused
    when the report is frozen. Audited; voids an open council vote."""
    review = section.review
    _check_not_frozen(review)
    impact = section_get_removal_impact(section)
    title = section.title
    section.delete()
    audit_record(
        review=review,
        actor=actor,
        action="section.remove",
        summary=_("Section removed: %(title)s (%(words)s words, %(revisions)s revisions)") % {"title": title, **impact},
        data=impact,
    )
    vote_restart_for_change(
        actor=actor, review=review, change=lambda: _("the section “%(title)s” was removed") % {"title": title}
    )
