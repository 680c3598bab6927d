"""Who may do what, per review: every permission of the portal is decided here.

Predicates take (user, object) where the object is a Review or anything with a
`review_id` (ministry, milestone, membership…). A user's memberships are read once and
kept on the user object for the rest of the request, so checking many objects on one
page costs one query.

Where a page lists what a permission allows (the reviews a person sees, the progress
reports they may read…), the list's queryset is written here too, right beside its
predicate and from the same role constants, so that the check and the list cannot
disagree (as Wagtail's permission policies pair a check with a queryset).
"""

from __future__ import annotations

import rules
from django.apps import apps
from django.db.models import Q, QuerySet

from vnr_portal.common.compiled import compiled_rows

# Role names (the values of `MemberRole`, which this module cannot import: models import it).
COORDINATOR = "coordinator"
EDITOR = "editor"
FOCAL_POINT = "focal_point"
STATISTICIAN = "statistician"
REVIEWER = "reviewer"
COUNCIL_MEMBER = "council_member"
MODERATOR = "moderator"


def _membership_rows(user_id):
    return (
        apps.get_model("reviews", "Membership")
        .objects.filter(user_id=user_id)
        .values_list("review_id", "role", "ministry_id", "review__country_id")
    )


def _memberships(user) -> dict:
    """{review_id: {"roles": set, "ministries": set, "country": id}} for `user`, cached.
    Read on every page of a review: its SQL is compiled once per process."""
    cache = getattr(user, "_vnr_memberships", None)
    if cache is None:
        cache = {}
        for review_id, role, ministry_id, country_id in compiled_rows(_membership_rows, user.pk):
            entry = cache.setdefault(review_id, {"roles": set(), "ministries": set(), "country": country_id})
            entry["roles"].add(role)
            if ministry_id:
                entry["ministries"].add(ministry_id)
        user._vnr_memberships = cache
    return cache


def forget_memberships(user) -> None:
    """Drop the cached memberships after they changed within a request."""
    if hasattr(user, "_vnr_memberships"):
        del user._vnr_memberships


def member_review_ids(user) -> list[int]:
    """The ids of the reviews where `user` holds a role (the cached memberships)."""
    if not user or not user.is_authenticated:
        return []
    return sorted(_memberships(user))


def review_id_of(obj) -> int | None:
    if obj is None:
        return None
    return obj.review_id if hasattr(obj, "review_id") else obj.pk


def roles_in(user, obj) -> set[str]:
    """The roles `user` holds in the review of `obj`."""
    if not user or not user.is_authenticated:
        return set()
    entry = _memberships(user).get(review_id_of(obj))
    return entry["roles"] if entry else set()


def focal_ministries_in(user, obj) -> set[int]:
    """The ministries `user` is focal point of in the review of `obj`."""
    if not user or not user.is_authenticated:
        return set()
    entry = _memberships(user).get(review_id_of(obj))
    return entry["ministries"] if entry else set()


@rules.predicate
def is_member(user, obj) -> bool:
    return bool(roles_in(user, obj))


def has_role(role: str):
    @rules.predicate(name=f"has_role_{role}")
    def predicate(user, obj) -> bool:
        return role in roles_in(user, obj)

    return predicate


def has_any_role(*roles: str):
    @rules.predicate(name="has_any_role_" + "_".join(sorted(roles)))
    def predicate(user, obj) -> bool:
        return bool(roles_in(user, obj) & set(roles))

    return predicate


is_coordinator = has_role(COORDINATOR)
is_editor = has_role(EDITOR)
is_focal_point = has_role(FOCAL_POINT)
is_statistician = has_role(STATISTICIAN)
is_reviewer = has_role(REVIEWER)
is_council_member = has_role(COUNCIL_MEMBER)
is_moderator = has_role(MODERATOR)


@rules.predicate
def is_member_in_country(user, country) -> bool:
    if not user.is_authenticated or country is None:
        return False
    return any(entry["country"] == country.pk for entry in _memberships(user).values())


@rules.predicate
def is_coordinator_in_country(user, country) -> bool:
    if not user.is_authenticated or country is None:
        return False
    return any(
        entry["country"] == country.pk and COORDINATOR in entry["roles"] for entry in _memberships(user).values()
    )


