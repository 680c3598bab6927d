"""The "My settings" page, the middleware that applies the profile, and the language switcher."""

import datetime
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse

from reviews.core.notifications import notify
from reviews.models import Notification
from reviews.tests.factories import UserFactory
from vnr_portal.accounts.models import Profile
from vnr_portal.accounts.services import profile_update

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

User = get_user_model()
SETTINGS = "/settings/"
HOSTILE = json.loads(Path("/work/shared/data/security/hostile-inputs.json").read_text(encoding="utf-8"))
HOSTILE_VALUES = [
    value
    for group in ("xss_html", "text_edges", "filenames", "numbers")
    for value in HOSTILE[group]
    if not value.startswith("LONG")
] + ["x" * 5000]


def test_settings_url_name():
    assert reverse("accounts:settings") == SETTINGS


def test_settings_page_sends_anonymous_visitors_to_log_in(client):
    response = client.get(SETTINGS)
    assert (response.status_code, response.url) == (302, f"{reverse('login')}?next={SETTINGS}")


def test_settings_page_shows_the_account_and_the_form(client, editor):
    client.force_login(editor)
    response = client.get(SETTINGS)
    page = response.content.decode()
    assert (response.status_code, response.templates[0].name) == (200, "accounts/settings.html")
    assert response.context["form"].initial == {"language": "en", "time_zone": "UTC"}
    assert "<h1>My settings</h1>" in page
    assert "<title>My settings · VNR Portal</title>" in page
    assert page.count('id="api-tokens-heading"') == 1
    assert '<h2 id="account-heading" class="h4">Your account</h2>' in page
    assert "<dd><bdi>editor@example.org</bdi></dd>" in page
    assert ('for="id_language"' in page, 'for="id_time_zone"' in page) == (True, True)  # labelled selects
    assert 'aria-describedby="id_time_zone_helptext"' in page
    assert '<option value="zh-hans" lang="zh-hans">简体中文</option>' in page
    assert '<option value="Asia/Kathmandu">Asia/Kathmandu (UTC+05:45)</option>' in page
    assert '<option value="UTC" selected>UTC (UTC+00:00)</option>' in page
    assert f'href="{SETTINGS}"' in page  # the staff header links here


def test_settings_page_in_the_public_portals_layout(client):
    contributor = UserFactory(username="citizen")
    client.force_login(contributor)
    page = client.get(reverse("stakeholders:portal-index")).content.decode()
    assert f'<a href="{SETTINGS}?site=portal">My settings</a>' in page
    response = client.get(f"{SETTINGS}?site=portal")
    assert "stakeholders/public/base.html" in [template.name for template in response.templates]
    assert "bootstrap.min.css" not in response.content.decode()


def test_saving_settings_keeps_them_and_the_next_page_speaks_the_new_language(client, editor):
    client.force_login(editor)
    response = client.post(SETTINGS, {"language": "zh-hans", "time_zone": "Asia/Shanghai"}, follow=True)
    page = response.content.decode()
    assert response.redirect_chain == [(SETTINGS, 302)]
    assert Profile.objects.filter(user=editor).values_list("language", "time_zone").get() == (
        "zh-hans",
        "Asia/Shanghai",
    )
    assert '<html lang="zh-hans" dir="ltr">' in page
    assert '<div class="alert alert-success" role="status">您的设置已保存。</div>' in page
    assert "<h1>我的设置</h1>" in page


def test_saving_arabic_lays_the_next_page_out_right_to_left(client, editor):
    client.force_login(editor)
    page = client.post(SETTINGS, {"language": "ar", "time_zone": "Asia/Riyadh"}, follow=True).content.decode()
    assert '<html lang="ar" dir="rtl">' in page
    assert "حُفظت إعداداتك." in page


def test_a_bad_time_zone_is_refused_at_its_field(client, editor):
    client.force_login(editor)
    response = client.post(SETTINGS, {"language": "ar", "time_zone": "Mars/Olympus_Mons"})
    assert response.status_code == 400
    assert response.context["form"].errors == {"time_zone": ["Choose a time zone from the list."]}
    assert 'id="error_1_id_time_zone"' in response.content.decode()
    assert Profile.objects.filter(user=editor).values_list("language", "time_zone").get() == ("en", "UTC")


def test_an_empty_form_is_refused_at_both_fields(client, editor):
    client.force_login(editor)
    response = client.post(SETTINGS, {})
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"language", "time_zone"}


