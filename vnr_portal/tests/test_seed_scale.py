"""`manage.py seed_scale` at a small size: what it creates, its JSON, and its pages."""

import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from indicators.services import framework_load
from reviews.models import Membership, ProgressReport, Review, SectionRevision
from stakeholders.models import Contribution, RoundDocument

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

SMALL = ["--ministries", "4", "--sections", "45", "--revisions", "120", "--comments", "60", "--reports", "30"]

# Which account opens each page (None: anonymous, the public).
PAGE_ROLES = {
    "tracker": "coordinator",
    "matrix_edit": "coordinator",
    "matrix": "focal_point",
    "outline": "editor",
    "section_edit": "editor",
    "public_round": None,
    "moderation": "moderator",
    "dashboard": "coordinator",
    "goal_tiles": "statistician",
    "inventory": "statistician",
    "indicator": "council_member",
    "commitments": "reviewer",
    "roadmap": "coordinator",
    "side_by_side": "editor",
    "chapter": "coordinator",
    "goal": "statistician",
    "round_detail": "coordinator",
    "uptake": "editor",
    "inclusiveness": "coordinator",
    "portal_home": None,
    "public_outcomes": None,
    "public_data": None,
    "public_data_goal": None,
    "public_data_indicator": None,
}


def _seed(*args):
    out = io.StringIO()
    call_command("seed_scale", *SMALL, "--json", *args, stdout=out, stderr=io.StringIO())
    return json.loads(out.getvalue().strip().splitlines()[-1])


@pytest.fixture
def scale(db, tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path)
    framework_load()
    return _seed()


def test_seed_scale_creates_a_separate_review_of_the_asked_size(scale):
    review = Review.objects.get(pk=scale["review"])
    assert review.country.iso3 == scale["country"] == "XAA"
    assert review.previous_review.is_record and review.stage == "drafting"
    assert review.ministries.count() == 4
    assert review.sections.count() == 45
    assert SectionRevision.objects.filter(section__review=review).count() == 120
    assert ProgressReport.objects.filter(review=review).count() == 30
    assert Contribution.objects.filter(round_id=scale["round"]).count() == 60
    assert scale["counts"] == {
        "ministries": 4,
        "sections": 45,
        "revisions": 120,
        "reports": 30,
        "comments": 60,
        "documents": 20,
    }
    # Every section shows its last revision, sanitized.
    for section in review.sections.filter(version__gt=0):
        last = section.revisions.order_by("-number").first()
        assert section.content == last.content and section.version == last.number
        assert "<script" not in section.content
    # Frozen documents of a published round; reports and comments in several states.
    assert RoundDocument.objects.filter(round_id=scale["round"], frozen_at__isnull=False).count() == 20
    statuses = set(ProgressReport.objects.filter(review=review).values_list("status", flat=True))
    assert statuses == {"not_started", "draft", "submitted", "returned", "accepted"}
    visibilities = set(Contribution.objects.filter(round_id=scale["round"]).values_list("visibility", flat=True))
    assert visibilities == {"visible", "hidden", "awaiting"}
    awaiting = Contribution.objects.filter(round_id=scale["round"], visibility="awaiting")
    assert all(c.flag_count == 3 == c.flags.exclude(user=c.author).count() for c in awaiting)
    hidden = Contribution.objects.filter(round_id=scale["round"], visibility="hidden")
    assert all(c.hidden_reason and c.moderated_by_id for c in hidden)


def test_seed_scale_json_names_one_account_per_role_and_the_password_signs_in(scale):
    assert set(scale["users"]) == {
        "coordinator",
        "editor",
        "focal_point",
        "statistician",
        "reviewer",
        "council_member",
        "moderator",
        "citizen",
    }
    for role, username in scale["users"].items():
        if role != "citizen":
            assert Membership.objects.filter(review_id=scale["review"], user__username=username, role=role).exists()
    user = get_user_model().objects.get(username=scale["users"]["coordinator"])
    assert user.check_password(scale["password"])
    assert set(scale["urls"]) == set(PAGE_ROLES)


def test_every_url_answers_200_to_its_role(scale):
    for name, url in scale["urls"].items():
        client = Client()
        role = PAGE_ROLES[name]
        if role:
            client.force_login(get_user_model().objects.get(username=scale["users"][role]))
        response = client.get(url)
        assert response.status_code == 200, (name, url, role, response.status_code)


def test_a_role_that_may_not_is_refused(scale):
    client = Client()
    client.force_login(get_user_model().objects.get(username=scale["users"]["focal_point"]))

    assert client.get(scale["urls"]["matrix_edit"]).status_code == 403
    assert client.get(scale["urls"]["moderation"]).status_code == 403


def test_seed_scale_again_makes_another_country_and_review(scale):
    again = _seed()

    assert again["review"] != scale["review"] and again["country"] == "XAB"
    assert again["password"] != scale["password"]
    assert Review.objects.filter(pk=scale["review"]).exists()


def test_seed_scale_refuses_absurd_sizes_and_a_missing_framework(db):
    with pytest.raises(CommandError, match="SDG framework"):
        call_command("seed_scale", "--json", stdout=io.StringIO())
    framework_load()
    with pytest.raises(CommandError, match="--sections must be between"):
        call_command("seed_scale", "--sections", "0", stdout=io.StringIO())


def _queries_per_page(data: dict) -> dict[str, int]:
    counts = {}
    for name, url in data["urls"].items():
        client = Client()
        role = PAGE_ROLES[name]
        if role:
            client.force_login(get_user_model().objects.get(username=data["users"][role]))
        client.get(url)  # the first request fills per-process caches (the framework's titles)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, (name, url)
        counts[name] = len(queries)
    return counts


def test_every_page_asks_the_same_number_of_queries_at_two_sizes(scale):
    """A page's queries do not grow with its data: the same count for a review about twice
    the small one (the same number of ministries, so that the tracker shows the same view)."""
    bigger = _seed("--sections", "90", "--revisions", "240", "--comments", "130", "--reports", "60")
    assert bigger["counts"]["sections"] == 90 and bigger["counts"]["comments"] == 130

    assert _queries_per_page(bigger) == _queries_per_page(scale)
