"""Fill the database with two fictional countries and a demo account for every role.

It lives in the project package because it fills every app (reviews, stakeholders).

Idempotent: running it again changes nothing but resets the demo passwords.

Refuses to run unless DEBUG is on or --i-know-this-creates-known-passwords is given: every
demo account, a superuser among them, has the password printed in the README.
"""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from indicators.evidence.demo import import_current_data, import_first_vnr_data
from indicators.models import Goal
from reviews.drafting.services.outline import outline_create_default
from reviews.drafting.services.sections import section_save
from reviews.followup.demo_carryover import seed_first_vnr_content
from reviews.followup.demo_chapter import seed_chapter
from reviews.followup.demo_commitments import seed_commitments
from reviews.followup.demo_selfassessment import seed_followup_selfassessment_and_strategy
from reviews.models import (
    Country,
    GoalAssignment,
    MemberRole,
    Milestone,
    Ministry,
    Review,
    SectionKind,
    Stage,
)
from reviews.reporting.services.report_rounds import report_round_create, report_round_issue
from reviews.reporting.services.report_templates import report_template_default
from reviews.workspace.services.members import membership_grant
from reviews.workspace.services.ministries import ministry_save
from reviews.workspace.services.reviews import review_create, review_record_create, review_update
from stakeholders.demo import seed_consultation, seed_engagement
from stakeholders.inclusiveness.demo import seed_first_engagement
from stakeholders.models import ContributorProfile
from vnr_portal.accounts.services import profile_set_language

DEMO_PASSWORD = "vnr-demo-2026"
ADMIN_USERNAME = "admin"
# The language of each demo account's profile (its pages, e-mails and notifications): English,
# except two Meridian accounts, to show the portal speaking to each person in their language.
DEMO_LANGUAGES = {"meridia-statistician": "zh-hans", "meridia-council-member": "ar"}
DEFAULT_DEMO_LANGUAGE = "en"

# name: (acronym, [divisions])
MINISTRIES = {
    "Ministry of Finance and Planning": ("MOFP", ["Budget Division", "Development Planning Division"]),
    "Ministry of Health": ("MOH", ["Public Health Division", "Health Information Unit"]),
    "Ministry of Education": ("MOE", ["Primary and Secondary Education Division"]),
    "Ministry of Agriculture, Food and Fisheries": ("MAFF", ["Fisheries Division"]),
    "Ministry of Social Welfare": ("MSW", []),
    "Ministry of Women, Children and Youth": ("MWCY", []),
    "Ministry of Environment and Climate Change": ("MECC", ["Climate Change Division"]),
    "Ministry of Energy and Water": ("MEW", []),
    "Ministry of Industry and Trade": ("MIT", []),
    "Ministry of Infrastructure and Urban Development": ("MIUD", []),
    "Ministry of Justice": ("MOJ", []),
    "Ministry of Foreign Affairs": ("MOFA", []),
    "Ministry of Labour and Employment": ("MOLE", []),
}

# goal: (lead, [co-leads], [associates]) by acronym
MATRIX = {
    1: ("MSW", [], ["MOFP", "MWCY"]),
    2: ("MAFF", [], ["MOH"]),
    3: ("MOH", [], ["MWCY"]),
    4: ("MOE", [], ["MWCY"]),
    5: ("MWCY", [], ["MOE", "MOJ"]),
    6: ("MEW", [], ["MOH"]),
    7: ("MEW", [], ["MECC"]),
    8: ("MOLE", ["MOFP"], ["MWCY"]),
    9: ("MIT", ["MIUD"], []),
    10: ("MOFP", [], ["MSW"]),
    11: ("MIUD", [], ["MECC"]),
    12: ("MECC", [], ["MIT"]),
    13: ("MECC", [], ["MAFF"]),
    14: ("MAFF", [], ["MECC"]),
    15: ("MECC", [], ["MAFF"]),
    16: ("MOJ", [], ["MWCY"]),
    17: ("MOFA", ["MOFP"], []),
}

COUNTRIES = [
    # name, iso3, login prefix, first VNR year, second VNR year, second VNR's stage
    ("Republic of Aurelia", "AUR", "aurelia", 2019, 2027, Stage.DRAFTING),
    ("Meridian Islands", "MER", "meridia", 2020, 2028, Stage.PREPARATION),
]


# A few paragraphs of the Aurelia demo draft (plain text: paragraphs split on blank lines).
DEMO_TEXT = {
    SectionKind.OPENING: [
        "Four years after its first Voluntary National Review, Aurelia returns to the High-level "
        "Political Forum to report on what has changed, what has not, and why.",
        "This second review was prepared by the SDG taskforce with every ministry, the national "
        "statistics office and more than forty civil society organisations.",
    ],
    SectionKind.INTRODUCTION: [
        "The first VNR set out twelve commitments. This report follows each of them up, measures "
        "progress on the indicators available then and now, and explains where progress was slow.",
    ],
    SectionKind.METHODOLOGY: [
        "Each goal was given a lead ministry, co-leads and associates. Ministries reported on a "
        "common template; reviewers returned or accepted each report before it was incorporated.",
        "Drafts were shared online for written comments in English, Chinese and Arabic.",
    ],
}


