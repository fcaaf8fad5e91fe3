"""Pipes get lines: with no --format, a pipe or a file gets the table's columns as
tab-separated lines, a record a line with no header, as gh writes them; a terminal
gets the table."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys

import pytest

from tests.conftest import ROOT, run

DRAFT = str(ROOT / "docs" / "examples" / "draft.md")
BOX = set("┃│┏┡└━─")

# Each command, and the table's columns its lines hold (the header a terminal sees).
HEADERS = {
    ("timeline",): ["Date", "Id", "Category", "What", "Source"],
    ("leader-visits",): ["Date", "Id", "Visitor", "Route", "Type", "Firsts and outcomes", "Source"],
    ("stat",): ["Key", "Name", "Measures", "Observations"],
    ("stat", "oda"): ["Id", "Metric", "Figure", "Period / as of", "Direction", "Source"],
    ("stat", "trade"): ["Id", "Metric", "Figure", "Period / as of", "Direction", "Source"],
    ("sources",): ["Id", "Title", "Publisher", "Published", "Records", "Note"],
    ("search", "Japan"): ["Kind", "Date", "Id", "What", "Source", "Score"],
    ("check", "Japan is the largest ODA provider to Vietnam."): [
        "Claim",
        "Verdict",
        "Reason",
        "Evidence",
    ],
    ("review", DRAFT): ["Line", "Sentence", "Verdict", "Reason"],
}


def _records(args: tuple[str, ...]) -> list[dict[str, object]]:
    data = json.loads(run(*args, "--json").stdout)
    if isinstance(data, dict):
        return list(data.get("sentences", [data]))
    return list(data)


@pytest.mark.parametrize("args", list(HEADERS), ids=lambda args: " ".join(args)[:20])
def test_a_pipe_gets_a_line_a_record_and_no_header(args: tuple[str, ...]) -> None:
    outcome = run(*args)
    lines = outcome.stdout.split("\n")
    assert lines.pop() == "", "every line ends with a newline"
    assert lines[0].split("\t") != HEADERS[args]
    assert len(lines) == len(_records(args))
    for line in lines:
        assert line.count("\t") == len(HEADERS[args]) - 1, line
        assert not set(line) & BOX, line
        assert line == line.strip(" "), "no padding"
    assert outcome.stdout == run(*args, "--format", "tsv").stdout


def test_grep_finds_the_date_and_id_on_the_matching_line() -> None:
    matching = [line for line in run("timeline").stdout.splitlines() if "Paris" in line]
    assert len(matching) == 1
    date, record_id, category, what, sources = matching[0].split("\t")
    assert (date, record_id, category) == ("1973-09-21", "diplomatic-relations-1973", "diplomacy")
    assert what.startswith("Diplomatic relations established; ")
    assert sources == "trusted-partners; vns-50-years"


def test_the_lines_leave_out_the_title_and_the_footers() -> None:
    text = run("stat", "trade").stdout
    for words in ("Trade\n", "Sources:", "inferred from the source", "by year", "█"):
        assert words not in text
    assert "current to" not in run("sources").stdout
    assert " not enough info, " not in run("review", DRAFT).stdout, "no summary line"


def test_format_table_still_gives_the_table_in_a_pipe() -> None:
    table = run("timeline", "--format", "table").stdout
    assert table.startswith("Timeline of Vietnam-Japan relations\n")
    assert "┃ Date" in table and "Sources:" in table


def test_fields_go_with_the_formats_for_scripts() -> None:
    outcome = run("timeline", "--fields", "id,date")
    assert outcome.exit_code == 2
    assert "--fields goes with --format json" in outcome.stderr
    assert run("timeline", "--fields", "id,date", "--format", "csv").exit_code == 0


def test_nothing_found_prints_nothing_on_a_pipe() -> None:
    outcome = run("timeline", "--from", "1900", "--to", "1901")
    assert (outcome.exit_code, outcome.stdout) == (1, "")
    assert "no event matches" in outcome.stderr


def test_a_review_that_lists_nothing_says_so_on_a_pipe() -> None:
    outcome = run("review", DRAFT, "--only", "nei")
    assert outcome.stdout.splitlines() == [
        "Draft review: only not enough info",
        "No sentence is not enough info.",
        "1 refuted, 2 supported, 0 not enough info, 2 not checked",
    ]


def test_ascii_lines_spell_names_without_accents() -> None:
    text = run("leader-visits", "--ascii").stdout
    assert text.isascii() and "Vo Van Kiet" in text


def _vnjp(args: list[str], *, terminal: bool) -> str:
    """vnjp's stdout in a real process: a pipe, or a pseudo-terminal."""
    env = {**os.environ, "COLUMNS": "100", "NO_COLOR": "1", "VNJP_PAGER": ""}
    command = [sys.executable, "-m", "vnjp", *args]
    if not terminal:
        return subprocess.run(command, capture_output=True, text=True, env=env, check=False).stdout
    reader, writer = pty.openpty()
    process = subprocess.Popen(command, stdout=writer, stderr=subprocess.DEVNULL, env=env)
    os.close(writer)
    chunks = []
    while True:
        try:
            chunk = os.read(reader, 65536)
        except OSError:  # EIO: the process has closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait()
    os.close(reader)
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
def test_a_terminal_gets_the_table_and_a_real_pipe_gets_lines() -> None:
    table = _vnjp(["stat", "oda"], terminal=True)
    assert "┃ Metric" in table and "Sources:" in table
    lines = _vnjp(["stat", "oda"], terminal=False)
    assert lines.startswith("oda-total\t") and "Metric" not in lines
    assert "oda-total\t" in lines
