"""Signals of publishing, so that apps above `reviews` can act on them without `reviews`
importing them (docs/architecture.md: stakeholders may import reviews, never the reverse).

`report_published` is sent by `editions.edition_set_public` when a final edition is made
public, inside its transaction, with `review`, `edition` and `actor`: a receiver writes
through its own services, so that its changes land with the publication or not at all.
`stakeholders` connects the closing of the review's open consultation rounds to it in
`StakeholdersConfig.ready()`.
"""

from django.dispatch import Signal

report_published = Signal()
