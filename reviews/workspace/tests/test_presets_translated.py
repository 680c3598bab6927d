"""The presets a review starts with (milestones, checklist, progress-report questions) are
marked for translation, stored as their source text and shown in the reader's language
while unchanged; an edited one shows as written."""

from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from reviews.reporting.presets import DEFAULT_QUESTIONS, PRESET_TEXTS
from reviews.reporting.services.report_templates import report_template_default
from reviews.workspace.presets import PRESET_MILESTONE_TITLES, PRESET_TASK_TITLES
from reviews.workspace.services.reviews import review_create
from vnr_portal.accounts.services import profile_update

pytestmark = [pytest.mark.django_db, pytest.mark.integration]


@pytest.fixture
def new_review(coordinator, country):
    return review_create(actor=coordinator, country=country, title="Third VNR", hlpf_year=2031, languages=["en"])


@pytest.mark.parametrize("locale", ["zh_Hans", "ar"])
def test_every_preset_is_marked_for_translation(locale):
    catalogue = polib.pofile(str(Path(settings.BASE_DIR) / "locale" / locale / "LC_MESSAGES" / "django.po"))
    msgids = {entry.msgid for entry in catalogue}
    presets = PRESET_MILESTONE_TITLES | PRESET_TASK_TITLES | PRESET_TEXTS
    assert presets - msgids == set()


def test_presets_are_stored_as_their_source_and_shown_translated(new_review):
    report_due = new_review.milestones.get(kind="report")
    assert report_due.title == "Report due"
    with translation.override("zh-hans"):
        assert report_due.title_shown == "报告提交截止"
        assert str(report_due) == "报告提交截止"
    with translation.override("ar"):
        assert report_due.title_shown == "الموعد النهائي لتقديم التقرير"
        task = new_review.tasks.get(position=8)
        assert task.title == "Write the first full draft"
        assert task.title_shown == translation.gettext("Write the first full draft")


def test_an_edited_preset_shows_as_written(new_review):
    milestone = new_review.milestones.get(kind="report")
    milestone.title = "Report due"  # unchanged: still the preset
    milestone.save()
    milestone.title = "Report due to the cabinet"
    milestone.save()
    with translation.override("zh-hans"):
        assert milestone.title_shown == "Report due to the cabinet"


@pytest.mark.parametrize(
    ("language", "expected"), [("zh-hans", "报告提交截止"), ("ar", "الموعد النهائي لتقديم التقرير")]
)
def test_the_planner_shows_presets_in_the_readers_language(client, coordinator, new_review, language, expected):
    profile_update(user=coordinator, language=language, time_zone="UTC")
    client.force_login(coordinator)
    page = client.get(reverse("reviews:review-detail", args=[new_review.pk]))
    assert f"<bdi>{expected}</bdi>" in page.content.decode()
    assert "<bdi>Report due</bdi>" not in page.content.decode()


def test_the_report_questions_show_in_the_readers_language(client, coordinator, new_review):
    template = report_template_default(actor=coordinator, review=new_review)
    question = template.questions.get(key="best_practices")
    assert question.text == str(DEFAULT_QUESTIONS[1][1]) == "Best practices"
    with translation.override("ar"):
        assert question.text_shown == "أفضل الممارسات"
    profile_update(user=coordinator, language="ar", time_zone="UTC")
    client.force_login(coordinator)
    page = client.get(reverse("reviews:report-template", args=[new_review.pk]))
    assert "أفضل الممارسات" in page.content.decode()
