import random

import pytest

from reviews.drafting import diffing
from reviews.drafting.diffing import diff_stats, word_diff

pytestmark = [pytest.mark.unit]


def test_word_diff_marks_changed_words_only():
    assert word_diff("<p>The old plan</p>", "<p>The new plan</p>") == [
        ("equal", "The "),
        ("delete", "old"),
        ("insert", "new"),
        ("equal", " plan"),
    ]


def test_word_diff_ignores_markup_changes():
    assert word_diff("<p>Same words</p>", "<p><strong>Same</strong> words</p>") == [("equal", "Same words")]


def test_word_diff_never_shows_tags():
    pieces = word_diff("<p>a</p>", '<p>a <a href="https://x.org">link</a></p><table><tr><td>cell</td></tr></table>')
    assert pieces == [("equal", "a"), ("insert", " link\ncell")]
    assert all("<" not in text for _, text in pieces)


def test_word_diff_of_empty_texts():
    assert word_diff("", "") == []
    assert word_diff("", "<p>New text</p>") == [("insert", "New text")]


def test_word_diff_pieces_join_back_into_both_texts():
    old, new = "<p>One two three</p><p>four</p>", "<p>One three</p><p>four five</p>"
    pieces = word_diff(old, new)
    assert "".join(t for op, t in pieces if op != "insert") == "One two three\nfour"
    assert "".join(t for op, t in pieces if op != "delete") == "One three\nfour five"


def test_diff_stats_counts_words():
    assert diff_stats([("equal", "a b"), ("delete", "c d"), ("insert", "e")]) == {"added": 1, "removed": 2}


# --- Paragraphs first, words inside changed paragraphs, within a budget -------------------

WORDS = [f"{stem}{n}" for stem in ("health", "water", "school", "road", "clinic") for n in range(200)]


def _text(seed: int, size: int, vocabulary=WORDS) -> list[str]:
    """Paragraphs of 20–60 words, about `size` characters in all."""
    rng = random.Random(seed)
    paragraphs, length = [], 0
    while length < size:
        paragraph = " ".join(rng.choice(vocabulary) for _ in range(rng.randint(20, 60)))
        paragraphs.append(paragraph)
        length += len(paragraph) + 7
    return paragraphs


def _html(paragraphs: list[str]) -> str:
    return "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)


def _sides(pieces) -> tuple[str, str]:
    old = "".join(text for op, text in pieces if op != "insert")
    new = "".join(text for op, text in pieces if op != "delete")
    return old, new


@pytest.fixture
def matcher_inputs(monkeypatch):
    """The (old, new) sequences every matcher of the diff is given."""
    seen = []
    original = diffing._MeteredMatcher.__init__

    def spy(self, a, b, meter, limit):
        seen.append((list(a), list(b)))
        original(self, a, b, meter, limit)

    monkeypatch.setattr(diffing._MeteredMatcher, "__init__", spy)
    return seen


@pytest.mark.parametrize(
    "old,new",
    [
        (["A b c", "D e f", "G h i"], ["A b c", "New one", "D e f", "G h i"]),
        (["A b c", "D e f", "G h i"], ["D e f", "G h i"]),
        (["A b c", "D e f"], ["A b", "c", "D e f"]),
        (["A b", "c d"], ["A b c d"]),
        (["Same", "x"], ["Same", "y", "z"]),
        (["a\u00a0b c"], ["a b\u00a0c"]),
        ([], ["Only new"]),
        (["Only old"], []),
    ],
    ids=["inserted", "deleted", "split", "merged", "replaced-by-two", "no-break-spaces", "from-empty", "to-empty"],
)
def test_word_diff_pieces_join_back_for_paragraph_changes(old, new):
    pieces = word_diff(_html(old), _html(new))
    assert _sides(pieces) == ("\n".join(old), "\n".join(new))
    assert all(a[0] != b[0] for a, b in zip(pieces, pieces[1:], strict=False))


def test_word_diff_shows_an_inserted_paragraph_as_inserted():
    pieces = word_diff(_html(["One two", "Three"]), _html(["One two", "New", "Three"]))
    assert pieces == [("equal", "One two\n"), ("insert", "New\n"), ("equal", "Three")]


