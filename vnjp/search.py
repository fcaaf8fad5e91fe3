"""Search every record by words: accents, case, name order and abbreviations ignored."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from vnjp.errors import UnknownNameError, UsageError
from vnjp.model import Event, FactPack, Observation, Visit
from vnjp.query import COUNTRY_NAMES, SourceSummary, sources
from vnjp.words import STOPWORDS, canonical_words

KINDS = ("event", "visit", "stat", "source")
_PREFIX_FACTOR = 0.7  # a word that only starts with the term counts for less

SearchRecord = Event | Visit | Observation | SourceSummary


@dataclass(frozen=True)
class SearchHit:
    """A record that matched a search, its score, and the words it matched."""

    record: SearchRecord
    score: float
    # The query's words (canonical) that this record matched, for highlighting.
    terms: tuple[str, ...]


@dataclass(frozen=True)
class SearchResults:
    """The records matching a query, best first."""

    query: str
    records: tuple[SearchHit, ...]


@dataclass(frozen=True)
class Document:
    """A record with the words it can be found by."""

    record: SearchRecord
    kind: str
    # Each field's canonical words with the field's weight: a title counts more
    # than a note.
    fields: tuple[tuple[float, frozenset[str]], ...]


def _field(weight: float, *texts: str) -> tuple[float, frozenset[str]]:
    return (weight, frozenset(word for text in texts for word in canonical_words(text)))


def _countries(*codes: str) -> str:
    return " ".join(COUNTRY_NAMES.get(code, code) for code in codes if code)


def documents(pack: FactPack) -> list[Document]:
    """Every record with the words it can be found by, field by field."""
    stat_names = {key.key: f"{key.key} {key.name}" for key in pack.stat_keys}
    docs = [
        Document(
            event,
            "event",
            (
                _field(3, event.title, *(p.name for p in event.people)),
                _field(2, event.category),
                _field(1, event.summary, *event.places, *(p.role for p in event.people)),
                _field(0.5, event.note),
            ),
        )
        for event in pack.events
    ]
    docs += [
        Document(
            visit,
            "visit",
            (
                _field(3, visit.person),
                _field(2, *(p.name for p in visit.counterparts), "visit"),
                _field(
                    1,
                    visit.role,
                    visit.visit_type,
                    visit.first,
                    *visit.outcomes,
                    *visit.places,
                    *(p.role for p in visit.counterparts),
                    _countries(visit.from_country, visit.to_country),
                ),
                _field(0.5, visit.note),
            ),
        )
        for visit in pack.visits
    ]
    docs += [
        Document(
            o,
            "stat",
            (
                _field(3, stat_names.get(o.stat, o.stat), o.metric),
                _field(1, o.unit, o.qualifier, _countries(o.from_country, o.to_country)),
                _field(0.5, o.note, *o.ranked_after),
            ),
        )
        for o in pack.observations
    ]
    docs += [
        Document(
            summary,
            "source",
            (
                _field(3, summary.source.id, summary.source.title),
                _field(2, summary.source.publisher),
                _field(0.5, summary.source.note),
            ),
        )
        for summary in sources(pack).records
    ]
    return docs


def query_terms(text: str) -> list[str]:
    """The words of a query that count: stop words dropped unless nothing else is left."""
    words = canonical_words(text)
    content = [word for word in words if word not in STOPWORDS]
    return list(dict.fromkeys(content or words))


def _match(term: str, words: Iterable[str]) -> float:
    if term in words:
        return 1.0
    if len(term) >= 3 and any(word.startswith(term) for word in words):
        return _PREFIX_FACTOR
    return 0.0


def _best_field(term: str, doc: Document) -> float:
    return max((weight * _match(term, words) for weight, words in doc.fields), default=0.0)


def search(
    pack: FactPack, text: str, *, kind: str | None = None, limit: int | None = None
) -> SearchResults:
    """Records ranked by how well they match the query's words (IDF-weighted, title and
    name fields first); records matching every word rank above those matching some."""
    if kind is not None and kind not in KINDS:
        raise UnknownNameError("kind", kind, KINDS)
    if limit is not None and limit < 1:
        raise UsageError(f"--limit must be at least 1, not {limit}")
    terms = query_terms(text)
    if not terms:
        raise UsageError("the query has no words to search for")
    docs = documents(pack)
    weights = {}
    for term in terms:
        found = sum(1 for doc in docs if _best_field(term, doc) > 0)
        weights[term] = math.log((len(docs) + 1) / (found + 0.5))
    total = sum(weights.values()) or 1.0
    hits = []
    for doc in docs:
        if kind is not None and doc.kind != kind:
            continue
        matched = {term: _best_field(term, doc) for term in terms}
        matched = {term: quality for term, quality in matched.items() if quality > 0}
        if not matched:
            continue
        coverage = sum(weights[term] for term in matched) / total
        strength = sum(weights[term] * quality for term, quality in matched.items()) / total
        hits.append(SearchHit(doc.record, round(coverage**2 * strength, 4), tuple(matched)))
    hits.sort(key=lambda hit: -hit.score)
    return SearchResults(text, tuple(hits[:limit] if limit else hits))
