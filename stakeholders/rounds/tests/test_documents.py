"""The frozen copy of a section, split into the paragraphs people comment on."""

import pytest

from stakeholders.rounds.documents import paragraphs


@pytest.mark.unit
def test_paragraphs_splits_top_level_blocks():
    html = (
        "<h2>Title</h2><p>One <strong>bold</strong>.</p><ul><li>a</li><li>b</li></ul><p> </p>"
        "<table><tr><td>x</td></tr></table>"
    )
    assert paragraphs(html) == [
        "<h2>Title</h2>",
        "<p>One <strong>bold</strong>.</p>",
        "<ul><li>a</li><li>b</li></ul>",
        "<table><tr><td>x</td></tr></table>",
    ]


@pytest.mark.unit
def test_paragraphs_gathers_loose_text_into_a_paragraph():
    assert paragraphs("Loose <em>text</em> &amp; more<p>Block</p>tail") == [
        "<p>Loose <em>text</em> &amp; more</p>",
        "<p>Block</p>",
        "<p>tail</p>",
    ]


@pytest.mark.unit
@pytest.mark.parametrize("html", ["", "   ", None], ids=["empty", "blank", "none"])
def test_paragraphs_of_nothing_is_empty(html):
    assert paragraphs(html) == []
