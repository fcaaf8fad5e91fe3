"""GitHub-flavoured Markdown: a table to paste into an article, with its sources cited."""

from __future__ import annotations

import html

from vnjp.render import Result
from vnjp.render.flat import table
from vnjp.render.records import record_dicts
from vnjp.text import inert


def _escape(text: str) -> str:
    """A cell's text as Markdown shows it literally: no HTML, no table breaks."""
    text = html.escape(inert(text, one_line=False), quote=False)
    for special in ("\\", "|", "*", "_", "`", "[", "]"):
        text = text.replace(special, "\\" + special)
    return text.replace("\r\n", "\n").replace("\n", "<br>")


def render_markdown(result: Result) -> str:
    columns, rows = table(result)
    lines = [
        "| " + " | ".join(_escape(column) for column in columns) + " |",
        "|" + "|".join(" --- " for _ in columns) + "|",
    ]
    lines += ["| " + " | ".join(_escape(value) for value in row) + " |" for row in rows]
    cited = _sources(result)
    if cited:
        lines += ["", "Sources:", ""]
        lines += [f"- {_escape(line)}" for line in cited]
    return "\n".join(lines) + "\n"


def _sources(result: Result) -> list[str]:
    """Each source the records cite, once: id, title, publisher and date."""
    found: dict[str, str] = {}
    for record in record_dicts(result):
        refs = list(record.get("sources", []))
        refs += [s for evidence in record.get("evidence", []) for s in evidence["sources"]]
        if record.get("kind") == "source":
            refs.append(record)
        for ref in refs:
            publisher = f", {ref['publisher']}" if ref["publisher"] else ""
            published = ref["published"] or "undated"
            found.setdefault(ref["id"], f"{ref['id']}: {ref['title']}{publisher} ({published})")
    return [found[key] for key in sorted(found)]
