"""The compiled index of a fact pack: one SQLite database, read by every question.

Each record is stored once, as its documented JSON, beside the columns a question
filters and sorts on (kind, years, dates, category, stat key, country, the sources
it cites), so that a question reads only the rows it needs. Search and check read
the postings: each record's canonical words with the weight of the field they are
in, computed once when the pack changes (`vnjp.compile`).

It is vnjp's own, changed whenever FORMAT changes, and never exported: `vnjp export
--sqlite FILE` writes a database of its own for people and tools (`vnjp.publish`).
"""

import functools
import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, Concatenate, NamedTuple, ParamSpec, TypeVar

from vnjp.codec import read_fact, source_from_json, stat_key_from_json
from vnjp.errors import IndexUnreadable
from vnjp.model import Fact, RecordCount, Source, StatKey

# Defined in vnjp.packkey, which a Tab press reads without this module.
from vnjp.packkey import FORMAT as FORMAT

_CHUNK = 30_000

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE records (
    seq INTEGER PRIMARY KEY,  -- the order of the fact files
    id TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,       -- event, visit, stat or source
    category TEXT,            -- an event's category; 'visit' for visits
    stat TEXT,                -- an observation's stat key
    from_country TEXT,
    year_start INTEGER,       -- the years the date, period or as-of date covers
    year_end INTEGER,
    date_start INTEGER,       -- YYYYMMDD (missing parts 0), for sorting
    date_end INTEGER,
    words TEXT NOT NULL,      -- its canonical words in main fields (postings weight >= 1)
    data TEXT NOT NULL        -- the record as vnjp's JSON prints it
);
CREATE TABLE stat_keys (
    seq INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, data TEXT NOT NULL
);
CREATE TABLE cites (record INTEGER NOT NULL, source TEXT NOT NULL);
CREATE TABLE names (
    kind TEXT NOT NULL,       -- what completion offers: stat, category, source, person
    value TEXT NOT NULL,
    help TEXT NOT NULL
);
CREATE TABLE people (
    name TEXT NOT NULL,
    country TEXT NOT NULL,
    key TEXT NOT NULL,        -- the word that alone names them (a family or given name)
    words TEXT NOT NULL       -- their canonical words, space-separated
);
CREATE TABLE postings (
    term TEXT NOT NULL,       -- a canonical word (folded, stemmed, abbreviated)
    record INTEGER NOT NULL,  -- records.seq; one row a word a record
    weight REAL NOT NULL      -- the weight of the best field it stands in
);
"""

# Created after the rows are in: faster than keeping them up to date row by row.
INDEXES = """
CREATE INDEX records_by_date ON records (kind, date_start, date_end, id);
CREATE INDEX records_by_year ON records (year_start, year_end);
CREATE INDEX records_by_stat ON records (stat);
CREATE INDEX records_by_category ON records (category);
CREATE INDEX cites_by_source ON cites (source, record);
CREATE INDEX postings_by_term ON postings (term, record, weight);
CREATE INDEX people_by_key ON people (key);
"""


_FACT_KINDS = frozenset({"event", "visit", "stat"})


def _kind_is(kinds: Sequence[str] | None) -> str:
    """The SQL that keeps records of `kinds` (events, visits and observations when
    None): the kinds are vnjp's own words, checked, so they are written in it."""
    if kinds is None:
        return "kind != 'source'"
    if not set(kinds) <= _FACT_KINDS:
        raise ValueError(f"not kinds of fact: {kinds!r}")
    return f"kind IN ({', '.join(repr(kind) for kind in sorted(set(kinds)))})"


class Posting(NamedTuple):
    """A word of a record, and the weight of the best field it stands in."""

    term: str
    record: int
    weight: float


class PersonNames(NamedTuple):
    """A person of the pack as a claim may name them."""

    name: str
    country: str
    key: str
    words: frozenset[str]


# -- trust: a cached file is read only when it is exactly vnjp's, and never for long --

