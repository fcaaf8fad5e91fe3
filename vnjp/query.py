"""Pure questions over a FactPack. Each returns a result that any renderer can draw."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from vnjp.errors import UnknownNameError, UsageError
from vnjp.model import Event, FactPack, Observation, PartialDate, Source, StatKey, Visit
from vnjp.text import closest, fold

COUNTRY_NAMES = {"VN": "Vietnam", "JP": "Japan"}
_COUNTRY_ALIASES = {"vietnam": "VN", "viet nam": "VN", "japan": "JP"}


@dataclass(frozen=True)
class Timeline:
    """Events and visits in date order, undated events last."""

    records: tuple[Event | Visit, ...]


@dataclass(frozen=True)
class Visits:
    """Leader visits in date order."""

    records: tuple[Visit, ...]


@dataclass(frozen=True)
class StatSummary:
    """A statistic and how many observations it has."""

    key: StatKey
    observations: int


@dataclass(frozen=True)
class StatKeys:
    """Every statistic of the pack."""

    records: tuple[StatSummary, ...]


@dataclass(frozen=True)
class YearPoint:
    """One whole year's value of a yearly series."""

    year: int
    value: int | float


@dataclass(frozen=True)
class YearlySeries:
    """Values of one metric and unit for whole years, for a bar chart."""

    metric: str
    unit: str
    points: tuple[YearPoint, ...]


@dataclass(frozen=True)
class Stat:
    """Every observation of one statistic, by date."""

    key: StatKey
    records: tuple[Observation, ...]
    # A yearly series (same metric and unit, one whole year each), for a chart.
    series: YearlySeries | None


@dataclass(frozen=True)
class SourceSummary:
    """A source and how many records cite it."""

    source: Source
    records: int


@dataclass(frozen=True)
class Sources:
    """The sources, and the date the pack is current to (the latest published)."""

    records: tuple[SourceSummary, ...]
    current_to: PartialDate | None


Result = Timeline | Visits | StatKeys | Stat | Sources


def _when_key(record: Event | Visit) -> tuple[int, tuple[object, ...], str]:
    # Undated events go last; dated ones by start, then end, then id for stability.
    if record.date is None:
        return (1, (), record.id)
    return (0, record.date.sort_key, record.id)


def _check_choice(kind: str, given: str, choices: set[str]) -> str:
    if given in choices:
        return given
    raise UnknownNameError(kind, given, sorted(choices))


def _check_years(first_year: int | None, last_year: int | None) -> None:
    if first_year is not None and last_year is not None and first_year > last_year:
        raise UsageError(f"--from {first_year} is after --to {last_year}")


def _cites(record: Event | Visit | Observation, source_id: str) -> bool:
    return any(source.id == source_id for source in record.sources)


def timeline(
    pack: FactPack,
    *,
    first_year: int | None = None,
    last_year: int | None = None,
    category: str | None = None,
    source: str | None = None,
) -> Timeline:
    """Events and leader visits in date order; undated events last, and only unfiltered."""
    _check_years(first_year, last_year)
    if category is not None:
        category = _check_choice(
            "category", category.lower(), {e.category for e in pack.events} | {"visit"}
        )
    if source is not None:
        source = _check_choice("source", source, {s.id for s in pack.sources})
    by_year = first_year is not None or last_year is not None
    records: list[Event | Visit] = [*pack.events, *pack.visits]
    chosen = [
        record
        for record in records
        if (category is None or _category(record) == category)
        and (source is None or _cites(record, source))
        and (
            not by_year
            or (record.date is not None and record.date.overlaps_years(first_year, last_year))
        )
    ]
    return Timeline(tuple(sorted(chosen, key=_when_key)))


def _category(record: Event | Visit) -> str:
    return record.category if isinstance(record, Event) else "visit"


def country_code(given: str) -> str | None:
    """'vn', 'VN', 'Vietnam' and 'Việt Nam' all give 'VN'; None if unknown."""
    code = given.strip().upper()
    if code in COUNTRY_NAMES:
        return code
    return _COUNTRY_ALIASES.get(fold(given).strip())


