import json
from pathlib import Path

import pytest

from reviews.core.sanitize import clean_html, plain_text, word_count

pytestmark = [pytest.mark.unit]

HOSTILE = json.loads(Path("/work/shared/data/security/hostile-inputs.json").read_text())
DANGEROUS = (
    "<script",
    "onerror",
    "onload",
    "onfocus",
    "ontoggle",
    "javascript:",
    "<iframe",
    "<object",
    "<style",
    "style=",
    "<svg",
    "<form",
    "<meta",
    "<input",
    "data:text",
)


@pytest.mark.parametrize("hostile", HOSTILE["xss_html"], ids=range(len(HOSTILE["xss_html"])))
def test_clean_html_leaves_hostile_inputs_inert(hostile):
    cleaned = clean_html(hostile).lower()
    assert [bad for bad in DANGEROUS if bad in cleaned] == []


def test_clean_html_keeps_the_editors_structure():
    html = (
        '<h2>Goal 3</h2><p><strong>Bold</strong> <a href="https://sdgs.un.org">link</a>'
        '<span class="footnote">Source: NSO</span> <span class="sdg-ref" data-ref="3.1">3.1</span></p>'
        '<table><caption>Data</caption><tr><th scope="col">Year</th></tr></table>'
    )
    assert clean_html(html) == (
        '<h2>Goal 3</h2><p><strong>Bold</strong> <a href="https://sdgs.un.org" rel="noopener noreferrer nofollow">'
        'link</a><span class="footnote">Source: NSO</span> <span class="sdg-ref" data-ref="3.1">3.1</span></p>'
        '<table><caption>Data</caption><tbody><tr><th scope="col">Year</th></tr></tbody></table>'
    )


def test_clean_html_keeps_own_images():
    html = '<p><img src="/reviews/1/sections/2/images/3/" alt="Chart"></p>'
    assert clean_html(html) == html


@pytest.mark.parametrize(
    "src",
    ["file:///etc/passwd", "https://evil.example/x.png", "javascript:alert(1)", "data:image/png;base64,AAAA", "x"],
)
def test_clean_html_drops_images_from_elsewhere_entirely(src):
    assert clean_html(f'<p>a<img src="{src}" alt="x">b</p>') == "<p>ab</p>"


def test_clean_html_drops_an_image_without_src_even_with_src_in_its_alt():
    assert clean_html('<p><img alt="a src=b"></p>') == "<p></p>"


def test_clean_html_refuses_bad_sdg_refs_and_classes():
    assert clean_html('<span class="sdg-ref evil" data-ref="x; drop">t</span>') == '<span class="sdg-ref">t</span>'


def test_clean_html_removes_nul_characters():
    assert clean_html("<p>a\x00b</p>") == "<p>ab</p>"


def test_plain_text_separates_blocks_by_lines():
    assert plain_text("<h2>Title</h2><p>One &amp; two</p><ul><li>a</li><li>b</li></ul>") == "Title\nOne & two\na\nb"


@pytest.mark.parametrize(
    "html,count",
    [
        ("<p>Leaving no one behind</p>", 4),
        ("<p>可持续发展目标</p>", 7),
        ("<p>SDG 可持续 well-being</p>", 5),
        ("<p>日本語のテキスト</p>", 8),
        ("", 0),
    ],
    ids=["english", "chinese", "mixed", "japanese", "empty"],
)
def test_word_count_counts_cjk_characters_one_each(html, count):
    assert word_count(html) == count
