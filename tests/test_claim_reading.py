"""How check reads real sentences: figures and the rounding rule, currencies, parts,
loose dates, undated claims; and `vnjp review` on drafts and on the source articles."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from tests.conftest import ROOT, SCHEMA, run
from vnjp.claims.amounts import compare, read_amounts, rounding_step
from vnjp.claims.parts import split_parts
from vnjp.claims.verdict import Checker
from vnjp.cli import app
from vnjp.index import Index
from vnjp.review import review
from vnjp.sentences import read_sentences
from vnjp.text import fold

SEEDS = ROOT.parent / "shared" / "seeds"


def _amount(text: str) -> tuple[float, str, str, float, float]:
    (amount,) = read_amounts(fold(text))
    return amount.value, amount.kind, amount.currency, amount.low, amount.high


@pytest.mark.parametrize(
    ("text", "value", "kind", "currency"),
    [
        ("US$47.6 billion", 47.6e9, "money", "USD"),
        ("$47.6bn", 47.6e9, "money", "USD"),
        ("47,6 billion dollars", 47.6e9, "money", "USD"),
        ("5.198 projects", 5198, "number", ""),
        ("1.395 billion USD", 1.395e9, "money", "USD"),
        ("5,198", 5198, "number", ""),
        ("forty-two", 42, "number", ""),
        ("half a million", 500_000, "number", ""),
        ("a quarter of", 25, "percent", ""),
        ("JPY 13.5 billion", 13.5e9, "money", "JPY"),
        ("100 billion yen", 100e9, "money", "JPY"),
        ("€2 million", 2e6, "money", "EUR"),
        ("30 per cent", 30, "percent", ""),
    ],
)
def test_figures_are_read_as_people_write_them(
    text: str, value: float, kind: str, currency: str
) -> None:
    got_value, got_kind, got_currency, _, _ = _amount(text)
    assert got_value == pytest.approx(value)
    assert (got_kind, got_currency) == (kind, currency)


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("47.6 billion", 47.55e9, 47.65e9),
        ("40 billion", 39.5e9, 40.5e9),
        ("about 30%", 20, 40),
        ("approximately US$43 billion", 42e9, 44e9),
        ("nearly US$50 billion", 40e9, 50e9),
        ("over 71.2 billion", 71.2e9, 71.3e9),
        ("between 40 and 45 billion", 40e9, 45e9),
    ],
)
def test_the_rounding_rule_gives_the_documented_intervals(
    text: str, low: float, high: float
) -> None:
    _, _, _, got_low, got_high = _amount(text)
    assert got_low == pytest.approx(low) and got_high == pytest.approx(high)
    assert f"`{text.replace('US$', 'US$')}`" in (ROOT / "docs" / "claims.md").read_text()


@given(st.integers(min_value=1, max_value=10**12))
def test_the_rounding_step_is_the_place_of_the_last_non_zero_digit(value: int) -> None:
    step = rounding_step(value)
    assert value % step == 0 and (value // step) % 10 != 0


@pytest.mark.parametrize(
    ("claim", "fact", "qualifier", "expected"),
    [
        ("approximately US$43 billion", 42.7e9, "", "match"),
        ("nearly US$50 billion", 47.6e9, "", "match"),
        ("more than $70 billion", 71.2e9, "over", "match"),
        ("over half a million", 500_000, "nearly", "conflict"),
        ("about 27 billion USD", 29.3e9, "", "conflict"),
        ("67,295", 67_000, "more than", "unsettled"),
        ("US$42.7 billion", 40e9, "", "conflict"),
    ],
)
def test_a_claimed_figure_against_a_recorded_one(
    claim: str, fact: float, qualifier: str, expected: str
) -> None:
    (amount,) = read_amounts(fold(claim))
    assert compare(amount, fact, qualifier) == expected


@pytest.mark.parametrize(
    ("claim", "label"),
    [
        # Real-world shapes: verbs, fillers, synonyms, decimal commas.
        ("Bilateral commerce came to approximately US$43 billion in 2021.", "SUPPORTED"),
        ("Trade between Vietnam and Japan totalled 42,7 billion dollars in 2021.", "SUPPORTED"),
        ("Japan had 5.198 valid FDI projects in Vietnam as of September 2023.", "SUPPORTED"),
        ("Japan's ODA to Vietnam totals 3,260 billion yen.", "NOT ENOUGH INFO"),
        ("Japan has provided US$29.3 billion of ODA to Vietnam.", "SUPPORTED"),
        ("Japan reopened aid to Vietnam in 1995.", "REFUTED"),
        ("Diplomatic relations were established in 0000.", "NOT ENOUGH INFO"),
        # Loose times at their own precision.
        ("The extensive strategic partnership was set up in early 2014.", "SUPPORTED"),
        ("The extensive strategic partnership was set up in late 2014.", "REFUTED"),
        ("Japan reopened aid to Vietnam in the early 1990s.", "SUPPORTED"),
        ("The joint initiative was launched in early 2003.", "NOT ENOUGH INFO"),
        # A universal statement over a span, and an undated present-tense claim.
        ("In 2008 Japan was Vietnam's fourth biggest investor.", "REFUTED"),
        ("Japan is currently the second largest investor in Vietnam.", "REFUTED"),
        # "After X, Y and Z" is compared with the source's list.
        (
            "Japan is Vietnam's fourth largest trading partner, after China, the US and "
            "South Korea.",
            "SUPPORTED",
        ),
        (
            "Japan is the third largest source of tourists to Vietnam, after China and the "
            "Republic of Korea.",
            "NOT ENOUGH INFO",
        ),
        # An unknown name or content word leaves a part unsettled.
        ("Japan's coffee exports to Vietnam reached US$47.6 billion in 2022.", "NOT ENOUGH INFO"),
    ],
)
def test_check_reads_real_sentences(claim: str, label: str, index: Index) -> None:
    assert Checker(index).check(claim).label.value == label


@pytest.mark.parametrize(
    "said",
    [
        "Trade, according to customs, reached US$47.6 billion in 2022.",
        "According to customs, trade reached US$47.6 billion in 2022.",
        "Trade reached US$47.6 billion in 2022, according to customs.",
        "Deputy Minister Le Van Thanh said trade reached US$47.6 billion in 2022.",
        "Trade reached US$47.6 billion in 2022, he said.",
    ],
)
def test_who_said_it_is_not_part_of_the_claim(said: str, index: Index) -> None:
    (part,) = split_parts(said)
    assert part.text.lower().startswith("trade reached")
    assert Checker(index).check(said).label.value == "SUPPORTED"


def test_a_compound_claim_is_checked_in_parts(index: Index) -> None:
    claim = (
        "Japan, Vietnam's third largest investor, had 5,198 valid projects in 2023, and "
        "trade hit US$50 billion in 2022."
    )
    parts = [part.text for part in split_parts(claim)]
    assert parts == [
        "Japan, Vietnam's third largest investor",
        "had 5,198 valid projects in 2023",
        "trade hit US$50 billion in 2022.",
    ]
    verdict = Checker(index).check(claim)
    # "in 2023" is supported by the figure as of 20 September 2023.
    assert [part.label.value for part in verdict.parts] == ["SUPPORTED", "SUPPORTED", "REFUTED"]
    assert verdict.label.value == "REFUTED" and "US$50 billion" in verdict.reason
    outcome = run("check", claim, "--json")
    document = json.loads(outcome.stdout)
    jsonschema.validate(document, SCHEMA)
    assert outcome.exit_code == 1 and len(document[0]["parts"]) == 3


def test_list_claims_share_their_topic_and_date(index: Index) -> None:
    verdict = Checker(index).check(
        "Total two-way trade reached US$40 billion in 2020, US$42.7 billion in 2021 and "
        "US$47.6 billion in 2022."
    )
    assert [part.label.value for part in verdict.parts] == ["SUPPORTED"] * 3
    wrong = Checker(index).check(
        "In the first 9 months of 2023, trade reached over US$32.9 billion, of which "
        "exports reached US$17.2 billion and imports reached US$25.7 billion."
    )
    assert [part.label.value for part in wrong.parts] == ["SUPPORTED", "SUPPORTED", "REFUTED"]


def test_sentences_do_not_end_at_abbreviations_initials_or_decimals() -> None:
    draft = (
        "# Title line\n\nMr. Koizumi visited in Sept. 2002 with U.S. backing. Trade was "
        "47.6 billion.\nVo V. Kiet went first! Did No. 3 follow?\n\n- A list item\n\n"
        "```\nnot. a. sentence.\n```\n| a cell | another cell |\n"
    )
    sentences = read_sentences(draft)
    assert [s.text for s in sentences] == [
        "Title line",
        "Mr. Koizumi visited in Sept. 2002 with U.S. backing.",
        "Trade was 47.6 billion.",
        "Vo V. Kiet went first!",
        "Did No. 3 follow?",
        "A list item",
        "a cell",
        "another cell",
    ]
    assert [s.line for s in sentences] == [1, 3, 3, 4, 4, 6, 11, 11]
    assert draft[sentences[1].start : sentences[1].end] == sentences[1].text


def _article(name: str) -> str:
    """A source article without the website boilerplate its README says ends it."""
    lines = (SEEDS / name).read_text(encoding="utf-8").splitlines(keepends=True)
    end = next((i for i, line in enumerate(lines) if line.startswith("Total notes")), None)
    return "".join(lines[:end])


@pytest.mark.skipif(not SEEDS.exists(), reason="the source articles are not checked out")
@pytest.mark.parametrize("name", ["000_f63c67e30c6e91a3.txt", "003_5e426116c313bba4.txt"])
def test_review_supports_every_checkable_sentence_of_each_source_article(
    name: str, index: Index
) -> None:
    reviewed = review(index, _article(name), reviewed_on=datetime.date(2023, 11, 28))
    checked = [s for s in reviewed.records if s.verdict]
    assert len(checked) >= 10
    wrong = [
        (s.line, s.text, s.verdict.reason)
        for s in checked
        if s.verdict is not None and s.verdict.label.value != "SUPPORTED"
    ]
    assert wrong == []


def test_review_cli_exit_status_formats_and_schema(tmp_path: Path) -> None:
    draft = ROOT / "docs" / "examples" / "draft.md"
    table = run("review", str(draft))
    assert table.exit_code == 1 and "REFUTED" in table.stdout and "not checked" in table.stdout
    document = json.loads(run("review", str(draft), "--json").stdout)
    jsonschema.validate(document, SCHEMA)
    rows = document["sentences"]
    assert [row["verdict"] for row in rows].count("REFUTED") == 1
    assert any(row["verdict"] is None for row in rows)
    assert document["summary"]["refuted"] == 1
    markdown = run("review", str(draft), "--format", "markdown").stdout
    assert markdown.startswith("# Fifty years of Vietnam")
    assert "**[REFUTED]**[^" in markdown and "\n[^1]: " in markdown
    clean = tmp_path / "clean.txt"
    clean.write_text("Trade reached US$47.6 billion in 2022. It was a good year.\n")
    assert run("review", str(clean)).exit_code == 0
    piped = CliRunner().invoke(app, ["review", "-"], input="Japan reopened aid in 1995.\n")
    assert piped.exit_code == 1
    missing = run("review", str(tmp_path / "missing.md"))
    assert missing.exit_code == 2 and "cannot read the draft" in missing.stderr
