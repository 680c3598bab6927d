from django import forms
from django.utils.translation import gettext_lazy as _

from reviews.drafting.models import SectionDecision
from reviews.drafting.services.section_review import BODY_MAX, QUOTE_MAX


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Comment"),
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Plain text, at most 5000 characters."),
    )
    quote = forms.CharField(
        label=_("Passage commented on (optional)"),
        max_length=QUOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "data-comment-quote": ""}),
        help_text=_(
            "Copy the words of the section your comment is about, or leave empty to comment on the whole section."
        ),
    )


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Reply"),
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Plain text, at most 5000 characters."),
    )

    def __init__(self, *args, comment=None, **kwargs):
        super().__init__(*args, **kwargs)
        if comment is not None:
            # Several reply forms on one page: distinct ids keep each label tied to its field.
            self.auto_id = f"id_reply_{comment.pk}_%s"


class DecisionForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Your decision"),
        choices=[
            (SectionDecision.Kind.APPROVE, _("Approve this revision")),
            (SectionDecision.Kind.REQUEST_CHANGES, _("Request changes")),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=BODY_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when requesting changes: say what should change."),
    )
    revision_number = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
