"""Records to and from their documented JSON shape (SCHEMA_FILE, which `vnjp schema`
prints).

One shape for two uses: `--json` prints it, and the SQLite index stores each record in
it (plain JSON text: nothing read back from a cache can run code).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from vnjp.model import Event, Observation, PartialDate, Person, Source, StatKey, Visit, When

JSONDict = dict[str, Any]

# The JSON Schema of every command's --json output, shipped in the package.
SCHEMA_FILE = Path(__file__).with_name("output.schema.json")


def _when(when: When | None) -> str | None:
    return None if when is None else str(when)


# Dates and sources read back from the index, each parsed once a process: a big pack
# repeats a few hundred dates and a few sources over every record. Both are immutable.
_WHENS: dict[str, When] = {}
_SOURCES: dict[tuple[str, str, str, str | None, str], Source] = {}


def _parse_date(text: str) -> When:
    when = _WHENS.get(text)
    if when is None:
        when = _WHENS[text] = When.parse(text)
    return when


def _parse_when(text: str | None) -> When | None:
    return None if text is None else _parse_date(text)


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
    key = (item["id"], item["title"], item["publisher"], published, item.get("note", ""))
    source = _SOURCES.get(key)
    if source is None:
        date = None if published is None else PartialDate.parse(published)
        source = _SOURCES[key] = Source(*key[:3], date, key[4])
    return source


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


class Rendered(dict[str, Any]):
    """A record's JSON shape with its text as `--json` prints it (`fact_text`), read
    ready-made from the index, so that the JSON renderer copies it rather than encode
    it again. Any change to the dict forgets the text."""

    __slots__ = ("text",)

    def __init__(self, shape: JSONDict, text: str | None) -> None:
        super().__init__(shape)
        self.text = text

    def __setitem__(self, key: str, value: Any) -> None:
        self.text = None
        super().__setitem__(key, value)

    def __delitem__(self, key: str) -> None:
        self.text = None
        super().__delitem__(key)

    def __ior__(self, other: Any) -> Rendered:  # type: ignore[override,misc]
        self.text = None
        return super().__ior__(other)

    def clear(self) -> None:
        self.text = None
        super().clear()

    def pop(self, *args: Any) -> Any:
        self.text = None
        return super().pop(*args)

    def popitem(self) -> tuple[str, Any]:
        self.text = None
        return super().popitem()

    def setdefault(self, *args: Any) -> Any:
        self.text = None
        return super().setdefault(*args)

    def update(self, *args: Any, **kwargs: Any) -> None:
        self.text = None
        super().update(*args, **kwargs)


def fact_text(shape: JSONDict) -> str:
    """A record's JSON as `--json` prints it in an array, before its place in the
    document indents it: two spaces a level, Unicode as it is."""
    return json.dumps(shape, ensure_ascii=False, indent=2)


# The text each record read from the index came from, by record id, beside the very
# record object it made: a record made otherwise (or changed) is encoded as usual.
# One entry an id, so it holds no more than the pack's records.
_TEXTS: dict[str, tuple[object, str]] = {}


def read_fact(text: str) -> Event | Visit | Observation:
    """A record from the index's JSON text (`fact_text`), its text kept for --json."""
    record = fact_from_json(json.loads(text))
    _TEXTS[record.id] = (record, text)
    return record


def fact_json(record: Event | Visit | Observation) -> JSONDict:
    match record:
        case Event():
            shape = event_json(record)
        case Visit():
            shape = visit_json(record)
        case Observation():
            shape = observation_json(record)
    known = _TEXTS.get(record.id)
    return Rendered(shape, known[1]) if known is not None and known[0] is record else shape


def with_score(shape: JSONDict, score: float) -> JSONDict:
    """`shape` with a search's score as its last field (its text too, when it has one)."""
    scored = {**shape, "score": score}
    text = shape.text if isinstance(shape, Rendered) else None
    if text is None or not text.endswith("\n}"):
        return scored
    return Rendered(scored, f'{text[:-2]},\n  "score": {json.dumps(score)}\n}}')


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
            date=_parse_date(data["date"]),
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
