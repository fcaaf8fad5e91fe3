"""The console script's entry: Ctrl-C is handled before anything heavy is imported.

Importing Typer and the rest takes tens of milliseconds; an interrupt then, or at any
later moment, ends vnjp with status 130 and one line, never a traceback.
"""

import contextlib
import os
import signal


def _interrupted(signum: int, frame: object) -> None:
    with contextlib.suppress(OSError):
        os.write(2, b"vnjp: interrupted\n")
    # At once, with no clean-up to interrupt again: a half-written cache file is a
    # private temporary one, removed by a later run.
    os._exit(130)


def main() -> None:
    """Run vnjp (the `vnjp` console script and `python -m vnjp`)."""
    signal.signal(signal.SIGINT, _interrupted)
    from vnjp.cli import main as run

    run()
