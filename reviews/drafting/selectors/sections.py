"""Reads of sections being written: who else has a section open in the editor."""

import datetime

from django.utils import timezone

from reviews.drafting.models import Section, SectionPresence

PRESENCE_WINDOW = datetime.timedelta(seconds=60)


def section_presence_list_others(*, user, section: Section):
    """The other people who had `section` open in the last minute."""
    from django.contrib.auth import get_user_model

    since = timezone.now() - PRESENCE_WINDOW
    ids = SectionPresence.objects.filter(section=section, last_seen__gte=since).exclude(user=user).values("user_id")
    return get_user_model().objects.filter(pk__in=ids).order_by("first_name", "last_name", "username")
