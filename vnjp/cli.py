"""Command-line wiring: each command calls a query and hands the result to a renderer.

`_ErrorBoundary` is the one place where errors become a message and an exit status.
"""

# No `from __future__ import annotations` here: Typer reads every command's annotations
# at each start, and string annotations would cost an eval each.
import datetime
import os
import sys
from pathlib import Path
from typing import Annotated, Any, NamedTuple, NoReturn, Optional, TextIO

import typer
from typer.core import TyperGroup

from vnjp import __version__, completion
from vnjp.errors import ExitStatus, UsageError, VnjpError
from vnjp.index import Index
from vnjp.load import export_index, open_index, pack_paths
from vnjp.load import validate as validate_files
from vnjp.render import Format, Terminal, render
from vnjp.results import Result
from vnjp.text import inert, to_ascii

# A command body imports the question module it needs (query, search or check): the
# others are not paid for.


class _ErrorBoundary(TyperGroup):
    def _main_shell_completion(
        self, ctx_args: Any, prog_name: str, complete_var: str | None = None
    ) -> None:
        try:
            completion.use_vnjp_shells(self)
            super()._main_shell_completion(ctx_args, prog_name, complete_var)
        except Exception:  # a Tab press offers nothing rather than a traceback
            sys.exit(0)

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except VnjpError as error:
            _fail(str(error), error.exit_status)
        except BrokenPipeError:
            # The reader has stopped (`| head`): not an error. Later writes and the
            # flush at exit go nowhere, so Python prints no "Exception ignored" either.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise typer.Exit(int(ExitStatus.OK)) from None
        except Exception as error:
            # Typer's and Click's own exceptions drive help, usage errors and exits.
            if type(error).__module__.startswith(("click", "typer")):
                raise
            if isinstance(ctx.obj, Settings) and ctx.obj.debug:
                import traceback  # only here: it costs start-up time on every call

                traceback.print_exc()
            _fail(
                f"internal error: {type(error).__name__}: {error}\n"
                f"This is a bug in vnjp {__version__}: please report it to the maintainers "
                "with the output of the same command run with --debug.",
                ExitStatus.INTERNAL_ERROR,
            )


def _fail(message: str, status: ExitStatus) -> NoReturn:
    # A message can quote a fact file or an argument: escape what a terminal would obey.
    lines = [inert(line, one_line=True) for line in f"vnjp: {message}".split("\n")]
    text = "\n".join(lines) + "\n"
    sys.stderr.write(to_ascii(text) if _needs_ascii(sys.stderr) else text)
    raise typer.Exit(int(status))


def _needs_ascii(stream: TextIO) -> bool:
    """True when `stream` cannot encode vnjp's text (PYTHONIOENCODING=ascii, a C locale)."""
    try:
        "Đỗ Mười → ━█".encode(stream.encoding or "ascii")
    except (UnicodeEncodeError, LookupError):
        return True
    return False


class Settings(NamedTuple):
    """The options given before the command, which every command honours."""

    fact_paths: tuple[Path, ...] = ()
    bundled: bool = True
    ascii: bool = False
    debug: bool = False

    def paths(self) -> list[Path | str]:
        return pack_paths(self.fact_paths, bundled=self.bundled)

    def pack_index(self) -> Index:
        return open_index(self.paths())


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
    bool,
    typer.Option(
        "--json",
        help="Print a JSON array of records (docs/output.schema.json); --format json.",
    ),
]
FormatOption = Annotated[
    Optional[Format],  # noqa: UP045
    typer.Option(
        "--format",
        help="table (for people), json, jsonl (a record a line), csv, or markdown "
        "(a GitHub table with its sources).",
        metavar="FORMAT",
        case_sensitive=False,
        show_default=False,
    ),
]
FromYear = Annotated[
    Optional[int],  # noqa: UP045 - Typer reads the annotation at run time on Python 3.10 too
    typer.Option("--from", help="Only from this year on.", min=1, max=9999, metavar="YEAR"),
]
ToYear = Annotated[
    Optional[int],  # noqa: UP045
    typer.Option("--to", help="Only up to this year.", min=1, max=9999, metavar="YEAR"),
]


