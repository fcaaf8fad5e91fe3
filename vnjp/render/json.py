"""JSON output: an array of records, UTF-8, numbers as numbers, dates as ISO strings."""

from __future__ import annotations

import json

from vnjp.results import Result
from vnjp.text import replace_unsafe


def render_json(result: Result, *, ascii_only: bool = False) -> str:
    return dumps(result.document(), ascii_only, indent=2) + "\n"


def render_json_lines(result: Result, *, ascii_only: bool = False) -> str:
    """JSON Lines: each record (or verdict) as one compact JSON object a line."""
    return "".join(dumps(row, ascii_only) + "\n" for row in result.rows())


def dumps(data: object, ascii_only: bool, indent: int | None = None) -> str:
    """JSON text of `data`, UTF-8 unless `ascii_only`, with nothing a terminal obeys."""
    text = json.dumps(data, ensure_ascii=ascii_only, indent=indent)
    # json.dumps escapes C0 controls but leaves C1 controls, bidi overrides and lone
    # surrogates as they are, which a terminal showing the JSON could obey or fail to
    # encode; as \u escapes they mean the same to any JSON reader.
    return replace_unsafe(text, _json_escape)


def _json_escape(character: str) -> str:
    return f"\\u{ord(character):04x}"
