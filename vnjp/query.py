"""Questions over a pack's index. Each returns a result (`vnjp.results`) that any
renderer can draw; each reads only the rows it needs."""

from __future__ import annotations

from vnjp.errors import UnknownNameError, UsageError
from vnjp.index import Index
from vnjp.model import (
    COUNTRY_NAMES,
    Event,
    Observation,
    PartialDate,
    Visit,
    When,
    country_code,
)
from vnjp.results import (
    Sources,
    SourceSummary,
    Stat,
    StatKeys,
    StatSummary,
    Timeline,
    Visits,
    YearlySeries,
    YearPoint,
)
from vnjp.text import closest, fold


def _check_choice(kind: str, given: str, choices: list[str]) -> str:
    if given in choices:
        return given
    raise UnknownNameError(kind, given, sorted(choices))


def _earliest(date: PartialDate) -> tuple[int, int, int]:
    return (date.year, date.month or 1, date.day or 1)


def _latest(date: PartialDate) -> tuple[int, int, int]:
    return (date.year, date.month or 12, date.day or 31)


def _years(since: PartialDate | None, until: PartialDate | None) -> tuple[int | None, int | None]:
    """The years the index filters by (--from 2023-09 asks the index for 2023 on)."""
    if since is not None and until is not None and _earliest(since) > _latest(until):
        raise UsageError(f"--from {since} is after --to {until}")
    return (since.year if since else None, until.year if until else None)


def _within(date: When | None, since: PartialDate | None, until: PartialDate | None) -> bool:
    """True when any part of a record's date can fall between the bounds, each taken
    at its own precision: a record of 2023 is within --from 2023-09, one of
    2023-11-27/2023-11-30 within --to 2023-11."""
    if date is None:
        return since is None and until is None
    return (since is None or _latest(date.end) >= _earliest(since)) and (
        until is None or _earliest(date.start) <= _latest(until)
    )


def _names(index: Index, kind: str) -> list[str]:
    return [value for value, _ in index.names(kind)]


def timeline(
    index: Index,
    *,
    since: PartialDate | None = None,
    until: PartialDate | None = None,
    category: str | None = None,
    source: str | None = None,
) -> Timeline:
    """Events and leader visits in date order; undated events last, and only unfiltered."""
    first_year, last_year = _years(since, until)
    if category is not None:
        category = _check_choice("category", category.lower(), _names(index, "category"))
    if source is not None:
        source = _check_choice("source", source, _names(index, "source"))
    records = index.facts(
        ("event", "visit"),
        first_year=first_year,
        last_year=last_year,
        category=category,
        source=source,
    )
    return Timeline(
        tuple(r for r in records if isinstance(r, (Event, Visit)) and _within(r.date, since, until))
    )


def name_matches(query: str, name: str) -> bool:
    """Every word of the query starts a word of the name, in any order, accents ignored."""
    words = fold(name).replace("-", " ").split()
    return all(any(word.startswith(part) for word in words) for part in fold(query).split())


def leader_visits(
    index: Index,
    *,
    since: PartialDate | None = None,
    until: PartialDate | None = None,
    by: str | None = None,
    person: str | None = None,
) -> Visits:
    """Leader visits in date order; `person` matches the visitor or a named counterpart."""
    first_year, last_year = _years(since, until)
    from_country = None
    if by is not None:
        from_country = country_code(by)
        if from_country is None:
            raise UnknownNameError("country", by, sorted(COUNTRY_NAMES))
    visits = [
        visit
        for visit in index.facts(
            ("visit",), first_year=first_year, last_year=last_year, from_country=from_country
        )
        if isinstance(visit, Visit)
        and _within(visit.date, since, until)
        and (
            person is None
            or any(
                name_matches(person, name)
                for name in (visit.person, *(p.name for p in visit.counterparts))
            )
        )
    ]
    suggestion = None
    if person is not None and not visits:
        suggestion = closest(person, _names(index, "person"))
        # The name typed may be right and the other filters leave out its visits:
        # suggesting that very name would send the user round in circles.
        if suggestion is not None and name_matches(person, suggestion):
            suggestion = None
    return Visits(tuple(visits), suggestion)


def stat_keys(index: Index) -> StatKeys:
    return StatKeys(tuple(StatSummary(key, count) for key, count in index.stat_keys()))


def stat(index: Index, key: str) -> Stat:
    """Every observation of `key`, by date; both sources' figures where they differ."""
    # Checked against the names first: text that is not a key (a lone surrogate from a
    # command line that was not UTF-8) never reaches SQLite.
    stat_key = index.stat_key(_check_choice("stat key", key.lower(), _names(index, "stat")))
    if stat_key is None:
        raise UnknownNameError("stat key", key, _names(index, "stat"))
    observations = [
        o
        for o in index.facts(("stat",), stat=stat_key.key, by_date=False)
        if isinstance(o, Observation)
    ]
    # By date, period or as-of alike; ties keep the order of the fact files, which
    # group related figures.
    observations.sort(key=lambda o: o.when.sort_key)
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


def sources(index: Index) -> Sources:
    """The sources, how many records cite each, and the date the pack is current to."""
    summaries = tuple(SourceSummary(source, count) for _, source, count in index.sources())
    published = [s.source.published for s in summaries if s.source.published is not None]
    current_to = max(published, key=lambda date: date.sort_key, default=None)
    return Sources(summaries, current_to, index.record_count())
