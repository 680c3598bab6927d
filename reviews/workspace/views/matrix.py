"""The ministry × goal role matrix: view, edit, CSV export and import."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.html import format_html
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from reviews.core.access import get_review_for
from reviews.workspace.forms.matrix import MatrixForm, MatrixImportForm, matrix_body_html, matrix_head_html
from reviews.workspace.models import GoalRole
from reviews.workspace.selectors.matrix import ROLE_LETTERS, Matrix, matrix_get
from reviews.workspace.services.matrix import MatrixResult, matrix_apply, matrix_import
from vnr_portal.common.spreadsheets import csv_response, spreadsheet_safe


@login_required
def matrix_detail(request, pk: int):
    review = get_review_for(request, pk)
    matrix = matrix_get(review)
    context = {
        "review": review,
        "matrix": matrix,
        "head": matrix_head_html(matrix.columns),
        "body": matrix_body_html(_rows_html(matrix)),
    }
    return render(request, "reviews/workspace/matrix.html", context)


def _rows_html(matrix: Matrix) -> list:
    """[(ministry, the html of each of its row's cells)]: a thousand cells made here, not
    rendered by the template one by one; the letter and its label are made once per role."""
    shown = {
        role: format_html(
            '<td class="text-center"><span aria-hidden="true">{}</span><span class="visually-hidden">{}</span></td>',
            ROLE_LETTERS[role],
            GoalRole(role).label,
        )
        for role in GoalRole.values
    }
    empty = '<td class="text-center"></td>'
    return [
        (ministry, [shown[cell.role] if cell.role else empty for cell in cells])  # escaped above
        for ministry, cells in matrix.rows
    ]


@login_required
def matrix_edit(request, pk: int):
    review = get_review_for(request, pk, "reviews.change_matrix")
    matrix = matrix_get(review)
    data = request.POST if request.method == "POST" else None
    form = MatrixForm(data, matrix=matrix, ministries=matrix.ministries)
    if form.is_bound and form.is_valid():
        try:
            result = matrix_apply(actor=request.user, review=review, cells=form.cells())
        except ValidationError as error:
            form.add_service_error(error)
        else:
            if not request.headers.get("HX-Request"):
                _report(request, result, imported=False)
                return redirect("reviews:matrix-edit", pk=review.pk)
            # In place (htmx): the outcome is told beside the save button, where the
            # person is, not in the messages at the top of a long page.
            matrix = matrix_get(review)
            context = {
                "review": review,
                "form": MatrixForm(None, matrix=matrix, ministries=matrix.ministries),
                "matrix": matrix,
                "saved": _outcome(result, imported=False),
            }
            return render(request, "reviews/workspace/matrix_edit.html", context)
    return render(request, "reviews/workspace/matrix_edit.html", {"review": review, "form": form, "matrix": matrix})


@login_required
def matrix_import_view(request, pk: int):
    review = get_review_for(request, pk, "reviews.change_matrix")
    matrix = matrix_get(review)
    data, files = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    form = MatrixImportForm(
        data, files, ministries=matrix.ministries, goal_numbers={goal.number for goal in matrix.goals}
    )
    if form.is_bound and form.is_valid():
        try:
            result = matrix_import(
                actor=request.user, review=review, cells=form.cleaned_data["file"], filename=form.filename
            )
        except ValidationError as error:
            form.add_error("file", ValidationError(error.messages))
        else:
            _report(request, result, imported=True)
            return redirect("reviews:matrix", pk=review.pk)
    return render(request, "reviews/workspace/matrix_import.html", {"review": review, "form": form})


@login_required
def matrix_csv(request, pk: int):
    """One row per assignment (ministry, goal, role), ministries in tree order."""
    review = get_review_for(request, pk)
    country = slugify(review.country.name, allow_unicode=True) or review.country.iso3
    response, writer = csv_response(f"role-matrix-{country}-{review.hlpf_year}.csv")
    writer.writerow(["ministry", "goal", "role"])
    for ministry, cells in matrix_get(review).rows:
        writer.writerows([spreadsheet_safe(ministry.name), cell.goal.number, cell.role] for cell in cells if cell.role)
    return response


def _outcome(result: MatrixResult, *, imported: bool) -> list[tuple[str, str]]:
    """What saving or importing did, as (level, text): the changes, then the goals still without a lead."""
    count = len(result.changes)
    if imported:
        text = ngettext("Role matrix imported: %(count)s change.", "Role matrix imported: %(count)s changes.", count)
    else:
        text = ngettext("Role matrix saved: %(count)s change.", "Role matrix saved: %(count)s changes.", count)
    outcome = [("success", text % {"count": count})]
    if result.goals_without_lead:
        numbers = ", ".join(str(goal.number) for goal in result.goals_without_lead)
        outcome.append(
            ("warning", _("Each goal needs one lead. Goals still without a lead: %(goals)s.") % {"goals": numbers})
        )
    return outcome


def _report(request, result: MatrixResult, *, imported: bool) -> None:
    for level, text in _outcome(result, imported=imported):
        (messages.success if level == "success" else messages.warning)(request, text)
