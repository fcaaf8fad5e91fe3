"""A draft, plain text or Markdown, as the sentences `review` reads: each with the line
it starts on and where it stands in the draft, Markdown marks dropped from its text.

A sentence ends at ".", "!" or "?" followed by a space and a capital, a digit or a
quote, or at the end of a paragraph, heading, list item or table cell. Abbreviations
("Sept.", "U.S.", "Mr.", "No."), initials and decimals do not end one. Code blocks
and front matter (YAML between `---` lines, or TOML between `+++` lines, at the top of
the file) are skipped; a table cell says whether it stands in the header row. Reading
is linear: one pass over the draft, no backtracking pattern.
"""

import re
from typing import NamedTuple

from vnjp.lexicon import lexicon

# Where a sentence stands: running text (paragraphs, headings, list items, quotes), a
# table's header row, or another row of a table.
TEXT, HEADER_CELL, TABLE_CELL = "text", "header cell", "table cell"


class Sentence(NamedTuple):
    """One sentence of a draft."""

    text: str  # as a reader sees it: Markdown marks dropped, lines joined
    line: int  # the line it starts on, from 1
    start: int  # where it starts in the draft
    end: int  # where it ends in the draft: an annotation goes here
    block: str = TEXT  # TEXT, HEADER_CELL or TABLE_CELL


_FENCE = re.compile(r"^\s*(```|~~~)")
_BLOCK_START = re.compile(r"^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+|\d{1,9}[.)]\s+|\|)")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}")
_LINK = re.compile(r"!?\[([^\]\n]{0,500})\]\([^)\s]{0,2000}(?:\s+\"[^\"\n]{0,200}\")?\)")
_EMPHASIS = re.compile(r"(\*\*|__|\*|`|~~)")
_TAG = re.compile(r"<[a-zA-Z/][^<>\n]{0,200}>")
_SPACES = re.compile(r"\s+")
# Front matter: its opening line, and the first line of what it holds ("title: ...",
# "title = ..."), which tells it from a thematic break opening a draft.
_FRONT_MATTER = {"---": re.compile(r"^[\w-]{1,100}\s*:"), "+++": re.compile(r"^[\w-]{1,100}\s*=")}
_FRONT_MATTER_ENDS = {"---": ("---", "..."), "+++": ("+++",)}


def read_sentences(draft: str) -> list[Sentence]:
    """The draft's sentences in order."""
    sentences: list[Sentence] = []
    for block_start, block_end, block in _blocks(draft):
        sentences.extend(_split(draft, block_start, block_end, block))
    return sentences


def _front_matter_end(lines: list[str]) -> int:
    """How many of the draft's first lines are front matter (0: none): a `---` line at
    the very top, a `key: value` line right under it, and everything up to the next
    `---` or `...` line (YAML, as Jekyll, Hugo and Pandoc read it); or the same between
    `+++` lines with `key = value` (TOML, as Hugo reads it)."""
    if len(lines) < 3:
        return 0
    opening = lines[0].rstrip("\r\n").removeprefix("\ufeff").rstrip()
    first_key = _FRONT_MATTER.get(opening)
    if first_key is None or not first_key.match(lines[1]):
        return 0
    ends = _FRONT_MATTER_ENDS[opening]
    for number in range(2, len(lines)):
        if lines[number].rstrip() in ends:
            return number + 1
    return 0


class _Blocks:
    """The blocks of a draft as they are read line by line: those closed so far, and
    where the paragraph being read started (None between paragraphs)."""

    def __init__(self, draft: str) -> None:
        self.draft = draft
        self.found: list[tuple[int, int, str]] = []
        self.start: int | None = None

    def close(self, end: int) -> None:
        """End the paragraph being read, if any, at `end`."""
        if self.start is not None:
            self.found.append((self.start, end, TEXT))
            self.start = None

    def table_row(self, content: str, line_start: int, header: bool) -> None:
        """Each cell of a table row, a block of its own."""
        self.close(line_start)
        cell_start = line_start
        for cell in content.split("|"):
            if cell.strip():
                kind = HEADER_CELL if header else TABLE_CELL
                self.found.append((cell_start, cell_start + len(cell), kind))
            cell_start += len(cell) + 1

    def text_line(self, content: str, line_start: int, line_end: int) -> None:
        """A line of running text: it starts a block after a block start (a list item,
        a heading) or a title; a heading is a block of its own."""
        if self.start is not None and (
            _BLOCK_START.match(content)
            or _title_before(self.draft, self.start, line_start, content)
        ):
            self.close(line_start)
        if self.start is None:
            self.start = line_start
        if _HEADING.match(content):
            self.close(line_end)


