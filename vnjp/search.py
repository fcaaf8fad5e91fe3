"""Search every record by words: accents, case, name order and abbreviations ignored.

The words of every record were indexed when the pack was compiled (`vnjp.compile`);
a search reads the postings of its own words only.
"""

from __future__ import annotations

import math

from vnjp.errors import UnknownNameError, UsageError
from vnjp.index import Index
from vnjp.results import SearchHit, SearchRecord, SearchResults, SourceSummary
from vnjp.words import canonical_words, stop_words

KINDS = ("event", "visit", "stat", "source")
_PREFIX_FACTOR = 0.7  # a word that only starts with the term counts for less
# Ties rank events, visits, figures, then sources, each in the order of the files.
_KIND_ORDER = {kind: number for number, kind in enumerate(KINDS)}


def query_terms(text: str) -> list[str]:
    """The words of a query that count: stop words dropped unless nothing else is left."""
    words = canonical_words(text)
    stopwords = stop_words()
    content = [word for word in words if word not in stopwords]
    return list(dict.fromkeys(content or words))


def _matches(index: Index, term: str) -> dict[int, float]:
    """Each record the term finds, with the weight of the best field it stands in (a
    word that only starts with the term counts for less)."""
    found: dict[int, float] = {}
    for posting in index.postings(term, prefix=len(term) >= 3):
        quality = posting.weight * (1.0 if posting.term == term else _PREFIX_FACTOR)
        if quality > found.get(posting.record, 0.0):
            found[posting.record] = quality
    return found


def search(
    index: Index, text: str, *, kind: str | None = None, limit: int | None = None
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
    documents = index.count()
    matches = {term: _matches(index, term) for term in terms}
    weights = {
        term: math.log((documents + 1) / (len(found) + 0.5)) for term, found in matches.items()
    }
    total = sum(weights.values()) or 1.0
    kinds = index.kinds(seq for found in matches.values() for seq in found)
    scored = []
    for seq, record_kind in kinds.items():
        if kind is not None and record_kind != kind:
            continue
        matched = {term: found[seq] for term, found in matches.items() if seq in found}
        coverage = sum(weights[term] for term in matched) / total
        strength = sum(weights[term] * quality for term, quality in matched.items()) / total
        score = round(coverage**2 * strength, 4)
        scored.append((-score, _KIND_ORDER[record_kind], seq, score, tuple(matched)))
    scored.sort()
    if limit:
        scored = scored[:limit]
    records = _records(index, [entry[2] for entry in scored])
    return SearchResults(
        text, tuple(SearchHit(records[seq], score, terms) for _, _, seq, score, terms in scored)
    )


def _records(index: Index, seqs: list[int]) -> dict[int, SearchRecord]:
    found: dict[int, SearchRecord] = dict(index.facts_by_seq(seqs))
    found.update((seq, SourceSummary(source, count)) for seq, source, count in index.sources(seqs))
    return found
