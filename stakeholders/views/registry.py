"""The engagement hub, stakeholder categories, the organisation registry with its
contacts and CSV export, and the interest × influence map."""

import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reviews.core.access import get_review_for
from reviews.models import REPORT_LANGUAGES
from vnr_portal.common.errors import add_service_errors
from vnr_portal.common.spreadsheets import csv_response

from ..forms.registry import CategoryForm, ContactForm, OrganisationFilterForm, OrganisationForm
from ..models import Contact, Organisation, StakeholderCategory
from ..services import registry as services

VIEW = "stakeholders.view_engagement"
MANAGE = "stakeholders.manage_engagement"
CONTACTS = "stakeholders.view_contacts"
PAGE_SIZE = 25


def _with_language_names(organisations):
    """Give each organisation `language_names`, for display (codes are stored)."""
    names = dict(REPORT_LANGUAGES)
    for organisation in organisations:
        organisation.language_names = [str(names.get(code, code)) for code in organisation.languages or []]
    return organisations


def _organisation(review, organisation_pk: int) -> Organisation:
    return get_object_or_404(Organisation.objects.select_related("category"), pk=organisation_pk, review=review)


# --- Hub ------------------------------------------------------------------------------


@login_required
def engagement(request, pk: int):
    review = get_review_for(request, pk, VIEW)
    if request.user.has_perm(MANAGE, review):
        services.categories_ensure_defaults(review, actor=request.user)
    return render(
        request,
        "stakeholders/engagement/hub.html",
        {
            "review": review,
            "figures": services.hub_figures(review),
            "can_manage": request.user.has_perm(MANAGE, review),
        },
    )


# --- Categories -----------------------------------------------------------------------


