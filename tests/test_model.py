"""Partial dates and text folding: properties that hold for every input."""

from __future__ import annotations

import datetime
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vnjp.codec import fact_from_json, fact_json
from vnjp.model import Event, FactPack, Observation, PartialDate, Source, Visit, When
from vnjp.query import name_matches
from vnjp.text import fold, inert

days = st.dates(min_value=datetime.date(1000, 1, 1), max_value=datetime.date(9999, 12, 31))


@given(days, st.sampled_from(["year", "month", "day"]))
def test_a_partial_date_round_trips_at_its_precision(day: datetime.date, precision: str) -> None:
    text = {"year": "%Y", "month": "%Y-%m", "day": "%Y-%m-%d"}[precision]
    written = day.strftime(text)
    assert str(PartialDate.parse(written)) == written


@given(days, days)
def test_a_span_parses_when_in_order_and_fails_otherwise(
    a: datetime.date, b: datetime.date
) -> None:
    text = f"{a.isoformat()}/{b.isoformat()}"
    if a <= b:
        assert str(When.parse(text)) == (a.isoformat() if a == b else text)
    else:
        with pytest.raises(ValueError):
            When.parse(text)


def test_a_year_is_never_padded() -> None:
    assert str(When.parse("1994")) == "1994"
    assert not When.parse("1994").is_span


@given(st.integers(1, 9999), st.integers(1, 9999), st.integers(1, 9999))
def test_overlap_with_a_single_year(year: int, first: int, last: int) -> None:
    when = When.parse(f"{year:04d}")
    assert when.overlaps_years(first, last) == (first <= year <= last)


@pytest.mark.parametrize(
    ("text", "folded"),
    [("Đỗ Mười", "do muoi"), ("Việt Nam", "viet nam"), ("Nguyễn Phú Trọng", "nguyen phu trong")],
)
def test_fold_strips_accents_and_d_bar(text: str, folded: str) -> None:
    assert fold(text) == folded


@given(st.text())
def test_fold_is_idempotent(text: str) -> None:
    assert fold(fold(text)) == fold(text)


def test_names_match_in_either_order_without_accents() -> None:
    assert name_matches("fumio kishida", "Kishida Fumio")
    assert name_matches("nguyen phu", "Nguyễn Phú Trọng")
    assert not name_matches("kishida taro", "Kishida Fumio")


def _reference_inert(text: str, one_line: bool) -> str:
    """inert as a regex built from the same table: the slow, obvious version."""
    import re

    from vnjp.text import UNSAFE_RANGES

    ranges = "".join(f"\\U{low:08x}-\\U{high:08x}" for low, high in UNSAFE_RANGES)
    pattern = re.compile(f"[{ranges}\\n\\t]" if one_line else f"[{ranges}]")

    def escape(match: re.Match[str]) -> str:
        code = ord(match.group())
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    return pattern.sub(escape, text)


@given(
    st.text(
        alphabet=st.one_of(
            st.characters(),
            st.sampled_from("\n\t\r\x1b\x7f\x85\u061c\u200e\u2028\u202e\u2066\ud800\u00a0 "),
        )
    ),
    st.booleans(),
)
def test_inert_escapes_exactly_the_unsafe_characters(text: str, one_line: bool) -> None:
    assert inert(text, one_line=one_line) == _reference_inert(text, one_line)


SOURCE = Source("my-notes", "My notes", "Me", PartialDate(2024))


@pytest.mark.parametrize(
    "record",
    [
        Event(
            id="epa",
            date=When.parse("2008-12"),
            title="Economic Partnership Agreement signed",
            summary="Signed.",
            category="trade",
            sources=(SOURCE,),
            aliases=("EPA", "VJEPA", "Japan-Việt Nam EPA"),
        ),
        Event(id="undated", date=None, title="T", summary="S", category="trade", sources=(SOURCE,)),
        Visit(
            id="visit",
            date=When.parse("2002-04"),
            person="Koizumi Junichiro",
            role="Prime Minister",
            from_country="JP",
            to_country="VN",
            visit_type="visit",
            sources=(SOURCE,),
            aliases=("Reliable, long-term stable partnership",),
        ),
        Observation(
            id="grants",
            stat="oda",
            metric="non-refundable aid",
            sources=(SOURCE,),
            value=1_800_000_000,
            unit="USD",
            as_of=When.parse("2023"),
            aliases=("grant aid",),
        ),
    ],
    ids=["event", "event-without-aliases", "visit", "observation"],
)
def test_aliases_round_trip_through_a_records_json(record: Event | Visit | Observation) -> None:
    shape = fact_json(record)
    assert shape["aliases"] == list(record.aliases)
    assert fact_from_json(json.loads(json.dumps(shape, ensure_ascii=False))) == record


def test_every_bundled_record_round_trips_through_its_json(pack: FactPack) -> None:
    records: list[Event | Visit | Observation] = [*pack.events, *pack.visits, *pack.observations]
    for record in records:
        # A record cites its sources without their notes (`vnjp sources` lists those).
        cited = tuple(source._replace(note="") for source in record.sources)
        expected = record._replace(sources=cited)
        assert fact_from_json(json.loads(json.dumps(fact_json(record)))) == expected, record.id
