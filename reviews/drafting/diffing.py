"""A readable diff of two texts by words: what a reader sees changed, never HTML tags."""

import difflib
import re

from reviews.core.sanitize import plain_text

EQUAL, INSERT, DELETE = "equal", "insert", "delete"
# Words, runs of spaces and line breaks, so that the pieces join back into the text.
_TOKEN = re.compile(r"\n|[^\s]+|[ \t]+")


def _tokens(html: str) -> list[str]:
    return _TOKEN.findall(plain_text(html))


def word_diff(old_html: str, new_html: str) -> list[tuple[str, str]]:
    """[(op, text)] turning the text of `old_html` into that of `new_html`.

    op is "equal", "insert" or "delete"; consecutive pieces of one kind are joined, and a
    replacement is a deletion followed by an insertion.
    """
    old, new = _tokens(old_html), _tokens(new_html)
    pieces: list[tuple[str, str]] = []

    def add(op: str, tokens: list[str]) -> None:
        if not tokens:
            return
        text = "".join(tokens)
        if pieces and pieces[-1][0] == op:
            pieces[-1] = (op, pieces[-1][1] + text)
        else:
            pieces.append((op, text))

    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            add(EQUAL, old[i1:i2])
        else:
            add(DELETE, old[i1:i2])
            add(INSERT, new[j1:j2])
    return pieces


def diff_stats(pieces: list[tuple[str, str]]) -> dict:
    """How many words were added and removed."""
    count = {INSERT: 0, DELETE: 0}
    for op, text in pieces:
        if op in count:
            count[op] += len(text.split())
    return {"added": count[INSERT], "removed": count[DELETE]}
