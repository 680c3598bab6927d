"""One's own notifications: the list, opening one, marking them all read."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reviews.core.models import Notification
from reviews.core.notifications import notification_mark_read


@login_required
def notifications(request):
    items = Notification.objects.filter(user=request.user).select_related("review")
    page = Paginator(items, 50).get_page(request.GET.get("page"))
    return render(request, "reviews/core/notifications.html", {"page": page})


@login_required
def notification_open(request, notification_pk: int):
    """Mark one's notification read and follow its link (only to this site)."""
    notification = get_object_or_404(Notification, pk=notification_pk, user=request.user)
    notification_mark_read(user=request.user, notification_ids=[notification.pk])
    url = notification.url
    if not url or not url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}, require_https=False):
        return redirect("reviews:notifications")
    return redirect(url)


@login_required
@require_POST
def notifications_read_all(request):
    count = notification_mark_read(user=request.user)
    messages.success(request, _("All notifications are marked as read.") if count else _("Nothing was unread."))
    return redirect("reviews:notifications")
