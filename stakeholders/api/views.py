"""Read endpoints of consultation. Each loads its review or round (404 when there is none,
or when it is a round the person may not know of), asks the permission its page asks (401
for an anonymous request, 403 for a signed-in one), then lists through the queryset
functions beside the rules predicates, paginated by cursor."""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, generics
from rest_framework.response import Response

from reviews.core.sanitize import clean_html
from reviews.models import Review
from stakeholders import rules as perms
from stakeholders.moderation.models import ModeratorResponse
from stakeholders.portal.models import Contribution
from stakeholders.rounds.models import ConsultationRound, RoundDocument
from stakeholders.uptake.selectors import outcome_figures
from vnr_portal.common.api.permissions import takes_method

from .filters import ContributionFilter, RoundDocumentFilter
from .serializers import ContributionSerializer, RoundDocumentTextSerializer, RoundSerializer, RoundSummarySerializer


def _is_schema(view) -> bool:
    """Building the schema, or a method the view does not take (405 before anything else)."""
    return getattr(view, "swagger_fake_view", False) or not takes_method(view.request, view)


def _with_contents(rounds):
    return rounds.prefetch_related(
        Prefetch("documents", queryset=RoundDocument.objects.only("pk", "round_id", "title", "language", "position")),
        "questions",
    )


class ReviewRoundList(generics.ListAPIView):
    """The consultation rounds of a review: every one for the engagement staff (coordinators,
    editors, moderators, reviewers); for anyone else, anonymous included, those the public
    portal shows (published rounds of a published portal, in their audience)."""

    serializer_class = RoundSerializer

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if _is_schema(self):
            return
        review = Review.objects.select_related("portal").filter(pk=self.kwargs["review_pk"]).first()
        if review is None:
            raise exceptions.NotFound(_("There is no such review."))
        if not request.user.has_perm(perms.VIEW_PORTAL, review):
            self.permission_denied(
                request, message=_("This review's portal is not open to the public."), code="permission_denied"
            )
        self.review = review

    def get_queryset(self):
        if _is_schema(self):
            return ConsultationRound.objects.none()
        return _with_contents(perms.round_list_viewable(self.request.user, self.review))


class RoundScoped(generics.GenericAPIView):
    """An endpoint about one round (`round_pk` in the address) that its reader may read
    (`stakeholders.view_round`): a round nobody outside the staff may know of is a 404; a
    published one outside the person's audience a 401 or 403."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if _is_schema(self):
            return
        round_ = (
            ConsultationRound.objects.select_related("review__portal", "group")
            .filter(pk=self.kwargs["round_pk"])
            .first()
        )
        if round_ is None:
            raise exceptions.NotFound(_("There is no such round."))
        # A read: whether the person is in the round's audience is asked once, however
        # many contributions ask it again.
        perms.remember_audience(round_)
        if not request.user.has_perm(perms.VIEW_ROUND, round_):
            if not perms.is_round_public.test(request.user, round_):
                raise exceptions.NotFound(_("There is no such round."))
            self.permission_denied(request, message=_("This round is not open to you."), code="permission_denied")
        self.round = round_


class RoundDetail(RoundScoped, generics.RetrieveAPIView):
    """One consultation round, with its documents and questions."""

    serializer_class = RoundSerializer

    def get_object(self):
        return _with_contents(ConsultationRound.objects.filter(pk=self.round.pk)).get()


class RoundDocumentList(RoundScoped, generics.ListAPIView):
    """The round's frozen documents with their text as its public page shows them: every
    copy (one per section and language; `language` filters), each a list of paragraphs of
    sanitized HTML numbered from 0, as the `paragraph` of a contribution counts them."""

    serializer_class = RoundDocumentTextSerializer
    filterset_class = RoundDocumentFilter

    def get_queryset(self):
        if _is_schema(self):
            return RoundDocument.objects.none()
        return RoundDocument.objects.filter(round=self.round)


class RoundContributionList(RoundScoped, generics.ListAPIView):
    """The round's contributions as its public page shows them, each with the moderators'
    public answers and the uptake decision ("you said, we did"). Hidden ones, those waiting
    for a moderator and those received offline without consent to publish never appear,
    except to those who moderate the review (the moderation queue shows them every one),
    to whom `visibility` says which are not public."""

    serializer_class = ContributionSerializer
    filterset_class = ContributionFilter

    def get_queryset(self):
        if _is_schema(self):
            return Contribution.objects.none()
        contributions = (
            Contribution.objects.filter(round=self.round)
            .select_related("author__contributor", "on_behalf_of", "uptake_revision")
            .prefetch_related(
                Prefetch("responses", queryset=ModeratorResponse.objects.order_by("created_at", "pk")), "attachments"
            )
        )
        if self.request.user.has_perm(perms.MODERATE, self.round):
            return contributions
        return perms.contribution_list_visible(contributions)

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        # The file permission asks about the round: the one loaded, with its review's portal
        # and its audience known.
        for contribution in page or []:
            contribution.round = self.round
        return page


class RoundSummary(RoundScoped):
    """What came of the round, as its public outcomes page says it: the summary, the number
    of contributions and participants, and the decisions taken, by kind."""

    serializer_class = RoundSummarySerializer
    pagination_class = None

    @extend_schema(responses=RoundSummarySerializer)
    def get(self, request, *args, **kwargs):
        figures = outcome_figures(self.round)
        data = {
            "round": self.round.pk,
            "summary": clean_html(self.round.summary or ""),
            "contributions": figures.contributions,
            "participants": figures.participants,
            "decided": figures.decided,
            "by_decision": [
                {"decision": value, "label": label, "count": count} for value, label, count in figures.by_decision
            ],
        }
        return Response(RoundSummarySerializer(data).data)
