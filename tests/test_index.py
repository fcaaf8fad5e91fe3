"""The compiled index as a cache: reused, keyed by content, safe, and rebuilt when
stale or damaged."""

from __future__ import annotations

import os
import pickle
import shutil
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from vnjp import compile as compile_module
from vnjp import load
from vnjp.load import bundled_facts_dir, open_index


@pytest.fixture
def facts(tmp_path: Path) -> Path:
    folder = tmp_path / "facts"
    shutil.copytree(bundled_facts_dir(), folder)
    return folder


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Each index compiled from here on, by its key."""
    built: list[str] = []
    original = compile_module.compile_pack

    def counting(pack: object, connection: sqlite3.Connection, key: str) -> None:
        built.append(key)
        original(pack, connection, key)  # type: ignore[arg-type]

    monkeypatch.setattr(compile_module, "compile_pack", counting)
    return built


def _cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("VNJP_CACHE_DIR", str(folder))
    return folder


def test_an_index_is_built_once_and_reused(
    tmp_path: Path, facts: Path, builds: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = _cache(tmp_path, monkeypatch)
    first = open_index([facts]).count()
    assert open_index([facts]).count() == first
    assert len(builds) == 1
    (index_file,) = cache.glob("pack-*.sqlite")
    assert stat.S_IMODE(index_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700


def test_an_edit_that_keeps_size_and_time_is_seen(
    tmp_path: Path, facts: Path, builds: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _cache(tmp_path, monkeypatch)
    open_index([facts])
    sources = facts / "sources.toml"
    before = sources.stat()
    text = sources.read_text(encoding="utf-8").replace("Việt Nam News", "Viet Nam Newz")
    sources.write_text(text, encoding="utf-8")
    os.utime(sources, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert sources.stat().st_size == before.st_size - 2  # "ệ" is three bytes, "e" one
    publishers = [source.publisher for _, source, _ in open_index([facts]).sources()]
    assert "Viet Nam Newz (VNS)" in publishers
    assert len(builds) == 2


def test_two_packs_keep_an_index_each(
    tmp_path: Path, facts: Path, builds: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = _cache(tmp_path, monkeypatch)
    mine = tmp_path / "mine.toml"
    mine.write_text('[[stats]]\nkey = "fish"\nname = "Fish"\nmeasures = "fish"\n')
    for _ in range(2):
        open_index([facts])
        open_index([facts, mine])
    assert len(builds) == 2
    assert len(list(cache.glob("pack-*.sqlite"))) == 2


def test_a_file_named_twice_is_read_once(tmp_path: Path, facts: Path) -> None:
    events = facts / "events.toml"
    assert load.fact_files([facts, events, tmp_path / "facts" / "." / "events.toml"]) == sorted(
        facts.glob("*.toml")
    )


@pytest.mark.parametrize(
    "content",
    [b"", b"not a database at all", b"SQLite format 3\x00" + b"\xff" * 2000],
)
def test_a_damaged_index_is_rebuilt(
    tmp_path: Path, facts: Path, content: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = _cache(tmp_path, monkeypatch)
    expected = open_index([facts]).count()
    (index_file,) = cache.glob("pack-*.sqlite")
    index_file.write_bytes(content)
    assert open_index([facts]).count() == expected
    assert sqlite3.connect(index_file).execute("SELECT COUNT(*) FROM records").fetchone() == (
        expected,
    )


def test_an_index_of_another_pack_under_the_right_name_is_not_used(
    tmp_path: Path, facts: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = _cache(tmp_path, monkeypatch)
    mine = tmp_path / "mine.toml"
    mine.write_text('[[stats]]\nkey = "fish"\nname = "Fish"\nmeasures = "fish"\n')
    open_index([facts, mine])
    (other,) = cache.glob("pack-*.sqlite")
    expected = [k.key for k, _ in open_index([facts]).stat_keys()]  # builds the right one
    right = next(p for p in cache.glob("pack-*.sqlite") if p != other)
    shutil.copyfile(other, right)  # the wrong pack's index under this pack's name
    assert [k.key for k, _ in open_index([facts]).stat_keys()] == expected
    assert "fish" not in expected


class _Payload:
    """Unpickling this runs code: it would create the marker file."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, (f"touch {self.marker}",))


