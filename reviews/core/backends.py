from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce

from reviews.core.models import Notification


class PortalModelBackend(ModelBackend):
    """Django's ModelBackend, loading the signed-in person with their unread notifications
    (and their profile, for vnr_portal.accounts' middleware).

    Every page's header shows that count: read in the query that loads the user anyway,
    it costs no query of its own, so pages keep their query budgets.
    """

    def get_user(self, user_id):
        UserModel = get_user_model()
        unread = (
            Notification.objects.filter(user=OuterRef("pk"), read_at=None)
            .order_by()
            .values("user")
            .annotate(count=Count("pk"))
            .values("count")
        )
        try:
            user = (
                UserModel._default_manager.select_related("profile")
                .annotate(unread_notifications=Coalesce(Subquery(unread, output_field=IntegerField()), 0))
                .get(pk=user_id)
            )
        except UserModel.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
