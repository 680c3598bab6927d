"""Taking part: writing a contribution, its files, flagging one, my contributions."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from stakeholders import rules as perms
from stakeholders.languages import question_text
from stakeholders.registry.selectors import category_choice_list, organisation_choice_list
from stakeholders.rounds.documents import document_paragraphs
from stakeholders.rounds.models import RoundDocument, RoundQuestion
from vnr_portal.common.errors import add_service_errors
from vnr_portal.common.throttle import Throttled, client_id, retry_after, throttle_all

from .. import selectors
from ..forms.contributions import ContributionForm, FlagForm
from ..models import Contribution, ContributionAttachment
from ..services import accounts as account_services
from ..services import contributions as services
from . import drafts
from .access import get_portal_review, get_public_round, refused

THANKS = gettext_lazy("Thank you: your contribution has been received.")
FLAG_REFUSED = gettext_lazy(
    "Only the review's team and people who took part in its consultations with a confirmed e-mail address "
    "can report contributions."
)


# What a visitor's draft keeps (files cannot be kept: they are added after signing in).
DRAFT_FIELDS = ("kind", "body", "quote", "proposed_text", "language")


def _int_param(request, name: str) -> int | None:
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() and len(value) < 10 else None


def _target(request, round_):
    """The document (+ paragraph) or question the contribution is about, from the query string."""
    document = question = paragraph = None
    document_pk, question_pk = _int_param(request, "document"), _int_param(request, "question")
    if document_pk is not None:
        document = get_object_or_404(RoundDocument, pk=document_pk, round=round_)
        paragraph = _int_param(request, "paragraph")
        if paragraph is not None and not 0 <= paragraph < len(document_paragraphs(document)):
            raise Http404(_("This paragraph is not in the section."))
    elif question_pk is not None:
        question = get_object_or_404(RoundQuestion, pk=question_pk, round=round_)
    return document, paragraph, question


def _languages(round_, review) -> list[str]:
    seen, codes = set(), []
    for code in [*(round_.languages or []), *(review.languages or []), get_language() or "en"]:
        if code and code.lower() not in seen:
            seen.add(code.lower())
            codes.append(code)
    return codes


def _default_language(codes) -> str:
    page = (get_language() or "en").lower()
    return next((code for code in codes if code.lower() == page), codes[0])


def _conduct_first(request, review):
    """To the code of conduct, and back here once it is accepted."""
    return redirect(
        f"{reverse('stakeholders:portal-conduct', args=[review.pk])}?{urlencode({'next': request.get_full_path()})}"
    )


def contribute(request, pk: int, round_pk: int):
    """Write a contribution. A visitor not signed in types it first (the text only); it is
    kept in their session while they sign up or sign in on one page, and they come back
    here with it (views/drafts.py). The optional questions about the person are asked
    once, with their first contribution, and kept on their profile."""
    review = get_portal_review(request, pk)
    round_, refusal = get_public_round(request, review, round_pk)
    if refusal:
        return refusal
    document, paragraph, question = _target(request, round_)
    visitor = not request.user.is_authenticated
    try:
        if visitor:
            services.contribution_check_open(round=round_)
        else:
            services.contribution_check_allowed(user=request.user, round=round_)
    except services.ConductNotAccepted:
        return _conduct_first(request, review)
    except services.ContributionRefused as error:
        return refused(request, review, round_, error.message, status=error.status, reason=error.reason)
    if document is not None:
        kinds = [Contribution.Kind.COMMENT, Contribution.Kind.REWORDING]
    elif question is not None:
        kinds = [Contribution.Kind.ANSWER]
    else:
        kinds = [Contribution.Kind.GENERAL]
    codes = _languages(round_, review)
    passage = document_paragraphs(document)[paragraph] if document is not None and paragraph is not None else ""
    path = request.get_full_path()
    profile = None if visitor else selectors.contributor_profile_get(request.user)
    draft = {} if request.method == "POST" else drafts.draft_for(request, path, profile)
    initial = {"language": _default_language(codes), "kind": kinds[0], "quote": strip_tags(passage).strip()[:2000]}
    initial.update({key: value for key, value in draft.items() if key in DRAFT_FIELDS and value})
    if initial.get("kind") not in kinds or initial.get("language") not in codes:
        initial.update(kind=kinds[0], language=_default_language(codes))
    form = ContributionForm(
        request.POST or None,
        request.FILES or None,
        round=round_,
        kinds=kinds,
        languages=codes,
        organisations=organisation_choice_list(review),
        categories=category_choice_list(review),
        ask_about=profile is not None and not profile.about_asked,
        visitor=visitor,
        initial=initial,
    )
    round_url = reverse("stakeholders:portal-round", args=[review.pk, round_.pk])
    status = 200
    if request.method == "POST":
        if form.is_bot():
            # Nothing saved; the same answer a person gets, so a bot learns nothing.
            messages.success(request, THANKS)
            return redirect(round_url)
        status = 400
        if form.is_valid() and visitor:
            drafts.draft_keep(request, path, {key: form.cleaned_data.get(key) or "" for key in DRAFT_FIELDS})
            return redirect(f"{reverse('stakeholders:portal-signup')}?{urlencode({'next': path})}")
        if form.is_valid():
            data = form.cleaned_data
            try:
                contribution = services.contribution_create(
                    actor=request.user,
                    round=round_,
                    kind=data["kind"],
                    body=data["body"],
                    document=document,
                    paragraph=paragraph,
                    question=question,
                    quote=data.get("quote", ""),
                    proposed_text=data.get("proposed_text", ""),
                    language=data["language"],
                    on_behalf_of=data.get("on_behalf_of"),
                    organisation_name=data["organisation_name"],
                    attachments=data["attachments"],
                    about=form.about(),
                )
            except services.ContributionThrottled as error:
                form.add_error(None, error.message)
                status = 429
            except services.ConductNotAccepted:
                return _conduct_first(request, review)
            except services.ContributionRefused as error:
                return refused(request, review, round_, error.message, status=error.status, reason=error.reason)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                drafts.draft_forget(request, path)
                account_services.contributor_draft_clear(user=request.user)
                messages.success(request, THANKS)
                return redirect(f"{reverse('stakeholders:portal-mine')}#contribution-{contribution.pk}")
    context = {
        "review": review,
        "portal": review.portal,
        "round": round_,
        "form": form,
        "visitor": visitor,
        "draft_restored": bool(draft.get("body")),
        "document": document,
        "paragraph_number": paragraph + 1 if paragraph is not None else None,
        "passage": passage,
        "question": question,
        "question_text": question_text(question, get_language()) if question else "",
        "round_url": round_url,
        "join_url": f"{reverse('stakeholders:portal-signup')}?{urlencode({'next': path})}",
    }
    response = render(request, "stakeholders/portal/contribute.html", context, status=status)
    if status == 429:
        response["Retry-After"] = "600"
    return response


def attachment(request, pk: int, contribution_pk: int, attachment_pk: int):
    contribution = get_object_or_404(
        Contribution.objects.select_related("round__review__portal"), pk=contribution_pk, round__review_id=pk
    )
    if not request.user.has_perm(perms.VIEW_CONTRIBUTION_FILES, contribution):
        raise PermissionDenied(_("This file is not public."))
    item = get_object_or_404(ContributionAttachment, pk=attachment_pk, contribution=contribution)
    try:
        handle = item.file.open("rb")
    except (FileNotFoundError, ValueError) as error:
        raise Http404(_("This file is missing.")) from error
    response = FileResponse(handle, content_type=item.content_type, as_attachment=True, filename=item.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'"
    return response


@login_required
@require_POST
def flag(request, pk: int, contribution_pk: int):
    contribution = get_object_or_404(
        Contribution.objects.select_related("round__review__portal"), pk=contribution_pk, round__review_id=pk
    )
    round_ = contribution.round
    review = round_.review
    if not perms.can_view_contribution_round.test(request.user, contribution):
        raise Http404(_("This consultation is not open to the public."))
    if not request.user.has_perm(perms.FLAG_IN_REVIEW, review):
        return refused(request, review, round_, str(FLAG_REFUSED), status=403)
    try:
        throttle_all([("flag_account", request.user.pk), ("flag_client", client_id(request))])
    except Throttled as error:
        return retry_after(refused(request, review, round_, str(error), status=429), error)
    form = FlagForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        sent = services.contribution_flag(actor=request.user, contribution=contribution, reason=reason)
    except PermissionDenied as error:
        return refused(request, review, round_, str(error), status=403)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if sent:
            messages.success(request, _("Thank you: this contribution is hidden until a moderator looks at it."))
        else:
            messages.success(request, _("Thank you: the moderators will look at this contribution."))
    # Back to the contribution, on the page of the round that shows it.
    return redirect(reverse("stakeholders:portal-round", args=[pk, round_.pk]) + f"?contribution={contribution.pk}")


@login_required
def mine(request):
    page = Paginator(selectors.contribution_list_for_user(request.user), 20).get_page(request.GET.get("page"))
    profile = getattr(request.user, "contributor", None)
    return render(request, "stakeholders/portal/mine.html", {"page": page, "profile": profile})