def _review_of(obj):
    return obj if not hasattr(obj, "review_id") else obj.review


@rules.predicate
def is_workspace(user, obj) -> bool:
    """A review in progress, not the record of a past one (which has no ministries);
    `obj` a review or anything of one (its review loaded)."""
    return obj is not None and not _review_of(obj).is_record


can_view_review = rules.is_superuser | is_member


def reviews_visible_to(user, reviews: QuerySet) -> QuerySet:
    """The reviews of `reviews` that `user` may view: the list side of `can_view_review`
    (all for a superuser, else those they hold a role in)."""
    if user.is_superuser:
        return reviews
    return reviews.filter(memberships__user=user).distinct()


can_manage_review = rules.is_superuser | is_coordinator
can_view_country = rules.is_superuser | is_member_in_country
can_add_review_for_country = rules.is_superuser | is_coordinator_in_country


def countries_for_new_review(user) -> QuerySet:
    """The countries `user` may add a review for: the list side of
    `can_add_review_for_country` (all for a superuser, else those where they coordinate
    a review). One query when evaluated."""
    Country = apps.get_model("reviews", "Country")
    if user.is_superuser:
        return Country.objects.all()
    return Country.objects.filter(reviews__memberships__user=user, reviews__memberships__role=COORDINATOR).distinct()


rules.add_perm("reviews.add_country", rules.is_superuser)
# A whole review in one zip and back (reviews/archive): every row, personal data included,
# and a restore that writes a whole review: superusers only, from the admin or the shell.
rules.add_perm("reviews.export_review", rules.is_superuser)
rules.add_perm("reviews.restore_review", rules.is_superuser)
# Review-wide actions, checked against the review.
rules.add_perm("reviews.manage_members", can_manage_review)
rules.add_perm("reviews.manage_ministries", can_manage_review & is_workspace)
rules.add_perm("reviews.change_matrix", can_manage_review & is_workspace)

# Contact details (e-mail addresses) of the people in a review's records, the public's
# included: the coordinators and the moderators (who answer the public); everyone else
# sees a person's display name.
can_see_contact_details = rules.is_superuser | is_coordinator | is_moderator
rules.add_perm("reviews.view_contact_details", can_see_contact_details)

# --- Drafting -------------------------------------------------------------------------


@rules.predicate
def is_not_frozen(user, obj) -> bool:
    """The report is not frozen by the council's approval (`obj`'s review loaded)."""
    return obj is not None and _review_of(obj).frozen_at is None


def _editor_ids(section) -> set[int]:
    prefetched = getattr(section, "_prefetched_objects_cache", {}).get("editors")
    if prefetched is not None:
        return {user.pk for user in prefetched}
    return set(section.editors.values_list("pk", flat=True))


@rules.predicate
def is_section_editor(user, section) -> bool:
    """Assigned to the section, or an editor of the review where nobody is assigned."""
    if section is None or not user.is_authenticated:
        return False
    editors = _editor_ids(section)
    return user.pk in editors if editors else EDITOR in roles_in(user, section)


def section_editors(section, *, review_editors: list | None = None) -> list:
    """The people `is_section_editor` says yes to: the section's assigned editors, or
    every editor of its review when nobody is assigned. Pass `review_editors` (the
    review's editors) when already loaded for many sections; else one query for them."""
    assigned = list(section.editors.all())
    if assigned:
        return assigned
    if review_editors is not None:
        return list(review_editors)
    Membership = apps.get_model("reviews", "Membership")
    return [m.user for m in Membership.objects.filter(review_id=section.review_id, role=EDITOR).select_related("user")]


@rules.predicate
def is_assigned_editor(user, section) -> bool:
    return section is not None and user.is_authenticated and user.pk in _editor_ids(section)


@rules.predicate
def allows_self_approval(user, section) -> bool:
    """The review's `allow_self_approval` setting: reviewers may approve their own text."""
    return section is not None and section.review.allow_self_approval


