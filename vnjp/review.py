"""`vnjp review`: a draft read sentence by sentence; a sentence with something to
check (a figure, a date or a rank said of something, or a statement the pack can
settle) is checked, the rest are listed as not checked. A table cell with nothing
checkable in it (no figure, date, rank or name), and any cell of a header row, is not
listed at all: column names and labels are no sentences.

The reason shown for a sentence checked in parts is that of the parts that decide its
verdict, each quoted: the refuted parts of a refuted sentence, the unsettled parts of
one the pack does not settle."""

import datetime
from collections.abc import Iterable

from vnjp.claims.parts import Part, anchored
from vnjp.claims.verdict import Checker
from vnjp.index import Index
from vnjp.results import ReviewedSentence, ReviewResults, Verdict
from vnjp.sentences import HEADER_CELL, TABLE_CELL, read_sentences
from vnjp.words import canonical_words


def review(
    index: Index, draft: str, *, reviewed_on: datetime.date, only: Iterable[str] = ()
) -> ReviewResults:
    """Every sentence of `draft` reviewed on `reviewed_on` (the date its ClaimReviews
    give); `only` (outcomes, see `vnjp.results.select_only`) picks those listed, and
    the summary counts them all."""
    checker = Checker(index)
    reviewed = []
    for sentence in read_sentences(draft):
        verdict, parts, checkable = checker.review(sentence.text)
        if not checkable and (
            sentence.block == HEADER_CELL
            or (sentence.block == TABLE_CELL and not _holds_something(index, sentence.text, parts))
        ):
            continue
        reviewed.append(
            ReviewedSentence(
                sentence.text,
                sentence.line,
                sentence.start,
                sentence.end,
                verdict if checkable else None,
                deciding_reason(verdict) if checkable else "",
            )
        )
    return ReviewResults(tuple(reviewed), draft, reviewed_on, frozenset(only))


def deciding_reason(verdict: Verdict) -> str:
    """Why the verdict is what it is, from the parts that decide it: for a sentence
    checked in parts, each refuted part of a refuted sentence, each unsettled part of
    one not settled, or every part of one supported, quoted with its reason."""
    parts = verdict.parts
    if len(parts) < 2:
        return parts[0].reason if parts else verdict.reason
    deciding = [part for part in parts if part.label is verdict.label] or list(parts)
    return "; ".join(f"\u201c{_quoted(part.text)}\u201d: {part.reason}" for part in deciding)


def _quoted(text: str) -> str:
    """A part as quoted in a reason: without the full stop or comma that ends it."""
    return text.strip().rstrip(".,;:").rstrip()


def _holds_something(index: Index, text: str, parts: list[Part]) -> bool:
    """Whether a table cell holds something a reader may want checked: a figure, a date
    or a rank, or a name (a person of the pack, or a capitalised word after the first:
    "Hà Nội", "visit to Japan")."""
    if any(anchored(part.claim) for part in parts):
        return True
    if any(_capitalised(word) for word in text.split()[1:]):
        return True
    return bool(index.people_named(canonical_words(text)))


def _capitalised(word: str) -> bool:
    """A capitalised word, not an abbreviation: "Nội", "Japan", not "FDI" or "2022"."""
    word = word.strip("\"'\u201c\u2018([*_")
    return word[:1].isupper() and any(ch.islower() for ch in word[1:])
