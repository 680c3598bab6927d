import io
import zipfile

import pytest
from django.apps import apps
from django.core.management import call_command

from indicators.services import framework_load
from reviews.archive.canonical import canonical_form
from reviews.archive.graph import owned_models, rows_of
from reviews.archive.services.export import review_export
from reviews.archive.services.restore import review_restore
from reviews.models import Review

pytestmark = [pytest.mark.django_db, pytest.mark.integration]


@pytest.fixture
def demo(db, tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.DEBUG = True
    framework_load()
    call_command("seed_demo", stdout=io.StringIO())


def export_bytes(review, **options) -> bytes:
    out = io.BytesIO()
    review_export(actor=None, review=review, out=out, **options)
    return out.getvalue()


def forget(review):
    """Remove every row of `review` as if it were lost; rows of other reviews stop pointing at them."""
    gone = {model._meta.label: set(rows_of(model, review).values_list("pk", flat=True)) for model in owned_models()}
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            pks = gone.get(field.related_model._meta.label) if field.is_relation else None
            if not pks:
                continue
            pointing = model._base_manager.filter(**{f"{field.attname}__in": pks})
            if model._meta.label in gone:
                pointing = pointing.exclude(pk__in=gone[model._meta.label])
            if field.null:
                pointing.update(**{field.attname: None})
            else:
                pointing._raw_delete("default")
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            for name in (field.m2m_field_name(), field.m2m_reverse_field_name()):
                target = through._meta.get_field(name).related_model._meta.label
                if gone.get(target):
                    through._base_manager.filter(**{f"{name}_id__in": gone[target]})._raw_delete("default")
    for model in reversed(owned_models()):
        model._base_manager.filter(pk__in=gone[model._meta.label])._raw_delete("default")


def test_every_demo_review_exported_restored_and_exported_again_is_the_same(demo):
    for review in Review.objects.order_by("pk"):
        first = export_bytes(review)
        forget(review)
        restored, warnings = review_restore(actor=None, source=io.BytesIO(first))
        assert restored.pk != review.pk
        second = export_bytes(restored)
        assert canonical_form(second) == canonical_form(first), review
