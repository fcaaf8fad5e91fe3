"""--color auto|always|never beside NO_COLOR and FORCE_COLOR, tried on a terminal and on
a pipe by handing the command line a Console of the test's choosing."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from vnjp.cli import app
from vnjp.console import Console

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _coloured(args: list[str], *, terminal: bool, **environ: str) -> bool:
    console = Console(stdout_isatty=terminal, environ={"VNJP_PAGER": "", **environ})
    result = CliRunner().invoke(app, [*args, "sources"], obj=console)
    assert result.exit_code == 0, result.output
    assert "vns-50-years" in result.stdout
    return bool(ANSI.search(result.stdout))


@pytest.mark.parametrize(
    ("args", "terminal", "environ", "coloured"),
    [
        ([], True, {}, True),
        ([], False, {}, False),
        ([], True, {"NO_COLOR": "1"}, False),
        ([], True, {"TERM": "dumb"}, False),
        ([], False, {"FORCE_COLOR": "1"}, True),
        (["--color", "auto"], True, {"NO_COLOR": ""}, False),
        (["--color", "always"], False, {"NO_COLOR": "1"}, True),
        (["--color", "always", "--format", "table"], False, {}, True),
        (["--color", "never"], True, {"FORCE_COLOR": "1"}, False),
        (["--color=never"], True, {}, False),
    ],
)
def test_color_as_asked_else_as_the_terminal_and_environment_say(
    args: list[str], terminal: bool, environ: dict[str, str], coloured: bool
) -> None:
    # A pipe gets lines; --format table asks for the table there too.
    table = [] if terminal or "--format" in args else ["--format", "table"]
    assert _coloured([*args, *table], terminal=terminal, **environ) is coloured


def test_color_may_follow_the_command() -> None:
    console = Console(stdout_isatty=False, environ={})
    result = CliRunner().invoke(
        app, ["sources", "--format", "table", "--color", "always"], obj=console
    )
    assert result.exit_code == 0
    assert ANSI.search(result.stdout)


def test_an_unknown_color_is_a_usage_error() -> None:
    result = CliRunner().invoke(app, ["--color", "sometimes", "sources"], obj=Console())
    assert result.exit_code == 2
    assert "'sometimes' is not one of 'auto', 'always', 'never'" in result.stderr
