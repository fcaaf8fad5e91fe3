"""Records as plain dicts: the stable shape of vnjp's JSON (docs/output.schema.json)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, cast

from vnjp.model import Event, Observation, Person, Source, Visit, When
from vnjp.query import SourceSummary, StatSummary
from vnjp.render import Result

if TYPE_CHECKING:  # search and check import a lot; only their own commands need them
    from vnjp import query
    from vnjp.check import CheckResults, Verdict
    from vnjp.search import SearchResults

JSONDict = dict[str, Any]


def _when(when: When | None) -> str | None:
    return None if when is None else str(when)


def _people(people: tuple[Person, ...]) -> list[JSONDict]:
    return [{"name": p.name, "role": p.role, "country": p.country} for p in people]


def source_ref(source: Source) -> JSONDict:
    return {
        "id": source.id,
        "title": source.title,
        "publisher": source.publisher,
        "published": None if source.published is None else str(source.published),
    }


def _refs(sources: tuple[Source, ...]) -> list[JSONDict]:
    return [source_ref(source) for source in sources]


def event_dict(event: Event) -> JSONDict:
    return {
        "id": event.id,
        "kind": "event",
        "date": _when(event.date),
        "title": event.title,
        "summary": event.summary,
        "category": event.category,
        "people": _people(event.people),
        "places": list(event.places),
        "sources": _refs(event.sources),
        "note": event.note,
        "inferred": event.inferred,
    }


def visit_dict(visit: Visit) -> JSONDict:
    return {
        "id": visit.id,
        "kind": "visit",
        "date": _when(visit.date),
        "person": visit.person,
        "role": visit.role,
        "from": visit.from_country,
        "to": visit.to_country,
        "visit_type": visit.visit_type,
        "first": visit.first,
        "outcomes": list(visit.outcomes),
        "counterparts": _people(visit.counterparts),
        "places": list(visit.places),
        "sources": _refs(visit.sources),
        "note": visit.note,
        "inferred": visit.inferred,
    }


def observation_dict(observation: Observation) -> JSONDict:
    o = observation
    return {
        "id": o.id,
        "kind": "stat",
        "stat": o.stat,
        "metric": o.metric,
        "value": o.value,
        "unit": o.unit,
        "qualifier": o.qualifier,
        "period": _when(o.period),
        "as_of": _when(o.as_of),
        "from": o.from_country or None,
        "to": o.to_country or None,
        "rank": o.rank,
        "rank_of": o.rank_of,
        "ranked_after": list(o.ranked_after),
        "out_of": o.out_of,
        "sources": _refs(o.sources),
        "note": o.note,
        "inferred": o.inferred,
    }


def source_dict(summary: SourceSummary) -> JSONDict:
    return {
        **source_ref(summary.source),
        "kind": "source",
        "note": summary.source.note,
        "records": summary.records,
    }


def stat_key_dict(summary: StatSummary) -> JSONDict:
    return {
        "id": summary.key.key,
        "kind": "stat_key",
        "name": summary.key.name,
        "measures": summary.key.measures,
        "observations": summary.observations,
    }


def record_dict(record: Event | Visit | Observation | SourceSummary | StatSummary) -> JSONDict:
    if isinstance(record, Event):
        return event_dict(record)
    if isinstance(record, Visit):
        return visit_dict(record)
    if isinstance(record, Observation):
        return observation_dict(record)
    if isinstance(record, SourceSummary):
        return source_dict(record)
    return stat_key_dict(record)


# schema.org ClaimReview ratings: 1 the claim is false, 3 it is true.
_RATINGS = {"REFUTED": 1, "NOT ENOUGH INFO": 2, "SUPPORTED": 3}


def verdict_dict(verdict: Verdict, reviewed_on: date) -> JSONDict:
    return {
        "claim": verdict.claim,
        "verdict": verdict.label.value,
        "reason": verdict.reason,
        "evidence": [record_dict(record) for record in verdict.evidence],
        "claim_review": {
            "@context": "https://schema.org",
            "@type": "ClaimReview",
            "claimReviewed": verdict.claim,
            "datePublished": reviewed_on.isoformat(),
            "itemReviewed": {"@type": "Claim", "text": verdict.claim},
            "reviewRating": {
                "@type": "Rating",
                "alternateName": verdict.label.value,
                "ratingValue": _RATINGS[verdict.label.value],
                "bestRating": 3,
                "worstRating": 1,
            },
            "author": {"@type": "Organization", "name": "vnjp"},
        },
    }


def record_dicts(result: Result) -> list[JSONDict]:
    """The records of any query result, in its order (`search` adds each one's score)."""
    # Told apart by name: importing search and check to test isinstance would cost
    # every other command their start-up time.
    kind = type(result).__name__
    if kind == "SearchResults":
        hits = cast("SearchResults", result).records
        return [{**record_dict(hit.record), "score": hit.score} for hit in hits]
    if kind == "CheckResults":
        today = date.today()
        return [verdict_dict(verdict, today) for verdict in cast("CheckResults", result).records]
    records = cast("query.Result", result).records
    return [record_dict(record) for record in records]
