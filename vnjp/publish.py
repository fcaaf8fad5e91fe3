"""The fact pack published for people and tools: a SQLite database of typed tables, the
metadata Datasette shows beside it, and every record as JSON.

The database has a table a kind of record (`sources`, `statistics`, `events`, `visits`,
`observations`), a column a field (dates as ISO 8601 text at the source's precision,
figures and ranks as numbers, hedges, units and currencies as text, lists as JSON
arrays, an empty field as NULL), `records` and `record_sources` linking every record
to the articles it cites, `people`, `conflicts` (where the sources differ), full-text
search on titles and notes (FTS5 tables `<table>_fts`, as sqlite-utils makes them,
kept up to date by triggers) and views for the common questions. Its tables and
columns are a documented contract (docs/usage.md); the index vnjp itself queries
(`vnjp.index`) is not, and is never exported.

Only `vnjp export` imports this module.
"""

import json
import os
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from vnjp import __version__
from vnjp.codec import (
    EVENT_FIELDS,
    OBSERVATION_FIELDS,
    SOURCE_FIELDS,
    STAT_KEY_FIELDS,
    VISIT_FIELDS,
    JSONDict,
    fact_json,
    source_json,
    stat_key_json,
)
from vnjp.errors import UsageError
from vnjp.index import Index
from vnjp.load import export_index, export_target, replace_file
from vnjp.model import (
    Event,
    Fact,
    Observation,
    Person,
    RecordCount,
    Source,
    StatKey,
    Visit,
    When,
)
from vnjp.present import figure, headline, kind, published_iso, source_words
from vnjp.results import Result
from vnjp.text import inert

if TYPE_CHECKING:
    from vnjp.load import Writer

# -- the whole pack, read once ------------------------------------------------------


class Pack(Result):
    """Every source, statistic and record of a pack, in the order of the fact files;
    as a result, the records `export --format json|jsonl` prints."""

    __slots__ = ("facts", "records", "sources", "stat_keys")

    def __init__(
        self,
        sources: tuple[tuple[Source, int], ...],  # each with how many records cite it
        stat_keys: tuple[tuple[StatKey, int], ...],  # each with how many figures it has
        facts: tuple[Fact, ...],
    ) -> None:
        self.sources = sources
        self.stat_keys = stat_keys
        self.facts = facts
        self.records: tuple[object, ...] = (*sources, *stat_keys, *facts)

    @classmethod
    def read(cls, index: Index) -> "Pack":
        return cls(
            tuple((source, count) for _, source, count in index.sources()),
            tuple(index.stat_keys()),
            tuple(index.facts(("event", "visit", "stat"), by_date=False)),
        )

    def fields(self) -> tuple[str, ...]:
        every = (SOURCE_FIELDS, STAT_KEY_FIELDS, EVENT_FIELDS, VISIT_FIELDS, OBSERVATION_FIELDS)
        return tuple(dict.fromkeys(name for names in every for name in names))

    def rows(self) -> list[JSONDict]:
        """A source a line, then a statistic a line, then each record with its sources
        written out: all a pipeline needs, in vnjp's documented JSON shape."""
        return [
            *(source_json(source, count) for source, count in self.sources),
            *(stat_key_json(key, count) for key, count in self.stat_keys),
            *(fact_json(fact) for fact in self.facts),
        ]

    def cited(self) -> list[Source]:
        return sorted((source for source, _ in self.sources), key=lambda source: source.id)

    def nothing_found(self) -> str:
        return "the fact pack has no records"

    def counts(self) -> str:
        """What the pack holds, as the note after an export says it (its records
        counted as validate and sources count them, then its statistics)."""
        kinds = Counter(kind(fact) for fact in self.facts)
        counted = RecordCount({**kinds, "source": len(self.sources)})
        return f"{counted}; {_plural(len(self.stat_keys), 'statistic', 'statistics')}"


def _plural(count: int, one: str, many: str) -> str:
    return f"{count:,} {one if count == 1 else many}"


# -- the tables, described once: the SQL and Datasette's metadata both come from here --


class Column(NamedTuple):
    name: str
    declaration: str  # its type and constraints, as CREATE TABLE writes them
    about: str


