"""The error boundary: where every outcome of a run becomes a message and an exit status.

As httpie's `main()` around `program()`: `main` handles the errors, for Click's usage
errors, vnjp's own errors, failed writes and bugs alike; the program it runs handles
none. The statuses are `vnjp.errors.ExitStatus`, documented in the README.
"""

from __future__ import annotations

import errno
from collections.abc import Callable

from typer._click.exceptions import ClickException, NoArgsIsHelpError
from typer.exceptions import Abort

from vnjp import __version__
from vnjp.console import WRITE_ERRORS, Console, Quiet
from vnjp.errors import ExitStatus, VnjpError
from vnjp.text import inert, shorten

# Longer lines of a message are cut: an argument can be megabytes long.
_MESSAGE_LINE_LIMIT = 500


def main(program: Callable[[], object], console: Console, *, debug: bool) -> ExitStatus:
    """Run `program` and return its exit status: what it returns (an int), or what
    the error it raised means, said on stderr in one or two lines."""
    try:
        returned = program()
        console.flush_stdout()
        return ExitStatus(returned) if isinstance(returned, int) else ExitStatus.OK
    except NoArgsIsHelpError as error:
        # A bare `vnjp` asks what it can do, as `git` does: the help, and no error.
        console.write(error.format_message() + "\n", ExitStatus.OK)
        return ExitStatus.OK
    except ClickException as error:
        context = getattr(error, "ctx", None)
        command = context.command_path if context is not None else "vnjp"
        hint = f"run '{command} -h' for help"
        return report(console, error.format_message(), ExitStatus.USAGE, hint)
    except Abort:
        return report(console, "interrupted", ExitStatus.INTERRUPTED)
    except VnjpError as error:
        return report(console, str(error), error.exit_status, error.hint)
    except Quiet as stop:
        return stop.status
    except OSError as error:
        if error.errno == errno.EPIPE:
            console.silence_stdout()
            return ExitStatus.OK
        if error.errno in WRITE_ERRORS:
            message = f"cannot write output: {error.strerror}"
            return report(console, message, ExitStatus.OUTPUT_FAILED)
        return _internal_error(console, error, debug)
    except Exception as error:
        return _internal_error(console, error, debug)


def _internal_error(console: Console, error: Exception, debug: bool) -> ExitStatus:
    if debug:
        import traceback  # only here: it costs start-up time on every call

        traceback.print_exc()
    return report(
        console,
        f"internal error: {type(error).__name__}: {error}",
        ExitStatus.INTERNAL_ERROR,
        f"this is a bug in vnjp {__version__}: please report it with the output of "
        "the same command run with --debug",
    )


def report(console: Console, message: str, status: ExitStatus, hint: str = "") -> ExitStatus:
    """Write `vnjp: error: ...` and a hint line to stderr; the status is the same
    whether or not stderr can be written."""
    # A message can quote a fact file or an argument: escape what a terminal would obey.
    lines = [f"vnjp: error: {message}", *([f"hint: {hint}"] if hint else [])]
    console.error(
        "".join(
            inert(shorten(line, _MESSAGE_LINE_LIMIT), one_line=True) + "\n"
            for part in lines
            for line in part.split("\n")
        )
    )
    return status
