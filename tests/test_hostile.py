"""Text from a fact file or the command line is shown, never obeyed; big files still work."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.conftest import Outcome, run
from tests.factfiles import write_facts

HOSTILE = (
    "[bold red]loud[/] [link=https://evil.example]click[/link] "
    "\x1b[31mred\x1b[0m \x1b]8;;https://evil.example\x07osc-link\x1b]8;;\x07 "
    "\x9b2J \x07bell \u202egnp.exe \r\x08\x00 end"
)
MARKUP = "[bold red]loud[/] [link=https://evil.example]click[/link]"
# What must never reach a terminal: controls but newline, bidi overrides, C1 controls.
OBEYED = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
SGR = re.compile(r"\x1b\[[0-9;]*m")  # Rich's own colour codes, the only escapes allowed


@pytest.fixture(scope="module")
def hostile_facts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    return write_facts(
        folder,
        "hostile.toml",
        {
            "sources": [
                {"id": "evil", "title": HOSTILE, "publisher": HOSTILE, "published": "2024"}
            ],
            "events": [
                {
                    "id": "evil-event",
                    "date": "2024",
                    "title": HOSTILE,
                    "summary": HOSTILE,
                    "category": "diplomacy",
                    "sources": ["evil"],
                    "places": [HOSTILE],
                    "note": HOSTILE,
                }
            ],
            "visits": [
                {
                    "id": "evil-visit",
                    "date": "2024",
                    "person": "Evil\x1b[2JPerson",
                    "role": HOSTILE,
                    "from": "VN",
                    "to": "JP",
                    "visit_type": HOSTILE,
                    "first": HOSTILE,
                    "outcomes": [HOSTILE],
                    "sources": ["evil"],
                }
            ],
            "stats": [{"key": "evil", "name": HOSTILE, "measures": HOSTILE}],
            "observations": [
                {
                    "id": "evil-figure",
                    "stat": "evil",
                    "metric": HOSTILE,
                    "value": 1,
                    "unit": HOSTILE,
                    "period": "2024",
                    "sources": ["evil"],
                    "note": HOSTILE,
                }
            ],
        },
    )


COMMANDS = [
    ("timeline", "--from", "2024"),
    ("leader-visits", "--from", "2024"),
    ("stat",),
    ("stat", "evil"),
    ("sources",),
]


def _assert_inert(text: str) -> None:
    assert not OBEYED.search(SGR.sub("", text).replace("\t", " ")), repr(text[:2000])


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
@pytest.mark.parametrize("colour", [False, True], ids=["plain", "colour"])
def test_tables_show_hostile_text_literally(
    hostile_facts: Path, args: tuple[str, ...], colour: bool
) -> None:
    env = {"FORCE_COLOR": "1"} if colour else {"NO_COLOR": "1"}
    outcome = run("--facts", str(hostile_facts), *args, env=env)
    assert outcome.exit_code == 0, outcome.stderr
    _assert_inert(outcome.stdout)
    plain = SGR.sub("", outcome.stdout)
    if args != ("stat",):
        assert MARKUP in plain, "markup is shown, not interpreted"
        assert "\\x1b[31mred" in plain and "\\u202egnp.exe" in plain
    if not colour:
        assert "\x1b" not in outcome.stdout


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_json_carries_hostile_text_exactly_and_escaped(
    hostile_facts: Path, args: tuple[str, ...]
) -> None:
    outcome = run("--facts", str(hostile_facts), *args, "--json")
    assert outcome.exit_code == 0
    _assert_inert(outcome.stdout)
    records = json.loads(outcome.stdout)
    texts = {value for record in records for value in record.values() if isinstance(value, str)}
    if args != ("stat",):
        assert HOSTILE in texts


def test_ascii_output_of_hostile_text_is_inert(hostile_facts: Path) -> None:
    outcome = run("--facts", str(hostile_facts), "--ascii", "timeline", "--from", "2024")
    assert outcome.stdout.isascii()
    _assert_inert(outcome.stdout)


def _assert_inert_message(outcome: Outcome) -> None:
    assert outcome.stderr.startswith("vnjp: ")
    _assert_inert(outcome.stderr)
    assert "Traceback" not in outcome.stderr


def test_hostile_arguments_are_inert_in_error_messages() -> None:
    outcome = run("timeline", "--category", "x\x1b]0;owned\x07\u202e")
    assert outcome.exit_code == 2
    _assert_inert_message(outcome)
    assert "\\x1b]0;owned\\x07" in outcome.stderr


def test_did_you_mean_a_hostile_name_is_inert(hostile_facts: Path) -> None:
    outcome = run("--facts", str(hostile_facts), "leader-visits", "--person", "EvilPerson")
    assert outcome.exit_code == 1
    _assert_inert_message(outcome)
    assert "did you mean --person 'Evil\\x1b[2JPerson'?" in outcome.stderr


def test_problems_quoting_hostile_text_are_inert(tmp_path: Path) -> None:
    bad = write_facts(
        tmp_path,
        "bad.toml",
        {"events": [{"id": "x", "date": HOSTILE, "sources": [HOSTILE], HOSTILE: 1}]},
    )
    outcome = run("--facts", str(bad), "timeline")
    assert outcome.exit_code == 4
    _assert_inert_message(outcome)
    outcome = run("validate", str(bad))
    assert outcome.exit_code == 1
    _assert_inert(outcome.stdout)
    assert outcome.stdout.count("\n") == len(outcome.stdout.splitlines()), "one line each"


def test_a_very_long_argument_is_shortened_in_the_message() -> None:
    outcome = run("stat", "x" * 1_000_000)
    assert outcome.exit_code == 2
    assert "(1,000,000 characters)" in outcome.stderr
    assert len(outcome.stderr) < 1_000


def test_a_megabyte_title_is_shown_whole(tmp_path: Path) -> None:
    title = "word " * 200_000
    big = write_facts(
        tmp_path,
        "big.toml",
        {
            "events": [
                {
                    "id": "big",
                    "date": "2024",
                    "title": title,
                    "summary": "s",
                    "category": "diplomacy",
                    "sources": ["trusted-partners"],
                }
            ]
        },
    )
    outcome = run("--facts", str(big), "timeline", "--from", "2024", "--json")
    assert json.loads(outcome.stdout)[0]["title"] == title
    table = run("--facts", str(big), "timeline", "--from", "2024")
    assert table.exit_code == 0
    # Whole, though wrapped: a pipe's "unlimited" width is 100,000 columns.
    assert table.stdout.count("word") == 200_000


def test_a_hundred_thousand_records_load_and_answer(tmp_path: Path) -> None:
    count = 100_000
    record = (
        '[[events]]\nid = "e{0}"\ndate = "2024"\ntitle = "t{0}"\nsummary = "s"\n'
        'category = "diplomacy"\nsources = ["trusted-partners"]\n'
    )
    many = tmp_path / "many.toml"
    many.write_text("".join(record.format(n) for n in range(count)), encoding="utf-8")
    outcome = run("--facts", str(many), "sources", "--json")
    assert outcome.exit_code == 0
    cited = {source["id"]: source["records"] for source in json.loads(outcome.stdout)}
    assert cited["trusted-partners"] > count


@pytest.mark.parametrize("output_format", ["jsonl", "csv", "markdown"])
def test_other_formats_keep_hostile_text_inert(hostile_facts: Path, output_format: str) -> None:
    outcome = run(
        "--facts", str(hostile_facts), "timeline", "--from", "2024", "--format", output_format
    )
    assert outcome.exit_code == 0
    _assert_inert(outcome.stdout.replace("\r\n", "\n"))
    if output_format == "markdown":
        assert "\\[bold red\\]loud\\[/\\]" in outcome.stdout, "markup escaped, not rendered"
        assert "<" not in outcome.stdout.replace("<br>", ""), "no raw HTML"
