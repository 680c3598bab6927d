"""Prepared answers of a review's moderators, per class of feedback and language, with
defaults in the six UN languages put in on the first visit (and for a language the
review adds later, on the first visit after)."""

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
    "ar": {
        Classification.CONSTRUCTIVE: (
            "شكرًا لكم: ملاحظتكم أُحيلت إلى فريق الصياغة",
            "شكرًا لمساهمتكم. سينظر فريق الصياغة فيها عند مراجعة هذا الجزء من التقرير، وسيبيّن ملخص المشاورة "
            "كيف أُخذت في الاعتبار.",
        ),
        Classification.POLITICAL: (
            "آراء سياسية: أُحيط بها علمًا، وهي خارج نطاق التقرير",
            "شكرًا لمشاركتنا رأيكم. يتناول الاستعراض التقدم المحرز نحو أهداف التنمية المستدامة ولا يتخذ مواقف "
            "من السياسة الحزبية. وإذا تعلق تعليقكم بهدف أو سياسة يتناولها التقرير، فسينظر فريق الصياغة في ذلك الجزء.",
        ),
        Classification.HARMFUL: (
            "أُخفيت: مخالفة لمدونة السلوك",
            "أُخفيت هذه المساهمة لأنها تخالف مدونة السلوك، إذ تتضمن لغة مسيئة أو مؤذية. نرحب بمشاركتكم مجددًا "
            "بمساهمة تحترم الآخرين حول مشروع التقرير.",
        ),
        Classification.SPAM: (
            "حُذفت بوصفها رسالة غير مرغوب فيها",
            "حُذفت هذه المساهمة بوصفها رسالة غير مرغوب فيها، فهي لا تعلّق على مشروع التقرير. ينبغي أن تتناول "
            "المساهمات الاستعراض وأقسامه.",
        ),
        Classification.OFF_TOPIC: (
            "خارج موضوع هذه المشاورة",
            "شكرًا لرسالتكم. مساهمتكم خارج موضوع هذه المشاورة، ولذلك لا يستطيع فريق الصياغة إدراجها في التقرير. "
            "وتجدون على البوابة وسائل الاتصال بالأمانة لأي أسئلة أخرى.",
        ),
    },
    "fr": {
        Classification.CONSTRUCTIVE: (
            "Merci : votre remarque est transmise à l'équipe de rédaction",
            "Merci de votre contribution. L'équipe de rédaction en tiendra compte en révisant cette partie du "
            "rapport, et la synthèse de la consultation indiquera comment elle a été prise en compte.",
        ),
        Classification.POLITICAL: (
            "Opinions politiques : notées, hors du champ du rapport",
            "Merci de nous avoir fait part de votre point de vue. L'examen rend compte des progrès vers les "
            "objectifs de développement durable et ne prend pas position sur la politique partisane. Si votre "
            "commentaire porte sur un objectif ou une politique que le rapport décrit, l'équipe de rédaction "
            "examinera cette partie.",
        ),
        Classification.HARMFUL: (
            "Masquée : contraire au code de conduite",
            "Cette contribution a été masquée parce qu'elle enfreint le code de conduite : elle contient des propos "
            "injurieux ou blessants. Vous pouvez participer à nouveau par une contribution respectueuse sur le projet.",
        ),
        Classification.SPAM: (
            "Supprimée comme indésirable",
            "Cette contribution a été supprimée comme indésirable : elle ne commente pas le projet. Les "
            "contributions doivent porter sur l'examen et ses sections.",
        ),
        Classification.OFF_TOPIC: (
            "Hors du sujet de cette consultation",
            "Merci de votre message. Votre contribution sort du sujet de cette consultation : l'équipe de rédaction "
            "ne peut donc pas l'intégrer au rapport. Le portail indique les contacts du secrétariat pour les autres "
            "questions.",
        ),
    },
    "es": {
        Classification.CONSTRUCTIVE: (
            "Gracias: su observación pasa al equipo de redacción",
            "Gracias por su contribución. El equipo de redacción la tendrá en cuenta al revisar esta parte del "
            "informe, y el resumen de la consulta mostrará cómo se ha considerado.",
        ),
        Classification.POLITICAL: (
            "Opiniones políticas: registradas, fuera del alcance del informe",
            "Gracias por compartir su opinión. El examen informa sobre los avances hacia los Objetivos de "
            "Desarrollo Sostenible y no toma posición sobre política partidista. Si su comentario se refiere a un "
            "objetivo o una política que el informe describe, el equipo de redacción considerará esa parte.",
        ),
        Classification.HARMFUL: (
            "Ocultada: contraria al código de conducta",
            "Esta contribución se ha ocultado porque incumple el código de conducta: contiene lenguaje ofensivo o "
            "dañino. Puede volver a participar con una contribución respetuosa sobre el borrador.",
        ),
        Classification.SPAM: (
            "Eliminada como spam",
            "Esta contribución se ha eliminado como spam: no comenta el borrador. Las contribuciones deben tratar "
            "sobre el examen y sus secciones.",
        ),
        Classification.OFF_TOPIC: (
            "Fuera del tema de esta consulta",
            "Gracias por escribirnos. Su contribución está fuera del tema de esta consulta, por lo que el equipo de "
            "redacción no puede incluirla en el informe. El portal indica los contactos de la secretaría para otras "
            "preguntas.",
        ),
    },
    "ru": {
        Classification.CONSTRUCTIVE: (
            "Спасибо: ваше замечание передано редакционной группе",
            "Спасибо за ваш вклад. Редакционная группа учтёт его при доработке этой части доклада, а в итогах "
            "консультации будет показано, как он был учтён.",
        ),
        Classification.POLITICAL: (
            "Политические взгляды: приняты к сведению, вне рамок доклада",
            "Спасибо, что поделились своим мнением. Обзор рассказывает о продвижении к Целям устойчивого развития "
            "и не занимает позиций в партийной политике. Если ваш комментарий касается цели или политики, "
            "описанной в докладе, редакционная группа рассмотрит эту часть.",
        ),
        Classification.HARMFUL: (
            "Скрыто: нарушение кодекса поведения",
            "Этот вклад скрыт, потому что нарушает кодекс поведения: он содержит оскорбительные или вредные "
            "высказывания. Вы можете снова принять участие, уважительно прокомментировав проект.",
        ),
        Classification.SPAM: (
            "Удалено как спам",
            "Этот вклад удалён как спам: он не комментирует проект. Вклады должны касаться обзора и его разделов.",
        ),
        Classification.OFF_TOPIC: (
            "Вне темы этой консультации",
            "Спасибо за письмо. Ваш вклад выходит за рамки темы этой консультации, поэтому редакционная группа не "
            "может включить его в доклад. На портале указаны контакты секретариата для других вопросов.",
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


# Languages that had defaults when a review's first defaults were recorded without naming
# their languages: such a review is not given them a second time.
FIRST_DEFAULT_LANGUAGES = ("en", "zh-hans")


@transaction.atomic
def templates_ensure_defaults(review: Review, *, actor=None) -> int:
    """Put the default prepared answers (five classes, in each of the review's languages
    that has them) into a review, once per language. Idempotent: a language that got
    them — even if its moderators deleted some since — gets nothing again; a language
    the review adds later gets them on the next visit. Returns how many were added.
    Locks the review row so two first visits do not both add them."""
    codes = {code.lower(): code for code in (review.languages or ["en"])}
    wanted = {language.lower() for language in DEFAULT_TEMPLATES} & set(codes)
    if not wanted - _languages_done(review):
        return 0
    Review.objects.select_for_update().filter(pk=review.pk).first()
    missing = wanted - _languages_done(review)  # again: a visit that held the lock may have added them
    if not missing:
        return 0
    existing = set(ResponseTemplate.objects.filter(review=review).values_list("classification", "language"))
    new = []
    for language, answers in DEFAULT_TEMPLATES.items():
        if language.lower() not in missing:
            continue
        code = codes[language.lower()]
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
        data={"count": len(new), "languages": sorted(missing)},
    )
    return len(new)


def _languages_done(review: Review) -> set[str]:
    done = set()
    for data in AuditEntry.objects.filter(review=review, action=DEFAULTS_ACTION).values_list("data", flat=True):
        done.update((data or {}).get("languages", FIRST_DEFAULT_LANGUAGES))
    return done
