"""Shell completion from the names table of the pack's index.

A Tab press is a whole vnjp call: it reads only the names table, and it never prints
an error (a broken fact file or cache means no candidates, not a message).
"""

from __future__ import annotations

import os
from collections.abc import Callable

import typer
from typer._click.shell_completion import CompletionItem, add_completion_class
from typer._completion_classes import BashComplete, FishComplete, ZshComplete

from vnjp.load import fact_paths, open_index, pack_paths
from vnjp.text import fold, inert

Candidates = list[tuple[str, str]]


def words_before_cursor() -> list[str]:
    """The words of the command line being completed before the one under the cursor,
    as bash, zsh and fish pass them (none if they pass nothing usable)."""
    if os.environ.get("_VNJP_COMPLETE") == "complete_bash":
        words = os.environ.get("COMP_WORDS", "").split()
        cursor = os.environ.get("COMP_CWORD", "")
        return words[1 : int(cursor)] if cursor.isdigit() else []
    line = os.environ.get("_TYPER_COMPLETE_ARGS", "")
    words = line.split()[1:]
    return words if line.endswith(" ") else words[:-1]


def _matching(choices: Candidates, incomplete: str) -> Candidates:
    """Choices whose name, or a word of it, starts with what was typed, ignoring case
    and accents ("kis" finds Kishida Fumio, "do" Đỗ Mười); made inert, one line each."""
    typed = fold(incomplete)
    return [
        (inert(value, one_line=True), inert(help_text, one_line=True))
        for value, help_text in choices
        if fold(value).startswith(typed) or any(w.startswith(typed) for w in fold(value).split())
    ]


def _vnjp_callback(complete: Callable[..., Candidates]) -> Callable[..., Candidates]:
    complete.vnjp_matches_itself = True  # type: ignore[attr-defined]
    return complete


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

    return _vnjp_callback(complete)


def fixed(choices: Candidates) -> Callable[[str], Candidates]:
    """A completion callback offering a fixed list."""

    def complete(incomplete: str) -> Candidates:
        return _matching(choices, incomplete)

    return _vnjp_callback(complete)


COUNTRIES = fixed([("VN", "Vietnam"), ("JP", "Japan")])
KINDS = fixed(
    [
        ("event", "dated events"),
        ("visit", "leader visits"),
        ("stat", "figures"),
        ("source", "sources"),
    ]
)


# -- each shell's answer ------------------------------------------------------------
# Typer's own classes clean help text with Rich (twice the start-up of a bash Tab
# press) and hand bash a name with a space unquoted; vnjp's help texts are plain and
# already inert, so these write them as they are.

_BASH_PLAIN = frozenset("@%+=:,./-_")


class _Bash(BashComplete):
    def format_completion(self, item: CompletionItem) -> str:
        # Escaped as the shell reads it back: "Kishida\ Fumio" is one word.
        return "".join(ch if ch.isalnum() or ch in _BASH_PLAIN else f"\\{ch}" for ch in item.value)


class _Zsh(ZshComplete):
    def format_completion(self, item: CompletionItem) -> str:
        def escape(text: str) -> str:
            return (
                text.replace('"', '""')
                .replace("'", "''")
                .replace("$", "\\$")
                .replace("`", "\\`")
                .replace(":", r"\\:")
            )

        if item.help:
            return f'"{escape(item.value)}":"{escape(item.help)}"'
        return f'"{escape(item.value)}"'


class _Fish(FishComplete):
    def format_completion(self, item: CompletionItem) -> str:
        if item.help:
            return f"{item.value}\t{' '.join(item.help.split())}"
        return f"{item.value}"


def use_vnjp_shells(group: typer.core.TyperGroup) -> None:
    """Answer bash, zsh and fish with vnjp's classes, and let vnjp's callbacks choose
    their candidates (called as completion starts).

    Typer wraps each completion callback in one that keeps only candidates starting
    with the typed text as typed, so "kis" could never offer Kishida Fumio; vnjp's
    callbacks already match ignoring case and accents, so their wrapper is replaced."""
    for shell_class in (_Bash, _Zsh, _Fish):
        add_completion_class(shell_class, shell_class.name)
    for command in group.commands.values():
        for param in command.params:
            callback = _vnjp_callback_of(param)
            if callback is not None:
                param._custom_shell_complete = _unfiltered(callback)  # type: ignore[assignment]


def _vnjp_callback_of(param: object) -> Callable[..., Candidates] | None:
    """The vnjp callback inside Typer's wrapper of a parameter, if it has one, as
    Typer adapts it: called with (ctx, args, incomplete)."""
    wrapper = getattr(param, "_custom_shell_complete", None)
    for cell in getattr(wrapper, "__closure__", None) or ():
        if getattr(cell.cell_contents, "vnjp_matches_itself", False):
            return cell.cell_contents  # type: ignore[no-any-return]
    return None


def _unfiltered(
    callback: Callable[..., Candidates],
) -> Callable[[typer.Context, object, str], list[CompletionItem]]:
    def complete(ctx: typer.Context, param: object, incomplete: str) -> list[CompletionItem]:
        try:
            found = callback(ctx, [], incomplete)
        except Exception:  # a Tab press never prints an error
            return []
        return [CompletionItem(value, help=help_text or None) for value, help_text in found]

    return complete
