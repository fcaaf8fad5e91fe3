"""vnjp timeline."""

from typing import Annotated, Optional

import typer

from vnjp import completion
from vnjp.commands.common import FromDate, ToDate, date_bound, examples, output_command, settings
from vnjp.results import Result

EPILOG = examples(
    "vnjp timeline --from 1990 --to 1999",
    "vnjp timeline --category visit --json",
    "vnjp timeline --source vns-50-years --format markdown",
)


@output_command
def timeline(
    ctx: typer.Context,
    first_year: FromDate = None,
    last_year: ToDate = None,
    category: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            help="Only this category (diplomacy, aid, trade, ...; 'visit' for visits).",
            autocompletion=completion.pack_names("category"),
            metavar="CATEGORY",
        ),
    ] = None,
    source: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            help="Only records citing this source id (see `vnjp sources`).",
            autocompletion=completion.pack_names("source"),
            metavar="SOURCE",
        ),
    ] = None,
) -> Result:
    """Events and leader visits in date order, each with its source."""
    from vnjp import query

    return query.timeline(
        settings(ctx).pack_index(),
        since=date_bound("--from", first_year),
        until=date_bound("--to", last_year),
        category=category,
        source=source,
    )