def _revision_author_id(section) -> int | None:
    """The author of `section`'s current revision, read once per section object and version."""
    cached = getattr(section, "_vnr_revision_author", None)
    if cached is not None and cached[0] == section.version:
        return cached[1]
    SectionRevision = apps.get_model("reviews", "SectionRevision")
    author_id = (
        SectionRevision.objects.filter(section_id=section.pk, number=section.version)
        .values_list("author_id", flat=True)
        .first()
    )
    section._vnr_revision_author = (section.version, author_id)
    return author_id


def remember_revision_author(section, author_id: int | None) -> None:
    """Hand in the author of `section`'s current revision when a list read it already
    (annotated), so that `wrote_revision_under_decision` asks no query per section."""
    section._vnr_revision_author = (section.version, author_id)


@rules.predicate
def wrote_revision_under_decision(user, section) -> bool:
    """The author of the section's current revision: the text a reviewer's decision is about."""
    if section is None or not user.is_authenticated or not section.version:
        return False
    return _revision_author_id(section) == user.pk


# A reviewer's own work: a section they are assigned to edit, or a revision they wrote
# (assigned or not). They never decide on it unless the review allows self-approval.
is_own_work = is_assigned_editor | wrote_revision_under_decision
may_decide_own_work = ~is_own_work | allows_self_approval

can_edit_section = is_not_frozen & (is_coordinator | (is_editor & is_section_editor))
can_comment_section = is_reviewer | is_coordinator | is_editor
can_decide_section = is_not_frozen & is_reviewer & may_decide_own_work
can_manage_outline = is_not_frozen & is_coordinator & is_workspace

rules.add_perm("reviews.manage_outline", can_manage_outline)

# Translations of the sections into the review's further languages: any editor of the
# review (translators need not write the section) and coordinators; the list of what is
# missing is theirs too. `obj` is the review or a section.
can_view_translations = rules.is_superuser | is_coordinator | is_editor
can_translate_section = is_not_frozen & (is_coordinator | is_editor)
rules.add_perm("reviews.view_translations", can_view_translations)
rules.add_perm("reviews.translate_section", can_translate_section)
rules.add_perm("reviews.comment_section", can_comment_section)
rules.add_perm("reviews.decide_section", can_decide_section)
rules.add_perm("reviews.open_vote", is_not_frozen & is_coordinator & is_workspace)
rules.add_perm("reviews.cast_ballot", is_council_member)
# Reopening voids the council's approval and opens a new vote (a coordinator's act, audited).
rules.add_perm("reviews.reopen_review", is_coordinator & is_workspace)

# What the council approves is the title (with the year and languages shown on the
# cover), the cover, the outline and the text: all read-only once it approved them
# (`is_not_frozen`), until a coordinator reopens the report.
can_change_report_title = can_manage_review & is_not_frozen
can_change_cover = is_workspace & (is_coordinator | is_editor) & is_not_frozen

rules.add_perm("reviews.change_report_title", can_change_report_title)
rules.add_perm("reviews.change_cover", can_change_cover)

# --- Ministry progress reports --------------------------------------------------------


@rules.predicate
def is_focal_point_of_report(user, report) -> bool:
    """A focal point of the report's ministry (or of the ministry it is a division of)."""
    if report is None:
        return False
    ministries = focal_ministries_in(user, report)
    return report.ministry_id in ministries or (
        report.ministry.parent_id is not None and report.ministry.parent_id in ministries
    )


# The taskforce's roles read every progress report of a review (and its tracker); a focal
# point reads only their ministry's. The predicate and the list below share this tuple.
READ_EVERY_REPORT_ROLES = (COORDINATOR, REVIEWER, EDITOR)
reads_every_report = has_any_role(*READ_EVERY_REPORT_ROLES)

can_view_progress_report = rules.is_superuser | reads_every_report | is_focal_point_of_report


