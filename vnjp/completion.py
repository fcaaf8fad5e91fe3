"""Shell completion from the names table of the pack's index.

A Tab press is a whole vnjp call: it reads only the names table, and it never prints
an error (a broken fact file or cache means no candidates, not a message).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import typer

from vnjp.load import open_index, pack_paths
from vnjp.text import fold, inert

Candidates = list[tuple[str, str]]


def fact_paths(facts: list[str] | None) -> tuple[Path, ...]:
    """The user's fact files: --facts first, then VNJP_FACTS (split on os.pathsep)."""
    from_environment = os.environ.get("VNJP_FACTS", "").split(os.pathsep)
    return tuple(Path(p) for p in [*(facts or ()), *from_environment] if p)


def _matching(choices: Candidates, incomplete: str) -> Candidates:
    """Choices whose name, or a word of it, starts with what was typed, ignoring case
    and accents ("kis" finds Kishida Fumio, "do" Đỗ Mười); made inert, one line each."""
    typed = fold(incomplete)
    return [
        (inert(value, one_line=True), inert(help_text, one_line=True))
        for value, help_text in choices
        if fold(value).startswith(typed) or any(w.startswith(typed) for w in fold(value).split())
    ]


def pack_names(kind: str) -> Callable[[typer.Context, str], Candidates]:
    """A completion callback offering the pack's names of one kind, as the command
    line being completed names the pack (its --facts and --no-bundled, VNJP_FACTS)."""

    def complete(ctx: typer.Context, incomplete: str) -> Candidates:
        try:
            root = ctx.find_root()
            paths = pack_paths(
                fact_paths(root.params.get("facts")), bundled=not root.params.get("no_bundled")
            )
            return _matching(open_index(paths).names(kind), incomplete)
        except Exception:
            return []

    return complete


def fixed(choices: Candidates) -> Callable[[str], Candidates]:
    """A completion callback offering a fixed list."""

    def complete(incomplete: str) -> Candidates:
        return _matching(choices, incomplete)

    return complete


COUNTRIES = fixed([("VN", "Vietnam"), ("JP", "Japan")])
KINDS = fixed(
    [
        ("event", "dated events"),
        ("visit", "leader visits"),
        ("stat", "figures"),
        ("source", "sources"),
    ]
)
