"""The README is the front door: it shows every command and the test command CI runs."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import typer

from tests.conftest import ROOT
from vnjp.cli import app
from vnjp.commands import COMMANDS
from vnjp.search import KINDS


def test_the_usage_page_shows_every_command_with_its_output() -> None:
    usage = (ROOT / "docs" / "usage.md").read_text(encoding="utf-8")
    assert len(COMMANDS) == 13
    for name in COMMANDS:
        assert f"$ vnjp {name}" in usage, name


def test_the_readme_is_a_front_door_listing_every_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert 150 <= len(readme.splitlines()) <= 310
    for name in COMMANDS:
        assert f"| `vnjp {name}" in readme, name
    for page in ("docs/usage.md", "docs/cli.md", "docs/output.md", "docs/facts.md"):
        assert f"]({page})" in readme, page
    assert "](CONTRIBUTING.md)" in readme


def test_every_example_in_the_docs_is_current() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "update_docs.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_ci_runs_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    command = "ruff check . && ruff format --check . && mypy && python -m pytest"
    assert command in readme and command in ci


def _command(name: str) -> Any:
    root = typer.main.get_command(app)
    return root.get_command(typer.Context(root), name)  # type: ignore[attr-defined]


def test_every_option_has_help() -> None:
    for name in COMMANDS:
        sub = _command(name)
        assert sub.help, name
        for param in sub.params:
            if param.param_type_name == "option":
                assert param.help, f"{name} {param.name}"


def test_the_generated_cli_reference_is_current() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "update_cli_docs.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_search_help_names_every_kind() -> None:
    kind = next(p for p in _command("search").params if p.name == "kind")
    for name in KINDS:
        assert name in (kind.help or "")
