"""How pages name a review and the one before it: by their order in the chain of reviews
(`Review.previous_review`) — "the first VNR", "From the second to the third VNR" — or by
year past the fifth ("VNR 2041"). The common case (a second VNR after the first) keeps its
own wording, so that its translations stay as they are.

Call it as::

    names = vnr_names(review)  # 1 query (reviews.core.selectors.review_numbers)
    names.chapter_title        # "From the first to the second VNR"
    names.previous_noun        # "the first VNR" / "the VNR of 2041"
    names.previous_heading     # "First VNR" (a column's header)
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import pgettext, pgettext_lazy

# The order of a VNR, as a word; past the fifth a review is named by its year.
ORDINALS = (
    pgettext_lazy("order of a VNR", "first"),
    pgettext_lazy("order of a VNR", "second"),
    pgettext_lazy("order of a VNR", "third"),
    pgettext_lazy("order of a VNR", "fourth"),
    pgettext_lazy("order of a VNR", "fifth"),
)


def ordinal(number: int | None) -> str | None:
    """ "first" … "fifth" (translated) for the `number`th VNR; None past the fifth."""
    if number is None or not 1 <= number <= len(ORDINALS):
        return None
    return str(ORDINALS[number - 1])


def vnr_noun(number: int, year: int) -> str:
    """ "the second VNR", or "the VNR of 2041" past the fifth."""
    word = ordinal(number)
    if word is None:
        return _("the VNR of %(year)s") % {"year": year}
    return pgettext("a VNR named by its order", "the %(ordinal)s VNR") % {"ordinal": word}


def vnr_heading(number: int, year: int) -> str:
    """A column's header: "First VNR", "Second VNR", or "VNR 2041" past the fifth."""
    if number == 1:
        return _("First VNR")
    word = ordinal(number)
    if word is None:
        return _("VNR %(year)s") % {"year": year}
    return capfirst(pgettext("a column named by the order of a VNR", "%(ordinal)s VNR") % {"ordinal": word})


@dataclass(frozen=True)
class VnrNames:
    """The names of `number`th review (presented in `year`) and of the one before it, if any."""

    number: int
    year: int
    previous_number: int | None = None
    previous_year: int | None = None

    @property
    def has_previous(self) -> bool:
        return self.previous_number is not None

    @property
    def is_second_after_first(self) -> bool:
        """The common case: the wording "first" / "second" of the original strings."""
        return self.previous_number == 1 and self.number == 2

    @property
    def previous_noun(self) -> str:
        """ "the first VNR"; "the previous VNR" when this review follows none."""
        if self.previous_number is None:
            return _("the previous VNR")
        return vnr_noun(self.previous_number, self.previous_year)

    @property
    def previous_heading(self) -> str:
        if self.previous_number is None:
            return _("Previous VNR")
        return vnr_heading(self.previous_number, self.previous_year)

    @property
    def noun(self) -> str:
        return vnr_noun(self.number, self.year)

    @property
    def chapter_title(self) -> str:
        """The generated chapter's title: "From the first to the second VNR"."""
        if self.previous_number is None or self.is_second_after_first:
            return _("From the first to the second VNR")
        before, this = ordinal(self.previous_number), ordinal(self.number)
        if before is not None and this is not None:
            return _("From the %(previous)s to the %(current)s VNR") % {"previous": before, "current": this}
        return _("From the VNR of %(previous)s to the VNR of %(current)s") % {
            "previous": self.previous_year,
            "current": self.year,
        }

    @property
    def overview_title(self) -> str:
        """The follow-up overview's heading: "From the first VNR to the second"."""
        if self.previous_number is None or self.is_second_after_first:
            return _("From the first VNR to the second")
        return self.chapter_title

    @property
    def side_by_side_title(self) -> str:
        if self.previous_number is None or self.previous_number == 1:
            return _("Side by side with the first VNR")
        return _("Side by side with %(previous)s") % {"previous": self.previous_noun}
