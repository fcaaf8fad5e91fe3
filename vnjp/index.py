"""The compiled index of a fact pack: one SQLite database, read by every question.

Each record is stored once, as its documented JSON, beside the columns a question
filters and sorts on (kind, years, dates, category, stat key, country, the sources
it cites), so that a question reads only the rows it needs. Search and check read
the postings: each record's canonical words with the weight of the field they are
in, computed once when the pack changes (`vnjp.compile`).

The same database is what `vnjp export --sqlite FILE` writes; docs/usage.md
describes its tables for people who query it with sqlite3 or Datasette.
"""

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, NamedTuple

from vnjp.codec import fact_from_json, source_from_json, stat_key_from_json
from vnjp.model import Fact, Source, StatKey

# Bumped whenever the tables or what is stored in them change: an index of another
# format is rebuilt, never misread.
FORMAT = "6"
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
CREATE INDEX cites_by_source ON cites (source, record);
CREATE INDEX postings_by_term ON postings (term, record, weight);
CREATE INDEX people_by_key ON people (key);
"""


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


class Index:
    """Questions over one compiled pack; every method reads only the rows it needs."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection

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
        where = [f"kind IN ({', '.join('?' * len(kinds))})"]
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
        return [
            fact_from_json(json.loads(data)) for (data,) in self.connection.execute(sql, params)
        ]

    def _rows_of(self, sql: str, seqs: Iterable[int]) -> Iterator[tuple[Any, ...]]:
        """The rows `sql` gives for records by seq; `sql` ends in "seq IN ({})"."""
        wanted = sorted(set(seqs))
        # SQLite takes at most 32,766 parameters in one statement.
        for start in range(0, len(wanted), _CHUNK):
            chunk = wanted[start : start + _CHUNK]
            yield from self.connection.execute(sql.format(", ".join("?" * len(chunk))), chunk)

    def facts_by_seq(self, seqs: Iterable[int]) -> dict[int, Fact]:
        """Events, visits and observations by their place in the pack."""
        rows = self._rows_of(
            "SELECT seq, data FROM records WHERE kind != 'source' AND seq IN ({})", seqs
        )
        return {seq: fact_from_json(json.loads(data)) for seq, data in rows}

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

    def facts_covering(self, weights: dict[str, float], least: float) -> list[int]:
        """Events, visits and observations whose main fields hold words of `weights`
        summing to at least `least`."""
        if not weights:
            return []
        values = ", ".join("(?, ?)" for _ in weights)
        params: list[object] = [part for item in weights.items() for part in item]
        rows = self.connection.execute(
            f"WITH wanted(term, weight) AS (VALUES {values}) "
            "SELECT p.record FROM postings p JOIN wanted w ON w.term = p.term "
            "JOIN records r ON r.seq = p.record "
            "WHERE p.weight >= 1 AND r.kind != 'source' "
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
        return [(int(seq), fact_from_json(json.loads(data))) for seq, data in rows]