def progress_reports_visible_to(user, review, reports: QuerySet) -> QuerySet:
    """The reports of `reports` (all of `review`) that `user` may view: the list side of
    `can_view_progress_report`. No query beside the user's cached memberships."""
    if not user.is_authenticated:
        return reports.none()
    if user.is_superuser or roles_in(user, review) & set(READ_EVERY_REPORT_ROLES):
        return reports
    ministries = focal_ministries_in(user, review)
    if not ministries:
        return reports.none()
    # As `is_focal_point_of_report`: the ministry's reports and its divisions'.
    return reports.filter(Q(ministry_id__in=ministries) | Q(ministry__parent_id__in=ministries))


can_fill_progress_report = is_focal_point_of_report
can_review_progress_report = is_reviewer | is_coordinator

rules.add_perm("reviews.review_progress_report", can_review_progress_report)
rules.add_perm("reviews.manage_reporting", can_manage_review & is_workspace)

# --- Draft: who reads it -----------------------------------------------------------------


@rules.predicate
def has_draft_role(user, obj) -> bool:
    """Any role but focal point: focal points see their own ministry's reports, not the draft."""
    return bool(roles_in(user, obj) - {FOCAL_POINT})


# The draft in any form: its pages, its images, the cover picture and every edition that
# is not a public final one. A focal point reads their ministry's reports and what is
# public, nothing else.
can_view_draft = rules.is_superuser | has_draft_role
rules.add_perm("reviews.view_draft", can_view_draft)

# --- Publishing -------------------------------------------------------------------------


@rules.predicate
def is_public_edition(user, edition) -> bool:
    return edition is not None and edition.is_public and edition.is_final


can_view_edition = can_view_draft | is_public_edition


def editions_visible_to(user, review, editions: QuerySet) -> QuerySet:
    """The editions of `editions` (all of `review`) that `user` may download: the list side
    of `can_view_edition` (every one for the readers of the draft, else the public final
    ones). No query beside the user's cached memberships."""
    if can_view_draft(user, review):
        return editions
    return editions.filter(is_public=True, is_final=True)


# Rendering an edition: a draft one any time, a final one once frozen, and then only
# from the content the council approved (checked by `edition_request`, as it needs the
# content itself).
rules.add_perm("reviews.render_report", is_workspace & (is_coordinator | is_editor))
# Making a final edition public (or withdrawing it), checked against the edition.
rules.add_perm("reviews.publish_edition", rules.is_superuser | is_coordinator)

# --- Draft: review of sections --------------------------------------------------------


@rules.predicate
def can_resolve_comment(user, comment) -> bool:
    """The comment's author, a coordinator, or an editor of the section (`comment.section.review` loaded)."""
    if comment is None or not user.is_authenticated:
        return False
    section = comment.section
    return (
        comment.author_id == user.pk
        or is_coordinator(user, section)
        or (is_editor(user, section) and is_section_editor(user, section))
    )


rules.add_perm("reviews.resolve_comment", can_resolve_comment)

# --- Progress reports: offline documents and incorporation into the draft ---------------

# The accepted reports beside a goal's section (obj Section): who writes the draft.
rules.add_perm("reviews.view_section_reports", rules.is_superuser | is_coordinator | is_editor)
# Inserting a passage edits the section: the same rule as editing it.
rules.add_perm("reviews.incorporate_report", can_edit_section)

# --- Progress reports: templates, rounds, tracker ---------------------------------------

# The tracker shows every ministry's status: the taskforce's roles, not the focal points.
rules.add_perm("reviews.view_report_tracker", rules.is_superuser | reads_every_report)

# --- Evidence (the country's indicator data as a review uses it) ---------------------------
# Everyone in the review reads the data pages; statisticians and coordinators import data,
# edit a series' metadata and targets and override a progress category; editors place live
# data references in the sections they may edit (`reviews.change_section`).
can_view_evidence = can_view_review
can_manage_evidence = is_workspace & (rules.is_superuser | is_coordinator | is_statistician)
rules.add_perm("reviews.view_evidence", can_view_evidence)
rules.add_perm("reviews.manage_evidence", can_manage_evidence)

