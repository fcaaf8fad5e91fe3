"""`vnjp review` tells the editor what to do: the reason of the part that decides each
verdict, and no front matter or empty table cells listed as sentences."""

from __future__ import annotations

import json
from typing import Any

import pytest
from typer.testing import CliRunner

from tests.conftest import ROOT, Outcome, run
from vnjp.cli import app
from vnjp.index import Index
from vnjp.results import Label, PartVerdict, Verdict
from vnjp.review import deciding_reason, review
from vnjp.sentences import HEADER_CELL, TABLE_CELL, TEXT, read_sentences


def _review_text(text: str, *args: str) -> Outcome:
    result = CliRunner().invoke(app, ["review", "-", *args], input=text)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Outcome(result.exit_code, result.stdout, result.stderr)


def _label(verdict: Verdict | None) -> str | None:
    return verdict.label.value if verdict else None


DRAFT = str(ROOT / "docs" / "examples" / "draft.md")
NOT_SETTLED = "Japan built 300 bridges in Vietnam in 2019."


def _sentences(*args: str) -> list[dict[str, Any]]:
    rows = json.loads(run("review", *args, "--json").stdout)
    assert isinstance(rows, list)
    return rows


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
    row = json.loads(_review_text(sentence + "\n", "--json").stdout)[0]
    assert row["verdict"] == "NOT ENOUGH INFO"
    unsettled = [part for part in row["parts"] if part["verdict"] == "NOT ENOUGH INFO"]
    assert len(unsettled) == 1 and len(row["parts"]) == 2
    quoted = unsettled[0]["text"].rstrip(".")
    assert row["reason"] == f"\u201c{quoted}\u201d: {unsettled[0]['reason']}"
    assert "47.6" not in row["reason"]
    refuted = _sentences(DRAFT)[2]
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


def test_review_lists_nothing_of_the_front_matter_and_marks_after_it(index: Index) -> None:
    listed = [(s.line, _label(s.verdict)) for s in review(index, FRONT_MATTER).records]
    assert listed == [(7, "REFUTED")]
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
    listed = [(s.line, s.text, _label(s.verdict)) for s in review(index, TABLE).records]
    assert listed == [
        (1, "Trade and visits.", None),
        (5, "2022", None),  # a date
        (5, "US$47.6 billion", None),  # a figure
        (6, "Kishida Fumio", None),  # a name
        (8, "Japan reopened aid to Vietnam in 1995.", "REFUTED"),
    ]


def test_a_header_row_is_never_listed_unless_it_is_checked(index: Index) -> None:
    draft = "| 2021 | 2022 | Hà Nội |\n|---|---|---|\n| a | b | c |\n"
    assert review(index, draft).records == ()
    named = review(index, "| Who | Where |\n|---|---|\n| Shinzo Abe | in Hà Nội |\n")
    assert [s.text for s in named.records] == ["Shinzo Abe", "in Hà Nội"]


def test_a_draft_with_nothing_to_read_says_so() -> None:
    outcome = _review_text("---\ntitle: x\n---\n\n| A | B |\n|---|---|\n| c | d |\n")
    assert outcome.exit_code == 0 and "the draft has no sentences" in outcome.stderr
