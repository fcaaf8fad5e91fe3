"""The records of a fact pack: immutable `NamedTuple`s, validated by `vnjp.parse`.

NamedTuples rather than frozen dataclasses: they are as typed and immutable, and
several times cheaper to create, at import and per record; every call of vnjp is a
fresh process, so that cost is paid on every command and every Tab press.

No `from __future__ import annotations` in the modules that define NamedTuples:
typing.NamedTuple compiles every string annotation into a ForwardRef, about 20 µs a
field, at every start.
"""

from pathlib import Path
from typing import NamedTuple

from vnjp.text import fold

COUNTRY_NAMES = {"VN": "Vietnam", "JP": "Japan"}
# The qualifier of a rank that holds for each of several places: "among the top 3".
AMONG_THE_TOP = "among the top"
_COUNTRY_ALIASES = {"vietnam": "VN", "viet nam": "VN", "japan": "JP"}

_DAYS_IN_MONTH = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
FIRST_YEAR, LAST_YEAR = 1, 9999


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _date_part(text: str, digits: int, whole: str) -> int:
    if len(text) != digits or not text.isascii() or not text.isdigit():
        raise ValueError(f"{whole!r} is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)")
    return int(text)


class PartialDate(NamedTuple):
    """A date at the precision a source gives it: a year, a month or a day."""

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, text: str) -> "PartialDate":
        parts = text.split("-")
        if len(parts) > 3:
            raise ValueError(f"{text!r} is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)")
        year = _date_part(parts[0], 4, text)
        month = _date_part(parts[1], 2, text) if len(parts) > 1 else None
        day = _date_part(parts[2], 2, text) if len(parts) > 2 else None
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise ValueError(f"{text!r}: the year must be from 0001 to 9999")
        if month is not None and not 1 <= month <= 12:
            raise ValueError(f"{text!r} has no month {month}")
        if month is not None and day is not None:
            last = _DAYS_IN_MONTH[month - 1]
            if month == 2 and not _is_leap(year):
                last = 28
            if not 1 <= day <= last:
                raise ValueError(f"{text!r} has no day {day}")
        return cls(year, month, day)

    def __str__(self) -> str:
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
            if self.day is not None:
                text += f"-{self.day:02d}"
        return text

    @property
    def sort_key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 0, self.day or 0)

    @property
    def ordinal(self) -> int:
        """YYYYMMDD as one integer (missing parts 0): sorts as `sort_key` does, and
        lets the index compare dates in SQL."""
        return self.year * 10_000 + (self.month or 0) * 100 + (self.day or 0)


class When(NamedTuple):
    """A partial date, or a span of two written `start/end` (ISO 8601 interval)."""

    start: PartialDate
    end: PartialDate

    @classmethod
    def parse(cls, text: str) -> "When":
        if text.count("/") > 1:
            raise ValueError(f"{text!r} has more than one '/'")
        first, _, last = text.partition("/")
        start = PartialDate.parse(first)
        end = PartialDate.parse(last) if last else start
        if end.sort_key < start.sort_key:
            raise ValueError(f"{text!r} ends before it starts")
        return cls(start, end)

    @property
    def is_span(self) -> bool:
        return self.start != self.end

    def __str__(self) -> str:
        return f"{self.start}/{self.end}" if self.is_span else str(self.start)

    @property
    def sort_key(self) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
        return (self.start.sort_key, self.end.sort_key)

    def overlaps_years(self, first: int | None, last: int | None) -> bool:
        """True when any part of this date falls within the years first..last."""
        return (first is None or self.end.year >= first) and (
            last is None or self.start.year <= last
        )


class Source(NamedTuple):
    """An article the facts come from; `published` is None when it states no date."""

    id: str
    title: str
    publisher: str
    published: PartialDate | None
    note: str = ""


class Person(NamedTuple):
    """Someone named in an event or at a visit, with their role and country code."""

    name: str
    role: str
    country: str


class Event(NamedTuple):
    """A dated (or undated) event of the relationship, in the project's own words."""

    id: str
    date: When | None
    title: str
    summary: str
    category: str
    sources: tuple[Source, ...]
    people: tuple[Person, ...] = ()
    places: tuple[str, ...] = ()
    # Other names of the thing the event names ("VJEPA" for the Japan-Việt Nam EPA).
    aliases: tuple[str, ...] = ()
    note: str = ""
    inferred: bool = False


