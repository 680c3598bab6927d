from django.utils.functional import SimpleLazyObject

from reviews.core.models import Notification


def notifications(request) -> dict:
    """`unread_notifications`: the signed-in person's unread count for the header.

    Read from the user row when reviews.core.backends.PortalModelBackend loaded it (no query of
    its own); otherwise counted, once, only if a template shows it.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    count = getattr(user, "unread_notifications", None)
    if count is None:
        count = SimpleLazyObject(lambda: Notification.objects.filter(user_id=user.pk, read_at=None).count())
    return {"unread_notifications": count}
