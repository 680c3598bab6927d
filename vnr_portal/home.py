"""The site's front page, `/`: the public portal's landing for visitors and for signed-in
people who work on no review (members of the public), the staff dashboard for the
review's team. The project package may import every app; the apps never import each
other's views."""

from reviews.core.views.dashboard import dashboard
from reviews.models import Membership
from stakeholders.portal.views.pages import portal_landing


def is_staff_person(user) -> bool:
    """Works on a review (any membership), or administers the site."""
    return user.is_superuser or user.is_staff or Membership.objects.filter(user=user).exists()


def home(request):
    if request.user.is_authenticated and is_staff_person(request.user):
        return dashboard(request)
    return portal_landing(request)
