"""Command-line wiring: each command calls a query and hands the result to a renderer.

`_ErrorBoundary.main` is the one place where errors become a message and an exit
status, for Click's usage errors, vnjp's own errors, failed writes and bugs alike.
"""

# No `from __future__ import annotations` here: Typer reads every command's annotations
# at each start, and string annotations would cost an eval each.
import contextlib
import datetime
import errno
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Annotated, Any, NamedTuple, Optional, TextIO

import typer
from typer._click.exceptions import ClickException, NoArgsIsHelpError
from typer.core import TyperGroup
from typer.exceptions import Abort

from vnjp import __version__, completion
from vnjp.codec import SCHEMA_FILE
from vnjp.errors import (
    ExitStatus,
    OutputError,
    UnknownNameError,
    UsageError,
    VnjpError,
    decode_text,
)
from vnjp.index import Index
from vnjp.load import export_index, fact_paths, open_index, pack_paths
from vnjp.load import validate as validate_files
from vnjp.model import PartialDate
from vnjp.render import Format, Terminal, render
from vnjp.results import ONLY_COMPLETIONS, Result, select_fields, select_only
from vnjp.text import inert, shorten, to_ascii

# A command body imports the question module it needs (query, search or check): the
# others are not paid for.

# Errors of writing that mean the output cannot be written, not a bug of vnjp's.
_WRITE_ERRORS = frozenset({errno.ENOSPC, errno.EBADF, errno.EIO, errno.EDQUOT, errno.EFBIG})
# Longer lines of a message are cut: an argument can be megabytes long.
_MESSAGE_LINE_LIMIT = 500


class _ErrorBoundary(TyperGroup):
    def _main_shell_completion(
        self, ctx_args: Any, prog_name: str, complete_var: str | None = None
    ) -> None:
        try:
            completion.use_vnjp_shells(self)
            super()._main_shell_completion(ctx_args, prog_name, complete_var)
        except Exception:  # a Tab press offers nothing rather than a traceback
            sys.exit(0)

    def main(  # type: ignore[override]
        self, args: Sequence[str] | None = None, standalone_mode: bool = True, **extra: Any
    ) -> Any:
        """Run the command line; every outcome is a documented exit status."""
        words = _hoisted(sys.argv[1:] if args is None else args)
        status = _run(
            lambda: TyperGroup.main(self, words, standalone_mode=False, **extra),
            debug="--debug" in words,
        )
        if standalone_mode:
            sys.exit(int(status))
        return int(status)


def _run(program: Callable[[], object], *, debug: bool) -> ExitStatus:
    try:
        returned = program()
        _flush_stdout()
        return ExitStatus(returned) if isinstance(returned, int) else ExitStatus.OK
    except NoArgsIsHelpError as error:
        # A bare `vnjp` asks what it can do, as `git` does: the help, and no error.
        _write_stdout(error.format_message() + "\n", ExitStatus.OK)
        return ExitStatus.OK
    except ClickException as error:
        context = getattr(error, "ctx", None)
        command = context.command_path if context is not None else "vnjp"
        return _report(error.format_message(), ExitStatus.USAGE, f"run '{command} -h' for help")
    except Abort:
        return _report("interrupted", ExitStatus.INTERRUPTED)
    except VnjpError as error:
        return _report(str(error), error.exit_status, error.hint)
    except _Quiet as stop:
        return stop.status
    except OSError as error:
        if error.errno == errno.EPIPE:
            _silence_stdout()
            return ExitStatus.OK
        if error.errno in _WRITE_ERRORS:
            return _report(f"cannot write output: {error.strerror}", ExitStatus.OUTPUT_FAILED)
        return _internal_error(error, debug)
    except Exception as error:
        return _internal_error(error, debug)


def _internal_error(error: Exception, debug: bool) -> ExitStatus:
    if debug:
        import traceback  # only here: it costs start-up time on every call

        traceback.print_exc()
    return _report(
        f"internal error: {type(error).__name__}: {error}",
        ExitStatus.INTERNAL_ERROR,
        f"this is a bug in vnjp {__version__}: please report it with the output of "
        "the same command run with --debug",
    )


