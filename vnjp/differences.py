"""Where the sources differ: two figures of the same measure, at the same time, from
sources that have none in common.

Two observations measure the same thing when they share a statistic, the kind of
figure (the unit, or a rank), the direction of the flow, and whether they are a flow
(a period) or a stock (an as-of date). They are compared when their times match: a
flow over the same span (January-July and January-September are different sums, not a
difference), a stock as of dates in the same year (each article gives the latest it
had; `same_time` says whether the dates themselves overlap). They differ when the
figure or its hedge differs. Whether the hedges overlap follows the rounding rule of
`check` (`vnjp.claims.amounts.fact_interval`): "about 30%" (20 to 40) and "over 30%"
(above 30, up to 40) can both hold.
"""

import itertools
from collections.abc import Iterable
from typing import NamedTuple, TypeVar

from vnjp.claims.amounts import fact_interval
from vnjp.codec import JSONDict, observation_json, source_ref
from vnjp.model import Observation, PartialDate, When
from vnjp.phrases import amount

CONFLICT_FIELDS = (
    "id", "kind", "stat", "metric", "unit", "figures", "difference", "relative",
    "hedges_overlap", "same_time", "sources",
)  # fmt: skip
_DAYS_IN_MONTH = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_AMONG_THE_TOP = "among the top"
_T = TypeVar("_T", float, tuple[int, int, int])


class Difference(NamedTuple):
    """Two figures of one measure from different sources, the earlier first."""

    first: Observation
    second: Observation
    # second minus first, in the unit (places for a rank); relative to the first.
    difference: float | None
    relative: float | None
    hedges_overlap: bool
    same_time: bool

    @property
    def unit(self) -> str:
        return "rank" if self.first.value is None else self.first.unit

    def involves(self, record_id: str) -> bool:
        return record_id in (self.first.id, self.second.id)

    def words(self) -> list[str]:
        """How the two differ, as a reader says it."""
        return difference_words(
            self.difference, self.relative, self.unit, self.hedges_overlap, self.same_time
        )

    def row(self) -> JSONDict:
        cited = {s.id: s for o in (self.first, self.second) for s in o.sources}
        return {
            "id": f"{self.first.id}/{self.second.id}",
            "kind": "conflict",
            "stat": self.first.stat,
            "metric": self.first.metric,
            "unit": self.unit,
            "figures": [observation_json(self.first), observation_json(self.second)],
            "difference": self.difference,
            "relative": self.relative,
            "hedges_overlap": self.hedges_overlap,
            "same_time": self.same_time,
            "sources": [source_ref(cited[key]) for key in sorted(cited)],
        }


def _first_day(date: PartialDate) -> tuple[int, int, int]:
    return (date.year, date.month or 1, date.day or 1)


def _last_day(date: PartialDate) -> tuple[int, int, int]:
    month = date.month or 12
    return (date.year, month, date.day or _DAYS_IN_MONTH[month - 1])


def _days(when: When) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
    """The first and last day a date or span covers (29 February counts as a last day
    in any year: only comparisons use it)."""
    return _first_day(when.start), _last_day(when.end)


def _overlap(one: tuple[_T, _T], other: tuple[_T, _T]) -> bool:
    """Whether two closed intervals meet."""
    return one[0] <= other[1] and other[0] <= one[1]


def _measure(o: Observation) -> tuple[str, ...]:
    figure = "rank" if o.value is None else f"value:{o.unit}"
    return (o.stat, figure, o.from_country, o.to_country, "flow" if o.period else "stock")


def _times_match(a: Observation, b: Observation) -> bool:
    if a.period is not None and b.period is not None:
        return _days(a.period) == _days(b.period)
    first, second = _days(a.when), _days(b.when)
    return first[0][0] <= second[1][0] and second[0][0] <= first[1][0]


def _interval(o: Observation) -> tuple[float, float]:
    """What a figure stands for: its hedged interval, or the places a rank spans."""
    if o.value is not None:
        return fact_interval(float(o.value), o.qualifier)
    rank = float(o.rank or 0)
    return (1.0, rank) if o.qualifier == _AMONG_THE_TOP else (rank, rank)


def _figure(o: Observation) -> tuple[object, str]:
    return (o.rank if o.value is None else o.value, o.qualifier)


def _difference(a: Observation, b: Observation) -> Difference:
    if a.value is not None and b.value is not None:
        change: float | None = b.value - a.value
        # Six decimals (a ten-thousandth of a percent) say all a reader can use.
        relative = None if a.value == 0 or change is None else round(change / a.value, 6)
    else:
        change = None if a.rank is None or b.rank is None else b.rank - a.rank
        relative = None
    return Difference(
        a,
        b,
        change,
        relative,
        _overlap(_interval(a), _interval(b)),
        _overlap(_days(a.when), _days(b.when)),
    )


def differences(observations: Iterable[Observation]) -> list[Difference]:
    """Every pair of figures from different sources that differ about one measure at
    one time, in the order of the fact files (the earlier figure of a pair first)."""
    groups: dict[tuple[str, ...], list[Observation]] = {}
    for o in observations:
        if o.value is not None or o.rank is not None:
            groups.setdefault(_measure(o), []).append(o)
    found = []
    for group in groups.values():
        for a, b in itertools.combinations(group, 2):
            shared = {s.id for s in a.sources} & {s.id for s in b.sources}
            if shared or _figure(a) == _figure(b) or not _times_match(a, b):
                continue
            if (b.when.sort_key, b.sources[0].id) < (a.when.sort_key, a.sources[0].id):
                a, b = b, a
            found.append(_difference(a, b))
    return found


def difference_words(
    difference: float | None,
    relative: float | None,
    unit: str,
    hedges_overlap: bool,
    same_time: bool,
) -> list[str]:
    """ "+US$100 million (+0.14%)", whether both can hold, and whether the dates
    differ: each a line."""
    lines = []
    if difference is not None and difference != 0:
        sign = "+" if difference > 0 else "-"
        if unit == "rank":
            places = abs(int(difference))
            lines.append(f"{sign}{places} place{'' if places == 1 else 's'}")
        else:
            share = f" ({sign}{abs(relative) * 100:.2g}%)" if relative is not None else ""
            lines.append(f"{sign}{amount(abs(difference), unit)}{share}")
    else:
        lines.append("the same figure, hedged differently")
    lines.append(
        "the hedges overlap: both can hold"
        if hedges_overlap
        else "the hedges do not overlap: both cannot hold"
    )
    if not same_time:
        lines.append("at different dates: the figure may have changed between them")
    return lines
