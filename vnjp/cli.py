"""Command-line wiring: the program's own options, the command table made commands on
demand, and the error boundary around them all.

Each command is a module of `vnjp.commands`, named in its table and imported only when
it runs (Click's lazy group); `vnjp.boundary` turns every outcome into a message and an
exit status; `vnjp.console` is the terminal and streams they write to.
"""

# No `from __future__ import annotations` here: Typer reads the root callback's
# annotations at each start, and string annotations would cost an eval each.
import importlib
import sys
from collections.abc import Sequence
from typing import Annotated, Any, Literal, Optional

import typer
from typer._click import Command, Context, HelpFormatter
from typer.core import TyperGroup, TyperOption
from typer.models import CommandInfo

from vnjp import __version__, boundary, completion
from vnjp.commands import COMMANDS, function_name
from vnjp.console import Console
from vnjp.errors import ExitStatus
from vnjp.load import fact_paths


class _CommandTable(TyperGroup):
    """The root command: its commands come from the command table, each built the
    first time it is asked for, and its `main` runs them inside the error boundary."""

    def list_commands(self, ctx: Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: Context, cmd_name: str) -> Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            self.commands[cmd_name] = _build(cmd_name)
        return self.commands.get(cmd_name)

    def format_commands(self, ctx: Context, formatter: HelpFormatter) -> None:
        """The list of commands in help, from the table: no command is built for it."""
        rows = list(COMMANDS.items())
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def get_params(self, ctx: Any) -> list[Any]:
        # A shell may be named after --install-completion (the launcher reads it).
        return completion.describe_script_options(super().get_params(ctx))

    def _main_shell_completion(
        self, ctx_args: Any, prog_name: str, complete_var: str | None = None
    ) -> None:
        try:
            # The command being completed is built now, so its options are set up.
            name = _command_run(completion.words_before_cursor(), self)
            if name is not None:
                self.get_command(Context(self), name)
            from vnjp.completion_click import use_vnjp_shells

            use_vnjp_shells(self)
            super()._main_shell_completion(ctx_args, prog_name, complete_var)
        except Exception:  # a Tab press offers nothing rather than a traceback
            sys.exit(0)

    def main(  # type: ignore[override]
        self, args: Sequence[str] | None = None, standalone_mode: bool = True, **extra: Any
    ) -> Any:
        """Run the command line; every outcome is a documented exit status. A Console
        given as `obj` (as a test does) is the one written to."""
        given = extra.pop("obj", None)
        console = given if isinstance(given, Console) else Console()
        words = _hoisted(sys.argv[1:] if args is None else args, self)
        status = boundary.main(
            lambda: TyperGroup.main(self, words, standalone_mode=False, obj=console, **extra),
            console,
            debug="--debug" in words,
        )
        if standalone_mode:
            sys.exit(int(status))
        return int(status)


def _build(name: str) -> Command:
    """The Click command of a command in the table, from its module's function."""
    module = importlib.import_module(f"vnjp.commands.{function_name(name)}")
    info = CommandInfo(
        name=name,
        callback=getattr(module, function_name(name)),
        short_help=COMMANDS[name],
        epilog=getattr(module, "EPILOG", None),
    )
    return typer.main.get_command_from_info(
        info, pretty_exceptions_short=app.pretty_exceptions_short, rich_markup_mode=None
    )


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
    "  SOURCE_DATE_EPOCH  the date a ClaimReview gives"
)
_EXAMPLES = (
    "\b\nExamples:\n"
    "  vnjp timeline --from 1992 --to 1995\n"
    "  vnjp stat fdi --json\n"
    '  vnjp check "Japan is Vietnam\'s largest ODA provider."'
)


