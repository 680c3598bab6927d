"""The revision diff benchmark: `word_diff` and the "Compare revisions" page.

Two revisions of one section, 16 KB and 100 KB of text each, in three kinds:

* similar: every third paragraph has a word changed and one appended, one paragraph is
  inserted and one deleted (an editor's day of work);
* completely different: two texts from different seeds (every paragraph changed);
* repetitive: one paragraph "a a a …" against "a b a b …", the worst case of difflib's
  matcher (its work grows with the cube of such a text; before issue 13 a 16 KB pair of
  completely different revisions took about 50 s);
* budget used up: paragraphs of "a b c a b c …" against "a c b a c b …", each costly
  enough that the diff's whole budget of work is spent (the slowest case by design).

`word_diff` is timed alone (with its units of work and how many passages it showed
whole), then the page through Django's test client: medians of ROUNDS, wall and CPU time.
"""

from __future__ import annotations

import random
import statistics
import time

ROUNDS = 5
SIZES = {"16 KB": 16_000, "100 KB": 100_000}
COMMON = "the of and to in for on with by that is are was be as at from".split()


def _paragraphs(seed: int, size: int) -> list[str]:
    rng = random.Random(seed)
    vocabulary = [
        f"{stem}{n}" for stem in ("health", "water", "school", "road", "clinic", "budget") for n in range(300)
    ]
    paragraphs, length = [], 0
    while length < size:
        words = [
            rng.choice(COMMON) if rng.random() < 0.4 else rng.choice(vocabulary) for _ in range(rng.randint(30, 90))
        ]
        paragraph = " ".join(words).capitalize() + "."
        paragraphs.append(paragraph)
        length += len(paragraph) + 7
    return paragraphs


def _html(paragraphs: list[str]) -> str:
    return "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)


def _pairs(size: int) -> dict[str, tuple[str, str]]:
    old = _paragraphs(1, size)
    similar = list(old)
    for index in range(0, len(similar), 3):
        words = similar[index].split()
        words[len(words) // 2] = "changed"
        similar[index] = " ".join(words) + " And one more sentence."
    similar.insert(len(similar) // 2, "A paragraph written today.")
    del similar[len(similar) // 4]
    repetitive = size // 2
    # Paragraphs of 120 words that pair up but cost the matcher much: the budget runs out.
    costly = size // 250
    return {
        "similar": (_html(old), _html(similar)),
        "completely different": (_html(old), _html(_paragraphs(2, size))),
        "repetitive": (
            "<p>" + " ".join("a" for _ in range(repetitive)) + "</p>",
            "<p>" + " ".join("ab"[n % 2] for n in range(repetitive)) + "</p>",
        ),
        "budget used up": (
            _html([" ".join("abc"[n % 3] for n in range(120)) + f" p{k}" for k in range(costly)]),
            _html([" ".join("acb"[n % 3] for n in range(120)) + f" p{k}" for k in range(costly)]),
        ),
    }


def _median_seconds(function) -> tuple[float, float]:
    """Median wall and CPU seconds of ROUNDS calls (CPU depends far less on other jobs)."""
    walls, cpus = [], []
    for _ in range(ROUNDS):
        wall, cpu = time.perf_counter(), time.process_time()
        function()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def _figure(seconds: tuple[float, float]) -> str:
    return f"{seconds[0] * 1000:.1f} ms (CPU {seconds[1] * 1000:.1f} ms; median of {ROUNDS})"


def _arrange():
    from django.contrib.auth import get_user_model

    from reviews.models import Country
    from reviews.workspace.services.reviews import review_create

    user = get_user_model().objects.create_user("bench-diff", "bench-diff@example.org", "bench")
    review = review_create(
        actor=user,
        country=Country.objects.create(name="Diff country", iso3="BDF"),
        title="Second VNR (diff benchmark)",
        hlpf_year=2027,
        languages=["en"],
    )
    return user, review


def bench_diffing() -> list[tuple[str, str]]:
    from django.test import Client
    from django.urls import reverse

    from reviews.drafting.diffing import word_diff
    from reviews.drafting.models import Section
    from reviews.drafting.services.outline import section_add
    from reviews.drafting.services.sections import section_save

    user, review = _arrange()
    client = Client()
    client.force_login(user)
    rows = []
    for size_label, size in SIZES.items():
        for kind, (old, new) in _pairs(size).items():
            pieces = word_diff(old, new)
            seconds = _median_seconds(lambda old=old, new=new: word_diff(old, new))
            rows.append(
                (
                    f"word_diff, {size_label} section, {kind}",
                    f"{_figure(seconds)}, {pieces.work:,} units of work, "
                    f"{pieces.replaced_whole} passage(s) shown whole",
                )
            )
            section = Section.objects.select_related("review").get(
                pk=section_add(actor=user, review=review, title=f"{size_label} {kind}").pk
            )
            section_save(actor=user, section=section, content=old, base_version=0)
            section_save(actor=user, section=section, content=new, base_version=1)
            url = reverse("reviews:section-revision-compare", args=[review.pk, section.pk])
            response = client.get(url, {"old": 1, "new": 2})
            if response.status_code != 200:
                rows.append((f"GET compare revisions, {size_label}, {kind}", f"answered {response.status_code}"))
                continue
            seconds = _median_seconds(lambda url=url: client.get(url, {"old": 1, "new": 2}))
            rows.append(
                (
                    f"GET compare revisions, {size_label}, {kind}",
                    f"{_figure(seconds)}, {len(response.content) // 1024} KiB",
                )
            )
    return rows
