"""The reviews named by their order in the chain (`previous_review`): a third VNR's pages,
chapter and outline speak of "the second VNR" and "From the second to the third VNR", never
of the first; the common case keeps "first" and "second"; past the fifth, the year."""

import re

import pytest
from django.utils import translation

from reviews.core.models import Review
from reviews.core.selectors import review_number, vnr_names
from reviews.core.vnr_names import VnrNames
from reviews.drafting.models import Section, SectionKind
from reviews.followup.selectors.chapter import chapter_html, data_change
from reviews.followup.services.carryover import carryover_apply
from reviews.followup.tests.carryover_helpers import third_review
from reviews.followup.tests.chapter_data import engagement_baseline, two_reviews_data
from reviews.tests.factories import ReviewFactory, SectionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.integration]


def text_of(response) -> str:
    """The page's visible text, one space between words."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def third(review, coordinator):
    """Aurelia's third VNR (2031), after the second (2027, `review`), after the first (2019)."""
    return third_review(review, coordinator)  # its creator coordinates it


# --- The order and the names -----------------------------------------------------------------


def test_the_order_comes_from_the_chain(first_review, review, third, django_assert_num_queries):
    assert review_number(first_review) == 1
    third = Review.objects.get(pk=third.pk)
    with django_assert_num_queries(1):
        names = vnr_names(third)
    assert (names.number, names.previous_number, names.previous_year) == (3, 2, 2027)
    with django_assert_num_queries(0):
        vnr_names(third)  # kept on the instance
    assert review_number(review) == 2


def test_names_by_order_and_past_the_fifth():
    common = VnrNames(number=2, year=2027, previous_number=1, previous_year=2019)
    assert common.chapter_title == "From the first to the second VNR"
    assert common.overview_title == "From the first VNR to the second"
    assert common.side_by_side_title == "Side by side with the first VNR"
    assert (common.previous_noun, common.previous_heading) == ("the first VNR", "First VNR")

    third = VnrNames(number=3, year=2031, previous_number=2, previous_year=2027)
    assert third.chapter_title == third.overview_title == "From the second to the third VNR"
    assert third.side_by_side_title == "Side by side with the second VNR"
    assert (third.previous_noun, third.previous_heading) == ("the second VNR", "Second VNR")

    sixth = VnrNames(number=6, year=2043, previous_number=5, previous_year=2039)
    assert sixth.chapter_title == "From the VNR of 2039 to the VNR of 2043"
    assert sixth.previous_heading == "Fifth VNR"
    seventh = VnrNames(number=7, year=2047, previous_number=6, previous_year=2043)
    assert (seventh.previous_noun, seventh.previous_heading) == ("the VNR of 2043", "VNR 2043")


def test_the_common_case_keeps_its_translations():
    common = VnrNames(number=2, year=2027, previous_number=1, previous_year=2019)
    with translation.override("fr"):
        assert common.chapter_title == "Du premier au deuxième ENV"
        assert common.side_by_side_title == "Côte à côte avec le premier ENV"
        assert common.previous_heading == "Premier ENV"


# --- A third VNR's pages -----------------------------------------------------------------------


def test_a_third_vnrs_pages_name_the_second(client, review, third, coordinator, goals):
    SectionFactory(review=review, title="Introduction 2027", kind=SectionKind.INTRODUCTION, position=0)
    intro = Section.objects.get(review=third, kind=SectionKind.INTRODUCTION)
    client.force_login(coordinator)

    overview = text_of(client.get(f"/reviews/{third.pk}/followup/"))
    assert "From the second to the third VNR" in overview
    assert "Side by side with the second VNR" in overview

    side = text_of(client.get(f"/reviews/{third.pk}/followup/side-by-side/", {"section": intro.pk}))
    assert "Side by side with the second VNR" in side
    assert "Beside “ Introduction 2027 ” of the second VNR" in side
    assert "Since the second VNR: words added" in side

    chapter = text_of(client.get(f"/reviews/{third.pk}/followup/chapter/"))
    assert "From the second to the third VNR" in chapter
    assert "Compare any part of this review with the second VNR, side by side" in chapter

    for page in (overview, side, chapter):
        assert "first VNR" not in page.replace("Record a first VNR", "")


