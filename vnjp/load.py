"""Find the fact files, read them once, and open their compiled index (or build it).

The index is kept in the cache folder, one SQLite file per pack, named and keyed by
the content of the fact files (not their size or time: an edit that keeps both is
still seen), the index format and vnjp's version. Parsing the TOML (`vnjp.parse`)
and compiling the index (`vnjp.compile`) are imported only when no index answers:
that is the one deferred import of the warm path, and it saves the TOML parser and
the search vocabulary on every call.
"""

import contextlib
import os
import signal
import sqlite3
import stat
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from vnjp import packkey
from vnjp.errors import Interrupted, UsageError, VnjpError, WriteError
from vnjp.index import FORMAT, Index, is_vnjps
from vnjp.lexicon import install as install_lexicon
from vnjp.lexicon import lexicon_bytes
from vnjp.model import FactFile, RecordCount
from vnjp.packkey import fact_paths as fact_paths
from vnjp.text import shorten

if TYPE_CHECKING:
    from vnjp.model import FactPack
    from vnjp.parse import Problem

    # What writes an export: given the temporary file's path and the `check` to call
    # between its steps (a held signal stops it there), it fills the file.
    Writer = Callable[[str, Callable[[], None]], None]

# A fact file larger than this is refused rather than read: it is surely a mistake
# (the bundled pack is 30 KB; 100,000 records are about 40 MB).
MAX_FILE_BYTES = 256 * 1024 * 1024
# An index unused for this long is removed when another is written.
EVICT_AFTER_SECONDS = 30 * 24 * 3600
_TOUCH_AFTER_SECONDS = 24 * 3600


def bundled_facts_dir() -> Path:
    """The facts shipped with vnjp: inside the wheel, or at the top of a checkout."""
    return Path(packkey.bundled_facts_folder())


def _skipped(name: str) -> bool:
    """Hidden files and editors' leftovers: `.#events.toml`, `#events.toml#`, `x.toml~`."""
    return name.startswith((".", "#")) or name.endswith("~")


def _regular(path: Path) -> bool:
    """True for a regular file (or a link to one); a usage error for anything else
    that exists: a FIFO or a device would block or never end."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise UsageError(f"{shorten(str(path))}: no such fact file or folder") from None
    except (OSError, ValueError) as error:  # a NUL byte, a name too long, a loop, ...
        raise UsageError(f"{shorten(str(path))}: not a usable path: {error}") from None
    if stat.S_ISDIR(mode):
        return False
    if not stat.S_ISREG(mode):
        raise UsageError(f"{shorten(str(path))}: not a regular file (a FIFO, socket or device)")
    return True


def fact_files(paths: Sequence[Path | str]) -> list[Path]:
    """Expand folders into their `.toml` files, in name order, skipping hidden files
    and editors' leftovers; each file once, however often it is named."""
    files: dict[Path, Path] = {}
    for given in paths:
        if str(given) == "":
            raise UsageError("an empty path is not a fact file or folder")
        path = Path(given)
        if _regular(path):
            found = [path]
        else:
            found = sorted(p for p in path.glob("*.toml") if not _skipped(p.name))
            if not found:
                raise UsageError(f"{shorten(str(path))}: this folder has no .toml fact files")
            found = [p for p in found if _regular(p)]
        for file in found:
            files.setdefault(file.resolve(), file)
    return list(files.values())


def pack_paths(user_paths: Sequence[Path | str], *, bundled: bool = True) -> list[Path | str]:
    """The bundled facts (unless left out) followed by the user's files and folders."""
    if not bundled and not user_paths:
        raise UsageError("--no-bundled needs fact files: give --facts PATH or set VNJP_FACTS")
    return [bundled_facts_dir(), *user_paths] if bundled else list(user_paths)


def read_facts(paths: Sequence[Path | str]) -> list[FactFile]:
    """Every fact file's bytes, read once, at most MAX_FILE_BYTES each."""
    facts = []
    for path in fact_files(paths):
        try:
            # Non-blocking and checked once open: a file swapped for a FIFO since it was
            # found cannot block the read.
            descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
            with os.fdopen(descriptor, "rb") as stream:
                if not stat.S_ISREG(os.fstat(descriptor).st_mode):
                    raise UsageError(f"{shorten(str(path))}: not a regular file")
                content = stream.read(MAX_FILE_BYTES + 1)
        except OSError as error:
            raise UsageError(f"{shorten(str(path))}: cannot read it: {error.strerror}") from None
        if len(content) > MAX_FILE_BYTES:
            raise UsageError(
                f"{shorten(str(path))}: larger than {MAX_FILE_BYTES // 2**20} MiB: "
                "not a fact file vnjp will read"
            )
        facts.append(FactFile(path, content))
    return facts


