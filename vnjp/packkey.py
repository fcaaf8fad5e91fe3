"""What names a pack's index in the cache, and where the cache is.

Kept apart from `vnjp.load` and cheap to import (os and zlib only): a Tab press reads
a cached index through it before anything else of vnjp's is imported.
"""

from __future__ import annotations

import os
import zlib

from vnjp import __version__

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence

# Bumped whenever the tables or what is stored in them change: an index of another
# format is rebuilt, never misread.
FORMAT = "10"


def fact_paths(facts: Sequence[str] | None) -> tuple[str, ...]:
    """The user's fact files: --facts first (an empty one is an error, later), then
    VNJP_FACTS (split on os.pathsep; empty parts, as in "a::b", are skipped)."""
    from_environment = [p for p in os.environ.get("VNJP_FACTS", "").split(os.pathsep) if p]
    return (*(facts or ()), *from_environment)


def pack_key(contents: Sequence[bytes]) -> str:
    """What an index must have been built from: the lexicon's bytes and each fact
    file's (two checksums and the length of each, in order), the index format and
    vnjp's version. zlib's checksums are fast and need no hashlib at start-up; the cache
    folder is the user's own, so they guard against staleness, not against an attacker."""
    parts = [f"vnjp {__version__}", f"format {FORMAT}"]
    parts += [f"{zlib.crc32(c):08x}{zlib.adler32(c):08x}{len(c)}" for c in contents]
    return "\n".join(parts)


def index_name(key: str) -> str:
    """The file name of the index built from `key`, in the cache folder."""
    return f"pack-{zlib.crc32(key.encode()):08x}{zlib.adler32(key.encode()):08x}.sqlite"


def cache_folder() -> str | None:
    """Where indexes are kept: $VNJP_CACHE_DIR (empty: no cache), else
    $XDG_CACHE_HOME/vnjp when that is an absolute path, else ~/.cache/vnjp; None
    when there is no home to put it in."""
    configured = os.environ.get("VNJP_CACHE_DIR")
    if configured is not None:
        return configured or None
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if os.path.isabs(xdg):
        return os.path.join(xdg, "vnjp")
    home = os.path.expanduser("~")
    return os.path.join(home, ".cache", "vnjp") if os.path.isabs(home) else None


def bundled_facts_folder() -> str:
    """The facts shipped with vnjp: inside the wheel, or at the top of a checkout."""
    package = os.path.dirname(os.path.realpath(__file__))
    installed = os.path.join(package, "_facts")
    if os.path.isdir(installed):
        return installed
    return os.path.join(os.path.dirname(package), "facts")


def lexicon_file() -> str:
    return os.path.join(os.path.dirname(os.path.realpath(__file__)), "lexicon.toml")
