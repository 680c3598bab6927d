"""A readable diff of two texts by words: what a reader sees changed, never HTML tags.

difflib's matcher costs at least the product of the two lengths, and far more on
repetitive text, so the texts are compared paragraph by paragraph first and only the
paragraphs that changed are compared word by word. Every matcher call is metered in
units of work (a unit is one comparison the matcher may make); a changed passage that is
too long, or that would take the diff past its budget, is shown removed and added whole,
and the result counts those (`Diff.replaced_whole`) so the page can tell the reader.
The work of a diff is thereby bounded whatever the texts: see `TOTAL_WORK`.
"""

import difflib
import re

from reviews.core.sanitize import plain_text

EQUAL, INSERT, DELETE = "equal", "insert", "delete"
BLOCK_SEPARATOR = "\n"

# A changed passage (old and new words together) longer than this is not compared word
# by word; nor are more paragraphs than MAX_BLOCKS compared as paragraphs.
MAX_CHANGED_WORDS = 10_000
MAX_BLOCKS = 4_000
# Units of work one passage (or the paragraph comparison) may use, and a whole diff.
PASSAGE_WORK = 300_000
TOTAL_WORK = 2_000_000
# Fixed costs of diffing one passage and of comparing two paragraphs' words, so that
# many tiny ones count too (a unit is roughly what the matcher does in 0.2 µs).
CALL_WORK = 100
PAIR_CHECK_WORK = 10
# Paragraphs of a long changed run are paired with one of the next few on the other
# side when they share at least half their words; the rest are removed or added whole.
PAIRING_WINDOW = 5
SIMILAR = 0.5

_SPACE = re.compile(r"(\s+)")


class Diff(list):
    """[(op, text)] pieces, plus how they were made.

    `replaced_whole`: changed passages shown removed and added whole because comparing
    them word by word would have cost too much; `work`: units of work spent.
    """

    def __init__(self, pieces=()):
        super().__init__(pieces)
        self.replaced_whole = 0
        self.work = 0


class _OverBudget(Exception):
    pass


class _Meter:
    def __init__(self, total: int):
        self.used = 0
        self.total = total

    def spend(self, units: int, limit: int | None = None) -> None:
        """Count `units` about to be spent, or refuse them (_OverBudget) if they would
        take the meter past the total or `limit`."""
        if self.used + units > (self.total if limit is None else min(limit, self.total)):
            raise _OverBudget
        self.used += units

    def count(self, units: int) -> None:
        """Count linear work, which needs no stopping."""
        self.used += units

    def exhausted(self, units: int) -> bool:
        return self.used + units > self.total

    def limit(self, units: int) -> int:
        """The meter reading past which a job allowed `units` more must stop."""
        return min(self.used + units, self.total)


class _MeteredMatcher(difflib.SequenceMatcher):
    """A SequenceMatcher that counts the comparisons of each longest-match search (at
    most the range of `a` plus the positions in `b` of its elements) before making
    them, and stops past `limit`."""

    def __init__(self, a: list[str], b: list[str], meter: _Meter, limit: int):
        self._meter, self._limit = meter, limit
        meter.spend(len(a) + len(b), limit)
        super().__init__(None, a, b, autojunk=False)
        self._pairs = [0]
        for element in a:
            self._pairs.append(self._pairs[-1] + len(self.b2j.get(element, ())))

    def find_longest_match(self, alo=0, ahi=None, blo=0, bhi=None):
        ahi = len(self.a) if ahi is None else ahi
        bhi = len(self.b) if bhi is None else bhi
        self._meter.spend(1 + ahi - alo + self._pairs[ahi] - self._pairs[alo], self._limit)
        return super().find_longest_match(alo, ahi, blo, bhi)


def _matches(a: list[str], b: list[str], meter: _Meter, limit: int, cap: int) -> tuple[list, bool]:
    """([(i, j, n)] with a[i:i+n] == b[j:j+n], in order; whether complete).

    The common head and tail are found by a linear scan, the middle by the metered
    matcher; past `cap` elements or `limit`, the middle is left unmatched (incomplete).
    """
    size_a, size_b = len(a), len(b)
    head = 0
    while head < size_a and head < size_b and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < size_a - head and tail < size_b - head and a[size_a - 1 - tail] == b[size_b - 1 - tail]:
        tail += 1
    meter.count(1 + head + tail)
    found = [(0, 0, head)] if head else []
    middle_a, middle_b = a[head : size_a - tail], b[head : size_b - tail]
    complete = True
    if middle_a and middle_b:
        try:
            if len(middle_a) + len(middle_b) > cap:
                raise _OverBudget
            matcher = _MeteredMatcher(middle_a, middle_b, meter, limit)
            found += [(i + head, j + head, n) for i, j, n in matcher.get_matching_blocks() if n]
        except _OverBudget:
            complete = False
    if tail:
        found.append((size_a - tail, size_b - tail, tail))
    return found, complete


