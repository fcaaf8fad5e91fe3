"""What every command shares: the settings the program's options make, the output
options (declared once, here), and the step that renders a result and prints it.

A command that answers with a result is written as `@output_command` over a function
that returns the result: the decorator adds --json, --jq, --format and --fields to its
parameters and hands the result to `emit`.
"""

# No `from __future__ import annotations` here: Typer reads each command's annotations
# when it builds the command, and string annotations would cost an eval each.
import datetime
import functools
import inspect
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from vnjp.boundary import report
from vnjp.console import Console, Quiet
from vnjp.errors import ExitStatus, UsageError, decode_text
from vnjp.index import Index
from vnjp.load import open_index, pack_paths
from vnjp.model import PartialDate
from vnjp.render import Format, Terminal, render
from vnjp.results import Result, select_fields
from vnjp.text import inert, shorten


class Settings:
    """The options given before the command, which every command honours, and the
    console it writes to."""

    __slots__ = ("ascii", "bundled", "color", "console", "fact_paths", "pager")

    def __init__(
        self,
        console: Console,
        *,
        fact_paths: tuple[str, ...] = (),
        bundled: bool = True,
        ascii_only: bool = False,
        pager: bool = True,
        color: str = "auto",
    ) -> None:
        self.console = console
        self.fact_paths = fact_paths
        self.bundled = bundled
        self.ascii = ascii_only
        self.pager = pager
        self.color = color

    def paths(self) -> list[Path | str]:
        return pack_paths(self.fact_paths, bundled=self.bundled)

    def pack_index(self) -> Index:
        return open_index(self.paths())

    def terminal(self) -> Terminal:
        return self.console.terminal(ascii_only=self.ascii, color=self.color)


def settings(ctx: typer.Context) -> Settings:
    """The settings of this run (the root command's callback made them)."""
    found: Settings = ctx.obj
    return found


def examples(*lines: str) -> str:
    """A help epilog of example command lines ("\\b": Click keeps its lines as they are)."""
    return "\b\nExamples:\n" + "\n".join(f"  {line}" for line in lines)


# -- the output options, declared once ---------------------------------------------

