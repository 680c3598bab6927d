import datetime
import json
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from reviews.drafting.selectors.outline import outline_list
from reviews.drafting.services.outline import (
    outline_create_default,
    section_add,
    section_move,
    section_remove,
    section_update,
)
from reviews.drafting.services.sections import section_save
from reviews.models import AuditEntry, Review, Section, SectionKind
from reviews.tests.factories import MembershipFactory, SectionFactory, UserFactory
from reviews.workspace.services.reviews import review_create

HOSTILE = json.loads(Path("/work/shared/data/security/hostile-inputs.json").read_text())


def _expand(value):
    return "x" * int(value.split(":")[1]) if value.startswith("LONG:") else value


pytestmark = [pytest.mark.django_db, pytest.mark.integration]


def _titles(review, parent=None):
    return list(
        Section.objects.filter(review=review, parent=parent).order_by("position", "pk").values_list("title", flat=True)
    )


def test_outline_create_default_builds_the_handbook_outline(coordinator, review, goals):
    outline_create_default(actor=coordinator, review=review)
    assert _titles(review) == [
        "Opening statement",
        "Highlights",
        "Introduction",
        "Methodology and process of preparation of the review",
        "Policy and enabling environment",
        "Progress on goals and targets",
        "Means of implementation",
        "From the first to the second VNR",
        "Conclusion and next steps",
        "Annexes",
    ]
    policy = Section.objects.get(review=review, kind=SectionKind.POLICY, parent=None)
    assert len(_titles(review, policy)) == 6
    goal_chapters = Section.objects.filter(review=review, kind=SectionKind.GOAL).order_by("position")
    assert [s.goal.number for s in goal_chapters] == list(range(1, 18))
    assert goal_chapters[2].title == "Goal 3: Goal 3"
    assert Section.objects.filter(review=review).count() == 10 + 6 + 17 + 2


def test_outline_create_default_is_idempotent(coordinator, review, goals):
    outline_create_default(actor=coordinator, review=review)
    assert outline_create_default(actor=coordinator, review=review) == []
    assert Section.objects.filter(review=review).count() == 35


def test_review_create_starts_with_the_outline(coordinator, review, goals):
    new = review_create(actor=coordinator, country=review.country, title="Third VNR", hlpf_year=2031, languages=["en"])
    assert Section.objects.filter(review=new, kind=SectionKind.GOAL).count() == 17


def test_section_add_refuses_a_third_level(coordinator, review):
    top = section_add(actor=coordinator, review=review, title="Top")
    child = section_add(actor=coordinator, review=review, title="Child", parent=top)
    with pytest.raises(ValidationError) as error:
        section_add(actor=coordinator, review=review, title="Grandchild", parent=child)
    assert error.value.message_dict == {
        "parent": ["Sections have two levels at most: choose a top-level section as the parent."]
    }
    assert child.position == 0 and top.parent is None


def test_section_move_swaps_with_the_neighbour(coordinator, review):
    a, b, c = (section_add(actor=coordinator, review=review, title=t) for t in "ABC")
    assert section_move(actor=coordinator, section=c, direction="up") is True
    assert _titles(review) == ["A", "C", "B"]
    assert section_move(actor=coordinator, section=a, direction="up") is False
    assert _titles(review) == ["A", "C", "B"]


def test_section_update_refuses_an_editor_without_the_role(coordinator, review, editor, reviewer):
    section = section_add(actor=coordinator, review=review, title="A")
    with pytest.raises(ValidationError) as error:
        section_update(
            actor=coordinator, section=section, title="A", editors=[reviewer], due_date=None, word_limit=None
        )
    assert list(error.value.message_dict) == ["editors"]
    section_update(actor=coordinator, section=section, title="B", editors=[editor], due_date=None, word_limit=500)
    section.refresh_from_db()
    assert (section.title, section.word_limit, list(section.editors.all())) == ("B", 500, [editor])


def test_section_remove_audits_what_was_lost(coordinator, review):
    section = section_add(actor=coordinator, review=review, title="Doomed")
    section_save(actor=coordinator, section=section, content="one two three", base_version=0)
    section_remove(actor=coordinator, section=section)
    entry = AuditEntry.objects.get(review=review, action="section.remove")
    assert entry.data == {"children": 0, "words": 3, "revisions": 1}
    assert not Section.objects.filter(pk=section.pk).exists()


