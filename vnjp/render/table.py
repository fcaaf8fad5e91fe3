"""Rich tables for people. The only module that imports Rich.

Every cell is a `Text`, never a markup string: text from a fact file is shown
as written, never interpreted.
"""

from __future__ import annotations

import io

from rich import box
from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from vnjp.model import Event, Observation, Source, Visit
from vnjp.phrases import amount, date_label, direction, figure, visit_title, when_label
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

# Wide enough that Rich never wraps or cuts a cell when the width is unlimited.
_UNLIMITED_WIDTH = 100_000
_BAR_WIDTH = 40


def render_table(result: Result, terminal: Terminal) -> str:
    cells = _Cells(terminal)
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
            raise TypeError(f"no table layout for {type(result).__name__}")
    return _to_text(body, terminal)


class _Cells:
    """Makes every piece of text a table shows, so that all of it is made safe:
    control characters escaped, and spelled in ASCII for a terminal that needs it."""

    def __init__(self, terminal: Terminal) -> None:
        # Weighted columns fill a known width; with no width limit, nothing is stretched.
        self.fill = terminal.width is not None
        self.ascii = terminal.ascii

    def clean(self, text: str) -> str:
        text = inert(text)
        return to_ascii(text) if self.ascii else text

    def text(self, text: str, style: str = "") -> Text:
        return Text(self.clean(text), style=style)

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

    def table(self, title: str, *columns: str | tuple[str, int]) -> Table:
        """A table of fixed columns (dates, ids, codes: natural width, never wrapped) and
        (name, weight) columns, which share the spare width by weight and wrap."""
        table = Table(
            title=self.text(title, style="bold"),
            title_justify="left",
            show_lines=True,
            expand=self.fill,
            box=box.ASCII2 if self.ascii else box.HEAVY_HEAD,
        )
        for column in columns:
            if isinstance(column, tuple):
                table.add_column(column[0], ratio=column[1], overflow="fold")
            else:
                table.add_column(column, no_wrap=True)
        return table


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
    text = buffer.getvalue()
    if terminal.width is None:
        # Rich pads to the console width; unlimited width must not mean trailing blanks.
        text = "\n".join(line.rstrip() for line in text.split("\n"))
    return text


def _source_ids(sources: tuple[Source, ...], cells: _Cells) -> Text:
    return cells.text("\n".join(source.id for source in sources), style="cyan")


def _source_key(sources: list[Source], cells: _Cells) -> Text:
    """A caption naming each source the rows cite, with its date."""
    text = Text("Sources:", style="dim")
    for source in sources:
        published = str(source.published) if source.published else "undated"
        publisher = f", {source.publisher}" if source.publisher else ""
        line = f"\n  {source.id}: {source.title}{publisher} ({published})"
        text.append(cells.clean(line), style="dim")
    return text


def _inferred_footnote(records: tuple[Event | Visit | Observation, ...]) -> str:
    if any(record.inferred for record in records):
        return "* inferred from the source, not stated outright: see the note"
    return ""


def _timeline(result: Timeline, cells: _Cells) -> RenderableType:
    table = cells.table(
        "Timeline of Vietnam-Japan relations", "Date", "Category", ("What", 1), "Source"
    )
    for record in result.records:
        if isinstance(record, Event):
            category, title, summary = record.category, record.title, record.summary
        else:
            category, title = "visit", visit_title(record)
            summary = "; ".join(filter(None, [record.first, *record.outcomes]))
        table.add_row(
            date_label(record),
            cells.text(category),
            cells.lines((title, "bold"), (summary, ""), (record.note, "dim italic")),
            _source_ids(record.sources, cells),
        )
    return _with_caption(table, result, result.records, cells)


