"""GitHub-flavoured Markdown for articles: a table a person would paste, with human
column names, figures and dates as people write them, and each source cited once as a
numbered footnote (its title, publisher and date). The full data is json's and csv's.

Generic over `Result`: columns come from the documented fields its rows have, cells
from the rows themselves. `--fields` picks the columns; a review gives back its draft.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Iterable
from typing import Any, NamedTuple

from vnjp import present
from vnjp.codec import JSONDict, fact_from_json
from vnjp.model import COUNTRY_NAMES, Event, Observation, Visit, When
from vnjp.phrases import amount, ordinal, written_when
from vnjp.render.flat import cell
from vnjp.results import Result, ReviewResults, Selected
from vnjp.text import inert, to_ascii

INFERRED_NOTE = "\\* inferred from the source, not stated outright"


def _escape(text: str) -> str:
    """A cell's text as Markdown shows it literally: no HTML, no table breaks."""
    text = html.escape(inert(text, one_line=False), quote=False)
    for special in ("\\", "|", "*", "_", "`", "[", "]"):
        text = text.replace(special, "\\" + special)
    return text.replace("\r\n", "\n").replace("\n", "<br>")


class _Footnotes:
    """Sources numbered in the order they are first cited."""

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}
        self.notes: list[str] = []

    def cite(self, sources: Iterable[JSONDict]) -> str:
        marks = []
        for source in sources:
            if source["id"] not in self.numbers:
                self.numbers[source["id"]] = len(self.numbers) + 1
                self.notes.append(_source_note(source))
            marks.append(f"[^{self.numbers[source['id']]}]")
        return " ".join(marks)

    def text(self) -> str:
        return "".join(f"[^{n}]: {note}\n" for n, note in enumerate(self.notes, start=1))


def _source_note(source: JSONDict) -> str:
    return _escape(
        present.source_note(source["title"], source.get("publisher") or "", source["published"])
    )


def _when(text: str | None) -> str:
    return written_when(When.parse(text)) if text else ""


def _row_sources(row: JSONDict) -> list[JSONDict]:
    if "sources" in row:
        return list(row["sources"] or [])
    return [source for record in row.get("evidence") or [] for source in record["sources"]]


def _record(row: JSONDict) -> Event | Visit | Observation | None:
    """The record a row of an event, a visit or a figure holds, else None."""
    if row.get("kind") not in ("event", "visit", "stat"):
        return None
    record = fact_from_json(row)
    return record if isinstance(record, (Event, Visit, Observation)) else None


def _date(row: JSONDict) -> str:
    kind = row.get("kind")
    record = _record(row)
    if record is not None:
        written = present.when(record)  # as the table writes it
    elif kind == "source":
        written = _when(row["published"]) or "undated"
    else:
        written = ""
    return _escape(written) + ("\\*" if row.get("inferred") else "")


def _what(row: JSONDict) -> str:
    record = _record(row)
    if record is not None:
        return present.headline(record)
    if row.get("kind") == "conflict":
        return str(row["metric"])
    return str(row.get("title") or row.get("name") or row.get("claim") or row.get("sentence"))


def _figure(row: JSONDict) -> str:
    record = _record(row)
    return present.figure(record) if isinstance(record, Observation) else ""


# The details a row's other columns show: its figure and its note.
_SHOWN_APART = (present.DETAIL_FIGURE, present.DETAIL_NOTE)


def _details(row: JSONDict) -> str:
    """What the record says, who was there and where, a line each, as the table lists
    them."""
    record = _record(row)
    if record is None:
        return str(row.get("measures") or "")
    return "\n".join(text for what, text in present.details(record) if what not in _SHOWN_APART)


def _note(row: JSONDict, footnotes: _Footnotes) -> str:
    """The record's note, each source it names followed by that source's footnote, so
    that what a note says one source gives is credited to that source alone."""
    note = str(row.get("note") or "")
    cited = {source["id"]: source for source in _row_sources(row)}
    if not note or not cited:  # a source's own note: no footnote to point at
        return _escape(note)
    # The longest id first, so that no id is taken for a shorter one it starts with.
    ids = sorted(cited, key=len, reverse=True)
    named = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, ids)) + r")(?![\w-])")
    pieces, position = [], 0
    for match in named.finditer(note):
        pieces.append(_escape(note[position : match.end()]) + footnotes.cite([cited[match[0]]]))
        position = match.end()
    return "".join(pieces) + _escape(note[position:])


def _figures(row: JSONDict) -> str:
    """Each figure of a conflict as people write it, with its date and sources."""
    written = []
    for item in row["figures"]:
        record = fact_from_json(item)
        if isinstance(record, Observation):
            cited = present.source_ids(record)
            written.append(f"{present.figure(record)} ({present.when(record)}; {cited})")
    return "; ".join(written)


def _difference(row: JSONDict) -> str:
    from vnjp.differences import difference_words  # only a conflict needs it

    return "; ".join(
        difference_words(
            row["difference"], row["relative"], row["unit"], row["hedges_overlap"], row["same_time"]
        )
    )


