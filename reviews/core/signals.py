"""Signals a lower layer sends so that a higher one can act without being imported.

`review_frozen(sender=Review, review=…)`: the council approved the report and it is now
read-only (sent inside the freezing transaction; receivers defer their work to commit).
"""

from django.dispatch import Signal

review_frozen = Signal()
