"""Figures, ranks and dates written as a person reads them: "about US$2.9 billion".

Used by the table and Markdown renderers and by `check`'s reasons alike.
"""

from __future__ import annotations

from vnjp.model import AMONG_THE_TOP, COUNTRY_NAMES, Event, Observation, PartialDate, Visit, When

_SCALES = ((1_000_000_000, "billion"), (1_000_000, "million"))


def _number(value: int | float) -> str:
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.6g}"
    return f"{int(value):,}"


def amount(value: int | float, unit: str) -> str:
    """29_300_000_000 USD -> "US$29.3 billion"; 30 percent -> "30%"; 5198 projects."""
    if unit == "percent":
        return f"{_number(value)}%"
    if unit == "USD":
        for scale, word in _SCALES:
            if abs(value) >= scale:
                return f"US${value / scale:.6g} {word}"
        return f"US${_number(value)}"
    return f"{_number(value)} {unit}".rstrip()


def ordinal(number: int) -> str:
    suffix = (
        "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    )
    return f"{number}{suffix}"


def figure(observation: Observation) -> str:
    """The figure with the source's hedge, then any rank, as one line."""
    o = observation
    parts = []
    if o.value is not None:
        written = amount(o.value, o.unit)
        if o.out_of is not None:
            number, _, unit = written.partition(" ")
            written = f"{number} of {_number(o.out_of)} {unit}".rstrip()
        parts.append(f"{o.qualifier} {written}".strip())
    if o.rank is not None:
        if o.qualifier == AMONG_THE_TOP and o.value is None:
            rank = f"among the top {o.rank}"
        else:
            rank = ordinal(o.rank)
            if o.rank_of is not None:
                rank += f" of {o.rank_of}"
        if o.ranked_after:
            rank += f" (after {', '.join(o.ranked_after)})"
        parts.append(rank if o.value is None else f"ranked {rank}")
    return "; ".join(parts)


def direction(from_country: str, to_country: str) -> str:
    if not from_country:
        return ""
    origin = COUNTRY_NAMES.get(from_country, from_country)
    return f"{origin} → {COUNTRY_NAMES.get(to_country, to_country)}"


def when_label(observation: Observation) -> str:
    if observation.period is not None:
        return str(observation.period)
    return f"as of {observation.as_of}"


def visit_title(visit: Visit) -> str:
    destination = COUNTRY_NAMES.get(visit.to_country, visit.to_country)
    return f"{visit.person} ({visit.role}): {visit.visit_type} to {destination}"


def date_label(record: Event | Visit) -> str:
    """A record's date as the tables write it; inferred dates marked with "*"."""
    date = "undated" if record.date is None else str(record.date)
    return f"{date} *" if record.inferred else date


_MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December",
)  # fmt: skip


_EN_DASH = "\u2013"


def _written_date(date: PartialDate, *, year: bool = True) -> str:
    words = [str(date.day) if date.day else "", _MONTH_NAMES[date.month - 1] if date.month else ""]
    if year:
        words.append(str(date.year))
    return " ".join(word for word in words if word)


def written_when(when: When) -> str:
    """A date or span as an article writes it: "21 September 1973", "April 1993",
    "27-30 November 2023", "January-July 2023", "1973-2023", with an en dash."""
    start, end = when.start, when.end
    if not when.is_span:
        return _written_date(start)
    same_precision = (start.month is None) == (end.month is None) and (start.day is None) == (
        end.day is None
    )
    if same_precision and start.year == end.year and start.month is not None:
        if start.day is not None and start.month == end.month:
            return f"{start.day}{_EN_DASH}{_written_date(end)}"
        return f"{_written_date(start, year=False)}{_EN_DASH}{_written_date(end)}"
    return f"{_written_date(start)}{_EN_DASH}{_written_date(end)}"


def record_when(record: Event | Visit | Observation) -> str:
    """A record's date as people read it, the one way tables and Markdown write it:
    "21 September 1973", "27-30 November 2023", "January-September 2023" (with an en
    dash), a figure's "as of 20 September 2023", or "undated"."""
    if isinstance(record, Observation):
        if record.period is not None:
            return written_when(record.period)
        return f"as of {written_when(record.as_of)}" if record.as_of else "undated"
    return "undated" if record.date is None else written_when(record.date)