class Table(NamedTuple):
    name: str
    about: str
    columns: tuple[Column, ...]
    key: str = ""  # a primary key of several columns
    searched: tuple[str, ...] = ()  # the columns full-text search reads
    label: str = ""  # the column Datasette shows for a link to a row
    facets: tuple[str, ...] = ()  # the columns Datasette offers as facets
    sort: str = ""  # the column Datasette sorts rows on, when not the primary key

    def create(self) -> str:
        lines = [f"    [{column.name}] {column.declaration}" for column in self.columns]
        if self.key:
            lines.append(f"    PRIMARY KEY ({self.key})")
        return f"CREATE TABLE [{self.name}] (\n" + ",\n".join(lines) + "\n)"

    def insert(self) -> str:
        names = ", ".join(f"[{column.name}]" for column in self.columns)
        marks = ", ".join("?" for _ in self.columns)
        return f"INSERT INTO [{self.name}] ({names}) VALUES ({marks})"


class View(NamedTuple):
    name: str
    about: str
    select: str
    columns: tuple[tuple[str, str], ...]  # each column's name and what it holds

    def create(self) -> str:
        return f"CREATE VIEW [{self.name}] AS\n{self.select.strip()}"


_ISO = "ISO 8601 at the source's precision (YYYY, YYYY-MM or YYYY-MM-DD; a span START/END)"
_INFERRED = Column(
    "inferred",
    "INTEGER NOT NULL CHECK (inferred IN (0, 1))",
    "1 when the date or the fact is inferred from the article rather than stated "
    "(the note says how), else 0",
)
_NOTE = Column("note", "TEXT", "The pack's note: the sources' own words, how a date is inferred")
_ALIASES = Column("aliases", "TEXT NOT NULL", "Other names of what it names, a JSON array")
_PLACES = Column("places", "TEXT NOT NULL", "The places it names, a JSON array")
_RECORD_ID = "TEXT PRIMARY KEY REFERENCES records(id)"
_COUNTRY = "ISO 3166 alpha-2 code: VN or JP"