@login_required
def categories(request, pk: int):
    """The list, with the form to add one (managers)."""
    review = get_review_for(request, pk, VIEW)
    can_manage = request.user.has_perm(MANAGE, review)
    if can_manage:
        services.categories_ensure_defaults(review, actor=request.user)
    form = CategoryForm(request.POST or None, prefix="new")
    if request.method == "POST":
        get_review_for(request, pk, MANAGE)
        if form.is_valid():
            try:
                category = services.category_create(actor=request.user, review=review, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Category “%(name)s” added.") % {"name": category.name})
                return redirect("stakeholders:engagement-categories", pk=review.pk)
    return render(
        request,
        "stakeholders/engagement/categories.html",
        {"review": review, "categories": services.category_list(review), "form": form, "can_manage": can_manage},
    )


@login_required
def category_edit(request, pk: int, category_pk: int):
    review = get_review_for(request, pk, MANAGE)
    category = get_object_or_404(StakeholderCategory, pk=category_pk, review=review)
    form = CategoryForm(request.POST or None, initial={"name": category.name, "at_risk": category.at_risk})
    if request.method == "POST" and form.is_valid():
        try:
            services.category_update(actor=request.user, category=copy.copy(category), **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Category saved."))
            return redirect("stakeholders:engagement-categories", pk=review.pk)
    return render(
        request, "stakeholders/engagement/category_form.html", {"review": review, "category": category, "form": form}
    )


@login_required
@require_POST
def category_move(request, pk: int, category_pk: int):
    review = get_review_for(request, pk, MANAGE)
    category = get_object_or_404(StakeholderCategory, pk=category_pk, review=review)
    direction = "up" if request.POST.get("direction") == "up" else "down"
    services.category_move(actor=request.user, category=category, direction=direction)
    return redirect("stakeholders:engagement-categories", pk=review.pk)


@login_required
def category_delete(request, pk: int, category_pk: int):
    review = get_review_for(request, pk, MANAGE)
    category = get_object_or_404(StakeholderCategory, pk=category_pk, review=review)
    if request.method == "POST":
        try:
            services.category_delete(actor=request.user, category=category)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Category “%(name)s” deleted.") % {"name": category.name})
        return redirect("stakeholders:engagement-categories", pk=review.pk)
    return render(request, "stakeholders/engagement/category_delete.html", {"review": review, "category": category})


# --- Organisations --------------------------------------------------------------------


@login_required
def organisation_list(request, pk: int):
    review = get_review_for(request, pk, VIEW)
    categories = list(StakeholderCategory.objects.filter(review=review))
    filters = OrganisationFilterForm(
        request.GET or None, categories=categories, regions=services.organisation_regions(review)
    )
    organisations = services.organisation_list(review, **filters.filters())
    page = Paginator(organisations, PAGE_SIZE).get_page(request.GET.get("page"))
    _with_language_names(page.object_list)
    return render(
        request,
        "stakeholders/engagement/organisation_list.html",
        {
            "review": review,
            "filters": filters,
            "page": page,
            "filtered": bool(
                request.GET.get("q")
                or request.GET.get("category")
                or request.GET.get("region")
                or request.GET.get("language")
            ),
            "can_manage": request.user.has_perm(MANAGE, review),
            "has_categories": bool(categories),
        },
    )


@login_required
def organisation_create(request, pk: int):
    review = get_review_for(request, pk, MANAGE)
    services.categories_ensure_defaults(review, actor=request.user)
    form = OrganisationForm(request.POST or None, review=review, initial={"category": request.GET.get("category")})
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.organisation_create(actor=request.user, review=review, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("“%(name)s” added to the registry.") % {"name": organisation.name})
            return redirect("stakeholders:organisation-detail", pk=review.pk, organisation_pk=organisation.pk)
    return render(request, "stakeholders/engagement/organisation_form.html", {"review": review, "form": form})


@login_required
def organisation_detail(request, pk: int, organisation_pk: int):
    review = get_review_for(request, pk, VIEW)
    organisation = _with_language_names([_organisation(review, organisation_pk)])[0]
    can_see_contacts = request.user.has_perm(CONTACTS, review)
    return render(
        request,
        "stakeholders/engagement/organisation_detail.html",
        {
            "review": review,
            "organisation": organisation,
            "contacts": list(organisation.contacts.select_related("recorded_by")) if can_see_contacts else None,
            "groups": list(organisation.standing_groups.all()),
            "can_manage": request.user.has_perm(MANAGE, review),
        },
    )


@login_required
def organisation_edit(request, pk: int, organisation_pk: int):
    review = get_review_for(request, pk, MANAGE)
    organisation = _organisation(review, organisation_pk)
    form = OrganisationForm(request.POST or None, review=review, initial=OrganisationForm.initial_for(organisation))
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_update(actor=request.user, organisation=copy.copy(organisation), **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Organisation saved."))
            return redirect("stakeholders:organisation-detail", pk=review.pk, organisation_pk=organisation.pk)
    return render(
        request,
        "stakeholders/engagement/organisation_form.html",
        {"review": review, "form": form, "organisation": organisation},
    )


@login_required
def organisation_delete(request, pk: int, organisation_pk: int):
    review = get_review_for(request, pk, MANAGE)
    organisation = _organisation(review, organisation_pk)
    if request.method == "POST":
        services.organisation_delete(actor=request.user, organisation=organisation)
        messages.success(request, _("“%(name)s” deleted from the registry.") % {"name": organisation.name})
        return redirect("stakeholders:organisation-list", pk=review.pk)
    return render(
        request,
        "stakeholders/engagement/organisation_delete.html",
        {"review": review, "organisation": organisation, "contact_count": organisation.contacts.count()},
    )


@login_required
def organisation_csv(request, pk: int):
    """The registry without contacts (personal data stays in the portal)."""
    review = get_review_for(request, pk, VIEW)
    country = slugify(review.country.name, allow_unicode=True) or review.country.iso3
    response, writer = csv_response(f"stakeholders-{country}-{review.hlpf_year}.csv")
    writer.writerows(services.organisation_export_rows(review))
    return response


# --- Contacts -------------------------------------------------------------------------


def _contact(review, organisation_pk: int, contact_pk: int) -> Contact:
    return get_object_or_404(
        Contact.objects.select_related("organisation__review"),
        pk=contact_pk,
        organisation_id=organisation_pk,
        organisation__review=review,
    )


@login_required
def contact_create(request, pk: int, organisation_pk: int):
    review = get_review_for(request, pk, MANAGE)
    organisation = _organisation(review, organisation_pk)
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_create(actor=request.user, organisation=organisation, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Contact added."))
            return redirect("stakeholders:organisation-detail", pk=review.pk, organisation_pk=organisation.pk)
    return render(
        request,
        "stakeholders/engagement/contact_form.html",
        {"review": review, "organisation": organisation, "form": form},
    )


@login_required
def contact_edit(request, pk: int, organisation_pk: int, contact_pk: int):
    review = get_review_for(request, pk, MANAGE)
    contact = _contact(review, organisation_pk, contact_pk)
    form = ContactForm(request.POST or None, initial=ContactForm.initial_for(contact))
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_update(actor=request.user, contact=copy.copy(contact), **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Contact saved."))
            return redirect("stakeholders:organisation-detail", pk=review.pk, organisation_pk=organisation_pk)
    return render(
        request,
        "stakeholders/engagement/contact_form.html",
        {"review": review, "organisation": contact.organisation, "contact": contact, "form": form},
    )


@login_required
def contact_delete(request, pk: int, organisation_pk: int, contact_pk: int):
    review = get_review_for(request, pk, MANAGE)
    contact = _contact(review, organisation_pk, contact_pk)
    if request.method == "POST":
        services.contact_delete(actor=request.user, contact=contact)
        messages.success(request, _("Contact deleted."))
        return redirect("stakeholders:organisation-detail", pk=review.pk, organisation_pk=organisation_pk)
    return render(
        request,
        "stakeholders/engagement/contact_delete.html",
        {"review": review, "organisation": contact.organisation, "contact": contact},
    )


# --- Map ------------------------------------------------------------------------------


@login_required
def engagement_map(request, pk: int):
    review = get_review_for(request, pk, VIEW)
    return render(
        request, "stakeholders/engagement/map.html", {"review": review, "map": services.engagement_map(review)}
    )


ORG = "reviews/<int:pk>/engagement/organisations/<int:organisation_pk>/"
urlpatterns = [
    path("reviews/<int:pk>/engagement/", engagement, name="engagement"),
    path("reviews/<int:pk>/engagement/categories/", categories, name="engagement-categories"),
    path("reviews/<int:pk>/engagement/categories/<int:category_pk>/", category_edit, name="engagement-category-edit"),
    path(
        "reviews/<int:pk>/engagement/categories/<int:category_pk>/move/", category_move, name="engagement-category-move"
    ),
    path(
        "reviews/<int:pk>/engagement/categories/<int:category_pk>/delete/",
        category_delete,
        name="engagement-category-delete",
    ),
    path("reviews/<int:pk>/engagement/map/", engagement_map, name="engagement-map"),
    path("reviews/<int:pk>/engagement/organisations/", organisation_list, name="organisation-list"),
    path("reviews/<int:pk>/engagement/organisations/new/", organisation_create, name="organisation-create"),
    path("reviews/<int:pk>/engagement/organisations.csv", organisation_csv, name="organisation-csv"),
    path(ORG, organisation_detail, name="organisation-detail"),
    path(ORG + "edit/", organisation_edit, name="organisation-edit"),
    path(ORG + "delete/", organisation_delete, name="organisation-delete"),
    path(ORG + "contacts/new/", contact_create, name="organisation-contact-create"),
    path(ORG + "contacts/<int:contact_pk>/", contact_edit, name="organisation-contact-edit"),
    path(ORG + "contacts/<int:contact_pk>/delete/", contact_delete, name="organisation-contact-delete"),
]
