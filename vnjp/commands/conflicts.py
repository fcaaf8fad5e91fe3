"""vnjp conflicts."""

from typing import Annotated, Optional

import typer

from vnjp import completion
from vnjp.commands.common import examples, output_command, settings
from vnjp.results import Result

EPILOG = examples(
    "vnjp conflicts",
    "vnjp conflicts fdi",
    "vnjp conflicts --format csv",
)


@output_command
def conflicts(
    ctx: typer.Context,
    key: Annotated[
        Optional[str],  # noqa: UP045
        typer.Argument(
            help="Only this statistic (fdi, oda, trade, ...); leave out for all.",
            autocompletion=completion.pack_names("stat"),
            metavar="KEY",
        ),
    ] = None,
) -> Result:
    """Every place the sources give different figures (or hedges) for the same measure
    at the same or overlapping time: both figures and sources, the difference, and
    whether the hedges overlap. Exit 0 with the list, empty or not."""
    from vnjp import research

    return research.conflicts(settings(ctx).pack_index(), key)
