"""Records to and from their documented JSON shape (SCHEMA_FILE, which `vnjp schema`
prints).

One shape for two uses: `--json` prints it, and the SQLite index stores each record in
it (plain JSON text: nothing read back from a cache can run code).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from vnjp.model import Event, Observation, PartialDate, Person, Source, StatKey, Visit, When

JSONDict = dict[str, Any]

# The JSON Schema of every command's --json output, shipped in the package.
SCHEMA_FILE = Path(__file__).with_name("output.schema.json")


def _when(when: When | None) -> str | None:
    return None if when is None else str(when)


def _parse_when(text: str | None) -> When | None:
    return None if text is None else When.parse(text)


def _people(people: tuple[Person, ...]) -> list[JSONDict]:
    return [{"name": p.name, "role": p.role, "country": p.country} for p in people]


def _parse_people(items: list[JSONDict]) -> tuple[Person, ...]:
    return tuple(Person(item["name"], item["role"], item["country"]) for item in items)


def source_ref(source: Source) -> JSONDict:
    """How a record cites a source."""
    return {
        "id": source.id,
        "title": source.title,
        "publisher": source.publisher,
        "published": None if source.published is None else str(source.published),
    }


def _parse_source(item: JSONDict) -> Source:
    published = item["published"]
    return Source(
        item["id"],
        item["title"],
        item["publisher"],
        None if published is None else PartialDate.parse(published),
        item.get("note", ""),
    )


def _refs(sources: tuple[Source, ...]) -> list[JSONDict]:
    return [source_ref(source) for source in sources]


def _parse_refs(items: list[JSONDict]) -> tuple[Source, ...]:
    return tuple(_parse_source(item) for item in items)


# The documented fields of each kind of record, in the order --json writes them (a
# test holds them to the functions below): CSV headers and --fields come from here.
EVENT_FIELDS = (
    "id", "kind", "date", "title", "summary", "category", "people", "places", "aliases",
    "sources", "note", "inferred",
)  # fmt: skip
VISIT_FIELDS = (
    "id", "kind", "date", "person", "role", "from", "to", "visit_type", "first",
    "outcomes", "counterparts", "places", "aliases", "sources", "note", "inferred",
)  # fmt: skip
OBSERVATION_FIELDS = (
    "id", "kind", "stat", "metric", "value", "unit", "qualifier", "period", "as_of",
    "from", "to", "rank", "rank_of", "ranked_after", "out_of", "aliases", "sources",
    "note", "inferred",
)  # fmt: skip
SOURCE_FIELDS = ("id", "title", "publisher", "published", "kind", "note", "records")
STAT_KEY_FIELDS = ("id", "kind", "name", "measures", "observations")


def event_json(event: Event) -> JSONDict:
    return {
        "id": event.id,
        "kind": "event",
        "date": _when(event.date),
        "title": event.title,
        "summary": event.summary,
        "category": event.category,
        "people": _people(event.people),
        "places": list(event.places),
        "aliases": list(event.aliases),
        "sources": _refs(event.sources),
        "note": event.note,
        "inferred": event.inferred,
    }


def visit_json(visit: Visit) -> JSONDict:
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
        "aliases": list(visit.aliases),
        "sources": _refs(visit.sources),
        "note": visit.note,
        "inferred": visit.inferred,
    }


def observation_json(o: Observation) -> JSONDict:
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
        "aliases": list(o.aliases),
        "sources": _refs(o.sources),
        "note": o.note,
        "inferred": o.inferred,
    }


def source_json(source: Source, records: int) -> JSONDict:
    """A source as `vnjp sources` lists it, with how many records cite it."""
    return {**source_ref(source), "kind": "source", "note": source.note, "records": records}


def stat_key_json(key: StatKey, observations: int) -> JSONDict:
    return {
        "id": key.key,
        "kind": "stat_key",
        "name": key.name,
        "measures": key.measures,
        "observations": observations,
    }


def fact_json(record: Event | Visit | Observation) -> JSONDict:
    match record:
        case Event():
            return event_json(record)
        case Visit():
            return visit_json(record)
        case Observation():
            return observation_json(record)


def fact_from_json(data: JSONDict) -> Event | Visit | Observation:
    """The record that `fact_json` wrote (the index's own data: trusted to be valid)."""
    kind = data["kind"]
    if kind == "event":
        return Event(
            id=data["id"],
            date=_parse_when(data["date"]),
            title=data["title"],
            summary=data["summary"],
            category=data["category"],
            sources=_parse_refs(data["sources"]),
            people=_parse_people(data["people"]),
            places=tuple(data["places"]),
            aliases=tuple(data["aliases"]),
            note=data["note"],
            inferred=data["inferred"],
        )
    if kind == "visit":
        return Visit(
            id=data["id"],
            date=When.parse(data["date"]),
            person=data["person"],
            role=data["role"],
            from_country=data["from"],
            to_country=data["to"],
            visit_type=data["visit_type"],
            sources=_parse_refs(data["sources"]),
            first=data["first"],
            outcomes=tuple(data["outcomes"]),
            counterparts=_parse_people(data["counterparts"]),
            places=tuple(data["places"]),
            aliases=tuple(data["aliases"]),
            note=data["note"],
            inferred=data["inferred"],
        )
    return Observation(
        id=data["id"],
        stat=data["stat"],
        metric=data["metric"],
        sources=_parse_refs(data["sources"]),
        value=data["value"],
        unit=data["unit"],
        qualifier=data["qualifier"],
        period=_parse_when(data["period"]),
        as_of=_parse_when(data["as_of"]),
        from_country=data["from"] or "",
        to_country=data["to"] or "",
        rank=data["rank"],
        rank_of=data["rank_of"],
        ranked_after=tuple(data["ranked_after"]),
        out_of=data["out_of"],
        aliases=tuple(data["aliases"]),
        note=data["note"],
        inferred=data["inferred"],
    )


def source_from_json(data: JSONDict) -> tuple[Source, int]:
    """A source and its citing-record count, as `source_json` wrote them."""
    return _parse_source(data), data["records"]


def stat_key_from_json(data: JSONDict) -> tuple[StatKey, int]:
    return StatKey(data["id"], data["name"], data["measures"]), data["observations"]
