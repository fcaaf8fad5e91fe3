"""GitHub-flavoured Markdown: a table to paste into an article, with its sources cited."""

from __future__ import annotations

import html

from vnjp.render.flat import table
from vnjp.results import Result
from vnjp.text import inert, to_ascii


def _escape(text: str) -> str:
    """A cell's text as Markdown shows it literally: no HTML, no table breaks."""
    text = html.escape(inert(text, one_line=False), quote=False)
    for special in ("\\", "|", "*", "_", "`", "[", "]"):
        text = text.replace(special, "\\" + special)
    return text.replace("\r\n", "\n").replace("\n", "<br>")


def render_markdown(result: Result, *, ascii_only: bool = False) -> str:
    columns, rows = table(result)
    lines = [
        "| " + " | ".join(_escape(column) for column in columns) + " |",
        "|" + "|".join(" --- " for _ in columns) + "|",
    ]
    lines += ["| " + " | ".join(_escape(value) for value in row) + " |" for row in rows]
    cited = result.cited()
    if cited:
        lines += ["", "Sources:", ""]
        for source in cited:
            publisher = f", {source.publisher}" if source.publisher else ""
            published = source.published or "undated"
            line = f"{source.id}: {source.title}{publisher} ({published})"
            lines.append(f"- {_escape(line)}")
    text = "\n".join(lines) + "\n"
    return to_ascii(text) if ascii_only else text
