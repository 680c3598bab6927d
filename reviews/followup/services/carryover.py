"""Carry-over: starting a review from the previous one, part by part, and recording a first
VNR that was made outside the portal.

`carryover_apply` runs the parts the coordinator chose (the registry in
`reviews.followup.carryover`), each refused when the new review already holds it, each
audited (`followup.carryover`, with the part's key and how many rows it copied). The
previous review is only read. The copiers of workspace's and drafting's parts live here;
reporting's in `reviews/reporting/carryover.py`, stakeholders' in
`stakeholders/registry/carryover.py`.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from reviews.core.audit import audit_record
from reviews.core.models import MemberRole, Membership, Review
from reviews.core.selectors import vnr_names
from reviews.drafting.models import Section, SectionKind
from reviews.drafting.services.sections import section_save
from reviews.followup.carryover import carryover_part, register_carryover_part
from reviews.followup.models.carryover import PastReviewContent
from reviews.followup.selectors.carryover import AUDIT_ACTION, recorded_chapter_lines
from reviews.workspace.models import GoalAssignment, Invitation, Ministry
from reviews.workspace.services.invitations import invitation_create
from reviews.workspace.services.reviews import review_record_create
from vnr_portal.accounts.selectors import supported_language


@dataclass(frozen=True)
class CarryoverResult:
    key: str
    label: str
    count: int = 0
    refused: str = ""


# --- Workspace and drafting parts ---------------------------------------------------------


def ministries_have_content(review: Review) -> bool:
    return review.ministries.exists()


def ministries_copy(source: Review, target: Review, actor) -> int:
    """Copy the ministries, then their divisions (names, acronyms, focal points' contacts)."""
    copied = {}
    rows = list(source.ministries.order_by("parent_id", "pk"))
    for ministry in sorted(rows, key=lambda m: m.parent_id is not None):
        copied[ministry.pk] = Ministry.objects.create(
            review=target,
            parent=copied.get(ministry.parent_id),
            name=ministry.name,
            acronym=ministry.acronym,
            focal_point_name=ministry.focal_point_name,
            focal_point_email=ministry.focal_point_email,
        )
    return len(copied)


def matrix_has_content(review: Review) -> bool:
    return review.assignments.exists()


def matrix_copy(source: Review, target: Review, actor) -> int:
    """Copy the role matrix onto the target's ministries of the same names."""
    by_name = {ministry.name: ministry for ministry in target.ministries.all()}
    cells = [
        GoalAssignment(review=target, ministry=by_name[cell.ministry.name], goal_id=cell.goal_id, role=cell.role)
        for cell in source.assignments.select_related("ministry")
        if cell.ministry.name in by_name
    ]
    GoalAssignment.objects.bulk_create(cells)
    return len(cells)


def outline_has_content(review: Review) -> bool:
    """Someone wrote in the outline: a section with text or a revision."""
    return review.sections.filter(version__gt=0).exists() or review.sections.exclude(content="").exists()


def _outline_copy(source: Review, target: Review, actor, *, with_text: bool) -> int:
    rows = list(source.sections.order_by("parent_id", "position", "pk"))
    chapters = recorded_chapter_lines(source) if source.is_record and not rows else []
    if not rows and not chapters:
        return 0  # nothing to take: the new review keeps its default outline
    # The new review's untouched default outline gives way to the previous one's.
    target.sections.all().delete()
    if chapters:
        # A first VNR made outside the portal: its recorded chapters, as top-level sections.
        Section.objects.bulk_create(
            Section(review=target, title=title[:300], position=position) for position, title in enumerate(chapters)
        )
        return len(chapters)
    copied: dict[int, Section] = {}
    # The chapter "From the first to the second VNR" is named again by the new review's
    # order ("From the second to the third VNR"), unless someone renamed it.
    default_titles = {vnr_names(source).chapter_title, "From the first to the second VNR"}
    for section in sorted(rows, key=lambda s: s.parent_id is not None):
        title = section.title
        if section.kind == SectionKind.FIRST_TO_SECOND and section.parent_id is None and title in default_titles:
            title = vnr_names(target).chapter_title
        copied[section.pk] = Section.objects.create(
            review=target,
            parent=copied.get(section.parent_id),
            position=section.position,
            kind=section.kind,
            goal_id=section.goal_id,
            title=title,
            word_limit=section.word_limit,
        )
        if with_text and section.content:
            section_save(actor=actor, section=copied[section.pk], content=section.content, base_version=0)
    return len(copied)


def outline_copy(source: Review, target: Review, actor) -> int:
    """The sections' structure and titles (and word limits), without their text."""
    return _outline_copy(source, target, actor, with_text=False)


def outline_with_text_copy(source: Review, target: Review, actor) -> int:
    """The sections' structure, titles and text (the text as the first revision)."""
    return _outline_copy(source, target, actor, with_text=True)


def members_reinvite(source: Review, target: Review, actor) -> int:
    """Invite the previous review's members again (never a membership granted silently).

    One invitation per person with their roles; a focal point keeps the ministry of the
    same name when the new review has it (else the role is left out). People who are
    already members of the new review or hold a pending invitation, and the actor, are
    skipped.
    """
    already = set(Membership.objects.filter(review=target).values_list("user_id", flat=True))
    pending = {
        email.lower()
        for email in Invitation.objects.filter(
            review=target, accepted_at__isnull=True, revoked_at__isnull=True
        ).values_list("email", flat=True)
    }
    ministries = {ministry.name: ministry for ministry in target.ministries.all()}
    people: dict[int, dict] = {}
    for membership in source.memberships.select_related("user", "user__profile", "ministry"):
        user = membership.user
        if user.pk == getattr(actor, "pk", None) or user.pk in already or not user.email:
            continue
        entry = people.setdefault(user.pk, {"user": user, "roles": [], "ministry": None})
        if membership.role == MemberRole.FOCAL_POINT:
            ministry = ministries.get(membership.ministry.name) if membership.ministry else None
            if ministry is None or entry["ministry"] is not None:
                continue
            entry["ministry"] = ministry
        entry["roles"].append(membership.role)
    count = 0
    for entry in people.values():
        user = entry["user"]
        if not entry["roles"] or user.email.lower() in pending:
            continue
        profile = getattr(user, "profile", None)
        try:
            invitation_create(
                actor=actor,
                review=target,
                email=user.email,
                roles=entry["roles"],
                ministry=entry["ministry"],
                language=supported_language(getattr(profile, "language", None)),
            )
        except ValidationError:
            continue  # an address the invitations refuse (checked before anything is written)
        count += 1
    return count


def register_builtin_parts() -> None:
    """Followup's own parts (called by `ReviewsConfig.ready()`)."""
    register_carryover_part(
        "ministries",
        gettext_lazy("Ministries and divisions"),
        ministries_copy,
        10,
        has_content=ministries_have_content,
        help_text=gettext_lazy("Their names, acronyms and focal points' contacts."),
    )
    register_carryover_part(
        "matrix",
        gettext_lazy("The role matrix"),
        matrix_copy,
        20,
        has_content=matrix_has_content,
        help_text=gettext_lazy("Which ministry leads each goal; needs the ministries."),
        requires=("ministries",),
    )
    register_carryover_part(
        "outline",
        gettext_lazy("The outline: sections and titles"),
        outline_copy,
        40,
        has_content=outline_has_content,
        help_text=gettext_lazy("Replaces the new review's default outline; the sections start empty."),
    )
    register_carryover_part(
        "outline_text",
        gettext_lazy("The outline with the sections' text"),
        outline_with_text_copy,
        41,
        has_content=outline_has_content,
        help_text=gettext_lazy("As above, and each section starts from the previous review's text."),
    )
    register_carryover_part(
        "members",
        gettext_lazy("Members, invited again"),
        members_reinvite,
        90,
        help_text=gettext_lazy(
            "Each person gets an invitation with their roles and accepts it; nobody becomes a member without it."
        ),
    )


# --- Carrying over -------------------------------------------------------------------------

EXCLUSIVE = [("outline", "outline_text")]


@transaction.atomic
def carryover_apply(*, actor, review: Review, parts: list[str]) -> list[CarryoverResult]:
    """Carry the chosen `parts` of `review.previous_review` over into `review`.

    A part the review already holds is refused (listed with the reason, nothing written);
    the others are copied in the registry's order and audited one entry each. The previous
    review is only read.
    """
    # One carry-over at a time per review: a second one waits, then sees the first's rows.
    Review.objects.select_for_update().filter(pk=review.pk).first()
    source = review.previous_review
    if source is None:
        raise ValidationError(
            {"parts": _("This review does not follow a previous VNR: there is nothing to carry over.")}
        )
    if review.is_record:
        raise ValidationError({"parts": _("A past review's record takes nothing over.")})
    chosen = [carryover_part(key) for key in dict.fromkeys(parts)]
    if not parts or None in chosen:
        raise ValidationError({"parts": _("Choose at least one of the listed parts.")})
    for first, second in EXCLUSIVE:
        if first in parts and second in parts:
            raise ValidationError({"parts": _("Choose the outline either with or without its text, not both.")})
    results = []
    done: set[str] = set()
    for part in sorted(chosen, key=lambda p: (p.order, p.key)):
        if part.has_content(review):
            results.append(
                CarryoverResult(
                    key=part.key,
                    label=str(part.label),
                    refused=_("The new review already has this part; nothing was copied, nothing was lost."),
                )
            )
            continue
        missing = [key for key in part.requires if key not in done and not _part_present(key, review)]
        if missing:
            results.append(
                CarryoverResult(
                    key=part.key,
                    label=str(part.label),
                    refused=_("Carry over %(parts)s first.")
                    % {"parts": ", ".join(str(carryover_part(key).label) for key in missing if carryover_part(key))},
                )
            )
            continue
        count = part.copier(source, review, actor)
        done.add(part.key)
        audit_record(
            review=review,
            actor=actor,
            action=AUDIT_ACTION,
            summary=_("Carried over from %(previous)s: %(part)s (%(count)s)")
            % {"previous": source.title, "part": part.label, "count": count},
            data={"part": part.key, "count": count, "from_review": source.pk},
        )
        results.append(CarryoverResult(key=part.key, label=str(part.label), count=count))
    return results


def _part_present(key: str, review: Review) -> bool:
    part = carryover_part(key)
    return part is not None and part.has_content(review)


# --- Recording a first VNR made outside the portal ----------------------------------------


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


MAX_LINES = 300


@transaction.atomic
def past_review_record(
    *, actor, country, title: str, hlpf_year: int, published_pdf=None, chapters: str = "", commitments: str = ""
) -> Review:
    """Record a VNR made outside the portal: its year, title, PDF, chapters and commitments.

    The chapters and commitments are kept as lines (`PastReviewContent`); the commitments
    register reads them with `recorded_commitment_lines(review)`.
    """
    chapter_lines, commitment_lines = _lines(chapters), _lines(commitments)
    errors = {}
    for name, lines in (("chapters", chapter_lines), ("commitments", commitment_lines)):
        if len(lines) > MAX_LINES:
            errors[name] = ngettext("At most %(max)s line.", "At most %(max)s lines.", MAX_LINES) % {"max": MAX_LINES}
        elif any(len(line) > 1000 for line in lines):
            errors[name] = _("Each line has at most 1,000 characters.")
    if errors:
        raise ValidationError(errors)
    review = review_record_create(
        actor=actor, country=country, title=title, hlpf_year=hlpf_year, published_pdf=published_pdf
    )
    PastReviewContent.objects.create(review=review, chapters=chapter_lines, commitments=commitment_lines)
    audit_record(
        review=review,
        actor=actor,
        action="followup.record",
        summary=_("Recorded with %(chapters)s and %(commitments)s")
        % {
            "chapters": ngettext("%(count)s chapter", "%(count)s chapters", len(chapter_lines))
            % {"count": len(chapter_lines)},
            "commitments": ngettext("%(count)s commitment", "%(count)s commitments", len(commitment_lines))
            % {"count": len(commitment_lines)},
        },
        data={"chapters": len(chapter_lines), "commitments": len(commitment_lines)},
    )
    return review
