"""The data of `manage.py seed_scale`: a big country's second VNR, made on demand.

Every call creates a new country (ISO 3166 user-assigned codes XAA…XZZ, "Scale country
XAA"), its first VNR as a record and its second VNR in drafting, so the demo and earlier
big reviews are never touched and two calls never collide. The review, its people, its
outline, round and evidence are made through the services, as people would make them;
the bulk of it (ministries past the first ones, the roles of the matrix, extra sections,
revisions, public comments and their authors) through `bulk_create`, with the same
cleaning the services apply (`clean_html`, `word_count`) and consistent states (a hidden
comment has its moderator, reason and date; a section's text is its last revision's).

Lives in the project package because it fills every app, like seed_demo.
"""

import datetime
import itertools
import secrets
import string
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from indicators.evidence.demo import SPECS, import_current_data, import_first_vnr_data
from indicators.models import Goal, Target
from reviews.core.audit import audit_record
from reviews.core.sanitize import clean_html, word_count
from reviews.drafting.services.outline import outline_create_default
from reviews.followup.demo_carryover import seed_first_vnr_content
from reviews.followup.demo_chapter import seed_chapter
from reviews.followup.demo_commitments import seed_commitments
from reviews.followup.demo_selfassessment import seed_followup_selfassessment_and_strategy
from reviews.models import (
    Country,
    GoalAssignment,
    GoalRole,
    MemberRole,
    Membership,
    Ministry,
    ProgressReport,
    QuestionType,
    ReportAnswer,
    ReportStatus,
    Review,
    Section,
    SectionKind,
    SectionRevision,
    Stage,
    TemplateQuestion,
)
from reviews.reporting.services.progress_reports import report_accept, report_return, report_submit
from reviews.reporting.services.report_rounds import report_round_create, report_round_issue
from reviews.reporting.services.report_templates import report_template_default
from reviews.workspace.services.members import membership_grant
from reviews.workspace.services.reviews import review_create, review_record_create, review_update
from stakeholders.demo import seed_engagement
from stakeholders.models import (
    Classification,
    ConductAcceptance,
    Contribution,
    ContributionFlag,
    ContributorProfile,
    Uptake,
    Visibility,
)
from vnr_portal.accounts.services import profile_set_language

DEFAULTS = {"ministries": 60, "sections": 200, "revisions": 5000, "comments": 5000, "reports": 1020}
FIRST_VNR_YEAR, SECOND_VNR_YEAR = 2019, 2027
LANGUAGES = ["en", "fr", "es"]
CONTRIBUTORS = 200
ROUND_DOCUMENTS = 20
# The profile language of some accounts: the portal speaks to each in their language.
ROLE_LANGUAGES = {MemberRole.STATISTICIAN: "fr", MemberRole.COUNCIL_MEMBER: "es"}

# Realistic text in the review's languages and in others people write in.
PARAGRAPHS = [
    "Since the first Voluntary National Review, the share of households with access to safely managed "
    "drinking water rose in every province, although the gap between towns and rural districts remains wide.",
    "The ministry worked with the national statistics office to publish the indicators of this goal every "
    "year, broken down by sex, age and location where the surveys allow it.",
    "Depuis le premier examen national volontaire, la couverture de la protection sociale a progressé, mais "
    "les travailleurs de l'économie informelle restent souvent exclus des régimes contributifs.",
    "Les collectivités locales ont été associées à la planification et au suivi des cibles, avec des "
    "consultations dans chaque région et des rapports annuels publiés en ligne.",
    "Desde el primer examen nacional voluntario, la matrícula en la educación secundaria aumentó, en "
    "particular entre las niñas de las zonas rurales, gracias a las becas y al transporte escolar.",
    "El gobierno coordinó con las organizaciones de la sociedad civil un mecanismo de seguimiento que "
    "publica cada año el avance de los compromisos asumidos.",
    "自第一次国别自愿陈述以来，农村地区的电力普及率大幅提高，可再生能源在发电中的比例也在增加。",
    "منذ الاستعراض الوطني الطوعي الأول، ارتفعت نسبة النساء في المناصب الإدارية، لكن الفجوة في الأجور لا تزال قائمة.",
    "После первого добровольного национального обзора доля населения, живущего за национальной чертой "
    "бедности, снизилась, однако различия между регионами сохраняются.",
]
COMMENTS = [
    "The chapter should say how the figures for rural districts were collected.",
    "Please add what happened to the commitment on rural clinics made in the first review.",
    "Le chapitre devrait mentionner les jeunes des zones rurales et leur accès à l'emploi.",
    "Il manque des données ventilées par handicap pour cet indicateur.",
    "El texto debería explicar por qué la meta de 2025 no se alcanzó.",
    "Sugerimos incluir la opinión de las cooperativas agrícolas.",
    "应当说明农村地区的青年如何参与了这次评估。",
    "يجب أن يذكر التقرير كيف شاركت منظمات الأشخاص ذوي الإعاقة.",
    "Следует указать источники данных по безработице среди молодежи.",
]
HIDDEN_REASON = "Personal attack against a named official (code of conduct, rule 2)."
EXTRA_MINISTRY_TOPICS = [
    "Tourism",
    "Culture",
    "Sports",
    "Transport",
    "Housing",
    "Digital Economy",
    "Mines",
    "Water Resources",
    "Forestry",
    "Local Government",
    "Public Service",
    "Interior",
    "Defence",
    "Science and Research",
    "Migration",
    "Youth",
]


