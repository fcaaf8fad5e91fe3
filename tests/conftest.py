"""Shared helpers: run the CLI in-process and check JSON output against the schema."""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import settings
from hypothesis.configuration import set_hypothesis_home_dir
from typer.testing import CliRunner

from vnjp.cli import app
from vnjp.codec import SCHEMA_FILE
from vnjp.index import Index
from vnjp.load import load_pack, open_index
from vnjp.model import FactPack

# The tests keep their parsed packs apart from the user's cache (subprocesses inherit it).
os.environ["VNJP_CACHE_DIR"] = tempfile.mkdtemp(prefix="vnjp-test-cache-")
# Property tests keep no example database: a test writes nothing outside a temporary
# folder, the checkout included; and no deadline: speed is measured by the bench
# scripts, never by a timed test (on a busy machine an example took 204 ms of 200).
settings.register_profile("vnjp", database=None, deadline=None)
settings.load_profile("vnjp")
set_hypothesis_home_dir(tempfile.mkdtemp(prefix="vnjp-test-hypothesis-"))

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
SEEDS = ROOT.parent / "shared" / "seeds"


@dataclass(frozen=True)
class Outcome:
    exit_code: int
    stdout: str
    stderr: str


def run(*args: str, env: dict[str, str] | None = None) -> Outcome:
    result = CliRunner().invoke(app, list(args), env=env)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Outcome(result.exit_code, result.stdout, result.stderr)


def run_json(*args: str) -> tuple[Outcome, list[dict[str, Any]]]:
    """Run a command with --json; its output must be valid against the schema."""
    outcome = run(*args, "--json")
    data = json.loads(outcome.stdout)
    jsonschema.validate(data, SCHEMA)
    return outcome, data


@pytest.fixture(scope="session")
def pack() -> FactPack:
    return load_pack()


@pytest.fixture(scope="session")
def index() -> Index:
    return open_index()
