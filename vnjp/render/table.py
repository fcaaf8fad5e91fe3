"""Rich tables for people. The only module that imports Rich.

Every cell is a `Text`, never a markup string: text from a fact file is shown
as written, never interpreted.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, NamedTuple

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.table import Table
from rich.text import Text

from vnjp import present
from vnjp.model import Event, Observation, Source, Visit
from vnjp.phrases import amount, direction
from vnjp.render.formats import Terminal
from vnjp.results import (
    CheckResults,
    Label,
    Result,
    ReviewResults,
    SearchResults,
    Sources,
    SourceSummary,
    Stat,
    StatKeys,
    Timeline,
    Verdict,
    Visits,
    YearlySeries,
    hit_sources,
)
from vnjp.text import inert, to_ascii
from vnjp.words import match_spans

if TYPE_CHECKING:
    from vnjp.differences import Difference
    from vnjp.research import Citations, Conflicts, ShowResults

# Wide enough that Rich never wraps or cuts a cell when the width is unlimited.
_UNLIMITED_WIDTH = 100_000
_BAR_WIDTH = 40

_MONTH = "(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_DASH = "\u2013"  # the en dash of a span in words
# What a table never breaks across lines, though it has spaces: an amount with its
# scale and hedge ("nearly US$24.9 billion") and a date in words ("27-30 November 2023",
# "January-September 2023", with an en dash), each with what follows it up to the next
# space ("2023." or "billion,"); each is kept whole, as a word is. Compiled at import:
# only a table imports this module.
_WHOLE = re.compile(
    r"(?:(?:about|almost|around|nearly|over|under|more than|less than|up to) )?"
    r"(?:US\$|\$)?\d[\d,]*(?:\.\d+)? (?:billion|million|trillion)\b\S*"
    rf"|(?:\d{{1,2}}(?:{_DASH}\d{{1,2}})? )?{_MONTH}"
    rf"(?:{_DASH}(?:\d{{1,2}} )?{_MONTH})?(?: \d{{4}})?\S*"
    r"|\S+"
)


def render_table(result: Result, terminal: Terminal) -> str:
    return _to_text(_layout(result, _Cells(terminal)), terminal)


def render_lines(result: Result, terminal: Terminal) -> str:
    """The table's columns as tab-separated lines, for a pipe or a file, as gh writes
    them: a line a record with no header, every value on its line (no box, no
    wrapping), so that grep, cut and sort work. The title, footers, chart and summary
    around the table are for people and are left out; a layout with no table (one
    record's fields, a review that lists nothing) is written as drawn, unboxed."""
    cells = _Cells(terminal, lines=True)
    body = _layout(result, cells)
    if not cells.sheets:
        return _to_text(body, terminal)
    return "".join(sheet.lines() for sheet in cells.sheets)


def _layout(result: Result, cells: _Cells) -> RenderableType:
    body: RenderableType
    match result:
        case Timeline():
            body = _timeline(result, cells)
        case Visits():
            body = _visits(result, cells)
        case StatKeys():
            body = _stat_keys(result, cells)
        case Stat():
            body = _stat(result, cells)
        case Sources():
            body = _sources(result, cells)
        case SearchResults():
            body = _search(result, cells)
        case CheckResults():
            body = _check(result, cells)
        case ReviewResults():
            body = _review(result, cells)
        case _:
            body = _research(result, cells)
    return body


class _Cells:
    """Makes every piece of text a table shows, so that all of it is made safe:
    control characters escaped, and spelled in ASCII for a terminal that needs it."""

    def __init__(self, terminal: Terminal, *, lines: bool = False) -> None:
        self.ascii = terminal.ascii
        # Tab-separated lines for scripts (render_lines), not a table for people.
        self.for_lines = lines
        # A pipe with no COLUMNS gets whole lines: a table, never squeezed or stacked.
        self.stack = terminal.width is not None
        # Every table made, for the lines a pipe gets.
        self.sheets: list[_Sheet] = []

    def clean(self, text: str) -> str:
        text = inert(text)
        return to_ascii(text) if self.ascii else text

    def text(self, text: str, style: str = "") -> Text:
        return Text(self.clean(text), style=style)

    def date(self, record: Event | Visit | Observation, *, mark: bool = True) -> str:
        """A record's date: for people in words, as Markdown writes it, with the "*" of
        an inferred date (which the note under the table explains) when `mark`; on a
        line for scripts as JSON writes it (ISO 8601, which sort orders), "(inferred)"
        spelled out, since no note explains a "*" there."""
        inferred = record.inferred and mark
        if self.for_lines:
            iso = present.iso_when(record)
            return f"{iso} (inferred)" if inferred else iso
        written = self.clean(present.when(record))
        return f"{written} *" if inferred else written

    def lines(self, *lines: tuple[str, str]) -> Text:
        """A cell of several lines, each (text, style); empty lines are left out."""
        cell = Text()
        for text, style in lines:
            if text:
                if cell:
                    cell.append("\n")
                cell.append(self.clean(text), style=style)
        return cell

    def highlighted(self, text: str, terms: tuple[str, ...], style: str = "") -> Text:
        """A cell whose words matching `terms` stand out."""
        cell = self.text(text, style=style)
        for start, end in match_spans(cell.plain, terms):
            cell.stylize("bold reverse", start, end)
        return cell

    def table(self, title: str, *columns: str | tuple[str, int]) -> _Sheet:
        """A table of fixed columns (dates, ids, codes: one line, never wrapped) and
        (name, weight) columns, which share the spare width by weight and wrap."""
        sheet = _Sheet(self.text(title, style="bold"), columns, self.ascii, self.stack)
        self.sheets.append(sheet)
        return sheet


class _Column(NamedTuple):
    header: str
    weight: int  # 0: fixed, one line, never wrapped


class _Sheet:
    """Records as a table, or stacked: a block of `Field: value` lines a record, as gh
    and kubectl print narrow output. Which one is decided when Rich renders it, at the
    width it has: the table when its columns fit side by side, unless squeezing them
    makes it half as tall again as the blocks would be.

    No value is ever broken inside a word: a column is at least as wide as its longest
    word (its longest line when fixed), and a header as its longest word.
    """

    def __init__(
        self,
        title: Text,
        columns: tuple[str | tuple[str, int], ...],
        ascii_only: bool,
        may_stack: bool,
    ) -> None:
        self.title = title
        self.may_stack = may_stack
        self.columns = [
            _Column(*column) if isinstance(column, tuple) else _Column(column, 0)
            for column in columns
        ]
        self.ascii = ascii_only
        self.rows: list[tuple[Text, ...]] = []
        # Each row's record id, for the lines a pipe gets when no column shows it.
        self.ids: list[str] = []

    def add_row(self, *cells: Text | str, record_id: str = "") -> None:
        self.rows.append(tuple(Text(cell) if isinstance(cell, str) else cell for cell in cells))
        self.ids.append(record_id)

    def marked(self) -> bool:
        """True when a line of a cell ends with the "*" of an inferred date."""
        return any(
            line.endswith(" *")
            for row in self.rows
            for cell in row
            for line in cell.plain.split("\n")
        )

    def lines(self) -> str:
        """A line a row, tab-separated, with no header (as gh writes a pipe's lines: each
        line is a record, so `sort` and `wc -l` count records); a cell's lines joined by "; "
        (as CSV joins a list); the record's id beside its date when the table has no
        column for it, so that a line found by grep says which record it is."""
        headers = [column.header for column in self.columns]
        rows = [[_one_line(cell.plain) for cell in row] for row in self.rows]
        if any(self.ids):
            at = 1 if headers[0] == "Date" else 0
            headers.insert(at, "Id")
            for row, record_id in zip(rows, self.ids, strict=True):
                row.insert(at, record_id)
        return "".join("\t".join(line) + "\n" for line in rows)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        widths = self._widths(width)
        if self.may_stack and (
            widths is None or self._table_height(widths) > 1.5 * self._stacked_height(width)
        ):
            yield from self._stacked(console, width)
        else:
            # Unlimited width: only a word longer than 100,000 columns leaves no widths.
            yield self._table(widths or self._bounds()[0])

    @property
    def _label_width(self) -> int:
        return max(cell_len(column.header) for column in self.columns) + 1

    def _bounds(self) -> tuple[list[int], list[int]]:
        """Each column's narrowest width (its longest word, or line when fixed, header
        included) and widest (its longest line)."""
        least, most = [], []
        for index, column in enumerate(self.columns):
            lines = [column.header, *(row[index].plain for row in self.rows)]
            narrowest = max(map(_longest_word if column.weight else _longest_line, lines))
            least.append(narrowest)
            most.append(max(narrowest, *map(_longest_line, lines)))
        return least, most

    def _widths(self, width: int) -> list[int] | None:
        """Each column's width, or None when even the narrowest do not fit in `width`."""
        least, most = self._bounds()
        # Each column has a border and a space either side.
        spare = width - sum(least) - 3 * len(self.columns) - 1
        if spare < 0:
            return None
        return _share(least, most, [column.weight for column in self.columns], spare)

    def _table_height(self, widths: list[int]) -> int:
        """About how many lines the table takes (wrapping is estimated, not done)."""
        header = max(
            _height(column.header, w) for column, w in zip(self.columns, widths, strict=True)
        )
        body = sum(
            max(_height(cell.plain, w) for cell, w in zip(row, widths, strict=True)) + 1
            for row in self.rows
        )
        return header + 3 + body

    def _stacked_height(self, width: int) -> int:
        room = max(width - self._label_width - 1, 1)
        return sum(1 + sum(_height(cell.plain, room) for cell in row) for row in self.rows)

    def _table(self, widths: list[int]) -> Table:
        table = Table(
            title=self.title,
            title_justify="left",
            show_lines=True,
            box=box.ASCII2 if self.ascii else box.HEAVY_HEAD,
        )
        for column, column_width in zip(self.columns, widths, strict=True):
            table.add_column(
                column.header,
                width=column_width,
                no_wrap=not column.weight,
                overflow="fold",
            )
        for row in self.rows:
            # Wrapped here, so that no amount or date in words is broken (Rich would
            # break at any space); Rich then has nothing left to wrap.
            table.add_row(
                *(
                    _rewrapped(cell, column_width) if column.weight else cell
                    for cell, column, column_width in zip(row, self.columns, widths, strict=True)
                )
            )
        return table

    def _stacked(self, console: Console, width: int) -> Iterator[Text]:
        label_width = self._label_width
        rule = Text(("-" if self.ascii else "─") * width, style="dim")
        yield self.title
        for row in self.rows:
            yield rule
            for column, cell in zip(self.columns, row, strict=True):
                if cell.plain.strip():
                    yield from _field(console, f"{column.header}:", label_width, cell, width)


def _one_line(text: str) -> str:
    pieces = (piece.strip() for piece in text.replace("\t", " ").split("\n"))
    return "; ".join(piece for piece in pieces if piece)


def _longest_word(text: str) -> int:
    """The widest word, an amount or a date in words counting as one."""
    return max((cell_len(match.group()) for match in _WHOLE.finditer(text)), default=0)


def _breaks(line: str, width: int) -> list[int]:
    """Where to break a line to fit `width`, only between words (an amount or a date in
    words is one); a word wider than `width` is left for Rich to fold."""
    breaks: list[int] = []
    start = 0
    for match in _WHOLE.finditer(line):
        if match.start() > start and cell_len(line[start : match.end()]) > width:
            breaks.append(match.start())
            start = match.start()
    return breaks


def _whole_lines(text: Text, width: int) -> list[Text]:
    pieces: list[Text] = []
    for line in text.split("\n", allow_blank=True):
        for piece in line.divide(_breaks(line.plain, width)):
            piece.rstrip()
            pieces.append(piece)
    return pieces


def _rewrapped(cell: Text, width: int) -> Text:
    return Text("\n").join(_whole_lines(cell, width))


def _height(text: str, width: int) -> int:
    """About how many lines `text` takes wrapped to `width`."""
    return sum(-(-cell_len(line) // width) or 1 for line in text.split("\n")) if text else 0


def _longest_line(text: str) -> int:
    return max((cell_len(line) for line in text.split("\n")), default=0)


def _share(least: list[int], most: list[int], weights: list[int], spare: int) -> list[int]:
    """Widths from `least`, the spare shared among the wrapping columns by weight, none
    past its longest line."""
    widths = list(least)
    while spare > 0:
        growing = [i for i, weight in enumerate(weights) if weight and widths[i] < most[i]]
        if not growing:
            break
        total = sum(weights[i] for i in growing)
        given = 0
        for i in growing:
            share = max(1, spare * weights[i] // total)
            grant = min(most[i] - widths[i], share, spare - given)
            widths[i] += grant
            given += grant
        spare -= given
    return widths


def _wrapped(console: Console, text: Text, width: int) -> list[Text]:
    lines: list[Text] = []
    for piece in _whole_lines(text, width):
        # A word wider than the room (a long id) is folded, never cut.
        lines.extend(
            piece.wrap(console, width, overflow="fold")
            if cell_len(piece.plain) > width
            else [piece]
        )
    for line in lines:
        line.rstrip()
    return lines


def _field(console: Console, label: str, label_width: int, value: Text, width: int) -> list[Text]:
    """A `Label: value` field wrapped to `width`; the value starts on the next line,
    indented, when it does not fit beside the label without breaking a word."""
    if label_width + 1 + _longest_word(value.plain) <= width:
        lines = _wrapped(console, value, width - label_width - 1)
        indent = " " * (label_width + 1)
        return [
            Text.assemble((label.ljust(label_width + 1) if number == 0 else indent, "bold"), line)
            for number, line in enumerate(lines)
        ]
    lines = _wrapped(console, value, max(width - 2, 1))
    return [Text(label, style="bold"), *(Text.assemble("  ", line) for line in lines)]


def _to_text(renderable: RenderableType, terminal: Terminal) -> str:
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=terminal.width or _UNLIMITED_WIDTH,
        force_terminal=terminal.color,
        no_color=not terminal.color,
        color_system="standard" if terminal.color else None,
        markup=False,
        emoji=False,
        highlight=False,
        soft_wrap=False,
    )
    console.print(renderable)
    # Rich pads lines to the console's width: trailing blanks only get in the way.
    return "\n".join(line.rstrip() for line in buffer.getvalue().split("\n"))


def _source_ids(sources: tuple[Source, ...], cells: _Cells) -> Text:
    return cells.text("\n".join(source.id for source in sources), style="cyan")


def _source_key(sources: list[Source], cells: _Cells) -> _Hanging:
    """A caption naming each source the rows cite, with its date."""
    lines = [cells.text(present.source_line(source)) for source in sources]
    return _Hanging(Text("Sources:", style="dim"), lines, style="dim")


class _Hanging:
    """A heading, then lines indented by two, each wrapped under its own start."""

    def __init__(self, heading: Text, lines: list[Text], style: str = "") -> None:
        self.heading, self.lines, self.style = heading, lines, style

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.heading
        room = max(options.max_width - 4, 1)
        for line in self.lines:
            for number, piece in enumerate(_wrapped(console, line, room)):
                indent = Text("  " if number == 0 else "    ")
                yield Text.assemble(indent, piece, style=self.style)


def _inferred_footnote(records: tuple[Event | Visit | Observation, ...], table: _Sheet) -> str:
    """The note on "*", only under a table that shows one (check's evidence, for one,
    writes its records' dates unmarked, with no note to see)."""
    if any(record.inferred for record in records) and table.marked():
        return "* inferred from the source, not stated outright: see the note"
    return ""


# How a table styles the details of a record that stand apart.
_DETAIL_STYLES = {present.DETAIL_FIRST: "green", present.DETAIL_NOTE: "dim italic"}


def _details(record: Event | Visit | Observation, *, without: str = "") -> list[tuple[str, str]]:
    """The lines under a record's headline, each (text, style), as `vnjp.present`
    lists them (what it says, who and where, the figure, the note), but `without`."""
    return [
        (text, _DETAIL_STYLES.get(what, ""))
        for what, text in present.details(record)
        if what != without
    ]


def _timeline(result: Timeline, cells: _Cells) -> RenderableType:
    table = cells.table(
        "Timeline of Vietnam-Japan relations", "Date", "Category", ("What", 1), "Source"
    )
    for record in result.records:
        category = record.category if isinstance(record, Event) else "visit"
        table.add_row(
            cells.date(record),
            cells.text(category),
            cells.lines((present.headline(record), "bold"), *_details(record)),
            _source_ids(record.sources, cells),
            record_id=record.id,
        )
    return _with_caption(table, result, result.records, cells)


def _with_caption(
    table: _Sheet,
    result: Result,
    facts: tuple[Event | Visit | Observation, ...],
    cells: _Cells,
) -> Group:
    footnote = _inferred_footnote(facts, table)
    parts: list[RenderableType] = [table]
    if footnote:
        parts.append(Text(footnote, style="dim"))
    cited = result.cited()
    if cited:  # no heading over nothing (a claim no record is about)
        parts.append(_source_key(cited, cells))
    return Group(*parts)


def _visits(result: Visits, cells: _Cells) -> RenderableType:
    table = cells.table(
        "Leader visits",
        "Date",
        ("Visitor", 1),
        "Route",
        ("Type", 1),
        ("Firsts and outcomes", 3),
        "Source",
    )
    for visit in result.records:
        table.add_row(
            cells.date(visit),
            cells.lines((visit.person, "bold"), (visit.role, "")),
            cells.text(direction(visit.from_country, visit.to_country)),
            cells.text(visit.visit_type),
            cells.lines(*_details(visit)),
            _source_ids(visit.sources, cells),
            record_id=visit.id,
        )
    return _with_caption(table, result, result.records, cells)


def _stat_keys(result: StatKeys, cells: _Cells) -> RenderableType:
    table = cells.table(
        "Statistics: run `vnjp stat KEY` for one",
        "Key",
        ("Name", 1),
        ("Measures", 1),
        "Observations",
    )
    for summary in result.records:
        table.add_row(
            cells.text(summary.key.key, style="bold"),
            cells.text(summary.key.name),
            cells.text(summary.key.measures),
            str(summary.observations),
        )
    return table


def _stat(result: Stat, cells: _Cells) -> RenderableType:
    table = cells.table(
        result.key.name, ("Metric", 3), ("Figure", 2), "Period / as of", ("Direction", 1), "Source"
    )
    for o in result.records:
        # The figure has a column of its own: under the measure, only the note.
        notes = _details(o, without=present.DETAIL_FIGURE)
        table.add_row(
            cells.lines((present.headline(o), "bold"), *notes),
            cells.text(present.figure(o), style="green"),
            cells.date(o),
            cells.text(direction(o.from_country, o.to_country)),
            _source_ids(o.sources, cells),
            record_id=o.id,
        )
    parts: list[RenderableType] = [_with_caption(table, result, result.records, cells)]
    if result.series is not None:
        parts.append(_BarChart(result.series, cells))
    return Group(*parts)


class _BarChart:
    """A figure's yearly values as bars, the longest as long as the width allows (at
    most _BAR_WIDTH), each followed by its figure as written."""

    def __init__(self, series: YearlySeries, cells: _Cells) -> None:
        self.title = cells.text(f"{series.metric} by year", style="bold")
        self.bar = cells.clean("█")
        self.points = [
            (str(point.year), point.value, cells.clean(amount(point.value, series.unit)))
            for point in series.points
        ]

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield Text()
        yield self.title
        top = max(value for _, value, _ in self.points) or 1
        labels = max(cell_len(year) + 2 + 1 + cell_len(written) for year, _, written in self.points)
        longest = max(1, min(_BAR_WIDTH, options.max_width - labels))
        for year, value, written in self.points:
            length = max(1, round(value / top * longest))
            yield Text.assemble(f"{year}  ", (self.bar * length, "blue"), f" {written}")


def _sources(result: Sources, cells: _Cells) -> RenderableType:
    table = cells.table(
        "Sources", "Id", ("Title", 2), ("Publisher", 1), "Published", "Records", ("Note", 3)
    )
    for summary in result.records:
        source = summary.source
        table.add_row(
            cells.text(source.id, style="cyan"),
            cells.text(source.title),
            cells.text(source.publisher or "(not named)"),
            present.published(source),
            str(summary.records),
            cells.text(source.note, style="dim italic"),
        )
    current = str(result.current_to) if result.current_to else "unknown"
    lines: list[RenderableType] = [
        table,
        Text(f"The fact pack is current to {current}.", style="bold"),
    ]
    if result.counted is not None:
        # A source's Records are those citing it, so the column's sum is no count of
        # the pack's records: the pack's own count (as validate and export say it) is.
        lines.append(
            Text(f"It holds {result.counted}; a record counts under each source it cites.")
        )
    return Group(*lines)


def _search_row(
    record: Event | Visit | Observation | SourceSummary, cells: _Cells
) -> tuple[str, str, str, list[tuple[str, str]]]:
    """(kind, date, headline, detail lines) of a search hit."""
    if isinstance(record, SourceSummary):
        source = record.source
        headline = present.headline(source)
        return "source", present.published(source), headline, [(source.publisher, "")]
    kind = present.kind(record)
    return kind, cells.date(record), present.headline(record), _details(record)


def _search(result: SearchResults, cells: _Cells) -> RenderableType:
    table = cells.table(
        f"Search: {result.query}", "Kind", "Date", "Id", ("What", 1), "Source", "Score"
    )
    for hit in result.records:
        kind, date, headline, detail = _search_row(hit.record, cells)
        record = hit.record
        record_id = record.source.id if isinstance(record, SourceSummary) else record.id
        sources = hit_sources(record)
        what = cells.highlighted(headline, hit.terms, style="bold")
        for line, style in detail:
            if line:
                what.append("\n")
                what.append_text(cells.highlighted(line, hit.terms, style=style))
        table.add_row(
            kind,
            date,
            cells.text(record_id),
            what,
            _source_ids(sources, cells),
            f"{hit.score:.2f}",
        )
    facts = tuple(h.record for h in result.records if not isinstance(h.record, SourceSummary))
    return _with_caption(table, result, facts, cells)


_VERDICT_STYLES = {
    Label.SUPPORTED: "bold green",
    Label.REFUTED: "bold red",
    Label.NOT_ENOUGH_INFO: "bold yellow",
}


def _evidence(verdict: Verdict, cells: _Cells) -> str:
    lines = []
    for record in verdict.evidence:
        when = cells.date(record, mark=False)  # no note here for a "*" to point at
        lines.append(f"{record.id} ({present.source_ids(record)}; {when})")
    return "\n".join(lines)


def _check(result: CheckResults, cells: _Cells) -> RenderableType:
    table = cells.table("Fact check", ("Claim", 2), "Verdict", ("Reason", 3), ("Evidence", 2))
    for verdict in result.records:
        table.add_row(
            cells.text(verdict.claim),
            Text(verdict.label.value, style=_VERDICT_STYLES[verdict.label]),
            cells.text(verdict.reason),
            cells.text(_evidence(verdict, cells), style="cyan"),
        )
    evidence = tuple(record for verdict in result.records for record in verdict.evidence)
    return _with_caption(table, result, evidence, cells)


def _review(result: ReviewResults, cells: _Cells) -> RenderableType:
    only = result.only_words()
    title = f"Draft review: only {only}" if only else "Draft review"
    listed = result.listed
    parts: list[RenderableType] = []
    if listed:
        table = cells.table(title, "Line", ("Sentence", 3), "Verdict", ("Reason", 3))
        for sentence in listed:
            verdict = sentence.verdict
            table.add_row(
                cells.text(str(sentence.line)),
                cells.text(sentence.text),
                Text(verdict.label.value, style=_VERDICT_STYLES[verdict.label])
                if verdict
                else cells.text("not checked", style="dim"),
                cells.text(sentence.reason if verdict else "", style="" if verdict else "dim"),
            )
        parts.append(table)
        # No "* inferred" note: the review shows reasons, not the records' dates.
        cited = result.cited()
        if cited:
            parts.append(_source_key(cited, cells))
    else:
        parts.append(cells.text(title, style="bold"))
        parts.append(cells.text(f"No sentence is {only}."))
    # The summary counts every sentence, listed or not: the last line, where a reader
    # of a long review looks for it.
    parts.append(cells.text(result.summary().line(), style="bold"))
    return Group(*parts)


# -- show, cite and conflicts ----------------------------------------------------------


def _research(result: Result, cells: _Cells) -> RenderableType:
    """The layouts of show, cite and conflicts: their result classes are imported only
    when one of them is drawn, so that no other command pays for them."""
    from vnjp.research import Citations, Conflicts, ShowResults

    match result:
        case ShowResults():
            return _show(result, cells)
        case Citations():
            return _citations(result, cells)
        case Conflicts():
            return _conflicts(result, cells)
        case _:
            raise TypeError(f"no table layout for {type(result).__name__}")


class _Fields:
    """A heading, then `Label: value` lines, each value wrapped beside its label."""

    def __init__(self, heading: Text, fields: list[tuple[str, Text]]) -> None:
        self.heading, self.fields = heading, fields

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        label_width = max((cell_len(label) + 1 for label, _ in self.fields), default=1)
        yield self.heading
        for label, value in self.fields:
            yield from _field(console, f"{label}:", label_width, value, width)


def _empty(value: object) -> bool:
    return value is None or value == "" or value == [] or value is False


def _record_lines(row: dict[str, object], cells: _Cells) -> list[tuple[str, Text]]:
    """Every field of a record that holds something, as `vnjp.render.flat` writes it,
    but its id, kind and sources (shown apart)."""
    from vnjp.model import COUNTRY_NAMES
    from vnjp.render.flat import cell

    lines = []
    for key, value in row.items():
        if key in ("id", "kind", "sources", "cited_with", "differences") or _empty(value):
            continue
        text = "yes" if value is True else cell(key, value)
        if key in ("from", "to"):
            text = COUNTRY_NAMES.get(text, text)
        label = key.replace("_", " ").capitalize()
        lines.append((label, cells.text(text, style="dim italic" if key == "note" else "")))
    return lines


def _show(result: ShowResults, cells: _Cells) -> RenderableType:
    blocks: list[RenderableType] = []
    for number, shown in enumerate(result.records):
        record = shown.record
        row = shown.row()
        fields = _record_lines(row, cells)
        if isinstance(record, Observation):
            fields.insert(2, ("Figure", cells.text(present.figure(record), style="green")))
        if not isinstance(record, Source):
            sources = "\n".join(present.source_line(source) for source in record.sources)
            fields.append(("Sources", cells.text(sources, style="cyan")))
        for item in shown.cited_with:
            listed = ", ".join(item.records) or "no other record"
            fields.append(("Cited with", cells.text(f"{item.source.id}: {listed}")))
        for difference in shown.differences:
            fields.append(("Differs", cells.text(_differs(difference, record.id), style="yellow")))
        heading = cells.text(f"{record.id} ({row['kind']})", style="bold")
        if number:
            blocks.append(Text())
        blocks.append(_Fields(heading, fields))
    return Group(*blocks)


def _differs(difference: Difference, record_id: str) -> str:
    """The other source's figure (both, for a source shown), then how they differ."""
    sides = [difference.first, difference.second]
    others = [o for o in sides if o.id != record_id] if len(sides) else sides
    said = [
        f"{o.id} ({present.source_ids(o)}): {present.figure(o)}, {present.when(o)}"
        for o in (others if len(others) == 1 else sides)
    ]
    return "\n".join([*said, "; ".join(difference.words())])


def _citations(result: Citations, cells: _Cells) -> RenderableType:
    """Each citation as a paragraph, its italics in italics, a note under it; CSL-JSON
    as one array, as Zotero reads it. A terminal narrower than a line wraps it at a
    word; a pipe or a file gets every line whole (`vnjp cite ... > refs.bib`)."""
    from vnjp.citation import Style

    if result.style is Style.CSL_JSON:
        import json

        items = json.dumps([c.item for c in result.records], ensure_ascii=False, indent=2)
        return cells.text(items)
    lines: list[RenderableType] = []
    for number, citation in enumerate(result.records):
        if number and result.style is Style.BIBTEX:
            lines.append(Text())
        line = Text()
        for piece, italic in citation.pieces:
            line.append(cells.clean(piece), style="italic" if italic else "")
        lines.append(line)
        if citation.note and result.style is not Style.BIBTEX:
            lines.append(cells.text(f"  Note: {citation.note}", style="dim"))
    return Group(*lines)


def _conflicts(result: Conflicts, cells: _Cells) -> RenderableType:
    about = f": {result.key}" if result.key else ""
    table = cells.table(
        f"Where the sources differ{about}",
        ("Measure", 3),
        ("Earlier", 2),
        ("Later", 2),
        ("Difference", 3),
    )
    for difference in result.records:
        sides = []
        for o in (difference.first, difference.second):
            sides.append(
                cells.lines(
                    (present.figure(o), "green"),
                    (cells.date(o), ""),
                    (present.source_ids(o), "cyan"),
                    (o.id, "dim"),
                )
            )
        table.add_row(
            cells.lines((difference.first.metric, "bold"), (difference.first.stat, "dim")),
            *sides,
            cells.text("\n".join(difference.words())),
            record_id=f"{difference.first.id}/{difference.second.id}",
        )
    facts = tuple(o for d in result.records for o in (d.first, d.second))
    return _with_caption(table, result, facts, cells)
