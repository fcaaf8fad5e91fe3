"""`vnjp review` tells the editor what to do: a summary of every verdict, --only to list
some of them, the reason of the part that decides each verdict, and no front matter or
empty table cells listed as sentences."""

from __future__ import annotations

import csv
import datetime
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from typer.testing import CliRunner

from tests.conftest import ROOT, SCHEMA, Outcome, run
from vnjp.cli import app
from vnjp.index import Index
from vnjp.render.flat import cell
from vnjp.results import (
    Label,
    PartVerdict,
    ReviewedSentence,
    ReviewResults,
    Verdict,
    select_only,
)
from vnjp.review import deciding_reason, review
from vnjp.sentences import HEADER_CELL, TABLE_CELL, TEXT, read_sentences

TODAY = datetime.date(2023, 11, 28)

DRAFT = str(ROOT / "docs" / "examples" / "draft.md")
# docs/examples/draft.md: one sentence refuted, two supported, two with nothing to check.
DRAFT_SUMMARY = {"refuted": 1, "supported": 2, "not_enough_info": 0, "not_checked": 2}
DRAFT_SUMMARY_LINE = "1 refuted, 2 supported, 0 not enough info, 2 not checked"
NOT_SETTLED = "Japan built 300 bridges in Vietnam in 2019."


def _document(*args: str) -> dict[str, Any]:
    outcome = run("review", *args, "--json")
    document = json.loads(outcome.stdout)
    jsonschema.validate(document, SCHEMA)
    assert isinstance(document, dict)
    return document


def _review_text(text: str, *args: str) -> Outcome:
    result = CliRunner().invoke(app, ["review", "-", *args], input=text)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Outcome(result.exit_code, result.stdout, result.stderr)


# -- the summary -----------------------------------------------------------------------


def test_json_has_a_summary_of_every_verdict_and_the_sentences() -> None:
    document = _document(DRAFT)
    assert list(document) == ["summary", "sentences"]
    assert document["summary"] == DRAFT_SUMMARY
    verdicts = [row["verdict"] for row in document["sentences"]]
    assert verdicts == [None, "SUPPORTED", "REFUTED", "SUPPORTED", None]


def test_the_table_ends_with_the_summary_line_on_stdout() -> None:
    outcome = run("review", DRAFT, "--format", "table")
    assert outcome.exit_code == 1
    assert outcome.stdout.splitlines()[-1] == DRAFT_SUMMARY_LINE
    assert DRAFT_SUMMARY_LINE not in outcome.stderr
    # The review shows no record's date, so no note on inferred dates.
    assert "inferred" not in outcome.stdout


@pytest.mark.parametrize("width", ["40", "100"])
def test_the_summary_line_comes_after_the_table_at_any_width(width: str) -> None:
    lines = run("review", DRAFT, "--format", "table", env={"COLUMNS": width}).stdout.splitlines()
    assert lines[-1] == DRAFT_SUMMARY_LINE or " ".join(lines[-2:]) == DRAFT_SUMMARY_LINE
    assert any("vns-50-years:" in line for line in lines)


def test_csv_and_jsonl_stay_one_row_a_sentence() -> None:
    sentences = _document(DRAFT)["sentences"]
    jsonl = run("review", DRAFT, "--format", "jsonl")
    assert jsonl.exit_code == 1
    assert [json.loads(line) for line in jsonl.stdout.splitlines()] == sentences
    table = run("review", DRAFT, "--format", "csv-raw")
    rows = list(csv.DictReader(io.StringIO(table.stdout)))
    assert len(rows) == len(sentences)
    for row, sentence in zip(rows, sentences, strict=True):
        assert row == {key: cell(key, sentence.get(key)) for key in row}
    assert "refuted," not in table.stdout and "summary" not in table.stdout


def test_markdown_puts_the_summary_under_the_draft_and_above_the_footnotes() -> None:
    markdown = run("review", DRAFT, "--format", "markdown").stdout
    assert markdown.startswith("# Fifty years of Vietnam")
    body, _, rest = markdown.partition("\n\n**vnjp review:** ")
    summary, _, notes = rest.partition("\n\n")
    assert body.endswith("The partnership has never been warmer.")
    assert summary == DRAFT_SUMMARY_LINE
    assert notes.startswith("[^1]: ")


def test_fields_keeps_the_summary_in_json() -> None:
    outcome = run("review", DRAFT, "--json", "--fields", "line,verdict")
    document = json.loads(outcome.stdout)
    assert document["summary"] == DRAFT_SUMMARY
    assert document["sentences"][2] == {"line": 3, "verdict": "REFUTED"}


