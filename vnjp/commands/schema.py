"""vnjp schema."""

from typing import Annotated, Optional

import typer

from vnjp.codec import SCHEMA_FILE
from vnjp.commands.common import examples, settings
from vnjp.errors import ExitStatus

EPILOG = examples(
    "vnjp schema > vnjp.schema.json",
    "vnjp schema --jq '.\"$defs\" | keys'",
)


def schema(
    ctx: typer.Context,
    jq: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--jq",
            help="Run a jq expression on the schema and print each result on a line, as "
            "gh does. Needs the jq package (vnjp[jq]).",
            metavar="EXPR",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Print the JSON Schema (draft 2020-12) that the --json output of every command
    follows, and check's and review's --format claimreview: the contract for scripts."""
    # The file as it ships in the package: no fact pack is read.
    text = SCHEMA_FILE.read_text(encoding="utf-8")
    if jq is not None:
        from vnjp.render.jq import run_jq

        text = run_jq(jq, text)
    settings(ctx).console.write(text, ExitStatus.OK)
