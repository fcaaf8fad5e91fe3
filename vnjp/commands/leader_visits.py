"""vnjp leader-visits."""

from typing import Annotated, Optional

import typer

from vnjp import completion
from vnjp.commands.common import FromDate, ToDate, date_bound, examples, output_command, settings
from vnjp.results import Result

EPILOG = examples(
    "vnjp leader-visits --by JP",
    "vnjp leader-visits --person kishida",
    "vnjp leader-visits --from 2015 --format csv",
)


@output_command
def leader_visits(
    ctx: typer.Context,
    first_year: FromDate = None,
    last_year: ToDate = None,
    by: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            help="Only visits made by this country: VN or JP.",
            metavar="VN|JP",
            autocompletion=completion.COUNTRIES,
        ),
    ] = None,
    person: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            help="Only visits by or hosted by this person (accents optional).",
            autocompletion=completion.pack_names("person"),
            metavar="NAME",
        ),
    ] = None,
) -> Result:
    """Visits of leaders between the two countries, with the firsts and outcomes."""
    from vnjp import query

    return query.leader_visits(
        settings(ctx).pack_index(),
        since=date_bound("--from", first_year),
        until=date_bound("--to", last_year),
        by=by,
        person=person,
    )
