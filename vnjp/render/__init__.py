"""Renderers turn a query result into text; they return it, the CLI prints it.

Rich is imported only by the table renderer, so the JSON path never pays for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:  # at run time only the renderers need these, and they import them
    from vnjp import query
    from vnjp.check import CheckResults
    from vnjp.search import SearchResults

Result: TypeAlias = "query.Result | SearchResults | CheckResults"


class Format(str, Enum):
    TABLE = "table"
    JSON = "json"


@dataclass(frozen=True)
class Terminal:
    """What the output stream can show: its width (None: unlimited), colour, and
    whether it needs ASCII (a stream that cannot encode Unicode, or --ascii)."""

    width: int | None
    color: bool
    ascii: bool = False


def render(result: Result, output_format: Format, terminal: Terminal) -> str:
    if output_format is Format.JSON:
        from vnjp.render.json import render_json

        return render_json(result, ascii_only=terminal.ascii)
    from vnjp.render.table import render_table

    return render_table(result, terminal)