def _report(message: str, status: ExitStatus, hint: str = "") -> ExitStatus:
    """Write `vnjp: error: ...` and a hint line to stderr; the status is the same
    whether or not stderr can be written."""
    # A message can quote a fact file or an argument: escape what a terminal would obey.
    lines = [f"vnjp: error: {message}", *([f"hint: {hint}"] if hint else [])]
    text = "".join(
        inert(shorten(line, _MESSAGE_LINE_LIMIT), one_line=True) + "\n"
        for part in lines
        for line in part.split("\n")
    )
    try:
        if sys.stderr is not None:
            sys.stderr.write(to_ascii(text) if _needs_ascii(sys.stderr) else text)
            sys.stderr.flush()
    except (OSError, ValueError):
        pass
    return status


class _Quiet(Exception):
    """Stop with a status, saying nothing more (a pipe's reader went away)."""

    def __init__(self, status: ExitStatus) -> None:
        self.status = status


def _silence_stdout() -> None:
    """Send later writes, and the flush at exit, nowhere: Python then prints no
    "Exception ignored" for a pipe whose reader has gone."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _flush_stdout() -> None:
    if sys.stdout is not None:
        sys.stdout.flush()


def _write_stdout(text: str, status: ExitStatus) -> None:
    """Write output; a reader that stopped early (`| head`) ends vnjp quietly with the
    status it would have had, and any other failed write is an error of its own."""
    if sys.stdout is None:
        raise OutputError("standard output is closed")
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()
        raise _Quiet(status) from None
    except OSError as error:
        if error.errno in _WRITE_ERRORS:
            raise OutputError(error.strerror or str(error)) from None
        raise


def _needs_ascii(stream: TextIO) -> bool:
    """True when `stream` cannot encode vnjp's text (PYTHONIOENCODING=ascii, a C locale)."""
    try:
        "Đỗ Mười → ━█".encode(stream.encoding or "ascii")
    except (UnicodeEncodeError, LookupError):
        return True
    return False


class Settings(NamedTuple):
    """The options given before the command, which every command honours."""

    fact_paths: tuple[str, ...] = ()
    bundled: bool = True
    ascii: bool = False
    pager: bool = True

    def paths(self) -> list[Path | str]:
        return pack_paths(self.fact_paths, bundled=self.bundled)

    def pack_index(self) -> Index:
        return open_index(self.paths())


def _examples(*lines: str) -> str:
    """A help epilog of example command lines ("\\b": Click keeps its lines as they are)."""
    return "\b\nExamples:\n" + "\n".join(f"  {line}" for line in lines)


# Lines Click keeps as they are: each at most 56 characters, so that with Click's
# indent of 4 the help fits a terminal of 60 columns.
_ENVIRONMENT = (
    "\b\nEnvironment:\n"
    "  VNJP_FACTS      more fact files or folders, as --facts\n"
    "  VNJP_CACHE_DIR  where indexes are kept (empty: none)\n"
    "  XDG_CACHE_HOME  holds the cache (vnjp/) when absolute\n"
    "  VNJP_PAGER      the pager, else PAGER (empty: none)\n"
    "  LESS            less's options (FRX when unset)\n"
    "  NO_COLOR        no colour; FORCE_COLOR: colour\n"
    "  COLUMNS         the width of tables\n"
    "  SOURCE_DATE_EPOCH  the date check writes in a review"
)


