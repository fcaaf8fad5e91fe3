"""One part of a claim against one record, element by element: figures, ranks, dates,
direction, places, people and their offices, trends; and which records measure the
same thing. Every element compares to one of four statuses."""

import functools
import itertools
import math
from collections.abc import Iterable
from typing import NamedTuple

from vnjp.claims.amounts import Amount, Status, compare
from vnjp.claims.reading import (
    Claim,
    Rank,
    TimeRef,
    anniversary_years,
    change_words,
    country_key,
    quoted,
    read_flow,
)
from vnjp.index import PersonNames
from vnjp.lexicon import lexicon
from vnjp.model import (
    AMONG_THE_TOP,
    Event,
    Fact,
    Observation,
    PartialDate,
    Person,
    Visit,
    When,
)
from vnjp.text import fold, lazy
from vnjp.words import canonical_words, spelled_out, stop_words

Evidence = Fact

# How much of what a claim is about (IDF-weighted share of its words) a record must
# cover to be about the same thing.
ABOUT_THE_SAME = 0.6
_AGREES_WITHOUT_FIGURES = 0.85
# Refuting asks for more: a claim that is wrong about something must be plainly
# about that thing, not about something like it that the pack does not have.
PLAINLY_ABOUT = 0.75
_FIGURES = ("time", "amount", "rank")
# How much of an event's name (its title's words) a claim must give to be wrong about
# it: "a new cooperation agreement" is not the Economic Partnership Agreement.
NAMED_TO_REFUTE = 0.5


class Comparison(NamedTuple):
    """How one record bears on a claim: how much of its topic it covers, and how
    each thing the claim states compares with it."""

    record: Evidence
    coverage: float
    statuses: dict[str, Status]
    # The claim's topic words the record does not state: a record that leaves any
    # unstated cannot support the claim (SUPPORTED is a promise about every word).
    unstated: tuple[str, ...] = ()
    # How much of the record's own name the claim gives: of two records equally about
    # a claim, the one it names more fully ("a strategic partnership" names the 2009
    # one, not the "extensive" one of 2014).
    named: float = 0.0
    # The level a claimed change is measured from, when the claim says one changed.
    before: Observation | None = None

    @property
    def rank(self) -> tuple[float, float]:
        return (self.coverage, self.named)

    @property
    def agrees(self) -> bool:
        values = self.statuses.values()
        if Status.CONFLICT in values or Status.UNSETTLED in values or self.unstated:
            return False
        if isinstance(self.record, Visit) and self.statuses.get("person") is not Status.MATCH:
            return False  # a visit bears out what it did only for a claim naming its visitor
        if any(self.statuses.get(item) is Status.MATCH for item in _FIGURES):
            return self.coverage >= ABOUT_THE_SAME
        # Only people, or nothing, to compare: the record must say what the claim says.
        return self.coverage >= _AGREES_WITHOUT_FIGURES

    @property
    def disagrees(self) -> bool:
        if isinstance(self.record, Observation):
            if self.coverage < ABOUT_THE_SAME:
                return False
            # A figure of another kind than the claim's (a count, for a rank) does not
            # measure what the claim does: it contradicts nothing but its own figure.
            primary = {self.statuses.get("rank"), self.statuses.get("amount")}
            if Status.UNSETTLED in primary and Status.CONFLICT not in primary:
                return False
            # A figure for another period neither confirms nor contradicts one.
            if self.statuses.get("time") in (Status.CONFLICT, Status.UNSETTLED):
                return False
            # One thing wrong about the same measure refutes; a record wrong in two
            # (another direction and another figure) is about something else.
            # (A rank and the list it comes after are one thing.)
            conflicts = {
                "rank" if item == "after" else item
                for item in ("amount", "rank", "flow", "after", "trend")
                if self.statuses.get(item) is Status.CONFLICT
            }
            return len(conflicts) == 1
        if isinstance(self.record, Event) and self.named < NAMED_TO_REFUTE:
            return False  # a claim must name an event to be wrong about it
        if isinstance(self.record, Visit) and self.statuses.get("person") is not Status.MATCH:
            return False  # and a visit's visitor to be wrong about the visit
        return self.coverage >= PLAINLY_ABOUT and Status.CONFLICT in self.statuses.values()


