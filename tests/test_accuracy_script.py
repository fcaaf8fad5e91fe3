"""scripts/check_accuracy.py on small claim sets whose verdicts are certain: the pack's
own sentences (SUPPORTED), the same with a wrong figure or year (REFUTED), and a claim
about nothing the pack knows (NOT ENOUGH INFO). Some gold labels are wrong on purpose,
so that every figure the script prints differs from the trivial one; every expected
figure is counted by hand from the labels written here."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType, SimpleNamespace
from typing import Any

import pytest

from tests.conftest import ROOT, run_json

SCRIPT = ROOT / "scripts" / "check_accuracy.py"

RELATIONS = "Vietnam and Japan officially established diplomatic relations on September 21, 1973."
TRADE_2020 = "Total two-way trade turnover in 2020 reached US$40 billion."
TRADE_2020_WRONG = "Total two-way trade turnover in 2020 reached US$45 billion."
TRADE_2021 = "Total two-way trade turnover in 2021 reached US$42.7 billion."
REOPENED = "Japan decided to reopen aid to Vietnam in 1992."
REOPENED_WRONG = "Japan decided to reopen aid to Vietnam in 1995."
SUSPENDED = "In 1979 ongoing aid was suspended."
COFFEE = "Coffee exports to Brazil reached 3 tonnes in 1850."

# What `check` says of each, and the records it cites: the premise of every figure below.
VERDICTS = {
    RELATIONS: ("SUPPORTED", "diplomatic-relations-1973"),
    TRADE_2020: ("SUPPORTED", "trade-2020"),
    TRADE_2020_WRONG: ("REFUTED", "trade-2020"),
    TRADE_2021: ("SUPPORTED", "trade-2021"),
    REOPENED: ("SUPPORTED", "aid-reopened-1992"),
    REOPENED_WRONG: ("REFUTED", "aid-reopened-1992"),
    SUSPENDED: ("SUPPORTED", "aid-suspended-1979"),
    COFFEE: ("NOT ENOUGH INFO", None),
}

# gold label, claim, and what check gives (see VERDICTS).
PLAIN = f"""# label\tclaim
# a comment, then a blank line

SUPPORTED\t{RELATIONS}
SUPPORTED\t{TRADE_2020}
SUPPORTED\t{COFFEE}
REFUTED\t{TRADE_2020_WRONG}
   # an indented comment
