"""Figures and dates for people: one function writes a record's date (vnjp.phrases),
the table and Markdown alike; a table never splits an amount or a date in words across
lines; the lines a pipe gets keep JSON's ISO dates."""

from __future__ import annotations

import re

import pytest
from rich.text import Text

from tests.conftest import run
from vnjp.model import Event, FactPack, Observation, Visit
from vnjp.phrases import amount, record_when
from vnjp.render.table import _rewrapped

WIDTHS = ("40", "60", "80", "100", "200")
# Amounts with their scale and dates in words, as the tables write them.
WHOLE = re.compile(
    r"(?:nearly |over |about |more than )?US\$[\d.]+ (?:billion|million)"
    r"|(?:\d{1,2}\u2013)?\d{1,2} [A-Z][a-z]+ \d{4}|[A-Z][a-z]+\u2013[A-Z][a-z]+ \d{4}"
)


def _record(pack: FactPack, record_id: str) -> Event | Visit | Observation:
    records: list[Event | Visit | Observation] = [*pack.events, *pack.visits, *pack.observations]
    return next(record for record in records if record.id == record_id)


@pytest.mark.parametrize(
    ("record_id", "written"),
    [
        ("diplomatic-relations-1973", "21 September 1973"),
        ("vo-van-thuong-2023", "27\u201330 November 2023"),
        ("trade-2023-jan-sep", "January\u2013September 2023"),
        ("fdi-capital-2023-09", "as of 20 September 2023"),
        ("fdi-rank-50-years", "1973\u20132023"),
    ],
)
def test_one_function_writes_a_records_date(pack: FactPack, record_id: str, written: str) -> None:
    assert record_when(_record(pack, record_id)) == written


def test_the_table_and_markdown_write_the_same_dates() -> None:
    markdown = run("leader-visits", "--format", "markdown").stdout
    table = run("leader-visits", "--format", "table").stdout
    for date in ("27\u201330 November 2023", "6 September 2023", "April 1993"):
        assert date in markdown and date in table
    assert "2023-11-27/2023-11-30" not in table


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(
    "args", [("stat", "trade"), ("stat", "oda"), ("stat", "fdi"), ("leader-visits",)]
)
def test_a_table_never_splits_an_amount_or_a_date(args: tuple[str, ...], width: str) -> None:
    table = run(*args, "--format", "table", env={"COLUMNS": width}).stdout
    one_line = run(*args, "--format", "table").stdout  # unlimited: nothing wrapped
    wanted = set(WHOLE.findall(one_line))
    assert wanted
    found = {phrase for line in table.splitlines() for phrase in WHOLE.findall(line)}
    assert wanted <= found, (sorted(wanted - found), width)


def test_a_cell_wraps_around_an_amount_kept_whole() -> None:
    cell = Text("the total came to about US$29.3 billion in 2023")
    lines = _rewrapped(cell, 22).plain.split("\n")
    assert "about US$29.3 billion" in lines or "US$29.3 billion in 2023" in lines
    assert all(len(line) <= 22 for line in lines)
    assert amount(29_300_000_000, "USD") == "US$29.3 billion"


def test_the_lines_for_scripts_keep_iso_dates() -> None:
    lines = run("leader-visits").stdout
    assert "\t2023-11-27/2023-11-30\t" not in lines  # the date column comes first
    assert "\n2023-11-27/2023-11-30\tvo-van-thuong-2023\t" in lines
    assert "\n2022 (inferred)\tkishida-fumio-2022\t" in lines