def coverage_of(topic: list[str], weights: dict[str, float], words: frozenset[str]) -> float:
    if not topic:
        return 0.0
    total = sum(weights[w] for w in topic)
    found = sum(weights[w] for w in topic if w in words)
    return found / total


def compare_record(
    claim: Claim,
    topic: list[str],
    weights: dict[str, float],
    named: list[PersonNames],
    record: Evidence,
    words: frozenset[str],
) -> Comparison:
    """The claim against one record: each element's status, how much of the claim's
    topic the record covers (`words`: its main words), and the topic it leaves unstated."""
    statuses: dict[str, Status] = {"time": compare_times(claim.times, record)}
    if isinstance(record, Observation):
        statuses["amount"] = _compare_amounts(claim.amounts, record)
        statuses["rank"] = _compare_ranks(claim.ranks, record)
        statuses["after"] = _compare_ranked_after(claim.ranked_after, record)
        statuses["flow"] = _compare_flow(claim.flow, record)
    else:
        statuses.update(_compare_actors(claim, topic, named, record, statuses["time"]))
    statuses["place"] = _compare_places(claim.places, record)
    statuses["name"] = _compare_quotes(claim.quotes, record)
    if claim.anniversary is not None and isinstance(record, Event):
        statuses["time"] = _compare_anniversary(claim, claim.anniversary, record)
    if claim.relative or (claim.lasting and not _universal(record)):
        # Dates counted from another event, or a span a single date cannot cover.
        statuses["time"] = Status.UNSETTLED
    coverage = coverage_of(topic, weights, words)
    if named and isinstance(record, Visit) and statuses.get("person") is Status.MATCH:
        coverage = max(coverage, PLAINLY_ABOUT)  # the claim names this visitor
    unstated = tuple(word for word in topic if word not in words)
    return Comparison(record, coverage, statuses, unstated, _named_share(claim, record))


def _compare_actors(
    claim: Claim, topic: list[str], named: list[PersonNames], record: Event | Visit, time: Status
) -> dict[str, Status]:
    """An event's or a visit's people, their offices, its count, and its date when
    the people differ (another person's visit is no evidence about the date)."""
    statuses: dict[str, Status] = {}
    if claim.amounts:
        statuses["amount"] = _compare_counts(claim.amounts, record)
    person = _compare_people(named, record)
    if isinstance(record, Visit) and _compare_visit_flow(claim.flow, record) is Status.CONFLICT:
        person = Status.CONFLICT
    if person is Status.CONFLICT and not _one_such_visit(claim, topic, record):
        person = Status.UNSETTLED
    if named and person is not Status.MATCH and time is Status.CONFLICT:
        statuses["time"] = Status.UNSETTLED
    statuses["person"] = person
    statuses["role"] = _compare_roles(claim.roles, named, record)
    return statuses


def _one_such_visit(claim: Claim, topic: list[str], record: Event | Visit) -> bool:
    """Whether there can be but one visit like the record's, so another person's
    contradicts the claim: a first, by someone in the office the claim names ("the
    first Party chief to visit Japan" is not the first Prime Minister's visit)."""
    if not isinstance(record, Visit) or not record.first or "first" not in topic:
        return False
    roles = lexicon().roles
    return not claim.roles or roles.get(fold(record.role), fold(record.role)) in claim.roles


def _record_people(record: Event | Visit) -> list[str]:
    people: Iterable[Person] = record.people if isinstance(record, Event) else record.counterparts
    names = [p.name for p in people]
    return [record.person, *names] if isinstance(record, Visit) else names


def _compare_people(named: list[PersonNames], record: Event | Visit) -> Status:
    """A visit matches when the visitor is named (hosts may be named too); an event
    when everyone named takes part in it."""
    if not named:
        return Status.NONE
    present = _record_people(record)
    if isinstance(record, Visit):
        if any(p.name == record.person for p in named) and all(p.name in present for p in named):
            return Status.MATCH
        return Status.CONFLICT
    if all(person.name in present for person in named):
        return Status.MATCH
    return Status.UNSETTLED  # the event does not name them: it cannot confirm them


