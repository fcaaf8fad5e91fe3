"""Find the fact files and load them as a FactPack, from a cache when they are unchanged.

Parsing and validating the TOML (`vnjp.parse`) is imported only when the cache
cannot answer: start-up time is paid on every call.
"""

from __future__ import annotations

import marshal
import os
import sys
import zlib
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from vnjp import __version__
from vnjp.errors import UsageError

if TYPE_CHECKING:  # types only: a Protocol class costs start-up time to create
    from typing import Any, BinaryIO, Protocol

    from vnjp.model import FactPack

    class _Codec(Protocol):
        """pickle or marshal: both read and write a value from and to a binary file."""

        def load(self, file: BinaryIO, /) -> Any: ...
        def dump(self, value: Any, file: BinaryIO, /) -> None: ...


def bundled_facts_dir() -> Path:
    """The facts shipped with vnjp: inside the wheel, or at the top of a checkout."""
    package = Path(__file__).resolve().parent
    installed = package / "_facts"
    return installed if installed.is_dir() else package.parent / "facts"


def fact_files(paths: Iterable[Path]) -> list[Path]:
    """Expand folders into their `.toml` files, in name order; a missing path, or a
    folder without fact files, is a usage error."""
    files: list[Path] = []
    for path in paths:
        try:
            is_dir, exists = path.is_dir(), path.exists()
        except (OSError, ValueError) as error:  # a NUL byte, a name too long, ...
            raise UsageError(f"{path}: not a usable path: {error}") from None
        if is_dir:
            found = sorted(path.glob("*.toml"))
            if not found:
                raise UsageError(f"{path}: this folder has no .toml fact files")
            files.extend(found)
        elif exists:
            files.append(path)
        else:
            raise UsageError(f"{path}: no such fact file or folder")
    return files


def pack_paths(user_paths: Sequence[Path], *, bundled: bool = True) -> list[Path]:
    """The bundled facts (unless left out) followed by the user's files and folders."""
    if not bundled and not user_paths:
        raise UsageError("--no-bundled needs fact files: give --facts PATH or set VNJP_FACTS")
    return [bundled_facts_dir(), *user_paths] if bundled else list(user_paths)


def load_pack(paths: Sequence[Path] | None = None) -> FactPack:
    """Read and validate the fact files (the bundled ones unless `paths` is given);
    raise `vnjp.parse.FactFileError` listing every problem.

    A valid pack is kept in a cache (see `cache_dir`) under a key made of the files'
    paths, sizes and modification times and vnjp's version, so that the next call
    reads it back instead of parsing and validating the TOML again."""
    import pickle

    from vnjp.model import FactPack

    files = fact_files([bundled_facts_dir()] if paths is None else paths)
    cache = _cache_file("pack", files)
    cached = _read_cache(cache, pickle)
    if isinstance(cached, FactPack):
        return cached
    from vnjp.parse import read_files

    pack = read_files(files).build()
    _write_cache(cache, pack, pickle)
    return pack


# What shell completion offers: (value, help) pairs under "stat", "category", "source"
# and "person".
Names = dict[str, list[tuple[str, str]]]


def load_names(paths: Sequence[Path] | None = None) -> Names:
    """The names of the pack that completion offers, from a cache of their own: plain
    strings in marshal's format, so that a Tab press imports neither the records'
    classes nor pickle."""
    files = fact_files([bundled_facts_dir()] if paths is None else paths)
    cache = _cache_file("names", files)
    cached = _read_cache(cache, marshal)
    if isinstance(cached, dict):
        return cached
    from vnjp.query import names

    found = names(load_pack(paths))
    _write_cache(cache, found, marshal)
    return found


def _read_cache(cache: tuple[Path, str] | None, codec: _Codec) -> object:
    """What `cache` holds if it was written for the same key, else None."""
    if cache is None:
        return None
    try:
        with cache[0].open("rb") as stream:
            key, value = codec.load(stream)
    except Exception:  # no cache yet, or one another vnjp wrote, or a damaged one
        return None
    return value if key == cache[1] else None


def cache_dir() -> Path | None:
    """Where parsed packs are kept: $VNJP_CACHE_DIR, else $XDG_CACHE_HOME/vnjp, else
    ~/.cache/vnjp. VNJP_CACHE_DIR set to an empty string turns the cache off."""
    configured = os.environ.get("VNJP_CACHE_DIR")
    if configured is not None:
        return Path(configured) if configured else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "vnjp"


def _cache_file(kind: str, files: Sequence[Path]) -> tuple[Path, str] | None:
    """The cache file of `kind` for these fact files, and the key it must carry: their
    paths, sizes and modification times, and vnjp's and Python's versions."""
    folder = cache_dir()
    if folder is None:
        return None
    parts = [__version__, sys.version]
    try:
        for path in files:
            stat = path.stat()
            parts.append(f"{path.resolve()}\0{stat.st_size}\0{stat.st_mtime_ns}")
    except (OSError, ValueError):
        return None
    key = "\n".join(parts)
    # crc32 only names the file (zlib loads faster than hashlib); the key inside decides.
    return folder / f"{kind}-{zlib.crc32(key.encode()):08x}.cache", key


def _write_cache(cache: tuple[Path, str] | None, value: object, codec: _Codec) -> None:
    """Keep `value` in the cache file, replacing older ones of its kind; a cache that
    cannot be written (a read-only home, a full disk) only costs speed."""
    if cache is None:
        return
    path, key = cache
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        kind = path.name.partition("-")[0]
        for old in path.parent.glob(f"{kind}-*.cache"):
            old.unlink(missing_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        with partial.open("wb") as stream:
            codec.dump((key, value), stream)
        os.replace(partial, path)
    except OSError:
        pass
