"""Fixtures several test modules of stakeholders use, on top of the project's fixed cast
(the root conftest.py): a published portal with an open public round, contributors, an
invited round, a draft round and a draft section."""

import pytest

from stakeholders.rounds.services.rounds import round_create
from stakeholders.tests.factories import ContributorFactory, PortalFactory, RoundDocumentFactory, RoundFactory
from stakeholders.tests.helpers import draft_section, round_fields


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
def invited_round(portal):
    """An open round of `review` for invited people only (nobody invited yet)."""
    return RoundFactory(review=portal.review, audience="invited", title="Closed consultation")


@pytest.fixture
def draft_round(review, coordinator):
    """A draft public round of `review` in English and Chinese, made by the coordinator."""
    return round_create(actor=coordinator, review=review, **round_fields())


@pytest.fixture
def health(review, coordinator):
    """A draft section of `review` with text."""
    return draft_section(review, coordinator, "Goal 3: Good health", "<p>Clinics opened.</p>")


@pytest.fixture
def contributor(db):
    """A member of the public with a verified e-mail address."""
    return ContributorFactory(username="citizen", email="citizen@example.org")


@pytest.fixture
def other_contributor(db):
    return ContributorFactory(username="neighbour", email="neighbour@example.org")