# SQLite calls the progress handler every _PROGRESS_STEP virtual-machine instructions.
_PROGRESS_STEP = 1_000
# What one question of a cached index may cost, in progress steps: a fixed part (about
# 1.5 s of a runaway query on this machine) and a part a page, so that a big pack's
# widest question still has room. Measured with bench/scale.py's packs: the costliest
# question (every record of 100,000: 56,584 pages) takes 1,700 steps, 0.03 a page.
_BUDGET_STEPS = 100_000
_BUDGET_STEPS_A_PAGE = 10
# And never more than this (about 15 s), whatever size a planted file claims.
_BUDGET_MAX_STEPS = 1_000_000


@functools.cache
def _schema() -> frozenset[tuple[str, str, str, str]]:
    """(type, name, table, sql) of every table and index, as sqlite_master keeps
    them: each statement of SCHEMA and INDEXES from CREATE to its closing bracket."""
    rows = set()
    for script in (SCHEMA, INDEXES):
        statement = ""
        for line in script.splitlines(keepends=True):
            statement += line
            if sqlite3.complete_statement(statement):
                sql = statement.strip().removesuffix(";").rstrip()
                words = sql.split(None, 5)
                kind, name = words[1].lower(), words[2]
                rows.add((kind, name, words[4] if kind == "index" else name, sql))
                statement = ""
    return frozenset(rows)


def is_vnjps(connection: sqlite3.Connection) -> bool:
    """Whether a database holds exactly vnjp's tables and indexes, as tables: no view,
    trigger or virtual table, no table of another shape (SQLite's own indexes for a
    UNIQUE column aside). Raises sqlite3.Error when it cannot be read."""
    rows = connection.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
    tables = {name for kind, name, _, _ in _schema() if kind == "table"}
    own = {
        (kind, name, table, sql)
        for kind, name, table, sql in rows
        if not (kind == "index" and sql is None and name.startswith("sqlite_autoindex_"))
        or table not in tables
    }
    return own == _schema()


class _Budget:
    """The progress handler of a cached index: a question that runs past its bound
    is stopped (sqlite3.OperationalError, "interrupted")."""

    def __init__(self, pages: int) -> None:
        self.limit = min(_BUDGET_STEPS + _BUDGET_STEPS_A_PAGE * max(pages, 0), _BUDGET_MAX_STEPS)
        self.spent = 0

    def __call__(self) -> int:
        self.spent += 1
        return 1 if self.spent > self.limit else 0


_P = ParamSpec("_P")
_R = TypeVar("_R")
# What reading a cached file can raise when the file, not vnjp, is at fault: SQLite's
# errors (a damaged page, the bound exceeded) and a record's JSON damaged in place.
_UNREADABLE = (sqlite3.Error, json.JSONDecodeError)


def _again(argument: object) -> object:
    """An argument that can be read twice: an iterator as a tuple, anything else as is."""
    return tuple(argument) if isinstance(argument, Iterator) else argument