@dataclass
class ScaleResult:
    review: Review
    round: object
    password: str
    users: dict[str, str]
    counts: dict[str, int] = field(default_factory=dict)
    urls: dict[str, str] = field(default_factory=dict)

    def as_json(self) -> dict:
        return {
            "review": self.review.pk,
            "country": self.review.country.iso3,
            "round": self.round.pk,
            "password": self.password,
            "users": self.users,
            "counts": self.counts,
            "urls": self.urls,
        }


def _free_iso3() -> str:
    taken = set(Country.objects.filter(iso3__startswith="X").values_list("iso3", flat=True))
    for second, third in itertools.product(string.ascii_uppercase, repeat=2):
        code = f"X{second}{third}"
        if code not in taken:
            return code
    raise ValueError("Every user-assigned country code XAA…XZZ is taken: delete some scale reviews first.")


def _text(seed: int, paragraphs: int) -> str:
    """`paragraphs` paragraphs of the sample text, different for each seed."""
    chosen = [PARAGRAPHS[(seed + n * 4) % len(PARAGRAPHS)] for n in range(paragraphs)]
    return "".join(f"<p>{text} ({seed}.{n})</p>" for n, text in enumerate(chosen))


class ScaleBuilder:
    def __init__(self, *, ministries, sections, revisions, comments, reports, log=lambda message: None):
        self.sizes = {
            "ministries": ministries,
            "sections": sections,
            "revisions": revisions,
            "comments": comments,
            "reports": reports,
        }
        self.log = log
        self.password = secrets.token_urlsafe(12)
        self.password_hash = make_password(self.password)  # slow on purpose: hashed once for everybody

    @transaction.atomic
    def build(self) -> ScaleResult:
        iso3 = _free_iso3()
        self.iso3, self.prefix = iso3, f"scale-{iso3.lower()}"
        self.country = Country.objects.create(name=f"Scale country {iso3}", iso3=iso3)
        self.users = {role: self._user(f"{self.prefix}-{role.value.replace('_', '-')}", role) for role in MemberRole}
        coordinator = self.users[MemberRole.COORDINATOR]
        first = review_record_create(
            actor=coordinator,
            country=self.country,
            title=f"Voluntary National Review of {self.country.name} {FIRST_VNR_YEAR}",
            hlpf_year=FIRST_VNR_YEAR,
        )
        seed_first_vnr_content(first)
        review = review_create(
            actor=coordinator,
            country=self.country,
            title=f"Second Voluntary National Review of {self.country.name}",
            hlpf_year=SECOND_VNR_YEAR,
            languages=LANGUAGES,
            previous_review=first,
        )
        review_update(actor=coordinator, review=review, stage=Stage.DRAFTING)
        self.review = review
        self.log("review")
        self.ministries = self._ministries()
        for role, user in self.users.items():
            membership_grant(
                actor=coordinator,
                review=review,
                user=user,
                role=role,
                ministry=self.ministries[0] if role == MemberRole.FOCAL_POINT else None,
            )
        membership_grant(actor=coordinator, review=first, user=coordinator, role=MemberRole.COORDINATOR)
        self._focal_points()
        self.log("people")
        self._evidence(first)
        self.log("evidence")
        self._matrix()
        self._sections()
        self.log("sections and revisions")
        self._reports()
        self.log("progress reports")
        seed_engagement(review)
        round_ = self._round()
        self._comments(round_)
        self.log("consultation")
        seed_commitments(review, coordinator=coordinator, reviewer=self.users[MemberRole.REVIEWER])
        seed_followup_selfassessment_and_strategy(review, coordinator)
        seed_chapter(review, actor=coordinator)
        self.log("follow-up")
        audit_record(
            review=review,
            actor=coordinator,
            action="review.seed_scale",
            summary=f"Filled with generated data by seed_scale: {self.sizes}",
            data=self.sizes,
        )
        result = ScaleResult(
            review=review,
            round=round_,
            password=self.password,
            users={role.value: user.username for role, user in self.users.items()} | {"citizen": self.citizen.username},
        )
        result.counts = self._counts(round_)
        result.urls = self._urls(round_)
        return result

    # --- People -----------------------------------------------------------------------

    def _user(self, username, role=None):
        user = get_user_model().objects.create(
            username=username,
            email=f"{username}@example.org",
            first_name=str(role.label) if role else "Citizen",
            last_name=self.country.name,
            password=self.password_hash,
        )
        profile_set_language(user=user, language=ROLE_LANGUAGES.get(role, "en"))
        return user

    def _ministries(self) -> list[Ministry]:
        from vnr_portal.management.commands.seed_demo import MINISTRIES

        wanted = self.sizes["ministries"]
        named = [(name, acronym) for name, (acronym, _divisions) in MINISTRIES.items()]
        for n in itertools.count():
            if len(named) >= wanted:
                break
            topic = EXTRA_MINISTRY_TOPICS[n % len(EXTRA_MINISTRY_TOPICS)]
            suffix = f" {n // len(EXTRA_MINISTRY_TOPICS) + 1}" if n >= len(EXTRA_MINISTRY_TOPICS) else ""
            acronym = "M" + "".join(word[0] for word in topic.split()).upper() + suffix.strip()
            while acronym in {a for _n, a in named}:
                acronym += "X"
            named.append((f"Ministry of {topic}{suffix}", acronym))
        return Ministry.objects.bulk_create(
            Ministry(
                review=self.review,
                name=name,
                acronym=acronym,
                focal_point_name=f"Focal point, {acronym}",
                focal_point_email=f"focal.{acronym.lower()}.{self.iso3.lower()}@example.org",
            )
            for name, acronym in named[:wanted]
        )

    def _focal_points(self) -> None:
        """An account and a focal point's role for every other ministry (bulk)."""
        people = get_user_model().objects.bulk_create(
            get_user_model()(
                username=f"{self.prefix}-focal-point-{ministry.acronym.lower()}",
                email=f"focal.{ministry.acronym.lower()}.{self.iso3.lower()}@example.org",
                first_name="Focal point",
                last_name=ministry.acronym,
                password=self.password_hash,
            )
            for ministry in self.ministries[1:]
        )
        Membership.objects.bulk_create(
            Membership(review=self.review, user=person, role=MemberRole.FOCAL_POINT, ministry=ministry)
            for person, ministry in zip(people, self.ministries[1:], strict=True)
        )

    # --- Evidence, matrix, outline ------------------------------------------------------

    def _evidence(self, first) -> None:
        snapshot = import_first_vnr_data(country=self.iso3, first_vnr_year=FIRST_VNR_YEAR)
        review_update(actor=self.users[MemberRole.COORDINATOR], review=first, data_snapshot=snapshot)
        import_current_data(country=self.iso3, first_vnr_year=FIRST_VNR_YEAR, actor=self.users[MemberRole.STATISTICIAN])

    def _matrix(self) -> None:
        """`reports` roles spread over the goals: each goal one lead, then co-leads and
        associates; so issuing the round makes one report per role."""
        goals = list(Goal.objects.order_by("number"))
        count = len(self.ministries)
        wanted = min(self.sizes["reports"], count * len(goals))
        cells = []
        for index, goal in enumerate(goals):
            per_goal = wanted // len(goals) + (1 if index < wanted % len(goals) else 0)
            for offset in range(per_goal):
                ministry = self.ministries[(index * 7 + offset) % count]
                role = GoalRole.LEAD if offset == 0 else GoalRole.CO_LEAD if offset <= 2 else GoalRole.ASSOCIATE
                cells.append(GoalAssignment(review=self.review, ministry=ministry, goal=goal, role=role))
        GoalAssignment.objects.bulk_create(cells)

    def _sections(self) -> None:
        review, editor = self.review, self.users[MemberRole.EDITOR]
        outline_create_default(actor=editor, review=review)
        parents = list(
            Section.objects.filter(review=review, parent=None)
            .exclude(kind__in=[SectionKind.MAIN_MESSAGES])
            .order_by("position")
        )
        extra = self.sizes["sections"] - review.sections.count()
        if extra > 0:
            targets = list(Target.objects.select_related("goal").order_by("goal__number", "pk"))
            positions = {parent.pk: parent.children.count() for parent in parents}
            new = []
            for n in range(extra):
                parent, target = parents[n % len(parents)], targets[n % len(targets)]
                new.append(
                    Section(
                        review=review,
                        parent=parent,
                        kind=SectionKind.OTHER,
                        title=f"Target {target.code}: {(target.title or {}).get('en', '')}"[:300],
                        position=positions[parent.pk],
                    )
                )
                positions[parent.pk] += 1
            Section.objects.bulk_create(new)
        sections = list(review.sections.exclude(kind=SectionKind.MAIN_MESSAGES).order_by("pk"))
        revisions, now = [], timezone.now()
        per_section = {s.pk: 0 for s in sections}
        for n in range(self.sizes["revisions"]):
            # Early sections get more revisions than late ones, as a real draft does.
            section = sections[(n * n) % len(sections)] if n % 3 else sections[n % len(sections)]
            per_section[section.pk] += 1
        stamp = now - datetime.timedelta(days=90)
        for section in sections:
            count = per_section[section.pk]
            for number in range(1, count + 1):
                content = clean_html(_text(section.pk * 31 + number, 3 + number % 5))
                revisions.append(
                    SectionRevision(
                        section=section,
                        number=number,
                        content=content,
                        word_count=word_count(content),
                        author=editor,
                        created_at=stamp + datetime.timedelta(minutes=len(revisions)),
                    )
                )
            if count:
                last = revisions[-1]
                section.content, section.word_count, section.version = last.content, last.word_count, count
                section.updated_at = last.created_at
        SectionRevision.objects.bulk_create(revisions, batch_size=500)
        Section.objects.bulk_update(sections, ["content", "word_count", "version", "updated_at"], batch_size=500)

    # --- Progress reports in every state --------------------------------------------------

    def _answers(self, report, actor, now) -> list[ReportAnswer]:
        """A ministry's answers to every question but files, stored as report_answers_save
        stores them (rich text sanitized, words counted)."""
        answers = []
        for question in self.questions:
            value, words = None, 0
            if question.type == QuestionType.RICH_TEXT:
                value = clean_html(_text(report.pk, 2))
                words = word_count(value)
            elif question.type == QuestionType.SHORT_TEXT:
                value = f"{report.ministry.name}, SDG unit"
                words = word_count(f"<p>{value}</p>")
            elif question.type == QuestionType.NUMBER:
                value = str(report.pk % 90 + 5)
            elif question.type == QuestionType.CHOICE and question.options:
                value = question.options[report.pk % len(question.options)]
            elif question.type == QuestionType.TABLE:
                value = [["Labour Force Survey", f"{report.goal.number}.1.1", "2024"]]
                words = 5
            if value is not None:
                answers.append(
                    ReportAnswer(
                        report=report,
                        question_key=question.key,
                        value=value,
                        word_count=words,
                        updated_by=actor,
                        updated_at=now,
                    )
                )
        return answers

    def _reports(self) -> None:
        coordinator, reviewer = self.users[MemberRole.COORDINATOR], self.users[MemberRole.REVIEWER]
        report_template_default(actor=coordinator, review=self.review)
        round_ = report_round_create(
            actor=coordinator,
            review=self.review,
            title="Progress reports on the goals",
            deadline=datetime.date(SECOND_VNR_YEAR - 1, 12, 15),
            contribution_deadline=datetime.date(SECOND_VNR_YEAR - 1, 12, 1),
        )
        report_round_issue(actor=coordinator, round=round_)
        reports = list(ProgressReport.objects.filter(round=round_).select_related("ministry", "goal").order_by("pk"))
        self.questions = list(TemplateQuestion.objects.filter(template_id=reports[0].template_id)) if reports else []
        focal = {m.ministry_id: m.user for m in Membership.objects.filter(review=self.review, role="focal_point")}
        # Of every ten reports: three not started, two drafts, two submitted, one returned, two accepted.
        plan = ["not_started"] * 3 + ["draft"] * 2 + ["submitted"] * 2 + ["returned"] + ["accepted"] * 2
        states = {report.pk: plan[index % len(plan)] for index, report in enumerate(reports)}
        started = [report for report in reports if states[report.pk] != "not_started"]
        # The answers in bulk (report_answers_save's result, without a query per answer);
        # submitting, returning and accepting through the services (copies, notices, audit).
        now = timezone.now()
        ReportAnswer.objects.bulk_create(
            [answer for r in started for answer in self._answers(r, focal[r.ministry_id], now)], batch_size=500
        )
        ProgressReport.objects.filter(pk__in=[r.pk for r in started]).update(status=ReportStatus.DRAFT, updated_at=now)
        for report in started:
            report.status, report.updated_at = ReportStatus.DRAFT, now
            state = states[report.pk]
            if state == "draft":
                continue
            actor = focal[report.ministry_id]
            report_submit(actor=actor, report=report)
            if state == "returned":
                report_return(actor=reviewer, report=report, comments={}, note="Please add the 2024 figures.")
            elif state == "accepted":
                report_accept(actor=reviewer, report=report, note="Thank you: clear and complete.")

    # --- The consultation ----------------------------------------------------------------

    def _round(self):
        from stakeholders.demo import PORTAL_TEXTS
        from stakeholders.languages import source_language
        from stakeholders.moderation.services.response_templates import templates_ensure_defaults
        from stakeholders.portal.services.settings import portal_for, portal_set_published, portal_update
        from stakeholders.rounds.services.rounds import round_create, round_publish, round_set_sections

        coordinator = self.users[MemberRole.COORDINATOR]
        portal = portal_for(self.review)
        portal_update(actor=coordinator, portal=portal, **PORTAL_TEXTS)
        portal_set_published(actor=coordinator, portal=portal, is_published=True)
        now = timezone.now()
        round_ = round_create(
            actor=coordinator,
            review=self.review,
            title="Consultation on the first draft",
            description="Tell us what the draft gets right, what it misses and how to say it better.",
            kind="sections",
            stage="consultation",
            audience="public",
            languages=[source_language(self.review)],
            opens_at=now - datetime.timedelta(days=10),
            closes_at=now + datetime.timedelta(days=30),
            max_length=5000,
            flag_threshold=3,
        )
        written = list(
            self.review.sections.filter(version__gt=0)
            .exclude(kind=SectionKind.MAIN_MESSAGES)
            .order_by("parent__position", "position")
            .values_list("pk", flat=True)[:ROUND_DOCUMENTS]
        )
        round_set_sections(actor=coordinator, round_=round_, section_ids=written)
        round_publish(actor=coordinator, round_=round_)
        templates_ensure_defaults(self.review, actor=self.users[MemberRole.MODERATOR])
        return round_

    def _comments(self, round_) -> None:
        """`comments` comments by verified contributors who accepted the code of conduct:
        most visible, some classified by the moderator, some hidden with a reason, some
        taken in or not by the editor."""
        User = get_user_model()
        now = timezone.now()
        self.citizen = self._user(f"{self.prefix}-citizen")
        people = [self.citizen] + User.objects.bulk_create(
            User(
                username=f"{self.prefix}-citizen-{n}",
                email=f"citizen{n}.{self.iso3.lower()}@example.org",
                password=self.password_hash,
            )
            for n in range(1, min(CONTRIBUTORS, max(1, self.sizes["comments"])))
        )
        ContributorProfile.objects.bulk_create(
            ContributorProfile(user=person, display_name=f"Citizen {n}", email_verified_at=now)
            for n, person in enumerate(people)
        )
        ConductAcceptance.objects.bulk_create(ConductAcceptance(review=self.review, user=p) for p in people)
        documents = list(round_.documents.order_by("position"))
        moderator, editor = self.users[MemberRole.MODERATOR], self.users[MemberRole.EDITOR]
        written = round_.opens_at
        contributions = []
        for n in range(self.sizes["comments"] if documents else 0):
            document = documents[n % len(documents)]
            body = COMMENTS[n % len(COMMENTS)]
            contribution = Contribution(
                round=round_,
                kind=Contribution.Kind.COMMENT,
                document=document,
                paragraph=n % 3,
                author=people[n % len(people)],
                body=f"{body} (#{n + 1})",
                language=["en", "en", "fr", "fr", "es", "es", "zh-hans", "ar", "ru"][n % len(COMMENTS)],
                created_at=written + datetime.timedelta(seconds=n * 60),
            )
            kind = n % 20
            if kind in (1, 2, 3):  # classified by the moderator
                contribution.classification = Classification.CONSTRUCTIVE if kind < 3 else Classification.POLITICAL
                contribution.moderated_by, contribution.moderated_at = moderator, now
            elif kind == 4:  # hidden, with the reason the public sees
                contribution.visibility = Visibility.HIDDEN
                contribution.classification = Classification.HARMFUL
                contribution.hidden_reason = HIDDEN_REASON
                contribution.moderated_by, contribution.moderated_at = moderator, now
            elif kind == 7 and len(people) > 3:  # flagged by three people: waiting for a moderator
                contribution.visibility = Visibility.AWAITING
                contribution.flag_count = 3
            elif kind in (5, 6):  # taken in, or not, by the editor
                contribution.uptake = Uptake.ACCEPTED if kind == 5 else Uptake.OUT_OF_SCOPE
                contribution.uptake_reason = "Added to the chapter." if kind == 5 else "Outside the review's scope."
                contribution.uptake_by, contribution.uptake_at = editor, now
            contributions.append(contribution)
        Contribution.objects.bulk_create(contributions, batch_size=500)
        ContributionFlag.objects.bulk_create(
            (
                ContributionFlag(contribution=c, user=people[(n + step) % len(people)], reason="Off topic.")
                for n, c in enumerate(contributions)
                if c.visibility == Visibility.AWAITING
                for step in (1, 2, 3)
            ),
            batch_size=500,
        )

    # --- What was made, and where to see it -----------------------------------------------

    def _counts(self, round_) -> dict[str, int]:
        review = self.review
        return {
            "ministries": review.ministries.count(),
            "sections": review.sections.count(),
            "revisions": SectionRevision.objects.filter(section__review=review).count(),
            "reports": review.progress_reports.count(),
            "comments": round_.contributions.count(),
            "documents": round_.documents.count(),
        }

    def _urls(self, round_) -> dict[str, str]:
        pk = self.review.pk
        section = self.review.sections.filter(version__gt=0).order_by("pk").first()
        indicator = next(spec.code for spec in SPECS)
        goal = int(indicator.split(".")[0])
        round_kwargs = {"pk": pk, "round_pk": round_.pk}
        return {
            "tracker": reverse("reviews:report-tracker", kwargs={"pk": pk}),
            "matrix_edit": reverse("reviews:matrix-edit", kwargs={"pk": pk}),
            "matrix": reverse("reviews:matrix", kwargs={"pk": pk}),
            "outline": reverse("reviews:outline", kwargs={"pk": pk}),
            "section_edit": reverse("reviews:section-edit", kwargs={"pk": pk, "section_pk": section.pk}),
            "public_round": reverse("stakeholders:portal-round", kwargs={"pk": pk, "round_pk": round_.pk}),
            "moderation": reverse("stakeholders:moderation", kwargs={"pk": pk}),
            "dashboard": reverse("reviews:dashboard"),
            "goal_tiles": reverse("reviews:evidence", kwargs={"pk": pk}),
            "inventory": reverse("reviews:evidence-inventory", kwargs={"pk": pk}),
            "indicator": reverse("reviews:evidence-indicator", kwargs={"pk": pk, "code": indicator}),
            "commitments": reverse("reviews:followup-commitments", kwargs={"pk": pk}),
            "roadmap": reverse("reviews:followup-roadmap", kwargs={"pk": pk}),
            "side_by_side": reverse("reviews:followup-side-by-side", kwargs={"pk": pk}),
            "chapter": reverse("reviews:followup-chapter", kwargs={"pk": pk}),
            "goal": reverse("reviews:evidence-goal", kwargs={"pk": pk, "number": goal}),
            "round_detail": reverse("stakeholders:round-detail", kwargs=round_kwargs),
            "uptake": reverse("stakeholders:uptake", kwargs=round_kwargs),
            "inclusiveness": reverse("stakeholders:inclusiveness", kwargs={"pk": pk}),
            "portal_home": reverse("stakeholders:portal-home", kwargs={"pk": pk}),
            "public_outcomes": reverse("stakeholders:portal-outcomes", kwargs=round_kwargs),
            "public_data": reverse("stakeholders:portal-data", kwargs={"pk": pk}),
            "public_data_goal": reverse("stakeholders:portal-data-goal", kwargs={"pk": pk, "number": goal}),
            "public_data_indicator": reverse(
                "stakeholders:portal-data-indicator", kwargs={"pk": pk, "code": indicator}
            ),
        }


def seed_scale(*, log=lambda message: None, **sizes) -> ScaleResult:
    return ScaleBuilder(**{**DEFAULTS, **sizes}, log=log).build()
