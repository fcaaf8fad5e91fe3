"""Command-line wiring: each command calls a query and hands the result to a renderer.

`_ErrorBoundary` is the one place where errors become a message and an exit status.
"""

from __future__ import annotations

import os
import shutil
import sys
from typing import Annotated, Any, NoReturn, Optional

import typer
from typer.core import TyperGroup

from vnjp import __version__, query
from vnjp.errors import ExitStatus, VnjpError
from vnjp.load import load_pack
from vnjp.render import Format, Terminal, render


class NothingFoundError(VnjpError):
    exit_status = ExitStatus.NOTHING_FOUND


class _ErrorBoundary(TyperGroup):
    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except VnjpError as error:
            _fail(str(error), error.exit_status)
        except Exception as error:
            # Typer's and Click's own exceptions drive help, usage errors and exits.
            if type(error).__module__.startswith(("click", "typer")) or isinstance(
                error, BrokenPipeError
            ):
                raise
            if ctx.obj and ctx.obj.get("debug"):
                import traceback  # only here: it costs start-up time on every call

                traceback.print_exc()
            _fail(
                f"internal error: {type(error).__name__}: {error}\n"
                f"This is a bug in vnjp {__version__}: please report it to the maintainers "
                "with the output of the same command run with --debug.",
                ExitStatus.INTERNAL_ERROR,
            )


def _fail(message: str, status: ExitStatus) -> NoReturn:
    sys.stderr.write(f"vnjp: {message}\n")
    raise typer.Exit(int(status))


app = typer.Typer(
    cls=_ErrorBoundary,
    name="vnjp",
    help="Answers questions about Vietnam-Japan relations from a curated, cited fact pack.",
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

# -- options shared by every command -------------------------------------------

JsonOption = Annotated[
    bool, typer.Option("--json", help="Print a JSON array of records (docs/output.schema.json).")
]
FromYear = Annotated[
    Optional[int],  # noqa: UP045 - Typer reads the annotation at run time on Python 3.10 too
    typer.Option("--from", help="Only from this year on.", min=1, max=9999, metavar="YEAR"),
]
ToYear = Annotated[
    Optional[int],  # noqa: UP045
    typer.Option("--to", help="Only up to this year.", min=1, max=9999, metavar="YEAR"),
]


def _terminal() -> Terminal:
    """Colour only on a terminal (NO_COLOR, TERM=dumb and FORCE_COLOR as usual); a pipe
    gets whole lines, never cut, unless COLUMNS asks for a width."""
    is_tty = sys.stdout.isatty()
    color = is_tty and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"
    if os.environ.get("FORCE_COLOR"):
        color = True
    width: int | None = None
    if is_tty:
        width = shutil.get_terminal_size().columns
    elif os.environ.get("COLUMNS", "").isdigit():
        width = max(int(os.environ["COLUMNS"]), 40)
    return Terminal(width=width, color=color)


def _show(result: query.Result, as_json: bool, nothing_found: str) -> None:
    """Print a result; when it is empty, say so on stderr and exit 1 (`[]` still printed)."""
    output_format = Format.JSON if as_json else Format.TABLE
    if result.records or as_json:
        sys.stdout.write(render(result, output_format, _terminal()))
    if not result.records:
        raise NothingFoundError(nothing_found)


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"vnjp {__version__}\n")
        raise typer.Exit()


@app.callback()
def _root(
    ctx: typer.Context,
    version: Annotated[
        bool,
        typer.Option(
            "--version", help="Show the version and exit.", callback=_version, is_eager=True
        ),
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show the traceback of an internal error.")
    ] = False,
) -> None:
    ctx.obj = {"debug": debug}


# -- commands ------------------------------------------------------------------


@app.command()
def timeline(
    first_year: FromYear = None,
    last_year: ToYear = None,
    category: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(help="Only this category (diplomacy, aid, trade, ...; 'visit' for visits)."),
    ] = None,
    source: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(help="Only records citing this source id (see `vnjp sources`)."),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Events and leader visits in date order, each with its source."""
    result = query.timeline(
        load_pack(), first_year=first_year, last_year=last_year, category=category, source=source
    )
    _show(result, as_json, "no event matches these filters")


@app.command("leader-visits")
def leader_visits(
    first_year: FromYear = None,
    last_year: ToYear = None,
    by: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(help="Only visits made by this country: VN or JP.", metavar="VN|JP"),
    ] = None,
    person: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(help="Only visits by or hosted by this person (accents optional)."),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Visits of leaders between the two countries, with the firsts and outcomes."""
    pack = load_pack()
    result = query.leader_visits(
        pack, first_year=first_year, last_year=last_year, by=by, person=person
    )
    message = "no visit matches these filters"
    if person is not None and not result.records:
        suggestion = query.closest_person(pack, person)
        if suggestion:
            message += f"; did you mean --person {suggestion!r}?"
    _show(result, as_json, message)


@app.command()
def stat(
    key: Annotated[
        Optional[str],  # noqa: UP045
        typer.Argument(help="A statistic key such as fdi, oda or trade; leave out to list them."),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Every figure of one statistic with its hedge, date and source; or list the keys."""
    pack = load_pack()
    result = query.stat_keys(pack) if key is None else query.stat(pack, key)
    _show(result, as_json, "the fact pack has no statistics")


@app.command()
def sources(as_json: JsonOption = False) -> None:
    """The sources of the fact pack and the date it is current to."""
    _show(query.sources(load_pack()), as_json, "the fact pack has no sources")


def main() -> None:
    """The console script."""
    app()
