"""The README is the front door: it shows every command and the test command CI runs."""

from __future__ import annotations

import subprocess
import sys

import typer

from tests.conftest import ROOT
from vnjp.cli import app
from vnjp.search import KINDS


def test_the_readme_shows_every_command_with_its_output() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    names = [
        info.name or (info.callback.__name__ if info.callback else "")
        for info in app.registered_commands
    ]
    assert names
    for name in names:
        assert f"$ vnjp {name}" in readme, name


def test_ci_runs_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    command = "ruff check . && ruff format --check . && mypy && python -m pytest"
    assert command in readme and command in ci


def test_every_option_has_help() -> None:
    command = typer.main.get_command(app)
    for name, sub in command.commands.items():  # type: ignore[attr-defined]
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
    command = typer.main.get_command(app)
    kind = next(p for p in command.commands["search"].params if p.name == "kind")  # type: ignore[attr-defined]
    for name in KINDS:
        assert name in (kind.help or "")
