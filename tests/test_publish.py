"""`vnjp export --sqlite FILE [--metadata FILE]` and `vnjp export --format jsonl`: the
pack published for people and tools, on the bundled pack and on a user's own (issue 20,
items 5 and 7). The writing itself (atomic, signals, full disks) is tested in
tests/test_export.py."""

from __future__ import annotations

import asyncio
import json
import re
import sqlite3
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

import jsonschema
import pytest

from tests.conftest import SCHEMA, run, run_json
from tests.factfiles import event, write_facts
from tests.test_imports import CHECK, RICH, SEARCH, imported
from vnjp.load import load_pack, pack_paths
from vnjp.model import Fact, FactPack

TABLES = ("sources", "statistics", "events", "visits", "observations")
VIEWS = ("timeline", "latest_figures", "figures", "visits_by_leader", "record_citations")
ISO = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?(/\d{4}(-\d{2}(-\d{2})?)?)?$")


class Export(NamedTuple):
    """A database and its metadata, written by `vnjp export` from a pack."""

    database: Path
    metadata: dict[str, Any]
    pack: FactPack
    options: tuple[str, ...]  # the options that name the pack
    note: str  # what export said on stderr


def _export(folder: Path, *options: str) -> Export:
    database, described = folder / "pack.db", folder / "meta.json"
    outcome = run(*options, "export", "--sqlite", str(database), "--metadata", str(described))
    assert outcome.exit_code == 0, outcome.stderr
    paths = [options[i + 1] for i, option in enumerate(options) if option == "--facts"]
    pack = load_pack(pack_paths(paths, bundled="--no-bundled" not in options))
    metadata = json.loads(described.read_text(encoding="utf-8"))
    return Export(database, metadata, pack, options, outcome.stderr)