def test_a_summary_counts_every_outcome() -> None:
    verdict = Verdict("x", Label.NOT_ENOUGH_INFO, "r", ())
    sentences = (
        ReviewedSentence("a", 1, 0, 1, verdict, "r"),
        ReviewedSentence("b", 1, 2, 3, None),
        ReviewedSentence("c", 2, 4, 5, None),
    )
    result = ReviewResults(sentences, "a b\nc", TODAY)
    assert result.summary().line() == "0 refuted, 0 supported, 1 not enough info, 2 not checked"
    assert result.document() == {
        "summary": {"refuted": 0, "supported": 0, "not_enough_info": 1, "not_checked": 2},
        "sentences": result.rows(),
    }


# -- --only ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "verdicts"),
    [
        (["refuted"], ["REFUTED"]),
        (["REFUTED,Unchecked"], [None, "REFUTED", None]),
        (["supported", "refuted"], ["SUPPORTED", "REFUTED", "SUPPORTED"]),
        (["nei"], []),
        (["not-enough-info", "not_checked"], [None, None]),
    ],
)
def test_only_lists_those_verdicts_and_the_summary_counts_all(
    given: list[str], verdicts: list[str | None]
) -> None:
    args = [arg for value in given for arg in ("--only", value)]
    document = _document(DRAFT, *args)
    assert [row["verdict"] for row in document["sentences"]] == verdicts
    assert document["summary"] == DRAFT_SUMMARY


def test_only_never_changes_the_exit_status() -> None:
    # A refuted sentence exits 1 even when only supported ones are listed: --only is a
    # view, and a publishing script gating on the status cannot be silenced by it.
    listed = run("review", DRAFT, "--only", "supported")
    assert listed.exit_code == 1 and "REFUTED" not in listed.stdout
    assert run("review", DRAFT, "--only", "refuted", "--format", "csv").exit_code == 1
    clean = _review_text("Trade reached US$47.6 billion in 2022.\n", "--only", "refuted")
    assert clean.exit_code == 0


def test_only_with_nothing_to_list_says_so_and_still_summarises() -> None:
    outcome = _review_text(
        "Trade reached US$47.6 billion in 2022. Nice.\n", "--only", "refuted", "--format", "table"
    )
    assert (outcome.exit_code, outcome.stderr) == (0, "")
    assert outcome.stdout.splitlines() == [
        "Draft review: only refuted",
        "No sentence is refuted.",
        "0 refuted, 1 supported, 0 not enough info, 1 not checked",
    ]
    document = json.loads(
        _review_text("Trade reached US$47.6 billion in 2022.\n", "--only", "nei", "--json").stdout
    )
    jsonschema.validate(document, SCHEMA)
    assert document["sentences"] == [] and document["summary"]["supported"] == 1
    markdown = _review_text(
        "Trade reached US$47.6 billion in 2022.\n", "--only", "refuted,nei", "--format", "markdown"
    )
    assert (markdown.exit_code, markdown.stderr) == (0, "")
    assert markdown.stdout == (
        "Trade reached US$47.6 billion in 2022.\n\n**vnjp review:** 0 refuted, 1 supported, "
        "0 not enough info, 0 not checked (only refuted or not enough info marked)\n"
    )


def test_only_in_markdown_marks_those_verdicts_and_gives_the_whole_draft_back() -> None:
    markdown = run("review", DRAFT, "--only", "refuted", "--format", "markdown").stdout
    assert markdown.count("]**[^") == 1 and "**[REFUTED]**[^1]" in markdown
    assert "Two-way trade hit US$47.6 billion" in markdown
    assert f"**vnjp review:** {DRAFT_SUMMARY_LINE} (only refuted marked)" in markdown
    empty = run("review", DRAFT, "--only", "nei", "--format", "markdown")
    assert empty.stdout.startswith("# Fifty years of Vietnam") and "**[" not in empty.stdout


@pytest.mark.parametrize(
    ("value", "bad", "suggestion"),
    [("refutd", "refutd", "refuted"), ("supported,NIE", "NIE", "nei"), ("false", "false", None)],
)
def test_a_bad_only_value_is_a_usage_error_naming_it_and_the_valid_ones(
    value: str, bad: str, suggestion: str | None
) -> None:
    outcome = run("review", DRAFT, "--only", value)
    assert outcome.exit_code == 2 and outcome.stdout == ""
    assert f"unknown verdict {bad!r} for --only" in outcome.stderr
    assert "(valid: refuted, supported, nei, not-enough-info, unchecked, not-checked)" in (
        outcome.stderr
    )
    if suggestion:
        assert f"did you mean {suggestion!r}?" in outcome.stderr
    else:
        assert "did you mean" not in outcome.stderr


