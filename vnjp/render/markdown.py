"""GitHub-flavoured Markdown: a table to paste into an article, with its sources cited."""

from __future__ import annotations

import html

from vnjp.render.flat import table
from vnjp.results import Result, ReviewResults
from vnjp.text import inert, to_ascii


def _escape(text: str) -> str:
    """A cell's text as Markdown shows it literally: no HTML, no table breaks."""
    text = html.escape(inert(text, one_line=False), quote=False)
    for special in ("\\", "|", "*", "_", "`", "[", "]"):
        text = text.replace(special, "\\" + special)
    return text.replace("\r\n", "\n").replace("\n", "<br>")


def render_markdown(result: Result, *, ascii_only: bool = False) -> str:
    if isinstance(result, ReviewResults):
        text = _annotated_draft(result)
        return to_ascii(text) if ascii_only else text
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


def _annotated_draft(result: ReviewResults) -> str:
    """The draft as written, each checked sentence followed by its verdict and a
    numbered footnote with the reason and the sources: ready for an editor."""
    draft = result.draft
    pieces: list[str] = []
    notes: list[str] = []
    position = 0
    for sentence in result.records:
        verdict = sentence.verdict
        if verdict is None:
            continue
        number = len(notes) + 1
        pieces.append(inert(draft[position : sentence.end], one_line=False))
        pieces.append(f" **[{verdict.label.value}]**[^{number}]")
        position = sentence.end
        sources = {source.id: source for record in verdict.evidence for source in record.sources}
        cited = "; ".join(
            f"{source.title}{', ' + source.publisher if source.publisher else ''} "
            f"({source.published or 'undated'})"
            for source in sources.values()
        )
        note = _escape(verdict.reason) + (f" \u2014 {_escape(cited)}" if cited else "")
        notes.append(f"[^{number}]: {note}")
    pieces.append(inert(draft[position:], one_line=False))
    text = "".join(pieces).rstrip("\n") + "\n"
    if notes:
        text += "\n" + "\n".join(notes) + "\n"
    return text
