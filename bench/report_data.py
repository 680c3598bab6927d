"""A realistic second VNR for the rendering benchmark: the Handbook's outline with text.

17 goal chapters (each: narrative on its targets, an indicator table, two bar charts as
PNG section images, footnotes), an introduction, methodology, policy and means chapters,
a conclusion, and a statistical annex of long tables: about 150 A4 pages. Deterministic
(a fixed seed), so two runs render the same document.
"""

from __future__ import annotations

import io
import random

WORDS = (
    "national statistics office ministry coordination progress target indicator baseline "
    "disaggregated data poverty households rural urban women girls persons disabilities youth "
    "education enrolment learning outcomes health coverage maternal mortality vaccination water "
    "sanitation energy access renewable employment informal sector wages productivity innovation "
    "infrastructure digital inequality income migration climate adaptation resilience disaster "
    "ecosystems forests oceans fisheries biodiversity institutions justice transparency budget "
    "partnership financing private sector civil society local government monitoring evaluation "
    "policy strategy plan implementation review stakeholders consultation leave no one behind "
    "between compared since first review improved declined remained stable regions provinces "
    "districts programmes reform legislation survey census administrative records estimates"
).split()

CHARTS_PER_GOAL = 2


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(12, 26))]
    words[0] = words[0].capitalize()
    if rng.random() < 0.3:
        words.insert(rng.randint(2, len(words) - 1), f"{rng.randint(2, 98)}.{rng.randint(0, 9)} per cent")
    return " ".join(words) + "."


def _paragraph(rng: random.Random, footnote: bool = False) -> str:
    text = " ".join(_sentence(rng) for _ in range(rng.randint(4, 8)))
    if footnote:
        text += (
            '<span class="footnote">Source: national statistics office, '
            f"survey round {rng.randint(2015, 2025)}; administrative records of the line ministry.</span>"
        )
    return f"<p>{text}</p>"


def _table(rng: random.Random, caption: str, rows: int) -> str:
    head = "".join(
        f'<th scope="col">{label}</th>' for label in ("Indicator", "Baseline (first VNR)", "Latest", "Year", "Trend")
    )
    body = []
    for row in range(rows):
        baseline = rng.uniform(5, 95)
        latest = baseline + rng.uniform(-10, 15)
        trend = "improving" if latest > baseline + 2 else "worsening" if latest < baseline - 2 else "stable"
        body.append(
            f'<tr><th scope="row">{row + 1}. {" ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 7)))}</th>'
            f"<td>{baseline:.1f}</td><td>{latest:.1f}</td><td>{rng.randint(2019, 2025)}</td><td>{trend}</td></tr>"
        )
    return f"<table><caption>{caption}</caption><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def chart_png(rng: random.Random, title: str, *, width=1200, height=600) -> bytes:
    """A bar chart (first VNR vs latest, by region) drawn with Pillow, as a PNG."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    draw.text((40, 20), title[:90], fill="black")
    left, bottom, top = 80, height - 60, 70
    draw.line((left, top, left, bottom), fill="black", width=2)
    draw.line((left, bottom, width - 40, bottom), fill="black", width=2)
    groups = 8
    slot = (width - 40 - left) // groups
    for group in range(groups):
        for index, color in enumerate(((120, 144, 156), (0, 105, 148))):
            value = rng.uniform(0.15, 0.95)
            x0 = left + group * slot + 12 + index * (slot // 2 - 6)
            draw.rectangle((x0, bottom - int((bottom - top) * value), x0 + slot // 2 - 18, bottom - 1), fill=color)
        draw.text((left + group * slot + 14, bottom + 12), f"Region {group + 1}", fill="black")
    for step in range(1, 5):
        y = bottom - (bottom - top) * step // 5
        draw.line((left - 6, y, left, y), fill="black")
        draw.text((30, y - 6), f"{step * 20}", fill="black")
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def emblem_png() -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (600, 600), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((20, 20, 580, 580), fill=(0, 84, 147, 255))
    draw.polygon([(300, 90), (480, 470), (120, 470)], fill=(250, 200, 40, 255))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def fill_review(review, actor, *, scale: float = 1.0) -> dict:
    """Write the chapters' text (and charts) into `review`'s default outline.

    Returns counts for the benchmark's table. `scale` multiplies the amount of text.
    """
    from django.core.files.base import ContentFile

    from reviews.drafting.services.outline import outline_create_default
    from reviews.models import Section, SectionImage, SectionKind
    from reviews.publishing.cover import review_cover_set

    rng = random.Random(2027)
    outline_create_default(actor=actor, review=review)
    sections = list(Section.objects.filter(review=review).select_related("goal").order_by("parent_id", "position"))
    charts = tables = 0
    for section in sections:
        if section.is_main_messages:
            continue
        has_children = any(other.parent_id == section.pk for other in sections)
        parts: list[str] = []
        if section.kind == SectionKind.GOAL:
            for target in range(1, 4):
                parts.append(f"<h3>Target {section.goal.number}.{target}</h3>")
                parts += [_paragraph(rng, footnote=(n == 0)) for n in range(int(4 * scale))]
            parts.append(_table(rng, f"Table {section.goal.number}.1: indicators of goal {section.goal.number}", 14))
            tables += 1
            for number in range(1, CHARTS_PER_GOAL + 1):
                caption = f"Figure {section.goal.number}.{number}: progress by region since the first VNR"
                image = SectionImage(section=section, content_type="image/png", alt_text=caption, uploaded_by=actor)
                image.image.save(f"bench-{section.pk}-{number}.png", ContentFile(chart_png(rng, caption)), save=False)
                image.save()
                parts.append(
                    f'<figure><img src="/reviews/{review.pk}/sections/{section.pk}/images/{image.pk}/" alt="{caption}">'
                    f"<figcaption>{caption}</figcaption></figure>"
                )
                parts += [_paragraph(rng) for _ in range(int(2 * scale))]
                charts += 1
        elif section.kind == SectionKind.ANNEX:
            for goal in range(1, 18):
                parts.append(_table(rng, f"Annex table {goal}: indicators of goal {goal}, baseline and latest", 12))
                tables += 1
        elif has_children:
            parts += [_paragraph(rng) for _ in range(2)]
        else:
            parts += [_paragraph(rng, footnote=(n % 4 == 0)) for n in range(int(7 * scale))]
        section.content = "".join(parts)
        section.version = 1
    Section.objects.bulk_update(sections, ["content", "version"])
    review_cover_set(
        actor=actor,
        review=review,
        upload=ContentFile(emblem_png(), name="emblem.png"),
        alt_text="The national emblem: a yellow triangle on a blue disc",
    )
    return {"sections": len(sections), "charts": charts, "tables": tables}