@pytest.mark.parametrize("value", HOSTILE_VALUES)
def test_hostile_input_is_refused_without_a_server_error(client, editor, value):
    client.force_login(editor)
    response = client.post(SETTINGS, {"language": value, "time_zone": value})
    page = response.content.decode()
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"language", "time_zone"}
    assert "<script>alert(1)</script>" not in page
    assert Profile.objects.filter(user=editor).values_list("language", "time_zone").get() == ("en", "UTC")


def test_hostile_site_parameter_falls_back_to_the_staff_layout(client, editor):
    client.force_login(editor)
    response = client.get(SETTINGS, {"site": "../../etc/passwd"})
    assert (response.status_code, response.templates[1].name) == (200, "base.html")


def test_settings_page_query_budget(client, editor, django_assert_num_queries):
    client.force_login(editor)
    # Session, the user with their profile and unread count, whether two-factor sign-in is on,
    # the person's API tokens.
    with django_assert_num_queries(4):
        assert client.get(SETTINGS).status_code == 200
    # Session, user, then the save: savepoint, update, release.
    with django_assert_num_queries(5):
        assert client.post(SETTINGS, {"language": "ar", "time_zone": "UTC"}).status_code == 302


def test_an_account_without_a_profile_gets_one_and_no_error(client, editor):
    Profile.objects.filter(user=editor).delete()
    client.force_login(editor)
    assert client.get(SETTINGS).status_code == 200
    assert Profile.objects.filter(user=editor).count() == 1


# --- The middleware ---------------------------------------------------------------------


def test_signed_in_pages_speak_the_profiles_language(client, editor):
    profile_update(user=editor, language="zh-hans", time_zone="UTC")
    client.force_login(editor)
    # The profile wins over the browser's language; the switcher's cookie wins over both.
    assert '<html lang="zh-hans"' in client.get(SETTINGS, HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    assert '<html lang="ar"' in client.get(SETTINGS).content.decode()


def test_a_bad_language_cookie_gives_way_to_the_profile(client, editor):
    profile_update(user=editor, language="ar", time_zone="UTC")
    client.force_login(editor)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx-evil"
    assert '<html lang="ar"' in client.get(SETTINGS).content.decode()


def test_anonymous_pages_still_follow_the_browser(client):
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert '<html lang="zh-hans"' in page


def test_times_are_shown_in_the_persons_time_zone(client, editor, review):
    (notification,) = notify(users=[editor], review=review, kind="other", message="Hello")
    Notification.objects.filter(pk=notification.pk).update(
        created_at=datetime.datetime(2027, 1, 15, 12, 0, tzinfo=datetime.UTC)
    )
    client.force_login(editor)
    assert 'datetime="2027-01-15T12:00:00+00:00"' in client.get(reverse("reviews:notifications")).content.decode()

    profile_update(user=editor, language="en", time_zone="Asia/Tokyo")
    page = client.get(reverse("reviews:notifications")).content.decode()
    assert 'datetime="2027-01-15T21:00:00+09:00"' in page
    assert "01/15/2027 9 p.m." in page


def test_the_settings_page_tells_the_time_in_the_chosen_zone(client, editor):
    profile_update(user=editor, language="en", time_zone="Asia/Kathmandu")
    client.force_login(editor)
    page = client.get(SETTINGS).content.decode()
    assert "The time now in your time zone (Asia/Kathmandu): " in page


# --- The language switcher --------------------------------------------------------------


def test_the_switcher_signed_in_also_saves_the_profile(client, editor):
    client.force_login(editor)
    response = client.post(reverse("set_language"), {"language": "ar", "next": SETTINGS}, follow=True)
    assert '<html lang="ar"' in response.content.decode()
    assert Profile.objects.get(user=editor).language == "ar"
    # Another browser, without the cookie, follows the profile.
    client.cookies.clear()
    client.force_login(editor)
    assert '<html lang="ar"' in client.get(SETTINGS).content.decode()


def test_the_switcher_anonymous_still_works_and_saves_nothing(client):
    response = client.post(reverse("set_language"), {"language": "zh-hans", "next": "/accounts/login/"}, follow=True)
    assert '<html lang="zh-hans"' in response.content.decode()


@pytest.mark.parametrize("value", ["sw", "xx", "", "<script>", "../ar"])
def test_the_switcher_ignores_languages_the_portal_does_not_offer(client, editor, value):
    client.force_login(editor)
    response = client.post(reverse("set_language"), {"language": value, "next": SETTINGS})
    assert response.status_code == 302
    assert Profile.objects.get(user=editor).language == "en"