app = typer.Typer(
    cls=_ErrorBoundary,
    name="vnjp",
    help="Answers questions about Vietnam-Japan relations from a curated, cited fact pack.",
    epilog=_ENVIRONMENT
    + "\n\n"
    + _examples(
        "vnjp timeline --from 1992 --to 1995",
        "vnjp stat fdi --json",
        'vnjp check "Japan is Vietnam\'s largest ODA provider."',
    ),
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
        help="Print a JSON array of records, for scripts; --format json.",
    ),
]
JqOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        "--jq",
        help="Run a jq expression on the JSON and print each result on a line (strings "
        "as they are), as gh does; implies --json. Needs the jq package (vnjp[jq]).",
        metavar="EXPR",
        show_default=False,
    ),
]
FormatOption = Annotated[
    Optional[Format],  # noqa: UP045
    typer.Option(
        "--format",
        help="table (for people; the default on a terminal), tsv (the table's columns, "
        "a tab-separated line a record; the default on a pipe or file), json, jsonl (a "
        "record a line), csv (cells that a spreadsheet would run as formulas start with "
        "'), csv-raw (the exact text), or markdown (a table for an article, its sources "
        "as footnotes).",
        metavar="FORMAT",
        case_sensitive=False,
        show_default=False,
    ),
]
FieldsOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        "--fields",
        help="Only these fields, in this order, for json, jsonl, csv and markdown "
        "(comma-separated: --fields id,date,title).",
        metavar="FIELDS",
        show_default=False,
    ),
]
FromDate = Annotated[
    Optional[str],  # noqa: UP045 - Typer reads the annotation at run time on Python 3.10 too
    typer.Option(
        "--from",
        help="Only from this year, month or day on: 1993, 2023-09 or 2023-09-20.",
        metavar="DATE",
    ),
]
ToDate = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        "--to",
        help="Only up to this year, month or day: 1995, 2023-11 or 2023-11-30.",
        metavar="DATE",
    ),
]


def _date_bound(option: str, given: str | None) -> PartialDate | None:
    """A --from or --to as people type it: a year, a year-month or a date."""
    if given is None:
        return None
    try:
        return PartialDate.parse(given.strip())
    except ValueError:
        shown = inert(shorten(given), one_line=True)
        raise UsageError(
            f"{option} {shown!r}: give a year, year-month or date, e.g. 2023 or 2023-09"
        ) from None


# A width past this is no terminal's: Rich would lay out (and pad) every line to it.
_MAX_WIDTH = 1_000


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
    if sys.stdout is None:
        raise OutputError("standard output is closed")
    is_tty = sys.stdout.isatty()
    color = is_tty and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"
    if os.environ.get("FORCE_COLOR"):
        color = True
    width: int | None = None
    if is_tty:
        width = _terminal_width()
    elif os.environ.get("COLUMNS", "").isdigit():
        width = max(int(os.environ["COLUMNS"]), 40)
    if width is not None:
        width = min(width, _MAX_WIDTH)
    ascii_only = settings.ascii or _needs_ascii(sys.stdout)
    return Terminal(width=width, color=color, ascii=ascii_only)


def _format(as_json: bool, chosen: Format | None, jq: str | None = None) -> Format:
    """The format asked for (JSON for --json and for --jq, which runs on it); else a
    table on a terminal and tab-separated lines on a pipe or in a file (as gh does),
    which grep, cut and sort read a record a line."""
    if (as_json or jq is not None) and chosen not in (None, Format.JSON):
        asked = "--jq" if jq is not None else "--json"
        raise UsageError(f"{asked} and --format {chosen.value} ask for different formats")
    if as_json or jq is not None:
        return Format.JSON
    if chosen is not None:
        return chosen
    return Format.TABLE if sys.stdout is not None and sys.stdout.isatty() else Format.TSV


# Formats that print something for an empty result: `[]`, and CSV's header.
_PRINTED_WHEN_EMPTY = frozenset({Format.JSON, Format.CSV, Format.CSV_RAW})


def _emit(
    ctx: typer.Context,
    result: Result,
    as_json: bool,
    chosen: Format | None,
    fields: str | None = None,
    jq: str | None = None,
) -> None:
    """Render a result in the format the output options ask for (with only --fields,
    if given; through --jq, if given), print it, and exit with its status. An empty
    result prints nothing but JSON's `[]` and CSV's header, and says so on stderr."""
    output_format = _format(as_json, chosen, jq)
    if fields is not None:
        if output_format in (Format.TABLE, Format.TSV):
            raise UsageError("--fields goes with --format json, jsonl, csv or markdown")
        result = select_fields(result, fields)
    status = result.status()
    if jq is not None:
        from vnjp.render.jq import run_jq

        filtered = run_jq(jq, render(result, Format.JSON, _terminal(ctx.obj)))
        if filtered:
            _write_stdout(filtered, status)
    elif result.records or output_format in _PRINTED_WHEN_EMPTY:
        text = render(result, output_format, _terminal(ctx.obj))
        pager = _pager(text) if ctx.obj.pager else None
        if pager is None or not _page(text, pager):
            _write_stdout(text, status)
    if not result.records:
        if status is ExitStatus.OK:
            # An empty answer that is no failure (the sources agree) is said, not an error.
            _note(result.nothing_found())
            raise typer.Exit(int(status))
        raise _Quiet(_report(result.nothing_found(), status))
    raise typer.Exit(int(status))


