"""vnjp stat."""

from typing import Annotated, Optional

import typer

from vnjp import completion
from vnjp.commands.common import examples, output_command, settings
from vnjp.results import Result

EPILOG = examples(
    "vnjp stat",
    "vnjp stat oda",
    "vnjp stat trade --json",
)


@output_command
def stat(
    ctx: typer.Context,
    key: Annotated[
        Optional[str],  # noqa: UP045
        typer.Argument(
            help="A statistic key such as fdi, oda or trade; leave out to list them.",
            autocompletion=completion.pack_names("stat"),
            metavar="KEY",
        ),
    ] = None,
) -> Result:
    """Every figure of one statistic with its hedge, date and source; or list the keys."""
    from vnjp import query

    index = settings(ctx).pack_index()
    return query.stat_keys(index) if key is None else query.stat(index, key)
