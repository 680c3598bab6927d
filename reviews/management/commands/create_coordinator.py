"""The first coordinator of a fresh installation: an account, the country and its review.

A coordinator is a role in one review (a Membership), so the command creates, or reuses,
the country and the review in preparation, and the account that coordinates it. The new
account has no password: the command prints a link (valid PASSWORD_RESET_TIMEOUT, three
days by default) where its owner chooses one, so no password passes through a shell's
history or a ticket. From there the coordinator invites the other members. Everything is
recorded in the audit log.

    manage.py create_coordinator --username amina --email amina@planning.gov.example \\
        --country "Republic of Aurelia" --iso3 AUR --review-title "Second VNR of Aurelia" \\
        --hlpf-year 2027 --languages en,fr
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from reviews.models import REPORT_LANGUAGES, MemberRole, Review
from reviews.workspace.services.countries import country_get_or_create
from reviews.workspace.services.members import membership_grant
from reviews.workspace.services.reviews import review_create
from vnr_portal.common.site import absolute_url


def _messages(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        fields = error.message_dict.items()
        return "\n".join(f"{field}: {message}" for field, messages in fields for message in messages)
    return "\n".join(error.messages)


class Command(BaseCommand):
    help = "Create the first coordinator: an account, its country and its review (or reuse those that exist)."

    def add_arguments(self, parser):
        parser.add_argument("--username", required=True)
        parser.add_argument("--email", required=True)
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")
        parser.add_argument("--country", required=True, help="The country's name, e.g. 'Republic of Aurelia'.")
        parser.add_argument("--iso3", required=True, help="Its ISO 3166 alpha-3 code, e.g. AUR.")
        parser.add_argument("--review-title", required=True, help="The review in preparation this person coordinates.")
        parser.add_argument(
            "--hlpf-year",
            type=int,
            default=timezone.localdate().year + 1,
            help="The year the review is presented at the HLPF (default: next year).",
        )
        parser.add_argument(
            "--languages",
            default="en",
            help="The report's languages, comma-separated codes (default: en). One of: "
            + ", ".join(code for code, _name in REPORT_LANGUAGES),
        )

    def handle(self, *args, **options):
        codes = dict(REPORT_LANGUAGES)
        languages = [code.strip() for code in options["languages"].split(",") if code.strip()]
        unknown = [code for code in languages if code not in codes]
        if unknown or not languages:
            raise CommandError(
                f"--languages: unknown code(s) {', '.join(unknown) or '(none given)'}; use: {', '.join(codes)}."
            )
        try:
            validate_email(options["email"])
        except ValidationError as error:
            raise CommandError(f"--email: {_messages(error)}") from error
        try:
            with transaction.atomic():
                user, user_created, review, review_created, country_created = self._create(options, languages)
        except ValidationError as error:
            raise CommandError(f"Nothing was created.\n{_messages(error)}") from error

        say = self.stdout.write
        say(f"Country: {review.country} ({review.country.iso3}), {'created' if country_created else 'existing'}.")
        say(f"Review: “{review.title}” ({review.hlpf_year}), {'created' if review_created else 'existing'}.")
        account = "new account" if user_created else "existing account"
        say(f"Coordinator: {user.get_username()} <{user.email}>, {account}.")
        if user_created or not user.has_usable_password():
            link = absolute_url(
                "password_reset_confirm",
                uidb64=urlsafe_base64_encode(force_bytes(user.pk)),
                token=default_token_generator.make_token(user),
            )
            say("Send this link to the coordinator to choose a password (it works once, for a limited time):")
            say(link)
        say(self.style.SUCCESS("Done. The coordinator can now sign in, set up the review and invite its members."))

    def _create(self, options, languages):
        User = get_user_model()
        user = User.objects.filter(username=options["username"]).first()
        user_created = user is None
        if user_created:
            if User.objects.filter(email__iexact=options["email"]).exists():
                raise ValidationError({"email": "Another account already has this e-mail address."})
            user = User(
                username=options["username"],
                email=options["email"],
                first_name=options["first_name"],
                last_name=options["last_name"],
            )
            user.set_unusable_password()
            user.full_clean()
            user.save()
        elif user.email.lower() != options["email"].lower():
            raise ValidationError(
                {"email": f"The account {user.get_username()} exists with another e-mail address ({user.email})."}
            )
        country, country_created = country_get_or_create(actor=None, name=options["country"], iso3=options["iso3"])
        review = Review.objects.filter(country=country, title=options["review_title"], is_record=False).first()
        review_created = review is None
        if review_created:
            # The creator of a review becomes its first coordinator (see review_create).
            review = review_create(
                actor=user,
                country=country,
                title=options["review_title"],
                hlpf_year=options["hlpf_year"],
                languages=languages,
            )
        membership_grant(actor=None, review=review, user=user, role=MemberRole.COORDINATOR)
        return user, user_created, review, review_created, country_created
