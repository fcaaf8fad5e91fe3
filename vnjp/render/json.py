"""JSON output: an array of records, UTF-8, numbers as numbers, dates as ISO strings."""

from __future__ import annotations

import json
import re

from vnjp.codec import Rendered
from vnjp.results import Result
from vnjp.text import replace_unsafe

# A record whose text the index holds stands in the document as a mark, replaced by
# that text once the rest is encoded: json.dumps writes the mark's NULs as \u0000.
_MARK = "\x00vnjp-record-{}\x00"
_MARKED = re.compile(r'^( *)(.*?)"\\u0000vnjp-record-(\d+)\\u0000"', re.MULTILINE)
_BEYOND_ASCII = re.compile(r"[^\x00-\x7e]")


def render_json(result: Result, *, ascii_only: bool = False) -> str:
    texts: list[str] = []
    document = _marked(result.document(), texts)
    text = json.dumps(document, ensure_ascii=ascii_only, indent=2)
    if texts:
        text = _spliced(text, texts, ascii_only) or json.dumps(
            result.document(), ensure_ascii=ascii_only, indent=2
        )
    return replace_unsafe(text, _json_escape) + "\n"


def render_json_lines(result: Result, *, ascii_only: bool = False) -> str:
    """JSON Lines: each record (or verdict) as one compact JSON object a line."""
    return "".join(dumps(row, ascii_only) + "\n" for row in result.rows())


def dumps(data: object, ascii_only: bool, indent: int | None = None) -> str:
    """JSON text of `data`, UTF-8 unless `ascii_only`, with nothing a terminal obeys."""
    text = json.dumps(data, ensure_ascii=ascii_only, indent=indent)
    return replace_unsafe(text, _json_escape)


def _marked(value: object, texts: list[str]) -> object:
    """The document with each record that has its text ready as a mark, the text in
    `texts` at the mark's number."""
    if isinstance(value, Rendered) and value.text is not None:
        texts.append(value.text)
        return _MARK.format(len(texts) - 1)
    if isinstance(value, dict):
        return {key: _marked(item, texts) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_marked(item, texts) for item in value]
    return value


def _spliced(text: str, texts: list[str], ascii_only: bool) -> str | None:
    """`text` with each mark replaced by its record's text, indented as json.dumps
    would indent the record there; None when the marks are not each found once (a
    string of a record could hold a mark's very characters)."""
    found: list[int] = []

    def splice(match: re.Match[str]) -> str:
        indent, before, number = match.groups()
        found.append(int(number))
        record = texts[int(number)].replace("\n", "\n" + indent)
        if ascii_only:
            record = _BEYOND_ASCII.sub(_ascii_escape, record)
        return indent + before + record

    spliced = _MARKED.sub(splice, text)
    return spliced if sorted(found) == list(range(len(texts))) else None


def _ascii_escape(match: re.Match[str]) -> str:
    """A character as json.dumps escapes it with ensure_ascii (a pair of surrogates
    beyond the basic plane)."""
    code = ord(match.group())
    if code > 0xFFFF:
        code -= 0x10000
        return f"\\u{0xD800 | (code >> 10):04x}\\u{0xDC00 | (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


def _json_escape(character: str) -> str:
    """json.dumps escapes C0 controls but leaves C1 controls, bidi overrides and lone
    surrogates as they are, which a terminal showing the JSON could obey or fail to
    encode; as \\u escapes they mean the same to any JSON reader."""
    return f"\\u{ord(character):04x}"