def pack_key(facts: Sequence[FactFile]) -> str:
    """What an index must have been built from (`vnjp.packkey`): the lexicon decides
    how records are indexed, so its bytes are part of the key with the fact files'."""
    return packkey.pack_key([lexicon_bytes(), *(f.content for f in facts)])


def load_pack(paths: Sequence[Path | str] | None = None) -> "FactPack":
    """Read and validate the fact files, with no index (tests and tools use this);
    raise `vnjp.parse.FactFileError` listing every problem."""
    from vnjp.parse import parse_pack

    return parse_pack(read_facts([bundled_facts_dir()] if paths is None else paths))


class Validation(NamedTuple):
    """What `vnjp validate` found: the files read, the records in them, the problems."""

    files: tuple[Path, ...]
    records: RecordCount
    problems: tuple["Problem", ...]


def validate(paths: Sequence[Path | str]) -> Validation:
    """Check fact files together, as opening their index would, without raising."""
    from vnjp.parse import find_problems

    facts = read_facts(paths)
    records, problems = find_problems(facts)
    return Validation(tuple(f.path for f in facts), records, problems)


# -- the cache folder ------------------------------------------------------------


def cache_dir() -> Path | None:
    """Where indexes are kept (`vnjp.packkey.cache_folder`); None for no cache."""
    folder = packkey.cache_folder()
    return Path(folder) if folder else None


def _usable(folder: Path) -> bool:
    """Create the folder (0700) if need be; use it only when it is a folder of this
    user's that nobody else can write to."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = folder.stat()
    except (OSError, ValueError):
        return False
    owner_ok = not hasattr(os, "getuid") or info.st_uid == os.getuid()
    return stat.S_ISDIR(info.st_mode) and owner_ok and not info.st_mode & 0o022


def _regular_file_of_mine(path: Path) -> tuple[int, int] | None:
    """(device, inode) of the cache entry at `path` when it is a regular file of this
    user's, checked without following a link and opened without blocking (a FIFO
    cannot hang the call); whatever else is there is removed, never opened. None when
    there is nothing usable."""
    try:
        found = path.lstat()
    except (OSError, ValueError):  # nothing there, or a name the system refuses
        return None
    mine = not hasattr(os, "getuid") or found.st_uid == os.getuid()
    if not stat.S_ISREG(found.st_mode) or not mine:
        _discard(path)
        return None
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError:
        return None
    try:
        opened = os.fstat(descriptor)
    finally:
        os.close(descriptor)
    if (opened.st_dev, opened.st_ino) != (found.st_dev, found.st_ino):
        return None  # swapped since: the next call looks again
    return (opened.st_dev, opened.st_ino)


def _discard(path: Path) -> None:
    """Remove a cache entry that is no index (a planted folder too), and any journal
    SQLite might take for this file's."""
    try:
        is_folder = stat.S_ISDIR(path.lstat().st_mode)
    except OSError:
        is_folder = False
    if is_folder:
        import shutil  # only here: a folder in place of an index is rare

        shutil.rmtree(path, ignore_errors=True)
    else:
        _remove(path)
    for suffix in ("-journal", "-wal", "-shm"):
        _remove(path.with_name(path.name + suffix))


def _open_existing(
    path: Path, key: str, rebuilt: "Callable[[], Index] | None" = None
) -> Index | None:
    """The index at `path` if it is one, of this format, built from this content, and
    exactly vnjp's tables; None (the caller builds it again) for anything else."""
    identity = _regular_file_of_mine(path)
    if identity is None:
        return None
    try:
        # Immutable: a cache file is never changed in place (it is replaced by a
        # rename), so SQLite takes no lock and never looks for a journal to replay.
        connection = sqlite3.connect(f"{path.as_uri()}?mode=ro&immutable=1", uri=True)
    except (sqlite3.Error, ValueError):
        return None
    try:
        connection.execute("PRAGMA trusted_schema = OFF")
        index = Index(connection, path=path, rebuilt=rebuilt)  # bounded from here on
        if _same_file(path, identity) and is_vnjps(connection) and _built_from(index, key):
            return index
    except (sqlite3.Error, ValueError, TypeError, KeyError):  # damaged, planted, of another make
        pass
    connection.close()
    return None


def _same_file(path: Path, identity: tuple[int, int]) -> bool:
    """Whether SQLite opened the file that was checked (nothing swapped it since)."""
    try:
        found = path.lstat()
    except OSError:
        return False
    return (found.st_dev, found.st_ino) == identity


