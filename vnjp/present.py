"""One way to write a record: its headline, its date, its details, its figure and its
sources, for every kind of record, as every output writes them.

The table, the lines a pipe gets, Markdown, CSV and `check`'s reasons all write a
record through these functions, so that a record reads the same in each and a new
field is added in one place. Plain text only: the renderers add styles and escapes.
"""

from __future__ import annotations

from collections.abc import Iterable

from vnjp.model import Event, Observation, Source, Visit, When
from vnjp.phrases import date_label, figure, record_when, visit_title, when_label, written_when

__all__ = [
    "DETAIL_FIGURE",
    "DETAIL_FIRST",
    "DETAIL_NOTE",
    "DETAIL_OUTCOME",
    "DETAIL_PEOPLE",
    "DETAIL_PLACES",
    "DETAIL_SUMMARY",
    "brief",
    "brief_figure",
    "details",
    "figure",
    "headline",
    "in_words",
    "iso_when",
    "kind",
    "published",
    "published_iso",
    "source_ids",
    "source_line",
    "source_note",
    "source_ref",
    "source_words",
    "when",
]

Record = Event | Visit | Observation

# What each detail of a record is, for a renderer that styles some apart (a visit's
# first in green, a note dim): the rest are plain.
DETAIL_SUMMARY = "summary"
DETAIL_FIRST = "first"
DETAIL_OUTCOME = "outcome"
DETAIL_PEOPLE = "people"
DETAIL_PLACES = "places"
DETAIL_FIGURE = "figure"
DETAIL_NOTE = "note"


def kind(record: Record | Source) -> str:
    """The record's kind as JSON names it: "event", "visit", "stat" or "source"."""
    if isinstance(record, Event):
        return "event"
    if isinstance(record, Visit):
        return "visit"
    return "stat" if isinstance(record, Observation) else "source"


def headline(record: Record | Source) -> str:
    """What the record is about, in a few words: an event's title, a visit's visitor,
    office, kind and destination, a figure's measure, a source's title."""
    if isinstance(record, Visit):
        return visit_title(record)
    if isinstance(record, Observation):
        return record.metric
    return record.title


def when(record: Record) -> str:
    """The record's date in words: "21 September 1973", "27-30 November 2023" (en
    dash), "as of 20 September 2023", "undated"; an inferred date is not marked."""
    return record_when(record)


def iso_when(record: Record) -> str:
    """The record's date as JSON writes it (ISO 8601, which sort orders): "2023-11-27/
    2023-11-30", "as of 2023-09", "undated"; an inferred date is not marked."""
    if isinstance(record, Observation):
        return when_label(record)
    return date_label(record).removesuffix(" *")


def _people(people: Iterable[tuple[str, str]]) -> str:
    return ", ".join(f"{name} ({role})" for name, role in people)


def _what_it_says(record: Record) -> list[tuple[str, str]]:
    if isinstance(record, Observation):
        return [(DETAIL_FIGURE, figure(record))]
    if isinstance(record, Event):
        people = _people((p.name, p.role) for p in record.people)
        return [(DETAIL_SUMMARY, record.summary), (DETAIL_PEOPLE, people and f"people: {people}")]
    hosts = _people((p.name, p.role) for p in record.counterparts)
    return [
        (DETAIL_FIRST, record.first),
        *((DETAIL_OUTCOME, outcome) for outcome in record.outcomes),
        (DETAIL_PEOPLE, hosts and f"with {hosts}"),
    ]


def details(record: Record) -> list[tuple[str, str]]:
    """What the record says beyond its headline, each (what it is, text), in order:
    an event's summary and people, a visit's first, outcomes and counterparts, where
    it happened, a figure with its unit; then the note. Nothing empty is listed."""
    lines = _what_it_says(record)
    if not isinstance(record, Observation) and record.places:
        lines.append((DETAIL_PLACES, f"in {', '.join(record.places)}"))
    lines.append((DETAIL_NOTE, record.note))
    return [(what, text) for what, text in lines if text]


def published(source: Source) -> str:
    """A source's date as JSON writes it, or "undated"."""
    return published_iso(source) or "undated"


def published_iso(source: Source) -> str | None:
    """A source's date as JSON writes it, or None."""
    return str(source.published) if source.published else None


def source_ids(record: Record) -> str:
    """The ids of the sources a record cites: "trusted-partners, vns-50-years"."""
    return ", ".join(source.id for source in record.sources)


def source_line(source: Source) -> str:
    """A source in one line, for a key under a table: "id: title, publisher (date)"."""
    publisher = f", {source.publisher}" if source.publisher else ""
    return f"{source.id}: {source.title}{publisher} ({published(source)})"


def source_words(title: str, publisher: str, date: str | None) -> str:
    """A source as a footnote writes it, its date in words: "title, publisher, November
    2023" (from a row's fields, which Markdown reads, or a source's)."""
    written = written_when(When.parse(date)) if date else "undated"
    return ", ".join(word for word in (title, publisher, written) if word)


def source_note(title: str, publisher: str, date: str | None) -> str:
    """`source_words` as a footnote ends it, with a full stop."""
    return source_words(title, publisher, date) + "."


def source_ref(source_id: str, date: str | None) -> str:
    """A source in a cell of a list: "id (2023-11)", "id (undated)"."""
    return f"{source_id} ({date or 'undated'})"


def brief(record: Record) -> str:
    """A record in a phrase, as `check`'s reasons quote it (dates as JSON writes
    them): "Trade: US$49.8 billion (2022)", "Kishida Fumio (Prime Minister), visit
    2022", "Embassies opened in both capitals (1975)"."""
    if isinstance(record, Observation):
        return f"{record.metric}: {brief_figure(record)}"
    if isinstance(record, Visit):
        return f"{record.person} ({record.role}), {record.visit_type} {record.date}"
    return f"{record.title} ({iso_when(record)})"


def brief_figure(observation: Observation) -> str:
    """A figure and its date as JSON writes it: "US$42.7 billion (2021)"."""
    return f"{figure(observation)} ({when_label(observation)})"


def in_words(record: Record) -> str:
    """A record in a sentence's words, as a citation's note gives it: its headline, its
    date in words, then what it says first."""
    if isinstance(record, Event):
        return f"{record.title} ({when(record)}): {record.summary}"
    if isinstance(record, Visit):
        first = f"; {record.first}" if record.first else ""
        return f"{visit_title(record)} ({when(record)}){first}"
    return f"{record.metric}: {figure(record)} ({when(record)})"
