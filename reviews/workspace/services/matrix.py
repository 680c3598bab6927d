"""The ministry × goal role matrix: changing cells, replacing it by an import (reading it:
`reviews.workspace.selectors.matrix`).

A cell is addressed as (ministry id, goal number); its value is a `GoalRole` value or None
(no role). Every goal is expected to end with exactly one lead: more than one is refused,
none is allowed (the matrix is built up over several sittings) and reported back.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from indicators.models import Goal
from reviews.core.audit import audit_record
from reviews.core.models import Review
from reviews.workspace.models import GoalAssignment, GoalRole, Ministry
from reviews.workspace.selectors.matrix import Cell


def role_label(role: str | None) -> str:
    return str(GoalRole(role).label) if role else _("none")


# --- Reading --------------------------------------------------------------------------


# --- Changing -------------------------------------------------------------------------


@dataclass(frozen=True)
class MatrixChange:
    ministry: Ministry
    goal: Goal
    old: str | None
    new: str | None

    def describe(self) -> str:
        return _("%(ministry)s — goal %(goal)s: %(old)s → %(new)s") % {
            "ministry": self.ministry.name,
            "goal": self.goal.number,
            "old": role_label(self.old),
            "new": role_label(self.new),
        }

    def as_data(self) -> dict:
        return {
            "ministry": self.ministry.name,
            "ministry_id": self.ministry.pk,
            "goal": self.goal.number,
            "old": self.old,
            "new": self.new,
        }


@dataclass(frozen=True)
class MatrixResult:
    changes: list[MatrixChange]
    goals_without_lead: list[Goal]


@transaction.atomic
def matrix_apply(*, actor, review: Review, cells: Mapping[Cell, str | None]) -> MatrixResult:
    """Set the role of each cell in `cells` (None or "" removes it); other cells stay as they are.

    All or nothing: raises ValidationError, changing nothing, for a ministry of another
    review, an unknown goal or role (non-field errors), or a goal that would end with two
    leads (key `goal_<number>`). Records one audit entry listing the changes, if any.
    Concurrent saves of one review's matrix are serialised by a row lock on the review.
    """
    return _matrix_write(actor=actor, review=review, cells=cells, replace=False)


@transaction.atomic
def matrix_import(*, actor, review: Review, cells: Mapping[Cell, str | None], filename: str = "") -> MatrixResult:
    """Replace the whole matrix by `cells`: a cell not listed loses its role.

    Same checks and all-or-nothing behaviour as `matrix_apply`; always recorded in the
    audit log, with the file name, even when nothing changed.
    """
    return _matrix_write(actor=actor, review=review, cells=cells, replace=True, filename=filename)


def _matrix_write(*, actor, review: Review, cells, replace: bool, filename: str = "") -> MatrixResult:
    # Lock the review row so that two saves cannot both pass the lead check below.
    list(Review.objects.select_for_update().filter(pk=review.pk).values_list("pk"))
    ministries = {ministry.pk: ministry for ministry in Ministry.objects.filter(review=review)}
    goals = {goal.number: goal for goal in Goal.objects.order_by("number")}
    wanted = _checked_cells(cells, ministries=ministries, goals=goals)

    goals_by_pk = {goal.pk: goal for goal in goals.values()}
    current = {
        (assignment.ministry_id, goals_by_pk[assignment.goal_id].number): assignment
        for assignment in GoalAssignment.objects.filter(review=review)
    }
    old = {cell: assignment.role for cell, assignment in current.items()}
    final = {cell: role for cell, role in (({} if replace else old) | wanted).items() if role}
    _check_one_lead_per_goal(final, ministries=ministries)

    changes = [
        MatrixChange(ministries[cell[0]], goals[cell[1]], old.get(cell), final.get(cell))
        for cell in sorted(old.keys() | final.keys(), key=lambda cell: (cell[1], ministries[cell[0]].name))
        if old.get(cell) != final.get(cell)
    ]
    try:
        with transaction.atomic():
            _write_changes(review=review, changes=changes, current=current)
    except IntegrityError as error:
        raise ValidationError(
            _("Someone else changed the role matrix at the same moment. Reload the page and try again.")
        ) from error

    if changes or replace:
        _audit(actor=actor, review=review, changes=changes, replace=replace, filename=filename)
    lead_goals = {number for (_ministry, number), role in final.items() if role == GoalRole.LEAD}
    return MatrixResult(
        changes=changes, goals_without_lead=[goal for number, goal in goals.items() if number not in lead_goals]
    )


def _checked_cells(cells, *, ministries: dict, goals: dict) -> dict[Cell, str | None]:
    wanted: dict[Cell, str | None] = {}
    errors = []
    for (ministry_id, number), role in cells.items():
        if ministry_id not in ministries:
            errors.append(
                _("Ministry #%(id)s is not part of this review (it may have been removed meanwhile).")
                % {"id": ministry_id}
            )
        elif number not in goals:
            errors.append(_("There is no goal %(number)s: goals are numbered 1 to 17.") % {"number": number})
        elif role and role not in GoalRole.values:
            errors.append(_("“%(role)s” is not a role: use lead, co-lead or associate.") % {"role": str(role)[:40]})
        else:
            wanted[(ministry_id, number)] = role or None
    if errors:
        raise ValidationError({NON_FIELD_ERRORS: errors})
    return wanted


def _check_one_lead_per_goal(final: dict[Cell, str], *, ministries: dict) -> None:
    leads: dict[int, list[str]] = defaultdict(list)
    for (ministry_id, number), role in final.items():
        if role == GoalRole.LEAD:
            leads[number].append(ministries[ministry_id].name)
    errors = {
        f"goal_{number}": _(
            "Goal %(number)s can have only one lead, but it is given to %(ministries)s. "
            "Keep one and make the others co-leads."
        )
        % {"number": number, "ministries": ", ".join(sorted(names))}
        for number, names in sorted(leads.items())
        if len(names) > 1
    }
    if errors:
        raise ValidationError(errors)


def _write_changes(*, review: Review, changes: list[MatrixChange], current: dict) -> None:
    GoalAssignment.objects.filter(
        pk__in=[current[(c.ministry.pk, c.goal.number)].pk for c in changes if c.new is None]
    ).delete()
    # The database checks "one lead per goal" row by row, so a new lead may only arrive
    # once the old one has been demoted: other roles first, leads last.
    for leads in (False, True):
        updates, creates = [], []
        for change in changes:
            if change.new is None or (change.new == GoalRole.LEAD) != leads:
                continue
            if change.old is None:
                creates.append(
                    GoalAssignment(review=review, ministry=change.ministry, goal=change.goal, role=change.new)
                )
            else:
                assignment = current[(change.ministry.pk, change.goal.number)]
                assignment.role = change.new
                updates.append(assignment)
        for assignment in updates + creates:
            # Relations and constraints were checked above against the locked state (and
            # the database enforces the constraints); checking them again would cost
            # several queries per cell.
            assignment.full_clean(
                exclude=["review", "ministry", "goal"], validate_unique=False, validate_constraints=False
            )
        GoalAssignment.objects.bulk_update(updates, ["role"])
        GoalAssignment.objects.bulk_create(creates)


def _audit(*, actor, review: Review, changes: list[MatrixChange], replace: bool, filename: str) -> None:
    counted = ngettext("%(count)s change", "%(count)s changes", len(changes)) % {"count": len(changes)}
    details = "; ".join(change.describe() for change in changes)
    if replace:
        summary = _("Role matrix imported from %(file)s: %(changes)s") % {
            "file": filename or _("a file"),
            "changes": counted,
        }
    else:
        summary = _("Role matrix saved: %(changes)s") % {"changes": counted}
    if details:
        summary = f"{summary}. {details}"
    audit_record(
        review=review,
        actor=actor,
        action="matrix.import" if replace else "matrix.apply",
        summary=summary,
        data={"changes": [change.as_data() for change in changes], **({"file": filename} if replace else {})},
    )
