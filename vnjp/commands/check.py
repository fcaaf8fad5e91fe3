"""vnjp check."""

from typing import Annotated, Optional

import typer

from vnjp.commands.common import examples, output_command, read_text, settings, today
from vnjp.errors import UsageError
from vnjp.results import Result

EPILOG = examples(
    'vnjp check "Japan is Vietnam\'s largest ODA provider."',
    "vnjp check - < claims.txt",
    "vnjp check --file claims.txt --format jsonl",
)


@output_command
def check(
    ctx: typer.Context,
    claim: Annotated[
        Optional[str],  # noqa: UP045
        typer.Argument(
            help="The sentence to check, in quotes; - reads claims from stdin, one a line.",
            show_default=False,
            metavar="CLAIM",
        ),
    ] = None,
    file: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--file", help="Check the claims in this file, one a line.", metavar="FILE"),
    ] = None,
) -> Result:
    """Fact-check a sentence: SUPPORTED (exit 0), REFUTED (1) or NOT ENOUGH INFO (3), with
    the evidence and a reason. A batch (- or --file) exits 0 once every claim is checked."""
    if (claim is None) == (file is None):
        raise UsageError("give one claim, - to read claims from stdin, or --file FILE")
    console = settings(ctx).console
    batch = file is not None or claim == "-"
    claims = read_text(console, file, "claims").splitlines() if batch else [claim or ""]
    claims = [line.strip() for line in claims if line.strip()]
    if not claims:
        raise UsageError("there is no claim to check")
    from vnjp.claims.verdict import check as check_claims

    index = settings(ctx).pack_index()
    return check_claims(index, claims, reviewed_on=today(console), batch=batch)