SOURCES = Table(
    "sources",
    "The articles every fact comes from, one row an article (vnjp sources).",
    (
        Column("id", "TEXT PRIMARY KEY", "The source's id, as records cite it"),
        Column("title", "TEXT NOT NULL", "The article's title (or, untitled, what it is)"),
        Column("publisher", "TEXT", "Who published it; NULL when the copy names no one"),
        Column("published", "TEXT", f"When it was published, {_ISO}; NULL when undated"),
        Column("note", "TEXT", "What the pack says of the copy: its date, its publisher"),
        Column("records", "INTEGER NOT NULL", "How many records cite it"),
    ),
    searched=("title", "publisher", "note"),
    label="title",
)
STATISTICS = Table(
    "statistics",
    "The statistics figures belong to: fdi, oda, trade, ... (vnjp stat).",
    (
        Column("key", "TEXT PRIMARY KEY", "The statistic's key, as `vnjp stat KEY` takes it"),
        Column("name", "TEXT NOT NULL", "Its name"),
        Column("measures", "TEXT NOT NULL", "What its figures measure"),
        Column("observations", "INTEGER NOT NULL", "How many figures it has"),
    ),
    label="name",
)
RECORDS = Table(
    "records",
    "Every event, visit and figure: its id, kind, a one-line title and its date. Each "
    "kind has its own table of every field; record_sources links a record to its sources.",
    (
        Column("id", "TEXT PRIMARY KEY", "The record's id, as `vnjp show ID` takes it"),
        Column(
            "kind",
            "TEXT NOT NULL CHECK (kind IN ('event', 'visit', 'stat'))",
            "event, visit or stat (a figure, in observations), as in vnjp's JSON",
        ),
        Column(
            "title",
            "TEXT NOT NULL",
            "An event's title, a visit's visitor and route, a figure's metric and figure",
        ),
        Column(
            "date",
            "TEXT",
            f"An event's or a visit's date, a figure's period or as-of "
            f"date: {_ISO}; NULL when undated",
        ),
        Column(
            "date_start",
            "TEXT",
            "The first day, month or year the date covers (ISO "
            "8601): sorting on it gives date order",
        ),
        Column("date_end", "TEXT", "The last day, month or year the date covers (ISO 8601)"),
    ),
    searched=("title",),
    label="title",
    facets=("kind",),
    sort="date_start",
)
EVENTS = Table(
    "events",
    "Dated (and undated) events of the relationship, in the pack's own words.",
    (
        Column("id", _RECORD_ID, "The event's id"),
        Column("date", "TEXT", f"{_ISO}; NULL when the source gives none"),
        Column("title", "TEXT NOT NULL", "What happened, in a line"),
        Column("summary", "TEXT NOT NULL", "What happened, in a sentence or two"),
        Column("category", "TEXT NOT NULL", "diplomacy, aid, trade, investment, labour, ..."),
        _PLACES,
        _ALIASES,
        _NOTE,
        _INFERRED,
    ),
    searched=("title", "summary", "places", "aliases", "note"),
    label="title",
    facets=("category",),
    sort="date",
)
VISITS = Table(
    "visits",
    "Leaders' visits between the two countries, with their firsts and outcomes.",
    (
        Column("id", _RECORD_ID, "The visit's id"),
        Column("date", "TEXT NOT NULL", _ISO),
        Column("title", "TEXT NOT NULL", "The visitor, their office and the visit, in a line"),
        Column("person", "TEXT NOT NULL", "Who visited (Japanese names family name first)"),
        Column("role", "TEXT NOT NULL", "Their office at the time"),
        Column("from_country", "TEXT NOT NULL", f"Their country, {_COUNTRY}"),
        Column("to_country", "TEXT NOT NULL", f"The country visited, {_COUNTRY}"),
        Column("visit_type", "TEXT NOT NULL", "official visit, state visit, visit, ..."),
        Column("first", "TEXT", "The source's own 'first ...' claim about the visit"),
        Column("outcomes", "TEXT NOT NULL", "What the visit brought, a JSON array"),
        _PLACES,
        _ALIASES,
        _NOTE,
        _INFERRED,
    ),
    searched=("title", "first", "outcomes", "places", "aliases", "note"),
    label="title",
    facets=("from_country", "role"),
    sort="date",
)
OBSERVATIONS = Table(
    "observations",
    "Figures and ranks (aid, trade, investment, labour, ...), each exactly as its sources "
    "give it: the value with its hedge, unit and date (vnjp stat KEY).",
    (
        Column("id", _RECORD_ID, "The figure's id"),
        Column("stat", "TEXT NOT NULL REFERENCES statistics(key)", "The statistic it belongs to"),
        Column("metric", "TEXT NOT NULL", "What it measures"),
        Column(
            "figure",
            "TEXT NOT NULL",
            'The figure as a person writes it: hedge, amount, rank ("about US$2.9 billion")',
        ),
        Column(
            "value",
            "NUMERIC",
            "The value in base units (US dollars, people, percent); NULL for a rank alone",
        ),
        Column("unit", "TEXT", "USD, percent, projects, people, ...; NULL for a rank alone"),
        Column("qualifier", "TEXT", "The source's own hedge: about, over, nearly, ..."),
        Column("period", "TEXT", f"The period of a flow, {_ISO}"),
        Column("as_of", "TEXT", f"The date of a stock, {_ISO}"),
        Column("from_country", "TEXT", f"Where the flow comes from, {_COUNTRY}"),
        Column("to_country", "TEXT", f"Where it goes, {_COUNTRY}"),
        Column("rank", "INTEGER", "Japan's (or Vietnam's) place, 1 for first"),
        Column("rank_of", "INTEGER", "How many were ranked, when the source says"),
        Column("ranked_after", "TEXT NOT NULL", "Those ranked before it, a JSON array"),
        Column("out_of", "NUMERIC", "The whole the value is a part of (57 of 63 provinces)"),
        _ALIASES,
        _NOTE,
        _INFERRED,
    ),
    searched=("metric", "aliases", "note"),
    label="metric",
    facets=("stat", "unit"),
)
RECORD_SOURCES = Table(
    "record_sources",
    "Which article each record comes from: a row a record and source.",
    (
        Column("record_id", "TEXT NOT NULL REFERENCES records(id)", "The record"),
        Column("source_id", "TEXT NOT NULL REFERENCES sources(id)", "A source it cites"),
        Column("position", "INTEGER NOT NULL", "Where the record lists the source, from 1"),
    ),
    key="record_id, source_id",
    facets=("source_id",),
)
PEOPLE = Table(
    "people",
    "The people records name: visitors, those who received them, those an event names.",
    (
        Column("record_id", "TEXT NOT NULL REFERENCES records(id)", "The record naming them"),
        Column("position", "INTEGER NOT NULL", "Their place among the record's people, from 1"),
        Column("name", "TEXT NOT NULL", "Their name (Japanese names family name first)"),
        Column("role", "TEXT", "Their office"),
        Column("country", "TEXT", _COUNTRY),
        Column(
            "part",
            "TEXT NOT NULL CHECK (part IN ('visitor', 'counterpart', 'named'))",
            "visitor (who visited), counterpart (who received them) or named (in an event)",
        ),
    ),
    key="record_id, position",
    facets=("part", "country"),
)
CONFLICTS = Table(
    "conflicts",
    "Where the sources differ about one measure at one time: both figures, the "
    "difference, and whether both hedges can hold (vnjp conflicts).",
    (
        Column("id", "TEXT PRIMARY KEY", "FIRST/SECOND: the ids of the two figures"),
        Column("stat", "TEXT NOT NULL REFERENCES statistics(key)", "The statistic"),
        Column("metric", "TEXT NOT NULL", "What the first figure measures"),
        Column("first_id", "TEXT NOT NULL REFERENCES observations(id)", "The earlier figure"),
        Column("first_figure", "TEXT NOT NULL", "The earlier figure, as written"),
        Column("second_id", "TEXT NOT NULL REFERENCES observations(id)", "The later figure"),
        Column("second_figure", "TEXT NOT NULL", "The later figure, as written"),
        Column("unit", "TEXT NOT NULL", "The unit of both, or rank"),
        Column(
            "difference", "NUMERIC", "The second minus the first, in the unit (places for a rank)"
        ),
        Column("relative", "REAL", "The difference over the first figure; NULL for a rank"),
        Column(
            "hedges_overlap",
            "INTEGER NOT NULL",
            '1 when both can hold by the rounding rule ("about 30%" and "over 30%"), else 0',
        ),
        Column("same_time", "INTEGER NOT NULL", "1 when their dates overlap, else 0"),
        Column("description", "TEXT NOT NULL", "How they differ, in words"),
    ),
    facets=("stat",),
)
TABLES = (
    SOURCES,
    STATISTICS,
    RECORDS,
    EVENTS,
    VISITS,
    OBSERVATIONS,
    RECORD_SOURCES,
    PEOPLE,
    CONFLICTS,
)