def _segments(old: list[str], new: list[str], matches: list[tuple[int, int, int]]):
    """Yield (equal, i1, i2, j1, j2) over token ranges covering `old` and `new` in order.

    Tokens alternate item, separator, item … item (items at even places); `matches`
    are runs of equal items. A run is split where the separators between its items
    differ, and takes the separator after it (else the one before it) when both sides
    have the same one, so that "The old plan" → "The new plan" keeps "The " and " plan".
    """
    runs = []
    for i, j, n in matches:
        start_a, start_b = 2 * i, 2 * j
        for k in range(n - 1):
            sep_a, sep_b = 2 * (i + k) + 1, 2 * (j + k) + 1
            if old[sep_a] != new[sep_b]:
                runs.append([start_a, sep_a, start_b, sep_b])
                start_a, start_b = sep_a + 1, sep_b + 1
        runs.append([start_a, 2 * (i + n) - 1, start_b, 2 * (j + n) - 1])
    pos_a = pos_b = 0
    for a1, a2, b1, b2 in runs:
        if a1 > pos_a and b1 > pos_b and old[a1 - 1] == new[b1 - 1]:
            a1, b1 = a1 - 1, b1 - 1
        if a2 < len(old) and b2 < len(new) and old[a2] == new[b2]:
            a2, b2 = a2 + 1, b2 + 1
        if a1 > pos_a or b1 > pos_b:
            yield False, pos_a, a1, pos_b, b1
        yield True, a1, a2, b1, b2
        pos_a, pos_b = a2, b2
    if pos_a < len(old) or pos_b < len(new):
        yield False, pos_a, len(old), pos_b, len(new)


def _interleave(items: list[str], separator: str) -> list[str]:
    tokens = []
    for item in items:
        if tokens:
            tokens.append(separator)
        tokens.append(item)
    return tokens


def _words(blocks: list[str]) -> list[str]:
    """Words and the runs of spaces between them (items and separators) of `blocks`."""
    return _SPACE.split(BLOCK_SEPARATOR.join(blocks)) if blocks else []


def _word_count(blocks: list[str]) -> int:
    return sum(len(block.split()) for block in blocks)


def _similar(a: set, b: set, meter: _Meter) -> bool:
    meter.spend(PAIR_CHECK_WORK + min(len(a), len(b)))
    return len(a & b) >= SIMILAR * max(len(a), len(b), 1)