def test_a_file_planted_in_the_cache_cannot_run_code(tmp_path: Path, facts: Path) -> None:
    cache = tmp_path / "cache"
    env = {**os.environ, "VNJP_CACHE_DIR": str(cache)}
    marker = tmp_path / "ran"
    argv = [sys.executable, "-m", "vnjp", "--no-bundled", "--facts", str(facts), "stat", "--json"]
    expected = subprocess.run(argv, capture_output=True, text=True, env=env, check=True).stdout
    planted = pickle.dumps(_Payload(marker))
    for index_file in cache.glob("pack-*.sqlite"):
        index_file.write_bytes(planted)
    # Old vnjp's pickle caches, and any other name, too.
    (cache / "pack-0000.cache").write_bytes(planted)
    again = subprocess.run(argv, capture_output=True, text=True, env=env, check=False)
    assert (again.returncode, again.stdout) == (0, expected)
    assert not marker.exists(), "nothing read from the cache ran"


def test_a_cache_folder_others_can_write_to_is_not_used(
    tmp_path: Path, facts: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = _cache(tmp_path, monkeypatch)
    cache.mkdir()
    cache.chmod(0o777)
    assert open_index([facts]).count() > 0
    assert list(cache.iterdir()) == []


def test_no_home_means_no_cache_and_nothing_written_here(tmp_path: Path, facts: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("HOME", "VNJP_CACHE_DIR")}
    env["XDG_CACHE_HOME"] = "relative/cache"  # not absolute: ignored
    work = tmp_path / "work"
    work.mkdir()
    # Without HOME, Python asks the password database; an unknown user has no home.
    script = (
        "import os, pwd, runpy, sys\n"
        "pwd.getpwuid = lambda uid: (_ for _ in ()).throw(KeyError(uid))\n"
        "sys.argv = ['vnjp', '--no-bundled', '--facts', sys.argv[1], 'sources', '--json']\n"
        "runpy.run_module('vnjp', run_name='__main__')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(facts)],
        capture_output=True,
        text=True,
        env=env,
        cwd=work,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert '"kind": "source"' in result.stdout
    assert list(work.iterdir()) == []


def test_a_failed_write_leaves_nothing_behind(
    tmp_path: Path, facts: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = _cache(tmp_path, monkeypatch)
    calls: list[int] = []
    original = compile_module.compile_pack

    def failing_once(pack: object, connection: sqlite3.Connection, key: str) -> None:
        calls.append(1)
        if len(calls) == 1:
            raise sqlite3.OperationalError("database or disk is full")
        original(pack, connection, key)  # type: ignore[arg-type]

    monkeypatch.setattr(compile_module, "compile_pack", failing_once)
    assert open_index([facts]).count() > 0, "answered from an index in memory"
    assert list(cache.iterdir()) == []


def test_unused_indexes_are_evicted(
    tmp_path: Path, facts: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = _cache(tmp_path, monkeypatch)
    cache.mkdir(mode=0o700)
    old = cache / "pack-00000000deadbeef.sqlite"
    leftover = cache / ".pack-abc.tmp"
    recent = cache / "pack-00000000feedbeef.sqlite"
    for path in (old, leftover, recent):
        path.write_bytes(b"")
    long_ago = 1_000_000_000
    os.utime(old, (long_ago, long_ago))
    os.utime(leftover, (long_ago, long_ago))
    open_index([facts])
    assert not old.exists() and not leftover.exists()
    assert recent.exists()


def test_export_writes_a_table_a_kind_of_record_not_the_index(tmp_path: Path) -> None:
    """The internal index stays internal: what is exported is the pack's own tables."""
    target = tmp_path / "pack.sqlite"
    result = subprocess.run(
        [sys.executable, "-m", "vnjp", "export", "--sqlite", str(target)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    connection = sqlite3.connect(target)
    counted = {
        table: connection.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
        for table in ("sources", "statistics", "events", "visits", "observations")
    }
    pack = load.load_pack()
    assert counted == {
        "sources": len(pack.sources),
        "statistics": len(pack.stat_keys),
        "events": len(pack.events),
        "visits": len(pack.visits),
        "observations": len(pack.observations),
    }
    tables = {name for (name,) in connection.execute("SELECT name FROM sqlite_master")}
    assert not tables & {"postings", "names", "cites", "meta"}
    records = len(pack.events) + len(pack.visits) + len(pack.observations)
    assert f" ({records} records: " in result.stderr
    assert f"from {len(pack.sources)} sources; {len(pack.stat_keys)} statistics)" in result.stderr
