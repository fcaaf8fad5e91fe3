"""User fact packs (--facts, VNJP_FACTS, --no-bundled) and `vnjp validate`."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.conftest import run, run_json
from tests.factfiles import TomlValue, event, write_facts
from vnjp.load import bundled_facts_dir, read_facts
from vnjp.model import Event, Observation, Visit
from vnjp.parse import find_problems, parse_pack

OWN_SOURCE = {"id": "my-notes", "title": "My notes", "publisher": "Me", "published": "2024-06-01"}


def _ids(*args: str, env: dict[str, str] | None = None) -> set[str]:
    outcome = run(*args, "timeline", "--json", env=env)
    assert outcome.exit_code == 0, outcome.stderr
    return {record["id"] for record in json.loads(outcome.stdout)}


def test_facts_adds_a_file_to_the_bundled_pack(tmp_path: Path) -> None:
    mine = write_facts(tmp_path, "mine.toml", {"events": [event("my-event")]})
    ids = _ids("--facts", str(mine))
    assert "my-event" in ids
    assert "diplomatic-relations-1973" in ids


def test_facts_takes_folders_and_repeats(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    write_facts(tmp_path / "a", "one.toml", {"events": [event("event-one")]})
    write_facts(tmp_path / "a", "two.toml", {"events": [event("event-two")]})
    three = write_facts(tmp_path, "three.toml", {"events": [event("event-three")]})
    ids = _ids("--facts", str(tmp_path / "a"), "--facts", str(three))
    assert {"event-one", "event-two", "event-three"} <= ids


def test_vnjp_facts_lists_paths_with_the_os_separator(tmp_path: Path) -> None:
    one = write_facts(tmp_path, "one.toml", {"events": [event("event-one")]})
    two = write_facts(tmp_path, "two.toml", {"events": [event("event-two")]})
    ids = _ids(env={"VNJP_FACTS": f"{one}{os.pathsep}{os.pathsep}{two}"})
    assert {"event-one", "event-two", "diplomatic-relations-1973"} <= ids


def test_no_bundled_uses_only_the_users_files(tmp_path: Path) -> None:
    mine = write_facts(
        tmp_path,
        "mine.toml",
        {"sources": [OWN_SOURCE], "events": [event("my-event", sources=["my-notes"])]},
    )
    assert _ids("--no-bundled", "--facts", str(mine)) == {"my-event"}
    _, sources = run_json("--no-bundled", "--facts", str(mine), "sources")
    assert [s["id"] for s in sources] == ["my-notes"]


def test_no_bundled_without_facts_is_a_usage_error() -> None:
    outcome = run("--no-bundled", "timeline")
    assert outcome.exit_code == 2
    assert "--no-bundled needs fact files" in outcome.stderr


def test_a_missing_fact_path_is_a_usage_error(tmp_path: Path) -> None:
    outcome = run("--facts", str(tmp_path / "nowhere.toml"), "timeline")
    assert outcome.exit_code == 2
    assert f"{tmp_path / 'nowhere.toml'}: no such fact file or folder" in outcome.stderr
    outcome = run("--facts", str(tmp_path), "timeline")
    assert outcome.exit_code == 2
    assert "has no .toml fact files" in outcome.stderr


def test_a_user_file_with_a_problem_exits_4_naming_it(tmp_path: Path) -> None:
    mine = write_facts(tmp_path, "mine.toml", {"events": [event("bad", date="2024-13")]})
    outcome = run("--facts", str(mine), "timeline")
    assert outcome.exit_code == 4
    assert f"{mine}:3: record bad: field 'date'" in outcome.stderr


def test_validate_a_clean_file_exits_0(tmp_path: Path) -> None:
    mine = write_facts(tmp_path, "mine.toml", {"events": [event("fine")]})
    outcome = run("validate", str(mine))
    assert outcome.exit_code == 0
    assert outcome.stdout == ""
    assert "5 files (" in outcome.stderr and "no problems" in outcome.stderr


def test_validate_with_no_paths_checks_the_pack_as_it_is() -> None:
    outcome = run("validate")
    assert outcome.exit_code == 0
    assert "4 files" in outcome.stderr


def test_validate_lists_every_problem_with_file_line_and_record(tmp_path: Path) -> None:
    mine = write_facts(
        tmp_path,
        "mine.toml",
        {
            "events": [
                event("first-bad", date="2024-02-30"),
                event("second-bad", sources=["trusted-partner"]),
            ]
        },
    )
    outcome = run("validate", str(mine))
    assert outcome.exit_code == 1
    assert outcome.stdout.splitlines() == [
        f"{mine}:3: record first-bad: field 'date': '2024-02-30' has no day 30",
        f"{mine}:15: record second-bad: unknown source 'trusted-partner'; "
        "did you mean 'trusted-partners'?",
    ]
    assert "2 problems" in outcome.stderr


def test_validate_gives_the_line_and_column_of_a_toml_syntax_error(tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text('[[events]]\nid = "x"\ntitle = "no end\n', encoding="utf-8")
    outcome = run("validate", str(broken))
    assert outcome.exit_code == 1
    assert outcome.stdout.startswith(f"{broken}:3: not valid TOML: ")
    assert "line 3, column" in outcome.stdout


def test_a_duplicate_id_names_both_files(tmp_path: Path) -> None:
    mine = write_facts(tmp_path, "mine.toml", {"events": [event("diplomatic-relations-1973")]})
    outcome = run("validate", str(mine))
    assert outcome.exit_code == 1
    (line,) = outcome.stdout.splitlines()
    assert line.startswith(f"{mine}:2: record diplomatic-relations-1973: duplicate id")
    assert "events.toml" in line


def test_validate_no_bundled_checks_only_the_given_files(tmp_path: Path) -> None:
    # Without the bundled sources, a citation of them is a problem.
    mine = write_facts(tmp_path, "mine.toml", {"events": [event("alone")]})
    outcome = run("--no-bundled", "validate", str(mine))
    assert outcome.exit_code == 1
    assert "unknown source 'trusted-partners'" in outcome.stdout
    assert "1 file (1 record: 1 event, from no sources): 1 problem" in outcome.stderr


def test_an_unusable_path_is_a_usage_error() -> None:
    outcome = run("validate", "bad\x00name.toml")
    assert outcome.exit_code == 2
    assert outcome.stderr.startswith("vnjp: error: bad\\x00name.toml: ")


# -- aliases -------------------------------------------------------------------


def _problems_of(path: Path) -> list[str]:
    _, problems = find_problems(read_facts([bundled_facts_dir(), path]))
    return [str(problem) for problem in problems]


def test_aliases_are_read_for_events_visits_and_observations(tmp_path: Path) -> None:
    mine = write_facts(
        tmp_path,
        "mine.toml",
        {
            "events": [event("my-accord", aliases=["Zorblat Accord", "ZA"])],
            "visits": [
                {
                    "id": "my-visit",
                    "date": "2024-05",
                    "person": "Someone",
                    "role": "Prime Minister",
                    "from": "JP",
                    "to": "VN",
                    "visit_type": "visit",
                    "sources": ["trusted-partners"],
                    "aliases": ["Quillon Declaration"],
                }
            ],
            "observations": [
                {
                    "id": "my-grants",
                    "stat": "oda",
                    "metric": "Non-refundable aid",
                    "value": 1,
                    "unit": "USD",
                    "as_of": "2024",
                    "sources": ["trusted-partners"],
                    "aliases": ["grant aid"],
                }
            ],
        },
    )
    assert _problems_of(mine) == []
    pack = parse_pack(read_facts([bundled_facts_dir(), mine]))
    records: list[Event | Visit | Observation] = [*pack.events, *pack.visits, *pack.observations]
    aliases = {record.id: record.aliases for record in records}
    assert aliases["my-accord"] == ("Zorblat Accord", "ZA")
    assert aliases["my-visit"] == ("Quillon Declaration",)
    assert aliases["my-grants"] == ("grant aid",)
    assert aliases["diplomatic-relations-1973"] == ()


@pytest.mark.parametrize(
    ("aliases", "problem"),
    [
        ("VJEPA", "field 'aliases' must be a list, not a string"),
        (["VJEPA", ""], "field 'aliases' must be a list of non-empty strings"),
        (["VJEPA", "  "], "field 'aliases' must be a list of non-empty strings"),
        (["VJEPA", 7], "field 'aliases' must be a list of non-empty strings"),
        (["VJ\x1bEPA"], "alias 'VJ\\x1bEPA' in field 'aliases' holds a control character (U+001B)"),
        (
            ["two\nlines"],
            "alias 'two\\nlines' in field 'aliases' holds a control character (U+000A)",
        ),
        (
            ["\u202eAPEJV"],
            "alias '\\u202eAPEJV' in field 'aliases' holds a control character (U+202E)",
        ),
        (["VJEPA", "vjepa "], "field 'aliases' lists the alias 'vjepa ' twice"),
        (
            ["EPA", "Japan  Vietnam EPA", "japan vietnam epa"],
            "lists the alias 'japan vietnam epa' twice",
        ),
    ],
    ids=["string", "empty", "blank", "number", "escape", "newline", "bidi", "case", "spacing"],
)
def test_a_bad_alias_is_named_with_its_file_and_line(
    tmp_path: Path, aliases: TomlValue, problem: str
) -> None:
    mine = write_facts(tmp_path, "mine.toml", {"events": [event("bad", aliases=aliases)]})
    # The aliases key is line 8: after [[events]], id, date, title, summary, category, sources.
    (found,) = _problems_of(mine)
    assert found.startswith(f"{mine}:8: record bad: "), found
    assert problem in found, found


def test_validate_catches_a_bad_alias(tmp_path: Path) -> None:
    mine = write_facts(
        tmp_path,
        "mine.toml",
        {"events": [event("fine"), event("bad", aliases=["EPA", "Epa"])]},
    )
    outcome = run("validate", str(mine))
    assert outcome.exit_code == 1
    assert outcome.stdout.splitlines() == [
        f"{mine}:16: record bad: field 'aliases' lists the alias 'Epa' twice"
    ]
    assert "1 problem" in outcome.stderr
    outcome = run("--facts", str(mine), "timeline")
    assert outcome.exit_code == 4
    assert f"{mine}:16: record bad: field 'aliases'" in outcome.stderr


def test_search_finds_a_user_record_by_its_alias(tmp_path: Path) -> None:
    mine = write_facts(
        tmp_path, "mine.toml", {"events": [event("my-accord", aliases=["Zorblat Accord"])]}
    )
    outcome = run("--facts", str(mine), "search", "zorblat", "--json")
    assert outcome.exit_code == 0, outcome.stderr
    records = json.loads(outcome.stdout)
    assert records[0]["id"] == "my-accord"
    assert records[0]["aliases"] == ["Zorblat Accord"]