class Visit(NamedTuple):
    """A leader's visit from one country to the other, with its firsts and outcomes."""

    id: str
    date: When
    person: str
    role: str
    from_country: str
    to_country: str
    visit_type: str
    sources: tuple[Source, ...]
    first: str = ""
    outcomes: tuple[str, ...] = ()
    counterparts: tuple[Person, ...] = ()
    places: tuple[str, ...] = ()
    # Other names of what the visit names: a framework's or a document's variants.
    aliases: tuple[str, ...] = ()
    note: str = ""
    inferred: bool = False


class StatKey(NamedTuple):
    """A statistic that observations belong to: "fdi", "oda", "trade", ..."""

    key: str
    name: str
    measures: str


class Observation(NamedTuple):
    """One figure or rank for a statistic, exactly as one or more sources give it."""

    id: str
    stat: str
    metric: str
    sources: tuple[Source, ...]
    value: int | float | None = None
    unit: str = ""
    qualifier: str = ""
    period: When | None = None
    as_of: When | None = None
    from_country: str = ""
    to_country: str = ""
    rank: int | None = None
    rank_of: int | None = None
    ranked_after: tuple[str, ...] = ()
    out_of: int | float | None = None
    # Other names of what the figure is about ("official development assistance").
    aliases: tuple[str, ...] = ()
    note: str = ""
    inferred: bool = False

    @property
    def when(self) -> When:
        """The period of a flow or the as-of date of a stock (validation ensures one)."""
        when = self.period or self.as_of
        assert when is not None
        return when


Fact = Event | Visit | Observation


class FactFile(NamedTuple):
    """A fact file's path and its bytes, read once by `vnjp.load`."""

    path: Path
    content: bytes


class FactPack(NamedTuple):
    """Every validated record of the fact files, in file order."""

    sources: tuple[Source, ...]
    events: tuple[Event, ...]
    visits: tuple[Visit, ...]
    stat_keys: tuple[StatKey, ...]
    observations: tuple[Observation, ...]


def country_code(given: str) -> str | None:
    """'vn', 'VN', 'Vietnam' and 'Việt Nam' all give 'VN'; None if unknown."""
    code = given.strip().upper()
    if code in COUNTRY_NAMES:
        return code
    return _COUNTRY_ALIASES.get(fold(given).strip())


# What a fact file's tables hold, as the index names each kind of record.
_KIND_OF_TABLE = {"events": "event", "visits": "visit", "observations": "stat", "sources": "source"}


class RecordCount:
    """How many records a pack holds, of each kind, and how many sources they come
    from: the one count that validate, export and sources each say, in the same words.

    A record is an event, a visit or an observation (a figure); sources are what they
    cite and statistics what the figures measure, so neither is counted as a record."""

    __slots__ = ("events", "observations", "sources", "visits")

    def __init__(self, kinds: dict[str, int]) -> None:
        """From counts by kind as the index names them (event, visit, stat, source)."""
        self.events = kinds.get("event", 0)
        self.visits = kinds.get("visit", 0)
        self.observations = kinds.get("stat", 0)
        self.sources = kinds.get("source", 0)

    @classmethod
    def of_tables(cls, tables: dict[str, int]) -> "RecordCount":
        """From counts by fact-file table (events, visits, observations, sources)."""
        return cls({kind: tables.get(table, 0) for table, kind in _KIND_OF_TABLE.items()})

    @property
    def records(self) -> int:
        return self.events + self.visits + self.observations

    def __str__(self) -> str:
        """'71 records: 22 events, 12 visits, 37 observations, from 2 sources'."""
        kinds = [
            _counted(count, noun)
            for count, noun in (
                (self.events, "event"),
                (self.visits, "visit"),
                (self.observations, "observation"),
            )
            if count
        ]
        records = _counted(self.records, "record") if self.records else "no records"
        sources = _counted(self.sources, "source") if self.sources else "no sources"
        return f"{records}: {', '.join([*kinds, f'from {sources}'])}"


def _counted(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"
