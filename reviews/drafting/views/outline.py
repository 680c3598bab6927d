"""The report's outline: numbered sections, and coordinators adding, moving, renaming,
giving out and removing them."""

from html import escape

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import localize
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reviews.core.access import get_review_for
from reviews.drafting.forms.sections import SectionAddForm, SectionMoveForm, SectionSettingsForm
from reviews.drafting.selectors import outline as selectors
from reviews.drafting.services import outline as services
from reviews.drafting.views.sections import get_section_for
from vnr_portal.common.errors import add_service_errors
from vnr_portal.common.reversing import url_maker


@login_required
def outline(request, pk: int):
    review = get_review_for(request, pk, "reviews.view_draft")
    sections = selectors.outline_list(review, with_content=False)
    can_manage = request.user.has_perm("reviews.manage_outline", review)
    # Each address pattern reversed once for the page, then filled in per section.
    detail = url_maker("reviews:section-detail", review.pk, None)
    if can_manage:
        move = url_maker("reviews:outline-section-move", review.pk, None)
        settings = url_maker("reviews:outline-section-settings", review.pk, None)
        remove = url_maker("reviews:outline-section-remove", review.pk, None)
    for section in sections:
        section.url = detail(section.pk)
        if can_manage:
            section.move_url, section.settings_url = move(section.pk), settings(section.pk)
            section.remove_url = remove(section.pk)
    rows = _outline_rows(request, review, sections, can_manage=can_manage)
    return render(
        request,
        "reviews/drafting/outline.html",
        {"review": review, "sections": sections, "rows": rows, "can_manage": can_manage},
    )


STATUS_BADGES = {"approved": "text-bg-success", "in_review": "text-bg-info"}


def _outline_rows(request, review, sections, *, can_manage: bool) -> str:
    """The outline's rows as html, made here rather than by the template cell by cell (a
    big report has two hundred sections), laid out as its loop laid them out. Every text
    from the database is escaped."""
    texts = {
        key: escape(value)
        for key, value in {
            "any_editor": _("any editor"),
            "late": _("late"),
            "data_changed": _("data changed"),
            "over_limit": _("over the limit"),
            "up": _("Up"),
            "down": _("Down"),
            "settings": _("Settings"),
            "add_sub": _("Add a sub-section"),
            "remove": _("Remove"),
        }.items()
    }
    add_url = escape(reverse("reviews:outline-section-add", args=[review.pk]))
    csrf = f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(get_token(request))}">'
    rows = []
    for section in sections:
        title = escape(section.title)
        arrow = '<span aria-hidden="true">↳ </span>' if section.depth else ""
        badge = STATUS_BADGES.get(section.status, "text-bg-secondary")
        status = f'<span class="badge {badge}">{escape(section.status_label)}</span>'
        if section.data_changed_at:
            codes = escape(", ".join(str(code) for code in section.data_changed_codes or []))
            status += (
                f' <span class="badge text-bg-warning" title="{codes}">{texts["data_changed"]}'
                f'<span class="visually-hidden">: {codes}</span></span>'
            )
        over = section.over_word_limit
        if over:
            words = (
                f'<span class="text-danger fw-semibold">{escape(section.words_text)} '
                f'<span class="badge text-bg-danger">{texts["over_limit"]}</span></span>'
            )
        else:
            words = f"<span>{escape(section.words_text)}</span>"
        editors = ", ".join(f"<bdi>{escape(name)}</bdi>" for name in section.editor_names) or (
            f'<span class="text-body-secondary">{texts["any_editor"]}</span>'
        )
        due = ""
        if section.due_date:
            due = f'<time datetime="{section.due_date.isoformat()}">{escape(localize(section.due_date))}</time>'
            if section.is_late:
                due += f' <span class="badge text-bg-danger">{texts["late"]}</span>'
        cells = [
            f"<td>{escape(section.number)}</td>",
            f'<th scope="row" class="{"fw-normal tree-division" if section.depth else ""}">{arrow}'
            f'<a href="{escape(section.url)}"><bdi>{title}</bdi></a></th>',
            f"<td>{status}</td>",
            f"<td>{words}</td>",
            f"<td>{editors}</td>",
            f"<td>{due}</td>",
        ]
        if can_manage:
            hidden = f'<span class="visually-hidden"> {title}</span>'
            move_url = escape(section.move_url)
            actions = []
            for shown, direction, sign in ((not section.is_first, "up", "↑"), (not section.is_last, "down", "↓")):
                if shown:
                    actions.append(
                        f'<form method="post" action="{move_url}" class="d-inline">{csrf}'
                        f'<input type="hidden" name="direction" value="{direction}">'
                        f'<button type="submit" class="btn btn-sm btn-outline-secondary"><span aria-hidden="true">'
                        f"{sign}</span> {texts[direction]}{hidden}</button></form>"
                    )
            actions.append(f'<a href="{escape(section.settings_url)}">{texts["settings"]}{hidden}</a> ·')
            if not section.depth and not section.is_main_messages:
                actions.append(f'<a href="{add_url}?parent={section.pk}">{texts["add_sub"]}{hidden}</a> ·')
            actions.append(f'<a href="{escape(section.remove_url)}">{texts["remove"]}{hidden}</a>')
            cells.append('<td class="text-nowrap">' + "\n".join(actions) + "</td>")
        rows.append(f'\n    <tr id="section-{section.pk}">' + "".join(cells) + "</tr>\n  ")
    return mark_safe("".join(rows))  # every text escaped above


