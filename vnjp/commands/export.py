"""vnjp export."""

from pathlib import Path
from typing import Annotated, Optional

import typer

from vnjp.commands.common import (
    FieldsOption,
    JqOption,
    JsonOption,
    Output,
    emit,
    examples,
    output_format,
    settings,
)
from vnjp.errors import UsageError
from vnjp.render import Format

EPILOG = examples(
    "vnjp export --sqlite pack.db --metadata metadata.json",
    "datasette pack.db --metadata metadata.json",
    'sqlite3 pack.db "SELECT date, title FROM timeline"',
    "vnjp export --format jsonl > pack.jsonl",
)

# Only these print the pack: a table or CSV of every kind of record at once reads badly.
_PRINTED = (Format.JSON, Format.JSONL)


def export(
    ctx: typer.Context,
    sqlite: Annotated[
        Optional[str],  # noqa: UP045 - Typer reads the annotation at run time on Python 3.10 too
        typer.Option(
            "--sqlite",
            help="Write the pack to this SQLite file (replacing it once the new one is "
            "whole): a table a kind of record, a typed column a field, sources linked, "
            "full-text search and views, for sqlite3, sqlite-utils or Datasette.",
            metavar="FILE",
            show_default=False,
        ),
    ] = None,
    metadata: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--metadata",
            help="With --sqlite, also write Datasette's metadata.json to this file: the "
            "title, the source articles, and what each table, column and view holds.",
            metavar="FILE",
            show_default=False,
        ),
    ] = None,
    as_json: JsonOption = False,
    jq: JqOption = None,
    chosen: Annotated[
        Optional[Format],  # noqa: UP045
        typer.Option(
            "--format",
            help="jsonl (a line a source, a statistic, then a record with its sources) "
            "or json: the whole pack on stdout, for pipelines, instead of --sqlite.",
            metavar="FORMAT",
            case_sensitive=False,
            show_default=False,
        ),
    ] = None,
    fields: FieldsOption = None,
) -> None:
    """Write the fact pack as a SQLite database for people and tools (--sqlite FILE),
    with Datasette's metadata (--metadata FILE); or print every source, statistic and
    record as JSON, each record with its sources (--format jsonl or json)."""
    output = Output(as_json, jq, chosen, fields)
    if sqlite is None:
        _print_pack(ctx, metadata, output)
        return
    if as_json or jq is not None or chosen is not None or fields is not None:
        raise UsageError("--sqlite writes a file and --format prints the records: give one")
    for option, given in (("--sqlite", sqlite), ("--metadata", metadata)):
        if given == "":
            raise UsageError(f"{option} needs a file name")
    from vnjp.publish import export_files

    described = None if metadata is None else Path(metadata)
    chosen_settings = settings(ctx)
    for line in export_files(chosen_settings.paths(), Path(sqlite), described):
        chosen_settings.console.note(line)


def _print_pack(ctx: typer.Context, metadata: str | None, output: Output) -> None:
    """`export` without --sqlite: every record printed as JSON (lines)."""
    if metadata is not None:
        raise UsageError("--metadata describes the database: give --sqlite FILE too")
    if output.chosen is None and not output.as_json and output.jq is None:
        raise UsageError("give --sqlite FILE for a database, or --format jsonl for JSON lines")
    if output_format(settings(ctx).console, output) not in _PRINTED:
        raise UsageError("export prints --format json or jsonl; --sqlite FILE writes a database")
    from vnjp.publish import Pack

    emit(ctx, Pack.read(settings(ctx).pack_index()), output)
