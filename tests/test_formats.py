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
from vnjp.codec import (
    EVENT_FIELDS,
    OBSERVATION_FIELDS,
    SOURCE_FIELDS,
    STAT_KEY_FIELDS,
    VISIT_FIELDS,
    event_json,
    observation_json,
    source_json,
    stat_key_json,
    visit_json,
)
from vnjp.model import FactPack
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


@pytest.mark.parametrize("args", [*COMMANDS, ("check", "Japan is the largest ODA provider.")])
def test_markdown_is_an_article_table_with_numbered_footnotes(args: tuple[str, ...]) -> None:
    outcome = run(*args, "--format", "markdown")
    assert outcome.exit_code == 0
    table, _, notes = outcome.stdout.partition("\n\n")
    header, separator, *rows = table.splitlines()
    headers = _cells(header)
    assert _cells(separator) == [" --- "] * len(headers)
    assert all(name.strip()[0].isupper() and "_" not in name for name in headers), headers
    data = json.loads(run(*args, "--json").stdout)
    records = data if isinstance(data, list) else [data]
    assert len(rows) == len(records)
    footnotes = dict(re.findall(r"^\[\^(\d+)\]: (.*)$", notes, re.MULTILINE))
    for row, record in zip(rows, records, strict=True):
        cells = _cells(row)
        assert len(cells) == len(headers), "no cell breaks the table"
        cited = record.get("sources") or [
            source for evidence in record.get("evidence", []) for source in evidence["sources"]
        ]
        if args == ("sources",) or args == ("stat",):
            continue
        numbers = re.findall(r"\[\^(\d+)\]", cells[headers.index(" Sources ")])
        assert numbers, "every record cites its sources"
        for number, source in zip(numbers, dict.fromkeys(s["id"] for s in cited), strict=True):
            title = next(s["title"] for s in cited if s["id"] == source)
            assert footnotes[number].startswith(title.replace("_", "\\_")), (number, source)
    assert sorted(map(int, footnotes)) == list(range(1, len(footnotes) + 1))


def test_markdown_writes_figures_and_dates_as_people_do() -> None:
    oda = run("stat", "oda", "--format", "markdown").stdout
    assert "| US$29.3 billion |" in oda and "| about 30% |" in oda and "| over 30% |" in oda
    assert "29300000000" not in oda and "percent" not in oda
    assert "| 3rd of 143 |" in run("stat", "fdi", "--format", "markdown").stdout
    visits = run("leader-visits", "--from", "2023", "--format", "markdown").stdout
    assert "| 27\u201330 November 2023 |" in visits and "| 6 September 2023\\* |" in visits
    assert "Vietnam-Japan: Trusted Partners, Extensive Cooperation, 28 November 2023." in visits
    trade = run("stat", "trade", "--format", "markdown").stdout
    assert "| January\u2013July 2023 |" in trade and "| nearly US$24.9 billion |" in trade


def test_markdown_with_fields_names_them_for_people_and_still_cites() -> None:
    outcome = run("stat", "fdi", "--fields", "value,id", "--format", "markdown").stdout
    assert outcome.splitlines()[0] == "| Figure | Id |"
    assert "| 106 projects | vn-projects-in-japan |" in outcome
    assert "\nSources:\n\n- Vietnam-Japan: Trusted Partners" in outcome
    cited = run("timeline", "--from", "2023", "--fields", "date,sources", "--format", "markdown")
    assert "| 27\u201330 November 2023 | [^1] |" in cited.stdout
    assert "\n[^1]: Vietnam-Japan: Trusted Partners" in cited.stdout


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


def test_the_documented_fields_are_what_json_writes(pack: FactPack) -> None:
    assert tuple(event_json(pack.events[0])) == EVENT_FIELDS
    assert tuple(visit_json(pack.visits[0])) == VISIT_FIELDS
    assert tuple(observation_json(pack.observations[0])) == OBSERVATION_FIELDS
    assert tuple(source_json(pack.sources[0], 1)) == SOURCE_FIELDS
    assert tuple(stat_key_json(pack.stat_keys[0], 1)) == STAT_KEY_FIELDS


def test_a_commands_csv_header_is_the_same_whatever_matched() -> None:
    header = run("timeline", "--format", "csv").stdout.splitlines()[0]
    for args in (
        ("--category", "visit"),
        ("--category", "aid"),
        ("--from", "1900", "--to", "1901"),
    ):
        outcome = run("timeline", *args, "--format", "csv")
        assert outcome.stdout.splitlines()[0] == header, args
    empty = run("timeline", "--from", "1900", "--to", "1901", "--format", "csv")
    assert (empty.exit_code, empty.stdout) == (1, header + "\n")
    assert "no event matches" in empty.stderr


@pytest.mark.parametrize("output_format", ["json", "jsonl", "csv", "markdown"])
def test_fields_selects_and_orders_the_fields(output_format: str) -> None:
    outcome = run("stat", "fdi", "--fields", "value,id", "--format", output_format)
    assert outcome.exit_code == 0
    full = _json("stat", "fdi")
    if output_format == "json":
        assert json.loads(outcome.stdout) == [{"value": r["value"], "id": r["id"]} for r in full]
    elif output_format == "jsonl":
        rows = [json.loads(line) for line in outcome.stdout.splitlines()]
        assert [list(row) for row in rows] == [["value", "id"]] * len(full)
    elif output_format == "csv":
        assert outcome.stdout.splitlines()[0] == "value,id"
    else:
        assert outcome.stdout.splitlines()[0] == "| Figure | Id |"


def test_an_unknown_field_suggests_the_nearest_and_lists_them_all() -> None:
    outcome = run("stat", "fdi", "--fields", "id,vlaue", "--json")
    assert outcome.exit_code == 2
    assert "unknown field 'vlaue'; did you mean 'value'?" in outcome.stderr
    assert "as_of" in outcome.stderr
    table = run("stat", "fdi", "--fields", "id")
    assert table.exit_code == 2 and "--fields goes with" in table.stderr