def _compare_visit_flow(flow: tuple[str, str] | None, visit: Visit) -> Status:
    if flow is None or flow[1] == visit.to_country:
        return Status.NONE
    return Status.CONFLICT


def _record_when(record: Evidence) -> tuple[When | None, bool]:
    if isinstance(record, Observation):
        return record.when, record.inferred
    return record.date, record.inferred and isinstance(record, Event)


def _precision(date: PartialDate) -> int:
    return 1 + (date.month is not None) + (date.day is not None)


def _cut(date: PartialDate, precision: int) -> tuple[int, ...]:
    return date.sort_key[:precision]


def compare_times(times: tuple[TimeRef, ...], record: Evidence) -> Status:
    """Every date of the claim against the record's: the worst status of them."""
    when, inferred = _record_when(record)
    if when is None:
        return Status.UNSETTLED if times else Status.NONE  # no date to confirm one
    if not times:
        flow = isinstance(record, Observation) and record.rank is None and when.is_span
        return Status.UNSETTLED if flow else Status.NONE  # a flow needs its period
    statuses = [_compare_time(time, when, record) for time in times]
    if inferred:
        statuses = [Status.UNSETTLED if s is Status.CONFLICT else s for s in statuses]
    return _worst(statuses)


def _compare_anniversary(claim: Claim, years: int, record: Event) -> Status:
    """ "The 50th anniversary of X, in 2023": against an anniversary record, its own
    count and date; against X, X's date 50 years before the claim's."""
    own = anniversary_years(fold(record.title))
    if own is not None:
        return compare_times(claim.times, record) if own == years else Status.UNSETTLED
    if not claim.times or record.date is None:
        return Status.UNSETTLED
    counted = tuple(
        TimeRef(When.parse(str(t.when.start.year - years)), t.text) for t in claim.times
    )
    return compare_times(counted, record)


def _compare_quotes(quotes: tuple[str, ...], record: Evidence) -> Status:
    """A name the claim quotes must be one the record gives, word for word but for
    order and form (its title, an alias, or a name its text quotes): "Towards the
    Future" is not the theme "Towards the Future, Reach out to the World"."""
    if not quotes:
        return Status.NONE
    if isinstance(record, Observation):
        return Status.UNSETTLED
    texts = [record.title if isinstance(record, Event) else record.person, *record.aliases]
    body = [record.summary] if isinstance(record, Event) else list(record.outcomes)
    texts += [name for text in body for name in quoted(text)]
    names = {_name_words(text) for text in texts}
    return Status.MATCH if all(_name_words(q) in names for q in quotes) else Status.UNSETTLED


def _name_words(text: str) -> frozenset[str]:
    return frozenset(canonical_words(text)) - stop_words()


def _worst(statuses: list[Status]) -> Status:
    for status in (Status.CONFLICT, Status.UNSETTLED):
        if status in statuses:
            return status
    return Status.MATCH


def _compare_time(time: TimeRef, when: When, record: Evidence) -> Status:
    claimed = time.when
    if _universal(record) and when.start.sort_key <= claimed.start.sort_key <= when.end.sort_key:
        return Status.MATCH  # "has always been among the three largest": every year
    if time.loose:
        return _compare_loose(claimed, when)
    if claimed.is_span or (when.is_span and isinstance(record, Observation)):
        # Flows are compared period for period: Jan-Sep 2023 is not Jan-Jul 2023.
        if claimed == when:
            return Status.MATCH
        same_year = claimed.is_span != when.is_span and when.start.year == claimed.start.year
        return Status.UNSETTLED if same_year else Status.CONFLICT
    return _compare_dates(claimed.start, when)


def _compare_loose(claimed: When, when: When) -> Status:
    """ "Early 2014" is matched by March 2014, contradicted by October 2014, and not
    settled by 2014 alone; "the early 1990s" is matched by 1992."""
    precision = 1 if claimed.start.month is None else 2
    if _precision(when.start) < precision:
        # The record is coarser than the claim: within it, unsettled; outside, wrong.
        inside = when.start.year <= claimed.end.year and claimed.start.year <= when.end.year
        return Status.UNSETTLED if inside else Status.CONFLICT
    low, high = _cut(claimed.start, precision), _cut(claimed.end, precision)
    start, end = _cut(when.start, precision), _cut(when.end, precision)
    if low <= start and end <= high:
        return Status.MATCH
    if end < low or start > high:
        return Status.CONFLICT
    return Status.UNSETTLED


