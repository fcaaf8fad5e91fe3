"""Write docs/cli.md from the app itself, with Typer's own Markdown generator (the one
behind `typer MODULE utils docs`), so the reference always matches `--help`.

Run from the checkout: python scripts/update_cli_docs.py [--check]
With --check it writes nothing and exits 1 when docs/cli.md is out of date.

`typer vnjp.cli utils docs` itself cannot load vnjp.cli: it runs the module without
registering it in sys.modules, which dataclasses with postponed annotations need.
"""

from __future__ import annotations

import sys
from pathlib import Path

import typer
from typer.cli import get_docs_for_click

from vnjp.cli import app

CLI_DOCS = Path(__file__).resolve().parent.parent / "docs" / "cli.md"


def cli_docs() -> str:
    command = typer.main.get_command(app)
    context = typer.Context(command, info_name="vnjp")
    docs = get_docs_for_click(obj=command, ctx=context, name="vnjp")
    return docs.strip() + "\n"


def main() -> None:
    docs = cli_docs()
    if "--check" in sys.argv[1:]:
        if CLI_DOCS.read_text(encoding="utf-8") != docs:
            sys.exit(f"{CLI_DOCS} is out of date: run python scripts/update_cli_docs.py")
        return
    CLI_DOCS.write_text(docs, encoding="utf-8")


if __name__ == "__main__":
    main()