def test_an_empty_only_value_is_a_usage_error() -> None:
    for value in ("", ",", " , "):
        outcome = run("review", DRAFT, "--only", value)
        assert outcome.exit_code == 2 and "--only needs a verdict (valid: " in outcome.stderr


def test_select_only_reads_values_as_people_write_them() -> None:
    assert select_only(["Not Enough Info", "NEI", " refuted ,"]) == {"not_enough_info", "refuted"}
    assert select_only([]) == frozenset()


def test_shell_completion_offers_the_only_values(tmp_path: Path) -> None:
    def complete(line: str) -> list[str]:
        words = line.split(" ")
        env = {
            **os.environ,
            "_VNJP_COMPLETE": "complete_bash",
            "COMP_WORDS": line,
            "COMP_CWORD": str(len(words) - 1),
        }
        result = subprocess.run(
            [sys.executable, "-m", "vnjp"], capture_output=True, text=True, env=env, cwd=tmp_path
        )
        return result.stdout.split()

    assert complete("vnjp review draft.md --only ") == ["refuted", "supported", "nei", "unchecked"]
    assert complete("vnjp review draft.md --only n") == ["nei"]


# -- the reason of the deciding part -------------------------------------------------------


def _part(text: str, label: Label) -> PartVerdict:
    return PartVerdict(text, label, f"why {text[:5]}", ())


def test_the_reason_is_the_refuted_parts_quoted() -> None:
    parts = (
        _part("Japan is the largest donor", Label.SUPPORTED),
        _part("aid reopened in 1995.", Label.REFUTED),
    )
    verdict = Verdict("...", Label.REFUTED, "combined", (), parts)
    assert deciding_reason(verdict) == "\u201caid reopened in 1995\u201d: why aid r"


def test_the_reason_is_the_unsettled_parts_quoted() -> None:
    parts = (
        _part("trade grew", Label.SUPPORTED),
        _part("bridges were built,", Label.NOT_ENOUGH_INFO),
        _part("and ports too", Label.NOT_ENOUGH_INFO),
    )
    verdict = Verdict("...", Label.NOT_ENOUGH_INFO, "combined", (), parts)
    assert deciding_reason(verdict) == (
        "\u201cbridges were built\u201d: why bridg; \u201cand ports too\u201d: why and p"
    )


def test_a_sentence_of_one_part_has_its_reason_unquoted() -> None:
    one = Verdict("x", Label.REFUTED, "combined", (), (_part("x", Label.REFUTED),))
    assert deciding_reason(one) == "why x"
    assert deciding_reason(Verdict("x", Label.REFUTED, "no parts", ())) == "no parts"


def test_review_shows_the_deciding_parts_reason_in_every_format() -> None:
    sentence = f"Trade hit US$47.6 billion in 2022, and {NOT_SETTLED[0].lower()}{NOT_SETTLED[1:]}"
    document = json.loads(_review_text(sentence + "\n", "--json").stdout)
    row = document["sentences"][0]
    assert row["verdict"] == "NOT ENOUGH INFO"
    unsettled = [part for part in row["parts"] if part["verdict"] == "NOT ENOUGH INFO"]
    assert len(unsettled) == 1 and len(row["parts"]) == 2
    quoted = unsettled[0]["text"].rstrip(".")
    assert row["reason"] == f"\u201c{quoted}\u201d: {unsettled[0]['reason']}"
    assert "47.6" not in row["reason"]
    refuted = _document(DRAFT)["sentences"][2]
    assert refuted["reason"].startswith("\u201cJapan reopened aid to Vietnam in 1995\u201d: ")
    assert "largest" not in refuted["reason"]
    markdown = run("review", DRAFT, "--format", "markdown").stdout
    assert "\n[^2]: \u201cJapan reopened aid to Vietnam in 1995\u201d: the claim says 1995" in (
        markdown
    )
    table = run("review", DRAFT, env={"COLUMNS": "200"}).stdout
    assert "\u201cJapan reopened aid to Vietnam in 1995\u201d: the claim says 1995;" in table


# -- what is not a sentence: front matter, empty table cells -------------------------------

FRONT_MATTER = """---
title: Japan reopened aid in 1995
date: 2023-11-28
tags: [japan, vietnam]
---

Japan reopened aid to Vietnam in 1995.
"""