def _pager(text: str) -> str | None:
    """The pager for this output, as git chooses one: only for a terminal, only when
    the output is taller than it; VNJP_PAGER, else PAGER, else `less -FRX` (which
    keeps colours and returns at once when the output fits); empty turns it off."""
    if sys.stdout is None or not sys.stdout.isatty():
        return None
    lines = os.environ.get("LINES", "")
    height = int(lines) if lines.isdigit() and int(lines) > 0 else _terminal_height()
    if text.count("\n") < height:
        return None
    for variable in ("VNJP_PAGER", "PAGER"):
        if variable in os.environ:
            return os.environ[variable].strip() or None
    return "less -FRX"


def _terminal_height() -> int:
    try:
        return os.get_terminal_size(sys.stdout.fileno()).lines or 24
    except (OSError, ValueError):
        return 24


def _page(text: str, pager: str) -> bool:
    """Show `text` through the pager; False when the pager cannot be started (the
    output is then written as it is)."""
    # Only here: starting a process costs start-up time no other call should pay.
    import signal
    import subprocess

    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    sys.stdout.flush()
    # As git does: less (whatever PAGER names it) shows colours rather than escape
    # codes (R), quits when the output fits (F) and leaves it on the screen (X), unless
    # LESS says otherwise; lv likewise keeps colours (-c).
    environment = {"LESS": "FRX", "LV": "-c", **os.environ}
    try:
        process = subprocess.Popen(pager, shell=True, stdin=subprocess.PIPE, env=environment)
    except OSError:
        return False
    # Ctrl-C is the pager's while it runs (less uses it); vnjp waits for it to end.
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        assert process.stdin is not None
        with contextlib.suppress(BrokenPipeError):  # the reader quit early: fine
            process.stdin.write(text.encode(encoding, "replace"))
            process.stdin.close()
        process.wait()
    finally:
        signal.signal(signal.SIGINT, previous)
    return process.returncode != 127  # 127: the shell found no such command


def _version(value: bool) -> None:
    if value:
        _write_stdout(f"vnjp {__version__}\n", ExitStatus.OK)
        raise typer.Exit()


@app.callback()
def _root(
    ctx: typer.Context,
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            "-V",
            help="Show the version and exit.",
            callback=_version,
            is_eager=True,
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
    no_pager: Annotated[
        bool,
        typer.Option(
            "--no-pager",
            help="Never page long output (else a terminal's is paged through VNJP_PAGER, "
            "PAGER or less -FRX).",
        ),
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
    # --debug is read by the error boundary, which sees the command line before Click
    # parses it (an error can come before this callback runs).
    ctx.obj = Settings(
        fact_paths=fact_paths(facts),
        bundled=not no_bundled,
        ascii=ascii_only,
        pager=not no_pager,
    )


# -- commands ------------------------------------------------------------------


@app.command(
    short_help="Events and leader visits in date order, each with its source.",
    epilog=_examples(
        "vnjp timeline --from 1990 --to 1999",
        "vnjp timeline --category visit --json",
        "vnjp timeline --source vns-50-years --format markdown",
    ),
)
def timeline(
    ctx: typer.Context,
    first_year: FromDate = None,
    last_year: ToDate = None,
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
    jq: JqOption = None,
    output_format: FormatOption = None,
    fields: FieldsOption = None,
) -> None:
    """Events and leader visits in date order, each with its source."""
    from vnjp import query

    result = query.timeline(
        ctx.obj.pack_index(),
        since=_date_bound("--from", first_year),
        until=_date_bound("--to", last_year),
        category=category,
        source=source,
    )
    _emit(ctx, result, as_json, output_format, fields, jq)


@app.command(
    "leader-visits",
    short_help="Visits of leaders between the two countries, with firsts and outcomes.",
    epilog=_examples(
        "vnjp leader-visits --by JP",
        "vnjp leader-visits --person kishida",
        "vnjp leader-visits --from 2015 --format csv",
    ),
)
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
    as_json: JsonOption = False,
    jq: JqOption = None,
    output_format: FormatOption = None,
    fields: FieldsOption = None,
) -> None:
    """Visits of leaders between the two countries, with the firsts and outcomes."""
    from vnjp import query

    result = query.leader_visits(
        ctx.obj.pack_index(),
        since=_date_bound("--from", first_year),
        until=_date_bound("--to", last_year),
        by=by,
        person=person,
    )
    _emit(ctx, result, as_json, output_format, fields, jq)


@app.command(
    short_help="Every figure of one statistic with its hedge, date and source; or the keys.",
    epilog=_examples(
        "vnjp stat",
        "vnjp stat oda",
        "vnjp stat trade --json",
    ),
)
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
    as_json: JsonOption = False,
    jq: JqOption = None,
    output_format: FormatOption = None,
    fields: FieldsOption = None,
) -> None:
    """Every figure of one statistic with its hedge, date and source; or list the keys."""
    from vnjp import query

    index = ctx.obj.pack_index()
    result = query.stat_keys(index) if key is None else query.stat(index, key)
    _emit(ctx, result, as_json, output_format, fields, jq)