def _compare_dates(claimed: PartialDate, when: When) -> Status:
    """At the claim's precision: "in 1993" matches April 1993; "in November 2023"
    matches 27-30 November 2023; "in 1995" is not settled by "1993 to 1995"; a
    claimed day is not settled by a month."""
    precision = _precision(claimed)
    recorded = min(_precision(when.start), _precision(when.end))
    if precision > recorded:
        inside = _cut(when.start, recorded) <= _cut(claimed, recorded) <= _cut(when.end, recorded)
        return Status.UNSETTLED if inside else Status.CONFLICT
    start, end = _cut(when.start, precision), _cut(when.end, precision)
    at = _cut(claimed, precision)
    if start == end == at:
        return Status.MATCH
    return Status.UNSETTLED if start <= at <= end else Status.CONFLICT


def _kind_fits(amount: Amount, unit: str) -> bool:
    if amount.kind == "percent":
        return unit == "percent"
    if amount.kind == "money":
        return unit == "USD" and amount.currency == "USD"
    # A bare count ("5,198") is not money; "19.5 million" may be.
    return unit != "percent" and (unit != "USD" or amount.scaled)


def _compare_amounts(amounts: tuple[Amount, ...], o: Observation) -> Status:
    """Every figure of the claim must be the record's to match; a figure of the
    record's kind that cannot be it contradicts, unless another of the claim's figures
    is the record's (then the part speaks of two things, and this record settles one)."""
    if not amounts:
        return Status.NONE
    # "57 of 63 provinces": the 63 is the whole the record's figure is out of.
    amounts = tuple(
        a for a in amounts if not (o.out_of and a.kind == "number" and a.value == o.out_of)
    )
    fitting = [a for a in amounts if _kind_fits(a, o.unit)]
    if o.value is None or not fitting:
        return Status.UNSETTLED  # the record cannot confirm the claim's figure
    statuses = [compare(a, o.value, o.qualifier) for a in fitting]
    if len(fitting) == len(amounts) and all(status is Status.MATCH for status in statuses):
        return Status.MATCH
    if Status.CONFLICT in statuses and Status.MATCH not in statuses:
        return Status.CONFLICT
    return Status.UNSETTLED


def _compare_counts(amounts: tuple[Amount, ...], record: Event | Visit) -> Status:
    """A count in an event's own words ("22 cooperation documents") confirms the same
    count; any other is unsettled, since an event states no total to contradict."""
    texts = [record.title, record.summary] if isinstance(record, Event) else record.outcomes
    written = {float(n.replace(",", "")) for text in texts for n in _COUNT.findall(text)}
    if all(amount.value in written for amount in amounts):
        return Status.MATCH
    return Status.UNSETTLED


_COUNT = lazy(r"(?<![\d.,])\d{1,3}(?:,\d{3})*(?![\d.,]\d)")


def _compare_ranked_after(claimed: frozenset[str], o: Observation) -> Status:
    """ "After China, the US and South Korea": the same countries the source names, or
    unsettled when it names none."""
    if not claimed:
        return Status.NONE
    if not o.ranked_after:
        return Status.UNSETTLED
    recorded = {country_key(name) for name in o.ranked_after}
    return Status.MATCH if claimed == recorded else Status.CONFLICT


def _compare_ranks(ranks: tuple[Rank, ...], o: Observation) -> Status:
    if not ranks:
        return Status.NONE
    if o.rank is None:
        return Status.UNSETTLED
    for rank in ranks:
        if rank.of is not None and o.rank_of is not None and rank.of != o.rank_of:
            return Status.CONFLICT
        if o.qualifier == AMONG_THE_TOP:
            if rank.within and rank.rank == o.rank:
                return Status.MATCH
            if not rank.within and rank.rank > o.rank:
                return Status.CONFLICT
            return Status.UNSETTLED
        if rank.within:
            return Status.MATCH if o.rank <= rank.rank else Status.CONFLICT
        if rank.rank != o.rank:
            return Status.CONFLICT
    return Status.MATCH


