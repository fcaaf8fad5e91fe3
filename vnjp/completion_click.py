"""Typer's side of shell completion: what answers a Tab press the launcher left to
Typer, and the table of commands and options the launcher answers from.

Both paths match and write candidates with `vnjp.completion`, so they write the same
bytes; the table (`vnjp/completion_table.py`) is made from the app itself by
`python scripts/update_cli_docs.py`, and a test fails when it is out of date.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import Any

import typer
from typer._click.shell_completion import CompletionItem, add_completion_class
from typer._click.types import ParamType
from typer._completion_classes import BashComplete, FishComplete, ZshComplete
from typer._types import TyperChoice
from typer.core import TyperArgument, TyperGroup, TyperOption

from vnjp import completion
from vnjp.commands import COMMANDS

# -- each shell's answer ------------------------------------------------------------


def _found(items: list[CompletionItem]) -> completion.Found:
    return [(str(item.value), item.help or None) for item in items]


class _Bash(BashComplete):
    def complete(self) -> str:
        args, incomplete = self.get_completion_args()
        return completion.reply("bash", _found(self.get_completions(args, incomplete)), incomplete)


class _Zsh(ZshComplete):
    def complete(self) -> str:
        args, incomplete = self.get_completion_args()
        return completion.reply("zsh", _found(self.get_completions(args, incomplete)), incomplete)


class _Fish(FishComplete):
    def complete(self) -> str:
        action = os.environ.get("_TYPER_COMPLETE_FISH_ACTION", "")
        args, incomplete = self.get_completion_args()
        found = _found(self.get_completions(args, incomplete))
        if action == "is-args":
            sys.exit(0 if found else 1)  # candidates mean no file names
        if action != "get-args":
            return ""
        return completion.reply("fish", found, incomplete)


def use_vnjp_shells(group: Any) -> None:
    """Answer bash, zsh and fish with vnjp's classes, and let vnjp's callbacks choose
    their candidates (called as completion starts).

    Typer wraps each completion callback in one that keeps only candidates starting
    with the typed text as typed, so "kis" could never offer Kishida Fumio; vnjp's
    callbacks already match ignoring case and accents, so their wrapper is replaced."""
    for shell_class in (_Bash, _Zsh, _Fish):
        add_completion_class(shell_class, shell_class.name)
    for command in group.commands.values():  # those built: commands are built on demand
        for param in command.params:
            callback = _vnjp_callback_of(param)
            if callback is not None:
                param._custom_shell_complete = _unfiltered(callback)


def _vnjp_callback_of(param: object) -> Callable[..., completion.Candidates] | None:
    """The vnjp callback inside Typer's wrapper of a parameter, if it has one, as
    Typer adapts it: called with (ctx, args, incomplete)."""
    wrapper = getattr(param, "_custom_shell_complete", None)
    for cell in getattr(wrapper, "__closure__", None) or ():
        contents = cell.cell_contents
        if hasattr(contents, "vnjp_names") or hasattr(contents, "vnjp_fixed"):
            return contents  # type: ignore[no-any-return]
    return None


def _unfiltered(
    callback: Callable[..., completion.Candidates],
) -> Callable[[typer.Context, object, str], list[CompletionItem]]:
    def complete(ctx: typer.Context, param: object, incomplete: str) -> list[CompletionItem]:
        try:
            found = callback(ctx, [], incomplete)
        except Exception:  # a Tab press never prints an error
            return []
        return [CompletionItem(value, help=help_text or None) for value, help_text in found]

    return complete


# -- the table the launcher answers from ---------------------------------------------


def _completes(param: Any) -> tuple[Any, ...] | None:
    """How a parameter's value is completed: from the pack's names of a kind, from a
    fixed list, from a choice; None when nothing is offered; ("typer",) when only
    Typer's completion can say."""
    callback = _vnjp_callback_of(param)
    if callback is not None:
        if hasattr(callback, "vnjp_names"):
            return ("names", callback.vnjp_names)
        return ("fixed", tuple(callback.vnjp_fixed))  # type: ignore[attr-defined]
    if param._custom_shell_complete is not None:
        return ("typer",)
    if isinstance(param.type, TyperChoice):
        return ("choice", tuple(map(str, param.type.choices)), param.type.case_sensitive)
    if type(param.type).shell_complete is ParamType.shell_complete:
        return None
    return ("typer",)


def _param(param: Any, context: typer.Context) -> dict[str, Any]:
    is_option = isinstance(param, TyperOption)
    if not is_option and not isinstance(param, TyperArgument):
        raise TypeError(f"a parameter of a kind completion does not know: {param!r}")
    opts = tuple(param.opts)
    # Click names the help option in the order of a set of its names, which differs
    # from process to process: the table keeps the context's order and says so.
    as_a_set = param is context.command.get_help_option(context)
    if as_a_set:
        opts = tuple(name for name in context.help_option_names if name in opts)
    return {
        "name": param.name,
        "option": is_option,
        "opts": opts,
        "opts_as_a_set": as_a_set,
        "secondary": tuple(param.secondary_opts),
        "value": is_option and not (param.is_flag or param.count),
        "multiple": bool(param.multiple),
        "nargs": param.nargs,
        "callback": param.callback is not None,
        "hidden": bool(getattr(param, "hidden", False)),
        "help": getattr(param, "help", None),
        "completes": _completes(param),
    }


def table(group: TyperGroup) -> tuple[dict[str, Any], dict[str, tuple[dict[str, Any], ...]]]:
    """The root's parameters, and each command's, in the order Click completes them
    (the help option last). The commands' names and short help are the command table's
    (`vnjp.commands.COMMANDS`), which a Tab press reads as it is: a command whose help
    Click would write otherwise is refused here."""
    root_context = typer.Context(group, info_name="vnjp", **group.context_settings)
    for name in group.list_commands(root_context):
        group.get_command(root_context, name)
    use_vnjp_shells(group)
    parameters = {}
    for name in group.list_commands(root_context):
        command = group.get_command(root_context, name)
        assert command is not None
        if (command.get_short_help_str(), command.hidden) != (COMMANDS.get(name), False):
            raise ValueError(f"{name}: its short help is not the command table's")
        context = typer.Context(
            command, info_name=name, parent=root_context, **command.context_settings
        )
        parameters[name] = tuple(_param(p, context) for p in command.get_params(context))
    if list(parameters) != list(COMMANDS):
        raise ValueError("the app's commands are not the command table's")
    root = {"params": tuple(_param(p, root_context) for p in group.get_params(root_context))}
    return root, parameters


TABLE_HEADER = '''"""vnjp's commands and options as a Tab press reads them, made from the app by
`python scripts/update_cli_docs.py` (vnjp.completion_click.table): do not edit."""

# ruff: noqa: E501
# fmt: off
from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

'''


def _lines(items: tuple[Any, ...], indent: str) -> str:
    return "".join(f"{indent}{item!r},\n" for item in items)


def table_module(group: TyperGroup) -> str:
    """The text of vnjp/completion_table.py: an entry a line."""
    root, commands = table(group)
    text = [TABLE_HEADER, "ROOT: dict[str, Any] = {\n", '    "params": (\n']
    text += [_lines(root["params"], " " * 8), "    ),\n}\n\n"]
    text += ["COMMANDS: dict[str, tuple[dict[str, Any], ...]] = {\n"]
    for name, params in commands.items():
        text += [f"    {name!r}: (\n", _lines(params, " " * 8), "    ),\n"]
    return "".join([*text, "}\n"])
