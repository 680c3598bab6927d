"""The public portal in the REST API: the portals open to the public (/api/v1/portals/) and
the public copies of a review's data pages (/api/v1/portals/<review id>/series/,
observations/, assessments/, assessments/goals/), exactly what the portal's data pages show
(stakeholders.portal.views.data), to whoever may see the portal (`stakeholders.view_portal`:
anyone, anonymous included, once it is published; the review's team before).

Why here and not in the review's endpoints (reviews/api/): those ask `reviews.view_evidence`,
a member's permission, and the portal's rule lives in stakeholders/rules.py, which reviews may
not import. Letting them answer anonymous requests would need a second copy of the portal's
rule in reviews, or a registry for it. Here each endpoint is the review's endpoint (the same
selectors, serializers and filters, subclassed) with one thing changed: the review is loaded
and authorized as the portal's pages do it (`PortalScoped`), through the one rule
`stakeholders.view_portal`. The address takes the review's id, as the portal's pages do."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, generics, serializers

from reviews.api.evidence import GoalAssessmentList, SeriesAssessmentList, SeriesAssessmentSerializer
from reviews.api.views import ObservationList, SeriesList
from reviews.models import Review
from reviews.rules import reviews_visible_to
from stakeholders import rules as perms
from stakeholders.portal.models import Portal

from .serializers import SanitizedHtmlField

# --- Serializers ---------------------------------------------------------------------------


class PublicOverrideSerializer(serializers.Serializer):
    """A statistician's override as the public page shows it: the category and why, never
    who recorded it nor when."""

    category = serializers.CharField(allow_blank=True)
    computed_category = serializers.CharField()
    reason = serializers.CharField()


class PublicSeriesAssessmentSerializer(SeriesAssessmentSerializer):
    override_2015 = PublicOverrideSerializer(allow_null=True)
    override_first_vnr = PublicOverrideSerializer(allow_null=True)


class PortalSerializer(serializers.ModelSerializer):
    """A portal as its home page presents it; its texts are sanitized HTML. `review` is the
    id the portal's other addresses take."""

    title = serializers.CharField(source="review.title")
    country = serializers.CharField(source="review.country.iso3")
    country_name = serializers.CharField(source="review.country.name")
    hlpf_year = serializers.IntegerField(source="review.hlpf_year")
    introduction = SanitizedHtmlField()
    how_to_take_part = SanitizedHtmlField()
    contacts = SanitizedHtmlField()
    code_of_conduct = SanitizedHtmlField()

    class Meta:
        model = Portal
        fields = [
            "review",
            "title",
            "country",
            "country_name",
            "hlpf_year",
            "is_published",
            "updated_at",
            "introduction",
            "how_to_take_part",
            "contacts",
            "code_of_conduct",
        ]


# --- Views ---------------------------------------------------------------------------------


class PortalList(generics.ListAPIView):
    """The portals open to the public, and for a signed-in person also those of the reviews
    they work on (which they may see before they are published)."""

    serializer_class = PortalSerializer

    def get_queryset(self):
        portals = Portal.objects.select_related("review__country")
        public = perms.portal_list_published()
        user = self.request.user
        if getattr(self, "swagger_fake_view", False) or not user.is_authenticated:
            return portals.filter(pk__in=public.values("pk"))
        if user.is_superuser:
            return portals
        theirs = reviews_visible_to(user, Review.objects.all()).values("pk")
        return portals.filter(pk__in=public.values("pk")) | portals.filter(review__in=theirs)


class PortalScoped:
    """A review's endpoint as the portal shows it: the review `review_pk` is loaded with its
    portal and authorized by `stakeholders.view_portal` (the portal's pages' rule) instead of
    the member's permission. No such review, or no portal: 404; a portal not open to the
    public: 401 for an anonymous request, 403 for a signed-in one (as `reviews/<id>/rounds/`)."""

    perm = perms.VIEW_PORTAL
    denied_message = _("This review's portal is not open to the public.")

    @property
    def review(self) -> Review:
        if not hasattr(self, "_review"):
            review = (
                Review.objects.select_related("country", "portal", "previous_review")
                .filter(pk=self.kwargs["review_pk"])
                .first()
            )
            if review is None:
                raise exceptions.NotFound(_("There is no such review."))
            if not self.request.user.has_perm(perms.VIEW_PORTAL, review):
                self.permission_denied(self.request, message=self.denied_message, code="permission_denied")
            if getattr(review, "portal", None) is None:
                raise exceptions.NotFound(_("This review has no portal."))
            self._review = review
        return self._review


class PortalSeriesList(PortalScoped, SeriesList):
    """The country's indicator series with data, as the portal's data pages show them."""


class PortalObservationList(PortalScoped, ObservationList):
    """The current observations of the country's series, as the portal's indicator pages and
    downloads give them; filter by indicator, series, years and breakdown."""


class PortalAssessmentList(PortalScoped, SeriesAssessmentList):
    """Every series with its progress assessment since 2015 and since the first VNR, as the
    portal's data pages show them: an override with its category and reason, never who
    recorded it."""

    serializer_class = PublicSeriesAssessmentSerializer


class PortalGoalAssessmentList(PortalScoped, GoalAssessmentList):
    """The Goal aggregates since 2015 and since the first VNR, as the portal's Goal tiles
    show them; Goals without an assessed series are left out."""