class _Builder:
    def __init__(self):
        self.diff = Diff()
        self.meter = _Meter(TOTAL_WORK)

    def add(self, op: str, text: str) -> None:
        if not text:
            return
        if self.diff and self.diff[-1][0] == op:
            self.diff[-1] = (op, self.diff[-1][1] + text)
        else:
            self.diff.append((op, text))

    def whole(self, old_blocks: list[str], new_blocks: list[str], *, too_big: bool) -> None:
        self.add(DELETE, BLOCK_SEPARATOR.join(old_blocks))
        self.add(INSERT, BLOCK_SEPARATOR.join(new_blocks))
        if too_big and old_blocks and new_blocks:
            self.diff.replaced_whole += 1

    def texts(self, old_blocks: list[str], new_blocks: list[str]) -> None:
        old, new = _interleave(old_blocks, BLOCK_SEPARATOR), _interleave(new_blocks, BLOCK_SEPARATOR)
        # Past MAX_BLOCKS or the budget, the paragraphs between the common head and
        # tail are one changed run, paired in order below.
        matches, _ = _matches(old_blocks, new_blocks, self.meter, self.meter.limit(PASSAGE_WORK), MAX_BLOCKS)
        for equal, i1, i2, j1, j2 in _segments(old, new, matches):
            if equal:
                self.add(EQUAL, "".join(old[i1:i2]))
            elif i1 == i2 or j1 == j2:
                self.add(DELETE, "".join(old[i1:i2]))
                self.add(INSERT, "".join(new[j1:j2]))
            else:
                # Both sides of a change start and end with a paragraph (separators
                # between paragraphs are all alike, so a run takes them).
                self.changed_run(old[i1:i2:2], new[j1:j2:2])

    def changed_run(self, old_blocks: list[str], new_blocks: list[str]) -> None:
        """Consecutive changed paragraphs: word by word if short enough, else paired."""
        if len(old_blocks) == len(new_blocks) == 1:
            self.passage(old_blocks, new_blocks, partial=True)
        elif _word_count(old_blocks + new_blocks) > MAX_CHANGED_WORDS or not self.passage(old_blocks, new_blocks):
            self.paired(old_blocks, new_blocks)

    def passage(self, old_blocks: list[str], new_blocks: list[str], *, partial: bool = False) -> bool:
        """Add the word diff of a passage and say True; if it costs too much, add nothing
        and say False, or with `partial` show what lies between the common head and tail
        removed and added whole."""
        try:
            self.meter.spend(CALL_WORK)
        except _OverBudget:
            if partial:
                self.whole(old_blocks, new_blocks, too_big=True)
            return partial
        old, new = _words(old_blocks), _words(new_blocks)
        limit = self.meter.limit(PASSAGE_WORK)
        matches, complete = _matches(old[::2], new[::2], self.meter, limit, MAX_CHANGED_WORDS)
        if not complete:
            if not partial:
                return False
            self.diff.replaced_whole += 1
        for equal, i1, i2, j1, j2 in _segments(old, new, matches):
            if equal:
                self.add(EQUAL, "".join(old[i1:i2]))
            else:
                self.add(DELETE, "".join(old[i1:i2]))
                self.add(INSERT, "".join(new[j1:j2]))
        return True

    def paired(self, old_blocks: list[str], new_blocks: list[str]) -> None:
        """Pair the paragraphs of a long changed run with similar ones close by on the other
        side and diff each pair; a paragraph without a pair is removed or added whole."""
        steps = []  # (old paragraphs, new paragraphs, compare word by word)
        old_sets = [set(b.split()) for b in old_blocks]
        new_sets = [set(b.split()) for b in new_blocks]
        i = j = 0
        try:
            while i < len(old_blocks) and j < len(new_blocks):
                if _similar(old_sets[i], new_sets[j], self.meter):
                    steps.append(([old_blocks[i]], [new_blocks[j]], True))
                    i, j = i + 1, j + 1
                    continue
                for ahead in range(1, PAIRING_WINDOW + 1):
                    if j + ahead < len(new_blocks) and _similar(old_sets[i], new_sets[j + ahead], self.meter):
                        steps.append(([], new_blocks[j : j + ahead], False))
                        j += ahead
                        break
                    if i + ahead < len(old_blocks) and _similar(old_sets[i + ahead], new_sets[j], self.meter):
                        steps.append((old_blocks[i : i + ahead], [], False))
                        i += ahead
                        break
                else:
                    steps.append(([old_blocks[i]], [new_blocks[j]], False))
                    i, j = i + 1, j + 1
        except _OverBudget:
            # Out of budget while pairing: the rest is one passage shown whole.
            steps.append((old_blocks[i:], new_blocks[j:], None))
        else:
            steps.append((old_blocks[i:], new_blocks[j:], False))
        seen_old = seen_new = False
        for index, (old_part, new_part, compare) in enumerate(steps):
            if compare and self.meter.exhausted(CALL_WORK):
                # Out of budget: the rest of the run is one passage shown whole.
                old_part = [b for step in steps[index:] for b in step[0]]
                new_part = [b for step in steps[index:] for b in step[1]]
                steps, compare = [], None
            if not old_part and not new_part:
                continue
            # The paragraph break before this step, on the side(s) that had one before.
            before_old, before_new = bool(old_part) and seen_old, bool(new_part) and seen_new
            if before_old and before_new:
                self.add(EQUAL, BLOCK_SEPARATOR)
            elif before_old:
                self.add(DELETE, BLOCK_SEPARATOR)
            elif before_new:
                self.add(INSERT, BLOCK_SEPARATOR)
            seen_old, seen_new = seen_old or bool(old_part), seen_new or bool(new_part)
            if compare:
                self.passage(old_part, new_part, partial=True)
            else:
                self.whole(old_part, new_part, too_big=compare is None)
            if not steps:
                break


# Tags of emphasis and links sit inside a word as often as around it ("<em>re</em>build"):
# they go without a trace, so that a word keeps its letters together and only whole words
# (the tokens are words and the whitespace between them) are ever marked.
_INLINE_TAG = re.compile(r"</?(?:strong|b|em|i|u|s|sub|sup|code|a)\b[^>]*>", re.IGNORECASE)


def _blocks(html: str) -> list[str]:
    text = plain_text(_INLINE_TAG.sub("", html or ""))
    return text.split(BLOCK_SEPARATOR) if text else []


def word_diff(old_html: str, new_html: str) -> Diff:
    """[(op, text)] turning the text of `old_html` into that of `new_html`.

    op is "equal", "insert" or "delete"; consecutive pieces of one kind are joined, and a
    replacement is a deletion followed by an insertion. The pieces of ops other than
    "insert" join into the old text, those other than "delete" into the new one.
    Paragraphs too long to compare word by word within the budget are shown removed and
    added whole; the result's `replaced_whole` counts them.
    """
    builder = _Builder()
    builder.texts(_blocks(old_html), _blocks(new_html))
    builder.diff.work = builder.meter.used
    return builder.diff


def diff_stats(pieces: list[tuple[str, str]]) -> dict:
    """How many words were added and removed."""
    count = {INSERT: 0, DELETE: 0}
    for op, text in pieces:
        if op in count:
            count[op] += len(text.split())
    return {"added": count[INSERT], "removed": count[DELETE]}