def _compare_flow(flow: tuple[str, str] | None, o: Observation) -> Status:
    """The claim's direction against the record's, or where its measure says it is
    ("foreign trainees in Japan") when the record gives none."""
    if flow is None:
        return Status.NONE
    if o.from_country:
        return Status.MATCH if flow == (o.from_country, o.to_country) else Status.CONFLICT
    # Read from the measure's words, a direction can tell that a record is about
    # something else, not that the claim is wrong about it.
    recorded = read_flow(o.metric)
    if recorded is None:
        return Status.NONE
    return Status.MATCH if flow == recorded else Status.UNSETTLED


def _universal(record: Evidence) -> bool:
    return isinstance(record, Observation) and record.qualifier == AMONG_THE_TOP


def named_elsewhere(disagreeing: Comparison, comparisons: list[Comparison]) -> bool:
    """Whether the claim names another event more fully than the one that contradicts
    it: "a strategic partnership for peace and prosperity in Asia in 2009" names the
    2009 one, so the "Extensive" one of 2014 does not refute it."""
    if not isinstance(disagreeing.record, Event):
        return False
    return any(
        isinstance(other.record, Event)
        and other.named > disagreeing.named
        and other.coverage >= ABOUT_THE_SAME
        for other in comparisons
    )


def outnamed(agreeing: Comparison, comparisons: list[Comparison]) -> bool:
    """Whether another event the claim is about names it more fully than the one that
    agrees: "a strategic partnership in 2014" gives more of the 2009 "Strategic
    Partnership for Peace and Prosperity in Asia" than of the 2014 "Extensive" one, so
    2014's cannot support it."""
    if not isinstance(agreeing.record, Event):
        return False
    return any(
        isinstance(other.record, Event)
        and other.named > agreeing.named
        and other.coverage >= ABOUT_THE_SAME
        and Status.CONFLICT in other.statuses.values()
        for other in comparisons
    )


def jointly(claim: Claim, comparisons: list[Comparison]) -> list[Comparison]:
    """Records that support a part with several figures between them ("106 projects
    with a capital of about US$19.5 million"): each figure the match of one record
    that contradicts nothing else, and every topic word stated by one of them."""
    if len(claim.amounts) < 2:
        return []
    fitting = [
        c
        for c in comparisons
        if isinstance(c.record, Observation)
        and c.statuses.get("amount") is Status.UNSETTLED
        and all(
            status in (Status.MATCH, Status.NONE)
            for item, status in c.statuses.items()
            if item != "amount"
        )
    ]
    chosen: list[Comparison] = []
    for amount in claim.amounts:
        match = next((c for c in fitting if _status_of(amount, c.record) is Status.MATCH), None)
        if match is None:
            return []
        chosen.append(match)
    unstated = set.intersection(*(set(c.unstated) for c in chosen))
    unique = {id(c): c for c in chosen}
    return [] if unstated else list(unique.values())


def _status_of(amount: Amount, record: Evidence) -> Status:
    if not isinstance(record, Observation) or record.value is None:
        return Status.UNSETTLED
    if not _kind_fits(amount, record.unit):
        return Status.UNSETTLED
    return compare(amount, record.value, record.qualifier)


def _record_places(record: Evidence) -> set[str]:
    """The places a record names, by the lexicon's names."""
    if isinstance(record, Observation):
        return set()
    vocabulary = lexicon()
    places = vocabulary.places
    named = {places[name] for name in map(fold, record.places) if name in places}
    text = fold(f"{record.title} {record.summary}") if isinstance(record, Event) else ""
    if any(phrase in text for phrase in vocabulary.words("both_capitals", "phrases")):
        named |= {places[capital] for capital in vocabulary.capitals}
    return named


def _compare_places(claimed: frozenset[str], record: Evidence) -> Status:
    """ "Signed in Tokyo" against a record that names Paris contradicts it; against one
    that names no place, it is not settled."""
    if not claimed:
        return Status.NONE
    named = _record_places(record)
    if claimed <= named:
        return Status.MATCH
    return Status.CONFLICT if named else Status.UNSETTLED


def _people_roles(record: Event | Visit) -> list[tuple[str, str]]:
    people = [(p.name, p.role) for p in _record_persons(record)]
    return [(record.person, record.role), *people] if isinstance(record, Visit) else people


