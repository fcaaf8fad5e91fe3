"""`vnjp show`, `vnjp cite` and `vnjp conflicts`, on the bundled pack and a user's own,
in every format."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import SCHEMA, run, run_json
from tests.factfiles import write_facts
from tests.test_imports import CHECK, COLD_ONLY, REVIEW, RICH, SEARCH, imported
from vnjp.citation import day_after, sentence_case, title_case
from vnjp.claims.amounts import fact_interval
from vnjp.differences import differences
from vnjp.model import Observation, PartialDate, Source, When

TP, VNS = "trusted-partners", "vns-50-years"

# -- show -----------------------------------------------------------------------------


def test_show_gives_every_field_the_sources_and_the_other_figure() -> None:
    outcome, rows = run_json("show", "fdi-capital-2023-09")
    assert outcome.exit_code == 0
    (row,) = rows
    assert row["id"] == "fdi-capital-2023-09" and row["value"] == 71_300_000_000
    assert row["sources"][0]["id"] == TP
    (cited,) = row["cited_with"]
    assert cited["source"] == TP and "fdi-projects-2023-09" in cited["records"]
    assert "fdi-capital-2023-09" not in cited["records"]
    (difference,) = row["differences"]
    assert [figure["id"] for figure in difference["figures"]] == [
        "fdi-capital-2023-07",
        "fdi-capital-2023-09",
    ]
    assert difference["difference"] == 100_000_000


def test_show_a_source_lists_every_record_citing_it_and_its_differences() -> None:
    _, (row,) = run_json("show", VNS)
    assert row["kind"] == "source" and row["records"] == len(row["cited_with"][0]["records"])
    assert {d["id"] for d in row["differences"]} >= {"oda-share-trusted-partners/oda-share-vns"}


def test_show_keeps_the_order_asked_and_each_id_once() -> None:
    _, rows = run_json("show", "do-muoi-1995", TP, "do-muoi-1995", "diplomatic-relations-1973")
    assert [row["id"] for row in rows] == ["do-muoi-1995", TP, "diplomatic-relations-1973"]
    assert all(row["differences"] == [] for row in rows[::2])


def test_show_table_writes_each_field_and_the_difference() -> None:
    outcome = run("show", "oda-share-vns", "--format", "table")
    assert outcome.exit_code == 0
    text = outcome.stdout
    assert text.startswith("oda-share-vns (stat)\n")
    for line in ("Figure:", "over 30%", "Qualifier:", "Sources:", "Cited with:", "Differs:"):
        assert line in text
    assert "oda-share-trusted-partners (trusted-partners): about 30%, as of 2023" in text
    assert "the hedges overlap: both can hold" in text


@pytest.mark.parametrize("output", ["jsonl", "csv-raw", "markdown"])
def test_show_in_each_format(output: str) -> None:
    outcome = run("show", "fdi-projects-2023-09", TP, "--format", output)
    assert outcome.exit_code == 0
    if output == "jsonl":
        assert [json.loads(line)["id"] for line in outcome.stdout.splitlines()] == [
            "fdi-projects-2023-09",
            TP,
        ]
    elif output == "csv-raw":
        rows = list(csv.DictReader(io.StringIO(outcome.stdout)))
        assert rows[0]["value"] == "5198"
        assert rows[0]["differences"] == "fdi-projects-2023-07/fdi-projects-2023-09: 55"
        assert rows[1]["cited_with"].startswith(f"{TP}: ")
    else:
        assert outcome.stdout.startswith("| Date | What | Figure |")
        assert "Differs from" in outcome.stdout and "+55 projects (+1.1%)" in outcome.stdout


def test_show_fields_picks_columns() -> None:
    outcome = run("show", "oda-share-vns", "--format", "csv", "--fields", "id,differences")
    assert outcome.stdout.splitlines() == [
        "id,differences",
        "oda-share-vns,oda-share-trusted-partners/oda-share-vns: 0",
    ]


def test_an_unknown_id_is_a_usage_error_naming_the_closest() -> None:
    outcome = run("show", "fdi-capital-2023-9")
    assert outcome.exit_code == 2 and outcome.stdout == ""
    assert "did you mean 'fdi-capital-2023-09'?" in outcome.stderr
    assert "hint: vnjp search" in outcome.stderr
    assert run("cite", "vns-50-yeras").exit_code == 2


# -- cite -----------------------------------------------------------------------------

# Written by hand from each manual (APA 7th ed. 9.12, 9.22, 10.2; Chicago 17th ed.
# 14.175, 14.207; MLA 9th ed. 5.6, 5.108): no author, so the title (or, for a work with
# no headline, a description) stands first; an undated work is n.d.
HAND_WRITTEN = {
    "apa": [
        "Vietnam-Japan: Trusted partners, extensive cooperation. (2023, November 28).",
        "[50 years of Việt Nam-Japan diplomatic relations]. (n.d. [in or after August 2023])."
        " Việt Nam News (VNS).",
    ],
    "chicago": [
        "\u201cVietnam-Japan: Trusted Partners, Extensive Cooperation.\u201d November 28, 2023.",
        "Việt Nam News (VNS). 50 years of Việt Nam-Japan diplomatic relations. N.d. [in or"
        " after August 2023].",
    ],
    "mla": [
        "\u201cVietnam-Japan: Trusted Partners, Extensive Cooperation.\u201d 28 Nov. 2023.",
        "50 years of Việt Nam-Japan diplomatic relations. Việt Nam News (VNS), n.d. [in or"
        " after Aug. 2023].",
    ],
}


@pytest.mark.parametrize("style", sorted(HAND_WRITTEN))
def test_cite_matches_the_manuals(style: str) -> None:
    outcome = run("cite", TP, VNS, "--style", style)
    assert outcome.exit_code == 0
    assert outcome.stdout.splitlines() == HAND_WRITTEN[style]


def test_apa_is_the_default_and_a_record_cites_its_sources() -> None:
    assert run("cite", "oda-total").stdout.splitlines() == HAND_WRITTEN["apa"]
    assert run("cite", "fdi-capital-2023-09").stdout.splitlines() == HAND_WRITTEN["apa"][:1]


def test_cite_bibtex() -> None:
    outcome = run("cite", TP, VNS, "--style", "bibtex")
    assert outcome.stdout == (
        "@misc{trusted-partners,\n"
        "  title = {{Vietnam-Japan: Trusted Partners, Extensive Cooperation}},\n"
        "  year = {2023},\n"
        "  month = nov,\n"
        "  day = {28},\n"
        "}\n"
        "\n"
        "@misc{vns-50-years,\n"
        "  title = {{[50 years of Việt Nam-Japan diplomatic relations]}},\n"
        "  howpublished = {Việt Nam News (VNS)},\n"
        "  year = {n.d.},\n"
        "  note = {[in or after August 2023]},\n"
        "}\n"
    )


def test_cite_csl_json_is_an_array_of_items() -> None:
    items = json.loads(run("cite", TP, VNS, "--style", "csl-json").stdout)
    assert items == [
        {
            "id": TP,
            "type": "article-newspaper",
            "title": "Vietnam-Japan: Trusted Partners, Extensive Cooperation",
            "issued": {"date-parts": [[2023, 11, 28]]},
        },
        {
            "id": VNS,
            "type": "article-newspaper",
            "title": "[50 years of Việt Nam-Japan diplomatic relations]",
            "container-title": "Việt Nam News (VNS)",
            "issued": {"literal": "n.d. [in or after August 2023]"},
        },
    ]


def test_with_fact_adds_the_records_words_as_a_note() -> None:
    outcome = run("cite", "fdi-capital-2023-09", "--with-fact")
    assert outcome.stdout.splitlines() == [
        HAND_WRITTEN["apa"][0],
        "  Note: Japanese FDI into Vietnam, accumulated: US$71.3 billion (as of 20 September 2023)",
    ]
    _, rows = run_json("cite", "fdi-capital-2023-09", "--with-fact", "--style", "bibtex")
    assert rows[0]["record"] == "fdi-capital-2023-09"
    assert "note = {Japanese FDI into Vietnam, accumulated: US$71.3" not in rows[0]["citation"]
    assert "note = {Japanese FDI into Vietnam, accumulated: US\\$71.3" in rows[0]["citation"]
    assert rows[0]["csl"]["note"].startswith("Japanese FDI into Vietnam")


def test_cite_json_jsonl_csv_and_markdown() -> None:
    _, rows = run_json("cite", "oda-total", "--style", "mla")
    assert [row["citation"] for row in rows] == HAND_WRITTEN["mla"]
    assert [row["record"] for row in rows] == ["oda-total", "oda-total"]
    lines = run("cite", TP, "--format", "jsonl").stdout.splitlines()
    assert [json.loads(line)["citation"] for line in lines] == HAND_WRITTEN["apa"][:1]
    table = list(csv.DictReader(io.StringIO(run("cite", VNS, "--format", "csv").stdout)))
    assert table[0]["citation"] == HAND_WRITTEN["apa"][1]
    assert json.loads(table[0]["csl"])["id"] == VNS
    markdown = run("cite", TP, VNS, "--format", "markdown").stdout
    assert markdown.splitlines() == [
        "- *Vietnam-Japan: Trusted partners, extensive cooperation*. (2023, November 28).",
        "- \\[50 years of Việt Nam-Japan diplomatic relations\\]. (n.d. \\[in or after August"
        " 2023\\]). Việt Nam News (VNS).",
    ]
    fenced = run("cite", TP, "--style", "bibtex", "--format", "markdown").stdout
    assert fenced.startswith("```bibtex\n@misc{trusted-partners,") and fenced.endswith("```\n")


def test_an_unknown_style_suggests_one() -> None:
    outcome = run("cite", TP, "--style", "chicgo")
    assert outcome.exit_code == 2 and "did you mean 'chicago'?" in outcome.stderr


# -- conflicts ------------------------------------------------------------------------


def test_conflicts_lists_where_the_two_articles_differ() -> None:
    outcome, rows = run_json("conflicts")
    assert outcome.exit_code == 0
    by_id = {row["id"]: row for row in rows}
    share = by_id["oda-share-trusted-partners/oda-share-vns"]
    assert (share["difference"], share["hedges_overlap"], share["same_time"]) == (0, True, True)
    capital = by_id["fdi-capital-2023-07/fdi-capital-2023-09"]
    assert capital["difference"] == 100_000_000 and capital["hedges_overlap"] is True
    assert capital["relative"] == round(0.1 / 71.2, 6) == 0.001404
    assert capital["same_time"] is False
    projects = by_id["fdi-projects-2023-07/fdi-projects-2023-09"]
    assert projects["difference"] == 55 and projects["hedges_overlap"] is False
    for row in rows:
        first, second = ({s["id"] for s in f["sources"]} for f in row["figures"])
        assert not first & second
    # A flow over January-July is no difference from one over January-September.
    assert not any("trade" in row["id"] for row in rows)


def test_conflicts_filters_by_stat_key_and_an_empty_list_is_success() -> None:
    _, rows = run_json("conflicts", "FDI")
    assert {row["stat"] for row in rows} == {"fdi"}
    outcome, rows = run_json("conflicts", "trade")
    assert outcome.exit_code == 0 and rows == []
    table = run("conflicts", "trade")
    assert table.exit_code == 0 and table.stdout == ""
    assert "vnjp: error" not in table.stderr and "do not differ about trade" in table.stderr
    unknown = run("conflicts", "fdii")
    assert unknown.exit_code == 2 and "did you mean 'fdi'?" in unknown.stderr


def test_conflicts_table_markdown_and_csv() -> None:
    table = run("conflicts", "oda", "--format", "table").stdout
    assert "Where the sources differ: oda" in table
    assert "the same figure, hedged differently" in table and "about 30%" in table
    markdown = run("conflicts", "--format", "markdown").stdout
    assert markdown.startswith("| What | Each source says | Difference | Sources |")
    assert "5,143 projects (as of July 2023; vns-50-years)" in markdown
    rows = list(csv.DictReader(io.StringIO(run("conflicts", "--format", "csv").stdout)))
    assert [row["hedges_overlap"] for row in rows] == ["true", "true", "false"]
    # A pipe gets the table's columns as tab-separated lines, each with its pair's id.
    lines = run("conflicts", "fdi").stdout.splitlines()
    assert all(line.count("\t") == 4 for line in lines), "Id, Measure, Earlier, Later, Difference"
    assert [line.split("\t")[0] for line in lines] == [
        "fdi-capital-2023-07/fdi-capital-2023-09",
        "fdi-projects-2023-07/fdi-projects-2023-09",
    ]


# -- a user's own pack ----------------------------------------------------------------


def _user_pack(tmp_path: Path) -> Path:
    observation = {"stat": "aid", "metric": "Aid given", "unit": "USD"}
    return write_facts(
        tmp_path,
        "mine.toml",
        {
            "sources": [
                {
                    "id": "paper-a",
                    "title": "Trade & Aid: A Survey",
                    "publisher": "The Daily",
                    "published": "2024-03-05",
                },
                {
                    "id": "paper-b",
                    "title": "Notes on aid (untitled copy)",
                    "publisher": "",
                    "published": "",
                    "note": "The copy states no date.",
                },
                {
                    "id": "paper-c",
                    "title": "Letters",
                    "publisher": "",
                    "published": "",
                    "note": "Undated, and no record cites it.",
                },
            ],
            "stats": [{"key": "aid", "name": "Aid", "measures": "Aid given"}],
            "observations": [
                {
                    "id": "aid-a",
                    **observation,
                    "value": 10_000_000_000,
                    "qualifier": "about",
                    "as_of": "2024",
                    "sources": ["paper-a"],
                },
                {
                    "id": "aid-b",
                    **observation,
                    "value": 12_000_000_000,
                    "as_of": "2024-01",
                    "sources": ["paper-b"],
                },
                {
                    "id": "rank-a",
                    "stat": "aid",
                    "metric": "Rank among donors",
                    "rank": 2,
                    "period": "2023",
                    "sources": ["paper-a"],
                },
                {
                    "id": "rank-b",
                    "stat": "aid",
                    "metric": "Place among donors",
                    "rank": 3,
                    "period": "2023",
                    "sources": ["paper-b"],
                },
            ],
        },
    )


def test_a_user_pack(tmp_path: Path) -> None:
    pack = ["--no-bundled", "--facts", str(_user_pack(tmp_path))]
    _, rows = run_json(*pack, "conflicts")
    assert [(row["id"], row["difference"], row["hedges_overlap"]) for row in rows] == [
        # "about 10 billion" is between 0 and 20 billion by the rounding rule.
        ("aid-a/aid-b", 2_000_000_000, True),
        ("rank-a/rank-b", 1, False),
    ]
    assert rows[0]["relative"] == pytest.approx(0.2)
    assert "+1 place\n" in run(*pack, "conflicts", "--format", "markdown").stdout.replace(";", "\n")
    assert run(*pack, "cite", "aid-a", "aid-b").stdout.splitlines() == [
        "Trade & aid: A survey. (2024, March 5). The Daily.",
        "[Notes on aid]. (n.d. [in or after February 2024]).",
    ]
    mla = run(*pack, "cite", "paper-b", "paper-c", "--style", "mla").stdout.splitlines()
    # An undated source that no record dates is n.d. alone, with one full stop.
    assert mla == ["Notes on aid. n.d. [in or after Feb. 2024].", "\u201cLetters.\u201d n.d."]
    chicago = run(*pack, "cite", "paper-c", "--style", "chicago").stdout
    assert chicago == "\u201cLetters.\u201d N.d.\n"
    bibtex = run(*pack, "cite", "paper-a", "--style", "bibtex").stdout
    assert "title = {{Trade \\& Aid: A Survey}}," in bibtex
    _, (shown,) = run_json(*pack, "show", "rank-b")
    assert shown["cited_with"] == [{"source": "paper-b", "records": ["aid-b"]}]
    assert shown["differences"][0]["figures"][0]["id"] == "rank-a"


# -- properties -----------------------------------------------------------------------

HEDGES = st.sampled_from(["", "about", "over", "nearly", "more than"])
VALUES = st.integers(min_value=1, max_value=10**12)


def _observation(record_id: str, value: int, qualifier: str, source: str) -> Observation:
    return Observation(
        record_id,
        "fdi",
        "a measure",
        (Source(source, source, "", PartialDate(2024)),),
        value=value,
        unit="USD",
        qualifier=qualifier,
        as_of=When.parse("2024"),
    )


@given(VALUES, HEDGES, VALUES, HEDGES)
def test_hedges_overlap_by_the_rounding_rule(
    first: int, first_hedge: str, second: int, second_hedge: str
) -> None:
    a = _observation("a", first, first_hedge, "one")
    b = _observation("b", second, second_hedge, "two")
    found = differences([a, b])
    assert found == differences([b, a])  # the order read in does not matter
    if (first, first_hedge) == (second, second_hedge):
        assert found == []
        return
    (difference,) = found
    low, high = fact_interval(first, first_hedge), fact_interval(second, second_hedge)
    assert difference.hedges_overlap == (low[0] <= high[1] and high[0] <= low[1])
    assert difference.difference == difference.second.value - difference.first.value  # type: ignore[operator]
    jsonschema.validate([difference.row()], SCHEMA)


@given(VALUES, VALUES)
def test_one_source_never_differs_from_itself(first: int, second: int) -> None:
    assert (
        differences([_observation("a", first, "", "one"), _observation("b", second, "", "one")])
        == []
    )


@given(st.integers(1, 9999), st.none() | st.integers(1, 12), st.integers(1, 28))
def test_the_day_after_is_later_at_the_same_precision(
    year: int, month: int | None, day: int
) -> None:
    if year == 9999:
        return
    for date in (PartialDate(year, month), PartialDate(year, month, day if month else None)):
        after = day_after(date)
        assert after.sort_key > date.sort_key
        assert (after.month is None, after.day is None) == (date.month is None, date.day is None)


WORDS = st.sampled_from(["Trade", "and", "Aid:", "a", "Survey", "Japan", "ODA", "Việt", "Nam"])


@given(st.lists(WORDS, min_size=1))
def test_sentence_case_lowers_all_but_first_and_proper_words(words: list[str]) -> None:
    cased = sentence_case(" ".join(words)).split(" ")
    assert sentence_case(" ".join(cased)).split(" ") == cased
    for number, (word, written) in enumerate(zip(words, cased, strict=True)):
        first = number == 0 or words[number - 1].endswith(":")
        kept = first or word in ("Japan", "ODA", "Việt", "Nam")
        assert written == (word if kept else word.lower())


@given(st.lists(WORDS, min_size=1))
def test_title_case_capitalises_major_words(words: list[str]) -> None:
    cased = title_case(" ".join(words)).split(" ")
    assert title_case(" ".join(cased)).split(" ") == cased
    for number, written in enumerate(cased[1:-1], start=1):
        if not words[number - 1].endswith(":"):
            assert written == (
                "a" if words[number] == "a" else "and" if words[number] == "and" else words[number]
            )


# -- start-up -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["show", "oda-total", "--json"],
        ["cite", "oda-total", "--format", "jsonl"],
        ["conflicts", "--format", "csv"],
    ],
)
def test_show_cite_and_conflicts_import_no_rich_search_or_parser(args: list[str]) -> None:
    modules = imported(args)
    assert not modules & (RICH | SEARCH | REVIEW | COLD_ONLY), modules & RICH
    assert "vnjp.research" in modules
    assert not modules & (CHECK - {"vnjp.claims.amounts"})


def test_other_commands_do_not_pay_for_them() -> None:
    for args in (["stat", "fdi"], ["stat", "fdi", "--format", "markdown"]):
        assert not imported(args) & {"vnjp.research", "vnjp.citation", "vnjp.differences"}