def test_yaml_front_matter_is_not_read() -> None:
    sentences = read_sentences(FRONT_MATTER)
    assert [(s.text, s.line) for s in sentences] == [("Japan reopened aid to Vietnam in 1995.", 7)]


def test_front_matter_ends_with_dots_or_is_toml() -> None:
    dots = "---\ntitle: x\nyear: 1995\n...\nText here.\n"
    assert [s.text for s in read_sentences(dots)] == ["Text here."]
    toml = '+++\ntitle = "Trade hit US$50 billion in 2022"\n+++\nText here.\n'
    assert [s.text for s in read_sentences(toml)] == ["Text here."]
    assert [s.text for s in read_sentences("\ufeff" + dots)] == ["Text here."]


@pytest.mark.parametrize(
    ("draft", "texts"),
    [
        # A thematic break opening a draft: no "key:" line under it.
        ("---\n\nAid in 1992.\n\n---\n\nMore text.\n", ["Aid in 1992.", "More text."]),
        # Never closed.
        ("---\ntitle: not closed\nAid in 1992.\n", ["title: not closed", "Aid in 1992."]),
        # Not at the top.
        ("Intro.\n\n---\ntitle: x\n---\n", ["Intro.", "title: x"]),
    ],
)
def test_only_front_matter_at_the_top_and_closed_is_skipped(draft: str, texts: list[str]) -> None:
    assert [s.text for s in read_sentences(draft)] == texts


def test_review_lists_nothing_of_the_front_matter_and_marks_after_it() -> None:
    document = json.loads(_review_text(FRONT_MATTER, "--json").stdout)
    assert [(row["line"], row["verdict"]) for row in document["sentences"]] == [(7, "REFUTED")]
    markdown = _review_text(FRONT_MATTER, "--format", "markdown").stdout
    assert markdown.startswith("---\ntitle: Japan reopened aid in 1995\n")
    assert "1995. **[REFUTED]**[^1]" in markdown


TABLE = """Trade and visits.

| Year | Trade Turnover | Notes |
|:-----|---------------:|-------|
| 2022 | US$47.6 billion | record |
| Kishida Fumio | visited | see below |
| Total | -- | n/a |
| Japan reopened aid to Vietnam in 1995. | - | - |
"""


def test_table_cells_say_where_they_stand() -> None:
    blocks = [(s.text, s.block) for s in read_sentences(TABLE)]
    assert blocks[:4] == [
        ("Trade and visits.", TEXT),
        ("Year", HEADER_CELL),
        ("Trade Turnover", HEADER_CELL),
        ("Notes", HEADER_CELL),
    ]
    assert ("2022", TABLE_CELL) in blocks and ("record", TABLE_CELL) in blocks


def test_table_cells_and_rows_with_nothing_checkable_are_not_listed(index: Index) -> None:
    listed = [(s.line, s.text, s.outcome) for s in review(index, TABLE, reviewed_on=TODAY).records]
    assert listed == [
        (1, "Trade and visits.", "not_checked"),
        (5, "2022", "not_checked"),  # a date
        (5, "US$47.6 billion", "not_checked"),  # a figure
        (6, "Kishida Fumio", "not_checked"),  # a name
        (8, "Japan reopened aid to Vietnam in 1995.", "refuted"),
    ]


def test_a_header_row_is_never_listed_unless_it_is_checked(index: Index) -> None:
    draft = "| 2021 | 2022 | Hà Nội |\n|---|---|---|\n| a | b | c |\n"
    assert review(index, draft, reviewed_on=TODAY).records == ()
    named = review(
        index, "| Who | Where |\n|---|---|\n| Shinzo Abe | in Hà Nội |\n", reviewed_on=TODAY
    )
    assert [s.text for s in named.records] == ["Shinzo Abe", "in Hà Nội"]


def test_the_summary_does_not_count_what_is_not_listed() -> None:
    document = json.loads(_review_text(TABLE, "--json").stdout)
    assert document["summary"] == {
        "refuted": 1,
        "supported": 0,
        "not_enough_info": 0,
        "not_checked": 4,
    }


def test_a_draft_with_nothing_to_read_says_so() -> None:
    outcome = _review_text("---\ntitle: x\n---\n\n| A | B |\n|---|---|\n| c | d |\n")
    assert outcome.exit_code == 0 and "the draft has no sentences" in outcome.stderr
    document = json.loads(_review_text("---\ntitle: x\n---\n", "--json").stdout)
    jsonschema.validate(document, SCHEMA)
    assert document == {
        "summary": {"refuted": 0, "supported": 0, "not_enough_info": 0, "not_checked": 0},
        "sentences": [],
    }
