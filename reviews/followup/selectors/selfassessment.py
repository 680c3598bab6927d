"""Reads of the institutional self-assessment: the summary every member sees (per question
and per respondent group: answers, mean, distribution), the raw answers for coordinators,
and a respondent's own answers. Each in a fixed number of queries."""

from collections import defaultdict
from dataclasses import dataclass, field

from reviews.core.models import Review
from reviews.followup.models.selfassessment import (
    SCALE_LABELS,
    SCALE_MAX,
    SCALE_MIN,
    SelfAssessment,
    SelfAssessmentAnswer,
    SelfAssessmentRespondent,
)

SCALE = list(range(SCALE_MIN, SCALE_MAX + 1))


def selfassessment_for(review: Review) -> SelfAssessment | None:
    return SelfAssessment.objects.filter(review=review).first()


def _mean(scores: list[int]) -> float | None:
    return round(sum(scores) / len(scores), 1) if scores else None


@dataclass
class QuestionResult:
    question: object
    answers: int = 0
    dont_know: int = 0
    mean: float | None = None
    # [(score, label, count)] for 1..5
    distribution: list = field(default_factory=list)
    # {group label: mean}
    by_group: dict = field(default_factory=dict)


@dataclass
class Results:
    assessment: SelfAssessment
    questions: list
    groups: list  # [(label, invited, answered)]
    invited: int
    answered: int


def selfassessment_results(assessment: SelfAssessment) -> Results:
    """The summary: three queries whatever the number of answers (questions, respondents,
    answers' scores)."""
    questions = list(assessment.questions.all())
    respondents = list(assessment.respondents.values("group_label", "answered_at"))
    rows = SelfAssessmentAnswer.objects.filter(respondent__assessment=assessment).values_list(
        "question_id", "score", "respondent__group_label"
    )
    scores = defaultdict(list)
    dont_know = defaultdict(int)
    by_group = defaultdict(lambda: defaultdict(list))
    for question_id, score, group in rows:
        if score is None:
            dont_know[question_id] += 1
        else:
            scores[question_id].append(score)
            by_group[question_id][group].append(score)
    group_counts: dict[str, list[int]] = {}
    for row in respondents:
        counts = group_counts.setdefault(row["group_label"], [0, 0])
        counts[0] += 1
        counts[1] += row["answered_at"] is not None
    labels = sorted(group_counts)
    results = []
    for question in questions:
        given = scores[question.pk]
        results.append(
            QuestionResult(
                question=question,
                answers=len(given) + dont_know[question.pk],
                dont_know=dont_know[question.pk],
                mean=_mean(given),
                distribution=[(n, SCALE_LABELS[n], given.count(n)) for n in SCALE],
                by_group={label: _mean(by_group[question.pk][label]) for label in labels},
            )
        )
    return Results(
        assessment=assessment,
        questions=results,
        groups=[(label, *group_counts[label]) for label in labels],
        invited=len(respondents),
        answered=sum(1 for row in respondents if row["answered_at"] is not None),
    )


def selfassessment_raw_answers(assessment: SelfAssessment) -> list:
    """Every respondent who answered, with their answers by question (coordinators only):
    three queries."""
    questions = list(assessment.questions.all())
    respondents = list(
        SelfAssessmentRespondent.objects.filter(assessment=assessment, answered_at__isnull=False)
        .select_related("user")
        .prefetch_related("answers")
        .order_by("group_label", "user__username")
    )
    table = []
    for respondent in respondents:
        answers = {answer.question_id: answer for answer in respondent.answers.all()}
        table.append((respondent, [(question, answers.get(question.pk)) for question in questions]))
    return table


def respondent_answers(assessment: SelfAssessment, user) -> tuple[SelfAssessmentRespondent | None, dict]:
    respondent = SelfAssessmentRespondent.objects.filter(assessment=assessment, user=user).first()
    if respondent is None:
        return None, {}
    return respondent, {answer.question_id: answer for answer in respondent.answers.all()}
