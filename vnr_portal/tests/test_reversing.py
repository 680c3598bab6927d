"""Addresses made once (vnr_portal/common/reversing.py and the templates' {% url %}): the
same addresses as Django's reverse(), whatever was asked before."""

import pytest
from django.template import Context, Template
from django.test import override_settings
from django.urls import NoReverseMatch, reverse, set_script_prefix

from vnr_portal.common import reversing
from vnr_portal.common.reversing import remembered_reverse, url_maker


@pytest.fixture(autouse=True)
def _forgotten():
    reversing._reversed.cache_clear()
    yield
    set_script_prefix("/")
    reversing._reversed.cache_clear()


def test_url_maker_fills_in_the_ids():
    make = url_maker("reviews:report-deadline", 3, None)
    assert make(7) == reverse("reviews:report-deadline", args=[3, 7])
    assert make(8) == reverse("reviews:report-deadline", args=[3, 8])
    with pytest.raises(TypeError):
        make(7, 8)


def test_remembered_addresses_are_those_of_reverse():
    for pk in (1, 2, 1):
        assert remembered_reverse("reviews:review-detail", [pk]) == reverse("reviews:review-detail", args=[pk])
    assert remembered_reverse("reviews:dashboard") == reverse("reviews:dashboard")
    # The second call of the first review was answered from memory.
    assert reversing._reversed.cache_info().hits == 1


def test_an_object_argument_is_reversed_each_time():
    class Changing:
        text = "4"

        def __str__(self):
            return self.text

    argument = Changing()
    assert remembered_reverse("reviews:review-detail", [argument]) == reverse("reviews:review-detail", args=[4])
    argument.text = "5"
    assert remembered_reverse("reviews:review-detail", [argument]) == reverse("reviews:review-detail", args=[5])
    assert reversing._reversed.cache_info().currsize == 0


def test_the_script_prefix_is_part_of_the_address():
    plain = remembered_reverse("reviews:review-detail", [3])
    set_script_prefix("/vnr/")
    assert remembered_reverse("reviews:review-detail", [3]) == "/vnr" + plain


def test_a_new_url_configuration_forgets_the_addresses():
    remembered_reverse("reviews:dashboard")
    with override_settings(ROOT_URLCONF="vnr_portal.urls"):
        assert reversing._reversed.cache_info().currsize == 0


def test_the_url_tag_is_the_remembered_one_with_djangos_behaviour():
    rendered = Template(
        "{% url 'reviews:review-detail' pk %}|{% url 'reviews:review-detail' pk=pk %}|"
        "{% url 'no-such-page' as missing %}[{{ missing }}]"
    ).render(Context({"pk": 6}))
    address = reverse("reviews:review-detail", args=[6])
    assert rendered == f"{address}|{address}|[]"
    assert reversing._reversed.cache_info().currsize == 2
    with pytest.raises(NoReverseMatch):
        Template("{% url 'no-such-page' %}").render(Context())
