"""`--jq EXPR` on every command with JSON output, as gh's: strings raw, anything else
compact JSON, a line a result; a bad expression is a usage error in jq's words."""

from __future__ import annotations

import json

import pytest

from tests.conftest import run
from vnjp.cli import app

COMMANDS_WITH_JSON = [
    ("timeline",),
    ("leader-visits",),
    ("stat", "fdi"),
    ("sources",),
    ("search", "ODA"),
    ("check", "Japan is the largest ODA provider to Vietnam."),
]


@pytest.mark.parametrize("args", COMMANDS_WITH_JSON, ids=lambda args: args[0])
def test_jq_runs_on_the_commands_own_json(args: tuple[str, ...]) -> None:
    document = json.loads(run(*args, "--json").stdout)
    records = document if isinstance(document, list) else document["sentences"]
    result = run(*args, "--jq", "length")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"{len(records)}\n"


def test_strings_print_raw_and_other_values_as_compact_json() -> None:
    ids = run("timeline", "--jq", ".[].id").stdout.splitlines()
    document = json.loads(run("timeline", "--json").stdout)
    assert ids == [record["id"] for record in document]
    first = run("sources", "--jq", ".[0] | {id, records}").stdout
    assert first == '{"id":"trusted-partners","records":27}\n'


def test_jq_keeps_the_commands_exit_status() -> None:
    refuted = run("check", "Japan reopened aid to Vietnam in 1995.", "--jq", ".[0].verdict")
    assert (refuted.exit_code, refuted.stdout) == (1, "REFUTED\n")


def test_jq_may_come_before_the_command_and_with_fields() -> None:
    before = run("--jq", ".[0].id", "timeline")
    assert before.exit_code == 0 and before.stdout == "diplomatic-relations-1973\n"
    fields = run("timeline", "--fields", "id", "--jq", ".[0] | keys")
    assert fields.stdout == '["id"]\n'


@pytest.mark.parametrize("expression", [".[", "nonsense(", '.[] | error("no")'])
def test_a_bad_expression_is_a_usage_error_in_jqs_words(expression: str) -> None:
    result = run("timeline", "--jq", expression)
    assert result.exit_code == 2
    assert result.stderr.startswith("vnjp: error: --jq: ")
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_jq_asks_for_json_so_another_format_is_refused() -> None:
    result = run("stat", "fdi", "--jq", "length", "--format", "csv")
    assert result.exit_code == 2 and "--format csv" in result.stderr


def test_every_command_with_json_output_takes_jq() -> None:
    import typer

    command = typer.main.get_command(app)
    for name, sub in command.commands.items():  # type: ignore[attr-defined]
        options = {opt for param in sub.params for opt in getattr(param, "opts", [])}
        if "--json" in options:
            assert "--jq" in options, name
