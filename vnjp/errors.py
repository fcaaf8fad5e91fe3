"""Exit statuses and the errors that the CLI turns into a message and a status."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum
from pathlib import Path

from vnjp.text import closest, shorten


class ExitStatus(IntEnum):
    OK = 0
    NOTHING_FOUND = 1
    USAGE = 2
    NOT_ENOUGH_INFO = 3
    FACTS_INVALID = 4
    INTERNAL_ERROR = 5


class VnjpError(Exception):
    """An error the user can act on; `str(error)` is the whole message."""

    exit_status = ExitStatus.USAGE


class UnknownNameError(VnjpError):
    """A filter or key names something the fact pack does not have."""

    def __init__(self, kind: str, given: str, choices: Sequence[str]) -> None:
        self.kind, self.given, self.choices = kind, given, tuple(choices)
        suggestion = closest(given, choices)
        message = f"unknown {kind} {shorten(given)!r}"
        if suggestion is not None:
            message += f"; did you mean {suggestion!r}?"
        message += f" (known: {', '.join(sorted(choices))})"
        super().__init__(message)


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a fact file, located as precisely as the file allows."""

    path: Path
    message: str
    line: int | None = None
    record: str | None = None

    def __str__(self) -> str:
        where = str(self.path) if self.line is None else f"{self.path}:{self.line}"
        about = f"record {self.record}: " if self.record else ""
        return f"{where}: {about}{self.message}"


class FactFileError(VnjpError):
    exit_status = ExitStatus.FACTS_INVALID

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        count = len(self.problems)
        header = f"the fact pack has {count} problem{'s' if count != 1 else ''}:"
        super().__init__("\n".join([header, *(f"  {problem}" for problem in self.problems)]))


class UsageError(VnjpError):
    """Options that cannot go together or values out of range."""
