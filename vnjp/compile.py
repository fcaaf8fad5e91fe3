"""Compile a validated FactPack into its SQLite index (`vnjp.index`).

This runs only when the fact files changed (or for `vnjp export`): the search
vocabulary is computed here, once, so that no question has to.
"""

import json
import sqlite3
from collections import Counter
from collections.abc import Iterator
from itertools import islice, repeat
from typing import NamedTuple

from vnjp import __version__
from vnjp.codec import fact_json, fact_text, source_json, stat_key_json
from vnjp.index import FORMAT, INDEXES, SCHEMA
from vnjp.lexicon import compiled
from vnjp.model import COUNTRY_NAMES, Event, Fact, FactPack, Observation, Source, Visit, When
from vnjp.words import canonical_words, name_key

# (weight, texts): a title counts more than a note.
Fields = tuple[tuple[float, tuple[str, ...]], ...]


def _countries(*codes: str) -> str:
    return " ".join(COUNTRY_NAMES.get(code, code) for code in codes if code)


# An alias weighs as the field whose thing it names: an event's title, a visit's
# outcomes, an observation's metric.


def _event_fields(event: Event) -> Fields:
    return (
        (3, (event.title, *event.aliases, *(p.name for p in event.people))),
        (2, (event.category,)),
        (1, (event.summary, *event.places, *(p.role for p in event.people))),
        (0.5, (event.note,)),
    )


def _visit_fields(visit: Visit) -> Fields:
    return (
        (3, (visit.person,)),
        (2, (*(p.name for p in visit.counterparts), "visit")),
        (
            1,
            (
                visit.role,
                visit.visit_type,
                visit.first,
                *visit.outcomes,
                *visit.aliases,
                *visit.places,
                *(p.role for p in visit.counterparts),
                _countries(visit.from_country, visit.to_country),
            ),
        ),
        (0.5, (visit.note,)),
    )


def _observation_fields(o: Observation, stat_name: str) -> Fields:
    return (
        (3, (stat_name, o.metric, *o.aliases)),
        (1, (o.unit, o.qualifier, _countries(o.from_country, o.to_country))),
        (0.5, (o.note, *o.ranked_after)),
    )


def _source_fields(source: Source) -> Fields:
    return (
        (3, (source.id, source.title)),
        (2, (source.publisher,)),
        (0.5, (source.note,)),
    )


def _best_weights(fields: Fields, cache: dict[str, list[str]]) -> dict[str, float]:
    """Each canonical word of a record once, with the weight of its best field."""
    best: dict[str, float] = {}
    # Lightest field first, so that heavier fields overwrite: dict work done in C.
    for weight, texts in reversed(fields):
        for text in texts:
            if text:
                words = cache.get(text)
                if words is None:
                    words = canonical_words(text)
                    if len(text) <= _CACHED_TEXT:
                        cache[text] = words
                best.update(dict.fromkeys(words, weight))
    return best


def _span(when: When | None) -> tuple[int | None, int | None, int | None, int | None]:
    if when is None:
        return (None, None, None, None)
    return (when.start.year, when.end.year, when.start.ordinal, when.end.ordinal)


class _Row(NamedTuple):
    """A fact with the columns the index filters it by, and its searchable fields."""

    record: Fact
    category: str | None
    stat: str | None
    from_country: str | None
    when: When | None
    fields: Fields


def _fact_rows(pack: FactPack) -> list[_Row]:
    stat_names = {k.key: f"{k.key} {k.name}" for k in pack.stat_keys}
    rows = [_Row(e, e.category, None, None, e.date, _event_fields(e)) for e in pack.events]
    rows += [_Row(v, "visit", None, v.from_country, v.date, _visit_fields(v)) for v in pack.visits]
    rows += [
        _Row(
            o,
            None,
            o.stat,
            o.from_country or None,
            o.when,
            _observation_fields(o, stat_names.get(o.stat, o.stat)),
        )
        for o in pack.observations
    ]
    return rows


# Records are written this many at a time: the rows, postings and citations of one
# chunk are all that is held, so peak memory does not grow with the pack.
_CHUNK = 5_000
# Texts this short recur (categories, units, publishers, names): their words are kept.
_CACHED_TEXT = 40


# A record as compiled: its columns before `words`, its JSON, its searchable fields
# and the sources it cites.
_Compiled = tuple[tuple[object, ...], str, Fields, tuple[Source, ...]]


