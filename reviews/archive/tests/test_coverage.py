"""Every model that belongs to a review is in its export, or left out with a reason."""

import pytest
from django.apps import apps
from django.db import models

from reviews.archive import graph, registry
from reviews.archive.graph import check_coverage, owned_models, owner_paths

pytestmark = [pytest.mark.unit]


def test_every_model_that_belongs_to_a_review_is_exported_or_left_out_with_a_reason():
    assert check_coverage() == []


def test_the_models_left_out_are_few_and_each_has_a_reason():
    assert set(registry.exclusions()) == {
        "reviews.Notification",
        "reviews.SectionPresence",
        "reviews.ImportJob",
        "stakeholders.ContributorProfile.categories",
        "stakeholders.RoundPublicVersion",  # a cache key, made again by the first write
    }
    assert all(str(reason) for reason in registry.exclusions().values())


def test_a_chain_of_keys_is_enough_to_be_exported():
    paths = owner_paths()
    assert paths["reviews.Ballot"] == "vote__review"
    assert paths["reviews.SelfAssessmentAnswer"] == "respondent__assessment__review"
    assert paths["stakeholders.ContributionAttachment"] == "contribution__round__review"
    assert paths["reviews.AuditEntry"] == "review"
    labels = [model._meta.label for model in owned_models()]
    assert labels[0] == "reviews.Review"
    assert labels.index("reviews.Ministry") < labels.index("reviews.Membership")
    assert labels.index("stakeholders.Contribution") < labels.index("stakeholders.ContributionAttachment")


def test_a_model_pointing_at_something_the_archive_cannot_name_is_reported(monkeypatch):
    keys = {label: names for label, names in graph.EXTERNAL_KEYS.items() if label != "indicators.Goal"}
    monkeypatch.setattr(graph, "EXTERNAL_KEYS", keys)

    problems = check_coverage()

    assert "reviews.Section.goal points at indicators.Goal, which has no key in the archive" in problems


def test_a_model_linked_to_a_review_only_from_outside_it_is_reported(monkeypatch):
    monkeypatch.setattr(
        registry, "_EXCLUDED", {k: v for k, v in registry._EXCLUDED.items() if not k.startswith("stakeholders")}
    )
    graph.owner_paths.cache_clear()
    try:
        problems = check_coverage()
    finally:
        graph.owner_paths.cache_clear()

    assert any(p.startswith("stakeholders.ContributorProfile.categories points at") for p in problems)


def test_a_model_excluded_is_not_exported_even_with_a_key_to_the_review(monkeypatch):
    assert "reviews.Notification" not in owner_paths()
    monkeypatch.setattr(registry, "_EXCLUDED", {})
    graph.owner_paths.cache_clear()
    try:
        assert owner_paths()["reviews.Notification"] == "review"
    finally:
        graph.owner_paths.cache_clear()


def test_every_e_mail_address_field_of_a_review_is_declared_personal_data():
    personal = registry.personal_fields()
    for model in owned_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.EmailField):
                assert field.name in personal.get(model._meta.label, set()), model._meta.label
    assert {"email", "first_name", "last_name"} <= personal[apps.get_model("auth", "User")._meta.label]
