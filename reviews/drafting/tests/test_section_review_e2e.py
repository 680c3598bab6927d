import pytest
from playwright.sync_api import expect

from reviews.models import SectionComment
from reviews.tests.factories import SectionFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.e2e]

TEXT = "<p>Universal health coverage rose to <strong>80 per cent</strong> in 2024.</p>"


def test_reviewer_comments_on_a_selected_passage_then_approves(page, login, review, reviewer, editor):
    section = SectionFactory(
        review=review, title="Goal 3: Good health", content=TEXT, word_count=9, version=1, status="in_review"
    )
    login(reviewer)
    page.goto(f"/reviews/{review.pk}/draft/{section.pk}/review/")
    page.evaluate(
        """() => {
            const strong = document.querySelector('#section-content strong');
            const range = document.createRange();
            range.selectNodeContents(strong);
            const selection = window.getSelection();
            selection.removeAllRanges();
            selection.addRange(range);
        }"""
    )
    page.get_by_role("button", name="Comment on the selection").click()
    expect(page.get_by_label("Passage commented on (optional)")).to_have_value("80 per cent")
    page.get_by_role("textbox", name="Comment", exact=True).fill("Which survey is this from?")
    page.get_by_role("button", name="Add the comment").click()
    expect(page.locator("blockquote")).to_have_text("80 per cent")
    expect(page.get_by_text("Which survey is this from?")).to_be_visible()
    page.get_by_label("Approve this revision").check()
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator("#section-status")).to_have_text("Approved")
    comment = SectionComment.objects.get()
    assert (comment.quote, comment.revision_number) == ("80 per cent", 1)
