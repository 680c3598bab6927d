"""Read endpoints of a review. Each loads the review (404 when there is none), asks the
permission its page asks (401 for an anonymous request, 403 for a signed-in one), then lists
through the same selector or queryset function as the page, paginated by cursor."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, generics, status, viewsets
from rest_framework.response import Response

from indicators.api.filters import ObservationFilter, SeriesFilter
from indicators.api.serializers import ObservationSerializer, SeriesSerializer
from indicators.evidence.models import Observation, Series
from indicators.evidence.selectors import series_for_country
from reviews.core.models import Review
from reviews.drafting.models import Section, SectionRevision
from reviews.followup.models import Commitment, CommitmentUpdate
from reviews.followup.selectors.commitments import commitments_of
from reviews.followup.services.commitments import commitment_update_submit
from reviews.publishing.models import Edition
from reviews.reporting.models import ProgressReport
from reviews.rules import editions_visible_to, progress_reports_visible_to, reviews_visible_to
from reviews.workspace.models import GoalAssignment, Ministry
from vnr_portal.common.api.permissions import takes_method

from .filters import CommitmentFilter, ProgressReportFilter, SectionRevisionFilter
from .serializers import (
    CommitmentSerializer,
    CommitmentUpdateInputSerializer,
    CommitmentUpdateSerializer,
    EditionSerializer,
    GoalAssignmentSerializer,
    MinistrySerializer,
    ProgressReportSerializer,
    ReviewSerializer,
    SectionRevisionSerializer,
    SectionSerializer,
)


@extend_schema_view(
    list=extend_schema(summary="The reviews you hold a role in (every one for a superuser)."),
    retrieve=extend_schema(summary="One review."),
)
class ReviewViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ReviewSerializer
    lookup_value_regex = "[0-9]{1,18}"

    def get_queryset(self):
        reviews = Review.objects.select_related("country").order_by("pk")
        if not self.request.user.is_authenticated:
            return reviews.none()
        return reviews_visible_to(self.request.user, reviews)


class ReviewScopedList(generics.ListAPIView):
    """A list that hangs off one review (`review_pk` in the address)."""

    perm: str | None = "reviews.view_review"
    denied_message = _("You do not have permission to see this part of the review.")

    @property
    def review(self) -> Review:
        if not hasattr(self, "_review"):
            review = Review.objects.select_related("country").filter(pk=self.kwargs["review_pk"]).first()
            if review is None:
                raise exceptions.NotFound(_("There is no such review."))
            if self.perm and not self.request.user.has_perm(self.perm, review):
                self.permission_denied(self.request, message=self.denied_message, code="permission_denied")
            self._review = review
        return self._review

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # Before the schema generator or a filter touches the queryset.
        if not getattr(self, "swagger_fake_view", False) and takes_method(request, self):
            _review = self.review


class MinistryList(ReviewScopedList):
    """The review's ministries and divisions; focal points' e-mail addresses for those who
    may see contact details (coordinators, moderators), null for everyone else."""

    serializer_class = MinistrySerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Ministry.objects.none()
        return Ministry.objects.filter(review=self.review)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if not getattr(self, "swagger_fake_view", False):
            context["show_contacts"] = self.request.user.has_perm("reviews.view_contact_details", self.review)
        return context


class RoleMatrixList(ReviewScopedList):
    """The role matrix: which ministry leads, co-leads or contributes to which Goal."""

    serializer_class = GoalAssignmentSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return GoalAssignment.objects.none()
        return GoalAssignment.objects.filter(review=self.review).select_related("goal")


class CommitmentList(ReviewScopedList):
    """The commitments register: each commitment with its current (latest accepted) status."""

    perm = "reviews.view_followup"
    serializer_class = CommitmentSerializer
    filterset_class = CommitmentFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Commitment.objects.none()
        return commitments_of(self.review)


class ProgressReportList(ReviewScopedList):
    """The ministries' progress reports and their status: every one for the coordinators,
    reviewers and editors, their own ministry's for a focal point."""

    serializer_class = ProgressReportSerializer
    filterset_class = ProgressReportFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ProgressReport.objects.none()
        reports = ProgressReport.objects.filter(review=self.review).select_related("goal")
        return progress_reports_visible_to(self.request.user, self.review, reports)


class EditionList(ReviewScopedList):
    """The report's editions (PDF, Word) and their download link: the public final ones for
    everyone, anonymous included; every one for the readers of the draft."""

    perm = None
    serializer_class = EditionSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Edition.objects.none()
        return editions_visible_to(self.request.user, self.review, Edition.objects.filter(review=self.review))


class SeriesList(ReviewScopedList):
    """The country's indicator series with data (as the review's data pages show them)."""

    perm = "reviews.view_evidence"
    serializer_class = SeriesSerializer
    filterset_class = SeriesFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Series.objects.none()
        return series_for_country(self.review.country.iso3)


class ObservationList(ReviewScopedList):
    """The current observations of the country's series; filter by indicator, series, years
    and breakdown."""

    perm = "reviews.view_evidence"
    serializer_class = ObservationSerializer
    filterset_class = ObservationFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Observation.objects.none()
        current = series_for_country(self.review.country.iso3).values("current_version")
        return Observation.objects.filter(version__in=current).select_related("version__series")


class CommitmentUpdateCreate(ReviewScopedList):
    """Submit an update of a commitment's status (a new update waiting for a reviewer), as
    its page does: for a focal point of one of its ministries or a coordinator, while the
    review is in progress. Needs a read-write token (or the browser's session)."""

    serializer_class = CommitmentUpdateInputSerializer
    http_method_names = ["post", "options"]
    perm = "reviews.view_followup"

    def get_queryset(self):  # pragma: no cover (no list here)
        return CommitmentUpdate.objects.none()

    @extend_schema(request=CommitmentUpdateInputSerializer, responses={201: CommitmentUpdateSerializer})
    def post(self, request, *args, **kwargs):
        commitment = Commitment.objects.filter(review=self.review, pk=self.kwargs["commitment_pk"]).first()
        if commitment is None:
            raise exceptions.NotFound(_("There is no such commitment in this review."))
        commitment.review = self.review
        if not request.user.has_perm("reviews.update_commitment", commitment):
            self.permission_denied(request, message=_("You may not update this commitment."), code="permission_denied")
        serializer = CommitmentUpdateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        replaced_by = None
        if data["replaced_by"]:
            replaced_by = Commitment.objects.filter(review=self.review, pk=data["replaced_by"]).first()
            if replaced_by is None:
                raise exceptions.ValidationError({"replaced_by": [_("Choose another commitment of this review.")]})
        update = commitment_update_submit(
            actor=request.user,
            commitment=commitment,
            status=data["status"],
            narrative=data["narrative"],
            links=data["links"],
            replaced_by=replaced_by,
        )
        return Response(CommitmentUpdateSerializer(update).data, status=status.HTTP_201_CREATED)


class SectionList(ReviewScopedList):
    """The outline: every section with its current text, for the readers of the draft (not
    focal points, as on the pages)."""

    perm = "reviews.view_draft"
    serializer_class = SectionSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Section.objects.none()
        return Section.objects.filter(review=self.review).select_related("goal")


class SectionRevisionList(ReviewScopedList):
    """The saved revisions of the review's sections, each with its text; `section` filters."""

    perm = "reviews.view_draft"
    serializer_class = SectionRevisionSerializer
    filterset_class = SectionRevisionFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return SectionRevision.objects.none()
        return SectionRevision.objects.filter(section__review=self.review)
