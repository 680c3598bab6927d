"""Where the evidence of a commitment's update may point besides data and links: the
accepted progress reports of its ministries. Reporting (a neighbour that followup may not
import) hands in a provider through this registry, from `ReviewsConfig.ready()`.

`register_report_provider(provider)`: `provider(review, ministry_ids)` returns
`[(report_id, label)]`, the accepted reports of those ministries (one query). An update
stores the chosen reports as `{"id", "label"}` so it reads the same when the report
changes.
"""

from __future__ import annotations

from collections.abc import Callable

_PROVIDERS: list[Callable] = []


def register_report_provider(provider: Callable) -> None:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def report_choices(review, ministry_ids) -> list[tuple[int, str]]:
    """The accepted reports the providers know for `ministry_ids` of `review`."""
    choices: list[tuple[int, str]] = []
    for provider in _PROVIDERS:
        choices.extend(provider(review, list(ministry_ids)))
    return choices
