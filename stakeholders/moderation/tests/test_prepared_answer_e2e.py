"""The moderation page in a browser: choosing a prepared answer in the menu fills the box,
and text the moderator typed is replaced only after asking."""

import pytest
from playwright.sync_api import expect

from stakeholders.models import Contribution
from stakeholders.tests.factories import ContributionFactory, ResponseTemplateFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.e2e]


def test_choosing_a_prepared_answer_fills_the_box(page, login, moderator, review, public_round, contributor):
    from stakeholders.moderation.services.response_templates import templates_ensure_defaults

    templates_ensure_defaults(review)
    thanks = ResponseTemplateFactory(review=review, classification="constructive", language="en", title="Thanks")
    contribution = ContributionFactory(
        round=public_round, document=public_round.documents.get(), author=contributor, body="More clinics."
    )
    Contribution.objects.filter(pk=contribution.pk).update(classification="constructive", language="en")
    login(moderator)
    page.goto(f"/reviews/{review.pk}/engagement/moderation/contributions/{contribution.pk}/")
    expect(page.get_by_role("status").filter(has_text="is already in the box below")).to_be_visible()
    box = page.locator("#id_body")
    page.get_by_label("Prepared answer").select_option(str(thanks.pk))
    expect(box).to_have_value(thanks.body)
    box.fill("My own words.")
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.get_by_label("Prepared answer").select_option(label="Removed as spam")
    expect(box).to_have_value("My own words.")
