"""Fixtures shared by the tests of every reviews feature (core, workspace, drafting,
reporting, publishing).

The fixed cast (country, `review` with two ministries, one member per role, an outsider,
the coordinator of another country's review, a superuser) is in the project's root
conftest.py, since stakeholders' tests use it too. Here: what several reviews test files
needed each in their own copy. A test file keeps its own fixture of the same name only
where it means something else.
"""

from pathlib import Path

import pytest

from reviews.drafting.models import SectionStatus
from reviews.tests.factories import MembershipFactory, SectionFactory, UserFactory
from reviews.workspace.services.matrix import matrix_apply
from vnr_portal.celery import app as celery_app

SECTION_TEXT = "<h2>Health</h2><p>Universal health coverage rose to <strong>80 per cent</strong> in 2024.</p>"


@pytest.fixture
def media(settings, tmp_path) -> Path:
    """Uploaded and rendered files go to a folder of this test's own."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def eager_tasks():
    """Run Celery tasks in this process, as soon as they are queued."""
    eager = {"task_always_eager": True, "task_eager_propagates": True}
    previous = {name: celery_app.conf[name] for name in eager}
    celery_app.conf.update(eager)
    yield
    celery_app.conf.update(previous)


@pytest.fixture
def council(review, council_member):
    """The review's council: `council_member` and a second member."""
    second = UserFactory(username="council_2", email="council_2@example.org")
    MembershipFactory(review=review, user=second, role="council_member")
    return [council_member, second]


@pytest.fixture
def section(review):
    """A section of `review` submitted for review at revision 2, with a short text."""
    return SectionFactory(
        review=review,
        title="Goal 3: Good health",
        content=SECTION_TEXT,
        word_count=11,
        version=2,
        status=SectionStatus.IN_REVIEW,
    )


@pytest.fixture
def health_leads_3(coordinator, review, goals, ministry_a, ministry_b):
    """In the role matrix, Health leads goal 3 with Education associated."""
    matrix_apply(actor=coordinator, review=review, cells={(ministry_a.pk, 3): "lead", (ministry_b.pk, 3): "associate"})
