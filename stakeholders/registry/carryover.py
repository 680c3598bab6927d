"""Stakeholders' parts of the carry-over, registered by `StakeholdersConfig.ready()` into
`reviews.followup.carryover` (reviews never imports stakeholders).

- the registry: categories, organisations (their contacts only with their consent
  recorded), standing groups (their member organisations; not their meetings);
- the engagement plan's structure: each activity's stage, kind, title, audience, language
  and mode, without its date, owner, round, status or outputs;
- the moderators' response templates.
"""

from django.utils.translation import gettext_lazy as _

from reviews.core.models import Review
from reviews.followup.carryover import register_carryover_part
from stakeholders.moderation.models import ResponseTemplate
from stakeholders.registry.models import (
    Contact,
    EngagementActivity,
    Organisation,
    StakeholderCategory,
    StandingGroup,
)


def _categories(source: Review, target: Review) -> tuple[dict[int, StakeholderCategory], int]:
    """The target's categories matched to the source's by name, missing ones created."""
    existing = {category.name: category for category in target.stakeholder_categories.all()}
    mapping, created = {}, 0
    for category in source.stakeholder_categories.all():
        match = existing.get(category.name)
        if match is None:
            match = StakeholderCategory.objects.create(
                review=target,
                key=category.key,
                name=category.name,
                at_risk=category.at_risk,
                position=category.position,
            )
            created += 1
        mapping[category.pk] = match
    return mapping, created


def registry_has_content(review: Review) -> bool:
    return review.organisations.exists() or review.standing_groups.exists()


def registry_copy(source: Review, target: Review, actor) -> int:
    """Categories, organisations with their consented contacts, standing groups."""
    categories, count = _categories(source, target)
    organisations = {}
    for organisation in source.organisations.prefetch_related("contacts"):
        copy = Organisation.objects.create(
            review=target,
            name=organisation.name,
            acronym=organisation.acronym,
            category=categories[organisation.category_id],
            region=organisation.region,
            languages=list(organisation.languages),
            website=organisation.website,
            description=organisation.description,
            interest=organisation.interest,
            influence=organisation.influence,
        )
        organisations[organisation.pk] = copy
        count += 1
        contacts = [
            Contact(
                organisation=copy,
                name=contact.name,
                position=contact.position,
                email=contact.email,
                phone=contact.phone,
                consent_at=contact.consent_at,
                consent_note=contact.consent_note,
                recorded_by=contact.recorded_by,
            )
            for contact in organisation.contacts.all()
            if contact.consent_at is not None and contact.consent_note
        ]
        count += len(Contact.objects.bulk_create(contacts))
    for group in source.standing_groups.prefetch_related("organisations"):
        copy = StandingGroup.objects.create(
            review=target,
            name=group.name,
            kind=group.kind,
            description=group.description,
            meets_every=group.meets_every,
        )
        copy.organisations.set([organisations[o.pk] for o in group.organisations.all() if o.pk in organisations])
        count += 1
    return count


def plan_has_content(review: Review) -> bool:
    return review.activities.exists()


def plan_copy(source: Review, target: Review, actor) -> int:
    """The engagement plan's activities as planned ones: no dates, owners, rounds nor outputs."""
    categories, _created = _categories(source, target)
    count = 0
    for activity in source.activities.prefetch_related("audience"):
        copy = EngagementActivity.objects.create(
            review=target,
            stage=activity.stage,
            kind=activity.kind,
            title=activity.title,
            audience_note=activity.audience_note,
            language=activity.language,
            mode=activity.mode,
            status=EngagementActivity.Status.PLANNED,
        )
        copy.audience.set([categories[c.pk] for c in activity.audience.all()])
        count += 1
    return count


def response_templates_have_content(review: Review) -> bool:
    return review.response_templates.exists()


def response_templates_copy(source: Review, target: Review, actor) -> int:
    rows = ResponseTemplate.objects.bulk_create(
        ResponseTemplate(
            review=target, classification=t.classification, language=t.language, title=t.title, body=t.body
        )
        for t in source.response_templates.all()
    )
    return len(rows)


def register() -> None:
    register_carryover_part(
        "stakeholders",
        _("Stakeholder registry and standing groups"),
        registry_copy,
        50,
        has_content=registry_has_content,
        help_text=_("Categories, organisations, contacts who gave their consent, standing groups."),
    )
    register_carryover_part(
        "engagement_plan",
        _("The engagement plan's structure"),
        plan_copy,
        60,
        has_content=plan_has_content,
        help_text=_("The activities as planned ones, without dates, owners or outputs."),
    )
    register_carryover_part(
        "response_templates",
        _("Response templates"),
        response_templates_copy,
        70,
        has_content=response_templates_have_content,
        help_text=_("The moderators' prepared answers."),
    )
