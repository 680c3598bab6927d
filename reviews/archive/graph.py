"""Which models belong to a review, how a row finds its review, and the order to restore them.

A model belongs to a review when one of its foreign keys leads to `Review`, directly or
through a chain of models that belong to one. Nothing is listed by hand: a new model with
such a chain is exported from the day it exists (`check_coverage` says what it lacks).
"""

from functools import cache

from django.apps import apps
from django.conf import settings
from django.db import models

from reviews.core.models import Review

from .registry import exclusions

REVIEW_LABEL = "reviews.Review"
# Models outside a review that rows point at, found again by these fields (a natural key).
EXTERNAL_KEYS = {
    "reviews.Country": ("iso3",),
    "indicators.Goal": ("number",),
    "indicators.Target": ("code",),
    "indicators.Indicator": ("code",),
}
# Handled by hand: people (by username) and the data a review used (by its versions' keys).
SPECIAL_EXTERNAL = {settings.AUTH_USER_MODEL, "indicators.DataSnapshot", REVIEW_LABEL}


def relation_fields(model) -> list[models.Field]:
    """Concrete foreign keys and one-to-ones of `model`, in declaration order."""
    return [f for f in model._meta.concrete_fields if f.is_relation]


def m2m_fields(model) -> list[models.ManyToManyField]:
    return [f for f in model._meta.local_many_to_many if f.remote_field.through._meta.auto_created]


def file_fields(model) -> list[models.FileField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, models.FileField)]


@cache
def owner_paths() -> dict[str, str]:
    """{"app.Model": lookup from that model to its review} for every model that belongs to one.

    Prefers a field named `review`, then any foreign key to `Review`, then the first foreign
    key to a model that belongs to a review (its declaration order).
    """
    excluded = exclusions()
    paths: dict[str, str] = {REVIEW_LABEL: "pk"}
    candidates = [m for m in apps.get_models() if m._meta.label not in excluded and m is not Review]
    changed = True
    while changed:
        changed = False
        for model in candidates:
            label = model._meta.label
            if label in paths:
                continue
            fields = relation_fields(model)
            to_review = [f for f in fields if f.related_model is Review]
            named = [f for f in to_review if f.name == "review"]
            if named or to_review:
                paths[label] = (named or to_review)[0].name
                changed = True
                continue
            for field in fields:
                target = field.related_model._meta.label
                if target in paths and target != label:
                    paths[label] = f"{field.name}__{paths[target]}".removesuffix("__pk")
                    changed = True
                    break
    return paths


def owned_models() -> list[type[models.Model]]:
    """Models that belong to a review, in an order where a row's targets come before it."""
    labels = set(owner_paths())
    deps: dict[str, set[str]] = {}
    nullable: dict[str, set[str]] = {}
    for label in labels:
        model = apps.get_model(label)
        deps[label] = set()
        nullable[label] = set()
        for field in relation_fields(model):
            target = field.related_model._meta.label
            if target in labels and target != label:
                deps[label].add(target)
                if field.null:
                    nullable[label].add(target)
    deps[REVIEW_LABEL] = set()
    order: list[str] = []
    remaining = dict(deps)
    while remaining:
        ready = sorted(label for label, needs in remaining.items() if not (needs - set(order)))
        if not ready:
            # A cycle: a nullable key waits for the second pass of the restore.
            for label in remaining:
                remaining[label] = remaining[label] - nullable[label]
            ready = sorted(label for label, needs in remaining.items() if not (needs - set(order)))
            if not ready:
                raise RuntimeError(f"Cannot order the models of a review: {sorted(remaining)}")
        for label in ready:
            order.append(label)
            del remaining[label]
    return [apps.get_model(label) for label in order]


def rows_of(model, review: Review) -> models.QuerySet:
    """The rows of `model` that belong to `review`, oldest first."""
    path = owner_paths()[model._meta.label]
    return model._base_manager.filter(**{path: review.pk}).order_by("pk")


def check_coverage() -> list[str]:
    """What keeps a review's export from being complete: one sentence per problem (none: [])."""
    problems = []
    owned = set(owner_paths())
    excluded = exclusions()
    known = owned | set(EXTERNAL_KEYS) | SPECIAL_EXTERNAL
    for model in apps.get_models():
        label = model._meta.label
        if label in excluded:
            continue
        if label in owned:
            for field in relation_fields(model) + m2m_fields(model):
                target = field.related_model._meta.label
                if target not in known:
                    problems.append(f"{label}.{field.name} points at {target}, which has no key in the archive")
            continue
        for field in model._meta.local_many_to_many + relation_fields(model):
            target = field.related_model._meta.label
            if target in owned and f"{label}.{field.name}" not in excluded:
                problems.append(
                    f"{label}.{field.name} points at {target} of a review, but {label} belongs to no review: "
                    "export it or register an exclusion with its reason"
                )
    return problems
