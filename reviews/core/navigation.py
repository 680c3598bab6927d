"""Which tabs of a review's navigation a person sees: each tab with the permission its page
checks, so a tab shows only where its page opens (no dead end).

The tabs of other apps hand their permission in (the registry pattern):
`StakeholdersConfig.ready()` registers the "engagement" tab's, so that `reviews` never
names a permission of `stakeholders`. A tab without a registered permission is hidden.
"""

from __future__ import annotations

# Tab name (as in reviews/templatetags/review_nav.py) -> the permission its page checks
# on the review.
TAB_PERMISSIONS: dict[str, str] = {
    "planner": "reviews.view_review",  # planner.review_detail
    "draft": "reviews.view_draft",  # drafting outline.outline
    "reports": "reviews.view_review",  # reporting report_rounds.reports
    "publish": "reviews.view_review",  # publishing views.editions
    "evidence": "reviews.view_evidence",  # the evidence pages
    "followup": "reviews.view_followup",  # from the first VNR to the second
    "ministries": "reviews.view_review",  # workspace ministries.ministry_list
    "matrix": "reviews.view_review",  # workspace matrix.matrix_detail
    "members": "reviews.view_review",  # workspace members.members
    "audit": "reviews.view_review",  # workspace planner.audit_log
}


def register_tab_permission(tab: str, perm: str) -> None:
    """Show `tab` to the people with `perm` on the review (the permission its page checks)."""
    TAB_PERMISSIONS[tab] = perm


def tabs_for(user, review) -> frozenset[str]:
    """The names of the tabs `user` may open in `review`: no query beyond the rules'
    cached memberships."""
    if review is None or not getattr(user, "is_authenticated", False):
        return frozenset()
    return frozenset(tab for tab, perm in TAB_PERMISSIONS.items() if user.has_perm(perm, review))
