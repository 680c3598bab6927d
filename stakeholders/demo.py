"""Demo stakeholder engagement for a second VNR: categories, a registry of organisations
with a contact each, two standing groups with a meeting, and an engagement plan across
the stages with two activities held. Called by `manage.py seed_demo`."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from reviews.models import MemberRole, Membership, Review
from stakeholders.inclusiveness.models import EngagementBaseline
from stakeholders.registry.models import EngagementActivity, Organisation, StakeholderCategory, StandingGroup

from .registry.services.categories import categories_ensure_defaults
from .registry.services.groups import group_create, meeting_create
from .registry.services.organisations import contact_create, organisation_create
from .registry.services.plan import activity_create, activity_report

# name, acronym, category key, region, languages, interest, influence, contact (name, position)
ORGANISATIONS = [
    ("National Council of NGOs", "NCN", "civil_society", "Capital region", ["en"], 5, 4, ("Amina Rahal", "Director")),
    (
        "Chamber of Commerce and Industry",
        "CCI",
        "private_sector",
        "Capital region",
        ["en"],
        3,
        5,
        ("Li Wei", "Policy officer"),
    ),
    (
        "State University, Institute of Development Studies",
        "IDS",
        "academia",
        "Northern province",
        ["en"],
        4,
        3,
        ("Dr Sefa Tui", "Senior researcher"),
    ),
    (
        "Association of Local Governments",
        "ALG",
        "subnational",
        "All provinces",
        ["en", "fr"],
        4,
        4,
        ("Jean Moreau", "Secretary general"),
    ),
    (
        "UN Resident Coordinator's Office",
        "RCO",
        "un_agencies",
        "Capital region",
        ["en", "fr", "ar"],
        5,
        4,
        ("Maria Lopez", "SDG adviser"),
    ),
    ("National Youth Parliament", "NYP", "youth", "Southern province", ["en"], 5, 2, ("Tom Okafor", "Chair")),
    ("Women's Rights Network", "WRN", "women", "Eastern province", ["en", "ar"], 5, 3, ("Nadia Haddad", "Coordinator")),
    (
        "Federation of Organisations of Persons with Disabilities",
        "FOPD",
        "disability",
        "All provinces",
        ["en"],
        5,
        2,
        ("Ravi Menon", "Advocacy lead"),
    ),
]

GROUPS = [
    (
        "SDG Stakeholder Committee",
        StandingGroup.Kind.COMMITTEE,
        "every first Tuesday",
        ["NCN", "CCI", "IDS", "ALG", "RCO"],
    ),
    (
        "CSO subgroup on leaving no one behind",
        StandingGroup.Kind.CSO_SUBGROUP,
        "every second month",
        ["NCN", "NYP", "WRN", "FOPD"],
    ),
]

# title, stage, kind, mode, audience keys, month offset (from January of the year before the HLPF), held participation
ACTIVITIES = [
    (
        "Launch meeting with stakeholders",
        "preparation",
        "meeting",
        "in_person",
        ["civil_society", "private_sector", "un_agencies"],
        0,
        {"civil_society": 24, "private_sector": 8, "un_agencies": 5},
    ),
    (
        "Online survey on priorities since the first VNR",
        "preparation",
        "survey",
        "online",
        ["civil_society", "academia", "youth"],
        2,
        {"civil_society": 140, "academia": 35, "youth": 210},
    ),
    ("Provincial workshops", "drafting", "workshop", "in_person", ["subnational", "women", "left_behind"], 5, None),
    ("Youth consultation on the draft", "consultation", "online_consultation", "online", ["youth"], 9, None),
    (
        "Consultation with persons with disabilities",
        "consultation",
        "workshop",
        "hybrid",
        ["disability", "left_behind"],
        10,
        None,
    ),
    (
        "Validation meeting of the final draft",
        "approval",
        "meeting",
        "in_person",
        ["civil_society", "parliament", "development_partners"],
        13,
        None,
    ),
]


def _coordinator(review: Review):
    membership = (
        Membership.objects.filter(review=review, role=MemberRole.COORDINATOR)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return membership.user if membership else None


def _month(review: Review, offset: int) -> datetime.date:
    year = review.hlpf_year - 1 + offset // 12
    return datetime.date(year, offset % 12 + 1, 15)


@transaction.atomic
def seed_engagement(review: Review) -> None:
    """Fill `review`'s engagement with demo data; idempotent (what exists, by name, is
    left as it is)."""
    actor = _coordinator(review)
    categories_ensure_defaults(review, actor=actor)
    categories = {c.key: c for c in StakeholderCategory.objects.filter(review=review).exclude(key="")}
    existing = {o.acronym: o for o in Organisation.objects.filter(review=review)}
    for name, acronym, key, region, languages, interest, influence, (person, position) in ORGANISATIONS:
        if (
            key not in categories
            or acronym in existing
            or Organisation.objects.filter(review=review, name=name).exists()
        ):
            continue
        organisation = organisation_create(
            actor=actor,
            review=review,
            name=name,
            acronym=acronym,
            category=categories[key],
            region=region,
            languages=languages,
            website="",
            description="",
            interest=interest,
            influence=influence,
        )
        existing[acronym] = organisation
        contact_create(
            actor=actor,
            organisation=organisation,
            name=person,
            position=position,
            email=f"{person.split()[-1].lower()}@example.org",
            phone="",
            consent_date=min(_month(review, 0), timezone.localdate()),
            consent_note="Signed consent form at the launch meeting.",
        )
    for name, kind, meets, acronyms in GROUPS:
        if StandingGroup.objects.filter(review=review, name=name).exists():
            continue
        members = [existing[a] for a in acronyms if a in existing]
        group = group_create(
            actor=actor, review=review, name=name, kind=kind, description="", meets_every=meets, organisations=members
        )
        meeting_create(
            actor=actor,
            group=group,
            date=_month(review, 1),
            agenda="1. The VNR process and timeline\n2. How members take part",
            minutes="<p>Members agreed the timeline and named focal points for each consultation.</p>",
            attendees=members,
            attendance=len(members) * 2,
        )
    for title, stage, kind, mode, keys, offset, participation in ACTIVITIES:
        if EngagementActivity.objects.filter(review=review, title=title).exists():
            continue
        activity = activity_create(
            actor=actor,
            review=review,
            title=title,
            stage=stage,
            kind=kind,
            mode=mode,
            audience=[categories[k] for k in keys if k in categories],
            audience_note="",
            language="en" if "en" in (review.languages or []) else "",
            owner=actor,
            date=_month(review, offset),
            round=None,
        )
        if participation:
            activity_report(
                actor=actor,
                activity=activity,
                status=EngagementActivity.Status.HELD,
                date=activity.date,
                outputs="A summary of the discussion was shared with all participants.",
                participation={categories[k]: n for k, n in participation.items() if k in categories},
            )


# --- The public consultation -------------------------------------------------------------

PORTAL_TEXTS = {
    "introduction": "The Government prepares its second Voluntary National Review with everyone who "
    "wants to take part: ministries, civil society, the private sector, academia, local governments "
    "and groups at risk of being left behind.",
    "how_to_take_part": "Read the draft chapters while a consultation round is open and comment on "
    "any paragraph, suggest a better wording or send a general submission. Create an account with "
    "your e-mail address, or use the link of an invitation.",
    "contacts": "VNR secretariat, Ministry of Planning — vnr-secretariat@example.gov",
    "code_of_conduct": "Be respectful and stay on topic. No personal attacks, hate speech or "
    "advertising. Moderators may hide contributions that break these rules and will say why.",
}

COMMENTS = [
    (
        "The opening statement should say how many people were consulted for this review.",
        "accepted",
        "Added to the opening statement: the number of participants in each round.",
    ),
    (
        "Please add what happened to the commitments on rural clinics made in the first VNR.",
        "partly",
        "The chapter on goal 3 will list them; the figures come in the statistical annex.",
    ),
    ("你们应当说明农村地区的青年如何参与了这次评估。", "", ""),
]


def seed_consultation(review: Review, *, citizen) -> None:
    """A published portal and an open public round on the first two written sections, with
    `citizen`'s comments: one answered by the moderator, two decided by the editor.
    Does nothing when the review already has rounds."""
    from .languages import source_language
    from .moderation.selectors import response_template_list_for_contribution
    from .moderation.services.actions import contribution_answer, contribution_classify
    from .moderation.services.response_templates import templates_ensure_defaults
    from .portal.services.accounts import conduct_accept
    from .portal.services.contributions import contribution_create
    from .portal.services.settings import portal_for, portal_set_published, portal_update
    from .rounds.services.rounds import round_create, round_publish, round_set_sections
    from .uptake.services import contribution_decide

    if review.rounds.exists():
        return
    staff = {m.role: m.user for m in Membership.objects.filter(review=review).select_related("user")}
    coordinator, editor, moderator = (
        staff[MemberRole.COORDINATOR],
        staff[MemberRole.EDITOR],
        staff[MemberRole.MODERATOR],
    )
    portal = portal_for(review)
    portal_update(actor=coordinator, portal=portal, **PORTAL_TEXTS)
    portal_set_published(actor=coordinator, portal=portal, is_published=True)
    now = timezone.now()
    round_ = round_create(
        actor=coordinator,
        review=review,
        title="Consultation on the first draft",
        description="Tell us what the draft gets right, what it misses and how to say it better.",
        kind="sections",
        stage="consultation",
        audience="public",
        languages=[source_language(review)],
        opens_at=now - datetime.timedelta(days=3),
        closes_at=now + datetime.timedelta(days=30),
        max_length=5000,
        flag_threshold=3,
    )
    written = list(review.sections.filter(version__gt=0).order_by("position").values_list("pk", flat=True)[:2])
    round_set_sections(actor=coordinator, round_=round_, section_ids=written)
    round_publish(actor=coordinator, round_=round_)
    conduct_accept(user=citizen, review=review)
    document = round_.documents.order_by("position").first()
    templates_ensure_defaults(review, actor=moderator)
    for index, (body, decision, reason) in enumerate(COMMENTS):
        contribution = contribution_create(
            actor=citizen,
            round=round_,
            kind="comment",
            body=body,
            document=document,
            paragraph=0 if index == 0 else None,
            language="zh-Hans" if index == 2 else "en",
            declared_region="Northern province",
            declared_category=review.stakeholder_categories.filter(key="youth").first(),
            declared_gender="woman",
        )
        if index == 0:
            contribution_classify(actor=moderator, contribution=contribution, classification="constructive")
            contribution.refresh_from_db()
            template = response_template_list_for_contribution(contribution).first()
            if template is not None:
                contribution_answer(actor=moderator, contribution=contribution, body=template.body, template=template)
        if decision:
            contribution_decide(actor=editor, contribution=contribution, decision=decision, reason=reason)
    # What the first VNR reached, as its report tells it: the dashboard's baseline.
    EngagementBaseline.objects.get_or_create(
        review=review,
        defaults={
            "participants": 310,
            "contributions": 120,
            "organisations": 25,
            "felt_heard_percent": 41,
            "source": "First VNR (2019), annex on the consultation",
        },
    )
