"""The review of a draft section: its text beside the comment threads and decisions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reviews import rules as perms
from reviews.core.access import check_perm, get_review_for
from reviews.drafting.forms.section_review import CommentForm, DecisionForm, ReplyForm
from reviews.drafting.models import Section, SectionComment
from reviews.drafting.selectors.data_references import section_content_with_data
from reviews.drafting.services import section_review as services
from vnr_portal.common.errors import add_service_errors

VIEW_PERM = "reviews.view_draft"


def _get_section(request, pk: int, section_pk: int) -> Section:
    """The section of review `pk` the user may read (404 if it is another review's)."""
    review = get_review_for(request, pk, VIEW_PERM)
    section = get_object_or_404(Section.objects.prefetch_related("editors"), pk=section_pk, review=review)
    section.review = review
    return section


def _page_url(section: Section, anchor: str = "") -> str:
    url = reverse("reviews:section-review", args=[section.review_id, section.pk])
    return f"{url}#{anchor}" if anchor else url


def _render(request, section: Section, *, comment_form=None, decision_form=None, reply_form=None, status=200):
    replies = SectionComment.objects.select_related("author", "resolved_by").order_by("created_at", "pk")
    threads = list(
        section.comments.filter(parent=None)
        .select_related("author", "resolved_by")
        .prefetch_related(Prefetch("replies", queryset=replies))
    )
    for thread in threads:
        # The rules read comment.section.review: hand them the objects already loaded.
        thread.section = section
        bound = reply_form is not None and reply_form.comment_pk == thread.pk
        thread.reply_form = reply_form if bound else ReplyForm(comment=thread)
        for reply in thread.replies.all():
            reply.section = section
    user = request.user
    decisions = list(section.decisions.select_related("reviewer")[:10])
    approval = next((d for d in decisions if d.kind == "approve"), None)
    context = {
        "review": section.review,
        "section": section,
        "here": section.title,
        "open_threads": [thread for thread in threads if thread.resolved_at is None],
        "resolved_threads": [thread for thread in threads if thread.resolved_at is not None],
        "decisions": decisions,
        "content": section_content_with_data(section),
        "last_approval": approval,
        "approval_counts": (
            approval is not None and approval.revision_number == section.version and approval.data_stale_at is None
        ),
        # A reviewer who may not decide on their own work is told why (the same rule as
        # `reviews.decide_section`, which the form and the view check).
        "own_work": (
            not section.review.is_frozen
            and perms.is_reviewer(user, section)
            and not perms.may_decide_own_work(user, section)
        ),
        "comment_form": comment_form or CommentForm(),
        "decision_form": decision_form or DecisionForm(initial={"revision_number": section.version}),
    }
    return render(request, "reviews/drafting/section_review.html", context, status=status)


@login_required
def section_review(request, pk: int, section_pk: int):
    return _render(request, _get_section(request, pk, section_pk))


@login_required
@require_POST
def section_submit(request, pk: int, section_pk: int):
    section = _get_section(request, pk, section_pk)
    check_perm(request, "reviews.change_section", section)
    try:
        services.section_submit(actor=request.user, section=section)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The section has been submitted; its reviewers have been told."))
    return redirect(_page_url(section))


@login_required
@require_POST
def section_comment_create(request, pk: int, section_pk: int):
    section = _get_section(request, pk, section_pk)
    check_perm(request, "reviews.comment_section", section)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            comment = services.section_comment_add(actor=request.user, section=section, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your comment has been added."))
            return redirect(_page_url(section, f"comment-{comment.pk}"))
    return _render(request, section, comment_form=form, status=400)


@login_required
@require_POST
def section_comment_reply(request, pk: int, section_pk: int, comment_pk: int):
    section = _get_section(request, pk, section_pk)
    check_perm(request, "reviews.comment_section", section)
    parent = get_object_or_404(SectionComment, pk=comment_pk, section=section)
    form = ReplyForm(request.POST, comment=parent)
    form.comment_pk = parent.parent_id or parent.pk
    if form.is_valid():
        try:
            reply = services.section_comment_add(
                actor=request.user, section=section, body=form.cleaned_data["body"], parent=parent
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your reply has been added."))
            return redirect(_page_url(section, f"comment-{reply.pk}"))
    return _render(request, section, reply_form=form, status=400)


@login_required
@require_POST
def section_comment_resolve(request, pk: int, section_pk: int, comment_pk: int):
    section = _get_section(request, pk, section_pk)
    comment = get_object_or_404(SectionComment, pk=comment_pk, section=section, parent=None)
    comment.section = section
    check_perm(request, "reviews.resolve_comment", comment)
    resolved = request.POST.get("resolved") != "0"
    services.section_comment_resolve(actor=request.user, comment=comment, resolved=resolved)
    messages.success(request, _("The comment has been resolved.") if resolved else _("The comment is open again."))
    return redirect(_page_url(section, f"comment-{comment.pk}"))


@login_required
@require_POST
def section_decide(request, pk: int, section_pk: int):
    section = _get_section(request, pk, section_pk)
    check_perm(request, "reviews.decide_section", section)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            decision = services.section_decide(actor=request.user, section=section, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
            # The page shows the current text again: a second try decides on that text.
            form.data = form.data.copy()
            form.data["revision_number"] = str(section.version)
        else:
            approved = decision.kind == "approve"
            messages.success(request, _("The section is approved.") if approved else _("Changes have been requested."))
            return redirect(_page_url(section, "decisions"))
    return _render(request, section, decision_form=form, status=400)
