"""The registry of carry-over parts: what a new review can take over from the previous one.

Each part is registered once, at start-up, with `register_carryover_part(key, label,
copier, order, has_content=…)`: `copier(source, target, actor)` copies the part of
`source` (the previous review, never changed) into `target` and returns how many rows it
copied; `has_content(target)` says whether `target` already holds that part (the part is
then refused, nothing is overwritten). Followup's own parts and reporting's are registered
by `ReviewsConfig.ready()`; stakeholders' by `StakeholdersConfig.ready()` (registry
pattern: followup never imports them). `requires` names parts that must be carried
over first, or already be in the target (e.g. the role matrix needs the ministries).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from reviews.core.models import Review

Copier = Callable[[Review, Review, object], int]


@dataclass(frozen=True)
class CarryoverPart:
    key: str
    label: str
    copier: Copier
    order: int
    has_content: Callable[[Review], bool]
    help_text: str = ""
    requires: tuple[str, ...] = field(default_factory=tuple)


_PARTS: dict[str, CarryoverPart] = {}


def _never(_review: Review) -> bool:
    return False


def register_carryover_part(
    key: str,
    label,
    copier: Copier,
    order: int,
    *,
    has_content: Callable[[Review], bool] | None = None,
    help_text="",
    requires: tuple[str, ...] = (),
) -> None:
    """Register (or replace, by `key`) a part the coordinator may choose to carry over."""
    _PARTS[key] = CarryoverPart(
        key=key,
        label=label,
        copier=copier,
        order=order,
        has_content=has_content or _never,
        help_text=help_text,
        requires=tuple(requires),
    )


def carryover_parts() -> list[CarryoverPart]:
    """The registered parts, in their order."""
    return sorted(_PARTS.values(), key=lambda part: (part.order, part.key))


def carryover_part(key: str) -> CarryoverPart | None:
    return _PARTS.get(key)
