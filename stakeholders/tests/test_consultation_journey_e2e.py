"""The consultation, end to end in Chromium: a member of the public comments in Chinese,
a moderator answers from a prepared template, an editor marks the comment taken in, and
the portal shows it in "you said, we did"."""

import pytest

from stakeholders.models import Contribution, ModeratorResponse, ResponseTemplate
from stakeholders.moderation.services.response_templates import templates_ensure_defaults
from stakeholders.tests.factories import RoundDocumentFactory, RoundFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

COMMENT = "请在第三章补充农村诊所的数据。"


@pytest.fixture
def bilingual_round(portal, moderator):
    round_ = RoundFactory(review=portal.review, title="Consultation on goal 3", languages=["en", "zh-Hans"])
    RoundDocumentFactory(
        round=round_, language="en", title="Goal 3", content="<p>Clinics opened in every district.</p>"
    )
    RoundDocumentFactory(round=round_, language="zh-Hans", title="目标3", content="<p>每个地区都开设了诊所。</p>")
    templates_ensure_defaults(portal.review, actor=moderator)
    return round_


def test_public_comment_answered_taken_in_and_shown_in_you_said_we_did(
    page, browser, live_server, login, bilingual_round, contributor, moderator, editor
):
    review = bilingual_round.review

    # A member of the public reads the portal in Chinese and comments on a paragraph.
    page.goto(f"/portal/{review.pk}/")
    page.locator("#language-select").select_option("zh-hans")
    page.locator("form.language button[type=submit]").click()
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    page.locator(f"a[href='/portal/{review.pk}/rounds/{bilingual_round.pk}/']").first.click()
    page.locator("a[lang='zh-Hans']").click()
    assert "每个地区都开设了诊所。" in page.locator("main").inner_text()
    login(contributor)
    page.goto(f"/portal/{review.pk}/rounds/{bilingual_round.pk}/?lang=zh-Hans")
    page.locator("a[href*='paragraph=0']").first.click()
    page.locator("main form[method=post] button[type=submit]").click()  # the code of conduct, first time only
    page.locator("#id_body").fill(COMMENT)
    page.locator("#id_language").select_option("zh-Hans")
    page.locator("main form[method=post] button[type=submit]").last.click()
    contribution = Contribution.objects.get(body=COMMENT)
    assert (contribution.language, contribution.paragraph, contribution.document.language) == ("zh-Hans", 0, "zh-Hans")
    assert COMMENT in page.locator("main").inner_text()

    # A moderator classes it constructive and answers with the Chinese prepared answer.
    moderation = browser.new_context(base_url=live_server.url, locale="en-GB").new_page()
    _login(moderation, moderator)
    moderation.goto(f"/reviews/{review.pk}/engagement/moderation/")
    moderation.locator(f"a[href$='/contributions/{contribution.pk}/']").first.click()
    moderation.locator("#id_classification").select_option("constructive")
    moderation.get_by_role("button", name="Save the class").click()
    # The prepared answer of that class in the comment's language is chosen and filled in.
    chosen = ResponseTemplate.objects.get(review=review, classification="constructive", language="zh-Hans")
    assert moderation.locator("#answer strong[aria-current]").inner_text() == chosen.title
    answer = moderation.locator("#id_body").input_value()
    assert answer == chosen.body
    moderation.get_by_role("button", name="Publish the answer").click()
    response = ModeratorResponse.objects.get(contribution=contribution)
    assert (response.template, response.body, response.author) == (chosen, answer, moderator)

    # An editor marks it taken in, with a reason.
    drafting = browser.new_context(base_url=live_server.url, locale="en-GB").new_page()
    _login(drafting, editor)
    drafting.goto(f"/reviews/{review.pk}/engagement/rounds/{bilingual_round.pk}/uptake/")
    card = drafting.locator(f"#contribution-{contribution.pk}")
    card.locator("input[name=decision][value=accepted]").check()
    card.locator("textarea[name=reason]").last.fill("The figures on rural clinics are now in chapter 3.")
    card.get_by_role("button", name="Save the decision").click()
    drafting.locator(f"#contribution-{contribution.pk} [role=status]").wait_for()
    contribution.refresh_from_db()
    assert contribution.uptake == "accepted"

    # The public sees the answer under the comment and the decision in "you said, we did".
    page.goto(f"/portal/{review.pk}/rounds/{bilingual_round.pk}/?lang=zh-Hans")
    assert answer in page.locator(f"#contribution-{contribution.pk}").inner_text()
    page.goto(f"/portal/{review.pk}/rounds/{bilingual_round.pk}/outcomes/")
    table = page.locator("main table").last.inner_text()
    assert COMMENT[:10] in table
    assert "The figures on rural clinics are now in chapter 3." in table


def _login(page, user, password="correct-horse-battery"):
    page.set_default_timeout(15_000)
    page.goto("/accounts/login/")
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/")
