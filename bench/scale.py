"""Scale benchmark: vnjp on generated fact packs of 1,000, 10,000 and 100,000 events.

Run by hand from a checkout with vnjp installed: python bench/scale.py [--sizes 1000 ...]
For each size it writes a pack (events, a tenth as many figures over 50 statistics,
and one source), then reports the wall time and peak memory of each command: the
first query with an empty cache (cold: the pack is parsed, validated and compiled
into its index), then each query again (warm), and `validate`, which always parses.
Targets: a cold first query within 5 s; every warm query within 0.5 s and 100 MiB.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

COLD_LIMIT_S, WARM_LIMIT_S, WARM_LIMIT_MIB = 5.0, 0.5, 100.0
CATEGORIES = [f"topic-{letter}" for letter in "abcdefghij"]


def words(rng: random.Random, count: int) -> list[str]:
    """Pronounceable made-up words, so that stemming and search behave as on prose."""
    syllables = [c + v for c in "bdgkmnprstvz" for v in "aeiou"]
    return ["".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))) for _ in range(count)]


def write_pack(folder: Path, events: int, seed: int = 1) -> str:
    """Write the pack; return a word that stands in a few titles, to search and check."""
    rng = random.Random(seed)
    vocabulary = words(rng, 20_000)
    lines = [
        "[[sources]]",
        'id = "bench"',
        'title = "Generated source"',
        'publisher = "bench"',
        'published = "2024-01-01"',
        "",
    ]
    for number in range(events):
        year = rng.randint(1950, 2024)
        title = " ".join(rng.choices(vocabulary, k=6))
        summary = " ".join(rng.choices(vocabulary, k=25))
        lines += [
            "[[events]]",
            f'id = "event-{number}"',
            f'date = "{year}-{rng.randint(1, 12):02d}"',
            f'title = "{title.capitalize()}"',
            f'summary = "{summary.capitalize()}."',
            f'category = "{rng.choice(CATEGORIES)}"',
            'sources = ["bench"]',
            "",
        ]
    for key in range(50):
        lines += [
            "[[stats]]",
            f'key = "stat-{key}"',
            f'name = "Statistic {key}"',
            f'measures = "{" ".join(rng.choices(vocabulary, k=3))}"',
            "",
        ]
    for number in range(events // 10):
        lines += [
            "[[observations]]",
            f'id = "figure-{number}"',
            f'stat = "stat-{number % 50}"',
            f'metric = "{" ".join(rng.choices(vocabulary, k=4))}"',
            f"value = {rng.randint(1, 10**9)}",
            'unit = "USD"',
            f'period = "{rng.randint(1990, 2024)}"',
            'sources = ["bench"]',
            "",
        ]
    (folder / "pack.toml").write_text("\n".join(lines), encoding="utf-8")
    return vocabulary[7]


class Measure(NamedTuple):
    seconds: float
    peak_mib: float
    status: int


def measure(argv: list[str], env: dict[str, str]) -> Measure:
    """Wall time and peak resident memory of one run (this child's own, from wait4)."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    peak = usage.ru_maxrss / 1024  # kilobytes on Linux
    return Measure(seconds, peak, process.returncode)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--write", nargs=2, metavar=("FOLDER", "EVENTS"), help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.write:
        print(write_pack(Path(arguments.write[0]), int(arguments.write[1])))
        return
    sizes = arguments.sizes
    script = Path(sys.executable).with_name("vnjp")
    vnjp = [str(script)] if script.exists() else [sys.executable, "-m", "vnjp"]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    print(f"Python {sys.version.split()[0]}; wall seconds and peak MiB per run")
    print(f"{'events':>8}  {'case':42} {'s':>7} {'MiB':>7}  {'exit':>4}  target")
    for size in sizes:
        with tempfile.TemporaryDirectory() as folder:
            pack = Path(folder, "facts")
            pack.mkdir()
            # Written by a child: Linux counts the RSS a child had before exec in its
            # peak, and this process would hold the whole generated pack.
            written = subprocess.run(
                [sys.executable, __file__, "--write", str(pack), str(size)],
                capture_output=True,
                text=True,
                check=True,
            )
            word = written.stdout.strip()
            run_env = {**env, "VNJP_CACHE_DIR": str(Path(folder, "cache"))}
            base = [*vnjp, "--no-bundled", "--facts", str(pack)]
            queries = {
                "timeline --json --from 2000 --to 2000": [
                    "timeline",
                    "--json",
                    "--from",
                    "2000",
                    "--to",
                    "2000",
                ],
                "stat stat-7 --json": ["stat", "stat-7", "--json"],
                f"search {word} --json": ["search", word, "--json"],
                "check ... --json": [
                    "check",
                    f"The {word} figure was US$5 billion in 2001",
                    "--json",
                ],
                "timeline --category topic-c --json": [
                    "timeline",
                    "--category",
                    "topic-c",
                    "--json",
                ],
            }
            first = next(iter(queries))
            rows: list[tuple[str, Measure, float | None, float | None]] = [
                ("cold: " + first, measure([*base, *queries[first]], run_env), COLD_LIMIT_S, None)
            ]
            for name, args in queries.items():
                rows.append(
                    (
                        "warm: " + name,
                        measure([*base, *args], run_env),
                        WARM_LIMIT_S,
                        WARM_LIMIT_MIB,
                    )
                )
            rows.append(("validate", measure([*base, "validate"], run_env), None, None))
            for name, result, seconds, mib in rows:
                verdict = ""
                if seconds is not None:
                    fast = result.seconds <= seconds and (mib is None or result.peak_mib <= mib)
                    limit = f"{seconds:g} s" + (f", {mib:g} MiB" if mib else "")
                    verdict = f"{limit} {'ok' if fast else 'MISS'}"
                print(
                    f"{size:8,}  {name:42} {result.seconds:7.2f} {result.peak_mib:7.1f}"
                    f"  {result.status:>4}  {verdict}"
                )


if __name__ == "__main__":
    main()
