"""One way to write a record: the table, the lines a pipe gets, Markdown and check's
reasons all write a record's headline, date, details and sources through
`vnjp.present`."""

from __future__ import annotations

import json
import re

from tests.conftest import run
from vnjp import present
from vnjp.model import Event, FactPack, Observation, Visit

WIDE = {"COLUMNS": "1000"}


def _by_id(pack: FactPack, record_id: str) -> Event | Visit | Observation:
    records: list[Event | Visit | Observation] = [*pack.events, *pack.visits, *pack.observations]
    return next(record for record in records if record.id == record_id)


def _line_with(text: str, needle: str) -> str:
    return next(line for line in text.splitlines() if needle in line)


def test_a_record_reads_the_same_in_the_table_the_lines_and_markdown(pack: FactPack) -> None:
    # One of each kind, each with details beyond its headline.
    for args, record_id in (
        (("timeline",), "diplomatic-relations-1973"),
        (("timeline",), "kishida-fumio-2022"),
        (("stat", "fdi"), "vn-capital-in-japan"),
    ):
        record = _by_id(pack, record_id)
        headline, when = present.headline(record), present.when(record)
        details = [text for _, text in present.details(record)]
        table = run(*args, "--format", "table", env=WIDE).stdout
        lines = run(*args, "--format", "tsv").stdout
        markdown = run(*args, "--format", "markdown").stdout
        # The lines a pipe gets: the id, the ISO date, the headline and every detail.
        line = next(line for line in lines.splitlines() if record_id in line.split("\t"))
        assert present.iso_when(record) in line
        assert headline in line
        assert all(detail in line for detail in details)
        # The table: the same headline, and the date in words, on the record's row.
        assert when in _line_with(table, headline)
        # Markdown: the same date in words and headline, and the details kept.
        row = _line_with(markdown, f"| {headline} |")
        assert row.startswith(f"| {when}")
        if not isinstance(record, Observation):
            assert all(detail in row for detail in details)


def test_markdown_credits_what_a_note_says_one_source_gives_to_that_source(
    pack: FactPack,
) -> None:
    record = _by_id(pack, "partnership-framework-2002")
    assert len(record.sources) == 2
    markdown = run("timeline", "--format", "markdown").stdout
    row = _line_with(markdown, f"| {present.headline(record)} |")
    notes = dict(re.findall(r"^\[\^(\d+)\]: (.*)$", markdown, flags=re.MULTILINE))
    for source in record.sources:
        # The note names each source followed by that source's own footnote.
        number = re.search(re.escape(source.id) + r"\[\^(\d+)\]", row)
        assert number is not None, source.id
        assert notes[number.group(1)].startswith(source.title)
    # The details are kept: who was there.
    assert "people: Koizumi Junichiro (Prime Minister)" in row


def test_a_figure_is_written_whole_with_its_unit(pack: FactPack) -> None:
    record = _by_id(pack, "vn-capital-in-japan")
    assert isinstance(record, Observation)
    assert present.figure(record) == "about US$19.5 million"
    assert present.details(record)[0] == (present.DETAIL_FIGURE, "about US$19.5 million")
    # At 40 columns the figure is never broken across lines.
    table = run("stat", "fdi", "--format", "table", env={"COLUMNS": "40"}).stdout
    assert "US$19.5 million" in table


def test_checks_reasons_quote_a_record_as_present_writes_it(pack: FactPack) -> None:
    claim = "Japan is Vietnam's fourth largest trading partner."
    verdict = json.loads(run("check", claim, "--json").stdout)[0]
    record = _by_id(pack, verdict["evidence"][0]["id"])
    assert f"{present.source_ids(record)} says {present.brief(record)}" in verdict["reason"]


def test_details_leave_out_what_is_empty_and_keep_their_order(pack: FactPack) -> None:
    records: list[Event | Visit] = [*pack.events, *pack.visits]
    for record in records:
        listed = present.details(record)
        assert all(text for _, text in listed)
        kinds = [what for what, _ in listed]
        if record.note:
            assert kinds[-1] == present.DETAIL_NOTE
        if isinstance(record, Visit) and record.first:
            assert kinds[0] == present.DETAIL_FIRST


def test_a_date_in_words_keeps_its_full_stop_at_any_width() -> None:
    # "... the article's date, 28 November 2023." never leaves the "." on a line alone.
    for columns in ("40", "60", "80", "100", "200"):
        table = run("stat", "oda", "--format", "table", env={"COLUMNS": columns}).stdout
        assert "28 November 2023." in table.replace("│", " ").replace("\n", " ")
        for line in table.splitlines():
            assert not line.strip(" │┃").startswith((".", ",", ";")), (columns, line)