@app.command(
    short_help="The sources of the fact pack and the date it is current to.",
    epilog=_examples(
        "vnjp sources",
        "vnjp sources --json",
    ),
)
def sources(
    ctx: typer.Context,
    as_json: JsonOption = False,
    jq: JqOption = None,
    output_format: FormatOption = None,
    fields: FieldsOption = None,
) -> None:
    """The sources of the fact pack and the date it is current to."""
    from vnjp import query

    _emit(
        ctx,
        query.sources(ctx.obj.pack_index()),
        as_json,
        output_format,
        fields,
        jq,
    )


@app.command(
    short_help="Every record matching some words, best first.",
    epilog=_examples(
        "vnjp search kishida",
        'vnjp search "development assistance" --kind stat',
        "vnjp search 'Do Muoi' --json",
    ),
)
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
    jq: JqOption = None,
    output_format: FormatOption = None,
    fields: FieldsOption = None,
) -> None:
    """Every record (events, visits, figures, sources) matching some words, best first."""
    from vnjp.search import search as search_pack

    result = search_pack(ctx.obj.pack_index(), text, kind=kind, limit=limit)
    _emit(ctx, result, as_json, output_format, fields, jq)


@app.command(
    short_help="Fact-check a sentence: SUPPORTED, REFUTED or NOT ENOUGH INFO, with evidence.",
    epilog=_examples(
        'vnjp check "Japan is Vietnam\'s largest ODA provider."',
        "vnjp check - < claims.txt",
        "vnjp check --file claims.txt --format jsonl",
    ),
)
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
    as_json: JsonOption = False,
    jq: JqOption = None,
    output_format: FormatOption = None,
    fields: FieldsOption = None,
) -> None:
    """Fact-check a sentence: SUPPORTED (exit 0), REFUTED (1) or NOT ENOUGH INFO (3), with
    the evidence and a reason. A batch (- or --file) exits 0 once every claim is checked."""
    if (claim is None) == (file is None):
        raise UsageError("give one claim, - to read claims from stdin, or --file FILE")
    batch = file is not None or claim == "-"
    claims = _read_text(file, "claims").splitlines() if batch else [claim or ""]
    claims = [line.strip() for line in claims if line.strip()]
    if not claims:
        raise UsageError("there is no claim to check")
    from vnjp.claims.verdict import check as check_claims

    result = check_claims(ctx.obj.pack_index(), claims, reviewed_on=_today(), batch=batch)
    _emit(ctx, result, as_json, output_format, fields, jq)


# review's --json prints one object: the summary, then the sentences listed.
ReviewJsonOption = Annotated[
    bool,
    typer.Option(
        "--json",
        help="Print a JSON object: the summary of every verdict and the sentences listed; "
        "--format json.",
    ),
]


