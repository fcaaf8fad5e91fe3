"""The questions a researcher asks next: one record shown whole (`show`), a source
cited (`cite`), and the places the sources differ (`conflicts`).

Each returns a result that follows `vnjp.results.Result`. They live apart from
`vnjp.results` and `vnjp.query` because every class defined costs start-up time, and
only these three commands need them.
"""

from collections.abc import Iterable, Sequence
from typing import NamedTuple

from vnjp.citation import Piece, Style, cite, csl, day_after, plain
from vnjp.codec import (
    EVENT_FIELDS,
    OBSERVATION_FIELDS,
    SOURCE_FIELDS,
    VISIT_FIELDS,
    JSONDict,
    fact_json,
    source_json,
    source_ref,
)
from vnjp.differences import CONFLICT_FIELDS, Difference, differences
from vnjp.errors import ExitStatus, UnknownNameError, UsageError
from vnjp.index import Index
from vnjp.model import Fact, Observation, PartialDate, Source
from vnjp.present import in_words
from vnjp.results import Result
from vnjp.text import closest, shorten

SHOW_FIELDS = (
    *dict.fromkeys((*EVENT_FIELDS, *VISIT_FIELDS, *OBSERVATION_FIELDS, *SOURCE_FIELDS)),
    "cited_with",
    "differences",
)
CITATION_FIELDS = ("id", "kind", "style", "citation", "record", "note", "csl", "sources")


def _cited(sources: Iterable[Source]) -> list[Source]:
    unique = {source.id: source for source in sources}
    return [unique[key] for key in sorted(unique)]


# -- show ---------------------------------------------------------------------------


class CitedWith(NamedTuple):
    """A source of a shown record, and the other records that cite it."""

    source: Source
    records: tuple[str, ...]


class Shown(NamedTuple):
    """A record (or a source, with how many records cite it) and what surrounds it."""

    record: Fact | Source
    cited_with: tuple[CitedWith, ...]
    differences: tuple[Difference, ...]
    # How many records cite it, when it is a source.
    citing: int = 0

    @property
    def id(self) -> str:
        return self.record.id

    def sources(self) -> tuple[Source, ...]:
        return (self.record,) if isinstance(self.record, Source) else self.record.sources

    def row(self) -> JSONDict:
        record = self.record
        shape = (
            source_json(record, self.citing) if isinstance(record, Source) else fact_json(record)
        )
        return {
            **shape,
            "cited_with": [
                {"source": item.source.id, "records": list(item.records)}
                for item in self.cited_with
            ],
            "differences": [difference.row() for difference in self.differences],
        }


class ShowResults(Result):
    """The records asked for, in the order asked."""

    __slots__ = ("records",)

    def __init__(self, records: tuple[Shown, ...]) -> None:
        self.records: tuple[Shown, ...] = records

    def fields(self) -> tuple[str, ...]:
        return SHOW_FIELDS

    def rows(self) -> list[JSONDict]:
        return [shown.row() for shown in self.records]

    def cited(self) -> list[Source]:
        return _cited(source for shown in self.records for source in shown.sources())

    def nothing_found(self) -> str:
        return "no record to show"


class _Pack(NamedTuple):
    """Every record and source of a pack, read once, by id."""

    facts: dict[str, Fact]
    sources: dict[str, tuple[Source, int]]

    @classmethod
    def read(cls, index: Index) -> "_Pack":
        # In the order of the fact files: "cited with" lists records as they stand there.
        facts = index.facts(("event", "visit", "stat"), by_date=False)
        return cls(
            {fact.id: fact for fact in facts},
            {source.id: (source, count) for _, source, count in index.sources()},
        )

    def known(self, record_id: str) -> None:
        """Raise a usage error, suggesting the nearest id, for an id the pack lacks."""
        if record_id in self.facts or record_id in self.sources:
            return
        ids = [*self.facts, *self.sources]
        suggestion = closest(record_id, ids)
        guess = f"; did you mean {suggestion!r}?" if suggestion else ""
        error = UsageError(f"no record or source has the id {shorten(record_id)!r}{guess}")
        error.hint = "vnjp search WORDS finds a record's id; vnjp sources lists the sources"
        raise error

    def citing(self, source_id: str) -> tuple[str, ...]:
        return tuple(
            fact.id
            for fact in self.facts.values()
            if any(source.id == source_id for source in fact.sources)
        )

    def differences(self) -> list[Difference]:
        return differences(o for o in self.facts.values() if isinstance(o, Observation))


