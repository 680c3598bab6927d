"""Signals of a country's data, for the apps that use it (`indicators` imports none of them).

`series_changed` is sent after the change is committed, with keyword arguments
`country` (ISO 3166 alpha-3), `indicator_codes` (set of codes) and `series_ids` (set of
Series ids) of the series whose figures, target or desired direction changed. Sent by
`services.imports.evidence_import` (per file written), `services.series.national_target_set`
and `services.series.series_metadata_update` (when the desired direction changes); a
progress override should send it too (`send_series_changed`).
`reviews` flags the sections whose text refers to them (connected in `ReviewsConfig.ready()`).
"""

from django.db import transaction
from django.dispatch import Signal

series_changed = Signal()


def send_series_changed(*, country: str, changed: list[tuple[int, str]]) -> None:
    """Send `series_changed` for `changed` [(series id, indicator code)] once the current
    transaction commits (at once outside one); nothing when nothing changed."""
    if not changed:
        return
    series_ids = {pk for pk, _code in changed}
    codes = {code for _pk, code in changed}

    def send():
        series_changed.send(sender=None, country=country, indicator_codes=codes, series_ids=series_ids)

    # robust: a receiver that fails is logged and never undoes or breaks the change itself.
    transaction.on_commit(send, robust=True)
