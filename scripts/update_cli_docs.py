"""Write docs/cli.md from the app itself, with Typer's own Markdown generator (the one
behind `typer MODULE utils docs`), so the reference always matches `--help`; and
vnjp/completion_table.py, the commands and options a Tab press is answered from
before Typer is imported.

Run from the checkout: python scripts/update_cli_docs.py [--check]
With --check it writes nothing and exits 1 when either file is out of date.

`typer vnjp.cli utils docs` itself cannot load vnjp.cli: it runs the module without
registering it in sys.modules, which dataclasses with postponed annotations need.
"""

from __future__ import annotations

import sys
from pathlib import Path

import typer
from typer.cli import get_docs_for_click

from vnjp.cli import app
from vnjp.completion_click import table_module

CLI_DOCS = Path(__file__).resolve().parent.parent / "docs" / "cli.md"
COMPLETION_TABLE = Path(__file__).resolve().parent.parent / "vnjp" / "completion_table.py"


def cli_docs() -> str:
    command = typer.main.get_command(app)
    context = typer.Context(command, info_name="vnjp")
    docs = get_docs_for_click(obj=command, ctx=context, name="vnjp")
    return docs.strip() + "\n"


def completion_table() -> str:
    group = typer.main.get_command(app)
    assert isinstance(group, typer.core.TyperGroup)
    return table_module(group)


def main() -> None:
    made = {CLI_DOCS: cli_docs(), COMPLETION_TABLE: completion_table()}
    if "--check" in sys.argv[1:]:
        for path, text in made.items():
            if path.read_text(encoding="utf-8") != text:
                sys.exit(f"{path} is out of date: run python scripts/update_cli_docs.py")
        return
    for path, text in made.items():
        path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