@app.command(
    short_help="Check a whole draft, sentence by sentence; exit 1 if anything is refuted.",
    epilog=_examples(
        "vnjp review draft.md",
        "vnjp review draft.md --only refuted,nei",
        "vnjp review draft.md --format markdown > checked.md",
        "pbpaste | vnjp review - --json",
    ),
)
def review(
    ctx: typer.Context,
    draft: Annotated[
        str,
        typer.Argument(
            help="The draft (plain text or Markdown) to check; - reads it from stdin.",
            show_default=False,
            metavar="FILE",
        ),
    ],
    only: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Option(
            "--only",
            help="List only the sentences with these verdicts: refuted, supported, nei "
            "(or not-enough-info), unchecked; comma-separated or repeated. The summary "
            "and the exit status still count every sentence.",
            metavar="VERDICTS",
            autocompletion=completion.fixed(ONLY_COMPLETIONS),
            show_default=False,
        ),
    ] = None,
    as_json: ReviewJsonOption = False,
    jq: JqOption = None,
    output_format: FormatOption = None,
    fields: FieldsOption = None,
) -> None:
    """Check a draft sentence by sentence: those with a figure, a date or a rank, or that
    the pack can settle, are checked, the rest listed as not checked; a summary counts
    each verdict. Exit 0 when nothing is refuted, 1 when something is (whatever --only
    lists); --format markdown gives the draft back with each checked sentence's
    verdict and its sources as footnotes."""
    outcomes = select_only(only or ())
    text = _read_text(None if draft == "-" else draft, "draft")
    from vnjp.review import review as review_draft

    result = review_draft(ctx.obj.pack_index(), text, only=outcomes)
    _emit(ctx, result, as_json, output_format, fields, jq)


# The options of show, cite and conflicts are annotations in quotes, made by the
# functions below: Typer evaluates them only when it builds one of these commands, so
# the commands that existed before them start as fast as they did.


def _ids_argument(help_text: str) -> Any:
    return typer.Argument(help=help_text, metavar="ID...", show_default=False)


_SHOW_IDS = "Ids of records or sources (as search, stat and sources print them)."
_CITE_IDS = "Ids of sources, or of records whose sources to cite."
_STYLES = [
    ("apa", "APA 7th edition"),
    ("chicago", "Chicago 17th edition, bibliography"),
    ("mla", "MLA 9th edition"),
    ("bibtex", "a BibTeX @misc entry"),
    ("csl-json", "CSL-JSON for Zotero and pandoc"),
]


def _style_option() -> Any:
    return typer.Option(
        "--style",
        help="apa (7th edition), chicago (17th, bibliography), mla (9th), bibtex or csl-json.",
        metavar="STYLE",
        autocompletion=completion.fixed(_STYLES),
    )


def _with_fact_option() -> Any:
    return typer.Option("--with-fact", help="Add the record's own words as a note.")


def _stat_key_argument() -> Any:
    return typer.Argument(
        help="Only this statistic (fdi, oda, trade, ...); leave out for all.",
        autocompletion=completion.pack_names("stat"),
        metavar="KEY",
    )


@app.command(
    short_help="Every field of records or sources by id, what cites the same source, and "
    "the other source's figure.",
    epilog=_examples(
        "vnjp show fdi-capital-2023-09",
        "vnjp show oda-share-vns trusted-partners --json",
        "vnjp show do-muoi-1995 --format markdown",
    ),
)
def show(
    ctx: typer.Context,
    ids: "Annotated[list[str], _ids_argument(_SHOW_IDS)]",
    as_json: JsonOption = False,
    jq: JqOption = None,
    output_format: FormatOption = None,
    fields: FieldsOption = None,
) -> None:
    """Every field of each record (or source) named, its sources written out, the other
    records that cite the same sources, and the other source's figure where the two
    differ. An unknown id is a usage error naming the closest."""
    from vnjp import research

    result = research.show(ctx.obj.pack_index(), ids)
    _emit(ctx, result, as_json, output_format, fields, jq)


