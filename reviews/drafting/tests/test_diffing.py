import pytest

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
