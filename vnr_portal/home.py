"""The site's front page, `/`: the public portal's landing for visitors and for signed-in
people who work on no review (members of the public), the staff dashboard for the
review's team. The project package may import every app; the apps never import each
other's views."""

from reviews.core.views.dashboard import dashboard
from reviews.rules import member_review_ids
from stakeholders.portal.views.pages import portal_landing


def is_staff_person(user) -> bool:
    """Works on a review (any membership), or administers the site. The memberships are
    read once per request and kept for the permission checks of the dashboard."""
    return user.is_superuser or user.is_staff or bool(member_review_ids(user))


def home(request):
    if request.user.is_authenticated and is_staff_person(request.user):
        return dashboard(request)
    return portal_landing(request)
