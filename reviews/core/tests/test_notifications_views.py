import pytest
from django.urls import reverse

from reviews.core.notifications import notify
from reviews.models import Notification

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

LIST = reverse("reviews:notifications")
PROCESSOR = "reviews.core.context_processors.notifications"


BACKEND = "reviews.core.backends.PortalModelBackend"


def _register_processor(settings):
    template = settings.TEMPLATES[0]
    processors = template["OPTIONS"]["context_processors"]
    if PROCESSOR not in processors:
        settings.TEMPLATES = [
            {**template, "OPTIONS": {**template["OPTIONS"], "context_processors": [*processors, PROCESSOR]}}
        ]


@pytest.fixture
def with_unread_count(settings):
    """The header's unread count, as the lead registers it in settings (processor and backend)."""
    _register_processor(settings)
    settings.AUTHENTICATION_BACKENDS = [
        BACKEND if path == "django.contrib.auth.backends.ModelBackend" else path
        for path in settings.AUTHENTICATION_BACKENDS
    ]


@pytest.fixture
def with_processor_only(settings):
    """The processor with Django's plain ModelBackend instead of the portal's."""
    _register_processor(settings)
    settings.AUTHENTICATION_BACKENDS = [
        "django.contrib.auth.backends.ModelBackend" if path == BACKEND else path
        for path in settings.AUTHENTICATION_BACKENDS
    ]


def test_notifications_redirects_anonymous_to_login(client):
    response = client.get(LIST)
    assert (response.status_code, response.url.startswith(reverse("login"))) == (302, True)


def test_notifications_lists_only_ones_own_with_unread_marked(client, editor, coordinator, review):
    read, unread = notify(users=[editor], review=review, kind="other", message="Old news") + notify(
        users=[editor], review=review, kind="comment", message="Fresh comment"
    )
    notify(users=[coordinator], review=review, kind="other", message="Not for the editor")
    Notification.objects.filter(pk=read.pk).update(read_at="2027-01-01T00:00:00Z")
    client.force_login(editor)
    response = client.get(LIST)
    page = response.content.decode()
    assert [n.message for n in response.context["page"]] == ["Fresh comment", "Old news"]
    assert "Not for the editor" not in page
    assert page.count('class="badge text-bg-primary">unread</span>') == 1
    assert f'id="notification-{unread.pk}"' in page


def test_notification_open_marks_read_and_follows_the_link(client, editor, review):
    (notification,) = notify(users=[editor], review=review, kind="other", message="Look", url="/reviews/1/")
    client.force_login(editor)
    response = client.get(reverse("reviews:notification-open", args=[notification.pk]))
    notification.refresh_from_db()
    assert (response.status_code, response.url) == (302, "/reviews/1/")
    assert notification.read_at is not None


def test_notification_open_refuses_an_outside_link(client, editor, review):
    (notification,) = notify(users=[editor], review=review, kind="other", message="Look", url="https://evil.example/")
    client.force_login(editor)
    response = client.get(reverse("reviews:notification-open", args=[notification.pk]))
    assert response.url == LIST


def test_notification_open_of_someone_else_is_404(client, editor, coordinator, review):
    (notification,) = notify(users=[coordinator], review=review, kind="other", message="Private")
    client.force_login(editor)
    assert client.get(reverse("reviews:notification-open", args=[notification.pk])).status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_notifications_mark_all_read_only_touches_ones_own(client, editor, coordinator, review):
    notify(users=[editor, coordinator], review=review, kind="other", message="Both")
    client.force_login(editor)
    response = client.post(reverse("reviews:notifications-read-all"), follow=True)
    assert "All notifications are marked as read." in response.content.decode()
    unread = Notification.objects.filter(read_at=None)
    assert [n.user for n in unread] == [coordinator]


def test_notifications_mark_all_read_needs_post(client, editor):
    client.force_login(editor)
    assert client.get(reverse("reviews:notifications-read-all")).status_code == 405


def test_header_shows_the_unread_count(client, editor, review, with_unread_count):
    notify(users=[editor], review=review, kind="other", message="One")
    notify(users=[editor], review=review, kind="other", message="Two")
    client.force_login(editor)
    page = client.get(LIST).content.decode()
    assert 'Notifications <span class="badge text-bg-primary">2<span class="visually-hidden"> unread</span>' in page


def test_header_shows_no_count_when_all_read(client, editor, review, with_unread_count):
    client.force_login(editor)
    page = client.get(LIST).content.decode()
    assert '<a class="nav-link" href="/notifications/" id="notifications-link">Notifications</a>' in page


@pytest.mark.parametrize("count", [1, 120], ids=["few", "many"])
def test_notifications_query_budget(client, editor, review, count, with_unread_count, django_assert_num_queries):
    Notification.objects.bulk_create(
        Notification(user=editor, review=review, kind="other", message=f"N{n}") for n in range(count)
    )
    client.force_login(editor)
    # session, user with its unread count, count for the paginator, the page
    with django_assert_num_queries(4):
        response = client.get(LIST)
    assert len(response.context["page"]) == min(count, 50)
    assert (
        f'<span class="badge text-bg-primary">{count}<span class="visually-hidden"> unread' in response.content.decode()
    )


def test_header_count_without_the_backend_costs_one_query(
    client, editor, review, with_processor_only, django_assert_num_queries
):
    notify(users=[editor], review=review, kind="other", message="One")
    client.force_login(editor)
    with django_assert_num_queries(6):  # and one for the profile, which the portal's backend also loads
        page = client.get(LIST).content.decode()
    assert '<span class="badge text-bg-primary">1<span class="visually-hidden"> unread' in page


def test_backend_logs_in_with_a_password_and_counts_unread(client, editor, review, with_unread_count):
    notify(users=[editor], review=review, kind="other", message="One")
    assert client.login(username="editor", password="correct-horse-battery") is True
    response = client.get(LIST)
    assert (response.wsgi_request.user, response.wsgi_request.user.unread_notifications) == (editor, 1)


def test_backend_refuses_an_inactive_user(editor, with_unread_count):
    from reviews.core.backends import PortalModelBackend

    editor.is_active = False
    editor.save()
    assert (PortalModelBackend().get_user(editor.pk), PortalModelBackend().get_user(999_999)) == (None, None)