def _guarded(
    method: "Callable[Concatenate[Index, _P], _R]",
) -> "Callable[Concatenate[Index, _P], _R]":
    """A question of a cached file that cannot be answered (a damaged page, the bound
    exceeded) discards the file, rebuilds it once and asks again; a second failure
    is IndexUnreadable, naming the file. An index built in memory is not guarded:
    an error there is vnjp's own, and a bug."""

    @functools.wraps(method)
    def ask(self: "Index", /, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        # A question may be asked twice: an iterator given (a generator of seqs) is
        # read into a tuple first, or the second asking would find it spent.
        args = tuple(_again(a) for a in args)  # type: ignore[assignment]
        kwargs = {name: _again(value) for name, value in kwargs.items()}  # type: ignore[assignment]
        self.restart_budget()
        try:
            return method(self, *args, **kwargs)
        except _UNREADABLE as error:
            if self.path is None:
                raise
            self.rebuild(error)
        self.restart_budget()
        try:
            return method(self, *args, **kwargs)
        except _UNREADABLE as error:
            if self.path is None:
                raise
            raise IndexUnreadable(str(self.path), str(error)) from None

    return ask


def _every_question_guarded(cls: type["Index"]) -> type["Index"]:
    """Each public method is one question, so each is guarded: those added later too."""
    for name, value in list(vars(cls).items()):
        if callable(value) and not name.startswith("_") and name not in _UNGUARDED:
            setattr(cls, name, _guarded(value))
    return cls


_UNGUARDED = frozenset({"restart_budget", "rebuild"})


@_every_question_guarded
class Index:
    """Questions over one compiled pack; every method reads only the rows it needs.

    An index read from the cache (`path` given) is bounded and guarded: every query
    runs under a progress handler, and `rebuild` (given by the loader) replaces a
    file SQLite cannot read."""

    def __init__(
        self,
        connection: sqlite3.Connection,
        *,
        path: Path | None = None,
        rebuilt: "Callable[[], Index] | None" = None,
    ) -> None:
        self.connection = connection
        self.path = path
        self._rebuilt = rebuilt
        self._budget: _Budget | None = None
        if path is not None:
            self._bind()

    def _bind(self) -> None:
        (pages,) = self.connection.execute("PRAGMA page_count").fetchone()
        self._budget = _Budget(int(pages))
        self.connection.set_progress_handler(self._budget, _PROGRESS_STEP)

    def restart_budget(self) -> None:
        """A new question: its bound starts again."""
        if self._budget is not None:
            self._budget.spent = 0

    def rebuild(self, error: Exception) -> None:
        """Replace a cached file that failed with one built again (once)."""
        assert self.path is not None
        if self._rebuilt is None:
            raise IndexUnreadable(str(self.path), str(error))
        fresh, self._rebuilt = self._rebuilt(), None
        self.connection.close()
        self.connection, self.path = fresh.connection, fresh.path
        self._budget = fresh._budget

    def verify(self) -> None:
        """Read every page, as a copy of the file would (SQLite copies pages as they
        are): a damaged page raises here, and is rebuilt, rather than exported."""
        rows = self.connection.execute("PRAGMA quick_check").fetchall()
        if rows != [("ok",)]:
            raise sqlite3.DatabaseError(f"the index is damaged: {rows[0][0]}")

    def meta(self, key: str) -> str | None:
        row = self.connection.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def facts(
        self,
        kinds: Sequence[str],
        *,
        first_year: int | None = None,
        last_year: int | None = None,
        category: str | None = None,
        source: str | None = None,
        stat: str | None = None,
        from_country: str | None = None,
        by_date: bool = True,
    ) -> list[Fact]:
        """Events, visits or observations that pass the filters, in date order (then
        id; undated ones last), or in the order of the fact files."""
        # With a narrower filter, "+kind" keeps SQLite from reading every record of
        # the kinds through records_by_date: the filter's own index is used instead.
        narrowed = any(v is not None for v in (first_year, last_year, category, stat))
        where = [f"{'+' if narrowed else ''}kind IN ({', '.join('?' * len(kinds))})"]
        params: list[object] = list(kinds)
        if first_year is not None:
            where.append("year_end >= ?")
            params.append(first_year)
        if last_year is not None:
            where.append("year_start <= ?")
            params.append(last_year)
        for column, value in (
            ("category", category),
            ("stat", stat),
            ("from_country", from_country),
        ):
            if value is not None:
                where.append(f"{column} = ?")
                params.append(value)
        if source is not None:
            where.append("seq IN (SELECT record FROM cites WHERE source = ?)")
            params.append(source)
        order = "date_start IS NULL, date_start, date_end, id" if by_date else "seq"
        sql = f"SELECT data FROM records WHERE {' AND '.join(where)} ORDER BY {order}"
        return [read_fact(data) for (data,) in self.connection.execute(sql, params)]

    def _rows_of(self, sql: str, seqs: Iterable[int]) -> Iterator[tuple[Any, ...]]:
        """The rows `sql` gives for records by seq; `sql` ends in "seq IN ({})"."""
        wanted = sorted(set(seqs))
        # SQLite takes at most 32,766 parameters in one statement.
        for start in range(0, len(wanted), _CHUNK):
            chunk = wanted[start : start + _CHUNK]
            yield from self.connection.execute(sql.format(", ".join("?" * len(chunk))), chunk)

    def facts_by_seq(
        self, seqs: Iterable[int], kinds: Sequence[str] | None = None
    ) -> dict[int, Fact]:
        """Events, visits and observations by their place in the pack; of `kinds` only,
        when given (the others are not read)."""
        rows = self._rows_of(
            f"SELECT seq, data FROM records WHERE {_kind_is(kinds)} AND seq IN ({{}})", seqs
        )
        return {seq: read_fact(data) for seq, data in rows}

    def sources(self, seqs: Iterable[int] | None = None) -> list[tuple[int, Source, int]]:
        """(seq, source, how many records cite it), in file order; all, or those given."""
        sql = "SELECT seq, data FROM records WHERE kind = 'source'"
        if seqs is None:
            rows: Iterable[tuple[Any, ...]] = self.connection.execute(sql)
        else:
            rows = self._rows_of(sql + " AND seq IN ({})", seqs)
        found = [(int(seq), *source_from_json(json.loads(data))) for seq, data in rows]
        return sorted(found, key=lambda item: item[0])

    def stat_keys(self) -> list[tuple[StatKey, int]]:
        """Every statistic and how many observations it has, in file order."""
        rows = self.connection.execute("SELECT data FROM stat_keys ORDER BY seq")
        return [stat_key_from_json(json.loads(data)) for (data,) in rows]

    def stat_key(self, key: str) -> StatKey | None:
        row = self.connection.execute("SELECT data FROM stat_keys WHERE key = ?", (key,)).fetchone()
        return None if row is None else stat_key_from_json(json.loads(row[0]))[0]

    def names(self, kind: str) -> list[tuple[str, str]]:
        """What completion offers of one kind: (value, help), stat keys and sources
        in the order of the files, categories and people by name."""
        rows = self.connection.execute(
            "SELECT value, help FROM names WHERE kind = ? ORDER BY rowid", (kind,)
        )
        return [(str(value), str(help_text)) for value, help_text in rows]

    def count(self, kind: str | None = None) -> int:
        if kind is None:
            row = self.connection.execute("SELECT COUNT(*) FROM records").fetchone()
        else:
            row = self.connection.execute(
                "SELECT COUNT(*) FROM records WHERE kind = ?", (kind,)
            ).fetchone()
        return int(row[0])

    def record_count(self) -> RecordCount:
        """How many records of each kind, and sources, the pack holds."""
        rows = self.connection.execute("SELECT kind, COUNT(*) FROM records GROUP BY kind")
        return RecordCount({str(kind): int(count) for kind, count in rows})

    def kinds(self, seqs: Iterable[int]) -> dict[int, str]:
        rows = self._rows_of("SELECT seq, kind FROM records WHERE seq IN ({})", seqs)
        return {int(seq): str(kind) for seq, kind in rows}

    # -- search and check ----------------------------------------------------------

    def postings(self, term: str, *, prefix: bool = False) -> list[Posting]:
        """The records a word stands in; with `prefix`, every word starting with it."""
        if prefix:
            rows = self.connection.execute(
                "SELECT term, record, weight FROM postings WHERE term >= ? AND term < ?",
                (term, term + "\U0010ffff"),
            )
        else:
            rows = self.connection.execute(
                "SELECT term, record, weight FROM postings WHERE term = ?", (term,)
            )
        return [Posting(*row) for row in rows]

    def best_matches(
        self, terms: Sequence[tuple[str, bool]], prefix_factor: float
    ) -> list[tuple[int, str, int, float]]:
        """(seq, kind, term's position, quality) for each record and each of `terms`,
        (term, prefix), it holds: the quality is the weight of its best posting of the
        term, one of a word only starting with the term (when prefix) counting
        `prefix_factor` of its weight. Worked out by SQLite, one row a record a term."""
        parts: list[str] = []
        params: list[object] = []
        for position, (term, prefix) in enumerate(terms):
            where = "term >= ? AND term < ?" if prefix else "term = ?"
            parts.append(
                f"SELECT {position} AS position, record, "
                "MAX(weight * CASE WHEN term = ? THEN 1.0 ELSE ? END) AS quality "
                f"FROM postings WHERE {where} GROUP BY record"
            )
            params += [term, prefix_factor, term]
            if prefix:
                params.append(term + "\U0010ffff")
        if not parts:
            return []
        rows = self.connection.execute(
            "SELECT b.record, r.kind, b.position, b.quality "
            f"FROM ({' UNION ALL '.join(parts)}) b JOIN records r ON r.seq = b.record "
            "WHERE b.quality > 0",
            params,
        )
        return [(int(seq), str(kind), int(pos), float(q)) for seq, kind, pos, q in rows]

    def known_terms(self, terms: Iterable[str]) -> set[str]:
        """The words of `terms` that some record of the pack contains."""
        wanted = sorted(set(terms))
        if not wanted:
            return set()
        rows = self.connection.execute(
            f"SELECT DISTINCT term FROM postings WHERE term IN ({', '.join('?' * len(wanted))})",
            wanted,
        )
        return {str(term) for (term,) in rows}

    def fact_term_counts(self, terms: Iterable[str]) -> dict[str, int]:
        """How many events, visits and observations have each word in a main field."""
        wanted = sorted(set(terms))
        if not wanted:
            return {}
        rows = self.connection.execute(
            "SELECT p.term, COUNT(*) FROM postings p JOIN records r ON r.seq = p.record "
            f"WHERE p.term IN ({', '.join('?' * len(wanted))}) AND p.weight >= 1 "
            "AND r.kind != 'source' GROUP BY p.term",
            wanted,
        )
        return {str(term): int(count) for term, count in rows}

    def facts_covering(
        self, weights: dict[str, float], least: float, kinds: Sequence[str] | None = None
    ) -> list[int]:
        """Events, visits and observations (of `kinds` only, when given) whose main
        fields hold words of `weights` summing to at least `least`."""
        if not weights:
            return []
        values = ", ".join("(?, ?)" for _ in weights)
        params: list[object] = [part for item in weights.items() for part in item]
        rows = self.connection.execute(
            f"WITH wanted(term, weight) AS (VALUES {values}) "
            "SELECT p.record FROM postings p JOIN wanted w ON w.term = p.term "
            "JOIN records r ON r.seq = p.record "
            f"WHERE p.weight >= 1 AND r.{_kind_is(kinds)} "
            "GROUP BY p.record HAVING SUM(w.weight) >= ?",
            [*params, least],
        )
        return [int(seq) for (seq,) in rows]

    def main_words(self, seqs: Iterable[int]) -> dict[int, frozenset[str]]:
        """Each record's words that stand in a main field (weight 1 or more)."""
        rows = self._rows_of("SELECT seq, words FROM records WHERE seq IN ({})", seqs)
        return {int(seq): frozenset(str(words).split()) for seq, words in rows}

    def people_named(self, words: Iterable[str]) -> list[tuple[PersonNames, int]]:
        """The people whose key word is among `words`, with how many people share it."""
        wanted = sorted(set(words))
        if not wanted:
            return []
        rows = self.connection.execute(
            "SELECT name, country, key, words, "
            "(SELECT COUNT(*) FROM people other WHERE other.key = people.key) "
            f"FROM people WHERE key IN ({', '.join('?' * len(wanted))}) ORDER BY rowid",
            wanted,
        )
        return [
            (PersonNames(name, country, key, frozenset(text.split())), int(sharing))
            for name, country, key, text, sharing in rows
        ]

    def dated_in(self, first_year: int, last_year: int) -> list[tuple[int, Fact]]:
        """Dated events and visits whose date overlaps the years, with their seq."""
        rows = self.connection.execute(
            "SELECT seq, data FROM records WHERE kind IN ('event', 'visit') "
            "AND year_end >= ? AND year_start <= ? ORDER BY seq",
            (first_year, last_year),
        )
        return [(int(seq), read_fact(data)) for seq, data in rows]