def _record_persons(record: Event | Visit) -> Iterable[Person]:
    return record.people if isinstance(record, Event) else record.counterparts


def _compare_roles(
    claimed: frozenset[str], named: list[PersonNames], record: Event | Visit
) -> Status:
    """The offices a claim gives must be those the record gives the people it names;
    a claim naming one person in another office than the record's contradicts it."""
    if not claimed:
        return Status.NONE
    roles = lexicon().roles
    names = {person.name for person in named}
    recorded = {
        roles.get(fold(role), fold(role))
        for name, role in _people_roles(record)
        if role and (not names or name in names)
    }
    if claimed <= recorded:
        return Status.MATCH
    if len(named) == 1 and recorded and not claimed & recorded:
        return Status.CONFLICT
    return Status.UNSETTLED


@functools.cache
def _country_words() -> frozenset[str]:
    return frozenset(w for name in lexicon().countries for w in canonical_words(name))


def _named_share(claim: Claim, record: Evidence) -> float:
    """How fully the claim names an event: the largest share of its title's words, or
    of an alias's ("Strategic Partnership"), that the claim's words give, and of two
    names given as fully, the longer ("extensive strategic partnership" names the
    Extensive one more than the Strategic one). 0 for other records: a measure or a
    visit is found by its topic and figures, not its name."""
    if not isinstance(record, Event):
        return 0.0
    given = spelled_out(canonical_words(claim.text))
    best = 0.0
    for name in (record.title, *record.aliases):
        words = set(canonical_words(name)) - stop_words() - _country_words()
        if words:
            found = len(words & given)
            best = max(best, found / len(words) + found / 1000)
    return best


def with_trends(
    claim: Claim, comparisons: list[Comparison], records: dict[int, Evidence]
) -> list[Comparison]:
    """Each comparison with the claim's trend compared too: "rose", "fell", "doubled",
    "up 50%" against the record of its baseline (or the one before it) in the same
    series. A figure of the claim that is the baseline's own is its figure, not the
    record's ("rose from $40bn in 2020 to $47.6bn in 2022")."""
    if claim.trend is None:
        return comparisons
    series = [r for r in records.values() if isinstance(r, Observation) and r.value is not None]
    return [_with_trend(claim, c, series) for c in comparisons]


def _with_trend(claim: Claim, comparison: Comparison, series: list[Observation]) -> Comparison:
    record = comparison.record
    statuses = dict(comparison.statuses)
    before = _previous(record, series, claim.baseline) if isinstance(record, Observation) else None
    statuses["trend"] = _compare_trend(claim.trend or "", record, before)
    if before is None and claim.opens_series and statuses["trend"] is Status.UNSETTLED:
        statuses["trend"] = Status.NONE  # the list's first level: where the series starts
    if claim.every_step and isinstance(record, Observation) and before is not None:
        statuses["trend"] = _worst([statuses["trend"], _every_step(claim, record, before, series)])
    if isinstance(record, Observation) and before is not None and claim.amounts:
        own = tuple(a for a in claim.amounts if _status_of(a, before) is not Status.MATCH)
        statuses["amount"] = _compare_change(own, record, before)
    return comparison._replace(statuses=statuses, before=before)


def _compare_change(
    amounts: tuple[Amount, ...], record: Observation, before: Observation
) -> Status:
    """The claim's figures against a level and the level before it: a percentage is
    the change between them ("up 50% on 2021"), any other figure the level's own."""
    changes = [a for a in amounts if a.kind == "percent" and record.unit != "percent"]
    levels = tuple(a for a in amounts if a not in changes)
    statuses = [_compare_amounts(levels, record)] if levels else []
    if changes and record.value is not None and before.value:
        change = abs(record.value - before.value) / before.value * 100
        statuses += [compare(a, change, "") for a in changes]
    return _worst(statuses) if statuses else Status.NONE