JsonOption = Annotated[
    bool,
    typer.Option(
        "--json",
        help="Print a JSON array of records, for scripts; --format json.",
    ),
]
JqOption = Annotated[
    Optional[str],  # noqa: UP045 - Typer reads the annotation at run time on Python 3.10 too
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
        "'), csv-raw (the exact text), markdown (a table for an article, its sources "
        "as footnotes), or claimreview (check and review: schema.org ClaimReview JSON-LD).",
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

# The output options as a command's parameters, in the order its help lists them.
_OUTPUT_PARAMETERS: tuple[tuple[str, Any, object], ...] = (
    ("as_json", JsonOption, False),
    ("jq", JqOption, None),
    ("output_format", FormatOption, None),
    ("fields", FieldsOption, None),
)


def output_words() -> tuple[frozenset[str], frozenset[str]]:
    """The output options' names as typed: those that are flags, and those that take
    a value (read from their declarations above)."""
    flags: set[str] = set()
    with_values: set[str] = set()
    for _name, annotation, _default in _OUTPUT_PARAMETERS:
        declared = annotation.__metadata__[0]
        # In Annotated, Typer's Option keeps its first name where a default would be.
        names = {declared.default, *declared.param_decls}
        (flags if annotation.__origin__ is bool else with_values).update(names)
    return frozenset(flags), frozenset(with_values)


class Output:
    """The output options a command was given."""

    __slots__ = ("as_json", "chosen", "fields", "jq")

    def __init__(
        self, as_json: bool, jq: str | None, chosen: Format | None, fields: str | None
    ) -> None:
        self.as_json = as_json
        self.jq = jq
        self.chosen = chosen
        self.fields = fields


def output_command(answer: Callable[..., Result]) -> Callable[..., None]:
    """Make a function that returns a result into a command with the output options."""
    return with_output_options(JsonOption)(answer)


def with_output_options(json_option: Any) -> Callable[[Callable[..., Result]], Callable[..., None]]:
    """`output_command` with --json declared as given (for a command whose JSON is
    something other than an array of records)."""

    def decorate(answer: Callable[..., Result]) -> Callable[..., None]:
        @functools.wraps(answer)
        def run(ctx: typer.Context, **arguments: Any) -> None:
            given = [arguments.pop(name) for name, _, _ in _OUTPUT_PARAMETERS]
            emit(ctx, answer(ctx, **arguments), Output(*given))

        declared = [
            (name, json_option if name == "as_json" else annotation, default)
            for name, annotation, default in _OUTPUT_PARAMETERS
        ]
        keyword = inspect.Parameter.KEYWORD_ONLY
        signature = inspect.signature(answer)
        run.__signature__ = signature.replace(  # type: ignore[attr-defined]
            parameters=[
                *signature.parameters.values(),
                *(
                    inspect.Parameter(name, keyword, default=default, annotation=annotation)
                    for name, annotation, default in declared
                ),
            ],
            return_annotation=None,
        )
        run.__annotations__ = {
            **{k: v for k, v in answer.__annotations__.items() if k != "return"},
            **{name: annotation for name, annotation, _ in declared},
        }
        return run

    return decorate


def output_format(console: Console, output: Output) -> Format:
    """The format asked for (JSON for --json and for --jq, which runs on it); else a
    table on a terminal and tab-separated lines on a pipe or in a file (as gh does),
    which grep, cut and sort read a record a line."""
    as_json, chosen, jq = output.as_json, output.chosen, output.jq
    if (as_json or jq is not None) and chosen not in (None, Format.JSON):
        asked = "--jq" if jq is not None else "--json"
        raise UsageError(f"{asked} and --format {chosen.value} ask for different formats")
    if as_json or jq is not None:
        return Format.JSON
    if chosen is not None:
        return chosen
    return Format.TABLE if console.stdout is not None and console.stdout_isatty() else Format.TSV


# Formats that print something for an empty result: `[]`, and CSV's header.
_PRINTED_WHEN_EMPTY = frozenset({Format.JSON, Format.CSV, Format.CSV_RAW, Format.CLAIMREVIEW})


def emit(ctx: typer.Context, result: Result, output: Output) -> None:
    """Render a result in the format the output options ask for (with only --fields,
    if given; through --jq, if given), print it, and exit with its status. An empty
    result prints nothing but JSON's `[]` and CSV's header, and says so on stderr."""
    chosen = settings(ctx)
    console = chosen.console
    output_as = output_format(console, output)
    if output.fields is not None:
        if output_as in (Format.TABLE, Format.TSV, Format.CLAIMREVIEW):
            raise UsageError("--fields goes with --format json, jsonl, csv or markdown")
        result = select_fields(result, output.fields)
    status = result.status()
    if output.jq is not None:
        from vnjp.render.jq import run_jq

        filtered = run_jq(output.jq, render(result, Format.JSON, chosen.terminal()))
        if filtered:
            console.write(filtered, status)
    elif result.records or output_as in _PRINTED_WHEN_EMPTY:
        text = render(result, output_as, chosen.terminal())
        pager = console.pager(text) if chosen.pager else None
        if pager is None or not console.page(text, pager):
            console.write(text, status)
    if not result.records:
        if status is ExitStatus.OK:
            # An empty answer that is no failure (the sources agree) is said, not an error.
            console.note(result.nothing_found())
            raise typer.Exit(int(status))
        raise Quiet(report(console, result.nothing_found(), status))
    raise typer.Exit(int(status))


# -- what several commands read ------------------------------------------------------

FromDate = Annotated[
    Optional[str],  # noqa: UP045
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


def date_bound(option: str, given: str | None) -> PartialDate | None:
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


def today(console: Console) -> datetime.date:
    """Today, or the date SOURCE_DATE_EPOCH gives (reproducible output, as in builds)."""
    epoch = console.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        try:
            return datetime.datetime.fromtimestamp(int(epoch), tz=datetime.timezone.utc).date()
        except (OverflowError, OSError, ValueError):
            pass
    return datetime.date.today()


def read_text(console: Console, file: str | None, what: str) -> str:
    """A file, or standard input, as text: UTF-8 whatever the locale."""
    where = "standard input" if file is None else shorten(file)
    try:
        if file is None:
            stdin = console.stdin
            if stdin is None:
                raise UsageError(f"standard input is closed: there are no {what} to read")
            content = stdin.buffer.read()
        else:
            content = Path(file).read_bytes()
        return decode_text(content)  # a UTF-8 byte-order mark is dropped
    except UnicodeDecodeError as error:
        raise UsageError(f"{where}: not UTF-8 text ({error.reason})") from None
    except (OSError, ValueError) as error:
        raise UsageError(f"{where}: cannot read the {what}: {error}") from None


def plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"
