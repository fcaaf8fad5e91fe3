"""vnjp sources."""

import typer

from vnjp.commands.common import examples, output_command, settings
from vnjp.results import Result

EPILOG = examples(
    "vnjp sources",
    "vnjp sources --json",
)


@output_command
def sources(ctx: typer.Context) -> Result:
    """The sources of the fact pack and the date it is current to."""
    from vnjp import query

    return query.sources(settings(ctx).pack_index())