def _as_in(table: Table, *names: str) -> tuple[tuple[str, str], ...]:
    """Columns a view shows as the table has them, with the table's descriptions."""
    about = {column.name: column.about for column in table.columns}
    return tuple((name, about[name]) for name in names)


_SOURCES_COLUMN = ("sources", "The ids of its sources, in the order it cites them")
_SOURCE_IDS = """(
        SELECT group_concat(source_id, '; ') FROM (
            SELECT source_id FROM record_sources
            WHERE record_id = {record} ORDER BY position
        )
    )"""
VIEWS = (
    View(
        "timeline",
        "Events and visits in date order, undated events last (vnjp timeline).",
        f"""
SELECT r.date, r.id, r.kind, coalesce(e.category, 'visit') AS category, r.title,
    coalesce(e.inferred, v.inferred) AS inferred, {_SOURCE_IDS.format(record="r.id")} AS sources
FROM records AS r
LEFT JOIN events AS e ON e.id = r.id
LEFT JOIN visits AS v ON v.id = r.id
WHERE r.kind IN ('event', 'visit')
ORDER BY r.date_start IS NULL, r.date_start, r.date_end, r.id
""",
        (
            *_as_in(RECORDS, "date", "id", "kind"),
            ("category", "An event's category (diplomacy, aid, ...); visit for a visit"),
            *_as_in(RECORDS, "title"),
            *_as_in(EVENTS, "inferred"),
            _SOURCES_COLUMN,
        ),
    ),
    View(
        "latest_figures",
        "The newest figure of each statistic and metric; where two sources give one "
        "of the same date, both.",
        f"""
SELECT o.stat, o.metric, o.figure, r.date, o.value, o.unit, o.qualifier, o.id,
    o.inferred, {_SOURCE_IDS.format(record="o.id")} AS sources
FROM observations AS o JOIN records AS r ON r.id = o.id
WHERE r.date_end = (
    SELECT max(r2.date_end) FROM observations AS o2 JOIN records AS r2 ON r2.id = o2.id
    WHERE o2.stat = o.stat AND o2.metric = o.metric
)
ORDER BY o.stat, o.metric, o.id
""",
        (
            *_as_in(OBSERVATIONS, "stat", "metric", "figure"),
            *_as_in(RECORDS, "date"),
            *_as_in(OBSERVATIONS, "value", "unit", "qualifier", "id", "inferred"),
            _SOURCES_COLUMN,
        ),
    ),
    View(
        "figures",
        "Every figure with its statistic's name, date and sources, by statistic then "
        "date (vnjp stat KEY).",
        f"""
SELECT s.name AS statistic, o.metric, o.figure, r.date, o.from_country, o.to_country,
    o.inferred, o.id, {_SOURCE_IDS.format(record="o.id")} AS sources
FROM observations AS o
JOIN statistics AS s ON s.key = o.stat
JOIN records AS r ON r.id = o.id
ORDER BY s.rowid, r.date_start, r.date_end, o.id
""",
        (
            ("statistic", "The name of the statistic it belongs to"),
            *_as_in(OBSERVATIONS, "metric", "figure"),
            *_as_in(RECORDS, "date"),
            *_as_in(OBSERVATIONS, "from_country", "to_country", "inferred", "id"),
            _SOURCES_COLUMN,
        ),
    ),
    View(
        "visits_by_leader",
        "Each leader who visited, with how many visits, the first and the last (vnjp "
        "leader-visits).",
        """
SELECT person, from_country, to_country, group_concat(DISTINCT role) AS roles,
    count(*) AS visits, min(date) AS first_visit, max(date) AS last_visit,
    group_concat(id, '; ') AS visit_ids
FROM (SELECT * FROM visits ORDER BY date)
GROUP BY person, from_country, to_country
ORDER BY min(date), person
""",
        (
            *_as_in(VISITS, "person", "from_country", "to_country"),
            ("roles", "Their offices at the times of their visits"),
            ("visits", "How many visits the pack records"),
            ("first_visit", "The date of the first, ISO 8601"),
            ("last_visit", "The date of the last, ISO 8601"),
            ("visit_ids", "The ids of the visits, in date order"),
        ),
    ),
    View(
        "record_citations",
        "Each record beside each source it cites: title, publisher and date.",
        """
SELECT r.id AS record_id, r.kind, r.title, r.date, s.id AS source_id,
    s.title AS source_title, s.publisher, s.published
FROM record_sources AS rs
JOIN records AS r ON r.id = rs.record_id
JOIN sources AS s ON s.id = rs.source_id
ORDER BY r.rowid, rs.position
""",
        (
            ("record_id", "The record"),
            *_as_in(RECORDS, "kind", "title", "date"),
            ("source_id", "A source it cites"),
            ("source_title", "The source's title"),
            *_as_in(SOURCES, "publisher", "published"),
        ),
    ),
)

