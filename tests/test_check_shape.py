"""`check --json` has one shape: an array of verdicts, for one claim as for a batch, as
its help says; one claim still exits by its verdict."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from tests.conftest import SCHEMA, run, run_json
from vnjp.cli import app

CLAIM = "Japan is the largest ODA provider to Vietnam."


def test_one_claim_is_an_array_of_one_verdict() -> None:
    outcome, document = run_json("check", CLAIM)
    assert outcome.exit_code == 0
    assert isinstance(document, list) and [v["claim"] for v in document] == [CLAIM]


def test_one_claim_and_a_batch_of_one_print_the_same_array() -> None:
    batch = CliRunner().invoke(app, ["check", "-", "--json"], input=CLAIM + "\n")
    assert json.loads(batch.stdout) == json.loads(run("check", CLAIM, "--json").stdout)


def test_fields_keep_the_array() -> None:
    chosen = json.loads(run("check", CLAIM, "--json", "--fields", "verdict").stdout)
    assert chosen == [{"verdict": "SUPPORTED"}]


def test_the_schema_and_the_help_say_array() -> None:
    assert {"$ref": "#/$defs/verdict"} not in SCHEMA["oneOf"]
    help_text = run("check", "-h").stdout
    assert "JSON array" in help_text
