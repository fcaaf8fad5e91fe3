"""`vnjp search` and `vnjp check` through the CLI, and check's quality on the claim set."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from tests.conftest import ROOT, SCHEMA, run, run_json
from tests.factfiles import write_facts
from vnjp.claims.verdict import Checker
from vnjp.cli import app
from vnjp.index import Index
from vnjp.model import FactPack
from vnjp.results import Label
from vnjp.text import fold, strip_accents

CLAIMS = ROOT / "tests" / "claims"


def _spellings(name: str) -> list[str]:
    """How a user might type a name: as written, without accents, lower case, the
    words the other way round."""
    words = name.split()
    return [name, strip_accents(name), fold(name), " ".join(reversed(words))]


def test_search_finds_every_person_by_any_spelling(pack: FactPack) -> None:
    people = {visit.person for visit in pack.visits}
    people |= {p.name for visit in pack.visits for p in visit.counterparts}
    people |= {p.name for event in pack.events for p in event.people}
    for name in sorted(people):
        for spelling in _spellings(name):
            _, records = run_json("search", spelling)
            named = [
                r
                for r in records
                if name in json.dumps(r, ensure_ascii=False) and r["score"] == records[0]["score"]
            ]
            assert named, f"{spelling!r} does not find {name!r} first"


@pytest.mark.parametrize(
    ("query", "stat"),
    [
        ("FDI", "fdi"),
        ("foreign direct investment", "fdi"),
        ("ODA", "oda"),
        ("official development assistance", "oda"),
        ("labor", "labour"),
        ("trainees", "trainees"),
        ("trade", "trade"),
    ],
)
def test_search_finds_statistics_by_abbreviation_or_name(query: str, stat: str) -> None:
    _, records = run_json("search", query, "--kind", "stat")
    assert records
    assert records[0]["stat"] == stat


def test_search_expands_abbreviations_both_ways() -> None:
    _, by_short = run_json("search", "EPA")
    _, by_long = run_json("search", "Economic Partnership Agreement")
    assert "economic-partnership-agreement-2008" in {r["id"] for r in by_short[:3]}
    assert "economic-partnership-agreement-2008" in {r["id"] for r in by_long[:3]}
    _, viet_nam = run_json("search", "Viet Nam EPA")
    assert viet_nam[0]["id"] == by_short[0]["id"]


def test_search_ranks_limits_and_filters() -> None:
    _, records = run_json("search", "Kishida")
    assert records[0]["id"] == "kishida-fumio-2022"
    scores = [r["score"] for r in records]
    assert scores == sorted(scores, reverse=True)
    _, limited = run_json("search", "Japan", "--limit", "2")
    assert len(limited) == 2
    _, sources = run_json("search", "trusted partners", "--kind", "source")
    assert [r["kind"] for r in sources] == ["source"]


def test_search_highlights_matched_words_on_a_terminal() -> None:
    coloured = run("search", "kishida", "--format", "table", env={"FORCE_COLOR": "1"}).stdout
    assert "\x1b[1;7m" in coloured or "\x1b[7m" in coloured, "reverse video on the match"


def test_search_nothing_found_and_bad_options() -> None:
    outcome = run("search", "zzyzx")
    assert outcome.exit_code == 1 and "nothing in the fact pack matches" in outcome.stderr
    outcome = run("search", "trade", "--kind", "evnt")
    assert outcome.exit_code == 2 and "did you mean 'event'?" in outcome.stderr
    assert run("search", "the of").exit_code in (0, 1)


@pytest.mark.parametrize(
    ("claim", "label", "status"),
    [
        ("Japan is Vietnam's fourth largest trading partner.", "SUPPORTED", 0),
        ("Japan is Vietnam's largest trading partner.", "REFUTED", 1),
        ("Japan is Vietnam's largest source of rice.", "NOT ENOUGH INFO", 3),
    ],
)
def test_check_one_claim_exit_status_and_claim_review(claim: str, label: str, status: int) -> None:
    outcome = run("check", claim, "--json")
    assert outcome.exit_code == status
    document = json.loads(outcome.stdout)
    jsonschema.validate(document, SCHEMA)
    [verdict] = document  # one claim: an array, as for a batch
    assert verdict["verdict"] == label
    assert verdict["claim_review"]["reviewRating"]["alternateName"] == label
    assert verdict["claim_review"]["claimReviewed"] == claim
    if label != "NOT ENOUGH INFO":
        assert verdict["evidence"] and all(e["sources"] for e in verdict["evidence"])


def test_check_reason_names_the_source_and_what_the_date_is() -> None:
    outcome = run("check", "Vietnam and Japan established diplomatic relations in 1975.")
    assert outcome.exit_code == 1
    assert "1973-09-21" in outcome.stdout and "Embassies opened" in outcome.stdout


def test_an_undated_claim_is_compared_with_the_newest_figure() -> None:
    outcome = run("check", "Japan has 5,198 valid FDI projects in Vietnam.", "--json")
    [verdict] = json.loads(outcome.stdout)
    assert verdict["verdict"] == "SUPPORTED" and "2023-09-20" in verdict["reason"]
    # The July figure is another date, not another opinion: no "sources differ".
    assert "differ" not in verdict["reason"]
    older = run("check", "Japan had 5,143 valid FDI projects in Vietnam as of July 2023.")
    assert older.exit_code == 0
    stale = run("check", "Japan has 5,143 valid FDI projects in Vietnam.", "--json")
    assert json.loads(stale.stdout)[0]["verdict"] == "REFUTED"


def test_check_says_the_sources_differ_only_for_the_same_measure_and_time(
    tmp_path: Path,
) -> None:
    share = {
        "stat": "oda",
        "metric": "Japan's share of all donors' ODA to Vietnam",
        "unit": "percent",
        "as_of": "2023",
    }
    facts = write_facts(
        tmp_path,
        "shares.toml",
        {
            "observations": [
                {"id": "share-a", "value": 30, "sources": ["trusted-partners"], **share},
                {"id": "share-b", "value": 40, "sources": ["vns-50-years"], **share},
                {
                    "id": "share-b-2020",
                    "value": 20,
                    "sources": ["vns-50-years"],
                    **share,
                    "as_of": "2020",
                },
            ]
        },
    )
    claim = "Japan's share of all donors' ODA to Vietnam was 30% in 2023."
    [verdict] = json.loads(run("--facts", str(facts), "check", claim, "--json").stdout)
    assert verdict["verdict"] == "SUPPORTED"
    assert "the sources differ: vns-50-years says" in verdict["reason"]
    evidence = [e["id"] for e in verdict["evidence"]]
    assert evidence[0] == "share-a" and "share-b" in evidence and "share-b-2020" not in evidence


def test_check_batch_from_stdin_and_file(tmp_path: Path) -> None:
    claims = "Japan reopened aid to Vietnam in 1992.\n\nJapan reopened aid in 1995.\n"
    result = CliRunner().invoke(app, ["check", "-", "--json"], input=claims)
    assert result.exit_code == 0
    verdicts = json.loads(result.stdout)
    jsonschema.validate(verdicts, SCHEMA)
    assert [v["verdict"] for v in verdicts] == ["SUPPORTED", "REFUTED"]
    path = tmp_path / "claims.txt"
    path.write_text(claims, encoding="utf-8")
    outcome = run("check", "--file", str(path))
    assert outcome.exit_code == 0
    assert outcome.stdout.count("SUPPORTED") == 1 and outcome.stdout.count("REFUTED") == 1


def test_check_usage_errors(tmp_path: Path) -> None:
    assert run("check").exit_code == 2
    assert run("check", "x", "--file", "y").exit_code == 2
    assert run("check", "   ").exit_code == 2
    outcome = run("check", "--file", str(tmp_path / "missing.txt"))
    assert outcome.exit_code == 2 and "cannot read the claims" in outcome.stderr


def _labelled(name: str) -> list[tuple[str, str]]:
    lines = (CLAIMS / name).read_text(encoding="utf-8").splitlines()
    return [
        (fields[0], fields[1])
        for fields in (line.split("\t") for line in lines if line and line[0] != "#")
    ]


def test_the_claim_set_is_large_and_balanced() -> None:
    labels = [label for label, _ in _labelled("claims.tsv")]
    assert len(labels) >= 100
    for label in Label:
        assert len(labels) / 4 <= labels.count(label.value) <= len(labels) / 2.5


# Each development set's floor, at its measured figure rounded down (docs/claims.md):
# a change that makes check worse on any of them fails. The held-out sets are scored
# once, by hand, and are not here.
@pytest.mark.parametrize(
    ("name", "target"),
    [
        ("claims.tsv", 0.95),
        ("heldout.tsv", 0.95),
        ("fresh.tsv", 0.95),
        ("realworld.tsv", 0.90),
        ("probes.tsv", 0.90),
        ("news-economy.tsv", 0.70),
        ("news-diplomacy.tsv", 0.70),
    ],
)
def test_check_meets_its_targets_on_the_claim_sets(
    name: str, target: float, pack: FactPack, index: Index
) -> None:
    checker = Checker(index)
    results = [(gold, checker.check(claim).label.value) for gold, claim in _labelled(name)]
    correct = sum(gold == got for gold, got in results)
    assert correct / len(results) >= target
    wrongly_supported = [gold for gold, got in results if got == "SUPPORTED" != gold]
    assert wrongly_supported == [], "a false or unsettled claim was SUPPORTED"


def test_search_finds_every_statistic_by_key_and_by_name(pack: FactPack) -> None:
    for stat_key in pack.stat_keys:
        for query in (stat_key.key, stat_key.name, fold(stat_key.name)):
            _, records = run_json("search", query, "--kind", "stat")
            assert records and records[0]["stat"] == stat_key.key, query