def _cited_with(row: JSONDict) -> str:
    return "; ".join(
        f"{item['source']}: {', '.join(item['records'])}" for item in row["cited_with"]
    )


def _differs(row: JSONDict) -> str:
    return "; ".join(f"{item['id']}: {_difference(item)}" for item in row["differences"])


class _Column(NamedTuple):
    header: str
    needs: frozenset[str]  # shown when the result has any of these fields
    # The cell, already Markdown, given the footnotes that number the sources.
    write: Callable[[JSONDict, _Footnotes], str]


def _plain(write: Callable[[JSONDict], str]) -> Callable[[JSONDict, _Footnotes], str]:
    return lambda row, _footnotes: _escape(write(row))


# The article's columns, in order; each shown when the result has the fields it needs
# and some row has something to show in it.
_ARTICLE = (
    _Column("Line", frozenset({"line"}), _plain(lambda row: str(row["line"]))),
    _Column("Date", frozenset({"date", "period", "published"}), lambda row, _: _date(row)),
    _Column(
        "What",
        frozenset({"title", "person", "metric", "name", "claim", "sentence"}),
        _plain(_what),
    ),
    _Column("Figure", frozenset({"value"}), _plain(_figure)),
    _Column("Details", frozenset({"summary", "first", "measures"}), _plain(_details)),
    _Column("Note", frozenset({"note"}), _note),
    _Column("Publisher", frozenset({"publisher"}), _plain(lambda row: row.get("publisher") or "")),
    _Column("Records", frozenset({"records"}), _plain(lambda row: str(row.get("records", "")))),
    _Column(
        "Figures", frozenset({"observations"}), _plain(lambda row: str(row.get("observations", "")))
    ),
    _Column("Each source says", frozenset({"figures"}), _plain(lambda row: _figures(row))),
    _Column("Difference", frozenset({"hedges_overlap"}), _plain(lambda row: _difference(row))),
    _Column("Cited with", frozenset({"cited_with"}), _plain(lambda row: _cited_with(row))),
    _Column("Differs from", frozenset({"differences"}), _plain(lambda row: _differs(row))),
    _Column("Verdict", frozenset({"verdict"}), _plain(lambda row: str(row["verdict"] or ""))),
    _Column("Reason", frozenset({"reason"}), _plain(lambda row: str(row["reason"]))),
)

# Column names for --fields: what a reader calls each documented field.
_HEADERS = {
    "id": "Id", "kind": "Kind", "date": "Date", "title": "Event", "summary": "Summary",
    "category": "Category", "people": "People", "places": "Places", "sources": "Sources",
    "note": "Note", "inferred": "Inferred", "person": "Leader", "role": "Role",
    "from": "From", "to": "To", "visit_type": "Visit", "first": "First",
    "outcomes": "Outcomes", "counterparts": "Met", "stat": "Statistic", "metric": "Measure",
    "value": "Figure", "unit": "Unit", "qualifier": "Hedge", "period": "Period",
    "as_of": "As of", "rank": "Rank", "rank_of": "Ranked among",
    "ranked_after": "Ranked after", "out_of": "Out of", "publisher": "Publisher",
    "published": "Published", "records": "Records", "name": "Name", "measures": "Measures",
    "observations": "Figures", "claim": "Claim", "verdict": "Verdict", "reason": "Reason",
    "evidence": "Evidence", "parts": "Parts", "score": "Score", "line": "Line",
    "sentence": "Sentence",
}  # fmt: skip


def _field_cell(key: str, row: JSONDict) -> str:
    """One field as the article writes it: dates in words, figures with their unit,
    ranks as ordinals, countries by name; the rest as the CSV has it."""
    value: Any = row.get(key)
    if key in ("date", "period", "as_of", "published") and isinstance(value, str):
        return _escape(_when(value))
    if key == "value" and value is not None:
        return _escape(amount(value, row.get("unit") or ""))
    if key == "rank" and value is not None:
        return _escape(ordinal(value))
    if key in ("from", "to") and value:
        return _escape(COUNTRY_NAMES.get(value, value))
    if key == "inferred":
        return "yes" if value else ""
    return _escape(cell(key, value))


def render_markdown(result: Result, *, ascii_only: bool = False) -> str:
    if "citation" in result.fields() and not isinstance(result, Selected):
        text = _citation_list(result)
    elif isinstance(result, ReviewResults):
        text = _annotated_draft(result)
    else:
        text = _article_table(result)
    return to_ascii(text) if ascii_only else text


def _article_table(result: Result) -> str:
    footnotes = _Footnotes()
    if isinstance(result, Selected):
        headers, cells, after = _selected_columns(result, footnotes)
    else:
        headers, cells, after = _article_columns(result, footnotes)
    lines = [
        "| " + " | ".join(headers) + " |",
        "|" + "|".join(" --- " for _ in headers) + "|",
        *("| " + " | ".join(row_cells) + " |" for row_cells in cells),
    ]
    text = "\n".join(lines) + "\n" + after
    return text + ("\n" + footnotes.text() if footnotes.notes else "")


