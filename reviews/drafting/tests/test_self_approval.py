"""A reviewer never approves a revision they wrote (issue 13, item 8), whoever is assigned
to the section, unless the review's `allow_self_approval` is on. The rule is
`rules.may_decide_own_work`: the permission `reviews.decide_section`, the decision
form's presence on the page and the service all follow it."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from reviews.drafting.services.section_review import section_decide, section_submit
from reviews.drafting.services.sections import section_save
from reviews.models import Review, Section, SectionDecision, SectionStatus
from reviews.tests.factories import MembershipFactory, SectionFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.integration]


@pytest.fixture
def writer_reviewer(review):
    """An editor who is also a reviewer of the review."""
    user = UserFactory(username="writer_reviewer", email="writer_reviewer@example.org")
    MembershipFactory(review=review, user=user, role="editor")
    MembershipFactory(review=review, user=user, role="reviewer")
    return user


@pytest.fixture
def own_text(review, writer_reviewer):
    """A section with nobody assigned, whose current revision `writer_reviewer` wrote,
    submitted for review."""
    section = SectionFactory(review=review, title="Goal 5: Gender equality")
    section = Section.objects.select_related("review").get(pk=section.pk)
    section_save(actor=writer_reviewer, section=section, content="<p>My own text.</p>", base_version=0)
    section_submit(actor=writer_reviewer, section=section)
    return Section.objects.select_related("review").get(pk=section.pk)


def _decide_url(section):
    return reverse("reviews:section-decide", args=[section.review_id, section.pk])


def _page_url(section):
    return reverse("reviews:section-review", args=[section.review_id, section.pk])


def test_reviewer_cannot_approve_the_revision_they_wrote(client, own_text, writer_reviewer):
    client.force_login(writer_reviewer)

    response = client.post(_decide_url(own_text), {"kind": "approve", "revision_number": own_text.version})

    assert (response.status_code, SectionDecision.objects.count()) == (403, 0)
    assert Section.objects.get(pk=own_text.pk).status == SectionStatus.IN_REVIEW


def test_page_shows_no_decision_form_to_the_author_but_says_why(client, own_text, writer_reviewer):
    client.force_login(writer_reviewer)

    page = client.get(_page_url(own_text)).content.decode()

    assert ('id="decision-form"' in page, 'id="own-work-notice"' in page) == (False, True)


def test_another_reviewer_approves_it(client, own_text, reviewer):
    client.force_login(reviewer)
    assert 'id="decision-form"' in client.get(_page_url(own_text)).content.decode()

    response = client.post(_decide_url(own_text), {"kind": "approve", "revision_number": own_text.version})

    assert (response.status_code, Section.objects.get(pk=own_text.pk).status) == (302, SectionStatus.APPROVED)


def test_author_approves_once_someone_else_wrote_the_current_revision(client, own_text, writer_reviewer, editor):
    section_save(
        actor=editor, section=own_text, content="<p>Edited by someone else.</p>", base_version=own_text.version
    )
    client.force_login(writer_reviewer)

    response = client.post(_decide_url(own_text), {"kind": "approve", "revision_number": own_text.version})

    assert (response.status_code, SectionDecision.objects.get().reviewer) == (302, writer_reviewer)


def test_author_approves_when_the_review_allows_self_approval(client, own_text, writer_reviewer):
    Review.objects.filter(pk=own_text.review_id).update(allow_self_approval=True)
    client.force_login(writer_reviewer)

    response = client.post(_decide_url(own_text), {"kind": "approve", "revision_number": own_text.version})

    assert (response.status_code, Section.objects.get(pk=own_text.pk).status) == (302, SectionStatus.APPROVED)


def test_service_refuses_the_author_too(own_text, writer_reviewer):
    with pytest.raises(ValidationError) as error:
        section_decide(actor=writer_reviewer, section=own_text, kind="approve", revision_number=own_text.version)

    assert error.value.messages == [
        "You wrote the current text of this section or are assigned to edit it, and this review does not allow "
        "approving one's own text: another reviewer decides on it."
    ]


@pytest.mark.parametrize(
    "assigned, author, allowed, expected",
    [
        (False, False, False, True),
        (False, True, False, False),
        (True, False, False, False),
        (True, True, False, False),
        (False, True, True, True),
        (True, True, True, True),
    ],
    ids=["neither", "author", "assigned", "both", "author-allowed", "both-allowed"],
)
def test_decide_permission_follows_authorship_and_assignment(
    review, writer_reviewer, editor, assigned, author, allowed, expected
):
    Review.objects.filter(pk=review.pk).update(allow_self_approval=allowed)
    section = Section.objects.select_related("review").get(pk=SectionFactory(review=review).pk)
    section_save(actor=writer_reviewer if author else editor, section=section, content="<p>Text.</p>", base_version=0)
    if assigned:
        section.editors.add(writer_reviewer)
    section = Section.objects.select_related("review").prefetch_related("editors").get(pk=section.pk)

    assert writer_reviewer.has_perm("reviews.decide_section", section) is expected
