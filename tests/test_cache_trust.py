"""A cached index vnjp can always trust or discard (issue 18, item 2): whatever is
planted at an index's path, a call answers (or fails with a clear error naming the
file) and never blocks, spins or calls itself a bug."""

from __future__ import annotations

import json
import os
import shutil
import socket
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import run
from vnjp import compile as compile_module
from vnjp import index as index_module
from vnjp import load
from vnjp.errors import IndexUnreadable
from vnjp.index import Index

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
# A generous guard against a hang, never a measure of speed: the old code blocked on
# a FIFO and spun on a recursive view forever.
HANG = 120


@pytest.fixture
def facts(tmp_path: Path) -> Path:
    """A private copy of the bundled facts: the index's key stays the same throughout."""
    folder = tmp_path / "facts"
    shutil.copytree(load.bundled_facts_dir(), folder)
    return folder


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("VNJP_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Each index compiled from here on."""
    built: list[str] = []
    original = compile_module.compile_pack

    def counting(pack: object, connection: sqlite3.Connection, key: str) -> None:
        built.append(key)
        original(pack, connection, key)  # type: ignore[arg-type]

    monkeypatch.setattr(compile_module, "compile_pack", counting)
    return built


def _index_path(facts: Path, cache: Path) -> Path:
    key = load.pack_key(load.read_facts([facts]))
    return load._index_file(cache, key)


def _answers(facts: Path) -> list[str]:
    """What `stat` says of the pack: every statistic key, in order."""
    return [key.key for key, _ in load.open_index([facts]).stat_keys()]


def _is_whole_index(path: Path) -> bool:
    info = path.lstat()
    if not stat.S_ISREG(info.st_mode) or stat.S_IMODE(info.st_mode) != 0o600:
        return False
    connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        return bool(connection.execute("PRAGMA integrity_check").fetchone() == ("ok",))
    finally:
        connection.close()


def test_a_fresh_index_is_trusted_as_it_is(facts: Path, cache: Path, builds: list[str]) -> None:
    expected = _answers(facts)
    assert _answers(facts) == expected
    assert len(builds) == 1, "the index vnjp wrote passes its own checks"
    connection = sqlite3.connect(_index_path(facts, cache))
    assert index_module.is_vnjps(connection)


# -- what is at the index's path is not a regular file of this user's -----------------


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _folder(path: Path) -> None:
    path.mkdir()
    (path / "inside.sqlite").write_bytes(b"x")


def _socket(path: Path) -> None:
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    server.close()


def _device(path: Path) -> None:
    if not IS_ROOT:
        pytest.skip("creating a device node needs root")
    os.mknod(path, 0o600 | stat.S_IFCHR, os.makedev(1, 5))  # /dev/zero: endless


def _link_to_an_index(path: Path) -> None:
    """A link to a valid index elsewhere: never followed (the target is not touched)."""
    elsewhere = path.parent.parent / "elsewhere.sqlite"
    shutil.copyfile(path.with_suffix(".keep"), elsewhere)
    path.symlink_to(elsewhere)


def _not_mine(path: Path) -> None:
    if not IS_ROOT:
        pytest.skip("giving a file to another user needs root")
    shutil.copyfile(path.with_suffix(".keep"), path)
    os.chown(path, 65534, 65534)


PLANTED: list[tuple[str, Callable[[Path], None]]] = [
    ("fifo", _fifo),
    ("folder", _folder),
    ("socket", _socket),
    ("device", _device),
    ("link", _link_to_an_index),
    ("another-users-file", _not_mine),
]


@pytest.mark.parametrize("plant", [plant for _, plant in PLANTED], ids=[n for n, _ in PLANTED])
def test_anything_but_a_regular_file_of_mine_is_replaced_never_opened(
    tmp_path: Path, facts: Path, cache: Path, plant: Callable[[Path], None]
) -> None:
    expected = _answers(facts)
    path = _index_path(facts, cache)
    shutil.copyfile(path, path.with_suffix(".keep"))
    path.unlink()
    plant(path)
    env = {**os.environ, "VNJP_CACHE_DIR": str(cache)}
    argv = [sys.executable, "-m", "vnjp", "--no-bundled", "--facts", str(facts), "stat", "--json"]
    result = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=HANG)
    assert result.returncode == 0, result.stderr
    assert [row["id"] for row in json.loads(result.stdout)] == expected
    assert _is_whole_index(path) and path.stat().st_uid == os.getuid()
    elsewhere = tmp_path / "elsewhere.sqlite"
    if elsewhere.exists():
        assert elsewhere.read_bytes() == path.with_suffix(".keep").read_bytes(), "followed"


