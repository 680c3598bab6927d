"""The registry of the parts of the generated chapter "From the first to the second VNR".

Each part is handed in by the package that knows its data (the registry pattern of
docs/architecture.md): followup's own (the change in data availability and progress
categories) by `ReviewsConfig.ready()`, the change in engagement by
`StakeholdersConfig.ready()`, the commitments and the self-assessment by whoever builds
them. A part's `builder(review)` returns html made by a template with autoescaping (a
`SafeString`), or "" when it has nothing to say: the chapter leaves it out. The chapter
is whatever is registered, in `order`; a part that is not registered is simply absent.

Call it as::

    register_chapter_part("data", _("Data and progress"), data_change_part, order=30)
    chapter_parts()  # [ChapterPart], in order
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.safestring import SafeString


@dataclass(frozen=True)
class ChapterPart:
    key: str
    title: object  # a str or a lazy translation, shown as the part's heading
    builder: Callable[..., SafeString | str]
    order: int


_PARTS: dict[str, ChapterPart] = {}


def register_chapter_part(key: str, title, builder: Callable[..., SafeString | str], order: int = 100) -> None:
    """Add (or replace, by `key`) a part of the chapter."""
    _PARTS[key] = ChapterPart(key=key, title=title, builder=builder, order=order)


def unregister_chapter_part(key: str) -> None:
    """Remove a part (for tests)."""
    _PARTS.pop(key, None)


def chapter_parts() -> list[ChapterPart]:
    """The registered parts, in order (then by key)."""
    return sorted(_PARTS.values(), key=lambda part: (part.order, part.key))


# --- Side by side: review-wide figures handed in by a higher app --------------------------

# A comparison provider(review) returns [(label, figure of the first VNR or None, figure
# of this review or None)] — or [] when it has nothing (e.g. the engagement figures).


@dataclass(frozen=True)
class ComparisonProvider:
    key: str
    title: object
    provider: Callable[..., list]
    order: int


_COMPARISONS: dict[str, ComparisonProvider] = {}


def register_comparison(key: str, title, provider: Callable[..., list], order: int = 100) -> None:
    """Add (or replace, by `key`) a table of figures shown on the side-by-side page."""
    _COMPARISONS[key] = ComparisonProvider(key=key, title=title, provider=provider, order=order)


def comparisons() -> list[ComparisonProvider]:
    return sorted(_COMPARISONS.values(), key=lambda item: (item.order, item.key))
