from django import forms
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from reviews.drafting.models import Section
from reviews.drafting.selectors.outline import editor_list_candidates
from reviews.drafting.services.sections import MAX_CONTENT_CHARS

MAX_ID = 2**31 - 1


def _looks_like_id(value) -> bool:
    # Django looks choices up in the database; a huge number would overflow the column.
    return str(value).isdigit() and int(value) <= MAX_ID


class _PersonChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, user):
        return user.get_full_name() or user.username

    def _check_values(self, value):
        for pk in value:
            if not _looks_like_id(pk):
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                )
        return super()._check_values(value)


class _SectionChoice(forms.ModelChoiceField):
    def to_python(self, value):
        if value not in self.empty_values and not _looks_like_id(value):
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class SectionAddForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    parent = _SectionChoice(
        label=_("Part of"),
        queryset=Section.objects.none(),
        required=False,
        empty_label=_("— top level —"),
        help_text=_("Sections have two levels: a new section can go under a top-level section."),
    )

    def __init__(self, *args, review, **kwargs):
        super().__init__(*args, **kwargs)
        # Every section of the review is offered, so that choosing a sub-section gets a
        # clear refusal from the service rather than a vague "invalid choice".
        self.fields["parent"].queryset = Section.objects.filter(review=review).order_by("parent_id", "position", "pk")


class SectionSettingsForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    editors = _PersonChoices(
        label=_("Editors"),
        queryset=get_user_model().objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only they (and coordinators) can edit the section. With nobody chosen, every editor can."),
    )
    due_date = forms.DateField(
        label=_("Due date"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    word_limit = forms.IntegerField(
        label=_("Word limit"), required=False, min_value=1, max_value=100_000, help_text=_("Leave empty for no limit.")
    )

    def __init__(self, *args, review, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["editors"].queryset = editor_list_candidates(review)


class SectionMoveForm(forms.Form):
    direction = forms.ChoiceField(label=_("Direction"), choices=[("up", _("Up")), ("down", _("Down"))])


class SectionContentForm(forms.Form):
    content = forms.CharField(
        label=_("Text"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 24}),
        help_text=_("Without the editor's toolbar: type plain text, with an empty line between paragraphs."),
    )
    base_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=MAX_ID)

    def __init__(self, *args, section, **kwargs):
        super().__init__(*args, **kwargs)
        # The hooks of the rich-text editor (static/js): it enhances exactly this textarea.
        self.fields["content"].widget.attrs.update(
            {
                "data-rich-editor": "",
                "data-upload-url": reverse("reviews:section-image-upload", args=[section.review_id, section.pk]),
                # The "Insert data" dialog reads the country's indicators and series here.
                "data-data-url": reverse("reviews:section-data-choices", args=[section.review_id, section.pk]),
                "data-draft-key": f"section-{section.pk}",
                "data-base-version": str(section.version),
                # The plain-text help is for the fallback: the editor hides it.
                "data-rich-editor-hide": "id_content_helptext content-data-help",
                # Copied by the editor onto its editable surface: the text is in the
                # report's language, and each paragraph runs in its own direction
                # (English in an Arabic interface stays left to right).
                "lang": (section.review.languages or ["en"])[0],
                "dir": "auto",
            }
        )

    def as_fields_html(self):
        """The fields of the unbound form in the markup `{{ form|crispy }}` gives them, written
        directly (crispy's templates were a good part of the editor page's time); a test
        compares the two. A bound form (a refused save, with its errors) goes through crispy."""
        content, version = self["content"], self["base_version"]
        uid = content.auto_id
        widget = content.field.widget
        attrs = {**widget.attrs, "class": "textarea form-control", "aria-describedby": f"{uid}_helptext", "id": uid}
        # In the widget's order (flatatt would sort them); True is a bare attribute.
        attrs_html = format_html_join(
            "", " {}{}", ((key, "" if value is True else format_html('="{}"', value)) for key, value in attrs.items())
        )
        text = widget.format_value(content.value())
        return format_html(
            '<div id="div_{}" class="mb-3"> <label for="{}" class="form-label">{}</label> <textarea name="{}"{}>\n{}'
            '</textarea> <div id="{}_helptext" class="form-text">{}</div> </div> '
            '<input type="hidden" name="{}" value="{}" id="{}">',
            uid,
            uid,
            content.label,
            content.html_name,
            attrs_html,
            text or "",
            uid,
            mark_safe(content.help_text),  # ours, not the user's: crispy shows it as safe too
            version.html_name,
            version.field.widget.format_value(version.value()) or "",
            version.auto_id,
        )

    def clean_content(self):
        content = self.cleaned_data["content"]
        if len(content) > MAX_CONTENT_CHARS:
            raise forms.ValidationError(
                _(
                    "The text is too long: at most %(max)s characters (yours has %(count)s). Nothing was saved; "
                    "your text is still below."
                ),
                params={"max": f"{MAX_CONTENT_CHARS:,}", "count": f"{len(content):,}"},
            )
        return content


class RevisionCompareForm(forms.Form):
    old = forms.IntegerField(label=_("From revision"), min_value=1, max_value=MAX_ID)
    new = forms.IntegerField(label=_("To revision"), min_value=1, max_value=MAX_ID)


class SectionImageForm(forms.Form):
    image = forms.FileField(label=_("Image"), help_text=_("PNG, JPEG, GIF or WebP, at most 5 MB."))
    alt_text = forms.CharField(
        label=_("Text alternative"),
        max_length=500,
        help_text=_("What the image shows, for people who cannot see it."),
    )


# The rich-text editor's words (frontend/editor/src/strings.js), in the page's language.
EDITOR_STRINGS = {
    "toolbar": _("Formatting"),
    "heading2": _("Heading 2"),
    "heading3": _("Heading 3"),
    "heading4": _("Heading 4"),
    "paragraph": _("Paragraph"),
    "bold": _("Bold"),
    "italic": _("Italic"),
    "bulletList": _("Bulleted list"),
    "orderedList": _("Numbered list"),
    "link": _("Link"),
    "insertTable": _("Table"),
    "addRow": _("Add row"),
    "addColumn": _("Add column"),
    "deleteRow": _("Delete row"),
    "deleteColumn": _("Delete column"),
    "deleteTable": _("Delete table"),
    "footnote": _("Footnote"),
    "sdgReference": _("SDG reference"),
    "image": _("Image"),
    "insertData": _("Insert data"),
    "dataTitle": _("Insert live data"),
    "dataSearch": _("Find an indicator"),
    "dataSearchHelp": _("Type a code such as 3.1.1 or words of its title; the list below shows what matches."),
    "dataSeries": _("Indicator and series"),
    "dataKind": _("Show"),
    "dataKindValue": _("Latest value, with its year"),
    "dataKindChart": _("Chart"),
    "dataKindCategory": _("Progress category"),
    "dataLoading": _("Loading the country's indicators…"),
    "dataLoadFailed": _("The country's indicators could not be loaded. Try again."),
    "dataNone": _("The country has no data yet: import it first."),
    "dataNoMatch": _("No indicator matches"),
    "dataMatches": _("{count} series match."),
    "dataSeriesRequired": _("Choose an indicator and series."),
    "dataLabelValue": _("{code} latest value"),
    "dataLabelChart": _("{code} chart"),
    "dataLabelCategory": _("{code} progress category"),
    "insert": _("Insert"),
    "cancel": _("Cancel"),
    "linkTitle": _("Link"),
    "linkUrl": _("Web address"),
    "linkHelp": _("Starts with https://, http:// or mailto:. Leave empty to remove the link."),
    "linkInvalid": _("Enter a web address starting with https://, http:// or mailto:."),
    "footnoteTitle": _("Footnote"),
    "footnoteText": _("Text of the footnote"),
    "footnoteRequired": _("Enter the text of the footnote."),
    "sdgTitle": _("Reference to a goal, target or indicator"),
    "sdgCode": _("Code"),
    "sdgHelp": _("A goal (3), a target (3.1 or 3.a) or an indicator (3.1.1)."),
    "sdgInvalid": _("Enter a code like 3, 3.1, 3.a or 3.1.1 (goals 1 to 17)."),
    "sdgGoal": _("Goal {ref}"),
    "sdgTarget": _("Target {ref}"),
    "sdgIndicator": _("Indicator {ref}"),
    "imageTitle": _("Image"),
    "imageFile": _("Image file"),
    "imageAlt": _("Text alternative"),
    "imageAltHelp": _("What the image shows, for readers who cannot see it."),
    "imageFileRequired": _("Choose an image file."),
    "imageAltRequired": _("Describe the image."),
    "uploading": _("Uploading…"),
    "uploadFailed": _("The image could not be uploaded. Try again."),
    "draftNotice": _("Unsaved text from {time} was kept in this browser."),
    "restoreDraft": _("Restore it"),
    "discardDraft": _("Discard"),
}

_EDITOR_STRINGS_BY_LANGUAGE: dict[str | None, dict[str, str]] = {}


def editor_strings() -> dict[str, str]:
    """EDITOR_STRINGS in the active language: translated once per language and process (the
    catalogues do not change while it runs), not on each page that has the editor."""
    language = get_language()
    if language not in _EDITOR_STRINGS_BY_LANGUAGE:
        _EDITOR_STRINGS_BY_LANGUAGE[language] = {key: str(text) for key, text in EDITOR_STRINGS.items()}
    return _EDITOR_STRINGS_BY_LANGUAGE[language]
