"""vnjp validate."""

from typing import Annotated, Optional

import typer

from vnjp.commands.common import examples, plural, settings
from vnjp.errors import ExitStatus
from vnjp.load import pack_paths
from vnjp.load import validate as validate_files
from vnjp.text import inert

EPILOG = examples(
    "vnjp validate",
    "vnjp validate my-facts.toml",
    "vnjp --no-bundled validate my-folder",
)


def validate(
    ctx: typer.Context,
    paths: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Argument(
            help="Fact files or folders to check with the bundled pack (and any --facts); "
            "leave out to check the pack as it is.",
            show_default=False,
            metavar="PATH...",
        ),
    ] = None,
) -> None:
    """Check fact files without running a query: every problem as FILE:LINE: record ID:
    problem; exit 0 when clean, 1 when not."""
    given = settings(ctx)
    checked = validate_files(pack_paths([*given.fact_paths, *(paths or ())], bundled=given.bundled))
    count = len(checked.problems)
    # Problems found is status 1 whatever becomes of the output (`| head` included).
    status = ExitStatus.NOTHING_FOUND if count else ExitStatus.OK
    lines = "".join(inert(str(problem), one_line=True) + "\n" for problem in checked.problems)
    if lines:
        given.console.write(lines, status)
    found = f"{plural(count, 'problem')}" if count else "no problems"
    files = plural(len(checked.files), "file")
    given.console.note(f"{files} ({checked.records}): {found}")
    raise typer.Exit(int(status))