# -- a regular file that is not exactly vnjp's tables ---------------------------------


def _planted_sql(path: Path, *statements: str) -> None:
    """Change a valid index (its key kept) the way a planted or damaged file might."""
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA writable_schema = OFF")
    for statement in statements:
        connection.execute(statement)
    connection.commit()
    connection.close()


RECURSIVE = "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) "
SCHEMAS = {
    # meta as a view that never ends: trusted_schema=OFF does not stop it.
    "recursive-view": (
        "ALTER TABLE meta RENAME TO meta_rows",
        f"CREATE VIEW meta(key, value) AS {RECURSIVE}"
        "SELECT key, value FROM meta_rows UNION ALL SELECT 'x', n FROM r",
    ),
    "records-as-a-view": (
        "ALTER TABLE records RENAME TO records_rows",
        "CREATE VIEW records AS SELECT * FROM records_rows",
    ),
    "trigger": ("CREATE TRIGGER t AFTER INSERT ON cites BEGIN DELETE FROM records; END",),
    "extra-table": ("CREATE TABLE extra (x)",),
    "extra-column": ("ALTER TABLE names ADD COLUMN extra TEXT",),
    "missing-index": ("DROP INDEX postings_by_term",),
    "future-format": ("UPDATE meta SET value = '999' WHERE key = 'format'",),
}


@pytest.mark.parametrize("change", list(SCHEMAS.values()), ids=list(SCHEMAS))
def test_a_file_that_is_not_exactly_vnjps_tables_is_rebuilt(
    facts: Path, cache: Path, change: tuple[str, ...]
) -> None:
    expected = _answers(facts)
    path = _index_path(facts, cache)
    _planted_sql(path, *change)
    env = {**os.environ, "VNJP_CACHE_DIR": str(cache)}
    argv = [sys.executable, "-m", "vnjp", "--no-bundled", "--facts", str(facts), "stat", "--json"]
    result = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=HANG)
    assert result.returncode == 0, result.stderr
    assert [row["id"] for row in json.loads(result.stdout)] == expected
    assert index_module.is_vnjps(sqlite3.connect(path)), "rebuilt"


def test_a_sparse_file_is_rebuilt(facts: Path, cache: Path) -> None:
    expected = _answers(facts)
    path = _index_path(facts, cache)
    path.unlink()
    with path.open("wb") as stream:
        stream.truncate(1 << 40)  # a terabyte of nothing, on no disk space
    path.chmod(0o600)
    assert _answers(facts) == expected
    assert path.stat().st_size < 1 << 30


# -- damage found while answering ------------------------------------------------------


def _damage_records(path: Path) -> None:
    """Overwrite the records table's root page: the key in `meta` stays readable, so
    the file passes every check made on opening it."""
    connection = sqlite3.connect(path)
    (root,) = connection.execute(
        "SELECT rootpage FROM sqlite_master WHERE name = 'records'"
    ).fetchone()
    (size,) = connection.execute("PRAGMA page_size").fetchone()
    connection.close()
    with path.open("r+b") as stream:
        stream.seek((root - 1) * size)
        stream.write(b"\xa5" * size)


def test_a_damaged_page_is_found_while_answering_and_the_index_rebuilt(
    facts: Path, cache: Path, builds: list[str]
) -> None:
    args = ["--no-bundled", "--facts", str(facts), "timeline", "--json"]
    expected = run(*args).stdout
    path = _index_path(facts, cache)
    _damage_records(path)
    assert load.open_index([facts]).count("source") > 0, "the damage is not seen on opening"
    outcome = run(*args)
    assert outcome.exit_code == 0, outcome.stderr
    assert outcome.stdout == expected
    assert len(builds) == 2
    assert _is_whole_index(path)


