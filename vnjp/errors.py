"""Exit statuses and the errors that the CLI turns into a message and a status."""

from __future__ import annotations

from collections.abc import Sequence
from enum import IntEnum

from vnjp.text import closest, shorten


class ExitStatus(IntEnum):
    OK = 0
    NOTHING_FOUND = 1
    REFUTED = 1  # `check` and `review`: a claim is refuted (the same status)
    USAGE = 2
    NOT_ENOUGH_INFO = 3
    FACTS_INVALID = 4
    INTERNAL_ERROR = 5
    OUTPUT_FAILED = 6
    INTERRUPTED = 130


class VnjpError(Exception):
    """An error the user can act on; `str(error)` is the whole message, `hint` what to
    do about it (or empty)."""

    exit_status = ExitStatus.USAGE
    hint = ""


class UnknownNameError(VnjpError):
    """A filter or key names something the fact pack does not have."""

    def __init__(self, kind: str, given: str, choices: Sequence[str]) -> None:
        self.kind, self.given, self.choices = kind, given, tuple(choices)
        suggestion = closest(given, choices)
        message = f"unknown {kind} {shorten(given)!r}"
        if suggestion is not None and suggestion != given:  # never the very name typed
            message += f"; did you mean {suggestion!r}?"
        message += f" (known: {', '.join(sorted(choices))})"
        super().__init__(message)


class UsageError(VnjpError):
    """Options that cannot go together or values out of range."""


class WriteError(VnjpError):
    """A file vnjp was asked to write (an export) could not be written: a full disk, a
    read-only folder. The file that was there is left exactly as it was."""

    exit_status = ExitStatus.OUTPUT_FAILED


class Interrupted(VnjpError):
    """Ctrl-C while a file was being written: the writing stopped and cleaned up first."""

    exit_status = ExitStatus.INTERRUPTED

    def __init__(self) -> None:
        super().__init__("interrupted")


class IndexUnreadable(VnjpError):
    """A cached index SQLite could not read, even after it was discarded and built
    again: the disk, or something else writing into the cache folder."""

    exit_status = ExitStatus.OUTPUT_FAILED

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        # The path whole: it is what the user needs to look at (or remove).
        super().__init__(f"cannot read the index {path}: {reason}")
        self.hint = (
            "vnjp discarded it and built it again, and that failed too: check the disk, "
            "or run with VNJP_CACHE_DIR= (empty) to keep no cache"
        )


class OutputError(VnjpError):
    """The output could not be written: a full disk, a closed stdout."""

    exit_status = ExitStatus.OUTPUT_FAILED

    def __init__(self, reason: str) -> None:
        super().__init__(f"cannot write output: {reason}")


# Byte-order marks of encodings that are not UTF-8, longest first (UTF-32's little-
# endian mark begins with UTF-16's).
_OTHER_MARKS = (
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)


def decode_text(content: bytes) -> str:
    """A text file's bytes as editors save them: UTF-8, with or without the byte-order
    mark Notepad writes (dropped), any line ends. A file in UTF-16 or UTF-32 (with its
    mark) raises UnicodeDecodeError saying so. Here, in the lowest layer, because fact
    files (parse) and drafts (cli) are both read with it."""
    for mark, encoding in _OTHER_MARKS:
        if content.startswith(mark):
            reason = f"{encoding} with a byte-order mark: save it as UTF-8"
            raise UnicodeDecodeError(encoding.lower(), content[: len(mark)], 0, len(mark), reason)
    return content.decode("utf-8-sig")