def _compare_trend(trend: str, record: Evidence, before: Observation | None) -> Status:
    """A change record ("an increase of 50%") matches its own direction; a level
    matches when the level before it in its series was lower (up), higher (down), half
    (double) or twice (halve)."""
    if not isinstance(record, Observation) or record.value is None:
        return Status.UNSETTLED
    verbs = change_words()
    changes = {verbs[w] for w in canonical_words(record.metric) if w in verbs}
    if changes:
        return Status.MATCH if trend in changes else Status.CONFLICT
    stated = _stated_trends(record)
    if stated:  # the source says so in words: "has grown rapidly"
        return Status.MATCH if trend in stated else Status.CONFLICT
    if before is None or before.value is None:
        return Status.UNSETTLED
    ratio = record.value / before.value if before.value else math.inf
    went = {"up": ratio > 1, "down": ratio < 1, "double": 1.9 <= ratio <= 2.1}
    went["halve"] = 0.45 <= ratio <= 0.55
    return Status.MATCH if went[trend] else Status.CONFLICT


def _every_step(
    claim: Claim, record: Observation, before: Observation, series: list[Observation]
) -> Status:
    """ "Rose every year from 2020 to 2022": each level of the series between the two
    against the one before it."""
    if before.when is None or record.when is None:
        return Status.UNSETTLED
    low, high = before.when.start.sort_key, record.when.end.sort_key
    steps = sorted(
        (o for o in series if _measure(o) == _measure(record) and o.when is not None
         and low <= o.when.start.sort_key and o.when.end.sort_key <= high),
        key=lambda o: o.when.start.sort_key if o.when else (0, 0, 0),
    )  # fmt: skip
    if len(steps) < 3:
        return Status.UNSETTLED  # no step between the ends to compare
    statuses = [
        _compare_trend(claim.trend or "", later, earlier)
        for earlier, later in itertools.pairwise(steps)
    ]
    return _worst(statuses)


def _stated_trends(record: Observation) -> set[str]:
    """The ways the record's note says its measure went, in the lexicon's verbs of
    change ("The article says the community has grown rapidly")."""
    trends = lexicon().trends
    return {trends[word] for word in fold(record.note or "").split() if word in trends}


def _previous(
    record: Observation, series: list[Observation], baseline: When | None
) -> Observation | None:
    """The observation of the same measure for the claim's baseline period, or for
    the period just before the record's (a year before, for yearly figures)."""
    if record.when is None:
        return None
    measure, start = _measure(record), record.when.start.sort_key
    earlier = [
        o
        for o in series
        if o.when is not None
        and _measure(o) == measure
        and o.when.is_span == record.when.is_span
        and o.when.end.sort_key < start
        and (o.qualifier or "") == "" == (record.qualifier or "")
        and (baseline is None or o.when == baseline)
    ]
    return max(earlier, key=lambda o: o.when.end.sort_key if o.when else (0, 0, 0), default=None)


def newest(candidates: dict[int, Evidence]) -> dict[int, Evidence]:
    """For a claim that gives no date ("Japan is now ..."): of each stock or rank, only
    the newest observation. A flow's figure needs the claim's period, so flows stay,
    to be found unsettled."""
    dated = {
        seq: (_measure(record), record.when.end.sort_key)
        for seq, record in candidates.items()
        if isinstance(record, Observation)
        and record.when is not None
        and (record.rank is not None or not record.when.is_span)
    }
    newest: dict[tuple[str, ...], tuple[int, ...]] = {}
    for key, end in dated.values():
        newest[key] = max(newest.get(key, end), end)
    return {
        seq: record
        for seq, record in candidates.items()
        if seq not in dated or newest[dated[seq][0]] == dated[seq][1]
    }


def _measure(record: Observation) -> tuple[str, ...]:
    """What an observation measures: a rank by its metric, a figure by its statistic,
    unit, direction and metric."""
    if record.rank is not None:
        return ("rank", record.metric)
    return (record.stat, record.unit or "", record.from_country or "", record.metric)


def same_measure(agreeing: Evidence, other: Evidence) -> bool:
    """Two sources differ only when they give the same measure for the same time."""
    if not isinstance(agreeing, Observation) or not isinstance(other, Observation):
        return False
    if agreeing.stat != other.stat or agreeing.unit != other.unit:
        return False
    if (agreeing.rank is None) != (other.rank is None) or agreeing.when != other.when:
        return False
    return {s.id for s in agreeing.sources} != {s.id for s in other.sources}