def _article_columns(
    result: Result, footnotes: _Footnotes
) -> tuple[list[str], list[list[str]], str]:
    """The article's columns that the result has and some row fills, then its sources
    as footnotes; and the note on inferred dates, when a date is marked."""
    rows = result.rows()
    fields = set(result.fields())
    columns = [column for column in _ARTICLE if column.needs & fields]
    cites = bool({"sources", "evidence"} & fields)
    for row in rows if cites else ():
        footnotes.cite(_row_sources(row))  # numbered row by row, before a note names one
    by_column = [[column.write(row, footnotes) for row in rows] for column in columns]
    kept = [i for i, written in enumerate(by_column) if any(written)]
    headers = [columns[i].header for i in kept]
    cells = [[by_column[i][n] for i in kept] for n in range(len(rows))]
    if cites:
        headers.append("Sources")
        for row_cells, row in zip(cells, rows, strict=True):
            row_cells.append(footnotes.cite(_row_sources(row)))
    inferred = any(row.get("inferred") for row in rows)
    return headers, cells, f"\n{INFERRED_NOTE}\n" if inferred else ""


def _selected_columns(
    result: Selected, footnotes: _Footnotes
) -> tuple[list[str], list[list[str]], str]:
    """The --fields columns, named for people; sources as footnotes when they are one
    of them, else listed under the table (a footnote nothing refers to is not shown)."""
    # The whole rows: a figure needs its unit, and sources are cited whatever was picked.
    rows = result.result.rows()
    names = result.names
    headers = [_HEADERS.get(key, key.replace("_", " ").capitalize()) for key in names]
    cells = [[_field_cell(key, row) for key in names] for row in rows]
    if "sources" not in names:
        return headers, cells, _source_list(rows)
    column = names.index("sources")
    for row_cells, row in zip(cells, rows, strict=True):
        row_cells[column] = footnotes.cite(_row_sources(row))
    return headers, cells, ""


def _source_list(rows: list[JSONDict]) -> str:
    """Every source the rows cite, once, as a list under the table."""
    sources = {source["id"]: source for row in rows for source in _row_sources(row)}
    if not sources:
        return ""
    return "\nSources:\n\n" + "".join(
        f"- {_source_note(sources[key])}\n" for key in sorted(sources)
    )


def _citation_list(result: Result) -> str:
    """Citations as a list to paste under an article, italics as Markdown writes them,
    each note under its citation; BibTeX and CSL-JSON as code blocks."""
    from vnjp.citation import Style
    from vnjp.research import Citations  # only cite pays for its classes

    assert isinstance(result, Citations)
    if result.style is Style.CSL_JSON:
        items = json.dumps([c.item for c in result.records], ensure_ascii=False, indent=2)
        return f"```json\n{inert(items, one_line=False)}\n```\n"
    if result.style is Style.BIBTEX:
        entries = "\n\n".join(inert(c.text, one_line=False) for c in result.records)
        return f"```bibtex\n{entries}\n```\n"
    lines = []
    for citation in result.records:
        text = "".join(
            f"*{_escape(piece)}*" if italic else _escape(piece) for piece, italic in citation.pieces
        )
        lines.append(f"- {text}")
        if citation.note:
            lines.append(f"  Note: {_escape(citation.note)}")
    return "\n".join(lines) + "\n"


def _annotated_draft(result: ReviewResults) -> str:
    """The draft as written, each listed sentence that was checked followed by its
    verdict and a numbered footnote with the reason and the sources, and a line that
    counts every verdict under it (at the foot, so that front matter and the title
    stay first): ready for an editor."""
    draft = result.draft
    pieces: list[str] = []
    notes: list[str] = []
    position = 0
    for sentence in result.listed:
        verdict = sentence.verdict
        if verdict is None:
            continue
        number = len(notes) + 1
        pieces.append(inert(draft[position : sentence.end], one_line=False))
        pieces.append(f" **[{verdict.label.value}]**[^{number}]")
        position = sentence.end
        sources = {source.id: source for record in verdict.evidence for source in record.sources}
        # Each source as the article table's footnotes write it, its date in words.
        cited = "; ".join(
            present.source_words(source.title, source.publisher, present.published_iso(source))
            for source in sources.values()
        )
        note = _escape(sentence.reason) + (f" \u2014 {_escape(cited)}" if cited else "")
        notes.append(f"[^{number}]: {note}")
    pieces.append(inert(draft[position:], one_line=False))
    text = "".join(pieces).rstrip("\n") + "\n"
    only = result.only_words()
    marked = f" (only {only} marked)" if only else ""
    text += f"\n**vnjp review:** {result.summary().line()}{_escape(marked)}\n"
    if notes:
        text += "\n" + "\n".join(notes) + "\n"
    return text
