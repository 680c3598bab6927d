"""Who may be invited to the self-assessment, beside the review's members: a registry.

The review's members (chosen by role) and the ministries' focal points come from the
review itself; people the reviews app does not know of — the members of stakeholders'
standing groups — are handed in by a higher app, which registers a provider in its
`AppConfig.ready()` (`StakeholdersConfig.ready()`), so followup never imports it.

A provider is `provider(review) -> list[RespondentGroup]`, in a fixed number of queries.
Respondents are accounts: a person without one is invited to the review or the portal
first, and the self-assessment then reaches them through their account (no separate
e-mail link to keep secret)."""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class RespondentGroup:
    key: str  # unique across providers, e.g. "stakeholders:12"
    label: str
    users: list = field(default_factory=list)


_providers: dict[str, Callable] = {}


def register_respondent_provider(key: str, provider: Callable) -> None:
    _providers[key] = provider


def respondent_groups(review) -> list[RespondentGroup]:
    groups: list[RespondentGroup] = []
    for key in sorted(_providers):
        groups.extend(_providers[key](review))
    return groups