# --- Follow-up (from the first VNR to the second) -----------------------------------------
# Everyone in the review reads the follow-up (the commitments, the roadmap, the strategy,
# the side-by-side view, the self-assessment's summary); coordinators set it up (carry-over,
# commitments, questionnaire, strategy); a focal point updates the commitments their
# ministry owns and a reviewer accepts the update (predicates added with those pages).
can_view_followup = can_view_review
can_manage_followup = is_workspace & is_not_frozen & (rules.is_superuser | is_coordinator)
rules.add_perm("reviews.view_followup", can_view_followup)
rules.add_perm("reviews.manage_followup", can_manage_followup)

# The institutional self-assessment: the raw answers and comments are confidential to the
# coordinators (everyone in the review reads the summary through `reviews.view_followup`); an
# invited respondent (a member, a focal point or a stakeholder group's member, with or
# without a role in the review) answers (obj: the SelfAssessment; open or closed is the
# service's check, so a late respondent reads a message, not a 403).


@rules.predicate
def is_selfassessment_respondent(user, assessment) -> bool:
    if assessment is None or not user.is_authenticated:
        return False
    return assessment.respondents.filter(user=user).exists()


can_view_selfassessment_answers = rules.is_superuser | is_coordinator
rules.add_perm("reviews.view_selfassessment_answers", can_view_selfassessment_answers)
rules.add_perm("reviews.answer_selfassessment", is_selfassessment_respondent)


def _commitment_ministry_ids(commitment) -> set[int]:
    prefetched = getattr(commitment, "_prefetched_objects_cache", {}).get("ministries")
    if prefetched is not None:
        return {ministry.pk for ministry in prefetched} | {m.parent_id for m in prefetched if m.parent_id}
    rows = commitment.ministries.values_list("pk", "parent_id")
    return {pk for pk, _parent in rows} | {parent for _pk, parent in rows if parent}


@rules.predicate
def is_focal_point_of_commitment(user, commitment) -> bool:
    """A focal point of one of the commitment's responsible ministries (or of the ministry
    one of them is a division of)."""
    if commitment is None:
        return False
    ministries = focal_ministries_in(user, commitment)
    return bool(ministries) and bool(ministries & _commitment_ministry_ids(commitment))


# A focal point updates the commitments their ministry owns; a coordinator any of them.
# A reviewer (or a coordinator) accepts or returns the update; the accepted one shows.
can_update_commitment = (
    is_workspace & is_not_frozen & (rules.is_superuser | is_coordinator | is_focal_point_of_commitment)
)
can_decide_commitment_update = is_workspace & is_not_frozen & (rules.is_superuser | is_reviewer | is_coordinator)
rules.add_perm("reviews.update_commitment", can_update_commitment)
rules.add_perm("reviews.decide_commitment_update", can_decide_commitment_update)


@rules.predicate
def follows_previous_review(user, review) -> bool:
    """The review names the VNR it follows (`previous_review`)."""
    return review is not None and review.previous_review_id is not None


@rules.predicate
def may_view_previous_review(user, review) -> bool:
    """`user` may see the review's previous VNR (what a carry-over would read)."""
    return (
        review is not None and review.previous_review_id is not None and can_view_review(user, review.previous_review)
    )


# Carry-over: a coordinator of the new review who may also see the previous one chooses
# what to take from it.
can_carry_over = can_manage_followup & follows_previous_review & may_view_previous_review
rules.add_perm("reviews.carry_over", can_carry_over)


# The generated chapter "From the first to the second VNR": a coordinator generates it
# (on the review); whoever may edit the section (its coordinators and assigned editors)
# regenerates it, on the chapter's Section.
@rules.predicate
def is_followup_chapter(user, section) -> bool:
    return (
        section is not None
        and section.kind == "first_to_second"
        and section.parent_id is None
        and not section.review.is_record
    )


can_regenerate_followup_chapter = is_followup_chapter & can_edit_section
rules.add_perm("reviews.generate_followup_chapter", can_manage_followup)
rules.add_perm("reviews.regenerate_followup_chapter", can_regenerate_followup_chapter)


# Choosing which part of the first VNR a part of the second is compared with (side by
# side): whoever may edit the part (its coordinators and assigned editors).
@rules.predicate
def is_section_of_workspace(user, section) -> bool:
    return section is not None and not section.review.is_record


rules.add_perm("reviews.match_followup_section", is_section_of_workspace & can_edit_section)
