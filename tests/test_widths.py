"""Tables at any width: every name, figure, date and source id of a command's JSON is
in its table, whole, at 40 to 200 columns; no line is wider than the terminal."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from rich.cells import cell_len

from tests.conftest import ROOT, run
from vnjp.model import When
from vnjp.phrases import amount, ordinal, written_when

WIDTHS = (40, 60, 80, 100, 200)
DRAFT = str(ROOT / "docs" / "examples" / "draft.md")

# Each table command, and the headers its table has.
COMMANDS: dict[tuple[str, ...], tuple[str, ...]] = {
    ("timeline",): ("Date", "Category", "What", "Source"),
    ("leader-visits",): ("Date", "Visitor", "Route", "Type", "Firsts and outcomes", "Source"),
    ("stat",): ("Key", "Name", "Measures", "Observations"),
    ("stat", "oda"): ("Metric", "Figure", "Period / as of", "Direction", "Source"),
    ("stat", "trade"): ("Metric", "Figure", "Period / as of", "Direction", "Source"),
    ("stat", "fdi"): ("Metric", "Figure", "Period / as of", "Direction", "Source"),
    ("sources",): ("Id", "Title", "Publisher", "Published", "Records", "Note"),
    ("search", "Japan"): ("Kind", "Date", "Id", "What", "Source", "Score"),
    ("check", "Japan is the largest ODA provider to Vietnam."): (
        "Claim",
        "Verdict",
        "Reason",
        "Evidence",
    ),
    ("review", DRAFT): ("Line", "Sentence", "Verdict", "Reason"),
}

# The fields whose values a table shows as written (names, dates, ids, titles).
SHOWN = {
    "date", "person", "role", "visit_type", "places", "title", "metric",
    "period", "name", "publisher", "claim", "verdict", "sentence",
}  # fmt: skip
_BOX = re.compile(r"[\s│┃|]+")


def _tokens(text: str) -> set[str]:
    return set(_BOX.split(text)) - {""}


def _values(row: dict[str, Any], kind: str) -> Iterator[str]:
    """Every name, figure, date and source id in a JSON row, as a table writes it."""
    for key, value in row.items():
        if key in ("date", "period") and isinstance(value, str) and kind != "check":
            yield written_when(When.parse(value))  # a table writes dates in words
        elif key in SHOWN and isinstance(value, str):
            yield value
        elif key in SHOWN and isinstance(value, list):
            yield from (item for item in value if isinstance(item, str))
        elif key in ("sources", "counterparts") and isinstance(value, list):
            yield from (item.get("id") or item["name"] for item in value)
        elif key == "evidence":
            for record in value:
                # check's table names the records; a review's gives each verdict's reason
                # and cites the sources under it.
                if kind == "check":
                    yield record["id"]
                    yield from _values(record, kind)
                else:
                    yield from (source["id"] for source in record["sources"])
    if row.get("value") is not None:
        yield amount(row["value"], row["unit"])
    if row.get("rank") is not None:
        yield ordinal(row["rank"])
    if row.get("as_of"):
        yield written_when(When.parse(row["as_of"]))
    if kind == "sources":
        yield row["id"]
        yield row["published"] or "undated"
    if kind == "stat-keys":
        yield row["id"]
    if "line" in row:
        yield str(row["line"])


def _json_rows(args: tuple[str, ...]) -> list[dict[str, Any]]:
    data = json.loads(run(*args, "--json").stdout)
    if isinstance(data, dict) and "sentences" in data:  # a review: its summary, then rows
        rows: list[dict[str, Any]] = data["sentences"]
        return rows
    return [data] if isinstance(data, dict) else data


def _kind(args: tuple[str, ...]) -> str:
    kinds: dict[tuple[str, ...], str] = {("sources",): "sources", ("stat",): "stat-keys"}
    return kinds.get(args, args[0])


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("args", list(COMMANDS), ids=lambda args: " ".join(args)[:20])
def test_a_table_shows_every_value_whole_at_any_width(args: tuple[str, ...], width: int) -> None:
    table = run(*args, "--format", "table", env={"COLUMNS": str(width)}).stdout
    tokens = _tokens(table)
    rows = _json_rows(args)
    assert rows
    for row in rows:
        for value in _values(row, _kind(args)):
            for word in value.split():
                # A word broken across lines would be in no token whole.
                assert any(word in token for token in tokens), (word, value, width)
    wide = [line for line in table.splitlines() if cell_len(line) > width]
    assert not wide, wide


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("args", list(COMMANDS), ids=lambda args: " ".join(args)[:20])
def test_headers_never_split_inside_a_word(args: tuple[str, ...], width: int) -> None:
    tokens = _tokens(run(*args, "--format", "table", env={"COLUMNS": str(width)}).stdout)
    for header in COMMANDS[args]:
        for word in header.split():
            assert word in tokens or f"{word}:" in tokens, (header, width)


def test_narrow_output_is_stacked_a_block_a_record() -> None:
    stacked = run("leader-visits", "--format", "table", env={"COLUMNS": "40"}).stdout
    visits = _json_rows(("leader-visits",))
    assert "┃" not in stacked
    assert stacked.count("\n" + "─" * 40 + "\n") == len(visits)
    assert [line for line in stacked.splitlines() if line.startswith("Visitor:")] == [
        f"Visitor:{' ' * 13}{visit['person']}" for visit in visits
    ]


def test_wide_output_is_a_table() -> None:
    table = run("leader-visits", "--format", "table", env={"COLUMNS": "200"}).stdout
    assert "┃ Date" in table
    assert "Visitor:" not in table


def test_a_pipe_without_columns_gets_a_table_of_whole_lines() -> None:
    table = run("stat", "oda", "--format", "table").stdout
    assert "┃ Metric" in table
    assert "Japanese ODA provided to Vietnam, total" in table


def test_absurd_widths_are_capped() -> None:
    table = run("stat", "oda", "--format", "table", env={"COLUMNS": "1000000000"}).stdout
    assert max(cell_len(line) for line in table.splitlines()) <= 1_000
