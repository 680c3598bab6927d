"""The portal's settings and consultation rounds, staff side: list, create, change and
delete a draft round, its sections, questions and translations, publishing, closing
early or extending, and invitations to an invited round."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from reviews.core.access import get_review_for
from reviews.models import Section
from vnr_portal.common.errors import add_service_errors

from ..forms.rounds import (
    ExtendForm,
    InvitationForm,
    PortalForm,
    QuestionForm,
    RoundForm,
    RoundSectionsForm,
    TranslationForm,
)
from ..models import ConsultationRound, Contact, RoundInvitation, RoundQuestion
from ..services import round_invitations as invitations
from ..services import rounds as services
from ..services.portal_settings import PORTAL_TEXTS, portal_for, portal_set_published, portal_update

VIEW = "stakeholders.view_engagement"
MANAGE = "stakeholders.manage_engagement"
CONTACTS = "stakeholders.view_contacts"


def _round(request, pk: int, round_pk: int, perm: str = VIEW) -> ConsultationRound:
    """The round of review `pk` if the user has `perm` on the review (404 / 403)."""
    review = get_review_for(request, pk, perm)
    round_ = services.round_get(review, round_pk)
    if round_ is None:
        raise Http404(_("No such round in this review."))
    round_.review = review
    return round_


def _error_messages(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _base_url(request) -> str:
    """Links in e-mails point at the site's public address, never at the request's Host."""
    return settings.SITE_URL


# --- Portal settings --------------------------------------------------------------------


@login_required
def portal_settings(request, pk: int):
    review = get_review_for(request, pk, MANAGE)
    portal = portal_for(review)
    form = PortalForm(request.POST or None, initial={name: getattr(portal, name) for name in PORTAL_TEXTS})
    if request.method == "POST" and form.is_valid():
        try:
            changed = portal_update(actor=request.user, portal=portal, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("The portal's texts have been saved.") if changed else _("Nothing has changed.")
            )
            return redirect("stakeholders:portal-settings", pk=review.pk)
    return render(
        request, "stakeholders/rounds/portal_settings.html", {"review": review, "portal": portal, "form": form}
    )


@login_required
@require_POST
def portal_publish(request, pk: int):
    review = get_review_for(request, pk, MANAGE)
    portal = portal_for(review)
    publish = request.POST.get("action") == "publish"
    if portal_set_published(actor=request.user, portal=portal, is_published=publish):
        messages.success(
            request,
            _("The portal is now open to the public.") if publish else _("The portal is now closed to the public."),
        )
    return redirect("stakeholders:portal-settings", pk=review.pk)


# --- Rounds -----------------------------------------------------------------------------


@login_required
def rounds(request, pk: int):
    review = get_review_for(request, pk, VIEW)
    return render(
        request,
        "stakeholders/rounds/list.html",
        {"review": review, "rounds": services.round_list(review), "can_manage": request.user.has_perm(MANAGE, review)},
    )


@login_required
def round_create(request, pk: int):
    review = get_review_for(request, pk, MANAGE)
    form = RoundForm(request.POST or None, review=review)
    if request.method == "POST" and form.is_valid():
        try:
            round_ = services.round_create(actor=request.user, review=review, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("The round has been created as a draft: choose what it consults on, then publish it.")
            )
            return redirect("stakeholders:round-detail", pk=review.pk, round_pk=round_.pk)
    return render(
        request,
        "stakeholders/rounds/form.html",
        {"review": review, "form": form, "heading": _("New consultation round"), "submit": _("Create the round")},
    )


@login_required
def round_detail(request, pk: int, round_pk: int):
    round_ = _round(request, pk, round_pk)
    review = round_.review
    can_manage = request.user.has_perm(MANAGE, review)
    context = {
        "review": review,
        "round": round_,
        "documents": services.round_documents(round_),
        "questions": list(round_.questions.all()),
        "counts": services.round_contribution_counts(round_),
        "can_manage": can_manage,
        "source_language": services.language_name(services.source_language(review)),
        "problems": services.round_publish_problems(round_) if can_manage and round_.published_at is None else [],
        "extend_form": ExtendForm(initial={"closes_at": round_.closes_at}) if can_manage else None,
        "language_names": {code: services.language_name(code) for code in round_.languages},
    }
    return render(request, "stakeholders/rounds/detail.html", context)


@login_required
def round_edit(request, pk: int, round_pk: int):
    round_ = _round(request, pk, round_pk, MANAGE)
    review = round_.review
    if round_.published_at is not None:
        messages.warning(request, _("This round has been published: only its closing date can be changed."))
        return redirect("stakeholders:round-detail", pk=review.pk, round_pk=round_.pk)
    initial = {name: getattr(round_, name) for name in services.ROUND_FIELDS}
    form = RoundForm(request.POST or None, review=review, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.round_update(actor=request.user, round_=round_, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The round has been saved."))
            return redirect("stakeholders:round-detail", pk=review.pk, round_pk=round_.pk)
    return render(
        request,
        "stakeholders/rounds/form.html",
        {"review": review, "round": round_, "form": form, "heading": _("Change the round"), "submit": _("Save")},
    )


@login_required
def round_delete(request, pk: int, round_pk: int):
    round_ = _round(request, pk, round_pk, MANAGE)
    review = round_.review
    if round_.published_at is not None:
        messages.error(request, _("A published round cannot be deleted: close it instead."))
        return redirect("stakeholders:round-detail", pk=review.pk, round_pk=round_.pk)
    if request.method == "POST":
        try:
            services.round_delete(actor=request.user, round_=round_)
        except ValidationError as error:
            _error_messages(request, error)
            return redirect("stakeholders:round-detail", pk=review.pk, round_pk=round_.pk)
        messages.success(request, _("The round “%(title)s” has been deleted.") % {"title": round_.title})
        return redirect("stakeholders:rounds", pk=review.pk)
    return render(request, "stakeholders/rounds/delete.html", {"review": review, "round": round_})


@login_required
def round_sections(request, pk: int, round_pk: int):
    round_ = _round(request, pk, round_pk, MANAGE)
    review = round_.review
    if round_.published_at is not None:
        messages.warning(request, _("This round has been published: its sections can no longer be changed."))
        return redirect("stakeholders:round-detail", pk=review.pk, round_pk=round_.pk)
    sections = services.round_section_choices(round_)
    form = RoundSectionsForm(
        request.POST or None, sections=sections, initial={"sections": sorted(services.round_chosen_section_ids(round_))}
    )
    if request.method == "POST" and form.is_valid():
        try:
            chosen = services.round_set_sections(
                actor=request.user, round_=round_, section_ids=form.cleaned_data["sections"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                ngettext("%(count)s section chosen.", "%(count)s sections chosen.", len(chosen))
                % {"count": len(chosen)},
            )
            return redirect("stakeholders:round-detail", pk=review.pk, round_pk=round_.pk)
    return render(
        request,
        "stakeholders/rounds/sections.html",
        {"review": review, "round": round_, "form": form, "sections": sections},
    )


# --- Questions --------------------------------------------------------------------------


def _question(round_: ConsultationRound, question_pk: int) -> RoundQuestion:
    question = get_object_or_404(RoundQuestion, pk=question_pk, round=round_)
    question.round = round_
    return question


def _question_form(request, round_, question=None):
    review = round_.review
    if round_.published_at is not None:
        messages.warning(request, _("This round has been published: its questions can no longer be changed."))
        return redirect("stakeholders:round-detail", pk=review.pk, round_pk=round_.pk)
    initial = {}
    if question is not None:
        initial = {"text": question.text, **{f"translation_{k}": v for k, v in question.translations.items()}}
    form = QuestionForm(request.POST or None, round_=round_, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if question is None:
                services.round_question_create(actor=request.user, round_=round_, **form.service_data())
            else:
                services.round_question_update(actor=request.user, question=question, **form.service_data())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The question has been saved."))
            return redirect("stakeholders:round-detail", pk=review.pk, round_pk=round_.pk)
    heading = _("New question") if question is None else _("Change the question")
    return render(
        request,
        "stakeholders/rounds/form.html",
        {"review": review, "round": round_, "form": form, "heading": heading, "submit": _("Save the question")},
    )


@login_required
def round_question_create(request, pk: int, round_pk: int):
    return _question_form(request, _round(request, pk, round_pk, MANAGE))


@login_required
def round_question_edit(request, pk: int, round_pk: int, question_pk: int):
    round_ = _round(request, pk, round_pk, MANAGE)
    return _question_form(request, round_, _question(round_, question_pk))


@login_required
def round_question_delete(request, pk: int, round_pk: int, question_pk: int):
    round_ = _round(request, pk, round_pk, MANAGE)
    question = _question(round_, question_pk)
    if request.method == "POST":
        try:
            services.round_question_delete(actor=request.user, question=question)
        except ValidationError as error:
            _error_messages(request, error)
        else:
            messages.success(request, _("The question has been removed."))
        return redirect("stakeholders:round-detail", pk=pk, round_pk=round_.pk)
    return render(
        request,
        "stakeholders/rounds/question_delete.html",
        {"review": round_.review, "round": round_, "question": question},
    )


# --- Translations -----------------------------------------------------------------------


@login_required
def round_translation(request, pk: int, round_pk: int, section_pk: int, language: str):
    round_ = _round(request, pk, round_pk, MANAGE)
    review = round_.review
    section = get_object_or_404(Section, pk=section_pk, review=review)
    if language not in round_.languages or language == services.source_language(review):
        raise Http404(_("This round has no translation in this language."))
    current = round_.documents.filter(section=section, language=language).first()
    initial = {"content": current.content, "title": current.title} if current and current.frozen_at is None else {}
    form = TranslationForm(request.POST or None, language=language, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.round_attach_translation(
                actor=request.user, round_=round_, section=section, language=language, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The translation has been attached."))
            return redirect("stakeholders:round-detail", pk=review.pk, round_pk=round_.pk)
    return render(
        request,
        "stakeholders/rounds/translation.html",
        {
            "review": review,
            "round": round_,
            "section": section,
            "language": language,
            "language_name": services.language_name(language),
            "form": form,
            "frozen": current is not None and current.frozen_at is not None,
        },
    )


# --- Publishing, closing ------------------------------------------------------------------


@login_required
@require_POST
def round_publish(request, pk: int, round_pk: int):
    round_ = _round(request, pk, round_pk, MANAGE)
    try:
        published = services.round_publish(actor=request.user, round_=round_)
    except ValidationError as error:
        _error_messages(request, error)
    else:
        if published:
            messages.success(request, _("The round has been published: its copy of the draft is frozen."))
        else:
            messages.info(request, _("This round had already been published."))
    return redirect("stakeholders:round-detail", pk=pk, round_pk=round_.pk)


@login_required
@require_POST
def round_close_now(request, pk: int, round_pk: int):
    round_ = _round(request, pk, round_pk, MANAGE)
    try:
        services.round_close_now(actor=request.user, round_=round_)
    except ValidationError as error:
        _error_messages(request, error)
    else:
        messages.success(request, _("The round has been closed."))
    return redirect("stakeholders:round-detail", pk=pk, round_pk=round_.pk)


@login_required
def round_extend(request, pk: int, round_pk: int):
    round_ = _round(request, pk, round_pk, MANAGE)
    form = ExtendForm(request.POST or None, initial={"closes_at": round_.closes_at})
    if request.method == "POST" and form.is_valid():
        try:
            services.round_extend(actor=request.user, round_=round_, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The closing date has been changed."))
            return redirect("stakeholders:round-detail", pk=pk, round_pk=round_.pk)
    return render(
        request,
        "stakeholders/rounds/form.html",
        {
            "review": round_.review,
            "round": round_,
            "form": form,
            "heading": _("Change the closing date"),
            "submit": _("Save"),
        },
    )


# --- Invitations --------------------------------------------------------------------------


def _contacts(request, review):
    """Registry contacts with an e-mail address, for those who may see contacts; else None."""
    if not request.user.has_perm(CONTACTS, review):
        return None
    return list(
        Contact.objects.filter(organisation__review=review)
        .exclude(email="")
        .select_related("organisation")
        .order_by("organisation__name", "name")
    )


@login_required
def round_invitations(request, pk: int, round_pk: int):
    round_ = _round(request, pk, round_pk, MANAGE)
    review = round_.review
    if round_.audience != ConsultationRound.Audience.INVITED:
        messages.info(request, _("Only a round for invited people takes invitations."))
        return redirect("stakeholders:round-detail", pk=review.pk, round_pk=round_.pk)
    form = InvitationForm(request.POST or None, contacts=_contacts(request, review))
    if request.method == "POST" and form.is_valid():
        try:
            created = invitations.round_invite(
                actor=request.user,
                round_=round_,
                emails=form.cleaned_data["emails"],
                contacts=form.cleaned_data["contact_objects"],
                base_url=_base_url(request),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if created:
                messages.success(
                    request,
                    ngettext("%(count)s invitation sent.", "%(count)s invitations sent.", len(created))
                    % {"count": len(created)},
                )
            else:
                messages.info(request, _("Everyone listed had already been invited."))
            return redirect("stakeholders:round-invitations", pk=review.pk, round_pk=round_.pk)
    return render(
        request,
        "stakeholders/rounds/invitations.html",
        {"review": review, "round": round_, "form": form, "invitations": invitations.round_invitation_list(round_)},
    )


def _invitation(round_, invitation_pk: int) -> RoundInvitation:
    invitation = get_object_or_404(RoundInvitation, pk=invitation_pk, round=round_)
    invitation.round = round_
    return invitation


@login_required
@require_POST
def round_invitation_resend(request, pk: int, round_pk: int, invitation_pk: int):
    round_ = _round(request, pk, round_pk, MANAGE)
    invitation = _invitation(round_, invitation_pk)
    try:
        invitations.round_invitation_resend(actor=request.user, invitation=invitation, base_url=_base_url(request))
    except ValidationError as error:
        _error_messages(request, error)
    else:
        messages.success(request, _("The invitation to %(email)s has been sent again.") % {"email": invitation.email})
    return redirect("stakeholders:round-invitations", pk=pk, round_pk=round_.pk)


@login_required
@require_POST
def round_invitation_revoke(request, pk: int, round_pk: int, invitation_pk: int):
    round_ = _round(request, pk, round_pk, MANAGE)
    invitation = _invitation(round_, invitation_pk)
    invitations.round_invitation_revoke(actor=request.user, invitation=invitation)
    messages.success(request, _("The invitation to %(email)s has been withdrawn.") % {"email": invitation.email})
    return redirect("stakeholders:round-invitations", pk=pk, round_pk=round_.pk)


_R = "reviews/<int:pk>/engagement/rounds/<int:round_pk>/"

urlpatterns = [
    path("reviews/<int:pk>/engagement/portal/", portal_settings, name="portal-settings"),
    path("reviews/<int:pk>/engagement/portal/publish/", portal_publish, name="portal-publish"),
    path("reviews/<int:pk>/engagement/rounds/", rounds, name="rounds"),
    path("reviews/<int:pk>/engagement/rounds/new/", round_create, name="round-create"),
    path(_R, round_detail, name="round-detail"),
    path(_R + "edit/", round_edit, name="round-edit"),
    path(_R + "delete/", round_delete, name="round-delete"),
    path(_R + "sections/", round_sections, name="round-sections"),
    path(_R + "questions/new/", round_question_create, name="round-question-create"),
    path(_R + "questions/<int:question_pk>/edit/", round_question_edit, name="round-question-edit"),
    path(_R + "questions/<int:question_pk>/delete/", round_question_delete, name="round-question-delete"),
    path(_R + "sections/<int:section_pk>/translations/<str:language>/", round_translation, name="round-translation"),
    path(_R + "publish/", round_publish, name="round-publish"),
    path(_R + "close/", round_close_now, name="round-close-now"),
    path(_R + "extend/", round_extend, name="round-extend"),
    path(_R + "invitations/", round_invitations, name="round-invitations"),
    path(_R + "invitations/<int:invitation_pk>/resend/", round_invitation_resend, name="round-invitation-resend"),
    path(_R + "invitations/<int:invitation_pk>/revoke/", round_invitation_revoke, name="round-invitation-revoke"),
]
