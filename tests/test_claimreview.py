"""`check --format claimreview` and `review --format claimreview`: schema.org ClaimReview
JSON-LD, checked term by term against schema.org's definitions (tests/schema_org_terms.json)
and against what `check --json` and `review --json` say of the same claims."""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from typer.testing import CliRunner

from tests.conftest import ROOT, SCHEMA, run
from tests.factfiles import write_facts
from vnjp import __version__
from vnjp.cli import app

TERMS = json.loads((ROOT / "tests" / "schema_org_terms.json").read_text(encoding="utf-8"))
# 28 November 2023, 00:00 UTC.
EPOCH = {"SOURCE_DATE_EPOCH": "1701129600"}
DAY = "2023-11-28"
DRAFT = ROOT / "docs" / "examples" / "draft.md"
RATINGS = {"REFUTED": 1, "NOT ENOUGH INFO": 2, "SUPPORTED": 3}
JSON_LD_KEYWORDS = {"@context", "@type", "@id"}
ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def _is_a(type_name: str, expected: str) -> bool:
    known = TERMS["types"].get(type_name)
    return known is not None and (expected == type_name or expected in known["supertypes"])


def _value_fits(value: Any, expected: list[str]) -> bool:
    """Whether `value` is of one of the types schema.org expects of the property."""
    if isinstance(value, dict):
        return any(_is_a(value["@type"], wanted) for wanted in expected)
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, float)):
        return "Number" in expected
    if isinstance(value, str):
        if {"Date", "DateTime"} & set(expected):
            return ISO_DATE.match(value) is not None
        return bool({"Text", "URL"} & set(expected))
    return False


def schema_org_problems(node: dict[str, Any], path: str = "$") -> list[str]:
    """Every key of `node` (and of the nodes in it) that is no property of its type in
    schema.org, holds a value of a type the property does not expect, or is missing
    though required."""
    type_name = node.get("@type")
    if type_name not in TERMS["types"]:
        return [f"{path}: unknown @type {type_name!r}"]
    kinds = {type_name, *TERMS["types"][type_name]["supertypes"]}
    problems = [
        f"{path}: {type_name} lacks {name}"
        for name in TERMS["types"][type_name].get("required", [])
        if name not in node
    ]
    for key, value in node.items():
        if key in JSON_LD_KEYWORDS:
            continue
        term = TERMS["properties"].get(key)
        if term is None or not kinds & set(term["domains"]):
            problems.append(f"{path}.{key}: not a property of {type_name}")
            continue
        for item in value if isinstance(value, list) else [value]:
            if not _value_fits(item, term["range"]):
                problems.append(f"{path}.{key}: {item!r} is not one of {term['range']}")
            elif isinstance(item, dict):
                problems += schema_org_problems(item, f"{path}.{key}")
    return problems


def claim_reviews(*args: str, env: dict[str, str] | None = None) -> tuple[int, list[Any]]:
    outcome = run(*args, "--format", "claimreview", env={**EPOCH, **(env or {})})
    reviews = json.loads(outcome.stdout)
    assert isinstance(reviews, list), outcome.stdout
    if reviews:
        jsonschema.validate(reviews, SCHEMA)
    for review in reviews:
        assert review["@context"] == "https://schema.org"
        assert schema_org_problems(review) == []
    return outcome.exit_code, reviews


def test_the_terms_checker_finds_what_schema_org_does_not_define() -> None:
    review = {
        "@type": "ClaimReview",
        "claimReviewed": "x",
        "itemReviewed": {"@type": "Claim", "text": "x", "ratingValue": 3},
        "reviewRating": {"@type": "Rating", "alternateName": "SUPPORTED", "ratingValue": "3"},
        "author": {"@type": "SoftwareApplication", "name": "vnjp"},
        "datePublished": "28 November 2023",
        "verdict": "SUPPORTED",
    }
    problems = "\n".join(schema_org_problems(review))
    assert "$.verdict: not a property of ClaimReview" in problems
    assert "$.itemReviewed.ratingValue: not a property of Claim" in problems
    assert "$.reviewRating: Rating lacks bestRating" in problems
    assert "$.author: {'@type': 'SoftwareApplication'" in problems  # no Organization
    assert "$.datePublished: '28 November 2023'" in problems


