"""vnjp export."""

from pathlib import Path
from typing import Annotated

import typer

from vnjp.commands.common import examples, plural, settings
from vnjp.errors import UsageError
from vnjp.load import export_index
from vnjp.text import inert

EPILOG = examples(
    "vnjp export --sqlite pack.sqlite",
    'sqlite3 pack.sqlite "SELECT id, kind FROM records"',
)


def export(
    ctx: typer.Context,
    sqlite: Annotated[
        str,
        typer.Option(
            "--sqlite",
            help="Write the pack's compiled index to this SQLite file (replacing it), "
            "to query with sqlite3 or Datasette (sqlite3 FILE .schema lists its tables).",
            metavar="FILE",
            show_default=False,
        ),
    ],
) -> None:
    """Write the fact pack's SQLite index to a file of your choosing."""
    if not sqlite:
        raise UsageError("--sqlite needs a file name")
    given = settings(ctx)
    records = export_index(given.paths(), Path(sqlite))
    given.console.note(f"wrote {plural(records, 'record')} to {inert(sqlite, one_line=True)}")