def test_outline_list_numbers_two_levels(coordinator, review):
    a = section_add(actor=coordinator, review=review, title="A")
    section_add(actor=coordinator, review=review, title="A1", parent=a)
    section_add(actor=coordinator, review=review, title="B")
    rows = outline_list(review)
    assert [(s.number, s.title) for s in rows] == [("1", "A"), ("1.1", "A1"), ("2", "B")]


# --- Views ------------------------------------------------------------------------------


@pytest.fixture
def sections(coordinator, review):
    top = section_add(actor=coordinator, review=review, title="Introduction")
    return [top, section_add(actor=coordinator, review=review, title="Context", parent=top)]


def test_outline_page_shows_numbers_status_words_and_late_marks(client, coordinator, editor, review, sections):
    top, child = sections
    section_update(
        actor=coordinator,
        section=child,
        title="Context",
        editors=[editor],
        due_date=datetime.date(2020, 1, 1),
        word_limit=2,
    )
    section_save(actor=coordinator, section=child, content="one two three", base_version=0)
    client.force_login(editor)
    response = client.get(reverse("reviews:outline", args=[review.pk]))
    html = response.content.decode()
    assert [(s.number, s.title) for s in response.context["sections"]] == [("1", "Introduction"), ("1.1", "Context")]
    assert "3 / 2 words" in html
    assert "over the limit" in html
    assert ">late<" in html


@pytest.mark.parametrize("who,status", [("focal_a", 403), ("other_member", 403), ("reviewer", 200), ("editor", 200)])
def test_outline_page_permission_ladder(request, client, review, sections, who, status):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("reviews:outline", args=[review.pk])).status_code == status


def test_outline_page_sends_anonymous_to_login(client, review):
    response = client.get(reverse("reviews:outline", args=[review.pk]))
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


@pytest.mark.parametrize("count", [5, 30], ids=["five", "thirty"])
def test_outline_page_query_budget(client, coordinator, editor, review, count, django_assert_num_queries):
    parent = None
    for n in range(count):
        section = section_add(actor=coordinator, review=review, title=f"S{n}", parent=parent)
        section.editors.add(editor)
        parent = section if n % 2 == 0 else None
    client.force_login(coordinator)
    with django_assert_num_queries(6):
        response = client.get(reverse("reviews:outline", args=[review.pk]))
    assert len(response.context["sections"]) == count


@pytest.mark.parametrize("who", ["editor", "reviewer", "focal_a", "other_member"])
def test_outline_add_refused_without_coordinator_role(request, client, review, who):
    client.force_login(request.getfixturevalue(who))
    response = client.post(reverse("reviews:outline-section-add", args=[review.pk]), {"title": "Sneaky"})
    assert response.status_code == 403
    assert not Section.objects.filter(title="Sneaky").exists()


def test_outline_add_third_level_is_a_field_error(client, coordinator, review, sections):
    client.force_login(coordinator)
    response = client.post(
        reverse("reviews:outline-section-add", args=[review.pk]), {"title": "Too deep", "parent": sections[1].pk}
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "parent": ["Sections have two levels at most: choose a top-level section as the parent."]
    }


def test_outline_add_refused_when_frozen(client, coordinator, review):
    Review.objects.filter(pk=review.pk).update(frozen_at=datetime.datetime(2027, 1, 1, tzinfo=datetime.UTC))
    client.force_login(coordinator)
    response = client.post(reverse("reviews:outline-section-add", args=[review.pk]), {"title": "Late"})
    assert response.status_code == 403


def test_outline_move_button_moves_down(client, coordinator, review, sections):
    second = section_add(actor=coordinator, review=review, title="Second")
    client.force_login(coordinator)
    response = client.post(
        reverse("reviews:outline-section-move", args=[review.pk, sections[0].pk]), {"direction": "down"}
    )
    assert response.status_code == 302
    assert _titles(review) == ["Second", "Introduction"]
    assert second.pk


def test_outline_move_with_bad_direction_changes_nothing(client, coordinator, review, sections):
    section_add(actor=coordinator, review=review, title="Second")
    client.force_login(coordinator)
    client.post(reverse("reviews:outline-section-move", args=[review.pk, sections[0].pk]), {"direction": "<script>"})
    assert _titles(review) == ["Introduction", "Second"]


def test_outline_settings_saves_editors_due_date_and_limit(client, coordinator, editor, review, sections):
    client.force_login(coordinator)
    url = reverse("reviews:outline-section-settings", args=[review.pk, sections[0].pk])
    response = client.post(
        url, {"title": "Intro", "editors": [editor.pk], "due_date": "2027-03-01", "word_limit": "800"}
    )
    assert response.status_code == 302
    section = Section.objects.get(pk=sections[0].pk)
    assert (section.title, section.due_date, section.word_limit) == ("Intro", datetime.date(2027, 3, 1), 800)
    assert list(section.editors.all()) == [editor]