# Accents and case do not matter to full-text search, as to vnjp search: "Vo Van Kiet"
# finds Võ Văn Kiệt (a letter of its own, such as Đ, stays itself).
_TOKENIZE = "unicode61 remove_diacritics 2"


# -- rows ---------------------------------------------------------------------------


def _text(value: str) -> str | None:
    return value or None


def _array(values: Sequence[str]) -> str:
    return json.dumps(list(values), ensure_ascii=False)


def _when(when: When | None) -> str | None:
    return None if when is None else str(when)


def _date(fact: Fact) -> When | None:
    return fact.when if isinstance(fact, Observation) else fact.date


def _title(fact: Fact) -> str:
    """A record in a line: its headline, and a figure's figure after its measure."""
    if isinstance(fact, Observation):
        return f"{headline(fact)}: {figure(fact)}"
    return headline(fact)


def _record_row(fact: Fact) -> tuple[object, ...]:
    when = _date(fact)
    start = None if when is None else str(when.start)
    end = None if when is None else str(when.end)
    return (fact.id, kind(fact), _title(fact), _when(when), start, end)


def _event_row(e: Event) -> tuple[object, ...]:
    places, aliases = _array(e.places), _array(e.aliases)
    return (e.id, _when(e.date), e.title, e.summary, e.category, places, aliases,
            _text(e.note), int(e.inferred))  # fmt: skip


def _visit_row(v: Visit) -> tuple[object, ...]:
    return (
        v.id, str(v.date), headline(v), v.person, v.role, v.from_country, v.to_country,
        v.visit_type, _text(v.first), _array(v.outcomes), _array(v.places),
        _array(v.aliases), _text(v.note), int(v.inferred),
    )  # fmt: skip