@pytest.mark.parametrize(
    "args",
    [
        ["search", "kishida"],
        ["check", "Koizumi Junichiro visited Vietnam in April 2002."],
    ],
    ids=["search", "check"],
)
def test_a_question_asked_again_after_a_rebuild_gets_the_same_answer(
    facts: Path, cache: Path, args: list[str]
) -> None:
    # These questions hand the index generators of record numbers: asked a second
    # time, after the rebuild, each must still hold them.
    argv = ["--no-bundled", "--facts", str(facts), *args, "--format", "csv"]
    expected = run(*argv).stdout
    _damage_records(_index_path(facts, cache))
    outcome = run(*argv)
    assert outcome.exit_code == 0, outcome.stderr
    assert outcome.stdout == expected


def test_a_damaged_index_is_rebuilt_before_it_is_exported(
    tmp_path: Path, facts: Path, cache: Path, builds: list[str]
) -> None:
    """SQLite copies pages as they are: a damaged one would be exported unseen."""
    _answers(facts)
    _damage_records(_index_path(facts, cache))
    target = tmp_path / "export.sqlite"
    outcome = run("--no-bundled", "--facts", str(facts), "export", "--sqlite", str(target))
    assert outcome.exit_code == 0, outcome.stderr
    connection = sqlite3.connect(target)
    assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert len(builds) == 2


def _questions_bounded_at_nothing(monkeypatch: pytest.MonkeyPatch, times: int) -> None:
    """The first `times` questions asked of a cached file stop at once, as a question
    of a planted file that made SQLite run on and on would be stopped."""
    original = Index.restart_budget
    asked: list[int] = []
    monkeypatch.setattr(index_module, "_PROGRESS_STEP", 1)  # even a tiny query is seen

    def tiny(self: Index) -> None:
        original(self)
        asked.append(1)
        if len(asked) <= times and self._budget is not None:
            self._budget.limit = 0

    monkeypatch.setattr(Index, "restart_budget", tiny)


def test_a_bound_exceeded_once_rebuilds_and_answers(
    facts: Path, cache: Path, builds: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = _answers(facts)
    _questions_bounded_at_nothing(monkeypatch, times=1)
    assert _answers(facts) == expected
    assert len(builds) == 2, "discarded and built again, once"
    assert _is_whole_index(_index_path(facts, cache))


def test_a_second_failure_is_a_clear_error_naming_the_file(
    facts: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _answers(facts)
    path = _index_path(facts, cache)
    _questions_bounded_at_nothing(monkeypatch, times=2)
    with pytest.raises(IndexUnreadable) as caught:
        _answers(facts)
    assert caught.value.path == str(path)
    _questions_bounded_at_nothing(monkeypatch, times=4)
    outcome = run("--no-bundled", "--facts", str(facts), "stat")
    assert outcome.exit_code == 6
    assert outcome.stderr.startswith(f"vnjp: error: cannot read the index {path}: interrupted")
    assert "bug" not in outcome.stderr and "Traceback" not in outcome.stderr


def test_damage_that_comes_back_is_a_clear_error_naming_the_file(
    facts: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A disk that damages every file written: rebuilt once, then an error."""
    _answers(facts)
    path = _index_path(facts, cache)
    _damage_records(path)
    write = load._write

    def damaged_write(*args: object) -> None:
        write(*args)  # type: ignore[arg-type]
        _damage_records(path)

    monkeypatch.setattr(load, "_write", damaged_write)
    outcome = run("--no-bundled", "--facts", str(facts), "timeline", "--json")
    assert outcome.exit_code == 6
    assert outcome.stderr.startswith(f"vnjp: error: cannot read the index {path}: ")
    assert "malformed" in outcome.stderr
    assert "hint: vnjp discarded it and built it again" in outcome.stderr


def test_an_index_built_in_memory_is_not_guarded(
    facts: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An error in an index built for this call is vnjp's own: it is not hidden."""
    monkeypatch.setenv("VNJP_CACHE_DIR", "")
    index = load.open_index([facts])
    assert isinstance(index, Index) and index.path is None
    index.connection.execute("DROP TABLE stat_keys")
    with pytest.raises(sqlite3.OperationalError):
        index.stat_keys()
