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
    JSONL = "jsonl"
    CSV = "csv"
    MARKDOWN = "markdown"


@dataclass(frozen=True)
class Terminal:
    """What the output stream can show: its width (None: unlimited), colour, and
    whether it needs ASCII (a stream that cannot encode Unicode, or --ascii)."""

    width: int | None
    color: bool
    ascii: bool = False


def render(result: Result, output_format: Format, terminal: Terminal) -> str:
    if output_format is Format.TABLE:
        from vnjp.render.table import render_table

        return render_table(result, terminal)
    if output_format is Format.JSON:
        from vnjp.render.json import render_json

        return render_json(result, ascii_only=terminal.ascii)
    if output_format is Format.JSONL:
        from vnjp.render.json import render_json_lines

        return render_json_lines(result, ascii_only=terminal.ascii)
    if output_format is Format.CSV:
        from vnjp.render.csv import render_csv

        return render_csv(result)
    from vnjp.render.markdown import render_markdown

    return render_markdown(result)