def _observation_row(o: Observation) -> tuple[object, ...]:
    return (
        o.id, o.stat, o.metric, figure(o), o.value, _text(o.unit), _text(o.qualifier),
        _when(o.period), _when(o.as_of), _text(o.from_country), _text(o.to_country),
        o.rank, o.rank_of, _array(o.ranked_after), o.out_of, _array(o.aliases),
        _text(o.note), int(o.inferred),
    )  # fmt: skip


def _people_rows(fact: Fact) -> Iterator[tuple[object, ...]]:
    named: list[tuple[Person, str]] = []
    if isinstance(fact, Event):
        named = [(person, "named") for person in fact.people]
    elif isinstance(fact, Visit):
        visitor = Person(fact.person, fact.role, fact.from_country)
        named = [(visitor, "visitor"), *((p, "counterpart") for p in fact.counterparts)]
    for position, (person, part) in enumerate(named, start=1):
        yield (fact.id, position, person.name, _text(person.role), _text(person.country), part)


def _conflict_rows(observations: Sequence[Observation]) -> Iterator[tuple[object, ...]]:
    # Here, not at the top: the claim engine's rounding rule, which it needs, is no
    # business of `export --format jsonl`.
    from vnjp.differences import differences

    for d in differences(observations):
        yield (
            f"{d.first.id}/{d.second.id}", d.first.stat, d.first.metric,
            d.first.id, figure(d.first), d.second.id, figure(d.second), d.unit,
            d.difference, d.relative, int(d.hedges_overlap), int(d.same_time),
            "; ".join(d.words()),
        )  # fmt: skip


def _source_rows(pack: Pack) -> Iterator[tuple[object, ...]]:
    for s, count in pack.sources:
        yield (s.id, s.title, _text(s.publisher), published_iso(s), _text(s.note), count)


def _citation_rows(facts: Sequence[Fact]) -> Iterator[tuple[object, ...]]:
    for fact in facts:
        for position, source in enumerate(fact.sources, start=1):
            yield (fact.id, source.id, position)


def _rows(pack: Pack) -> Iterator[tuple[Table, Iterable[tuple[object, ...]]]]:
    """Each table with its rows, in an order that lets every foreign key be checked
    as the rows go in."""
    facts = pack.facts
    events = [fact for fact in facts if isinstance(fact, Event)]
    visits = [fact for fact in facts if isinstance(fact, Visit)]
    observations = [fact for fact in facts if isinstance(fact, Observation)]
    yield SOURCES, _source_rows(pack)
    yield STATISTICS, ((k.key, k.name, k.measures, count) for k, count in pack.stat_keys)
    yield RECORDS, map(_record_row, facts)
    yield EVENTS, map(_event_row, events)
    yield VISITS, map(_visit_row, visits)
    yield OBSERVATIONS, map(_observation_row, observations)
    yield RECORD_SOURCES, _citation_rows(facts)
    yield PEOPLE, (row for fact in facts for row in _people_rows(fact))
    yield CONFLICTS, _conflict_rows(observations)


# -- the database -------------------------------------------------------------------


def _full_text(table: Table) -> list[str]:
    """An FTS5 table over `table`'s searched columns, reading its rows (external
    content, as sqlite-utils' enable_fts makes it: Datasette finds it by its name and
    content), filled now and kept up to date by triggers if the rows change."""
    fts = f"{table.name}_fts"
    columns = ", ".join(f"[{name}]" for name in table.searched)

    def values(prefix: str) -> str:
        return ", ".join(f"{prefix}.[{name}]" for name in table.searched)

    delete = (
        f"INSERT INTO [{fts}] ([{fts}], rowid, {columns}) "
        f"VALUES ('delete', old.rowid, {values('old')});"
    )
    insert = f"INSERT INTO [{fts}] (rowid, {columns}) VALUES (new.rowid, {values('new')});"
    on = f"ON [{table.name}] BEGIN"
    return [
        f"CREATE VIRTUAL TABLE [{fts}] USING FTS5 ({columns}, "
        f"tokenize='{_TOKENIZE}', content=[{table.name}])",
        f"INSERT INTO [{fts}] ([{fts}]) VALUES ('rebuild')",
        f"CREATE TRIGGER [{table.name}_ai] AFTER INSERT {on} {insert} END",
        f"CREATE TRIGGER [{table.name}_ad] AFTER DELETE {on} {delete} END",
        f"CREATE TRIGGER [{table.name}_au] AFTER UPDATE {on} {delete} {insert} END",
    ]


