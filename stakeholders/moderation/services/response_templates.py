"""Prepared answers of a review's moderators, per class of feedback and language, with
defaults in English and Chinese put in on the first visit."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from reviews.core.audit import audit_record
from reviews.models import AuditEntry, Review
from stakeholders.portal.models import Classification

from ..models import ResponseTemplate
from ..selectors import template_languages

MAX_TITLE = 200
MAX_BODY = 5000
DEFAULTS_ACTION = "stakeholders.moderation.templates_defaults"

# The prepared answers a review starts with: language -> class -> (title, body). Kept
# here as data, not as translatable strings: each is the answer *in* that language.
DEFAULT_TEMPLATES = {
    "en": {
        Classification.CONSTRUCTIVE: (
            "Thank you: your point goes to the drafting team",
            "Thank you for your contribution. The drafting team will consider it when revising this part of the "
            "report, and the consultation summary will show how it was taken into account.",
        ),
        Classification.POLITICAL: (
            "Political views: noted, outside the report's scope",
            "Thank you for sharing your view. The review reports on progress towards the Sustainable Development "
            "Goals and does not take positions on party politics. Where your comment bears on a goal or a policy "
            "the report describes, the drafting team will consider that part.",
        ),
        Classification.HARMFUL: (
            "Hidden: against the code of conduct",
            "This contribution has been hidden because it breaks the code of conduct: it contains abusive or "
            "harmful language. You are welcome to take part again with a respectful contribution on the draft.",
        ),
        Classification.SPAM: (
            "Removed as spam",
            "This contribution has been removed as spam: it does not comment on the draft. Contributions should "
            "be about the review and its sections.",
        ),
        Classification.OFF_TOPIC: (
            "Outside the topic of this consultation",
            "Thank you for writing. Your contribution is outside the topic of this consultation, so the drafting "
            "team cannot take it into the report. The portal lists the contacts of the secretariat for other "
            "questions.",
        ),
    },
    "zh-Hans": {
        Classification.CONSTRUCTIVE: (
            "感谢您的意见：已转交起草小组",
            "感谢您提出宝贵意见。起草小组在修订报告这一部分时会认真研究您的建议，征询意见总结中也将说明采纳情况。",
        ),
        Classification.POLITICAL: (
            "政治性观点：已记录，但不在报告范围内",
            "感谢您分享看法。本次国别自愿陈述报告侧重于可持续发展目标的进展情况，不对党派政治问题表明立场。"
            "如您的意见涉及报告所述的某项目标或政策，起草小组将就相关内容予以考虑。",
        ),
        Classification.HARMFUL: (
            "已隐藏：违反行为准则",
            "由于此条意见含有辱骂或有害言论，违反了行为准则，现已被隐藏。欢迎您以尊重他人的方式，就草稿内容再次发表意见。",
        ),
        Classification.SPAM: (
            "已作为垃圾信息删除",
            "此条内容与草稿无关，已作为垃圾信息删除。请围绕本次陈述报告及其各章节发表意见。",
        ),
        Classification.OFF_TOPIC: (
            "与本次征询主题无关",
            "感谢您的来信。您的意见与本次征询的主题无关，因此起草小组无法将其纳入报告。"
            "如有其他问题，请通过门户网站上公布的秘书处联系方式与我们联系。",
        ),
    },
}


def _clean(review: Review, *, classification: str, language: str, title: str, body: str) -> dict:
    errors = {}
    title = (title or "").replace("\x00", "").strip()
    body = (body or "").replace("\x00", "").strip()
    if classification not in Classification.values:
        errors["classification"] = _("Choose one of the classes.")
    if language not in dict(template_languages(review)):
        errors["language"] = _("Choose one of the review's languages.")
    if not title:
        errors["title"] = _("Give the answer a title moderators will recognise.")
    elif len(title) > MAX_TITLE:
        errors["title"] = _("Keep the title under %(max)s characters.") % {"max": MAX_TITLE}
    if not body:
        errors["body"] = _("Write the answer.")
    elif len(body) > MAX_BODY:
        errors["body"] = _("Keep the answer under %(max)s characters.") % {"max": MAX_BODY}
    if errors:
        raise ValidationError(errors)
    return {"classification": classification, "language": language, "title": title, "body": body}


@transaction.atomic
def response_template_create(
    *, actor, review: Review, classification: str, language: str, title: str, body: str
) -> ResponseTemplate:
    """A new prepared answer (plain text). Audited."""
    template = ResponseTemplate(
        review=review, **_clean(review, classification=classification, language=language, title=title, body=body)
    )
    template.full_clean()
    template.save()
    audit_record(
        review=review,
        actor=actor,
        action="stakeholders.moderation.template_create",
        summary=_("Prepared answer added: %(title)s") % {"title": template.title},
        data={"template": template.pk, "class": template.classification, "language": template.language},
    )
    return template


@transaction.atomic
def response_template_update(
    *, actor, template: ResponseTemplate, classification: str, language: str, title: str, body: str
) -> bool:
    """Change a prepared answer; False when nothing changed. Audited."""
    values = _clean(template.review, classification=classification, language=language, title=title, body=body)
    if all(getattr(template, name) == value for name, value in values.items()):
        return False
    for name, value in values.items():
        setattr(template, name, value)
    template.full_clean()
    template.save()
    audit_record(
        review=template.review,
        actor=actor,
        action="stakeholders.moderation.template_update",
        summary=_("Prepared answer changed: %(title)s") % {"title": template.title},
        data={"template": template.pk, "class": template.classification, "language": template.language},
    )
    return True


@transaction.atomic
def response_template_delete(*, actor, template: ResponseTemplate) -> None:
    """Delete a prepared answer; answers already given from it stay. Audited."""
    audit_record(
        review=template.review,
        actor=actor,
        action="stakeholders.moderation.template_delete",
        summary=_("Prepared answer deleted: %(title)s") % {"title": template.title},
        data={"template": template.pk, "class": template.classification, "language": template.language},
    )
    template.delete()


@transaction.atomic
def templates_ensure_defaults(review: Review, *, actor=None) -> int:
    """Put the default prepared answers (five classes, in the review's languages among
    English and Chinese) into a review once. Idempotent: a review that got them — even
    if its moderators deleted some since — gets nothing again. Returns how many were
    added. Locks the review row so two first visits do not both add them."""
    done = AuditEntry.objects.filter(review=review, action=DEFAULTS_ACTION)
    if done.exists():
        return 0
    Review.objects.select_for_update().filter(pk=review.pk).first()
    if done.exists():  # put in by a visit that held the lock before this one
        return 0
    codes = {code.lower(): code for code in (review.languages or ["en"])}
    existing = set(ResponseTemplate.objects.filter(review=review).values_list("classification", "language"))
    new = []
    for language, answers in DEFAULT_TEMPLATES.items():
        code = codes.get(language.lower())
        if code is None:
            continue
        for classification, (title, body) in answers.items():
            if (classification.value, code) in existing:
                continue
            new.append(
                ResponseTemplate(review=review, classification=classification, language=code, title=title, body=body)
            )
    ResponseTemplate.objects.bulk_create(new)
    audit_record(
        review=review,
        actor=actor,
        action=DEFAULTS_ACTION,
        summary=_("Default prepared answers added (%(count)s)") % {"count": len(new)},
        data={"count": len(new)},
    )
    return len(new)
