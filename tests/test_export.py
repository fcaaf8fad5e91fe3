"""`vnjp export --sqlite FILE` never destroys a file: the new index is written beside
the destination and renamed over it only once whole; anything that is not a regular
file is refused and left alone; a full disk, a read-only folder or a signal leaves the
old file exactly as it was and no temporary file behind (issue 18, item 1)."""

from __future__ import annotations

import contextlib
import os
import resource
import shutil
import signal
import socket
import sqlite3
import stat
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import run
from vnjp import load

VNJP = [sys.executable, "-m", "vnjp"]
# No example database in the working folder: tests write only in temporary folders.
SANDBOX = settings(database=None)
OLD = b"the user's old file, which must survive whole or be replaced whole\n" * 64
LOAD_PY = load.__file__
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


@pytest.fixture(scope="module")
def facts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the bundled facts: what is exported stays the same while the tests run."""
    folder = tmp_path_factory.mktemp("facts")
    shutil.copytree(load.bundled_facts_dir(), folder, dirs_exist_ok=True)
    return folder


def _pack(facts: Path) -> list[str]:
    return ["--no-bundled", "--facts", str(facts)]


def _records(facts: Path) -> int:
    return load.open_index([facts]).count()


# Every record and every source the export holds: each in one row of these tables.
EXPORTED = "SELECT (SELECT COUNT(*) FROM records) + (SELECT COUNT(*) FROM sources)"


def _is_new_index(path: Path, facts: Path) -> bool:
    """A whole export of the bundled pack (integrity checked, every record)."""
    connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        (verdict,) = connection.execute("PRAGMA integrity_check").fetchone()
        (count,) = connection.execute(EXPORTED).fetchone()
    except sqlite3.Error:
        return False
    finally:
        connection.close()
    return bool(verdict == "ok" and count == _records(facts))


def _old_or_new(path: Path, facts: Path) -> str:
    content = path.read_bytes()
    if content == OLD:
        return "old"
    assert _is_new_index(path, facts), "the destination is neither the old file nor a whole index"
    return "new"


def _only(folder: Path, *names: str) -> None:
    assert sorted(p.name for p in folder.iterdir()) == sorted(names), "a file left behind"


# -- what is written, and where ---------------------------------------------------------


def test_export_replaces_a_file_whole_and_keeps_its_mode(tmp_path: Path, facts: Path) -> None:
    target = tmp_path / "pack.sqlite"
    target.write_bytes(OLD)
    target.chmod(0o640)
    outcome = run(*_pack(facts), "export", "--sqlite", str(target))
    assert outcome.exit_code == 0, outcome.stderr
    assert _is_new_index(target, facts)
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    _only(tmp_path, "pack.sqlite")


def test_a_new_file_has_the_mode_the_umask_gives(tmp_path: Path, facts: Path) -> None:
    target = tmp_path / "new.sqlite"
    previous = os.umask(0o027)
    try:
        outcome = run(*_pack(facts), "export", "--sqlite", str(target))
    finally:
        os.umask(previous)
    assert outcome.exit_code == 0, outcome.stderr
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert _is_new_index(target, facts)


def test_a_link_to_a_regular_file_replaces_the_file_and_keeps_the_link(
    tmp_path: Path, facts: Path
) -> None:
    real = tmp_path / "real.sqlite"
    real.write_bytes(OLD)
    link = tmp_path / "link.sqlite"
    link.symlink_to(real)
    outcome = run(*_pack(facts), "export", "--sqlite", str(link))
    assert outcome.exit_code == 0, outcome.stderr
    assert link.is_symlink() and link.resolve() == real
    assert _is_new_index(real, facts)
    _only(tmp_path, "real.sqlite", "link.sqlite")


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _folder(path: Path) -> None:
    path.mkdir()
    (path / "inside").write_bytes(OLD)


def _socket(path: Path) -> None:
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    server.close()


def _device(path: Path) -> None:
    # Only root may create a device node; the old export deleted /dev/null itself,
    # so the test never points it at a real device.
    if not IS_ROOT:
        pytest.skip("creating a device node needs root")
    os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, 3))


def _dangling(path: Path) -> None:
    path.symlink_to(path.parent / "nowhere")


def _link_to_fifo(path: Path) -> None:
    os.mkfifo(path.parent / "fifo")
    path.symlink_to(path.parent / "fifo")


@pytest.mark.parametrize(
    ("make", "said"),
    [
        (_fifo, "a FIFO, not a regular file"),
        (_folder, "a folder, not a regular file"),
        (_socket, "a socket, not a regular file"),
        (_device, "a character device, not a regular file"),
        (_dangling, "a symbolic link to no file vnjp can replace"),
        (_link_to_fifo, "a symbolic link to a FIFO"),
    ],
    ids=["fifo", "folder", "socket", "device", "dangling-link", "link-to-fifo"],
)
def test_what_is_not_a_regular_file_is_refused_and_left_alone(
    tmp_path: Path, make: Callable[[Path], None], said: str
) -> None:
    target = tmp_path / "target"
    make(target)
    before = sorted((p.name, p.lstat().st_mode, p.lstat().st_ino) for p in tmp_path.iterdir())
    outcome = run("export", "--sqlite", str(target))
    assert outcome.exit_code == 2
    assert said in outcome.stderr and "Traceback" not in outcome.stderr
    after = sorted((p.name, p.lstat().st_mode, p.lstat().st_ino) for p in tmp_path.iterdir())
    assert after == before
    if target.is_dir():
        assert (target / "inside").read_bytes() == OLD


def test_a_dash_is_refused_a_database_is_not_a_stream(tmp_path: Path) -> None:
    result = subprocess.run(
        [*VNJP, "export", "--sqlite", "-"], capture_output=True, cwd=tmp_path, check=False
    )
    assert result.returncode == 2
    assert b"a database is not a stream" in result.stderr
    assert result.stdout == b""
    assert list(tmp_path.iterdir()) == []


def test_the_cache_files_are_refused_and_keep_their_mode(tmp_path: Path) -> None:
    cache = Path(os.environ["VNJP_CACHE_DIR"])
    load.open_index()
    (index_file, *_) = sorted(cache.glob("pack-*.sqlite"))
    before = index_file.read_bytes()
    for target in (index_file, cache / "new.sqlite"):
        outcome = run("export", "--sqlite", str(target))
        assert outcome.exit_code == 2
        assert "vnjp's cache folder" in outcome.stderr
    assert stat.S_IMODE(index_file.stat().st_mode) == 0o600
    assert index_file.read_bytes() == before
    assert not (cache / "new.sqlite").exists()
    link = tmp_path / "cached.sqlite"
    link.symlink_to(index_file)
    assert run("export", "--sqlite", str(link)).exit_code == 2


# -- failed writes ----------------------------------------------------------------------


def _export_in_child(target: Path, facts: Path, preexec: Callable[[], None] | None = None) -> Any:
    load.open_index([facts])  # the cache is built here, so the child only exports
    return subprocess.run(
        [*VNJP, *_pack(facts), "export", "--sqlite", str(target)],
        capture_output=True,
        text=True,
        cwd=target.parent,
        preexec_fn=preexec,
        check=False,
    )


def _assert_failed_write(result: Any, target: Path) -> None:
    assert result.returncode == 6, result.stderr
    assert result.stderr.startswith(f"vnjp: error: cannot write {target}: ")
    assert "it is left as it was" in result.stderr and "Traceback" not in result.stderr
    assert target.read_bytes() == OLD


def test_a_file_size_limit_is_a_failed_write_that_keeps_the_old_file(
    tmp_path: Path, facts: Path
) -> None:
    """A full disk for any user: the child may write no file past 64 KiB (EFBIG)."""
    target = tmp_path / "pack.sqlite"
    target.write_bytes(OLD)

    def limited() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))

    result = _export_in_child(target, facts, limited)
    _assert_failed_write(result, target)
    _only(tmp_path, "pack.sqlite")


@contextlib.contextmanager
def _tmpfs(folder: Path, size: str) -> Iterator[Path]:
    """A small tmpfs at `folder` (root only); skipped where it cannot be mounted."""
    if not IS_ROOT:
        pytest.skip("mounting a tmpfs needs root; the file-size-limit test covers the rest")
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", str(folder)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def test_a_full_disk_is_exit_6_and_keeps_the_old_file(tmp_path: Path, facts: Path) -> None:
    with _tmpfs(tmp_path / "disk", "256k") as disk:
        target = disk / "pack.sqlite"
        target.write_bytes(OLD)
        filler = disk / "filler"
        with contextlib.suppress(OSError), filler.open("wb") as stream:
            stream.write(b"\0" * (256 * 1024))  # up to ENOSPC: the disk is now full
        result = _export_in_child(target, facts)
        _assert_failed_write(result, target)
        assert "database or disk is full" in result.stderr or "No space left" in result.stderr
        _only(disk, "pack.sqlite", "filler")


def test_a_read_only_folder_is_exit_6_and_keeps_the_old_file(tmp_path: Path, facts: Path) -> None:
    if IS_ROOT:
        # Root writes through permissions: a read-only mount is what stops it.
        with _tmpfs(tmp_path / "disk", "1m") as disk:
            target = disk / "pack.sqlite"
            target.write_bytes(OLD)
            subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
            _assert_failed_write(_export_in_child(target, facts), target)
            _only(disk, "pack.sqlite")
        return
    folder = tmp_path / "read-only"
    folder.mkdir()
    target = folder / "pack.sqlite"
    target.write_bytes(OLD)
    folder.chmod(0o555)
    try:
        _assert_failed_write(_export_in_child(target, facts), target)
    finally:
        folder.chmod(0o755)
    _only(folder, "pack.sqlite")


# -- signals at any point -------------------------------------------------------------


def _interrupter(at: int, signum: int) -> Callable[[FrameType, str, Any], Any]:
    """A tracer that sends `signum` to this process at the `at`-th line run in
    vnjp/load.py: a real signal, at a point chosen by the test."""
    seen = [0]

    def local(frame: FrameType, event: str, arg: Any) -> Any:
        if event == "line" and frame.f_code.co_filename == LOAD_PY:
            seen[0] += 1
            if seen[0] == at:
                os.kill(os.getpid(), signum)
        return local

    return local


def _traced_after_loading(monkeypatch: pytest.MonkeyPatch, at: int, signum: int) -> None:
    """Trace export from the moment the pack's index is open: the signal lands in the
    writing of the file, which is what this tests (not the building of the cache)."""
    opened = load.open_index
    tracer = _interrupter(at, signum)

    def open_then_trace(*args: Any, **kwargs: Any) -> Any:
        index = opened(*args, **kwargs)
        caller = sys._getframe(1)
        caller.f_trace = tracer
        sys.settrace(tracer)
        return index

    monkeypatch.setattr(load, "open_index", open_then_trace)


@settings(
    SANDBOX,
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(st.integers(min_value=1, max_value=200))
def test_an_export_interrupted_anywhere_leaves_the_old_file_or_the_new_one(
    tmp_path: Path, facts: Path, monkeypatch: pytest.MonkeyPatch, at: int
) -> None:
    folder = Path(tempfile.mkdtemp(dir=tmp_path))  # hypothesis may run `at` twice
    target = folder / "pack.sqlite"
    target.write_bytes(OLD)
    load.open_index([facts])
    with monkeypatch.context() as patch:
        _traced_after_loading(patch, at, signal.SIGINT)
        try:
            outcome = run(*_pack(facts), "export", "--sqlite", str(target))
        finally:
            sys.settrace(None)
    assert outcome.exit_code in (0, 130), outcome.stderr
    state = _old_or_new(target, facts)
    if outcome.exit_code == 0:
        assert state == "new"
    else:
        # Silent when the signal lands outside the writing (Typer's own exit 130).
        assert outcome.stderr in ("vnjp: error: interrupted\n", "")
    _only(folder, "pack.sqlite")


CHILD = """
import os, signal, sys
from vnjp import load
from tests.test_export import _traced_after_loading