def _demo_pdf(title: str, country: str, year: int) -> bytes:
    from weasyprint import HTML

    html = (
        f"<html lang='en'><head><title>{title}</title></head><body>"
        f"<h1>{title}</h1><p>{country}, presented at the HLPF in {year}.</p>"
        "<p>A fictional report for the VNR Portal demo.</p></body></html>"
    )
    return HTML(string=html).write_pdf()


class Command(BaseCommand):
    help = "Create the demo countries, reviews, ministries, role matrices and one account per role."

    def add_arguments(self, parser):
        parser.add_argument(
            "--i-know-this-creates-known-passwords",
            action="store_true",
            dest="known_passwords",
            help="Run even with DEBUG off: the demo accounts, a superuser among them, get a published password.",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["known_passwords"]:
            raise CommandError(
                "seed_demo creates accounts, a superuser among them, whose password is published in the README. "
                "It runs only with DEBUG=1. To run it anyway (a demonstration server), add "
                "--i-know-this-creates-known-passwords."
            )
        if Goal.objects.count() != 17:
            raise CommandError("Load the SDG framework first: manage.py load_sdg_framework")
        # Hashing is deliberately slow (about a second here): hash the shared demo
        # password once for all accounts.
        self._password_hash = make_password(DEMO_PASSWORD)
        admin = self._user(ADMIN_USERNAME, "Portal", "Administrator", superuser=True)
        logins = [("—", "administrator (Django admin)", admin.username)]
        for name, iso3, prefix, first_year, second_year, stage in COUNTRIES:
            logins += self._country(name, iso3, prefix, first_year, second_year, stage, admin)
        self._print(logins)

    @transaction.atomic
    def _country(self, name, iso3, prefix, first_year, second_year, stage, admin):
        country, _ = Country.objects.get_or_create(iso3=iso3, defaults={"name": name})
        first = Review.objects.filter(country=country, hlpf_year=first_year).first()
        if first is None:
            title = f"Voluntary National Review of {name} {first_year}"
            pdf = ContentFile(_demo_pdf(title, name, first_year), name=f"vnr-{iso3.lower()}-{first_year}.pdf")
            first = review_record_create(
                actor=admin, country=country, title=title, hlpf_year=first_year, published_pdf=pdf
            )
        seed_first_vnr_content(first)  # its chapters and commitments, as recorded
        second = Review.objects.filter(country=country, hlpf_year=second_year).first()
        if second is None:
            second = review_create(
                actor=admin,
                country=country,
                title=f"Second Voluntary National Review of {name}",
                hlpf_year=second_year,
                languages=["en", "zh-Hans", "ar"] if iso3 == "AUR" else ["en", "fr"],
                previous_review=first,
            )
            review_update(actor=admin, review=second, stage=stage)
            if stage == Stage.DRAFTING:
                self._preparation_done(second)
        outline_create_default(actor=admin, review=second)  # reviews seeded before the outline existed
        by_acronym = self._ministries(second, admin)
        self._matrix(second, by_acronym)
        logins, users = [], {}
        for role in MemberRole:
            username = f"{prefix}-{role.value.replace('_', '-')}"
            user = users[role] = self._user(username, role.label, prefix.capitalize())
            ministry = by_acronym["MOH"] if role == MemberRole.FOCAL_POINT else None
            membership_grant(actor=admin, review=second, user=user, role=role, ministry=ministry)
            if role == MemberRole.COORDINATOR:
                membership_grant(actor=admin, review=first, user=user, role=role)
            label = f"{role.label} ({ministry.acronym})" if ministry else str(role.label)
            logins.append((name, label, username))
        self._task_owners(second, users)
        self._evidence(first, iso3, first_year, admin, users[MemberRole.STATISTICIAN])
        seed_engagement(second)
        if iso3 == "AUR":
            self._draft(second, users[MemberRole.EDITOR])
            self._reporting_round(second, users[MemberRole.COORDINATOR], second_year)
            citizen = self._contributor(f"{prefix}-citizen", "Citizen", prefix.capitalize())
            seed_consultation(second, citizen=citizen)
            seed_commitments(second, coordinator=users[MemberRole.COORDINATOR], reviewer=users[MemberRole.REVIEWER])
            seed_first_engagement(second, actor=users[MemberRole.COORDINATOR])
            seed_followup_selfassessment_and_strategy(second, users[MemberRole.COORDINATOR])
            seed_chapter(second, actor=users[MemberRole.COORDINATOR])  # last: it shows the rest
            logins.append((name, "Member of the public (consultation portal)", citizen.username))
        return logins

    def _evidence(self, first, iso3, first_year, admin, statistician) -> None:
        """The country's indicator data: as it stood at the first VNR (the snapshot that
        review used), then as it is now, so that gained data and revisions show."""
        if first.data_snapshot_id is None:
            snapshot = import_first_vnr_data(country=iso3, first_vnr_year=first_year)
            review_update(actor=admin, review=first, data_snapshot=snapshot)
        import_current_data(country=iso3, first_vnr_year=first_year, actor=statistician)

    def _contributor(self, username, first_name, last_name):
        """A public account with a verified e-mail address, as the portal's sign-up makes one."""
        user = self._user(username, first_name, last_name)
        ContributorProfile.objects.get_or_create(
            user=user, defaults={"display_name": f"{first_name} {last_name}", "email_verified_at": timezone.now()}
        )
        return user

    def _reporting_round(self, review, coordinator, year) -> None:
        """The default template and a first round of progress reports, issued from the matrix."""
        if review.reporting_rounds.exists():
            return
        report_template_default(actor=coordinator, review=review)
        round_ = report_round_create(
            actor=coordinator,
            review=review,
            title="Progress reports on the goals",
            deadline=datetime.date(year - 1, 12, 15),
            contribution_deadline=datetime.date(year - 1, 12, 1),
        )
        report_round_issue(actor=coordinator, round=round_)

    def _draft(self, review, editor) -> None:
        """Some real text in a few of Aurelia's sections (only where nothing is written)."""
        for kind, paragraphs in DEMO_TEXT.items():
            section = review.sections.filter(kind=kind, parent=None, version=0).select_related("review").first()
            if section is not None:
                section_save(actor=editor, section=section, content="\n\n".join(paragraphs), base_version=0)

    def _task_owners(self, review, users) -> None:
        owners = {
            Stage.DRAFTING: users[MemberRole.EDITOR],
            Stage.CONSULTATION: users[MemberRole.MODERATOR],
        }
        for task in review.tasks.filter(owner=None):
            task.owner = owners.get(task.stage, users[MemberRole.COORDINATOR])
            task.save(update_fields=["owner"])

    def _preparation_done(self, review) -> None:
        """A review in drafting has its preparation steps and letter of intent behind it."""
        review.tasks.filter(stage=Stage.PREPARATION).update(done_on=F("due_date"))
        review.milestones.filter(kind=Milestone.Kind.LETTER_OF_INTENT).update(done_on=F("due_date"))

    def _ministries(self, review, admin) -> dict[str, Ministry]:
        by_acronym = {}
        for name, (acronym, divisions) in MINISTRIES.items():
            ministry = Ministry.objects.filter(review=review, name=name).first()
            if ministry is None:
                ministry = ministry_save(
                    actor=admin,
                    review=review,
                    ministry=Ministry(
                        name=name,
                        acronym=acronym,
                        focal_point_name=f"Focal point, {acronym}",
                        focal_point_email=f"focal.{acronym.lower()}@example.org",
                    ),
                )
            by_acronym[acronym] = ministry
            for division in divisions:
                if not Ministry.objects.filter(review=review, name=division).exists():
                    ministry_save(actor=admin, review=review, ministry=Ministry(name=division, parent=ministry))
        return by_acronym

    def _matrix(self, review, by_acronym) -> None:
        if GoalAssignment.objects.filter(review=review).exists():
            return
        goals = {goal.number: goal for goal in Goal.objects.all()}
        cells = []
        for number, (lead, co_leads, associates) in MATRIX.items():
            for acronyms, role in (([lead], "lead"), (co_leads, "co_lead"), (associates, "associate")):
                cells += [
                    GoalAssignment(review=review, ministry=by_acronym[a], goal=goals[number], role=role)
                    for a in acronyms
                ]
        GoalAssignment.objects.bulk_create(cells)

    def _user(self, username, first_name, last_name, superuser=False):
        user, _ = get_user_model().objects.get_or_create(
            username=username,
            defaults={"email": f"{username}@example.org", "first_name": first_name, "last_name": last_name},
        )
        user.is_superuser = user.is_staff = superuser
        user.password = self._password_hash
        user.save()
        profile_set_language(user=user, language=DEMO_LANGUAGES.get(username, DEFAULT_DEMO_LANGUAGE))
        return user

    def _print(self, logins) -> None:
        width_country = max(len(row[0]) for row in logins)
        width_role = max(len(row[1]) for row in logins)
        self.stdout.write(f"\nDemo logins (password for all: {DEMO_PASSWORD})\n")
        self.stdout.write(f"{'Country':<{width_country}}  {'Role':<{width_role}}  Username")
        self.stdout.write(f"{'-' * width_country}  {'-' * width_role}  {'-' * 24}")
        for country, role, username in logins:
            self.stdout.write(f"{country:<{width_country}}  {role:<{width_role}}  {username}")
        others = ", ".join(f"{username} ({language})" for username, language in DEMO_LANGUAGES.items())
        self.stdout.write(f"\nEvery account reads the portal in English, except {others}.\n")