@pytest.mark.parametrize(
    ("claim", "label", "status"),
    [
        ("Japan is the largest ODA provider to Vietnam.", "SUPPORTED", 0),
        ("Japan reopened aid to Vietnam in 1995.", "REFUTED", 1),
        ("Shinzo Abe visited Vietnam in 2013.", "NOT ENOUGH INFO", 3),
    ],
)
def test_one_claim_is_an_array_of_one_claim_review(claim: str, label: str, status: int) -> None:
    exit_code, reviews = claim_reviews("check", claim)
    [verdict] = json.loads(run("check", claim, "--json", env=EPOCH).stdout)
    assert exit_code == status
    [review] = reviews
    assert review["claimReviewed"] == review["itemReviewed"]["text"] == claim
    assert review["datePublished"] == DAY
    rating = review["reviewRating"]
    assert rating["alternateName"] == verdict["verdict"] == label
    assert (rating["worstRating"], rating["ratingValue"], rating["bestRating"]) == (
        1,
        RATINGS[label],
        3,
    )
    assert rating["ratingExplanation"] == verdict["reason"]
    assert review["author"]["name"] == "vnjp"
    assert f"vnjp {__version__}" in review["author"]["description"]
    assert "automated" in review["author"]["description"]
    cited = [source["id"] for record in verdict["evidence"] for source in record["sources"]]
    assert [work["identifier"] for work in review["citation"]] == list(dict.fromkeys(cited))
    assert review == verdict["claim_review"]


def test_the_sources_are_cited_with_their_title_publisher_and_date() -> None:
    _, [review] = claim_reviews("check", "Japan is the largest ODA provider to Vietnam.")
    works = {work["identifier"]: work for work in review["citation"]}
    sources = {source["id"]: source for source in json.loads(run("sources", "--json").stdout)}
    assert works
    for identifier, work in works.items():
        source = sources[identifier]
        assert work["name"] == source["title"]
        assert work.get("publisher", {}).get("name", "") == source["publisher"]
        assert work.get("datePublished") == source["published"]


def test_a_batch_is_an_array_in_the_order_of_the_claims() -> None:
    claims = ["Japan reopened aid to Vietnam in 1992.", "Japan reopened aid in 1995."]
    result = CliRunner().invoke(
        app, ["check", "-", "--format", "claimreview"], input="\n".join(claims), env=EPOCH
    )
    assert result.exit_code == 0
    reviews = json.loads(result.stdout)
    jsonschema.validate(reviews, SCHEMA)
    assert [r["claimReviewed"] for r in reviews] == claims
    assert [r["reviewRating"]["alternateName"] for r in reviews] == ["SUPPORTED", "REFUTED"]


def test_a_user_pack_is_cited_by_its_own_source(tmp_path: Path) -> None:
    mine = write_facts(
        tmp_path,
        "mine.toml",
        {
            "sources": [
                {
                    "id": "my-notes",
                    "title": "Notes on students",
                    "publisher": "My newsroom",
                    "published": "2024-06-01",
                }
            ],
            "observations": [
                {
                    "id": "students-2024",
                    "stat": "labour",
                    "metric": "Vietnamese students in Japan",
                    "value": 12000,
                    "unit": "people",
                    "as_of": "2024",
                    "sources": ["my-notes"],
                }
            ],
        },
    )
    supported = "There were 12,000 Vietnamese students in Japan in 2024."
    refuted = "There were 15,000 Vietnamese students in Japan in 2024."
    batch = CliRunner().invoke(
        app,
        ["--facts", str(mine), "check", "-", "--format", "claimreview"],
        input=f"{supported}\n{refuted}\n",
        env=EPOCH,
    )
    reviews = json.loads(batch.stdout)
    jsonschema.validate(reviews, SCHEMA)
    assert [schema_org_problems(review) for review in reviews] == [[], []]
    ratings = [review["reviewRating"]["alternateName"] for review in reviews]
    assert ratings == ["SUPPORTED", "REFUTED"]
    for review in reviews:
        assert review["citation"] == [
            {
                "@type": "CreativeWork",
                "identifier": "my-notes",
                "name": "Notes on students",
                "publisher": {"@type": "Organization", "name": "My newsroom"},
                "datePublished": "2024-06-01",
            }
        ]


