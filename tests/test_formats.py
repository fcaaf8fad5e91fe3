"""--format jsonl, csv and markdown carry the same records as --json."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from typer.testing import CliRunner

from tests.conftest import run
from vnjp.cli import app
from vnjp.render.flat import cell

COMMANDS = [
    ("timeline",),
    ("leader-visits",),
    ("stat",),
    ("stat", "fdi"),
    ("sources",),
    ("search", "kishida"),
]


def _json(*args: str) -> list[dict[str, object]]:
    data = json.loads(run(*args, "--json").stdout)
    assert isinstance(data, list)
    return data


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_jsonl_is_the_json_records_one_a_line(args: tuple[str, ...]) -> None:
    outcome = run(*args, "--format", "jsonl")
    assert outcome.exit_code == 0
    assert [json.loads(line) for line in outcome.stdout.splitlines()] == _json(*args)


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_csv_round_trips_the_json_records(args: tuple[str, ...]) -> None:
    outcome = run(*args, "--format", "csv-raw")
    assert outcome.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(outcome.stdout)))
    records = _json(*args)
    assert len(rows) == len(records)
    for row, record in zip(rows, records, strict=True):
        assert row == {key: cell(key, record.get(key)) for key in row}
        if "sources" in record:
            assert row["sources"], "every record keeps its sources"


def _cells(line: str) -> list[str]:
    return re.split(r"(?<!\\)\|", line.strip())[1:-1]


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_markdown_is_a_table_with_its_sources(args: tuple[str, ...]) -> None:
    outcome = run(*args, "--format", "markdown")
    assert outcome.exit_code == 0
    table, _, footer = outcome.stdout.partition("\n\nSources:\n\n")
    header, separator, *rows = table.splitlines()
    width = len(_cells(header))
    assert _cells(separator) == [" --- "] * width
    assert len(rows) == len(_json(*args))
    assert all(len(_cells(row)) == width for row in rows), "no cell breaks the table"
    if args != ("stat",):
        assert "- trusted-partners: " in footer or "- vns-50-years: " in footer


def test_check_batches_as_jsonl_and_csv() -> None:
    claims = "Japan reopened aid to Vietnam in 1992.\nJapan reopened aid in 1995.\n"
    jsonl = CliRunner().invoke(app, ["check", "-", "--format", "jsonl"], input=claims)
    verdicts = [json.loads(line) for line in jsonl.stdout.splitlines()]
    assert [v["verdict"] for v in verdicts] == ["SUPPORTED", "REFUTED"]
    table = CliRunner().invoke(app, ["check", "-", "--format", "csv"], input=claims)
    rows = list(csv.DictReader(io.StringIO(table.stdout)))
    assert [row["verdict"] for row in rows] == ["SUPPORTED", "REFUTED"]
    assert rows[0]["evidence"] == "aid-reopened-1992 (vns-50-years)"


def test_json_and_another_format_is_a_usage_error() -> None:
    outcome = run("sources", "--json", "--format", "csv")
    assert outcome.exit_code == 2
    assert "--json and --format csv" in outcome.stderr
    assert run("sources", "--json", "--format", "json").exit_code == 0
    assert run("sources", "--format", "yaml").exit_code == 2