@app.command(
    short_help="The citation of a source, or of a record's sources, in APA, Chicago, MLA, "
    "BibTeX or CSL-JSON.",
    epilog=_examples(
        "vnjp cite vns-50-years",
        "vnjp cite fdi-capital-2023-09 --style chicago --with-fact",
        "vnjp cite trusted-partners vns-50-years --style bibtex >> refs.bib",
    ),
)
def cite(
    ctx: typer.Context,
    ids: "Annotated[list[str], _ids_argument(_CITE_IDS)]",
    style: "Annotated[str, _style_option()]" = "apa",
    with_fact: "Annotated[bool, _with_fact_option()]" = False,
    as_json: JsonOption = False,
    jq: JqOption = None,
    output_format: FormatOption = None,
    fields: FieldsOption = None,
) -> None:
    """The citation of each source named, or of the sources of each record named, in
    one style (APA by default). An undated source is cited as n.d., with the period it
    was published in, as its records imply, in brackets."""
    from vnjp import research
    from vnjp.citation import Style

    styles = [chosen.value for chosen in Style]
    if style.lower() not in styles:
        raise UnknownNameError("citation style", style, styles)
    index = ctx.obj.pack_index()
    result = research.cite_ids(index, ids, Style(style.lower()), with_fact=with_fact)
    _emit(ctx, result, as_json, output_format, fields, jq)


@app.command(
    short_help="Every place the sources differ about the same measure at the same time.",
    epilog=_examples(
        "vnjp conflicts",
        "vnjp conflicts fdi",
        "vnjp conflicts --format csv",
    ),
)
def conflicts(
    ctx: typer.Context,
    key: "Annotated[Optional[str], _stat_key_argument()]" = None,  # noqa: UP045
    as_json: JsonOption = False,
    jq: JqOption = None,
    output_format: FormatOption = None,
    fields: FieldsOption = None,
) -> None:
    """Every place the sources give different figures (or hedges) for the same measure
    at the same or overlapping time: both figures and sources, the difference, and
    whether the hedges overlap. Exit 0 with the list, empty or not."""
    from vnjp import research

    result = research.conflicts(ctx.obj.pack_index(), key)
    _emit(ctx, result, as_json, output_format, fields, jq)


def _today() -> datetime.date:
    """Today, or the date SOURCE_DATE_EPOCH gives (reproducible output, as in builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        try:
            return datetime.datetime.fromtimestamp(int(epoch), tz=datetime.timezone.utc).date()
        except (OverflowError, OSError, ValueError):
            pass
    return datetime.date.today()


def _read_text(file: str | None, what: str) -> str:
    """A file, or standard input, as text: UTF-8 whatever the locale."""
    where = "standard input" if file is None else shorten(file)
    try:
        if file is None:
            if sys.stdin is None:
                raise UsageError(f"standard input is closed: there are no {what} to read")
            content = sys.stdin.buffer.read()
        else:
            content = Path(file).read_bytes()
        return decode_text(content)  # a UTF-8 byte-order mark is dropped
    except UnicodeDecodeError as error:
        raise UsageError(f"{where}: not UTF-8 text ({error.reason})") from None
    except (OSError, ValueError) as error:
        raise UsageError(f"{where}: cannot read the {what}: {error}") from None


@app.command(
    short_help="Check fact files: every problem as FILE:LINE: record ID: problem.",
    epilog=_examples(
        "vnjp validate",
        "vnjp validate my-facts.toml",
        "vnjp --no-bundled validate my-folder",
    ),
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
    settings: Settings = ctx.obj
    checked = validate_files(
        pack_paths([*settings.fact_paths, *(paths or ())], bundled=settings.bundled)
    )
    count = len(checked.problems)
    # Problems found is status 1 whatever becomes of the output (`| head` included).
    status = ExitStatus.NOTHING_FOUND if count else ExitStatus.OK
    lines = "".join(inert(str(problem), one_line=True) + "\n" for problem in checked.problems)
    if lines:
        _write_stdout(lines, status)
    found = f"{_plural(count, 'problem')}" if count else "no problems"
    files = _plural(len(checked.files), "file")
    _note(f"{files}, {_plural(checked.records, 'record')}: {found}")
    raise typer.Exit(int(status))


@app.command(
    short_help="Write the fact pack's SQLite index to a file of your choosing.",
    epilog=_examples(
        "vnjp export --sqlite pack.sqlite",
        'sqlite3 pack.sqlite "SELECT id, kind FROM records"',
    ),
)
def export(
    ctx: typer.Context,
    sqlite: Annotated[
        str,
        typer.Option(
            "--sqlite",
            help="Write the pack's compiled index to this SQLite file (replacing it), "
            "to query with sqlite3 or Datasette (sqlite3 FILE .schema lists its tables).",
            metavar="FILE",
            show_default=False,
        ),
    ],
) -> None:
    """Write the fact pack's SQLite index to a file of your choosing."""
    if not sqlite:
        raise UsageError("--sqlite needs a file name")
    records = export_index(ctx.obj.paths(), Path(sqlite))
    _note(f"wrote {_plural(records, 'record')} to {inert(sqlite, one_line=True)}")


