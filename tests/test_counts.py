"""validate, export and sources count the pack's records the same way and say what
they count: events, visits and observations, from so many sources."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import run, run_json
from vnjp.model import Event, FactPack, Observation, RecordCount, Visit

# "71 records: 22 events, 12 visits, 37 observations, from 2 sources"
COUNT = re.compile(r"[\d,]+ records?: [^():;]*?from (?:no|[\d,]+) sources?")


def _expected(pack: FactPack) -> str:
    records = len(pack.events) + len(pack.visits) + len(pack.observations)
    return (
        f"{records} records: {len(pack.events)} events, {len(pack.visits)} visits, "
        f"{len(pack.observations)} observations, from {len(pack.sources)} sources"
    )


def test_validate_export_and_sources_say_the_same_count(pack: FactPack, tmp_path: Path) -> None:
    validated = run("validate")
    exported = run("export", "--sqlite", str(tmp_path / "pack.sqlite"))
    listed = run("sources", "--format", "table", env={"COLUMNS": "200"})
    assert validated.exit_code == exported.exit_code == listed.exit_code == 0
    said = [COUNT.findall(text) for text in (validated.stderr, exported.stderr, listed.stdout)]
    assert said == [[_expected(pack)]] * 3


def test_a_sources_records_are_the_records_citing_it(pack: FactPack) -> None:
    _, rows = run_json("sources")
    records: list[Event | Visit | Observation] = [*pack.events, *pack.visits, *pack.observations]
    for row in rows:
        citing = [r for r in records if any(s.id == row["id"] for s in r.sources)]
        assert row["records"] == len(citing), row["id"]
    # Which is why the column's sum is more than the pack's records, and the table says so.
    assert sum(row["records"] for row in rows) > len(records)


def test_a_count_names_only_the_kinds_there_are() -> None:
    assert str(RecordCount({})) == "no records: from no sources"
    one = RecordCount.of_tables({"visits": 1, "sources": 1})
    assert str(one) == "1 record: 1 visit, from 1 source"
    many = RecordCount({"event": 1200, "stat": 3, "source": 4})
    assert str(many) == "1,203 records: 1,200 events, 3 observations, from 4 sources"