app = typer.Typer(
    cls=_CommandTable,
    name="vnjp",
    help="Answers questions about Vietnam-Japan relations from a curated, cited fact pack.",
    epilog=_ENVIRONMENT + "\n\n" + _EXAMPLES,
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(ctx: typer.Context, value: bool) -> None:
    if value:
        ctx.obj.write(f"vnjp {__version__}\n", ExitStatus.OK)
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
    color: Annotated[
        Literal["auto", "always", "never"],
        typer.Option(
            "--color",
            help="Colour tables: auto (on a terminal, unless NO_COLOR is set or TERM is "
            "dumb, or whenever FORCE_COLOR is), always or never.",
            metavar="WHEN",
            show_default=False,
            autocompletion=completion.fixed(
                [("auto", "on a terminal"), ("always", "even in a pipe"), ("never", "no colour")]
            ),
        ),
    ] = "auto",
    debug: Annotated[
        bool, typer.Option("--debug", help="Show the traceback of an internal error.")
    ] = False,
) -> None:
    # --debug is read by the error boundary, which sees the command line before Click
    # parses it (an error can come before this callback runs).
    from vnjp.commands.common import Settings

    ctx.obj = Settings(
        ctx.obj,
        fact_paths=fact_paths(facts),
        bundled=not no_bundled,
        ascii_only=ascii_only,
        pager=not no_pager,
        color=color,
    )


# -- the command line as people type it ------------------------------------------------
# The program's options (the root callback's) may come after the command, and the output
# options before it: both are read from their declarations, not kept in lists here.


class _Words:
    """The option words of the root command, and of the commands' output options."""

    def __init__(self, group: TyperGroup) -> None:
        options = [param for param in group.params if isinstance(param, TyperOption)]
        # Options that act and end the run (--version, --install-completion) and help.
        self.stops = frozenset(
            {"--", *group.get_help_option_names(Context(group))}
            | {name for o in options if o.is_eager or not o.expose_value for name in o.opts}
        )
        settings = [o for o in options if not o.is_eager and o.expose_value]
        self.root_flags = frozenset(name for o in settings if o.is_flag for name in o.opts)
        self.root_values = frozenset(name for o in settings if not o.is_flag for name in o.opts)
        self._output: tuple[frozenset[str], frozenset[str]] | None = None

    def output(self) -> tuple[frozenset[str], frozenset[str]]:
        """The output options' flags and options with values (read when needed)."""
        if self._output is None:
            from vnjp.commands.common import output_words

            self._output = output_words()
        return self._output


def _command_at(args: Sequence[str], words: _Words) -> int | None:
    """Where the command word stands, when plain to see: the first word that is not an
    option or an option's value; None for help, version and anything unclear."""
    takes_value = False
    for position, arg in enumerate(args):
        if takes_value:
            takes_value = False
        elif arg in words.stops:
            return None
        elif arg in words.root_values or arg in words.output()[1]:
            takes_value = True
        elif not arg.startswith("-"):
            return position
    return None


def _command_run(args: Sequence[str], group: TyperGroup) -> str | None:
    position = _command_at(args, _Words(group))
    return None if position is None else args[position]


def _hoisted(args: Sequence[str], group: TyperGroup) -> list[str]:
    """The command line with the program's own options (--facts, --no-bundled, --ascii,
    --debug) moved before the command when typed after it, as people type them:
    `vnjp timeline --facts mine.toml` is `vnjp --facts mine.toml timeline`."""
    words = _Words(group)
    position = _command_at(args, words)
    if position is None:
        return list(args)
    before, output = _output_options(args[:position], words)
    moved: list[str] = []
    rest: list[str] = []
    tail = list(args[position + 1 :])
    while tail:
        arg = tail.pop(0)
        if arg == "--":
            rest += [arg, *tail]
            break
        if arg in words.root_flags or arg.startswith(tuple(f"{n}=" for n in words.root_values)):
            moved.append(arg)
        elif arg in words.root_values and tail:
            moved += [arg, tail.pop(0)]
        else:
            rest.append(arg)
    return [*before, *moved, args[position], *output, *rest]


def _output_options(before: Sequence[str], words: _Words) -> tuple[list[str], list[str]]:
    """The words before the command, parted into the program's own and the command's
    output options (--json, --format F, --fields F, --jq E), which go after the command."""
    flags, with_values = words.output()
    kept: list[str] = []
    output: list[str] = []
    rest = list(before)
    while rest:
        word = rest.pop(0)
        if word in flags or word.startswith(tuple(f"{name}=" for name in with_values)):
            output.append(word)
        elif word in with_values and rest:
            output += [word, rest.pop(0)]
        else:
            kept.append(word)
    return kept, output


def main() -> None:
    """The console script, and `python -m vnjp`: both are "vnjp" to help and to shell
    completion (whose variable is _VNJP_COMPLETE)."""
    app(prog_name="vnjp")
