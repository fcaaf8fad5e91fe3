"""A source cited in APA, Chicago, MLA, BibTeX or CSL-JSON, from its fields alone.

Each style is written from its manual for an article on a news website with no named
author (APA 7th ed. 9.12 and 10.2; Chicago 17th ed. 14.206-207, notes-bibliography
style; MLA 9th ed. 5.6 and 5.108). A citation is a list of pieces, each italic or not,
so that the terminal, Markdown and plain text each show the italics their own way.

Two cases the sources of this pack have:

- a title given in the fact file as "... (untitled copy)" is our description of a
  work with no headline: it is cited as a description, in square brackets in APA,
  plain in Chicago and MLA, never in quotation marks or italics;
- a source with no date is "n.d." followed, in square brackets, by the period it was
  published in as the records citing it imply ("in or after August 2023").
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from enum import Enum

from vnjp.model import COUNTRY_NAMES, PartialDate, Source
from vnjp.text import fold

# A piece of a citation: its text, and whether the style sets it in italics.
Piece = tuple[str, bool]


class Style(str, Enum):
    APA = "apa"
    CHICAGO = "chicago"
    MLA = "mla"
    BIBTEX = "bibtex"
    CSL_JSON = "csl-json"


_MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December",
)  # fmt: skip
# MLA abbreviates months of more than four letters (MLA 9th ed., appendix 1).
_MLA_MONTHS = (
    "Jan.", "Feb.", "Mar.", "Apr.", "May", "June", "July", "Aug.", "Sept.", "Oct.",
    "Nov.", "Dec.",
)  # fmt: skip
_BIBTEX_MONTHS = tuple("jan feb mar apr may jun jul aug sep oct nov dec".split())
_UNTITLED = (" (untitled copy)", " (untitled)")
# Short words that title case leaves in lower case (Chicago 8.159; MLA 1.2.1).
_MINOR_WORDS = frozenset(
    "a an the and but for or nor so yet as at by in of on per to up via vs".split()
)


def described(source: Source) -> str | None:
    """The description that stands for a title the work does not have, or None."""
    for suffix in _UNTITLED:
        if source.title.endswith(suffix):
            return source.title.removesuffix(suffix)
    return None


def day_after(date: PartialDate) -> PartialDate:
    """The first date after `date` at its own precision: July 2023 -> August 2023."""
    if date.month is None:
        return PartialDate(date.year + 1)
    if date.day is None:
        return (
            PartialDate(date.year + 1, 1)
            if date.month == 12
            else PartialDate(date.year, date.month + 1)
        )
    import datetime  # only for a dated day: a day's successor needs the calendar

    following = datetime.date(date.year, date.month, date.day) + datetime.timedelta(days=1)
    return PartialDate(following.year, following.month, following.day)


def _long_date(date: PartialDate, months: tuple[str, ...] = _MONTHS) -> str:
    """ "28 November 2023", "August 2023", "2023" (day first: MLA's and ours)."""
    words = [str(date.day) if date.day else "", months[date.month - 1] if date.month else ""]
    return " ".join(word for word in [*words, str(date.year)] if word)


def _us_date(date: PartialDate) -> str:
    """ "November 28, 2023", "August 2023", "2023" (Chicago's)."""
    if date.month is None:
        return str(date.year)
    if date.day is None:
        return f"{_MONTHS[date.month - 1]} {date.year}"
    return f"{_MONTHS[date.month - 1]} {date.day}, {date.year}"


def inferred_words(not_before: PartialDate | None, months: tuple[str, ...] = _MONTHS) -> str:
    """ "in or after August 2023": when an undated source was published, as inferred."""
    if not_before is None:
        return ""
    return f"in or after {_long_date(not_before, months)}"


def _undated(not_before: PartialDate | None, *, capital: bool = False, mla: bool = False) -> str:
    words = inferred_words(not_before, _MLA_MONTHS if mla else _MONTHS)
    nd = "N.d." if capital else "n.d."
    return f"{nd} [{words}]" if words else nd


def _proper(word: str, names: frozenset[str]) -> bool:
    """Whether a capitalised word keeps its capital in sentence case: an acronym, a
    country's name, or a word of a name the pack knows."""
    letters = [c for c in word if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return True
    return any(fold(part) in names for part in word.split("-") if part)


def _country_words() -> frozenset[str]:
    words = {fold(name) for name in COUNTRY_NAMES.values()}
    return frozenset(words | {"viet", "nam"})


def sentence_case(title: str, names: Iterable[str] = ()) -> str:
    """APA's sentence case: the first word, the first after a colon and proper nouns
    keep their capitals; the rest are lower case."""
    known = _country_words() | {fold(word) for name in names for word in name.split()}
    words = title.split(" ")
    out = []
    starts = True
    for word in words:
        if not starts and not _proper(word, known):
            word = word.lower()
        out.append(word)
        starts = word.endswith(":") or (not word and starts)
    return " ".join(out)


def title_case(title: str) -> str:
    """Chicago's and MLA's headline style: every major word capitalised, minor words
    (articles, prepositions, conjunctions) lower case but first and last."""
    words = title.split(" ")
    out = []
    for number, word in enumerate(words):
        first = number == 0 or words[number - 1].endswith(":")
        last = number == len(words) - 1
        if word.lower() in _MINOR_WORDS and not (first or last):
            out.append(word.lower())
        elif word[:1].islower():
            out.append(word[:1].upper() + word[1:])
        else:
            out.append(word)
    return " ".join(out)


def _end(text: str) -> str:
    """`text` closed with a full stop, unless it ends in a mark of its own."""
    return text if text.endswith((".", "?", "!")) else text + "."


def apa(source: Source, not_before: PartialDate | None, names: Iterable[str] = ()) -> list[Piece]:
    """APA 7: with no author the title stands first, then the date in parentheses,
    then the site's name: *Title in sentence case*. (2023, November 28). Site."""
    description = described(source)
    if description is not None:
        pieces: list[Piece] = [(f"[{sentence_case(description, names)}].", False)]
    else:
        title = sentence_case(source.title, names)
        # The title is in italics, its closing full stop is not.
        pieces = [(title, True)] + ([] if title.endswith(("?", "!")) else [(".", False)])
    date = source.published
    if date is None:
        when = _undated(not_before)
    else:
        when = str(date.year) + (f", {_MONTHS[date.month - 1]}" if date.month else "")
        when += f" {date.day}" if date.day else ""
    pieces.append((f" ({when}).", False))
    if source.publisher:
        pieces.append((f" {_end(source.publisher)}", False))
    return pieces


def chicago(source: Source, not_before: PartialDate | None) -> list[Piece]:
    """Chicago 17, bibliography: an unsigned news article is listed under the paper's
    name; the headline in quotation marks, in headline style; a description plain."""
    pieces: list[Piece] = []
    if source.publisher:
        pieces += [(source.publisher, True), (". ", False)]
    description = described(source)
    if description is not None:
        pieces.append((_end(description), False))
    else:
        pieces.append((f"\u201c{_end(title_case(source.title))}\u201d", False))
    date = source.published
    when = _undated(not_before, capital=True) if date is None else _us_date(date)
    pieces.append((f" {_end(when)}", False))
    return pieces


def mla(source: Source, not_before: PartialDate | None) -> list[Piece]:
    """MLA 9: with no author the title stands first, in quotation marks and title
    case (a description plain), then the site in italics, then the date."""
    description = described(source)
    if description is not None:
        pieces: list[Piece] = [(_end(description), False)]
    else:
        pieces = [(f"\u201c{_end(title_case(source.title))}\u201d", False)]
    date = source.published
    when = _undated(not_before, mla=True) if date is None else _long_date(date, _MLA_MONTHS)
    if source.publisher:
        pieces += [(" ", False), (source.publisher, True), (f", {_end(when)}", False)]
    else:
        pieces.append((f" {_end(when)}", False))
    return pieces


def _bibtex_value(text: str) -> str:
    """Text as a BibTeX field holds it literally: its special characters escaped."""
    escapes = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%"}
    escapes |= {"$": r"\$", "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}"}
    escapes |= {"^": r"\textasciicircum{}"}
    return "".join(escapes.get(character, character) for character in text)


def bibtex(source: Source, not_before: PartialDate | None, note: str = "") -> str:
    """A BibTeX @misc entry (what classic BibTeX has for a web article); the title in
    double braces keeps its capitals, as written."""
    description = described(source)
    title = f"[{description}]" if description is not None else source.title
    fields = [("title", "{" + _bibtex_value(title) + "}")]
    if source.publisher:
        fields.append(("howpublished", _bibtex_value(source.publisher)))
    date = source.published
    notes = []
    if date is None:
        fields.append(("year", "n.d."))
        if not_before is not None:
            notes.append(f"[{inferred_words(not_before)}]")
    else:
        fields.append(("year", str(date.year)))
        if date.month is not None:
            fields.append(("month", _BIBTEX_MONTHS[date.month - 1]))
        if date.day is not None:
            fields.append(("day", str(date.day)))
    if note:
        notes.append(note)
    if notes:
        fields.append(("note", _bibtex_value(" ".join(notes))))
    lines = [
        f"  {name} = {value if name == 'month' else '{' + value + '}'}," for name, value in fields
    ]
    return "@misc{" + source.id + ",\n" + "\n".join(lines) + "\n}"


def csl(source: Source, not_before: PartialDate | None, note: str = "") -> dict[str, object]:
    """A CSL-JSON item (what Zotero and pandoc read): a newspaper article."""
    description = described(source)
    item: dict[str, object] = {
        "id": source.id,
        "type": "article-newspaper",
        "title": f"[{description}]" if description is not None else source.title,
    }
    if source.publisher:
        item["container-title"] = source.publisher
    date = source.published
    if date is None:
        item["issued"] = {"literal": _undated(not_before)}
    else:
        parts = [date.year, *(part for part in (date.month, date.day) if part is not None)]
        item["issued"] = {"date-parts": [parts]}
    if note:
        item["note"] = note
    return item


def csl_text(item: dict[str, object]) -> str:
    return json.dumps(item, ensure_ascii=False)


def cite(
    source: Source,
    style: Style,
    not_before: PartialDate | None,
    *,
    note: str = "",
    names: Iterable[str] = (),
) -> list[Piece]:
    """The citation of `source` in `style`, as pieces; BibTeX and CSL-JSON are one
    piece of code each (CSL-JSON's item as compact JSON)."""
    match style:
        case Style.APA:
            return apa(source, not_before, names)
        case Style.CHICAGO:
            return chicago(source, not_before)
        case Style.MLA:
            return mla(source, not_before)
        case Style.BIBTEX:
            return [(bibtex(source, not_before, note), False)]
        case Style.CSL_JSON:
            return [(csl_text(csl(source, not_before, note)), False)]


def plain(pieces: Iterable[Piece]) -> str:
    return "".join(text for text, _ in pieces)
