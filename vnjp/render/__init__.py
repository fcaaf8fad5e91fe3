"""Renderers turn a query result into text; they return it, the CLI prints it.

json, jsonl, csv and markdown are generic over `vnjp.results.Result`; only the table
renderer lays out each kind of result, and only it imports Rich, so the other
formats never pay for it. Each format imports its own renderer when it is chosen.
"""

from __future__ import annotations

from typing import NoReturn

from vnjp.render.formats import Format, Terminal
from vnjp.results import Result

__all__ = ["Format", "Terminal", "render"]


def render(result: Result, output_format: Format, terminal: Terminal) -> str:
    match output_format:
        case Format.TABLE:
            from vnjp.render.table import render_table

            return render_table(result, terminal)
        case Format.TSV:
            from vnjp.render.table import render_lines

            return render_lines(result, terminal)
        case Format.JSON:
            from vnjp.render.json import render_json

            return render_json(result, ascii_only=terminal.ascii)
        case Format.JSONL:
            from vnjp.render.json import render_json_lines

            return render_json_lines(result, ascii_only=terminal.ascii)
        case Format.CSV | Format.CSV_RAW:
            from vnjp.render.csv import render_csv

            raw = output_format is Format.CSV_RAW
            return render_csv(result, ascii_only=terminal.ascii, raw=raw)
        case Format.MARKDOWN:
            from vnjp.render.markdown import render_markdown

            return render_markdown(result, ascii_only=terminal.ascii)
        case Format.CLAIMREVIEW:
            from vnjp.render.claimreview import render_claim_reviews

            return render_claim_reviews(result, ascii_only=terminal.ascii)
        case _:
            _no_renderer(output_format)


def _no_renderer(output_format: NoReturn) -> NoReturn:
    """mypy proves this unreachable: a Format without a renderer fails type checking
    (typing.assert_never, which is 3.11+)."""
    raise AssertionError(f"no renderer for {output_format!r}")
