"""Find the fact files and load them as a FactPack, from a cache when they are unchanged.

Parsing and validating the TOML (`vnjp.parse`) is imported only when the cache
cannot answer: start-up time is paid on every call.
"""

from __future__ import annotations

import os
import pickle
import sys
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from vnjp import __version__
from vnjp.errors import FactFileError, Problem, UsageError
from vnjp.model import FactPack


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
    raise FactFileError listing every problem.

    A valid pack is kept in a cache (see `cache_dir`) under a key made of the files'
    paths, sizes and modification times and vnjp's version, so that the next call
    reads it back instead of parsing and validating the TOML again."""
    files = fact_files([bundled_facts_dir()] if paths is None else paths)
    cache = _pack_cache_file(files)
    if cache is not None:
        try:
            with cache[0].open("rb") as stream:
                key, cached = pickle.load(stream)
            if key == cache[1] and isinstance(cached, FactPack):
                return cached
        except (
            OSError,
            EOFError,
            pickle.UnpicklingError,
            AttributeError,
            ImportError,
            TypeError,
            ValueError,
        ):
            pass  # no cache yet, or one written by another vnjp: read the files
    from vnjp.parse import read_files

    pack = read_files(files).build()
    if cache is not None:
        _write_cache(*cache, pack)
    return pack


def cache_dir() -> Path | None:
    """Where parsed packs are kept: $VNJP_CACHE_DIR, else $XDG_CACHE_HOME/vnjp, else
    ~/.cache/vnjp. VNJP_CACHE_DIR set to an empty string turns the cache off."""
    configured = os.environ.get("VNJP_CACHE_DIR")
    if configured is not None:
        return Path(configured) if configured else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "vnjp"


def _pack_cache_file(files: Sequence[Path]) -> tuple[Path, str] | None:
    """The cache file for these fact files, and the key its pack must carry: their
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
    return folder / f"pack-{zlib.crc32(key.encode()):08x}.pickle", key


def _write_cache(cache: Path, key: str, pack: FactPack) -> None:
    """Keep `pack` in `cache`, replacing older packs; a cache that cannot be written
    (a read-only home, a full disk) only costs speed."""
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        for old in cache.parent.glob("pack-*.pickle"):
            old.unlink(missing_ok=True)
        partial = cache.with_suffix(f".{os.getpid()}.tmp")
        with partial.open("wb") as stream:
            pickle.dump((key, pack), stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(partial, cache)
    except OSError:
        pass


@dataclass(frozen=True)
class Validation:
    """What `vnjp validate` found: the files read, the records in them, the problems."""

    files: tuple[Path, ...]
    records: int
    problems: tuple[Problem, ...]


def validate(paths: Sequence[Path]) -> Validation:
    """Check fact files together, as `load_pack` would, without raising."""
    from vnjp.parse import read_files

    files = fact_files(paths)
    builder = read_files(files)
    try:
        builder.build()
    except FactFileError as error:
        return Validation(tuple(files), len(builder.raw), error.problems)
    return Validation(tuple(files), len(builder.raw), ())