def _built_from(index: Index, key: str) -> bool:
    rows = index.connection.execute(
        "SELECT key, value FROM meta WHERE key IN ('format', 'key', 'lexicon')"
    ).fetchall()
    meta = {str(name): str(value) for name, value in rows}
    if meta.get("format") != FORMAT or meta.get("key") != key:
        return False
    # The key holds the lexicon's bytes: its compiled copy is this file's.
    install_lexicon(meta.get("lexicon"))
    return True


def _build(facts: Sequence[FactFile], key: str, connection: sqlite3.Connection) -> None:
    from vnjp.compile import compile_pack
    from vnjp.parse import parse_pack

    compile_pack(parse_pack(facts), connection, key)


def _index_file(folder: Path, key: str) -> Path:
    return folder / packkey.index_name(key)


def open_index(paths: Sequence[Path | str] | None = None) -> Index:
    """The index of these fact files (the bundled ones unless given): from the cache
    when one was built from the same content, else built now (and kept, when the cache
    folder is usable; else in memory, for this call only)."""
    facts = read_facts([bundled_facts_dir()] if paths is None else paths)
    key = pack_key(facts)
    folder = cache_dir()
    if folder is not None and _usable(folder):
        path = _index_file(folder, key)

        def rebuilt() -> Index:
            """Once, when a question of the cached file fails: build it again."""
            _discard(path)
            _write(facts, key, path)
            return _open_existing(path, key) or _in_memory(facts, key)

        index = _open_existing(path, key, rebuilt)
        if index is None:
            _discard(path)
            _write(facts, key, path)
            index = _open_existing(path, key, rebuilt)
        if index is not None:
            _touch(path)
            return index
    return _in_memory(facts, key)


def _in_memory(facts: Sequence[FactFile], key: str) -> Index:
    """An index for this call only: no cache folder, or none that can be written."""
    connection = sqlite3.connect(":memory:")
    _build(facts, key, connection)
    return Index(connection)


def _write(facts: Sequence[FactFile], key: str, path: Path) -> None:
    """Build the index into a private temporary file beside `path` and rename it into
    place; a write that fails leaves nothing behind. Old indexes are evicted."""
    try:
        temporary = _private_file(path.parent)
    except OSError:
        return
    try:
        connection = sqlite3.connect(temporary)
        try:
            _build(facts, key, connection)
        finally:
            connection.close()
        os.replace(temporary, path)
    except VnjpError:
        _remove(Path(temporary))
        raise
    except (OSError, sqlite3.Error):  # a full disk, a read-only folder: only speed is lost
        _remove(Path(temporary))
        return
    _evict(path.parent, keep=path)