def show(index: Index, ids: Sequence[str]) -> ShowResults:
    """Each record or source by id: every field, the records citing the same sources,
    and the other source's figure where the two differ."""
    pack = _Pack.read(index)
    for record_id in ids:
        pack.known(record_id)
    found = pack.differences()
    shown = []
    for record_id in dict.fromkeys(ids):
        if record_id in pack.facts:
            fact = pack.facts[record_id]
            cited_with = tuple(
                CitedWith(source, tuple(i for i in pack.citing(source.id) if i != record_id))
                for source in fact.sources
            )
            mine = tuple(d for d in found if d.involves(record_id))
            shown.append(Shown(fact, cited_with, mine))
        else:
            source, count = pack.sources[record_id]
            cited = (CitedWith(source, pack.citing(record_id)),)
            mine = tuple(
                d for d in found if any(s.id == record_id for o in d[:2] for s in o.sources)
            )
            shown.append(Shown(source, cited, mine, count))
    return ShowResults(tuple(shown))


# -- cite ---------------------------------------------------------------------------


class Citation(NamedTuple):
    """A source cited in one style, for itself or for a record that cites it."""

    source: Source
    style: Style
    pieces: tuple[Piece, ...]
    item: dict[str, object]  # the source as a CSL-JSON item, whatever the style
    record: str | None = None
    note: str = ""

    @property
    def text(self) -> str:
        return plain(self.pieces)

    def row(self) -> JSONDict:
        return {
            "id": self.source.id,
            "kind": "citation",
            "style": self.style.value,
            "citation": self.text,
            "record": self.record,
            "note": self.note,
            "csl": self.item,
            "sources": [source_ref(self.source)],
        }


class Citations(Result):
    """Citations in one style, a source once (once a record, with --with-fact)."""

    __slots__ = ("records", "style")

    def __init__(self, records: tuple[Citation, ...], style: Style) -> None:
        self.records: tuple[Citation, ...] = records
        self.style = style

    def fields(self) -> tuple[str, ...]:
        return CITATION_FIELDS

    def rows(self) -> list[JSONDict]:
        return [citation.row() for citation in self.records]

    def cited(self) -> list[Source]:
        return _cited(citation.source for citation in self.records)

    def nothing_found(self) -> str:
        return "nothing to cite"


def _stated_end(fact: Fact) -> PartialDate | None:
    """The last date a record states (not inferred), or None."""
    if fact.inferred:
        return None
    when = fact.when if isinstance(fact, Observation) else fact.date
    return None if when is None else when.end


def published_not_before(pack: "_Pack", source: Source) -> PartialDate | None:
    """When an undated source was published at the earliest: just after the newest
    date that a record citing it states (a record whose date is inferred does not
    count: its date may be inferred from the article's own)."""
    ends = [
        end
        for fact in pack.facts.values()
        if any(s.id == source.id for s in fact.sources)
        for end in [_stated_end(fact)]
        if end is not None
    ]
    newest = max(ends, key=lambda date: date.sort_key, default=None)
    return None if newest is None else day_after(newest)


def cite_ids(index: Index, ids: Sequence[str], style: Style, *, with_fact: bool) -> Citations:
    """The citation of each source named, or of the sources of each record named; with
    `with_fact`, a record's citations carry its own words as a note."""
    pack = _Pack.read(index)
    for record_id in ids:
        pack.known(record_id)
    names = [value for value, _ in index.names("person")]
    citations: dict[tuple[str, str | None], Citation] = {}
    for record_id in ids:
        fact = pack.facts.get(record_id)
        wanted = fact.sources if fact is not None else (pack.sources[record_id][0],)
        note = in_words(fact) if fact is not None and with_fact else ""
        for source in wanted:
            key = (source.id, record_id if note else None)
            if key in citations:
                continue
            not_before = None if source.published else published_not_before(pack, source)
            pieces = cite(source, style, not_before, note=note, names=names)
            item = csl(source, not_before, note)
            citations[key] = Citation(
                source, style, tuple(pieces), item, record_id if fact else None, note
            )
    return Citations(tuple(citations.values()), style)


# -- conflicts ----------------------------------------------------------------------


class Conflicts(Result):
    """Every place the sources differ about one measure at one time (maybe none)."""

    __slots__ = ("key", "records")

    def __init__(self, records: tuple[Difference, ...], key: str | None = None) -> None:
        self.records: tuple[Difference, ...] = records
        self.key = key

    def fields(self) -> tuple[str, ...]:
        return CONFLICT_FIELDS

    def rows(self) -> list[JSONDict]:
        return [difference.row() for difference in self.records]

    def cited(self) -> list[Source]:
        return _cited(s for d in self.records for o in (d.first, d.second) for s in o.sources)

    def status(self) -> ExitStatus:
        # An empty list is an answer: the sources agree.
        return ExitStatus.OK

    def nothing_found(self) -> str:
        about = f" about {self.key}" if self.key else ""
        return f"the sources do not differ{about}: no two give different figures"


def conflicts(index: Index, key: str | None = None) -> Conflicts:
    """The differences between the sources, of one statistic or all."""
    if key is not None:
        keys = [value for value, _ in index.names("stat")]
        if key.lower() not in keys:
            raise UnknownNameError("stat key", key, keys)
        key = key.lower()
    observations = [
        o for o in index.facts(("stat",), stat=key, by_date=False) if isinstance(o, Observation)
    ]
    return Conflicts(tuple(differences(observations)), key)
