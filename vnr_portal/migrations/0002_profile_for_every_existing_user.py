"""A profile, with the portal's defaults, for each account made before profiles existed."""

from django.conf import settings
from django.db import migrations

BATCH = 1000


def create_missing_profiles(apps, schema_editor):
    User = apps.get_model(settings.AUTH_USER_MODEL)
    Profile = apps.get_model("vnr_portal", "Profile")
    missing = list(User.objects.filter(profile__isnull=True).order_by("pk").values_list("pk", flat=True))
    Profile.objects.bulk_create(
        [Profile(user_id=pk, language=settings.LANGUAGE_CODE, time_zone=settings.TIME_ZONE) for pk in missing],
        batch_size=BATCH,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("vnr_portal", "0001_user_profiles"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(create_missing_profiles, migrations.RunPython.noop),
    ]
