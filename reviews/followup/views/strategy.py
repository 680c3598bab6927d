"""The national development strategy (pillars, priorities linked to SDG targets), its
coverage of the targets, and the sector review reports."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reviews.core.access import get_review_for
from reviews.followup.forms.strategy import PillarForm, PriorityForm, SectorReviewForm, StrategyForm
from reviews.followup.models.strategy import NationalStrategy, SectorReview, StrategyPillar, StrategyPriority
from reviews.followup.selectors import strategy as selectors
from reviews.followup.services import strategy as services
from vnr_portal.common.errors import add_service_errors

VIEW = "reviews.view_followup"
MANAGE = "reviews.manage_followup"


def _form_page(request, review, form, heading, cancel, *, multipart=False):
    return render(
        request,
        "reviews/followup/form.html",
        {"review": review, "form": form, "heading": heading, "multipart": multipart, "cancel_url": cancel},
    )


def _strategy_url(review):
    return reverse("reviews:followup-strategy", args=[review.pk])


@login_required
def strategy(request, pk: int):
    review = get_review_for(request, pk, VIEW)
    return render(
        request, "reviews/followup/strategy.html", {"review": review, "strategy": selectors.strategy_page(review)}
    )


@login_required
def strategy_edit(request, pk: int):
    review = get_review_for(request, pk, MANAGE)
    instance = NationalStrategy.objects.filter(review=review).first() or NationalStrategy(review=review)
    form = StrategyForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            services.strategy_save(
                actor=request.user,
                review=review,
                **{key: form.cleaned_data[key] for key in ("name", "start_year", "end_year")},
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The national development strategy has been saved."))
            return redirect("reviews:followup-strategy", pk=review.pk)
    return _form_page(request, review, form, _("The national development strategy"), _strategy_url(review))


@login_required
def pillar_edit(request, pk: int, pillar_pk: int | None = None):
    review = get_review_for(request, pk, MANAGE)
    strategy_ = get_object_or_404(NationalStrategy, review=review)
    pillar = (
        StrategyPillar(strategy=strategy_)
        if pillar_pk is None
        else get_object_or_404(StrategyPillar, pk=pillar_pk, strategy=strategy_)
    )
    form = PillarForm(request.POST or None, instance=pillar)
    if request.method == "POST" and form.is_valid():
        try:
            services.pillar_save(actor=request.user, strategy=strategy_, pillar=form.instance)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The pillar has been saved."))
            return redirect("reviews:followup-strategy", pk=review.pk)
    heading = _("Edit the pillar") if pillar.pk else _("New pillar")
    return _form_page(request, review, form, heading, _strategy_url(review))


@login_required
def priority_edit(request, pk: int, pillar_pk: int | None = None, priority_pk: int | None = None):
    review = get_review_for(request, pk, MANAGE)
    if priority_pk is None:
        pillar = get_object_or_404(StrategyPillar, pk=pillar_pk, strategy__review=review)
        priority = StrategyPriority(pillar=pillar)
    else:
        priority = get_object_or_404(
            StrategyPriority.objects.select_related("pillar"), pk=priority_pk, pillar__strategy__review=review
        )
        pillar = priority.pillar
    form = PriorityForm(request.POST or None, instance=priority)
    if request.method == "POST" and form.is_valid():
        try:
            services.priority_save(
                actor=request.user, pillar=pillar, priority=form.instance, target_codes=form.cleaned_data["targets"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The priority has been saved."))
            return redirect("reviews:followup-strategy", pk=review.pk)
    heading = _("Edit the priority") if priority.pk else _("New priority in “%(pillar)s”") % {"pillar": pillar.name}
    return _form_page(request, review, form, heading, _strategy_url(review))


@login_required
@require_POST
def pillar_delete(request, pk: int, pillar_pk: int):
    review = get_review_for(request, pk, MANAGE)
    pillar = get_object_or_404(
        StrategyPillar.objects.select_related("strategy__review"), pk=pillar_pk, strategy__review=review
    )
    services.pillar_delete(actor=request.user, pillar=pillar)
    messages.success(request, _("The pillar has been removed."))
    return redirect("reviews:followup-strategy", pk=review.pk)


@login_required
@require_POST
def priority_delete(request, pk: int, priority_pk: int):
    review = get_review_for(request, pk, MANAGE)
    priority = get_object_or_404(
        StrategyPriority.objects.select_related("pillar__strategy__review"),
        pk=priority_pk,
        pillar__strategy__review=review,
    )
    services.priority_delete(actor=request.user, priority=priority)
    messages.success(request, _("The priority has been removed."))
    return redirect("reviews:followup-strategy", pk=review.pk)


@login_required
def coverage(request, pk: int):
    review = get_review_for(request, pk, VIEW)
    rows = selectors.coverage_matrix(review)
    return render(
        request,
        "reviews/followup/strategy_coverage.html",
        {
            "review": review,
            "rows": rows,
            "covered": sum(row.covered for row in rows),
            "total": sum(row.total for row in rows),
        },
    )


@login_required
def sector_reviews(request, pk: int):
    review = get_review_for(request, pk, VIEW)
    can_manage = request.user.has_perm(MANAGE, review)
    form = SectorReviewForm(request.POST or None, request.FILES or None) if can_manage else None
    if request.method == "POST":
        if form is None:
            get_review_for(request, pk, MANAGE)  # 403
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.sector_review_add(
                    actor=request.user,
                    review=review,
                    title=data["title"],
                    sector=data["sector"],
                    year=data["year"],
                    link=data["link"],
                    file=data["file"],
                    goals=data["goals"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The sector review has been added."))
                return redirect("reviews:followup-sector-reviews", pk=review.pk)
    return render(
        request,
        "reviews/followup/sector_reviews.html",
        {"review": review, "sector_reviews": selectors.sector_reviews_for(review), "form": form},
    )


@login_required
def sector_review_file(request, pk: int, sector_pk: int):
    review = get_review_for(request, pk, VIEW)
    sector_review = get_object_or_404(SectorReview, pk=sector_pk, review=review)
    if not sector_review.file:
        raise Http404(_("This sector review has no file."))
    try:
        handle = sector_review.file.open("rb")
    except FileNotFoundError as error:
        raise Http404(_("This file is missing.")) from error
    response = FileResponse(
        handle, content_type=sector_review.content_type, as_attachment=True, filename=sector_review.file_name
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'"
    return response


@login_required
@require_POST
def sector_review_delete(request, pk: int, sector_pk: int):
    review = get_review_for(request, pk, MANAGE)
    sector_review = get_object_or_404(SectorReview, pk=sector_pk, review=review)
    services.sector_review_delete(actor=request.user, sector_review=sector_review)
    messages.success(request, _("The sector review has been removed."))
    return redirect("reviews:followup-sector-reviews", pk=review.pk)