def test_review_gives_a_claim_review_for_each_checked_sentence() -> None:
    exit_code, reviews = claim_reviews("review", str(DRAFT))
    listed = json.loads(run("review", str(DRAFT), "--json").stdout)["sentences"]
    checked = [sentence for sentence in listed if sentence["verdict"] is not None]
    assert exit_code == 1  # as review: a sentence is refuted
    assert len(checked) < len(listed)  # sentences with nothing to check have none
    assert [r["claimReviewed"] for r in reviews] == [s["sentence"] for s in checked]
    assert [r["reviewRating"]["alternateName"] for r in reviews] == [s["verdict"] for s in checked]
    assert [r["reviewRating"]["ratingExplanation"] for r in reviews] == [
        s["reason"] for s in checked
    ]
    assert {r["datePublished"] for r in reviews} == {DAY}


def test_review_only_lists_what_only_asks_for(tmp_path: Path) -> None:
    draft = tmp_path / "draft.md"
    draft.write_text(
        "Japan reopened aid to Vietnam in 1995. Japan reopened aid to Vietnam in 1992.\n"
        "The weather was fine.\n",
        encoding="utf-8",
    )
    _, every = claim_reviews("review", str(draft))
    exit_code, refuted = claim_reviews("review", str(draft), "--only", "refuted")
    assert [r["reviewRating"]["alternateName"] for r in every] == ["REFUTED", "SUPPORTED"]
    assert [r["claimReviewed"] for r in refuted] == ["Japan reopened aid to Vietnam in 1995."]
    assert exit_code == 1


def test_a_draft_with_nothing_to_check_is_an_empty_array(tmp_path: Path) -> None:
    draft = tmp_path / "draft.md"
    draft.write_text("The weather was fine.\n", encoding="utf-8")
    exit_code, reviews = claim_reviews("review", str(draft))
    assert (exit_code, reviews) == (0, [])


def test_the_date_is_today_unless_source_date_epoch_says() -> None:
    claim = "Japan reopened aid to Vietnam in 1992."
    env = {"SOURCE_DATE_EPOCH": str(24 * 3600 * 365)}
    _, [review] = claim_reviews("check", claim, env=env)
    assert review["datePublished"] == "1971-01-01"
    before = datetime.date.today()
    outcome = run("check", claim, "--format", "claimreview", env={"SOURCE_DATE_EPOCH": ""})
    after = datetime.date.today()
    assert json.loads(outcome.stdout)[0]["datePublished"] in {str(before), str(after)}


def test_ascii_escapes_the_json() -> None:
    claim = "Đỗ Mười visited Japan in 1995."
    outcome = run("--ascii", "check", claim, "--format", "claimreview", env=EPOCH)
    assert outcome.stdout.isascii()
    assert json.loads(outcome.stdout)[0]["claimReviewed"] == claim


@pytest.mark.parametrize(
    "args",
    [
        ["timeline", "--format", "claimreview"],
        ["leader-visits", "--person", "nobody at all", "--format", "claimreview"],
        ["check", "Japan reopened aid in 1992.", "--format", "claimreview", "--fields", "claim"],
        ["check", "Japan reopened aid in 1992.", "--format", "claimreview", "--json"],
    ],
)
def test_claimreview_elsewhere_is_a_usage_error(args: list[str]) -> None:
    outcome = run(*args)
    assert outcome.exit_code == 2, outcome.stdout
    assert outcome.stdout == ""
    assert "claimreview" in outcome.stderr or "--fields" in outcome.stderr
