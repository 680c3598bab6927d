"""Arranging the two reviews' data for the chapter and side-by-side tests."""

from django.apps import apps

from indicators.services import framework_load
from reviews.evidence.tests.evidence_data import describe, import_rows, record_first_vnr


def two_reviews_data(first_review):
    """At the first VNR (recorded): 1.1.1 (2016: 20, 2018: 18), 1.3.1 (2017: 40), 2.1.1
    (2012: 9, 2014: 8). Now: 1.1.1 gets 2021: 15, 1.2.1 appears, 2.1.1 gets 2021: 7, the
    national 8.3.1.1 appears. 1.1.1 and 1.2.1 should go down."""
    framework_load()
    import_rows([("1.1.1", 2016, 20), ("1.1.1", 2018, 18), ("1.3.1", 2017, 40), ("2.1.1", 2012, 9), ("2.1.1", 2014, 8)])
    record_first_vnr(first_review)
    import_rows(
        [
            ("1.1.1", 2016, 20),
            ("1.1.1", 2018, 18),
            ("1.1.1", 2021, 15),
            ("1.2.1", 2016, 30),
            ("1.2.1", 2022, 25),
            ("2.1.1", 2012, 9),
            ("2.1.1", 2014, 8),
            ("2.1.1", 2021, 7),
            ("8.3.1.1", 2015, 60),
            ("8.3.1.1", 2019, 58),
        ],
        name="later.csv",
    )
    describe("1.1.1", polarity="lower")
    describe("1.2.1", polarity="lower")


def engagement_baseline(review, **figures):
    """The first VNR's engagement figures entered for `review` (stakeholders' model, which
    reviews may not import: the stakeholders app hands in the engagement through registries)."""
    model = apps.get_model("stakeholders", "EngagementBaseline")
    return model.objects.create(review=review, **figures)
