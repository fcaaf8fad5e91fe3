"""The streams, terminal and environment a run of vnjp writes to, as one object.

As httpie's `Environment`: a `Console()` reads the process's own (sys.stdout, os.environ),
and a test hands the command line a `Console` of its choosing (a terminal it is not, a
width, a `NO_COLOR`) instead of patching the process. Everything that asks "is this a
terminal, how wide, in colour, through a pager?" asks it here.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from collections.abc import Mapping
from typing import TextIO

from vnjp.errors import ExitStatus, OutputError
from vnjp.render.formats import Terminal
from vnjp.text import to_ascii

# Errors of writing that mean the output cannot be written, not a bug of vnjp's.
WRITE_ERRORS = frozenset({errno.ENOSPC, errno.EBADF, errno.EIO, errno.EDQUOT, errno.EFBIG})
# A width past this is no terminal's: Rich would lay out (and pad) every line to it.
_MAX_WIDTH = 1_000


class Quiet(Exception):
    """Stop with a status, saying nothing more (a pipe's reader went away)."""

    def __init__(self, status: ExitStatus) -> None:
        self.status = status


class Console:
    """Standard streams and environment variables, the process's own unless given."""

    __slots__ = ("_environ", "_isatty", "_stderr", "_stdin", "_stdout")

    def __init__(
        self,
        *,
        stdin: TextIO | None = None,
        stdout: TextIO | None = None,
        stderr: TextIO | None = None,
        environ: Mapping[str, str] | None = None,
        stdout_isatty: bool | None = None,
    ) -> None:
        self._stdin = stdin
        self._stdout = stdout
        self._stderr = stderr
        self._environ = environ
        self._isatty = stdout_isatty

    # The process's streams are read when used, not when the Console is made: a test
    # runner swaps them around each call.
    @property
    def stdin(self) -> TextIO | None:
        return self._stdin if self._stdin is not None else sys.stdin

    @property
    def stdout(self) -> TextIO | None:
        return self._stdout if self._stdout is not None else sys.stdout

    @property
    def stderr(self) -> TextIO | None:
        return self._stderr if self._stderr is not None else sys.stderr

    @property
    def environ(self) -> Mapping[str, str]:
        return self._environ if self._environ is not None else os.environ

    def stdout_isatty(self) -> bool:
        if self._isatty is not None:
            return self._isatty
        stdout = self.stdout
        return stdout is not None and stdout.isatty()

    # -- the terminal ----------------------------------------------------------------

    def terminal(self, *, ascii_only: bool = False, color: str = "auto") -> Terminal:
        """Colour only on a terminal (NO_COLOR, TERM=dumb and FORCE_COLOR as usual, and
        --color above them all); a pipe gets whole lines, never cut, unless COLUMNS asks
        for a width; ASCII when asked or when stdout cannot encode Unicode."""
        stdout = self.stdout
        if stdout is None:
            raise OutputError("standard output is closed")
        is_tty = self.stdout_isatty()
        width: int | None = None
        columns = self.environ.get("COLUMNS", "")
        if is_tty:
            width = self.width()
        elif columns.isdigit():
            width = max(int(columns), 40)
        if width is not None:
            width = min(width, _MAX_WIDTH)
        return Terminal(
            width=width,
            color=self.color(color),
            ascii=ascii_only or needs_ascii(stdout),
        )

    def color(self, choice: str = "auto") -> bool:
        """Whether to write colour: --color always or never as asked; else on a
        terminal, unless NO_COLOR is set or TERM is dumb, and whenever FORCE_COLOR is."""
        if choice != "auto":
            return choice == "always"
        environ = self.environ
        if environ.get("FORCE_COLOR"):
            return True
        return self.stdout_isatty() and "NO_COLOR" not in environ and environ.get("TERM") != "dumb"

    def width(self) -> int:
        """The terminal's width, as shutil.get_terminal_size gives it (COLUMNS first),
        without importing shutil."""
        columns = self.environ.get("COLUMNS", "")
        if columns.isdigit() and int(columns) > 0:
            return int(columns)
        size = self._size()
        return (size.columns if size else 0) or 80

    def height(self) -> int:
        lines = self.environ.get("LINES", "")
        if lines.isdigit() and int(lines) > 0:
            return int(lines)
        size = self._size()
        return (size.lines if size else 0) or 24

    def _size(self) -> os.terminal_size | None:
        try:
            return os.get_terminal_size(self.stdout.fileno())  # type: ignore[union-attr]
        except (OSError, ValueError, AttributeError):
            return None

    # -- writing -----------------------------------------------------------------------

    def write(self, text: str, status: ExitStatus) -> None:
        """Write output; a reader that stopped early (`| head`) ends vnjp quietly with
        the status it would have had, and any other failed write is an error of its own."""
        stdout = self.stdout
        if stdout is None:
            raise OutputError("standard output is closed")
        try:
            stdout.write(text)
            stdout.flush()
        except BrokenPipeError:
            self.silence_stdout()
            raise Quiet(status) from None
        except OSError as error:
            if error.errno in WRITE_ERRORS:
                raise OutputError(error.strerror or str(error)) from None
            raise

    def note(self, line: str) -> None:
        """A line of information on stderr; one that cannot be written changes nothing."""
        try:
            self.stderr.write(line + "\n")  # type: ignore[union-attr]
            self.stderr.flush()  # type: ignore[union-attr]
        except (OSError, ValueError, AttributeError):
            pass

    def error(self, text: str) -> None:
        """Write an error's lines to stderr, in ASCII if stderr cannot encode more;
        nothing changes when stderr cannot be written."""
        try:
            stderr = self.stderr
            if stderr is not None:
                stderr.write(to_ascii_if_needed(text, stderr))
                stderr.flush()
        except (OSError, ValueError):
            pass

    def flush_stdout(self) -> None:
        stdout = self.stdout
        if stdout is not None:
            stdout.flush()

    def silence_stdout(self) -> None:
        """Send later writes, and the flush at exit, nowhere: Python then prints no
        "Exception ignored" for a pipe whose reader has gone."""
        with contextlib.suppress(OSError, ValueError, AttributeError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), self.stdout.fileno())  # type: ignore[union-attr]

    # -- the pager -----------------------------------------------------------------------

    def pager(self, text: str) -> str | None:
        """The pager for this output, as git chooses one: only for a terminal, only when
        the output is taller than it; VNJP_PAGER, else PAGER, else `less -FRX` (which
        keeps colours and returns at once when the output fits); empty turns it off."""
        if self.stdout is None or not self.stdout_isatty():
            return None
        if text.count("\n") < self.height():
            return None
        environ = self.environ
        for variable in ("VNJP_PAGER", "PAGER"):
            if variable in environ:
                return environ[variable].strip() or None
        return "less -FRX"

    def page(self, text: str, pager: str) -> bool:
        """Show `text` through the pager; False when the pager cannot be started (the
        output is then written as it is)."""
        # Only here: starting a process costs start-up time no other call should pay.
        import signal
        import subprocess

        stdout = self.stdout
        assert stdout is not None
        encoding = getattr(stdout, "encoding", None) or "utf-8"
        stdout.flush()
        # As git does: less (whatever PAGER names it) shows colours rather than escape
        # codes (R), quits when the output fits (F) and leaves it on the screen (X),
        # unless LESS says otherwise; lv likewise keeps colours (-c).
        environment = {"LESS": "FRX", "LV": "-c", **self.environ}
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


def needs_ascii(stream: TextIO) -> bool:
    """True when `stream` cannot encode vnjp's text (PYTHONIOENCODING=ascii, a C locale)."""
    try:
        "Đỗ Mười → ━█".encode(stream.encoding or "ascii")
    except (UnicodeEncodeError, LookupError):
        return True
    return False


def to_ascii_if_needed(text: str, stream: TextIO) -> str:
    return to_ascii(text) if needs_ascii(stream) else text