def name_matches(query: str, name: str) -> bool:
    """Every word of the query starts a word of the name, in any order, accents ignored."""
    words = fold(name).replace("-", " ").split()
    return all(any(word.startswith(part) for word in words) for part in fold(query).split())


def leader_visits(
    pack: FactPack,
    *,
    first_year: int | None = None,
    last_year: int | None = None,
    by: str | None = None,
    person: str | None = None,
) -> Visits:
    """Leader visits in date order; `person` matches the visitor or a named counterpart."""
    _check_years(first_year, last_year)
    from_country = None
    if by is not None:
        from_country = country_code(by)
        if from_country is None:
            raise UnknownNameError("country", by, sorted(COUNTRY_NAMES))
    chosen = [
        visit
        for visit in pack.visits
        if visit.date.overlaps_years(first_year, last_year)
        and (from_country is None or visit.from_country == from_country)
        and (
            person is None
            or any(
                name_matches(person, name)
                for name in (visit.person, *(p.name for p in visit.counterparts))
            )
        )
    ]
    return Visits(tuple(sorted(chosen, key=_when_key)))


def closest_person(pack: FactPack, given: str) -> str | None:
    """The visitor or counterpart whose name is nearest to `given`, for "did you mean"."""
    names = {visit.person for visit in pack.visits}
    names.update(p.name for visit in pack.visits for p in visit.counterparts)
    return closest(given, names)


def stat_keys(pack: FactPack) -> StatKeys:
    counts = Counter(observation.stat for observation in pack.observations)
    return StatKeys(tuple(StatSummary(key, counts[key.key]) for key in pack.stat_keys))


def stat(pack: FactPack, key: str) -> Stat:
    """Every observation of `key`, by date; both sources' figures where they differ."""
    keys = {stat_key.key: stat_key for stat_key in pack.stat_keys}
    stat_key = keys[_check_choice("stat key", key.lower(), set(keys))]
    # Ties keep the order of the fact files, which group related figures.
    observations = sorted(
        (o for o in pack.observations if o.stat == stat_key.key), key=lambda o: o.when.sort_key
    )
    return Stat(stat_key, tuple(observations), yearly_series(observations))


def yearly_series(observations: list[Observation]) -> YearlySeries | None:
    """The longest run of whole-year values sharing a metric and unit (at least two)."""
    groups: dict[tuple[str, str], list[YearPoint]] = {}
    for o in observations:
        whole_year = o.period is not None and not o.period.is_span and o.period.start.month is None
        if whole_year and o.value is not None and o.period is not None:
            groups.setdefault((o.metric, o.unit), []).append(
                YearPoint(o.period.start.year, o.value)
            )
    best = max(groups.items(), key=lambda item: len(item[1]), default=None)
    if best is None or len(best[1]) < 2:
        return None
    (metric, unit), points = best
    return YearlySeries(metric, unit, tuple(sorted(points, key=lambda point: point.year)))


def sources(pack: FactPack) -> Sources:
    """The sources, how many records cite each, and the date the pack is current to."""
    citing: list[Event | Visit | Observation] = [*pack.events, *pack.visits, *pack.observations]
    cited = Counter(source.id for record in citing for source in record.sources)
    published = [s.published for s in pack.sources if s.published is not None]
    current_to = max(published, key=lambda date: date.sort_key, default=None)
    return Sources(
        tuple(SourceSummary(source, cited[source.id]) for source in pack.sources), current_to
    )


def names(pack: FactPack) -> dict[str, list[tuple[str, str]]]:
    """What shell completion offers, as (value, help): stat keys, categories, source
    ids and the people of the visits."""
    people = {visit.person: visit.role for visit in pack.visits}
    for visit in pack.visits:
        people.update({p.name: p.role for p in visit.counterparts})
    categories = sorted({event.category for event in pack.events} | {"visit"})
    return {
        "stat": [(key.key, key.name) for key in pack.stat_keys],
        "category": [(category, "") for category in categories],
        "source": [(source.id, source.title) for source in pack.sources],
        "person": sorted(people.items()),
    }
