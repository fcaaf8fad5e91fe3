"""Rich tables for people. The only module that imports Rich.

Every cell is a `Text`, never a markup string: text from a fact file is shown
as written, never interpreted.
"""

from __future__ import annotations

import io

from rich.console import Console, Group, RenderableType
from rich.table import Table
from rich.text import Text

from vnjp.model import Event, Source, Visit
from vnjp.query import Result, Sources, Stat, StatKeys, Timeline, Visits, YearlySeries
from vnjp.render import Terminal
from vnjp.render.figures import amount, direction, figure, visit_title, when_label

# Wide enough that Rich never wraps or cuts a cell when the width is unlimited.
_UNLIMITED_WIDTH = 100_000
_BAR_WIDTH = 40


def render_table(result: Result, terminal: Terminal) -> str:
    # Weighted columns fill a known width; with no width limit, nothing is stretched.
    fill = terminal.width is not None
    if isinstance(result, Timeline):
        body: RenderableType = _timeline(result, fill)
    elif isinstance(result, Visits):
        body = _visits(result, fill)
    elif isinstance(result, StatKeys):
        body = _stat_keys(result, fill)
    elif isinstance(result, Stat):
        body = _stat(result, fill)
    else:
        body = _sources(result, fill)
    return _to_text(body, terminal)


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


def _table(title: str, fill: bool, *columns: str | tuple[str, int]) -> Table:
    """A table of fixed columns (dates, ids, codes: natural width, never wrapped) and
    (name, weight) columns, which share the spare width by weight and wrap."""
    table = Table(
        title=Text(title, style="bold"), title_justify="left", show_lines=True, expand=fill
    )
    for column in columns:
        if isinstance(column, tuple):
            table.add_column(column[0], ratio=column[1], overflow="fold")
        else:
            table.add_column(column, no_wrap=True)
    return table


def _cell(*lines: tuple[str, str]) -> Text:
    """A cell of several lines, each (text, style); empty lines are left out."""
    cell = Text()
    for text, style in lines:
        if text:
            if cell:
                cell.append("\n")
            cell.append(text, style=style)
    return cell


def _source_ids(sources: tuple[Source, ...]) -> Text:
    return Text("\n".join(source.id for source in sources), style="cyan")


def _source_key(sources: set[Source]) -> Text:
    """A caption naming each source the rows cite, with its date."""
    text = Text("Sources:", style="dim")
    for source in sorted(sources, key=lambda s: s.id):
        published = str(source.published) if source.published else "undated"
        publisher = f", {source.publisher}" if source.publisher else ""
        text.append(f"\n  {source.id}: {source.title}{publisher} ({published})", style="dim")
    return text


def _cited(records: tuple[Event | Visit, ...] | tuple[object, ...]) -> set[Source]:
    return {source for record in records for source in getattr(record, "sources", ())}


def _date(record: Event | Visit) -> str:
    date = "undated" if record.date is None else str(record.date)
    return f"{date} *" if record.inferred else date


def _inferred_footnote(records: tuple[Event | Visit, ...] | tuple[object, ...]) -> str:
    if any(getattr(record, "inferred", False) for record in records):
        return "* inferred from the source, not stated outright: see the note"
    return ""


def _timeline(result: Timeline, fill: bool) -> RenderableType:
    table = _table(
        "Timeline of Vietnam-Japan relations", fill, "Date", "Category", ("What", 1), "Source"
    )
    for record in result.records:
        if isinstance(record, Event):
            category, title, summary = record.category, record.title, record.summary
        else:
            category, title = "visit", visit_title(record)
            summary = "; ".join(filter(None, [record.first, *record.outcomes]))
        table.add_row(
            _date(record),
            category,
            _cell((title, "bold"), (summary, ""), (record.note, "dim italic")),
            _source_ids(record.sources),
        )
    return _with_caption(table, result.records)


def _with_caption(table: Table, records: tuple[Event | Visit, ...] | tuple[object, ...]) -> Group:
    footnote = _inferred_footnote(records)
    parts: list[RenderableType] = [table]
    if footnote:
        parts.append(Text(footnote, style="dim"))
    parts.append(_source_key(_cited(records)))
    return Group(*parts)


def _visits(result: Visits, fill: bool) -> RenderableType:
    table = _table(
        "Leader visits",
        fill,
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
            _date(visit),
            _cell((visit.person, "bold"), (visit.role, "")),
            direction(visit.from_country, visit.to_country),
            visit.visit_type,
            _cell(
                (visit.first, "green"),
                *((outcome, "") for outcome in visit.outcomes),
                (f"with {hosts}" if hosts else "", ""),
                (", ".join(visit.places), ""),
                (visit.note, "dim italic"),
            ),
            _source_ids(visit.sources),
        )
    return _with_caption(table, result.records)


def _stat_keys(result: StatKeys, fill: bool) -> RenderableType:
    table = _table(
        "Statistics: run `vnjp stat KEY` for one",
        fill,
        "Key",
        ("Name", 1),
        ("Measures", 1),
        "Observations",
    )
    for summary in result.records:
        table.add_row(
            Text(summary.key.key, style="bold"),
            summary.key.name,
            summary.key.measures,
            str(summary.observations),
        )
    return table


def _stat(result: Stat, fill: bool) -> RenderableType:
    table = _table(
        result.key.name, fill, ("Metric", 3), ("Figure", 2), "Period / as of", "Direction", "Source"
    )
    for o in result.records:
        when = when_label(o) + (" *" if o.inferred else "")
        table.add_row(
            _cell((o.metric, "bold"), (o.note, "dim italic")),
            Text(figure(o), style="green"),
            when,
            direction(o.from_country, o.to_country),
            _source_ids(o.sources),
        )
    parts: list[RenderableType] = [_with_caption(table, result.records)]
    if result.series is not None:
        parts.append(_bar_chart(result.series))
    return Group(*parts)


def _bar_chart(series: YearlySeries) -> Text:
    top = max(point.value for point in series.points) or 1
    chart = Text(f"\n{series.metric} by year\n", style="bold")
    for point in series.points:
        length = max(1, round(point.value / top * _BAR_WIDTH))
        chart.append(f"{point.year}  ")
        chart.append("█" * length, style="blue")
        chart.append(f" {amount(point.value, series.unit)}\n")
    return chart


def _sources(result: Sources, fill: bool) -> RenderableType:
    table = _table(
        "Sources", fill, "Id", ("Title", 2), ("Publisher", 1), "Published", "Records", ("Note", 3)
    )
    for summary in result.records:
        source = summary.source
        table.add_row(
            Text(source.id, style="cyan"),
            source.title,
            source.publisher or "(not named)",
            str(source.published) if source.published else "undated",
            str(summary.records),
            Text(source.note, style="dim italic"),
        )
    current = str(result.current_to) if result.current_to else "unknown"
    return Group(table, Text(f"The fact pack is current to {current}.", style="bold"))
