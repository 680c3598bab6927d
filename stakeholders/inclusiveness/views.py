"""Inclusiveness (staff): the dashboard, its CSV export and the first VNR's baseline;
and, public, the short survey after a round."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _

from reviews.core.access import get_review_for
from reviews.core.selectors import vnr_names
from stakeholders import rules as perms
from stakeholders.moderation.selectors import round_tokens
from stakeholders.rounds.access import get_round_to_read
from stakeholders.rounds.fragments import fragment_get, fragment_key
from stakeholders.rules import MANAGE_ENGAGEMENT, VIEW_ENGAGEMENT
from vnr_portal.common.errors import add_service_errors
from vnr_portal.common.spreadsheets import csv_response

from . import exports, selectors, services
from .forms import BaselineForm, SurveyForm


@login_required
def inclusiveness(request, pk: int):
    """The dashboard. Its figures are cached under the public tokens of the review's rounds
    (replaced by every write to what it reads: `freshness.py`), how the reviews are named,
    the language and the time zone; not for a review without rounds (nothing to key on)."""
    review = get_review_for(request, pk, VIEW_ENGAGEMENT)
    vnr = vnr_names(review)
    tokens = round_tokens(review)
    key = fragment_key("inclusiveness", tokens, review.pk, repr(vnr)) if tokens else None
    body = fragment_get(
        key,
        lambda: render_to_string(
            "stakeholders/inclusiveness/_dashboard_body.html",
            {"review": review, "dashboard": selectors.inclusiveness_dashboard(review), "vnr": vnr},
        ),
    )
    return render(
        request,
        "stakeholders/inclusiveness/dashboard.html",
        {
            "review": review,
            "body": mark_safe(body),  # its own template rendered it, escaping everything
            "can_manage": request.user.has_perm(MANAGE_ENGAGEMENT, review),
            "vnr": vnr,
        },
    )


@login_required
def inclusiveness_csv(request, pk: int):
    """Every table of the dashboard, one row per line: table, group, figures."""
    review = get_review_for(request, pk, VIEW_ENGAGEMENT)
    dashboard = selectors.inclusiveness_dashboard(review)
    country = slugify(review.country.name, allow_unicode=True) or review.country.iso3
    response, writer = csv_response(f"inclusiveness-{country}-{review.hlpf_year}.csv")
    writer.writerows(exports.dashboard_rows(dashboard))
    return response


@login_required
def inclusiveness_baseline(request, pk: int):
    review = get_review_for(request, pk, MANAGE_ENGAGEMENT)
    baseline = selectors.baseline_get(review)
    initial = {}
    if baseline is not None:
        initial = {
            name: getattr(baseline, name)
            for name in ("participants", "contributions", "organisations", "felt_heard_percent", "source", "feedback")
        }
        initial["by_category"] = BaselineForm.by_category_text(baseline.by_category)
    form = BaselineForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.baseline_save(actor=request.user, review=review, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The previous VNR's figures have been saved."))
            return redirect("stakeholders:inclusiveness", pk=review.pk)
    return render(
        request, "stakeholders/inclusiveness/baseline.html", {"review": review, "form": form, "vnr": vnr_names(review)}
    )


# --- Public ---------------------------------------------------------------------------


@login_required
def portal_survey(request, pk: int, round_pk: int):
    """A contributor's one answer to the survey about a round they took part in."""
    round_ = get_round_to_read(request, pk, round_pk)
    context = {"review": round_.review, "round": round_}
    # The predicate itself, as the service checks it: has_perm would let any superuser in.
    if not perms.can_answer_survey.test(request.user, round_):
        return render(
            request, "stakeholders/inclusiveness/survey.html", {**context, "state": "not_invited"}, status=403
        )
    if selectors.survey_has_answered(round=round_, user=request.user):
        # A second answer (another tab, the back button) changes nothing; the page says so.
        return render(request, "stakeholders/inclusiveness/survey.html", {**context, "state": "answered"})
    form = SurveyForm(request.POST or None, review=round_.review)
    if request.method == "POST" and form.is_valid():
        try:
            services.survey_answer(user=request.user, round=round_, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Thank you: your answer has been recorded."))
            return redirect("stakeholders:portal-survey", pk=pk, round_pk=round_.pk)
    return render(request, "stakeholders/inclusiveness/survey.html", {**context, "state": "form", "form": form})
