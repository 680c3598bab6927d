"""The organisation registry: the filtered list, an organisation with its contacts and
standing groups, their forms, and the registry's CSV export (without contacts)."""

import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _

from reviews.core.access import get_review_for
from stakeholders.languages import language_label
from stakeholders.rules import MANAGE_ENGAGEMENT, VIEW_CONTACTS, VIEW_ENGAGEMENT
from vnr_portal.common.errors import add_service_errors
from vnr_portal.common.spreadsheets import csv_response

from .. import exports, selectors
from ..forms.organisations import ContactForm, OrganisationFilterForm, OrganisationForm
from ..models import Contact, Organisation
from ..services import categories as category_services
from ..services import organisations as services

PAGE_SIZE = 25


def _with_language_names(organisations):
    """Give each organisation `language_names`, for display (codes are stored)."""
    for organisation in organisations:
        organisation.language_names = [language_label(code) for code in organisation.languages or []]
    return organisations


def _organisation(review, organisation_pk: int) -> Organisation:
    return get_object_or_404(Organisation.objects.select_related("category"), pk=organisation_pk, review=review)


@login_required
def organisation_list(request, pk: int):
    review = get_review_for(request, pk, VIEW_ENGAGEMENT)
    categories = selectors.category_list(review)
    filters = OrganisationFilterForm(
        request.GET or None, categories=categories, regions=selectors.organisation_region_list(review)
    )
    organisations = selectors.organisation_list(review, **filters.filters())
    page = Paginator(organisations, PAGE_SIZE).get_page(request.GET.get("page"))
    _with_language_names(page.object_list)
    return render(
        request,
        "stakeholders/registry/organisation_list.html",
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
            "can_manage": request.user.has_perm(MANAGE_ENGAGEMENT, review),
            "has_categories": bool(categories),
        },
    )


@login_required
def organisation_create(request, pk: int):
    review = get_review_for(request, pk, MANAGE_ENGAGEMENT)
    category_services.categories_ensure_defaults(review, actor=request.user)
    form = OrganisationForm(request.POST or None, review=review, initial={"category": request.GET.get("category")})
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.organisation_create(actor=request.user, review=review, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("“%(name)s” added to the registry.") % {"name": organisation.name})
            return redirect("stakeholders:organisation-detail", pk=review.pk, organisation_pk=organisation.pk)
    return render(request, "stakeholders/registry/organisation_form.html", {"review": review, "form": form})


@login_required
def organisation_detail(request, pk: int, organisation_pk: int):
    review = get_review_for(request, pk, VIEW_ENGAGEMENT)
    organisation = _with_language_names([_organisation(review, organisation_pk)])[0]
    can_see_contacts = request.user.has_perm(VIEW_CONTACTS, review)
    return render(
        request,
        "stakeholders/registry/organisation_detail.html",
        {
            "review": review,
            "organisation": organisation,
            "contacts": selectors.contact_list(organisation) if can_see_contacts else None,
            "groups": selectors.group_list_for_organisation(organisation),
            "can_manage": request.user.has_perm(MANAGE_ENGAGEMENT, review),
        },
    )


@login_required
def organisation_edit(request, pk: int, organisation_pk: int):
    review = get_review_for(request, pk, MANAGE_ENGAGEMENT)
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
        "stakeholders/registry/organisation_form.html",
        {"review": review, "form": form, "organisation": organisation},
    )


@login_required
def organisation_delete(request, pk: int, organisation_pk: int):
    review = get_review_for(request, pk, MANAGE_ENGAGEMENT)
    organisation = _organisation(review, organisation_pk)
    if request.method == "POST":
        services.organisation_delete(actor=request.user, organisation=organisation)
        messages.success(request, _("“%(name)s” deleted from the registry.") % {"name": organisation.name})
        return redirect("stakeholders:organisation-list", pk=review.pk)
    return render(
        request,
        "stakeholders/registry/organisation_delete.html",
        {"review": review, "organisation": organisation, "contact_count": organisation.contacts.count()},
    )


@login_required
def organisation_csv(request, pk: int):
    """The registry without contacts (personal data stays in the portal)."""
    review = get_review_for(request, pk, VIEW_ENGAGEMENT)
    country = slugify(review.country.name, allow_unicode=True) or review.country.iso3
    response, writer = csv_response(f"stakeholders-{country}-{review.hlpf_year}.csv")
    writer.writerows(exports.organisation_export_rows(review))
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
    review = get_review_for(request, pk, MANAGE_ENGAGEMENT)
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
        "stakeholders/registry/contact_form.html",
        {"review": review, "organisation": organisation, "form": form},
    )


@login_required
def contact_edit(request, pk: int, organisation_pk: int, contact_pk: int):
    review = get_review_for(request, pk, MANAGE_ENGAGEMENT)
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
        "stakeholders/registry/contact_form.html",
        {"review": review, "organisation": contact.organisation, "contact": contact, "form": form},
    )


@login_required
def contact_delete(request, pk: int, organisation_pk: int, contact_pk: int):
    review = get_review_for(request, pk, MANAGE_ENGAGEMENT)
    contact = _contact(review, organisation_pk, contact_pk)
    if request.method == "POST":
        services.contact_delete(actor=request.user, contact=contact)
        messages.success(request, _("Contact deleted."))
        return redirect("stakeholders:organisation-detail", pk=review.pk, organisation_pk=organisation_pk)
    return render(
        request,
        "stakeholders/registry/contact_delete.html",
        {"review": review, "organisation": contact.organisation, "contact": contact},
    )
