"""Every factory builds a valid row, and rows that hang off a review share their parent's."""

import pytest
from django.apps import apps

from reviews.tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.unit]

FACTORIES = [
    value
    for value in vars(factories).values()
    if isinstance(value, type) and issubclass(value, factories.factory.django.DjangoModelFactory)
]


@pytest.mark.parametrize("factory_class", FACTORIES, ids=lambda f: f.__name__)
def test_factory_builds_a_valid_row(factory_class, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    row = factory_class()
    row.full_clean(validate_constraints=False)
    assert type(row)._default_manager.filter(pk=row.pk).exists()


def test_every_model_of_the_app_has_a_factory():
    built = {f._meta.model for f in FACTORIES}
    assert [m.__name__ for m in apps.get_app_config("reviews").get_models() if m not in built] == []


def test_a_report_takes_round_ministry_and_template_from_its_review():
    report = factories.ProgressReportFactory()
    assert {report.round.review_id, report.ministry.review_id, report.template.review_id} == {report.review_id}
    assert report.deadline == report.round.deadline
