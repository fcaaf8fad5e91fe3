"""Every command and filter, through the CLI, in both tables and JSON."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import run, run_json
from vnjp import __version__
from vnjp.cli import app
from vnjp.model import FactPack

ANSI = re.compile(r"\x1b\[")


def test_version_and_help() -> None:
    assert run("--version").stdout == f"vnjp {__version__}\n"
    for flag in ("-h", "--help"):
        outcome = run(flag)
        assert outcome.exit_code == 0
        assert "timeline" in outcome.stdout and "leader-visits" in outcome.stdout


def test_no_arguments_shows_help() -> None:
    outcome = run()
    assert "Usage: vnjp" in outcome.stdout + outcome.stderr
    assert "stat" in outcome.stdout + outcome.stderr


def test_timeline_is_in_date_order_with_undated_events_last(pack: FactPack) -> None:
    outcome, records = run_json("timeline")
    assert outcome.exit_code == 0
    assert len(records) == len(pack.events) + len(pack.visits)
    dates = [r["date"] for r in records]
    dated = [d for d in dates if d is not None]
    assert dates[: len(dated)] == dated, "undated events come last"
    assert dated == sorted(dated, key=lambda d: d.split("/")[0])
    assert records[0]["id"] == "diplomatic-relations-1973"


def test_timeline_year_filters_include_spans_that_overlap() -> None:
    _, records = run_json("timeline", "--from", "1994", "--to", "1994")
    ids = {r["id"] for r in records}
    assert ids == {"first-leader-visits-1993-1995", "murayama-tomiichi-1994"}


@pytest.mark.parametrize("category", ["aid", "labour", "visit", "TRADE"])
def test_timeline_category_filter(category: str) -> None:
    _, records = run_json("timeline", "--category", category)
    assert records
    for record in records:
        assert record.get("category", "visit") == category.lower()


def test_timeline_source_filter() -> None:
    _, records = run_json("timeline", "--source", "trusted-partners")
    assert records
    assert all("trusted-partners" in {s["id"] for s in r["sources"]} for r in records)


@pytest.mark.parametrize(
    ("args", "suggestion"),
    [
        (("timeline", "--category", "dipomacy"), "did you mean 'diplomacy'?"),
        (("timeline", "--source", "vns-50-year"), "did you mean 'vns-50-years'?"),
        (("stat", "fdj"), "did you mean 'fdi'?"),
        (("leader-visits", "--by", "JPN"), "known: JP, VN"),
    ],
)
def test_an_unknown_name_exits_2_with_a_suggestion(args: tuple[str, ...], suggestion: str) -> None:
    outcome = run(*args)
    assert outcome.exit_code == 2
    assert suggestion in outcome.stderr
    assert outcome.stdout == ""


def test_a_filter_matching_nothing_exits_1() -> None:
    outcome = run("timeline", "--from", "2030")
    assert (outcome.exit_code, outcome.stdout) == (1, "")
    assert "no event matches" in outcome.stderr
    outcome, records = run_json("timeline", "--from", "2030")
    assert (outcome.exit_code, records) == (1, [])


def test_from_after_to_is_a_usage_error() -> None:
    outcome = run("leader-visits", "--from", "2020", "--to", "2000")
    assert outcome.exit_code == 2
    assert "--from 2020 is after --to 2000" in outcome.stderr


def test_leader_visits_by_country() -> None:
    _, by_japan = run_json("leader-visits", "--by", "jp")
    _, by_vietnam = run_json("leader-visits", "--by", "Việt Nam")
    assert {r["from"] for r in by_japan} == {"JP"}
    assert {r["from"] for r in by_vietnam} == {"VN"}
    assert len(by_japan) + len(by_vietnam) == 12


def test_leader_visits_years_and_firsts() -> None:
    _, records = run_json("leader-visits", "--from", "1993", "--to", "1995")
    assert [(r["person"], r["date"]) for r in records] == [
        ("Võ Văn Kiệt", "1993-04"),
        ("Murayama Tomiichi", "1994"),
        ("Đỗ Mười", "1995"),
    ]
    assert all(r["first"].startswith("first ") for r in records)


@pytest.mark.parametrize("name", ["do muoi", "Đỗ Mười", "Tomiichi Murayama", "murayama", "ABE"])
def test_leader_visits_by_person_in_any_spelling(name: str) -> None:
    outcome = run("leader-visits", "--person", name, "--json")
    if name == "ABE":
        assert outcome.exit_code == 1
        return
    _, records = run_json("leader-visits", "--person", name)
    assert len(records) == 1


def test_person_matches_counterparts_and_suggests_names() -> None:
    _, records = run_json("leader-visits", "--person", "Aso Taro")
    assert [r["id"] for r in records] == ["nong-duc-manh-2009"]
    outcome = run("leader-visits", "--person", "Kishda")
    assert outcome.exit_code == 1
    assert "did you mean --person 'Kishida Fumio'?" in outcome.stderr


def test_stat_lists_keys_with_counts(pack: FactPack) -> None:
    _, records = run_json("stat")
    counts = {r["id"]: r["observations"] for r in records}
    assert sum(counts.values()) == len(pack.observations)
    assert {"fdi", "oda", "trade", "labour", "community"} <= set(counts)
    table = run("stat").stdout
    for key in counts:
        assert key in table


def test_stat_fdi_shows_both_sources_figures() -> None:
    _, records = run_json("stat", "fdi")
    capital = {
        (r["as_of"], r["value"], r["qualifier"], r["sources"][0]["id"])
        for r in records
        if r["unit"] == "USD" and r["from"] == "JP" and r["as_of"]
    }
    assert capital == {
        ("2023-09-20", 71_300_000_000, "", "trusted-partners"),
        ("2023-07", 71_200_000_000, "over", "vns-50-years"),
    }
    table = run("stat", "fdi").stdout
    assert "US$71.3 billion" in table and "over US$71.2 billion" in table
    assert "3rd of 143" in table


def test_stat_trade_draws_a_yearly_bar_chart() -> None:
    table = run("stat", "trade", "--format", "table").stdout
    chart = table[table.index("by year") :]
    bars = {year: len(re.findall("█", line)) for year, line in re.findall(r"(20\d\d)  (.*)", chart)}
    assert bars["2020"] < bars["2021"] < bars["2022"]
    assert "US$47.6 billion" in chart


def test_stat_key_is_case_insensitive() -> None:
    assert run_json("stat", "ODA")[0].exit_code == 0


def test_sources_show_the_date_the_pack_is_current_to() -> None:
    _, records = run_json("sources")
    assert {r["id"] for r in records} == {"trusted-partners", "vns-50-years"}
    assert all(r["records"] > 0 for r in records)
    assert "current to 2023-11-28" in run("sources", "--format", "table").stdout


@pytest.mark.parametrize(
    "args", [("timeline",), ("leader-visits",), ("stat",), ("stat", "trade"), ("sources",)]
)
def test_tables_show_sources_and_no_colour_when_piped(args: tuple[str, ...]) -> None:
    outcome = run(*args)
    assert outcome.exit_code == 0
    assert not ANSI.search(outcome.stdout)
    if args != ("stat",):
        assert "vns-50-years" in outcome.stdout


def test_force_color_colours_the_table() -> None:
    assert ANSI.search(run("sources", "--format", "table", env={"FORCE_COLOR": "1"}).stdout)


def test_json_has_numbers_as_numbers_and_no_colour() -> None:
    outcome, records = run_json("stat", "oda")
    assert not ANSI.search(outcome.stdout)
    total = next(r for r in records if r["id"] == "oda-total")
    assert total["value"] == 29_300_000_000
    assert isinstance(total["value"], int)
    assert "Việt Nam News (VNS)" in outcome.stdout, "UTF-8, not \\u escapes"


def test_the_json_path_never_imports_rich(tmp_path: Path) -> None:
    probe = (
        "import sys\n"
        "from vnjp.cli import main\n"
        "sys.argv = ['vnjp', 'stat', 'fdi', '--json']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "sys.stderr.write(repr(sorted(m for m in sys.modules if m.split('.')[0] == 'rich')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=tmp_path, check=True
    )
    assert json.loads(result.stdout)
    assert result.stderr == "[]"


def test_a_broken_fact_file_exits_4_naming_file_and_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "events.toml"
    broken.write_text('[[events]]\nid = "x"\ndate = "1994-13"\n', encoding="utf-8")
    monkeypatch.setattr("vnjp.load.bundled_facts_dir", lambda: tmp_path)
    outcome = run("timeline")
    assert outcome.exit_code == 4
    assert f"{broken}:3: record x: field 'date'" in outcome.stderr
    assert "Traceback" not in outcome.stderr
    assert outcome.stdout == ""


def test_an_internal_error_is_a_message_not_a_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("vnjp.query.sources", broken)
    outcome = run("sources")
    assert outcome.exit_code == 5
    assert "internal error: RuntimeError: boom" in outcome.stderr
    assert "--debug" in outcome.stderr
    assert "Traceback" not in outcome.stderr
    assert "Traceback" in run("--debug", "sources").stderr


def test_the_programs_options_work_after_the_command_too(tmp_path: Path) -> None:
    mine = tmp_path / "mine.toml"
    mine.write_text('[[stats]]\nkey = "fish"\nname = "Fish"\nmeasures = "fish"\n', encoding="utf-8")
    before = run("--facts", str(mine), "--no-bundled", "stat", "--json")
    for args in (
        ("stat", "--facts", str(mine), "--no-bundled", "--json"),
        ("stat", f"--facts={mine}", "--json", "--no-bundled"),
    ):
        after = run(*args)
        assert (after.exit_code, after.stdout) == (before.exit_code, before.stdout)
    assert '"id": "fish"' in before.stdout
    ascii_table = run("leader-visits", "--by", "VN", "--ascii")
    assert ascii_table.exit_code == 0 and "Vo Van Kiet" in ascii_table.stdout


def test_short_version_option() -> None:
    assert run("-V").stdout == run("--version").stdout != ""


def test_help_shows_whole_summaries_and_every_command_has_examples() -> None:
    top = run("-h").stdout
    commands = top.split("Commands:", 1)[1].split("Environment:", 1)[0]
    assert commands.strip() and "..." not in commands
    assert "VNJP_FACTS" in top and "Examples:" in top
    for info in app.registered_commands:
        name = info.name or (info.callback.__name__ if info.callback else "")
        text = run(name, "-h").stdout
        examples = text.split("Examples:", 1)[1].split("\n")
        lines = [line.strip() for line in examples if line.strip().startswith("vnjp ")]
        assert len(lines) >= 1, name
        assert any(f" {name}" in line for line in lines), name