def test_word_diff_compares_words_only_inside_the_changed_paragraph(matcher_inputs):
    old = _text(1, 16_000)
    new = list(old)
    new[5] = new[5].replace(new[5].split()[3], "changed", 1)
    pieces = word_diff(_html(old), _html(new))
    assert _sides(pieces) == ("\n".join(old), "\n".join(new))
    assert diff_stats(pieces) == {"added": 1, "removed": 1}
    # Paragraphs are compared as paragraphs; only paragraph 5's middle is compared word by word.
    assert max(len(a) + len(b) for a, b in matcher_inputs) < len(old[5].split()) * 2


def test_word_diff_of_similar_100kb_texts_pairs_each_changed_paragraph():
    old = _text(2, 100_000)
    new = [paragraph + " added" for paragraph in old]
    pieces = word_diff(_html(old), _html(new))
    assert _sides(pieces) == ("\n".join(old), "\n".join(new))
    assert diff_stats(pieces) == {"added": len(old), "removed": 0}
    assert pieces.replaced_whole == 0


def test_word_diff_of_completely_different_100kb_texts_stays_within_its_budget():
    old = _text(3, 100_000)
    new = _text(4, 100_000, vocabulary=[word.upper() for word in WORDS])
    pieces = word_diff(_html(old), _html(new))
    assert pieces.work <= diffing.TOTAL_WORK
    assert _sides(pieces) == ("\n".join(old), "\n".join(new))
    # Paragraphs that share no words are shown removed and added whole, never word by word.
    removed = [text for op, text in pieces if op == "delete"]
    assert sorted(paragraph for text in removed for paragraph in text.strip("\n").split("\n")) == sorted(old)


@pytest.mark.parametrize(
    "old,new",
    [
        (" ".join("a" for _ in range(50_000)), " ".join("ab"[n % 2] for n in range(50_000))),
        (" ".join("abc"[n % 3] for n in range(50_000)), " ".join("acb"[n % 3] for n in range(50_000))),
    ],
    ids=["a-vs-ab", "abc-vs-acb"],
)
def test_word_diff_of_a_100kb_repetitive_paragraph_is_shown_whole_within_the_budget(old, new):
    """difflib alone needs minutes here (its work grows with the cube of such a text)."""
    pieces = word_diff(f"<p>{old}</p>", f"<p>{new}</p>")
    assert (pieces.replaced_whole, _sides(pieces)) == (1, (old, new))
    assert pieces.work <= diffing.TOTAL_WORK


def test_word_diff_of_many_repetitive_paragraphs_stops_at_the_total_budget():
    old = [" ".join("abc"[n % 3] for n in range(120)) + f" p{k}" for k in range(400)]
    new = [" ".join("acb"[n % 3] for n in range(120)) + f" p{k}" for k in range(400)]
    pieces = word_diff(_html(old), _html(new))
    assert _sides(pieces) == ("\n".join(old), "\n".join(new))
    assert pieces.replaced_whole > 0
    # The matcher never runs past the budget; what is counted beyond it is linear scanning.
    assert pieces.work <= diffing.TOTAL_WORK + 2 * len(_html(old))


def test_word_diff_past_the_budget_shows_the_changed_paragraph_whole(monkeypatch):
    monkeypatch.setattr(diffing, "PASSAGE_WORK", 1)
    old, new = "Keep this. The old plan of the ministry.", "Keep this. The new plan of the ministry, now."
    pieces = word_diff(_html(["Same", old]), _html(["Same", new]))
    assert pieces == [
        ("equal", "Same\nKeep this. The "),
        ("delete", "old plan of the ministry."),
        ("insert", "new plan of the ministry, now."),
    ]
    assert pieces.replaced_whole == 1


def test_word_diff_keeps_words_whole_across_emphasis_and_links_inside_them():
    # Formatting part of a word changes no word: nothing is marked, and no word is cut.
    assert word_diff("<p>The budget was written.</p>", "<p>The <strong>bud</strong>get was written.</p>") == [
        ("equal", "The budget was written.")
    ]
    pieces = word_diff(
        "<p>The plan was written in the browser.</p>",
        '<p>The plan was <em>re</em>written in <a href="https://x.org">the</a> browser.</p>',
    )
    assert pieces == [
        ("equal", "The plan was "),
        ("delete", "written"),
        ("insert", "rewritten"),
        ("equal", " in the browser."),
    ]
