import pytest
from django.urls import reverse

from reviews.models import AuditEntry
from stakeholders.models import Portal
from stakeholders.portal.services.settings import portal_for, portal_set_published, portal_update
from stakeholders.tests.helpers import HOSTILE

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

TEXTS = {"introduction": "", "how_to_take_part": "", "contacts": "", "code_of_conduct": ""}


def _url(review):
    return reverse("stakeholders:portal-settings", args=[review.pk])


def test_portal_for_creates_the_portal_once_unpublished(review):
    first = portal_for(review)
    second = portal_for(review)

    assert first.pk == second.pk
    assert Portal.objects.filter(review=review).count() == 1
    assert first.is_published is False


def test_portal_update_sanitizes_and_audits(review, coordinator):
    portal = portal_for(review)

    changed = portal_update(
        actor=coordinator,
        portal=portal,
        **{**TEXTS, "introduction": "<p>Hello</p><script>alert(1)</script>", "contacts": "Office\nvnr@example.gov"},
    )

    portal.refresh_from_db()
    assert changed == ["introduction", "contacts"]
    assert portal.introduction == "<p>Hello</p>"
    assert portal.contacts == "<p>Office<br>vnr@example.gov</p>"
    assert AuditEntry.objects.filter(review=review, action="stakeholders.portal_update").count() == 1


def test_portal_update_without_change_writes_no_audit(review, coordinator):
    portal = portal_for(review)

    assert portal_update(actor=coordinator, portal=portal, **TEXTS) == []
    assert not AuditEntry.objects.filter(action="stakeholders.portal_update").exists()


def test_portal_set_published_audits_each_change_once(review, coordinator):
    portal = portal_for(review)

    assert portal_set_published(actor=coordinator, portal=portal, is_published=True) is True
    assert portal_set_published(actor=coordinator, portal=portal, is_published=True) is False
    assert portal_set_published(actor=coordinator, portal=portal, is_published=False) is True

    actions = list(AuditEntry.objects.filter(review=review).order_by("pk").values_list("action", flat=True))
    assert actions == ["stakeholders.portal_publish", "stakeholders.portal_unpublish"]
    assert Portal.objects.get(review=review).is_published is False


@pytest.mark.parametrize("who", ["coordinator", "editor"])
def test_portal_settings_page_shown_to_managers_and_creates_the_portal(client, review, who, request):
    client.force_login(request.getfixturevalue(who))

    response = client.get(_url(review))

    assert response.status_code == 200
    assert "Public portal" in response.content.decode()
    assert Portal.objects.filter(review=review).exists()


@pytest.mark.parametrize("who", ["reviewer", "moderator", "focal_a", "outsider", "other_member"])
def test_portal_settings_page_refused_to_others(client, review, who, request):
    client.force_login(request.getfixturevalue(who))

    assert client.get(_url(review)).status_code == 403
    assert (
        client.post(reverse("stakeholders:portal-publish", args=[review.pk]), {"action": "publish"}).status_code == 403
    )
    assert not Portal.objects.filter(review=review, is_published=True).exists()


def test_portal_settings_page_asks_anonymous_to_log_in(client, review):
    response = client.get(_url(review))

    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_portal_settings_post_saves_hostile_text_inert(client, review, coordinator):
    client.force_login(coordinator)
    payload = {**TEXTS, "introduction": "\n".join(HOSTILE["xss_html"]), "code_of_conduct": "Be kind."}

    response = client.post(_url(review), payload, follow=True)

    portal = Portal.objects.get(review=review)
    assert response.status_code == 200
    assert "<script" not in portal.introduction
    assert "onerror" not in portal.introduction
    assert "javascript:" not in portal.introduction.lower()
    assert portal.code_of_conduct == "<p>Be kind.</p>"
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_portal_settings_post_with_null_character_shows_message_and_saves_nothing(client, review, coordinator):
    client.force_login(coordinator)

    response = client.post(_url(review), {**TEXTS, "introduction": "a\x00b"})

    assert response.status_code == 200
    assert response.context["form"].errors["introduction"]
    assert Portal.objects.get(review=review).introduction == ""


def test_portal_publish_button_opens_and_closes_the_portal(client, review, editor):
    client.force_login(editor)
    url = reverse("stakeholders:portal-publish", args=[review.pk])

    client.post(url, {"action": "publish"})
    assert Portal.objects.get(review=review).is_published is True
    client.post(url, {"action": "unpublish"})
    assert Portal.objects.get(review=review).is_published is False


def test_portal_publish_needs_post(client, review, coordinator):
    client.force_login(coordinator)

    assert client.get(reverse("stakeholders:portal-publish", args=[review.pk])).status_code == 405
