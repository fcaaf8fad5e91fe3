"""The JSON Schema ships in the package and `vnjp schema` prints it: the contract a
script reads, which the real output of every command with JSON follows."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import typer

from tests.conftest import ROOT, SCHEMA, run
from tests.factfiles import event, write_facts
from vnjp.cli import app
from vnjp.codec import SCHEMA_FILE

# Each command with JSON output, as a user would run it; the test below fails when a
# command is added without a line here.
COMMAND_LINES = {
    "timeline": ["timeline"],
    "leader-visits": ["leader-visits", "--by", "JP"],
    "stat": ["stat", "fdi"],
    "sources": ["sources"],
    "search": ["search", "kishida"],
    "check": ["check", "Japan is the largest ODA provider to Vietnam."],
    "review": ["review", str(ROOT / "docs" / "examples" / "draft.md")],
    "show": ["show", "fdi-capital-2023-09", "trusted-partners"],
    "cite": ["cite", "fdi-capital-2023-09", "--with-fact"],
    "conflicts": ["conflicts"],
    "export": ["export"],
}
# Commands that print no JSON: they report on files, or print the schema itself.
WITHOUT_JSON = {"validate", "schema"}


def _command_names() -> set[str]:
    command = typer.main.get_command(app)
    return set(command.list_commands(typer.Context(command)))  # type: ignore[attr-defined]


def test_the_schema_is_in_the_package_and_nowhere_else() -> None:
    assert SCHEMA_FILE.parent == ROOT / "vnjp"
    assert not list((ROOT / "docs").rglob("*.schema.json"))


def test_vnjp_schema_prints_the_packaged_file_a_valid_schema() -> None:
    outcome = run("schema")
    assert outcome.exit_code == 0, outcome.stderr
    assert outcome.stdout == SCHEMA_FILE.read_text(encoding="utf-8")
    printed = json.loads(outcome.stdout)
    jsonschema.Draft202012Validator.check_schema(printed)
    assert printed == SCHEMA


def test_vnjp_schema_runs_jq_on_the_schema() -> None:
    outcome = run("schema", "--jq", '."$defs" | keys | .[]')
    assert outcome.exit_code == 0, outcome.stderr
    assert outcome.stdout.split() == sorted(SCHEMA["$defs"])


def test_the_help_lists_schema_and_names_no_file_of_the_repository() -> None:
    commands = run("-h").stdout.split("Commands:", 1)[1]
    assert "  schema " in commands
    text = run("schema", "-h").stdout
    assert "JSON Schema" in text
    assert "docs/" not in text and "output.schema.json" not in text


def test_every_command_with_json_output_has_a_command_line_here() -> None:
    assert set(COMMAND_LINES) == _command_names() - WITHOUT_JSON


@pytest.mark.parametrize("name", sorted(COMMAND_LINES))
def test_the_real_json_of_every_command_follows_the_schema(name: str) -> None:
    outcome = run(*COMMAND_LINES[name], "--json")
    assert outcome.exit_code in (0, 1, 3), outcome.stderr
    document = json.loads(outcome.stdout)
    assert document
    jsonschema.validate(document, SCHEMA)


@pytest.mark.parametrize("name", ["timeline", "search", "show", "cite"])
def test_a_user_pack_follows_the_schema(name: str, tmp_path: Path) -> None:
    mine = write_facts(tmp_path, "mine.toml", {"events": [event("my-event")]})
    line = {
        "timeline": ["timeline", "--from", "2024"],
        "search": ["search", "title of my-event"],
        "show": ["show", "my-event"],
        "cite": ["cite", "my-event"],
    }[name]
    outcome = run("--facts", str(mine), *line, "--json")
    assert outcome.exit_code == 0, outcome.stderr
    document = json.loads(outcome.stdout)
    assert "my-event" in outcome.stdout
    jsonschema.validate(document, SCHEMA)