def _with_caption(
    table: Table,
    result: Result,
    facts: tuple[Event | Visit | Observation, ...],
    cells: _Cells,
) -> Group:
    footnote = _inferred_footnote(facts)
    parts: list[RenderableType] = [table]
    if footnote:
        parts.append(Text(footnote, style="dim"))
    parts.append(_source_key(result.cited(), cells))
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
        hosts = ", ".join(f"{p.name} ({p.role})" for p in visit.counterparts)
        table.add_row(
            date_label(visit),
            cells.lines((visit.person, "bold"), (visit.role, "")),
            cells.text(direction(visit.from_country, visit.to_country)),
            cells.text(visit.visit_type),
            cells.lines(
                (visit.first, "green"),
                *((outcome, "") for outcome in visit.outcomes),
                (f"with {hosts}" if hosts else "", ""),
                (", ".join(visit.places), ""),
                (visit.note, "dim italic"),
            ),
            _source_ids(visit.sources, cells),
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
        result.key.name, ("Metric", 3), ("Figure", 2), "Period / as of", "Direction", "Source"
    )
    for o in result.records:
        when = when_label(o) + (" *" if o.inferred else "")
        table.add_row(
            cells.lines((o.metric, "bold"), (o.note, "dim italic")),
            cells.text(figure(o), style="green"),
            when,
            cells.text(direction(o.from_country, o.to_country)),
            _source_ids(o.sources, cells),
        )
    parts: list[RenderableType] = [_with_caption(table, result, result.records, cells)]
    if result.series is not None:
        parts.append(_bar_chart(result.series, cells))
    return Group(*parts)


def _bar_chart(series: YearlySeries, cells: _Cells) -> Text:
    top = max(point.value for point in series.points) or 1
    chart = Text(cells.clean(f"\n{series.metric} by year\n"), style="bold")
    for point in series.points:
        length = max(1, round(point.value / top * _BAR_WIDTH))
        chart.append(f"{point.year}  ")
        chart.append(cells.clean("█" * length), style="blue")
        chart.append(cells.clean(f" {amount(point.value, series.unit)}\n"))
    return chart


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
            str(source.published) if source.published else "undated",
            str(summary.records),
            cells.text(source.note, style="dim italic"),
        )
    current = str(result.current_to) if result.current_to else "unknown"
    return Group(table, Text(f"The fact pack is current to {current}.", style="bold"))


def _search_row(record: Event | Visit | Observation | SourceSummary) -> tuple[str, str, str, str]:
    """(kind, date, headline, detail) of a search hit."""
    if isinstance(record, Event):
        return "event", date_label(record), record.title, record.summary
    if isinstance(record, Visit):
        outcomes = "; ".join(filter(None, [record.first, *record.outcomes]))
        return "visit", date_label(record), visit_title(record), outcomes
    if isinstance(record, Observation):
        return "stat", when_label(record), record.metric, figure(record)
    source = record.source
    published = str(source.published) if source.published else "undated"
    return "source", published, source.title, source.publisher


def _search(result: SearchResults, cells: _Cells) -> RenderableType:
    table = cells.table(
        f"Search: {result.query}", "Kind", "Date", "Id", ("What", 1), "Source", "Score"
    )
    for hit in result.records:
        kind, date, headline, detail = _search_row(hit.record)
        record = hit.record
        record_id = record.source.id if isinstance(record, SourceSummary) else record.id
        sources = hit_sources(record)
        what = cells.highlighted(headline, hit.terms, style="bold")
        if detail:
            what.append("\n")
            what.append_text(cells.highlighted(detail, hit.terms))
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


def _evidence(verdict: Verdict) -> str:
    lines = []
    for record in verdict.evidence:
        when = when_label(record) if isinstance(record, Observation) else date_label(record)
        cited = ", ".join(source.id for source in record.sources)
        lines.append(f"{record.id} ({cited}; {when})")
    return "\n".join(lines)


def _check(result: CheckResults, cells: _Cells) -> RenderableType:
    table = cells.table("Fact check", ("Claim", 2), "Verdict", ("Reason", 3), ("Evidence", 2))
    for verdict in result.records:
        table.add_row(
            cells.text(verdict.claim),
            Text(verdict.label.value, style=_VERDICT_STYLES[verdict.label]),
            cells.text(verdict.reason),
            cells.text(_evidence(verdict), style="cyan"),
        )
    evidence = tuple(record for verdict in result.records for record in verdict.evidence)
    return _with_caption(table, result, evidence, cells)


def _review(result: ReviewResults, cells: _Cells) -> RenderableType:
    table = cells.table("Draft review", "Line", ("Sentence", 3), "Verdict", ("Reason", 3))
    for sentence in result.records:
        verdict = sentence.verdict
        table.add_row(
            cells.text(str(sentence.line)),
            cells.text(sentence.text),
            Text(verdict.label.value, style=_VERDICT_STYLES[verdict.label])
            if verdict
            else cells.text("not checked", style="dim"),
            cells.text(verdict.reason if verdict else "", style="" if verdict else "dim"),
        )
    verdicts = [sentence.verdict for sentence in result.records if sentence.verdict]
    evidence = tuple(record for verdict in verdicts for record in verdict.evidence)
    return _with_caption(table, result, evidence, cells)