@login_required
def outline_section_add(request, pk: int):
    review = get_review_for(request, pk, "reviews.view_draft")
    if not request.user.has_perm("reviews.manage_outline", review):
        if review.is_frozen:
            raise PermissionDenied(_(services.FROZEN_MESSAGE))
        raise PermissionDenied(_("You do not have the role in this review that this action needs."))
    form = SectionAddForm(request.POST or None, review=review, initial={"parent": request.GET.get("parent")})
    if request.method == "POST" and form.is_valid():
        try:
            section = services.section_add(actor=request.user, review=review, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("“%(title)s” has been added.") % {"title": section.title})
            return redirect(reverse("reviews:outline", args=[review.pk]) + f"#section-{section.pk}")
    return render(
        request, "reviews/drafting/outline_form.html", {"review": review, "form": form, "heading": _("Add a section")}
    )


@login_required
def outline_section_settings(request, pk: int, section_pk: int):
    section = get_section_for(request, pk, section_pk, "reviews.manage_outline")
    initial = {
        "title": section.title,
        "editors": list(section.editors.all()),
        "due_date": section.due_date,
        "word_limit": section.word_limit,
    }
    form = SectionSettingsForm(request.POST or None, review=section.review, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.section_update(actor=request.user, section=section, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("“%(title)s” has been saved.") % {"title": section.title})
            return redirect(reverse("reviews:outline", args=[pk]) + f"#section-{section.pk}")
    heading = _("Section settings: %(title)s") % {"title": initial["title"]}
    return render(
        request, "reviews/drafting/outline_form.html", {"review": section.review, "form": form, "heading": heading}
    )


@login_required
@require_POST
def outline_section_move(request, pk: int, section_pk: int):
    section = get_section_for(request, pk, section_pk, "reviews.manage_outline")
    form = SectionMoveForm(request.POST)
    if form.is_valid():
        try:
            moved = services.section_move(actor=request.user, section=section, direction=form.cleaned_data["direction"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if not moved:
                messages.info(request, _("“%(title)s” cannot move further that way.") % {"title": section.title})
    else:
        messages.error(request, _("Choose up or down."))
    return redirect(reverse("reviews:outline", args=[pk]) + f"#section-{section.pk}")


@login_required
def outline_section_remove(request, pk: int, section_pk: int):
    section = get_section_for(request, pk, section_pk, "reviews.manage_outline")
    if request.method == "POST":
        try:
            services.section_remove(actor=request.user, section=section)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("“%(title)s” has been removed.") % {"title": section.title})
        return redirect("reviews:outline", pk=pk)
    return render(
        request,
        "reviews/drafting/outline_remove.html",
        {"review": section.review, "section": section, "impact": selectors.section_get_removal_impact(section)},
    )
