"""vnjp show."""

from typing import Annotated

import typer

from vnjp.commands.common import examples, output_command, settings
from vnjp.results import Result

EPILOG = examples(
    "vnjp show fdi-capital-2023-09",
    "vnjp show oda-share-vns trusted-partners --json",
    "vnjp show do-muoi-1995 --format markdown",
)


@output_command
def show(
    ctx: typer.Context,
    ids: Annotated[
        list[str],
        typer.Argument(
            help="Ids of records or sources (as search, stat and sources print them).",
            metavar="ID...",
            show_default=False,
        ),
    ],
) -> Result:
    """Every field of each record (or source) named, its sources written out, the other
    records that cite the same sources, and the other source's figure where the two
    differ. An unknown id is a usage error naming the closest."""
    from vnjp import research

    return research.show(settings(ctx).pack_index(), ids)
