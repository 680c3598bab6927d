"""Fixtures of stakeholder engagement, on top of the project's fixed cast (conftest.py)."""

import pytest

from stakeholders.tests.factories import ContributorFactory, PortalFactory, RoundDocumentFactory, RoundFactory


@pytest.fixture
def portal(review):
    """The review's portal, open to the public."""
    return PortalFactory(review=review)


@pytest.fixture
def public_round(portal):
    """An open public round of `review` with one frozen section in English."""
    round_ = RoundFactory(review=portal.review, title="Consultation on the draft")
    RoundDocumentFactory(
        round=round_, title="Goal 3: Good health", content="<p>Clinics opened.</p><p>Vaccination rose.</p>"
    )
    return round_


@pytest.fixture
def contributor(db):
    """A member of the public with a verified e-mail address."""
    return ContributorFactory(username="citizen", email="citizen@example.org")


@pytest.fixture
def other_contributor(db):
    return ContributorFactory(username="neighbour", email="neighbour@example.org")
