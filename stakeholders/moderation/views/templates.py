"""The prepared answers of a review's moderators: the list, adding, changing, deleting."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from reviews.core.access import get_review_for
from stakeholders.languages import language_label
from stakeholders.rules import MODERATE
from vnr_portal.common.errors import add_service_errors

from .. import selectors
from ..forms import ResponseTemplateForm
from ..models import ResponseTemplate
from ..services import response_templates as services


def _template(request, pk: int, template_pk: int):
    review = get_review_for(request, pk, MODERATE)
    template = get_object_or_404(ResponseTemplate, pk=template_pk, review=review)
    template.review = review
    return review, template


@login_required
def template_list(request, pk: int):
    review = get_review_for(request, pk, MODERATE)
    services.templates_ensure_defaults(review, actor=request.user)
    templates = list(selectors.response_template_list(review))
    for template in templates:
        template.language_name = language_label(template.language)
    return render(request, "stakeholders/moderation/templates.html", {"review": review, "templates": templates})


@login_required
def template_create(request, pk: int):
    review = get_review_for(request, pk, MODERATE)
    form = ResponseTemplateForm(
        request.POST or None,
        review=review,
        initial={
            "classification": request.GET.get("classification") or None,
            "language": request.GET.get("language") or None,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            template = services.response_template_create(actor=request.user, review=review, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("“%(title)s” has been added.") % {"title": template.title})
            return redirect("stakeholders:moderation-templates", pk=review.pk)
    return render(request, "stakeholders/moderation/template_form.html", {"review": review, "form": form})


@login_required
def template_edit(request, pk: int, template_pk: int):
    review, template = _template(request, pk, template_pk)
    form = ResponseTemplateForm(
        request.POST or None,
        review=review,
        initial={name: getattr(template, name) for name in ("classification", "language", "title", "body")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.response_template_update(actor=request.user, template=template, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("“%(title)s” has been saved.") % {"title": template.title} if changed else _("Nothing has changed."),
            )
            return redirect("stakeholders:moderation-templates", pk=review.pk)
    return render(
        request, "stakeholders/moderation/template_form.html", {"review": review, "form": form, "template": template}
    )


@login_required
def template_delete(request, pk: int, template_pk: int):
    review, template = _template(request, pk, template_pk)
    if request.method == "POST":
        title = template.title
        services.response_template_delete(actor=request.user, template=template)
        messages.success(request, _("“%(title)s” has been deleted.") % {"title": title})
        return redirect("stakeholders:moderation-templates", pk=review.pk)
    return render(request, "stakeholders/moderation/template_delete.html", {"review": review, "template": template})