def _connect(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    connection.row_factory = sqlite3.Row
    return connection


def _user_facts(folder: Path) -> Path:
    """A user's own source, statistic, event, visit and two figures that differ."""
    figure = {"stat": "rice", "metric": "Rice exported to Japan", "unit": "tonnes"}
    return write_facts(
        folder,
        "mine.toml",
        {
            "sources": [
                {
                    "id": "my-paper",
                    "title": "Rice & Ties",
                    "publisher": "The Daily",
                    "published": "2024-03-05",
                },
                {
                    "id": "my-notes",
                    "title": "Notes (untitled copy)",
                    "publisher": "",
                    "published": "",
                    "note": "The copy states no date.",
                },
            ],
            "stats": [{"key": "rice", "name": "Rice", "measures": "Rice shipped to Japan"}],
            "events": [
                event(
                    "my-rice-fair",
                    title="Rice fair in Ōsaka",
                    places=["Ōsaka"],
                    sources=["my-paper", "trusted-partners"],
                ),
            ],
            "visits": [
                {
                    "id": "my-visit",
                    "date": "2024-02/2024-03",
                    "person": "Trần Thị Mai",
                    "role": "Minister",
                    "from": "VN",
                    "to": "JP",
                    "visit_type": "working visit",
                    "sources": ["my-paper"],
                },
            ],
            "observations": [
                {
                    "id": "my-rice-a",
                    **figure,
                    "value": 1200.5,
                    "qualifier": "about",
                    "as_of": "2024",
                    "sources": ["my-paper"],
                },
                {
                    "id": "my-rice-b",
                    **figure,
                    "value": 1500,
                    "as_of": "2024-01",
                    "sources": ["my-notes"],
                },
            ],
        },
    )


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> Export:
    return _export(tmp_path_factory.mktemp("bundled"))


@pytest.fixture(scope="module")
def users(tmp_path_factory: pytest.TempPathFactory) -> Export:
    folder = tmp_path_factory.mktemp("users")
    return _export(folder, "--facts", str(_user_facts(folder)))


@pytest.fixture(params=["bundled", "users"])
def exported(request: pytest.FixtureRequest) -> Export:
    chosen: Export = request.getfixturevalue(str(request.param))
    return chosen


def _count(connection: sqlite3.Connection, table: str) -> int:
    return int(connection.execute(f"SELECT COUNT(*) FROM [{table}]").fetchone()[0])


# -- what the tables hold -------------------------------------------------------------


def test_each_kind_of_record_has_its_table_and_every_record_its_row(exported: Export) -> None:
    pack, connection = exported.pack, _connect(exported.database)
    assert {table: _count(connection, table) for table in TABLES} == {
        "sources": len(pack.sources),
        "statistics": len(pack.stat_keys),
        "events": len(pack.events),
        "visits": len(pack.visits),
        "observations": len(pack.observations),
    }
    facts: list[Fact] = [*pack.events, *pack.visits, *pack.observations]
    assert _count(connection, "records") == len(facts)
    assert _count(connection, "record_sources") == sum(len(fact.sources) for fact in facts)
    # The internal index (JSON in records.data, postings, names) stays internal.
    tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    assert not tables & {"postings", "names", "cites", "meta", "stat_keys"}


def test_the_counts_agree_with_validate_sources_and_stat(exported: Export) -> None:
    connection = _connect(exported.database)
    validated = run(*exported.options, "validate")
    # The database's records (events, visits, observations) are the ones validate counts.
    records, sources_read = _count(connection, "records"), _count(connection, "sources")
    assert f" ({records} records: " in validated.stderr
    assert f"from {sources_read} sources): no problems" in validated.stderr
    assert f"({records} records: " in exported.note
    _, sources = run_json(*exported.options, "sources")
    cited = Counter(row[0] for row in connection.execute("SELECT source_id FROM record_sources"))
    assert {row["id"]: row["records"] for row in sources} == {
        row["id"]: cited[row["id"]] for row in sources
    }
    stored = dict(connection.execute("SELECT id, records FROM sources").fetchall())
    assert stored == {row["id"]: row["records"] for row in sources}
    _, keys = run_json(*exported.options, "stat")
    figures = dict(connection.execute("SELECT stat, COUNT(*) FROM observations GROUP BY stat"))
    assert {row["id"]: row["observations"] for row in keys} == {
        row["id"]: figures.get(row["id"], 0) for row in keys
    }
    assert f"sources; {len(exported.pack.stat_keys)} statistics)\n" in exported.note


def _declared(connection: sqlite3.Connection, table: str) -> dict[str, str]:
    return {row["name"]: row["type"] for row in connection.execute(f"PRAGMA table_info({table})")}


def test_each_field_has_a_typed_column(exported: Export) -> None:
    connection = _connect(exported.database)
    observations = _declared(connection, "observations")
    assert observations["value"] == "NUMERIC" and observations["out_of"] == "NUMERIC"
    assert observations["rank"] == "INTEGER" and observations["rank_of"] == "INTEGER"
    assert {observations[name] for name in ("unit", "qualifier", "period", "as_of")} == {"TEXT"}
    assert _declared(connection, "events")["inferred"] == "INTEGER"
    stored = {
        row["id"]: row for row in connection.execute("SELECT * FROM observations")
    }  # fmt: skip
    for o in exported.pack.observations:
        row = stored[o.id]
        # Figures are numbers (never text), equal to the pack's, and ints stay ints.
        assert row["value"] == o.value and type(row["value"]) is type(o.value)
        assert row["rank"] == o.rank and row["qualifier"] == (o.qualifier or None)
        assert row["unit"] == (o.unit or None)
        assert json.loads(row["ranked_after"]) == list(o.ranked_after)
        for when in (row["period"], row["as_of"]):
            assert when is None or ISO.match(when)
    for table in ("events", "visits", "records"):
        dates = [row[0] for row in connection.execute(f"SELECT date FROM {table}")]
        assert all(date is None or ISO.match(date) for date in dates), table
    typed = connection.execute(
        "SELECT DISTINCT typeof(value) FROM observations UNION SELECT DISTINCT typeof(inferred) "
        "FROM events UNION SELECT DISTINCT typeof(published) FROM sources"
    )
    assert {row[0] for row in typed} <= {"integer", "real", "null", "text"}
    assert "text" not in {
        row[0] for row in connection.execute("SELECT DISTINCT typeof(value) FROM observations")
    }


def test_a_users_own_figures_people_and_sources_are_in_their_tables(users: Export) -> None:
    connection = _connect(users.database)
    rice = dict(connection.execute("SELECT id, value FROM observations WHERE stat = 'rice'"))
    assert rice == {"my-rice-a": 1200.5, "my-rice-b": 1500}
    (notes,) = connection.execute("SELECT * FROM sources WHERE id = 'my-notes'").fetchall()
    assert notes["published"] is None and notes["publisher"] is None and notes["records"] == 1
    cited = connection.execute(
        "SELECT source_id, position FROM record_sources WHERE record_id = 'my-rice-fair' "
        "ORDER BY position"
    ).fetchall()
    assert [tuple(row) for row in cited] == [("my-paper", 1), ("trusted-partners", 2)]
    (visitor,) = connection.execute("SELECT * FROM people WHERE record_id = 'my-visit'")
    assert (visitor["name"], visitor["part"], visitor["country"]) == (
        "Trần Thị Mai",
        "visitor",
        "VN",
    )
    (visit,) = connection.execute("SELECT * FROM records WHERE id = 'my-visit'")
    assert (visit["date_start"], visit["date_end"]) == ("2024-02", "2024-03")


# -- keys, search and views ----------------------------------------------------------


def test_every_reference_is_a_foreign_key_and_holds(exported: Export) -> None:
    connection = _connect(exported.database)
    assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    references = {
        (table, row["from"], row["table"], row["to"])
        for (table,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        for row in connection.execute(f"PRAGMA foreign_key_list([{table}])")
    }
    assert references >= {
        ("record_sources", "record_id", "records", "id"),
        ("record_sources", "source_id", "sources", "id"),
        ("observations", "stat", "statistics", "key"),
        ("events", "id", "records", "id"),
        ("visits", "id", "records", "id"),
        ("observations", "id", "records", "id"),
        ("people", "record_id", "records", "id"),
        ("conflicts", "first_id", "observations", "id"),
        ("conflicts", "second_id", "observations", "id"),
    }


def _search(connection: sqlite3.Connection, table: str, words: str) -> list[str]:
    sql = f"SELECT id FROM [{table}] WHERE rowid IN (SELECT rowid FROM [{table}_fts] WHERE [{table}_fts] MATCH ?) ORDER BY id"  # noqa: E501
    return [row[0] for row in connection.execute(sql, (words,))]


def test_full_text_search_finds_titles_and_notes_whatever_the_accents(bundled: Export) -> None:
    connection = _connect(bundled.database)
    assert _search(connection, "events", "paris") == ["diplomatic-relations-1973"]
    # Võ Văn Kiệt without the accents; and a word that only a note holds.
    assert _search(connection, "visits", "vo van kiet") == ["vo-van-kiet-1993"]
    assert _search(connection, "visits", "western order") == ["murayama-tomiichi-1994"]
    assert "fdi-capital-2023-09" in _search(connection, "observations", "accumulated")
    assert _search(connection, "sources", "vns") == ["vns-50-years"]
    assert "kishida-fumio-2022" in _search(connection, "records", "kishida")


def test_full_text_search_follows_changes_to_the_rows(tmp_path: Path, bundled: Export) -> None:
    """Triggers keep each `_fts` table in step, as sqlite-utils' enable_fts makes them."""
    copy = tmp_path / "copy.db"
    copy.write_bytes(bundled.database.read_bytes())
    connection = sqlite3.connect(copy)
    connection.execute(
        "UPDATE events SET title = 'Renamed zanzibar' WHERE id = 'embassies-opened-1975'"
    )
    assert _search(connection, "events", "zanzibar") == ["embassies-opened-1975"]
    connection.execute("DELETE FROM events WHERE id = 'embassies-opened-1975'")
    assert _search(connection, "events", "zanzibar") == []
    assert connection.execute("INSERT INTO events_fts(events_fts) VALUES ('integrity-check')")


def test_a_users_words_are_searched_too(users: Export) -> None:
    connection = _connect(users.database)
    assert _search(connection, "events", "osaka") == ["my-rice-fair"]
    assert _search(connection, "visits", "tran thi mai") == ["my-visit"]


def test_the_views_answer_as_the_commands_do(exported: Export) -> None:
    connection, options = _connect(exported.database), exported.options
    for view in VIEWS:
        assert _count(connection, view) > 0, view
    _, timeline = run_json(*options, "timeline")
    assert [row[0] for row in connection.execute("SELECT id FROM timeline")] == [
        row["id"] for row in timeline
    ]
    assert _count(connection, "figures") == len(exported.pack.observations)
    visits = sum(row[0] for row in connection.execute("SELECT visits FROM visits_by_leader"))
    assert visits == len(exported.pack.visits)
    _, conflicts = run_json(*options, "conflicts")
    stored = connection.execute("SELECT id, difference, hedges_overlap FROM conflicts")
    assert [tuple(row) for row in stored] == [
        (row["id"], row["difference"], int(row["hedges_overlap"])) for row in conflicts
    ]


def _newest(pack: FactPack) -> set[str]:
    """The ids of the newest figures of each statistic and metric, worked out here."""
    groups: dict[tuple[str, str], list[Any]] = {}
    for o in pack.observations:
        groups.setdefault((o.stat, o.metric), []).append(o)
    newest = set()
    for group in groups.values():
        last = max(str(o.when.end) for o in group)
        newest |= {o.id for o in group if str(o.when.end) == last}
    return newest


def test_latest_figures_keeps_the_newest_of_each_metric(exported: Export) -> None:
    connection = _connect(exported.database)
    latest = {row[0] for row in connection.execute("SELECT id FROM latest_figures")}
    assert latest == _newest(exported.pack)


def test_latest_figures_of_trade_is_the_newest_turnover(bundled: Export) -> None:
    connection = _connect(bundled.database)
    rows = connection.execute(
        "SELECT id, date, sources FROM latest_figures WHERE metric = 'Two-way trade turnover'"
    ).fetchall()
    assert [tuple(row) for row in rows] == [
        ("trade-2023-jan-sep", "2023-01/2023-09", "trusted-partners")
    ]


# -- Datasette's metadata -------------------------------------------------------------


def test_the_metadata_describes_every_table_column_and_view(exported: Export) -> None:
    metadata, connection = exported.metadata, _connect(exported.database)
    assert {"title", "description", "source", "databases"} <= set(metadata)
    # The pack names no licence and no web address: none is made up.
    assert not {"license", "license_url", "source_url"} & set(metadata)
    for source in exported.pack.sources:
        assert source.title in metadata["source"]
    (name,) = metadata["databases"]
    assert name == "pack"  # Datasette names a database after its file
    described = metadata["databases"][name]["tables"]
    shown = connection.execute(
        "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE '%fts%'"
    )
    assert set(described) == {row[0] for row in shown}
    for table in described:
        assert described[table]["description"]
        # Every column of every table and view, in the order it has them, described.
        assert list(described[table]["columns"]) == list(_declared(connection, table)), table
        assert all(described[table]["columns"].values())


def test_the_metadata_is_valid_json_for_datasette(bundled: Export) -> None:
    from datasette.app import Datasette

    instance = Datasette([str(bundled.database)], metadata=bundled.metadata)
    assert instance.metadata("title") == bundled.metadata["title"]
    assert instance.metadata("description", database="pack", table="events")


# -- Datasette reads it ---------------------------------------------------------------


async def _datasette_answers(database: Path, metadata: dict[str, Any]) -> dict[str, Any]:
    from datasette.app import Datasette

    instance = Datasette([str(database)], metadata=metadata)
    answers = {}
    for name, path in {
        "page": "/pack/events.json?_shape=array&_size=5",
        "search": "/pack/visits.json?_shape=array&_search=Vo+Van+Kiet",
        "view": "/pack/timeline.json?_shape=array&_size=3",
        "table": "/pack/observations.json",
    }.items():
        response = await instance.client.get(path)
        assert response.status_code == 200, (path, response.text[:300])
        answers[name] = response.json()
    return answers


def test_datasette_reads_a_table_page_and_a_full_text_search(bundled: Export) -> None:
    """Datasette's own Python API, as `datasette pack.db --metadata meta.json` serves it."""
    answers = asyncio.run(_datasette_answers(bundled.database, bundled.metadata))
    events = answers["page"]
    assert len(events) == 5
    # Sorted by date, as the metadata asks (SQLite puts the undated first), then in the
    # order of the fact files (a stable sort keeps it).
    dated = sorted(bundled.pack.events, key=lambda e: (e.date is not None, str(e.date)))
    assert [row["id"] for row in events] == [e.id for e in dated[:5]]
    assert isinstance(events[0]["inferred"], int)
    assert [row["id"] for row in answers["search"]] == ["vo-van-kiet-1993"]
    assert answers["view"][0]["id"] == "diplomatic-relations-1973"
    table = answers["table"]
    assert table["filtered_table_rows_count"] == len(bundled.pack.observations)
    assert set(table["facet_results"]) == {"stat", "unit"}


# -- JSON lines -----------------------------------------------------------------------


def _lines(*args: str) -> Iterator[dict[str, Any]]:
    outcome = run(*args, "export", "--format", "jsonl")
    assert outcome.exit_code == 0, outcome.stderr
    for line in outcome.stdout.splitlines():
        yield json.loads(line)


def test_jsonl_is_the_whole_pack_a_record_a_line(exported: Export) -> None:
    rows = list(_lines(*exported.options))
    pack = exported.pack
    kinds = Counter(row["kind"] for row in rows)
    assert kinds == {
        "source": len(pack.sources),
        "stat_key": len(pack.stat_keys),
        "event": len(pack.events),
        "visit": len(pack.visits),
        "stat": len(pack.observations),
    }
    jsonschema.validate(rows, SCHEMA)
    sources = {source.id: source for source in pack.sources}
    for row in rows:
        for cited in row.get("sources", []):
            # Each record's sources written out, not only named.
            assert cited["title"] == sources[cited["id"]].title
    # The same records as the database, by id.
    connection = _connect(exported.database)
    stored = {row[0] for row in connection.execute("SELECT id FROM records")}
    assert stored == {row["id"] for row in rows if row["kind"] in ("event", "visit", "stat")}


def test_export_takes_json_fields_and_jq_like_any_command() -> None:
    outcome, rows = run_json("export")
    assert outcome.exit_code == 0 and len(rows) == len(list(_lines()))
    fields = run("export", "--format", "jsonl", "--fields", "id,kind").stdout.splitlines()
    assert json.loads(fields[0]) == {"id": "trusted-partners", "kind": "source"}
    jq = run("export", "--jq", '.[] | select(.kind == "visit") | .id')
    assert jq.exit_code == 0 and "vo-van-kiet-1993" in jq.stdout.splitlines()


@pytest.mark.parametrize(
    ("args", "said"),
    [
        ([], "give --sqlite FILE for a database, or --format jsonl"),
        (["--format", "csv"], "export prints --format json or jsonl"),
        (["--metadata", "m.json"], "--metadata describes the database"),
        (["--sqlite", "x.db", "--format", "jsonl"], "--sqlite writes a file and --format"),
        (["--sqlite", "x.db", "--metadata", "x.db"], "name the same file"),
        (["--sqlite", "x.db", "--metadata", "-"], "--metadata -: Datasette reads a file"),
        (["--sqlite", "x.db", "--metadata", ""], "--metadata needs a file name"),
    ],
)
def test_options_that_do_not_go_together_are_usage_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], said: str
) -> None:
    monkeypatch.chdir(tmp_path)
    outcome = run("export", *args)
    assert outcome.exit_code == 2 and said in outcome.stderr
    assert list(tmp_path.iterdir()) == []  # nothing written