def test_outline_settings_bad_input_is_a_field_error(client, coordinator, review, sections):
    client.force_login(coordinator)
    url = reverse("reviews:outline-section-settings", args=[review.pk, sections[0].pk])
    response = client.post(url, {"title": "", "due_date": "31/31/2027", "word_limit": "-5"})
    assert set(response.context["form"].errors) == {"title", "due_date", "word_limit"}


def test_outline_settings_of_another_reviews_section_is_404(client, coordinator, review, other_review):
    foreign = SectionFactory(review=other_review, title="Foreign")
    client.force_login(coordinator)
    assert client.get(reverse("reviews:outline-section-settings", args=[review.pk, foreign.pk])).status_code == 404


def test_outline_remove_asks_with_the_loss_then_removes(client, coordinator, review, sections):
    section_save(actor=coordinator, section=sections[1], content="four words of text", base_version=0)
    client.force_login(coordinator)
    url = reverse("reviews:outline-section-remove", args=[review.pk, sections[0].pk])
    html = client.get(url).content.decode()
    assert "Its 1 sub-section will be removed too." in html
    assert "4 words of text will be lost" in html
    client.post(url)
    assert Section.objects.filter(review=review).count() == 0


def test_outline_hostile_title_is_escaped(client, coordinator, review):
    hostile = "<script>alert(1)</script>"
    section_add(actor=coordinator, review=review, title=hostile)
    client.force_login(coordinator)
    html = client.get(reverse("reviews:outline", args=[review.pk])).content.decode()
    assert hostile not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_editor_candidates_are_only_editors(coordinator, review, editor):
    other = UserFactory(username="someone")
    MembershipFactory(review=review, user=other, role="reviewer")
    from reviews.drafting.selectors.outline import editor_list_candidates

    assert list(editor_list_candidates(review)) == [editor]


def test_section_add_refuses_children_of_the_main_messages(coordinator, review):
    main = SectionFactory(review=review, kind=SectionKind.MAIN_MESSAGES, title="Main messages")
    with pytest.raises(ValidationError) as error:
        section_add(actor=coordinator, review=review, title="Child", parent=main)
    assert error.value.message_dict == {"parent": ["The main messages have no sub-sections."]}


HOSTILE_TEXTS = HOSTILE["text_edges"] + HOSTILE["xss_html"][:5] + HOSTILE["numbers"] + HOSTILE["dates"]


@pytest.mark.parametrize("value", HOSTILE_TEXTS, ids=range(len(HOSTILE_TEXTS)))
def test_outline_settings_takes_hostile_input_without_a_500(client, coordinator, review, sections, value):
    client.force_login(coordinator)
    url = reverse("reviews:outline-section-settings", args=[review.pk, sections[0].pk])
    value = _expand(str(value))
    response = client.post(url, {"title": value, "due_date": value, "word_limit": value, "editors": value})
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert response.context["form"].errors


@pytest.mark.parametrize("value", HOSTILE_TEXTS, ids=range(len(HOSTILE_TEXTS)))
def test_outline_add_takes_hostile_input_without_a_500(client, coordinator, review, sections, value):
    client.force_login(coordinator)
    value = _expand(str(value))
    response = client.post(reverse("reviews:outline-section-add", args=[review.pk]), {"title": value, "parent": value})
    assert response.status_code in (200, 302)


def test_seed_demo_gives_aurelia_an_outline_with_some_text(goals, tmp_path, settings):
    from django.core.management import call_command

    settings.MEDIA_ROOT = str(tmp_path)
    settings.DEBUG = True  # seed_demo runs only in development (or when told it is a demo)
    call_command("seed_demo", stdout=open(tmp_path / "out.txt", "w"))
    call_command("seed_demo", stdout=open(tmp_path / "again.txt", "w"))
    second = Review.objects.get(country__iso3="AUR", is_record=False)
    assert second.sections.filter(kind=SectionKind.GOAL).count() == 17
    written = second.sections.filter(version__gt=0).order_by("position")
    assert [(s.kind, s.version) for s in written] == [
        (SectionKind.OPENING, 1),
        (SectionKind.INTRODUCTION, 1),
        (SectionKind.METHODOLOGY, 1),
        (SectionKind.FIRST_TO_SECOND, 1),  # generated by the follow-up (reviews/followup/demo_chapter.py)
    ]
