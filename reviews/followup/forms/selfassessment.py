from django import forms
from django.utils.translation import gettext_lazy as _

from reviews.followup.models.selfassessment import SCALE_LABELS, SelfAssessmentQuestion
from vnr_portal.common.widgets import DateInput

DONT_KNOW = "dk"


class SelfAssessmentForm(forms.Form):
    opens_on = forms.DateField(label=_("Opens on"), widget=DateInput())
    closes_on = forms.DateField(label=_("Closes on"), widget=DateInput())
    first_vnr_arrangements = forms.CharField(
        label=_("The first VNR's arrangements"),
        help_text=_("A short description of the council or committee that steered the first VNR (plain text)."),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=4000,
        required=False,
    )


class QuestionForm(forms.ModelForm):
    class Meta:
        model = SelfAssessmentQuestion
        fields = ["text"]


class InviteForm(forms.Form):
    groups = forms.MultipleChoiceField(label=_("Invite"), widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["groups"].choices = [
            (key, _("%(group)s (%(count)s)") % {"group": label, "count": len(users)}) for key, label, users in groups
        ]


def _score(value):
    return None if value == DONT_KNOW else int(value)


class AnswerForm(forms.Form):
    """A score on the scale (or "don't know") and a comment for each question:
    fields `q<id>_score`, `q<id>_comment`."""

    def __init__(self, *args, questions, answers, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(str(n), label) for n, label in SCALE_LABELS.items()] + [(DONT_KNOW, _("Don't know"))]
        self.questions = questions
        for question in questions:
            answer = answers.get(question.pk)
            score_field = forms.TypedChoiceField(
                label=_("Your score"), choices=choices, coerce=_score, widget=forms.RadioSelect
            )
            comment_field = forms.CharField(
                label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, required=False
            )
            if answer is not None:
                score_field.initial = DONT_KNOW if answer.score is None else str(answer.score)
                comment_field.initial = answer.comment
            self.fields[f"q{question.pk}_score"] = score_field
            self.fields[f"q{question.pk}_comment"] = comment_field

    def rows(self):
        return [
            (question, self[f"q{question.pk}_score"], self[f"q{question.pk}_comment"]) for question in self.questions
        ]

    def answers(self) -> dict:
        data = self.cleaned_data
        return {q.pk: (data[f"q{q.pk}_score"], data.get(f"q{q.pk}_comment", "")) for q in self.questions}