def _terminal_width() -> int:
    """The terminal's width, as shutil.get_terminal_size gives it (COLUMNS first), without
    importing shutil."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    try:
        return os.get_terminal_size(sys.stdout.fileno()).columns or 80
    except (OSError, ValueError):
        return 80


def _terminal(settings: Settings) -> Terminal:
    """Colour only on a terminal (NO_COLOR, TERM=dumb and FORCE_COLOR as usual); a pipe
    gets whole lines, never cut, unless COLUMNS asks for a width; ASCII when asked or
    when stdout cannot encode Unicode."""
    is_tty = sys.stdout.isatty()
    color = is_tty and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"
    if os.environ.get("FORCE_COLOR"):
        color = True
    width: int | None = None
    if is_tty:
        width = _terminal_width()
    elif os.environ.get("COLUMNS", "").isdigit():
        width = max(int(os.environ["COLUMNS"]), 40)
    ascii_only = settings.ascii or _needs_ascii(sys.stdout)
    return Terminal(width=width, color=color, ascii=ascii_only)


def _format(as_json: bool, chosen: Format | None) -> Format:
    if as_json and chosen not in (None, Format.JSON):
        raise UsageError(f"--json and --format {chosen.value} ask for different formats")
    return Format.JSON if as_json else chosen or Format.TABLE


def _emit(ctx: typer.Context, result: Result, output_format: Format) -> None:
    """Render a result, print it, and exit with its status. An empty result prints
    nothing (JSON still prints `[]`) and says so on stderr."""
    if result.records or output_format is Format.JSON:
        sys.stdout.write(render(result, output_format, _terminal(ctx.obj)))
        sys.stdout.flush()  # so that a closed pipe is met here, inside the error boundary
    if not result.records:
        _fail(result.nothing_found(), result.status())
    raise typer.Exit(int(result.status()))


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
    facts: Annotated[
        # Strings, not Paths: Typer's Path type fails on some names instead of reporting.
        Optional[list[str]],  # noqa: UP045
        typer.Option(
            "--facts",
            help="Add a fact file, or a folder of .toml fact files, to the bundled pack "
            "(repeatable; VNJP_FACTS adds more, separated by the OS path separator).",
            metavar="PATH",
        ),
    ] = None,
    no_bundled: Annotated[
        bool,
        typer.Option("--no-bundled", help="Leave out the bundled facts: use only --facts files."),
    ] = False,
    ascii_only: Annotated[
        bool,
        typer.Option(
            "--ascii",
            help="Print ASCII only (Vo Van Kiet, ->), as is done when stdout cannot "
            "encode Unicode.",
        ),
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show the traceback of an internal error.")
    ] = False,
) -> None:
    ctx.obj = Settings(
        fact_paths=completion.fact_paths(facts),
        bundled=not no_bundled,
        ascii=ascii_only,
        debug=debug,
    )


# -- commands ------------------------------------------------------------------


@app.command()
def timeline(
    ctx: typer.Context,
    first_year: FromYear = None,
    last_year: ToYear = None,
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
    as_json: JsonOption = False,
    output_format: FormatOption = None,
) -> None:
    """Events and leader visits in date order, each with its source."""
    from vnjp import query

    result = query.timeline(
        ctx.obj.pack_index(),
        first_year=first_year,
        last_year=last_year,
        category=category,
        source=source,
    )
    _emit(ctx, result, _format(as_json, output_format))


@app.command("leader-visits")
def leader_visits(
    ctx: typer.Context,
    first_year: FromYear = None,
    last_year: ToYear = None,
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
    as_json: JsonOption = False,
    output_format: FormatOption = None,
) -> None:
    """Visits of leaders between the two countries, with the firsts and outcomes."""
    from vnjp import query

    result = query.leader_visits(
        ctx.obj.pack_index(), first_year=first_year, last_year=last_year, by=by, person=person
    )
    _emit(ctx, result, _format(as_json, output_format))


@app.command()
def stat(
    ctx: typer.Context,
    key: Annotated[
        Optional[str],  # noqa: UP045
        typer.Argument(
            help="A statistic key such as fdi, oda or trade; leave out to list them.",
            autocompletion=completion.pack_names("stat"),
        ),
    ] = None,
    as_json: JsonOption = False,
    output_format: FormatOption = None,
) -> None:
    """Every figure of one statistic with its hedge, date and source; or list the keys."""
    from vnjp import query

    index = ctx.obj.pack_index()
    result = query.stat_keys(index) if key is None else query.stat(index, key)
    _emit(ctx, result, _format(as_json, output_format))


@app.command()
def sources(
    ctx: typer.Context, as_json: JsonOption = False, output_format: FormatOption = None
) -> None:
    """The sources of the fact pack and the date it is current to."""
    from vnjp import query

    _emit(ctx, query.sources(ctx.obj.pack_index()), _format(as_json, output_format))


@app.command()
def search(
    ctx: typer.Context,
    text: Annotated[
        str,
        typer.Argument(
            help="Words to look for: accents, case and name order do not matter, and "
            "abbreviations (FDI, ODA, EPA, PM, ...) find their full names.",
            metavar="QUERY",
            show_default=False,
        ),
    ],
    kind: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            help="Only records of this kind: event, visit, stat or source.",
            autocompletion=completion.KINDS,
            metavar="KIND",
        ),
    ] = None,
    limit: Annotated[
        Optional[int],  # noqa: UP045
        typer.Option(help="Show at most this many records.", min=1, metavar="N"),
    ] = None,
    as_json: JsonOption = False,
    output_format: FormatOption = None,
) -> None:
    """Every record (events, visits, figures, sources) matching some words, best first."""
    from vnjp.search import search as search_pack

    result = search_pack(ctx.obj.pack_index(), text, kind=kind, limit=limit)
    _emit(ctx, result, _format(as_json, output_format))


@app.command()
def check(
    ctx: typer.Context,
    claim: Annotated[
        Optional[str],  # noqa: UP045
        typer.Argument(
            help="The sentence to check, in quotes; - reads claims from stdin, one a line.",
            show_default=False,
        ),
    ] = None,
    file: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--file", help="Check the claims in this file, one a line.", metavar="FILE"),
    ] = None,
    as_json: JsonOption = False,
    output_format: FormatOption = None,
) -> None:
    """Fact-check a sentence: SUPPORTED (exit 0), REFUTED (1) or NOT ENOUGH INFO (3), with
    the evidence and a reason. A batch (- or --file) exits 0 once every claim is checked."""
    if (claim is None) == (file is None):
        raise UsageError("give one claim, - to read claims from stdin, or --file FILE")
    batch = file is not None or claim == "-"
    claims = _read_claims(file) if batch else [claim or ""]
    claims = [line.strip() for line in claims if line.strip()]
    if not claims:
        raise UsageError("there is no claim to check")
    from vnjp.check import check as check_claims

    result = check_claims(ctx.obj.pack_index(), claims, reviewed_on=_today(), batch=batch)
    _emit(ctx, result, _format(as_json, output_format))


def _today() -> datetime.date:
    """Today, or the date SOURCE_DATE_EPOCH gives (reproducible output, as in builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        try:
            return datetime.datetime.fromtimestamp(int(epoch), tz=datetime.timezone.utc).date()
        except (OverflowError, OSError, ValueError):
            pass
    return datetime.date.today()


def _read_claims(file: str | None) -> list[str]:
    if file is None:
        return sys.stdin.read().splitlines()
    try:
        return Path(file).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise UsageError(f"{file}: cannot read the claims: {error}") from None


@app.command()
def validate(
    ctx: typer.Context,
    paths: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Argument(
            help="Fact files or folders to check with the bundled pack (and any --facts); "
            "leave out to check the pack as it is.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Check fact files without running a query: every problem as FILE:LINE: record ID:
    problem; exit 0 when clean, 1 when not."""
    settings: Settings = ctx.obj
    checked = validate_files(
        pack_paths([*settings.fact_paths, *(paths or ())], bundled=settings.bundled)
    )
    for problem in checked.problems:
        sys.stdout.write(inert(str(problem), one_line=True) + "\n")
    count = len(checked.problems)
    found = f"{_plural(count, 'problem')}" if count else "no problems"
    files = _plural(len(checked.files), "file")
    sys.stderr.write(f"{files}, {_plural(checked.records, 'record')}: {found}\n")
    if count:
        raise typer.Exit(int(ExitStatus.NOTHING_FOUND))


@app.command()
def export(
    ctx: typer.Context,
    sqlite: Annotated[
        str,
        typer.Option(
            "--sqlite",
            help="Write the pack's compiled index to this SQLite file (replacing it), "
            "to query with sqlite3 or Datasette; its tables are in docs/usage.md.",
            metavar="FILE",
            show_default=False,
        ),
    ],
) -> None:
    """Write the fact pack's SQLite index to a file of your choosing."""
    if not sqlite:
        raise UsageError("--sqlite needs a file name")
    records = export_index(ctx.obj.paths(), Path(sqlite))
    sys.stderr.write(f"wrote {_plural(records, 'record')} to {inert(sqlite, one_line=True)}\n")


def _plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


# Options before the command that take a value (the value is not the command).
_ROOT_OPTIONS_WITH_VALUES = frozenset({"--facts"})


def _command_run(args: list[str]) -> str | None:
    """The command a command line runs, when plain to see: the first word that is not
    an option or an option's value; None for help, version and anything unclear."""
    takes_value = False
    for arg in args:
        if takes_value:
            takes_value = False
        elif arg in _ROOT_OPTIONS_WITH_VALUES:
            takes_value = True
        elif arg in ("-h", "--help", "--version", "--"):
            return None
        elif not arg.startswith("-"):
            return arg
    return None


def _name(info: typer.models.CommandInfo) -> str:
    callback_name = info.callback.__name__ if info.callback else ""
    return info.name or callback_name.replace("_", "-")


def main() -> None:
    """The console script, and `python -m vnjp`: both are "vnjp" to help and to shell
    completion (whose variable is _VNJP_COMPLETE).

    Typer turns every registered command into a Click command at each start, reading
    each function's signature; a call that plainly runs one command has only that one
    built (Click's "lazy group" idea), which saves about a fifth of vnjp's own start-up.
    Help, unknown commands and the completion of a command's name see them all."""
    words = completion.words_before_cursor() if "_VNJP_COMPLETE" in os.environ else sys.argv[1:]
    run = _command_run(words)
    chosen = [info for info in app.registered_commands if _name(info) == run]
    if chosen:
        app.registered_commands = chosen
    app(prog_name="vnjp")