@app.command(
    short_help="Print the JSON Schema of the --json output of every command.",
    epilog=_examples(
        "vnjp schema > vnjp.schema.json",
        "vnjp schema --jq '.\"$defs\" | keys'",
    ),
)
def schema(
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
    follows: the contract for scripts."""
    # The file as it ships in the package: no fact pack is read.
    text = SCHEMA_FILE.read_text(encoding="utf-8")
    if jq is not None:
        from vnjp.render.jq import run_jq

        text = run_jq(jq, text)
    _write_stdout(text, ExitStatus.OK)


def _note(line: str) -> None:
    """A line of information on stderr; one that cannot be written changes nothing."""
    try:
        sys.stderr.write(line + "\n")
        sys.stderr.flush()
    except (OSError, ValueError, AttributeError):
        pass


def _plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


# Options before the command that take a value (the value is not the command).
_ROOT_OPTIONS_WITH_VALUES = frozenset({"--facts"})
# A command's output options, which people also type before it (`vnjp --json
# timeline`, as `gh --json` reads): moved after the command.
_OUTPUT_FLAGS = frozenset({"--json"})
_OUTPUT_OPTIONS_WITH_VALUES = frozenset({"--format", "--fields", "--jq"})
# Options of the whole program that are also read after the command.
_ROOT_FLAGS = frozenset({"--no-bundled", "--ascii", "--debug", "--no-pager"})


def _command_at(args: Sequence[str]) -> int | None:
    """Where the command word stands, when plain to see: the first word that is not an
    option or an option's value; None for help, version and anything unclear."""
    takes_value = False
    for position, arg in enumerate(args):
        if takes_value:
            takes_value = False
        elif arg in _ROOT_OPTIONS_WITH_VALUES or arg in _OUTPUT_OPTIONS_WITH_VALUES:
            takes_value = True
        elif arg in ("-h", "-V", "--help", "--version", "--"):
            return None
        elif not arg.startswith("-"):
            return position
    return None


def _command_run(args: Sequence[str]) -> str | None:
    position = _command_at(args)
    return None if position is None else args[position]


def _hoisted(args: Sequence[str]) -> list[str]:
    """The command line with the program's own options (--facts, --no-bundled, --ascii,
    --debug) moved before the command when typed after it, as people type them:
    `vnjp timeline --facts mine.toml` is `vnjp --facts mine.toml timeline`."""
    position = _command_at(args)
    if position is None:
        return list(args)
    before, output = _output_options(args[:position])
    moved: list[str] = []
    rest: list[str] = []
    tail = list(args[position + 1 :])
    while tail:
        arg = tail.pop(0)
        if arg == "--":
            rest += [arg, *tail]
            break
        if arg in _ROOT_FLAGS or arg.startswith("--facts="):
            moved.append(arg)
        elif arg in _ROOT_OPTIONS_WITH_VALUES and tail:
            moved += [arg, tail.pop(0)]
        else:
            rest.append(arg)
    return [*before, *moved, args[position], *output, *rest]


def _output_options(before: Sequence[str]) -> tuple[list[str], list[str]]:
    """The words before the command, parted into the program's own and the command's
    output options (--json, --format F, --fields F), which go after the command."""
    kept: list[str] = []
    output: list[str] = []
    words = list(before)
    while words:
        word = words.pop(0)
        if word in _OUTPUT_FLAGS or word.startswith(("--format=", "--fields=", "--jq=")):
            output.append(word)
        elif word in _OUTPUT_OPTIONS_WITH_VALUES and words:
            output += [word, words.pop(0)]
        else:
            kept.append(word)
    return kept, output


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
