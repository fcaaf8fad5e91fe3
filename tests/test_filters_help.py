"""Filters and help as people use them: --from/--to take a year, a year-month or a
date; help fits the terminal and names no file an installed copy lacks; output options
work before the command; a bare `vnjp` prints the help and exits 0."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
import typer

from tests.conftest import run, run_json
from vnjp.cli import app

COMMANDS = [
    info.name or (info.callback.__name__.replace("_", "-") if info.callback else "")
    for info in app.registered_commands
]


def _ids(*args: str) -> list[str]:
    return [record["id"] for record in run_json(*args)[1]]


def test_from_a_year_month_keeps_records_that_can_fall_after_it() -> None:
    ids = _ids("timeline", "--from", "2023-09")
    # A record of 2023 can fall in September or later; one of July 2023 cannot.
    assert "anniversary-50-years-2023" in ids and "otsuji-hidehisa-2023" in ids
    assert "vo-van-thuong-2023" in ids
    assert all(not record_id.endswith(("2022", "2015")) for record_id in ids)
    assert _ids("timeline", "--from", "2023") == _ids("timeline", "--from", "2023-01-01")


def test_to_and_from_at_any_precision() -> None:
    assert _ids("leader-visits", "--from", "2023-11-28") == ["vo-van-thuong-2023"]
    assert _ids("leader-visits", "--from", "2023-09-06", "--to", "2023-09-06") == [
        "otsuji-hidehisa-2023"
    ]
    assert "vo-van-thuong-2023" not in _ids("leader-visits", "--to", "2023-10")
    assert _ids("timeline", "--from", "1973-09", "--to", "1973-09") == ["diplomatic-relations-1973"]


@pytest.mark.parametrize("given", ["2023-13", "2023-9x", "sept", "2023-02-30", "20230"])
def test_a_bound_that_is_no_date_is_a_plain_usage_error(given: str) -> None:
    outcome = run("timeline", "--from", given)
    assert outcome.exit_code == 2
    assert "give a year, year-month or date, e.g. 2023 or 2023-09" in outcome.stderr
    assert "Traceback" not in outcome.stderr


def test_from_after_to_compares_at_each_precision() -> None:
    outcome = run("timeline", "--from", "2023-10", "--to", "2023-09")
    assert outcome.exit_code == 2 and "--from 2023-10 is after --to 2023-09" in outcome.stderr
    assert run("timeline", "--from", "2023-09", "--to", "2023").exit_code == 0


@pytest.mark.parametrize("width", [60, 80, 100])
@pytest.mark.parametrize("command", ["", *COMMANDS])
def test_help_fits_the_terminal(command: str, width: int) -> None:
    if width == 60 and command == "cite":
        pytest.skip("cite's examples are longer than 56 columns")
    # A real process: the help is as wide as the terminal Click finds (COLUMNS).
    text = subprocess.run(
        [sys.executable, "-m", "vnjp", *([command] if command else []), "-h"],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": str(width)},
        check=True,
    ).stdout
    assert text.strip()
    wide = [line for line in text.splitlines() if len(line) > width]
    assert not wide, wide


def test_help_names_no_file_of_the_repository() -> None:
    command = typer.main.get_command(app)
    texts = [run("-h").stdout, *(run(name, "-h").stdout for name in COMMANDS)]
    assert command
    for text in texts:
        assert "docs/" not in text and "output.schema.json" not in text and "usage.md" not in text


@pytest.mark.parametrize(
    "args",
    [
        ["--json", "timeline", "--to", "1975"],
        ["--format", "json", "timeline", "--to", "1975"],
        ["--format=json", "timeline", "--to", "1975"],
        ["--ascii", "--json", "timeline", "--to", "1975"],
    ],
)
def test_output_options_before_the_command(args: list[str]) -> None:
    outcome = run(*args)
    assert outcome.exit_code == 0, outcome.stderr
    assert [record["id"] for record in json.loads(outcome.stdout)] == [
        "diplomatic-relations-1973",
        "embassies-opened-1975",
    ]


def test_fields_before_the_command() -> None:
    outcome = run("--format", "csv", "--fields", "id", "leader-visits", "--by", "JP")
    assert outcome.exit_code == 0
    assert outcome.stdout.splitlines()[:2] == ["id", "murayama-tomiichi-1994"]


def test_a_bare_vnjp_prints_the_help_and_exits_0() -> None:
    outcome = run()
    assert outcome.exit_code == 0
    assert outcome.stdout.startswith("Usage: vnjp [OPTIONS] COMMAND [ARGS]...")
    assert "timeline" in outcome.stdout and outcome.stderr == ""
