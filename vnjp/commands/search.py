"""vnjp search."""

from typing import Annotated, Optional

import typer

from vnjp import completion
from vnjp.commands.common import examples, output_command, settings
from vnjp.results import Result

EPILOG = examples(
    "vnjp search kishida",
    'vnjp search "development assistance" --kind stat',
    "vnjp search 'Do Muoi' --json",
)


@output_command
def search(
    ctx: typer.Context,
    text: Annotated[
        str,
        typer.Argument(
            help="Words to look for: accents, case and name order do not matter, and "
            "abbreviations (FDI, ODA, EPA, PM, ...) find their full names.",
            metavar="QUERY",
            show_default=False,
        ),
    ],
    kind: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            help="Only records of this kind: event, visit, stat or source.",
            autocompletion=completion.KINDS,
            metavar="KIND",
        ),
    ] = None,
    limit: Annotated[
        Optional[int],  # noqa: UP045
        typer.Option(help="Show at most this many records.", min=1, metavar="N"),
    ] = None,
) -> Result:
    """Every record (events, visits, figures, sources) matching some words, best first."""
    from vnjp.search import search as search_pack

    return search_pack(settings(ctx).pack_index(), text, kind=kind, limit=limit)