class Patch:
    def setattr(self, owner, name, value, raising=True):
        setattr(owner, name, value)

_traced_after_loading(Patch(), int(sys.argv[1]), int(sys.argv[2]))
sys.argv = ["vnjp", "--no-bundled", "--facts", sys.argv[4], "export", "--sqlite", sys.argv[3]]
from vnjp.launch import main
main()
"""


@pytest.mark.parametrize(
    ("signum", "at"),
    [(signal.SIGTERM, at) for at in (2, 4, 6, 10, 20, 40, 60, 80, 100)]
    + [(signal.SIGHUP, at) for at in (4, 50, 90)],
    ids=lambda value: getattr(value, "name", str(value)),
)
def test_an_export_killed_by_a_signal_cleans_up_then_dies_of_it(
    tmp_path: Path, facts: Path, signum: int, at: int
) -> None:
    target = tmp_path / "pack.sqlite"
    target.write_bytes(OLD)
    load.open_index([facts])
    root = Path(__file__).resolve().parent.parent
    result = subprocess.run(
        [sys.executable, "-c", CHILD, str(at), str(int(signum)), str(target), str(facts)],
        capture_output=True,
        text=True,
        cwd=root,
        check=False,
    )
    assert result.returncode in (0, -signum), result.stderr
    assert "Traceback" not in result.stderr
    state = _old_or_new(target, facts)
    assert result.returncode != 0 or state == "new"
    _only(tmp_path, "pack.sqlite")
