"""Search every record by words: accents, case, name order and abbreviations ignored.

The words of every record were indexed when the pack was compiled (`vnjp.compile`);
a search reads the postings of its own words only.
"""

from __future__ import annotations

import math
from collections import Counter

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
    best, kinds = _best_matches(index, terms)
    weights = _weights(index, terms, best)
    scored = _ranked(best, kinds, kind, terms, weights)[:limit]
    records = _records(index, [entry[2] for entry in scored])
    return SearchResults(
        text, tuple(SearchHit(records[seq], score, terms) for _, _, seq, score, terms in scored)
    )


def _best_matches(
    index: Index, terms: list[str]
) -> tuple[dict[int, dict[int, float]], dict[int, str]]:
    """Each record's best quality for each term it holds (by the term's position), as
    SQLite works it out, and each record's kind; a term of three letters or more also
    finds the words it starts. Scores are then worked out once for each set of
    qualities, which most records share."""
    best: dict[int, dict[int, float]] = {}
    kinds: dict[int, str] = {}
    wanted = [(term, len(term) >= 3) for term in terms]
    for seq, record_kind, position, quality in index.best_matches(wanted, _PREFIX_FACTOR):
        best.setdefault(seq, {})[position] = quality
        kinds[seq] = record_kind
    return best, kinds


def _weights(index: Index, terms: list[str], best: dict[int, dict[int, float]]) -> dict[str, float]:
    """Each term's IDF over the whole pack, whatever kind the search keeps."""
    found = Counter(position for qualities in best.values() for position in qualities)
    documents = index.count()
    return {
        term: math.log((documents + 1) / (found[position] + 0.5))
        for position, term in enumerate(terms)
    }


def _ranked(
    best: dict[int, dict[int, float]],
    kinds: dict[int, str],
    kind: str | None,
    terms: list[str],
    weights: dict[str, float],
) -> list[tuple[float, int, int, float, tuple[str, ...]]]:
    """(-score, kind's rank, seq, score, terms matched) of each record of `kind` (or
    any), best first: ties rank by kind, then by the order of the files."""
    total = sum(weights.values()) or 1.0
    scores: dict[tuple[tuple[int, float], ...], tuple[float, tuple[str, ...]]] = {}
    scored = []
    for seq, record_kind in kinds.items():
        if kind is None or record_kind == kind:
            signature = tuple(sorted(best[seq].items()))
            if signature not in scores:
                scores[signature] = _score(signature, terms, weights, total)
            score, matched = scores[signature]
            scored.append((-score, _KIND_ORDER[record_kind], seq, score, matched))
    scored.sort()
    return scored


def _score(
    signature: tuple[tuple[int, float], ...],
    terms: list[str],
    weights: dict[str, float],
    total: float,
) -> tuple[float, tuple[str, ...]]:
    """The score of a record matching the terms at these positions with these
    qualities (IDF-weighted: how much of the query it covers, squared, times how
    strongly), and the terms it matches, in the order of the query."""
    matched = {terms[position]: quality for position, quality in signature}
    coverage = sum(weights[term] for term in matched) / total
    strength = sum(weights[term] * quality for term, quality in matched.items()) / total
    return round(coverage**2 * strength, 4), tuple(matched)


def _records(index: Index, seqs: list[int]) -> dict[int, SearchRecord]:
    found: dict[int, SearchRecord] = dict(index.facts_by_seq(seqs))
    found.update((seq, SourceSummary(source, count)) for seq, source, count in index.sources(seqs))
    return found
