"""One way to show dates, labels and counts on every page (issue 16, item 13)."""

import datetime

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

SENTENCE = Template(
    "{% load portal_dates %}"
    'You voted on {{ when|sentence_date:"DATETIME_FORMAT" }}. Approved {{ day|sentence_date:"DATE_FORMAT" }}.'
)


def test_a_date_at_the_end_of_a_sentence_has_one_full_stop():
    when = datetime.datetime(2026, 10, 31, 15, 0, tzinfo=datetime.UTC)
    with translation.override("en"):
        text = SENTENCE.render(Context({"when": when, "day": datetime.date(2026, 10, 31)}))
    assert "p.m.." not in text
    assert text.startswith("You voted on Oct. 31, 2026, ")
    assert text.endswith(" p.m. Approved Oct. 31, 2026.")


def test_a_date_keeps_the_format_of_the_language():
    when = datetime.datetime(2026, 10, 31, 15, 0, tzinfo=datetime.UTC)
    with translation.override("zh-hans"):
        chinese = SENTENCE.render(Context({"when": when, "day": datetime.date(2026, 10, 31)}))
    assert "2026年10月31日" in chinese


def test_the_review_page_names_its_languages(client, coordinator, review):
    client.force_login(coordinator)
    with translation.override("en"):
        response = client.get(reverse("reviews:review-detail", args=[review.pk]), HTTP_ACCEPT_LANGUAGE="en")
    text = response.content.decode()
    assert "Report languages: English, Simplified Chinese" in text
    assert "en, zh-Hans" not in text


def test_every_scrolling_table_box_takes_the_keyboard_focus():
    """A table wider than a phone scrolls inside its box: the box must be focusable, or a
    keyboard cannot scroll it (axe: scrollable-region-focusable)."""
    import re
    from pathlib import Path

    from django.conf import settings

    boxes = re.compile(r'<div class="table-responsive[^"]*"[^>]*>')
    unfocusable = [
        f"{path.relative_to(settings.BASE_DIR)}: {box}"
        for path in Path(settings.BASE_DIR).glob("**/templates/**/*.html")
        if ".venv" not in path.parts
        for box in boxes.findall(path.read_text())
        if 'tabindex="0"' not in box
    ]
    assert unfocusable == []