def test_a_third_vnrs_generated_chapter_and_its_title(client, review, third, coordinator, goals):
    two_reviews_data(review)  # the second VNR's recorded figures
    engagement_baseline(third, participants=120, contributions=300, source="Second VNR, annex 2")
    client.force_login(coordinator)

    client.post(f"/reviews/{third.pk}/followup/chapter/")

    section = Section.objects.get(review=third, kind=SectionKind.FIRST_TO_SECOND, parent=None)
    assert section.title == "From the second to the third VNR"  # the default outline's, named by order
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", section.content))
    assert "At the second VNR (2027), 3 indicators had data; today 5 indicators have." in text
    assert "Data availability and progress by Goal, at the second VNR and now" in text
    assert "Indicators with data, Second VNR" in text and "Progress, Second VNR" in text
    assert "Engagement of the second VNR and of this review" in text
    assert "first VNR" not in text.lower().replace("first vnr, 2019", "")  # the snapshot's own label
    outline = text_of(client.get(f"/reviews/{third.pk}/draft/"))
    assert "From the second to the third VNR" in outline


def test_the_second_vnrs_chapter_keeps_first_and_second(review, first_review, goals):
    two_reviews_data(first_review)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", chapter_html(review)))
    assert "At the first VNR (2019), 3 indicators had data; today 5 indicators have." in text
    assert "Progress, First VNR" in text


def test_a_chapter_renamed_by_hand_keeps_its_title(review, third, coordinator):
    section = Section.objects.get(review=third, kind=SectionKind.FIRST_TO_SECOND, parent=None)
    section.title = "Since 2027"
    section.save()
    from reviews.followup.services.chapter import chapter_generate

    chapter_generate(actor=coordinator, review=third)
    section.refresh_from_db()
    assert section.title == "Since 2027"


def test_a_default_title_given_before_the_link_is_named_by_order_on_generation(review, coordinator, goals):
    # Created without its previous review, linked afterwards: its outline said "first to second".
    later = ReviewFactory(country=review.country, title="Third", hlpf_year=2031)
    from reviews.drafting.services.outline import outline_create_default
    from reviews.followup.services.chapter import chapter_generate

    outline_create_default(actor=coordinator, review=later)
    assert Section.objects.get(review=later, kind=SectionKind.FIRST_TO_SECOND, parent=None).title == (
        "From the first to the second VNR"
    )
    later.previous_review = review
    later.save()

    section = chapter_generate(actor=coordinator, review=later)

    assert section.title == "From the second to the third VNR"


def test_carrying_the_outline_over_names_the_chapter_by_order(review, coordinator, goals):
    from reviews.drafting.services.outline import outline_create_default

    outline_create_default(actor=coordinator, review=review)  # "From the first to the second VNR"
    target = third_review(review, coordinator)

    carryover_apply(actor=coordinator, review=target, parts=["outline"])

    titles = set(target.sections.filter(parent=None).values_list("title", flat=True))
    assert "From the second to the third VNR" in titles
    assert "From the first to the second VNR" not in titles


def test_the_inclusiveness_dashboard_of_a_third_vnr(client, review, third, coordinator):
    engagement_baseline(third, participants=120, contributions=300, source="Second VNR, annex 2")
    client.force_login(coordinator)

    page = text_of(client.get(f"/reviews/{third.pk}/engagement/inclusiveness/"))

    assert "This review and the second VNR" in page
    assert "Engagement of this review beside that of the second VNR" in page
    assert "Second VNR" in page and "First VNR" not in page


# --- Plurals -------------------------------------------------------------------------------------


def test_one_indicator_is_singular(review, first_review, goals):
    from indicators.services import framework_load
    from reviews.evidence.tests.evidence_data import import_rows, record_first_vnr

    framework_load()
    import_rows([("1.1.1", 2016, 20), ("1.1.1", 2018, 18)])
    record_first_vnr(first_review)
    change = data_change(review)
    assert (change.indicators_then, change.indicators_now) == (1, 1)

    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", chapter_html(review)))

    assert "At the first VNR (2019), 1 indicator had data; today 1 indicator has." in text
    assert "1 indicators" not in text