def _compiled(pack: FactPack, facts: list[_Row]) -> Iterator[_Compiled]:
    """Every record in the order of the files (sources first); seq counts from 1."""
    cited = Counter(source.id for row in facts for source in row.record.sources)
    for source in pack.sources:
        data = json.dumps(source_json(source, cited[source.id]), ensure_ascii=False)
        yield (source.id, "source", *((None,) * 7)), data, _source_fields(source), ()
    for row in facts:
        shape = fact_json(row.record)
        data = fact_text(shape)
        columns = (row.record.id, shape["kind"], row.category, row.stat, row.from_country)
        yield (*columns, *_span(row.when)), data, row.fields, row.record.sources


def _write_records(pack: FactPack, connection: sqlite3.Connection) -> None:
    """The records, their citations and their postings, a chunk at a time."""
    words_cache: dict[str, list[str]] = {}
    numbered = enumerate(_compiled(pack, _fact_rows(pack)), start=1)
    while chunk := list(islice(numbered, _CHUNK)):
        records: list[tuple[object, ...]] = []
        postings: list[tuple[str, int, float]] = []
        cites: list[tuple[int, str]] = []
        for seq, (columns, data, fields, sources) in chunk:
            best = _best_weights(fields, words_cache)
            postings.extend(zip(best, repeat(seq), best.values(), strict=False))
            words = " ".join(word for word, weight in best.items() if weight >= 1)
            records.append((seq, *columns, words, data))
            cites.extend((seq, source.id) for source in sources)
        connection.executemany(f"INSERT INTO records VALUES ({', '.join('?' * 12)})", records)
        connection.executemany("INSERT INTO cites VALUES (?, ?)", cites)
        connection.executemany("INSERT INTO postings VALUES (?, ?, ?)", postings)


def compile_pack(pack: FactPack, connection: sqlite3.Connection, key: str) -> None:
    """Write every table of the index for `pack` into an empty database; `key` names
    the fact files' content, so that an index is only used for the pack it was made of.
    Everything is written in one transaction, committed at the end."""
    # No journal: a file being compiled is renamed into place only once complete.
    connection.execute("PRAGMA journal_mode = OFF")
    connection.execute("PRAGMA synchronous = OFF")
    connection.executescript(SCHEMA)
    _write_records(pack, connection)
    observations = Counter(o.stat for o in pack.observations)
    connection.executemany(
        "INSERT INTO stat_keys VALUES (?, ?, ?)",
        [
            (number, k.key, json.dumps(stat_key_json(k, observations[k.key]), ensure_ascii=False))
            for number, k in enumerate(pack.stat_keys, start=1)
        ],
    )
    connection.executemany("INSERT INTO people VALUES (?, ?, ?, ?)", _people(pack))
    connection.executemany("INSERT INTO names VALUES (?, ?, ?)", _names(pack))
    connection.executescript(INDEXES)
    connection.executemany(
        "INSERT INTO meta VALUES (?, ?)",
        [("format", FORMAT), ("vnjp", __version__), ("key", key), ("lexicon", compiled())],
    )
    connection.commit()


def _people(pack: FactPack) -> list[tuple[str, str, str, str]]:
    """Everyone the pack names, once, with the word that alone names them."""
    found: dict[str, tuple[str, str, str, str]] = {}
    named = [(v.person, v.from_country) for v in pack.visits]
    named += [(p.name, p.country) for v in pack.visits for p in v.counterparts]
    named += [(p.name, p.country) for e in pack.events for p in e.people]
    for name, country in named:
        words = canonical_words(name)
        if words and name not in found:
            found[name] = (name, country, name_key(words, country), " ".join(words))
    return list(found.values())


def _names(pack: FactPack) -> list[tuple[str, str, str]]:
    """What shell completion offers: stat keys, categories, source ids and people."""
    people = {visit.person: visit.role for visit in pack.visits}
    for visit in pack.visits:
        people.update({p.name: p.role for p in visit.counterparts})
    categories = sorted({event.category for event in pack.events} | {"visit"})
    names = [("stat", key.key, key.name) for key in pack.stat_keys]
    names += [("category", category, "") for category in categories]
    names += [("source", source.id, source.title) for source in pack.sources]
    names += [("person", name, role) for name, role in sorted(people.items())]
    return names
