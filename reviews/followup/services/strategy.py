"""Writes of the national development strategy (its pillars and priorities linked to SDG
targets) and of the sector review reports."""

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from indicators.models import Target
from reviews.core.audit import audit_record, describe
from reviews.core.models import Review
from reviews.followup.models.strategy import NationalStrategy, SectorReview, StrategyPillar, StrategyPriority
from vnr_portal.common.uploads import DOCX_TYPE, XLSX_TYPE, document_type, safe_file_name

FILE_EXTENSIONS = {"application/pdf": "pdf", DOCX_TYPE: "docx", XLSX_TYPE: "xlsx", "text/csv": "csv"}


@transaction.atomic
def strategy_save(*, actor, review: Review, name: str, start_year: int, end_year: int) -> NationalStrategy:
    """Create or change the review's national development strategy."""
    strategy = NationalStrategy.objects.filter(review=review).first() or NationalStrategy(review=review)
    created = strategy.pk is None
    strategy.name, strategy.start_year, strategy.end_year = name, start_year, end_year
    strategy.full_clean()
    strategy.save()
    audit_record(
        review=review,
        actor=actor,
        action="strategy.create" if created else "strategy.change",
        summary=describe(strategy),
    )
    return strategy


@transaction.atomic
def pillar_save(*, actor, strategy: NationalStrategy, pillar: StrategyPillar) -> StrategyPillar:
    created = pillar.pk is None
    pillar.strategy = strategy
    if created:
        last = strategy.pillars.order_by("-position").values_list("position", flat=True).first()
        pillar.position = (last or 0) + 1
    pillar.full_clean()
    pillar.save()
    audit_record(
        review=strategy.review,
        actor=actor,
        action="strategy.pillar_add" if created else "strategy.pillar_change",
        summary=describe(pillar),
    )
    return pillar


@transaction.atomic
def pillar_delete(*, actor, pillar: StrategyPillar) -> None:
    """Remove a pillar with its priorities (their links to targets go with them)."""
    review = pillar.strategy.review
    summary = describe(pillar)
    pillar.delete()
    audit_record(review=review, actor=actor, action="strategy.pillar_delete", summary=summary)


@transaction.atomic
def priority_delete(*, actor, priority: StrategyPriority) -> None:
    review = priority.pillar.strategy.review
    summary = describe(priority)
    priority.delete()
    audit_record(review=review, actor=actor, action="strategy.priority_delete", summary=summary)


def parse_target_codes(text: str) -> list[str]:
    """Target codes from a list separated by commas, semicolons, spaces or lines."""
    return [code for code in re.split(r"[\s,;]+", text or "") if code]


@transaction.atomic
def priority_save(
    *, actor, pillar: StrategyPillar, priority: StrategyPriority, target_codes: list[str]
) -> StrategyPriority:
    """Create or change a priority and the SDG targets it addresses (codes such as "3.8");
    an unknown code is refused at the `targets` field, nothing saved."""
    codes = list(dict.fromkeys(target_codes))
    targets = list(Target.objects.filter(code__in=codes))
    unknown = sorted(set(codes) - {target.code for target in targets})
    if unknown:
        raise ValidationError(
            {"targets": _("These are not SDG target codes: %(codes)s.") % {"codes": ", ".join(unknown)}}
        )
    created = priority.pk is None
    priority.pillar = pillar
    if created:
        last = pillar.priorities.order_by("-position").values_list("position", flat=True).first()
        priority.position = (last or 0) + 1
    priority.full_clean()
    priority.save()
    priority.targets.set(targets)
    audit_record(
        review=pillar.strategy.review,
        actor=actor,
        action="strategy.priority_add" if created else "strategy.priority_change",
        summary=describe(priority),
        data={"targets": sorted(codes)},
    )
    return priority


@transaction.atomic
def sector_review_add(
    *, actor, review: Review, title: str, sector: str, year: int, goals, file=None, link: str = ""
) -> SectorReview:
    """A sector review report: a file (PDF, Word, Excel or CSV, checked by its content, at
    most 10 MB) or a link, and the goals it informs."""
    if not file and not link:
        raise ValidationError({"file": _("Attach the report or give its link.")})
    sector_review = SectorReview(review=review, title=title, sector=sector, year=year, link=link or "", added_by=actor)
    if file:
        try:
            content_type = document_type(file)
        except ValidationError as error:
            raise ValidationError({"file": error.messages}) from error
        extension = FILE_EXTENSIONS[content_type]
        sector_review.file_name = safe_file_name(file.name, extension)
        sector_review.content_type = content_type
        # The stored name says nothing of the user's.
        file.name = f"sector-review-{review.pk}.{extension}"
        sector_review.file = file
    sector_review.full_clean()
    sector_review.save()
    sector_review.goals.set(goals)
    audit_record(review=review, actor=actor, action="sector_review.add", summary=describe(sector_review))
    return sector_review


@transaction.atomic
def sector_review_delete(*, actor, sector_review: SectorReview) -> None:
    review = sector_review.review
    summary = describe(sector_review)
    if sector_review.file:
        sector_review.file.delete(save=False)
    sector_review.delete()
    audit_record(review=review, actor=actor, action="sector_review.delete", summary=summary)
