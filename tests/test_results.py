"""The result classes: one base holds the protocol; each result overrides what differs."""

from __future__ import annotations

import datetime

import pytest

from vnjp.errors import ExitStatus
from vnjp.model import Event, PartialDate, Source, When
from vnjp.results import (
    CheckResults,
    Label,
    Result,
    ReviewSummary,
    Sources,
    StatKeys,
    Timeline,
    Verdict,
    Visits,
)

SOURCE = Source("article", "An article", "A publisher", PartialDate(2023, 11))
OTHER = Source("another", "Another article", "", None)
EVENT = Event(
    "an-event", When.parse("1973-09-21"), "Relations established", "They begin.", "diplomacy",
    (SOURCE, OTHER),
)  # fmt: skip


class _Bare(Result):
    """A result that overrides nothing but what the base cannot know."""

    __slots__ = ("records",)

    def __init__(self, records: tuple[Event, ...]) -> None:
        self.records = records

    def fields(self) -> tuple[str, ...]:
        return ("id",)

    def nothing_found(self) -> str:
        return "none"


def test_a_result_with_no_override_gets_the_bases_protocol() -> None:
    found, empty = _Bare((EVENT,)), _Bare(())
    assert found.status() is ExitStatus.OK
    assert empty.status() is ExitStatus.NOTHING_FOUND
    assert found.document() == found.rows() == [Timeline((EVENT,)).rows()[0]]
    assert found.rows()[0]["id"] == "an-event"
    assert [source.id for source in found.cited()] == ["another", "article"]
    assert empty.document() == []


def test_results_hold_only_their_slots() -> None:
    result = Visits((), "Kishida Fumio")
    with pytest.raises(AttributeError):
        result.extra = 1  # type: ignore[attr-defined]
    assert not hasattr(result, "__dict__")


def test_results_compare_and_show_by_their_fields() -> None:
    assert Timeline((EVENT,)) == Timeline((EVENT,))
    assert Timeline((EVENT,)) != Timeline(())
    assert Visits(()) != Timeline(())
    assert repr(Visits((), "x")) == "Visits(records=(), suggestion='x')"


def test_a_result_overrides_only_what_differs() -> None:
    # Each override differs from the base's answer where the base's would be wrong.
    assert StatKeys(()).cited() == []
    assert Sources((), None).status() is ExitStatus.NOTHING_FOUND
    batch = CheckResults((), False, datetime.date(2024, 1, 1))
    assert batch.status() is ExitStatus.OK  # a batch checked exits 0, even empty
    overridden = {
        name
        for kind in (Timeline, Visits, StatKeys, Sources, CheckResults)
        for name in ("status", "document")
        if getattr(kind, name) is not getattr(Result, name)
    }
    assert overridden == {"status"}


def test_the_records_of_results_compare_and_hash_by_their_fields() -> None:
    one = Verdict("a claim", Label.REFUTED, "why", (EVENT,))
    assert one == Verdict("a claim", Label.REFUTED, "why", (EVENT,), ())
    assert one != Verdict("a claim", Label.SUPPORTED, "why", (EVENT,))
    assert len({one, Verdict("a claim", Label.REFUTED, "why", (EVENT,))}) == 1
    assert not hasattr(one, "__dict__")


def test_a_reviews_counts_keep_the_order_the_summary_writes() -> None:
    summary = ReviewSummary(1, 2, 3, 4)
    assert list(summary.counts().items()) == [
        ("refuted", 1), ("supported", 2), ("not_enough_info", 3), ("not_checked", 4),
    ]  # fmt: skip
    assert summary.line() == "1 refuted, 2 supported, 3 not enough info, 4 not checked"
