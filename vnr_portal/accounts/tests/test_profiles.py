"""The profile: one per account, its defaults, the data migration, reading it safely."""

import importlib
import zoneinfo

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone, translation

from reviews.tests.factories import UserFactory
from vnr_portal.accounts.models import Profile
from vnr_portal.accounts.selectors import profile_for, profiles_load, supported_language, user_language
from vnr_portal.accounts.services import in_language_of, profile_set_language, profile_update

pytestmark = [pytest.mark.django_db, pytest.mark.integration]

User = get_user_model()


def test_every_new_account_gets_one_profile_with_the_portals_defaults(settings):
    made = [
        UserFactory(username="factory"),
        User.objects.create_user(username="plain", password="a-long-passphrase-42"),
        User.objects.create_superuser(username="root", email="root@example.org", password="a-long-passphrase-42"),
    ]
    profiles = Profile.objects.filter(user__in=made)
    assert sorted(profiles.values_list("user__username", "language", "time_zone")) == [
        ("factory", "en", settings.TIME_ZONE),
        ("plain", "en", settings.TIME_ZONE),
        ("root", "en", settings.TIME_ZONE),
    ]
    made[0].save()  # saving again makes no second one
    assert Profile.objects.filter(user=made[0]).count() == 1


def test_createsuperuser_command_gets_a_profile(capsys):
    call_command("createsuperuser", username="boss", email="boss@example.org", interactive=False)
    assert Profile.objects.filter(user__username="boss").exists()


def test_data_migration_gives_each_account_without_one_a_profile(settings):
    migration = importlib.import_module("vnr_portal.migrations.0002_profile_for_every_existing_user")
    old, kept = UserFactory(username="old"), UserFactory(username="kept")
    Profile.objects.filter(user=old).delete()
    Profile.objects.filter(user=kept).update(language="ar", time_zone="Asia/Riyadh")

    migration.create_missing_profiles(apps, None)
    migration.create_missing_profiles(apps, None)  # a second run changes nothing

    assert sorted(Profile.objects.values_list("user__username", "language", "time_zone")) == [
        ("kept", "ar", "Asia/Riyadh"),
        ("old", settings.LANGUAGE_CODE, settings.TIME_ZONE),
    ]


def test_profile_for_an_account_without_one_makes_it_instead_of_failing():
    user = UserFactory()
    Profile.objects.filter(user=user).delete()
    user = User.objects.get(pk=user.pk)
    assert (profile_for(user).language, Profile.objects.filter(user=user).count()) == ("en", 1)


def test_profiles_load_reads_them_in_one_query(django_assert_num_queries):
    users = list(User.objects.filter(pk__in=[UserFactory().pk, UserFactory().pk]))
    with django_assert_num_queries(1):
        profiles_load(users)
    with django_assert_num_queries(0):
        assert [user_language(user) for user in users] == ["en", "en"]


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("zh-Hans", "zh-hans"),
        ("en-gb", "en"),
        ("ar", "ar"),
        ("fr-ca", "fr"),
        ("sw", "en"),
        ("", "en"),
        (None, "en"),
        ("../x", "en"),
    ],
)
def test_supported_language(code, expected):
    assert supported_language(code) == expected


def test_user_language_falls_back_for_a_stored_language_no_longer_offered():
    user = UserFactory()
    Profile.objects.filter(user=user).update(language="sw")
    assert user_language(User.objects.get(pk=user.pk)) == "en"
    assert user_language(None) == "en"


def test_in_language_of_speaks_the_persons_language_and_time_zone():
    user = UserFactory()
    profile_update(user=user, language="zh-hans", time_zone="Asia/Shanghai")
    with translation.override("en"):
        with in_language_of(user):
            assert (translation.get_language(), timezone.get_current_timezone_name()) == ("zh-hans", "Asia/Shanghai")
            assert translation.gettext("My settings") == "我的设置"
        assert translation.get_language() == "en"


def test_profile_set_language_keeps_only_interface_languages():
    user = UserFactory()
    assert profile_set_language(user=user, language="zh-Hans").language == "zh-hans"
    assert profile_set_language(user=user, language="klingon").language == "en"
    assert Profile.objects.get(user=user).language == "en"


@pytest.mark.parametrize(
    ("language", "time_zone", "field"),
    [
        ("en", "Mars/Olympus_Mons", "time_zone"),
        ("en", "../../etc/passwd", "time_zone"),
        ("en", "", "time_zone"),
        ("en", "Europe/Paris\x00", "time_zone"),
        ("sw", "UTC", "language"),
    ],
)
def test_profile_update_refuses_what_is_not_valid_at_its_field(language, time_zone, field):
    user = UserFactory()
    with pytest.raises(ValidationError) as error:
        profile_update(user=user, language=language, time_zone=time_zone)
    assert list(error.value.message_dict) == [field]
    assert (user.profile.language, user.profile.time_zone) == ("en", "UTC")  # the loaded one is left as it was
    assert Profile.objects.filter(user=user, language="en", time_zone="UTC").exists()


def test_profile_zone_of_an_unknown_stored_name_is_the_portals():
    user = UserFactory()
    Profile.objects.filter(user=user).update(time_zone="Nowhere/Land")
    assert profile_for(User.objects.get(pk=user.pk)).zone == zoneinfo.ZoneInfo("UTC")