def _private_file(folder: Path, pattern: str = ".pack-{}.tmp") -> str:
    """A new empty file in `folder`, 0600, created here and now (never an existing
    file or a link planted under a predictable name): what tempfile.mkstemp does,
    without importing tempfile on every call."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    for _ in range(100):
        name = folder / pattern.format(os.urandom(8).hex())
        try:
            os.close(os.open(name, flags, 0o600))
        except FileExistsError:
            continue
        return str(name)
    raise FileExistsError(f"no free temporary name in {folder}")


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()


def _touch(path: Path) -> None:
    """Mark an index as used (at most once a day), so that eviction spares it."""
    try:
        if time.time() - path.stat().st_mtime > _TOUCH_AFTER_SECONDS:
            os.utime(path)
    except OSError:
        pass


def _evict(folder: Path, keep: Path) -> None:
    """Remove indexes unused for EVICT_AFTER_SECONDS and leftovers of failed writes."""
    now = time.time()
    for old in [*folder.glob("pack-*.sqlite"), *folder.glob(".pack-*.tmp")]:
        try:
            age = now - old.stat().st_mtime
        except OSError:
            continue
        stale = EVICT_AFTER_SECONDS if old.suffix == ".sqlite" else 3600
        if old != keep and age > stale:
            _remove(old)


# -- export ----------------------------------------------------------------------

# Signals that end vnjp: while an export is written they are held, so that the writer
# stops at its next step and removes its temporary file before vnjp ends.
_ENDING_SIGNALS = ("SIGINT", "SIGTERM", "SIGHUP")


class _Stopped(BaseException):
    """A signal arrived during an export: unwind, removing the temporary file.
    A BaseException, so that no `except Exception` on the way can swallow it."""


class _HeldSignals:
    """Ctrl-C, SIGTERM and SIGHUP noted, not acted on, while a file is written; the
    writer calls `check()` between its steps. On leaving, SIGINT becomes
    `Interrupted` (exit 130) and the others end vnjp as they would have."""

    def __init__(self) -> None:
        self.received: int | None = None
        self._previous: dict[int, object] = {}

    def _note(self, signum: int, frame: object) -> None:
        if self.received is None:
            self.received = signum

    def check(self) -> None:
        if self.received is not None:
            raise _Stopped

    def __enter__(self) -> "_HeldSignals":
        for name in _ENDING_SIGNALS:
            signum = getattr(signal, name, None)
            if signum is None:
                continue
            try:
                self._previous[signum] = signal.signal(signum, self._note)
            except (ValueError, OSError):  # not the main thread: nothing is held
                break
        return self

    def __exit__(self, *exc_info: object) -> None:
        for signum, handler in self._previous.items():
            signal.signal(signum, handler)  # type: ignore[arg-type]
        if self.received is None:
            return
        if self.received == signal.SIGINT:
            raise Interrupted
        # SIGTERM, SIGHUP: the temporary file is gone; end as the signal asks, so that
        # the parent sees a process killed by it.
        signal.signal(self.received, signal.SIG_DFL)
        signal.raise_signal(self.received)


def _file_kind(mode: int) -> str:
    kinds = (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
    )
    return next((kind for test, kind in kinds if test(mode)), "not a regular file")


def _in_cache(folder: Path) -> bool:
    cache = cache_dir()
    try:
        return cache is not None and os.path.samefile(folder, cache)
    except (OSError, ValueError):
        return False


# Why an export's file cannot be stdout ("-").
_NOT_A_STREAM = {
    "--sqlite": "a database is not a stream; ",
    "--metadata": "Datasette reads a file; ",
}


def export_target(
    destination: Path, option: str = "--sqlite"
) -> tuple[Path, os.stat_result | None]:
    """The file an export replaces (a symbolic link followed to a regular file) and
    what is there now; a usage error for anything vnjp will not replace."""
    name = shorten(str(destination))
    if str(destination) == "-":
        raise UsageError(f"{option} -: {_NOT_A_STREAM.get(option, '')}give a file name")
    try:
        found: os.stat_result | None = destination.lstat()
    except FileNotFoundError:
        found = None
    except (OSError, ValueError) as error:
        raise UsageError(f"{name}: not a usable path: {error}") from None
    linked = found is not None and stat.S_ISLNK(found.st_mode)
    if linked:
        try:
            destination = destination.resolve(strict=True)
            found = destination.stat()
        except (OSError, RuntimeError):  # dangling, a loop, unreadable
            raise UsageError(f"{name}: a symbolic link to no file vnjp can replace") from None
    if found is not None and not stat.S_ISREG(found.st_mode):
        what = _file_kind(found.st_mode)
        what = f"a symbolic link to {what}" if linked else what
        raise UsageError(f"{name}: {what}, not a regular file: left as it is")
    if not destination.parent.is_dir():
        raise UsageError(f"{name}: no such folder")
    if _in_cache(destination.parent):
        raise UsageError(f"{name}: this is vnjp's cache folder: export somewhere else")
    return destination, found


def _umask() -> int:
    mask = os.umask(0o077)
    os.umask(mask)
    return mask


def _seal(temporary: str, found: os.stat_result | None) -> None:
    """Give the finished copy the mode (and, where allowed, the owner) of the file it
    replaces, or a new file's mode, then flush it to the disk."""
    mode = stat.S_IMODE(found.st_mode) if found is not None else 0o666 & ~_umask()
    os.chmod(temporary, mode)
    if found is not None and hasattr(os, "chown"):
        with contextlib.suppress(OSError):  # only root may give a file away
            os.chown(temporary, found.st_uid, found.st_gid)
    descriptor = os.open(temporary, os.O_RDWR)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (where a folder can be opened and synced)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def replace_file(target: "tuple[Path, os.stat_result | None]", write: "Writer") -> None:
    """Write a file privately beside the destination (`export_target` gives both), flush
    it and rename it over the destination: nothing is deleted or truncated before the
    new file is whole, and a failure or a signal removes the temporary file."""
    destination, found = target
    temporary: str | None = None
    with _HeldSignals() as held:
        try:
            temporary = _private_file(destination.parent, ".vnjp-export-{}.tmp")
            held.check()
            write(temporary, held.check)
            held.check()
            _seal(temporary, found)
            held.check()
            os.replace(temporary, destination)
            temporary = None
            _sync_folder(destination.parent)
        except _Stopped:
            pass
        except (OSError, sqlite3.Error) as error:
            reason = error.strerror if isinstance(error, OSError) and error.strerror else error
            name = shorten(str(destination))
            raise WriteError(f"cannot write {name}: {reason}; it is left as it was") from None
        finally:
            if temporary is not None:
                _remove(Path(temporary))


def export_index(paths: Sequence[Path | str]) -> Index:
    """The pack's index for an export, every page read: a damaged page is rebuilt
    here rather than written out unseen."""
    index = open_index(paths)
    index.verify()
    return index