def write_database(pack: Pack, path: str, check: Callable[[], None]) -> None:
    """Fill the empty SQLite file at `path` with the pack; `check` is called between
    steps (a held signal stops the writing there)."""
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        # No journal beside the file (one more file to leave behind): it is written
        # once, privately, and made durable by the fsync before its rename.
        connection.execute("PRAGMA journal_mode = OFF")
        connection.execute("PRAGMA synchronous = OFF")
        # Every reference is checked as the rows go in: a broken one is a bug here.
        connection.execute("PRAGMA foreign_keys = ON")
        connection.execute("BEGIN")
        for table in TABLES:
            connection.execute(table.create())
        for table, rows in _rows(pack):
            connection.executemany(table.insert(), rows)
            check()
        for table in TABLES:
            for statement in _full_text(table) if table.searched else ():
                connection.execute(statement)
            check()
        for view in VIEWS:
            connection.execute(view.create())
        connection.execute("COMMIT")
    finally:
        connection.close()


# -- Datasette's metadata -----------------------------------------------------------


def _table_metadata(table: Table) -> JSONDict:
    described: JSONDict = {
        "description": table.about,
        "columns": {column.name: column.about for column in table.columns},
    }
    if table.label:
        described["label_column"] = table.label
    if table.facets:
        described["facets"] = list(table.facets)
    if table.sort:
        described["sort"] = table.sort
    return described


def metadata(pack: Pack, database: str) -> JSONDict:
    """Datasette's metadata.json for the exported database named `database` (Datasette
    names a database after its file, without the extension): the title, a description,
    the source articles, and a description of every table, column and view. The pack
    names no licence and no web address for its sources, so none is given."""
    sources = [source for source, _ in pack.sources]
    published = [s.published for s in sources if s.published is not None]
    latest = max(published, key=lambda date: date.sort_key, default=None)
    current = "" if latest is None else f" The pack is current to {latest}."
    return {
        "title": "Vietnam-Japan relations: a cited fact pack",
        "description": (
            "The dates of the relationship, leader visits, and figures for aid, trade, "
            "investment, labour and the Vietnamese community in Japan, each with the "
            "articles it comes from (record_sources); where two articles differ, both "
            f"figures are kept (conflicts). {pack.counts()}, exported by vnjp "
            f"{__version__}.{current}"
        ),
        "source": "; ".join(source_words(s.title, s.publisher, published_iso(s)) for s in sources),
        "databases": {
            database: {
                "tables": {
                    **{table.name: _table_metadata(table) for table in TABLES},
                    **{
                        view.name: {"description": view.about, "columns": dict(view.columns)}
                        for view in VIEWS
                    },
                }
            }
        },
    }


def _write_metadata(described: JSONDict) -> "Writer":
    def write(path: str, check: Callable[[], None]) -> None:
        text = json.dumps(described, ensure_ascii=False, indent=2) + "\n"
        Path(path).write_text(text, encoding="utf-8")

    return write


# -- export -------------------------------------------------------------------------


def _same_path(one: Path, other: Path) -> bool:
    return os.path.abspath(one) == os.path.abspath(other)


def export_files(paths: Sequence[Path | str], database: Path, described: Path | None) -> list[str]:
    """Write the pack's database to `database` and, if asked, Datasette's metadata to
    `described`, each replaced only once the new file is whole; return what was
    written, a line each. Both destinations are checked before either is written."""
    target = export_target(database, "--sqlite")
    metadata_target = None if described is None else export_target(described, "--metadata")
    if metadata_target is not None and _same_path(metadata_target[0], target[0]):
        raise UsageError("--metadata and --sqlite name the same file: give two")
    pack = Pack.read(export_index(paths))
    replace_file(target, lambda path, check: write_database(pack, path, check))
    written = [f"wrote {inert(str(database), one_line=True)} ({pack.counts()})"]
    if described is not None and metadata_target is not None:
        # Datasette names a database after its file, without the extension.
        replace_file(metadata_target, _write_metadata(metadata(pack, database.stem)))
        written.append(f"wrote Datasette's metadata to {inert(str(described), one_line=True)}")
    return written
