"""A review's evidence: the country's indicator data (`indicators.evidence`) as this review
sees, assesses, imports and reports it.

The data belongs to the country (`review.country.iso3`); this package adds what belongs to
a review: who may import and override (the rules in `reviews/rules.py`), the import page
and its task, the data pages (Goal tiles, indicator, inventory, reporting status), the
first VNR's figures as the baseline of comparison (`Review.data_snapshot` of the previous
review), and the statistical and data-gap annexes handed to the report's assembly by
`ReviewsConfig.ready()`.
"""