def _blocks(draft: str) -> list[tuple[int, int, str]]:
    """Spans of the draft that hold running text (paragraphs, headings, list items) and
    table cells, each with where it stands; front matter, code blocks and table rules
    left out."""
    blocks = _Blocks(draft)
    in_code = False
    lines = draft.splitlines(keepends=True)
    skipped = _front_matter_end(lines)
    offset = sum(len(line) for line in lines[:skipped])
    for number in range(skipped, len(lines)):
        content = lines[number].rstrip("\r\n")
        line_start, line_end = offset, offset + len(content)
        offset += len(lines[number])
        if _FENCE.match(content):
            in_code = not in_code
            blocks.close(line_start)
        elif in_code or not content.strip() or _TABLE_RULE.match(content):
            blocks.close(line_start)
        elif content.lstrip().startswith("|"):
            # The header row is the one right above the rule (|---|---|).
            following = lines[number + 1] if number + 1 < len(lines) else ""
            header = "|" in following and bool(_TABLE_RULE.match(following))
            blocks.table_row(content, line_start, header)
        else:
            blocks.text_line(content, line_start, line_end)
    blocks.close(len(draft))
    return blocks.found


def _title_before(draft: str, start: int, line_start: int, content: str) -> bool:
    """Whether the text before this line is a title, dateline or caption: it ends
    without punctuation, and this line starts a new sentence."""
    before = draft[start:line_start].rstrip()
    if not before or before[-1] in ".,;:!?-\u2013\u2014\"'\u201d\u2019(":
        return False
    first = content.lstrip()[:1]
    return first.isupper() or first.isdigit() or first in '"\u201c'


def _split(draft: str, start: int, end: int, block: str) -> list[Sentence]:
    found: list[Sentence] = []
    sentence_start = start
    index = start
    while index < end:
        char = draft[index]
        if char in ".!?" and _ends_sentence(draft, index, end):
            stop = index + 1
            while stop < end and draft[stop] in "\"'\u201d\u2019)":
                stop += 1
            _add(found, draft, sentence_start, stop, block)
            sentence_start = stop
            index = stop
            continue
        index += 1
    _add(found, draft, sentence_start, end, block)
    return found


# What may open a sentence besides a capital or a digit: quotes, brackets, Markdown
# emphasis, dashes.
_OPENERS = "\"'\u201c\u2018(*_[-\u2013\u2014"


def _ends_sentence(draft: str, index: int, end: int) -> bool:
    after = index + 1
    while after < end and draft[after] in "\"'\u201d\u2019)":
        after += 1
    if after >= end:
        return True
    if not draft[after].isspace():
        return False  # "47.6", "U.S.", "vnjp.toml"
    following = after
    while following < end and draft[following].isspace():
        following += 1
    if following >= end:
        return True
    next_char = draft[following]
    if not (next_char.isupper() or next_char.isdigit() or next_char in _OPENERS):
        return False  # "approx. half": a lower-case word goes on with the sentence
    if draft[index] != ".":
        return True
    word_start = index
    while word_start > 0 and not draft[word_start - 1].isspace():
        if draft[word_start - 1] in "(\"'":
            break
        word_start -= 1
    word = draft[word_start:index].lower().strip("*_`")
    if word in lexicon().abbreviations:  # "Sept.", "U.S.", "Mr.": no end
        return False
    return not (len(word) == 1 and word.isalpha())  # an initial: "Vo V. Kiet"


def _add(found: list[Sentence], draft: str, start: int, end: int, block: str) -> None:
    raw = draft[start:end]
    stripped = raw.strip()
    if not stripped:
        return
    start += len(raw) - len(raw.lstrip())
    end = start + len(stripped)
    text = _clean(stripped)
    if not any(ch.isalnum() for ch in text):
        return
    found.append(Sentence(text, _line_of(found, draft, start), start, end, block))


def _line_of(found: list[Sentence], draft: str, start: int) -> int:
    """The line `start` is on, counted on from the sentence before it (sentences come in
    order), so a draft is read in one pass, not once a sentence."""
    if found and found[-1].start <= start:
        return found[-1].line + draft.count("\n", found[-1].start, start)
    return draft.count("\n", 0, start) + 1


def _clean(text: str) -> str:
    """The sentence as read: list marks, heading marks, quote marks, links, emphasis
    and tags dropped; lines joined."""
    lines = [_BLOCK_START.sub("", line, count=1) for line in text.splitlines()]
    text = " ".join(lines)
    text = _LINK.sub(r"\1", text)
    text = _TAG.sub("", text)
    text = _EMPHASIS.sub("", text)
    return _SPACES.sub(" ", text).strip()
