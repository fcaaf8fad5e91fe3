"""The console script's entry: Ctrl-C is handled before anything heavy is imported.

Importing Typer and the rest takes tens of milliseconds; an interrupt then, or at any
later moment, ends vnjp with status 130 and one line, never a traceback.
"""

import contextlib
import os
import signal
import sys


def _interrupted(signum: int, frame: object) -> None:
    with contextlib.suppress(OSError):
        os.write(2, b"vnjp: interrupted\n")
    # At once, with no clean-up to interrupt again: a half-written cache file is a
    # private temporary one, removed by a later run.
    os._exit(130)


# What vnjp reads from the environment as text a user typed (paths and words).
_TYPED_VARIABLES = ("VNJP_FACTS", "COMP_WORDS", "_TYPER_COMPLETE_ARGS")


def _typed_beyond_ascii() -> bool:
    """Whether an argument (or a variable vnjp reads) holds bytes Python could only
    keep as lone surrogates: what it does with non-ASCII bytes in an ASCII locale."""
    texts = [*sys.argv[1:], *(os.environ.get(name, "") for name in _TYPED_VARIABLES)]
    return any("\udc80" <= ch <= "\udcff" for text in texts for ch in text)


def _in_utf8_mode() -> None:
    """In a C or POSIX locale with UTF-8 mode turned off (PYTHONUTF8=0), Python reads
    the command line as ASCII: 'Võ Văn Kiệt' arrives as 'V\\udcc3\\udcb5 ...', which
    matches no name (and was 'corrected' to the very name typed). When something typed
    holds such bytes, run again in UTF-8 mode, as Python itself does in those locales
    unless told not to: arguments, paths, variables and output are then the UTF-8 the
    terminal sent (it sent UTF-8, so it shows it). Any other start costs nothing."""
    if sys.flags.utf8_mode or sys.getfilesystemencoding() != "ascii":
        return
    if not sys.executable or not _typed_beyond_ascii():
        return
    with contextlib.suppress(OSError):  # cannot run again: go on as things are
        os.execv(sys.executable, [sys.executable, "-X", "utf8", *sys.orig_argv[1:]])


def main() -> None:
    """Run vnjp (the `vnjp` console script and `python -m vnjp`)."""
    signal.signal(signal.SIGINT, _interrupted)
    _in_utf8_mode()
    if "_VNJP_COMPLETE" in os.environ:
        # A Tab press: answered from the cached index when it can be, before Typer.
        from vnjp.completion import answer_and_exit

        answer_and_exit()
    if sys.argv[1:2] and sys.argv[1].startswith(("--install-completion", "--show-completion")):
        from vnjp.completion import install_or_show, script_request

        asked = script_request(sys.argv[1:])
        if asked is not None:
            sys.exit(install_or_show(*asked))
    from vnjp.cli import main as run

    run()