REFUTED\t{TRADE_2021}
NOT ENOUGH INFO\t{COFFEE}
NOT ENOUGH INFO\t{REOPENED}
NOT ENOUGH INFO\t{REOPENED_WRONG}
"""
# gold / got:      SUPPORTED  REFUTED  NOT ENOUGH INFO
# SUPPORTED               2        0                1
# REFUTED                 1        1                0
# NOT ENOUGH INFO         1        1                1

# label, claim, URL, why, gold records.
GOLD = f"""# label\tclaim\tsource URL\twhy\tgold records
SUPPORTED\t{RELATIONS}\t\tright, cites its gold record\tdiplomatic-relations-1973
SUPPORTED\t{TRADE_2020}\t\tright, but cites trade-2020, not the gold trade-2021\ttrade-2021
REFUTED\t{REOPENED_WRONG}\t\tright, cites one of two\taid-suspended-1979, aid-reopened-1992
NOT ENOUGH INFO\t{COFFEE}\t\tright, no gold records: counts\t
NOT ENOUGH INFO\t{TRADE_2021}\t\twrong verdict (SUPPORTED)\t
SUPPORTED\t{SUSPENDED}\t\tright, but a SUPPORTED claim with no gold records cannot count
"""


def _script(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *map(str, args)],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )


def _json(*args: str | Path) -> list[dict[str, Any]]:
    done = _script(*args, "--json")
    assert done.returncode == 0, done.stderr
    data: list[dict[str, Any]] = json.loads(done.stdout)
    return data


@pytest.fixture()
def sets(tmp_path: Path) -> Path:
    (tmp_path / "plain.tsv").write_text(PLAIN, encoding="utf-8")
    (tmp_path / "news-gold.tsv").write_text(GOLD, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("claim", list(VERDICTS))
def test_the_premises_hold(claim: str) -> None:
    """The figures below assume these verdicts and evidence of `vnjp check`."""
    label, record = VERDICTS[claim]
    _, document = run_json("check", claim)
    [data] = document  # one claim: an array of one verdict, as a batch's
    assert data["verdict"] == label
    cited = [evidence["id"] for evidence in data["evidence"]]
    assert cited == ([record] if record else [])


def test_accuracy_precision_recall_and_false_supported(sets: Path) -> None:
    [result] = _json(sets / "plain.tsv")
    assert result["set"] == "plain.tsv"
    assert (result["claims"], result["correct"]) == (8, 4)
    assert result["accuracy"] == 0.5
    assert result["confusion"] == {
        "SUPPORTED": {"SUPPORTED": 2, "REFUTED": 0, "NOT ENOUGH INFO": 1},
        "REFUTED": {"SUPPORTED": 1, "REFUTED": 1, "NOT ENOUGH INFO": 0},
        "NOT ENOUGH INFO": {"SUPPORTED": 1, "REFUTED": 1, "NOT ENOUGH INFO": 1},
    }
    labels = result["labels"]
    assert labels["SUPPORTED"] == {
        "gold": 3,
        "predicted": 4,
        "right": 2,
        "precision": 0.5,
        "recall": pytest.approx(2 / 3),
    }
    assert labels["REFUTED"] == {
        "gold": 2,
        "predicted": 2,
        "right": 1,
        "precision": 0.5,
        "recall": 0.5,
    }
    assert labels["NOT ENOUGH INFO"] == {
        "gold": 3,
        "predicted": 2,
        "right": 1,
        "precision": 0.5,
        "recall": pytest.approx(1 / 3),
    }
    assert result["false_supported"] == 2
    assert result["false_supported_by_gold"] == {"REFUTED": 1, "NOT ENOUGH INFO": 1}
    assert result["evidence"] is None


def test_the_text_report_gives_the_same_figures(sets: Path) -> None:
    done = _script(sets / "plain.tsv")
    assert done.returncode == 0, done.stderr
    lines = [line.split() for line in done.stdout.splitlines()]
    assert lines[0] == ["plain.tsv:", "4/8", "(50.0%)", "correct"]
    assert lines[1] == "FALSE SUPPORTED: 2 (gold REFUTED 1, gold NOT ENOUGH INFO 1)".split()
    assert ["SUPPORTED", "2/4", "(50.0%)", "2/3", "(66.7%)"] in lines
    assert ["REFUTED", "1/2", "(50.0%)", "1/2", "(50.0%)"] in lines
    assert ["NOT", "ENOUGH", "INFO", "1/2", "(50.0%)", "1/3", "(33.3%)"] in lines
    assert ["REFUTED", "1", "1", "0"] in lines  # a confusion-matrix row
    assert "evidence: not scored" in done.stdout
    assert COFFEE not in done.stdout  # the errors only with --errors


def test_errors_lists_the_wrong_ones_with_the_reason(sets: Path) -> None:
    done = _script(sets / "plain.tsv", "--errors")
    wrong = [line for line in done.stdout.splitlines() if line.startswith("  line ")]
    assert wrong == [
        f"  line 6: SUPPORTED -> NOT ENOUGH INFO: {COFFEE}",
        f"  line 9: REFUTED -> SUPPORTED: {TRADE_2021}",
        f"  line 11: NOT ENOUGH INFO -> SUPPORTED: {REOPENED}",
        f"  line 12: NOT ENOUGH INFO -> REFUTED: {REOPENED_WRONG}",
    ]
    # Each is followed by the checker's reason, which names the record it used.
    after = done.stdout.split(f"NOT ENOUGH INFO -> REFUTED: {REOPENED_WRONG}\n")[1]
    assert "aid" in after.splitlines()[0] and "1992" in after.splitlines()[0]


def test_evidence_score_needs_a_gold_record_among_the_evidence(sets: Path) -> None:
    [result] = _json(sets / "news-gold.tsv")
    assert (result["claims"], result["correct"]) == (6, 5)
    assert result["evidence"] == {"right": 3, "claims": 6, "score": 0.5}
    assert result["false_supported"] == 1
    errors = {error["line"]: error for error in result["errors"]}
    assert sorted(errors) == [3, 6, 7]
    assert errors[6]["verdict_right"] is False
    assert "trade-2020" in errors[3]["reason"] and "trade-2021" in errors[3]["reason"]
    assert errors[7]["verdict_right"] is True
    text = _script(sets / "news-gold.tsv").stdout
    assert "evidence: 3/6 (50.0%) right and citing a gold record" in text


def test_held_out_sets_only_when_named(sets: Path) -> None:
    (sets / "news-heldout.tsv").write_text(f"SUPPORTED\t{RELATIONS}\n", encoding="utf-8")
    (sets / "notes.txt").write_text("not a set", encoding="utf-8")
    assert [r["set"] for r in _json("--claims-dir", sets)] == ["news-gold.tsv", "plain.tsv"]
    [held_out] = _json(sets / "news-heldout.tsv")
    assert (held_out["set"], held_out["correct"]) == ("news-heldout.tsv", 1)


def test_the_repository_sets_by_default() -> None:
    results = _json()
    names = [result["set"] for result in results]
    expected = sorted(p.name for p in (ROOT / "tests" / "claims").glob("*.tsv"))
    assert names == [name for name in expected if "heldout" not in name]
    assert "claims.tsv" in names
    for result in results:
        assert (
            sum(map(sum, (row.values() for row in result["confusion"].values())))
            == (result["claims"])
        )


@pytest.mark.parametrize(
    ("line", "complaint"),
    [
        (f"SUPPORTED {RELATIONS}", "expected label<TAB>claim, found no tab"),
        (f"TRUE\t{RELATIONS}", "unknown label 'TRUE'"),
        ("REFUTED\t  ", "the claim is empty"),
        (f"SUPPORTED\t{RELATIONS}\t\twhy\tdiplomatic-relations-1937", "unknown gold record id"),
    ],
)
def test_a_malformed_line_names_the_file_and_line(
    tmp_path: Path, line: str, complaint: str
) -> None:
    path = tmp_path / "bad.tsv"
    path.write_text(f"# header\nSUPPORTED\t{RELATIONS}\n\n{line}\n", encoding="utf-8")
    done = _script(path)
    assert done.returncode == 2
    assert done.stdout == ""
    assert f"{path}:4: {complaint}" in done.stderr


def _load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("check_accuracy", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_evidence_is_read_from_the_verdict_and_its_parts() -> None:
    """The engine is being rewritten: ids come from objects or JSON rows, on the verdict
    or only on its parts."""
    read_verdict = _load_script().read_verdict
    part = SimpleNamespace(evidence=[{"id": "trade-2021"}, SimpleNamespace(id="trade-2022")])
    label = SimpleNamespace(value="REFUTED")
    verdict = SimpleNamespace(label=label, reason="why", evidence=(), parts=[part])
    assert read_verdict(verdict) == ("REFUTED", "why", {"trade-2021", "trade-2022"})
    bare = SimpleNamespace(label="SUPPORTED", evidence=[SimpleNamespace(id="trade-2020")])
    assert read_verdict(bare) == ("SUPPORTED", "", {"trade-2020"})
