"""A review's data in the REST API (/api/v1/reviews/…), with the same permissions as its
pages: each endpoint asks the rules predicates of reviews/rules.py (`user.has_perm`) or
lists through the queryset functions beside them (`reviews_visible_to`,
`progress_reports_visible_to`, `editions_visible_to`), never a copy of them. Sits above the
five feature packages, like reviews/urls.py."""
