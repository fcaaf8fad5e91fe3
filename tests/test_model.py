"""Partial dates and text folding: properties that hold for every input."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vnjp.model import PartialDate, When
from vnjp.query import name_matches
from vnjp.text import fold

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