def test_a_metadata_path_vnjp_will_not_replace_stops_before_the_database(tmp_path: Path) -> None:
    (tmp_path / "meta").mkdir()
    database = tmp_path / "pack.db"
    database.write_bytes(b"old")
    outcome = run("export", "--sqlite", str(database), "--metadata", str(tmp_path / "meta"))
    assert outcome.exit_code == 2 and "a folder, not a regular file" in outcome.stderr
    assert database.read_bytes() == b"old"


def test_a_metadata_file_is_replaced_whole_with_its_mode(tmp_path: Path) -> None:
    described = tmp_path / "meta.json"
    described.write_text("old")
    described.chmod(0o640)
    outcome = run("export", "--sqlite", str(tmp_path / "x.db"), "--metadata", str(described))
    assert outcome.exit_code == 0
    assert json.loads(described.read_text(encoding="utf-8"))["databases"].keys() == {"x"}
    assert described.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["meta.json", "x.db"]


# -- start-up -------------------------------------------------------------------------


def test_only_export_imports_the_publishing_code() -> None:
    assert "vnjp.publish" not in imported(["timeline", "--json"])
    exported = imported(["export", "--format", "jsonl"])
    assert "vnjp.publish" in exported
    assert not exported & (RICH | SEARCH | CHECK)
