"""Scale benchmark: vnjp on generated fact packs of 1,000, 10,000 and 100,000 events.

Run by hand from a checkout with vnjp installed: python bench/scale.py [--sizes 1000 ...]
For each size it writes a pack (events, a tenth as many figures over 50 statistics,
and one source), then reports the wall time, CPU time (user + system: steadier on a
busy machine) and peak memory of each command: the first query with an empty cache
(cold: the pack is parsed, validated and compiled into its index), then each query
again (warm), and `validate`, which always parses.
Targets, beside each figure: a cold first query within 10 s and 400 MiB; every warm
query within 0.5 s and 100 MiB. Each run is a process group of its own, killed
whole when it runs past --timeout seconds.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

COLD_LIMIT_S, COLD_LIMIT_MIB = 10.0, 400.0
WARM_LIMIT_S, WARM_LIMIT_MIB = 0.5, 100.0
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
    cpu_seconds: float
    peak_mib: float
    status: int  # the exit status; -9 when killed on the timeout


def measure(argv: list[str], env: dict[str, str], timeout: float) -> Measure:
    """Wall time, CPU time and peak resident memory of one run (this child's own, from
    wait4). The child leads a process group of its own: on the timeout the whole group
    is killed, so nothing it started lives on."""
    start = time.perf_counter()
    process = subprocess.Popen(
        argv,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
        start_new_session=True,
    )
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() - start > timeout:
            os.killpg(process.pid, signal.SIGKILL)
            _, status, usage = os.wait4(process.pid, 0)
            break
        time.sleep(0.005)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    peak = usage.ru_maxrss / 1024  # kilobytes on Linux
    return Measure(seconds, usage.ru_utime + usage.ru_stime, peak, process.returncode)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument(
        "--timeout", type=float, default=300.0, help="seconds before a run is killed"
    )
    parser.add_argument("--write", nargs=2, metavar=("FOLDER", "EVENTS"), help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.write:
        print(write_pack(Path(arguments.write[0]), int(arguments.write[1])))
        return
    sizes = arguments.sizes
    script = Path(sys.executable).with_name("vnjp")
    vnjp = [str(script)] if script.exists() else [sys.executable, "-m", "vnjp"]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    print(f"Python {sys.version.split()[0]}; wall and CPU seconds and peak MiB per run")
    print(f"{'events':>8}  {'case':42} {'wall s':>7} {'cpu s':>6} {'MiB':>7} {'exit':>4}  target")
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
            for name, args, limits in cases(word):
                result = measure([*base, *args], run_env, arguments.timeout)
                print(
                    f"{size:8,}  {name:42} {result.seconds:7.2f} {result.cpu_seconds:6.2f}"
                    f" {result.peak_mib:7.1f} {result.status:>4}  {verdict(result, limits)}"
                )


def cases(word: str) -> list[tuple[str, list[str], tuple[float, float] | None]]:
    """(name, arguments, (seconds, MiB) to meet or None) of each run, in order: the
    first builds the index; `word` stands in a few titles, "statistic" in every
    figure's statistic (a tenth of the records)."""
    claim = f"The {word} figure was US$5 billion in 2001"
    cold = (COLD_LIMIT_S, COLD_LIMIT_MIB)
    warm = (WARM_LIMIT_S, WARM_LIMIT_MIB)
    return [
        ("cold: timeline --from 2000 --to 2000 --json", _timeline_2000, cold),
        ("warm: timeline --from 2000 --to 2000 --json", _timeline_2000, warm),
        ("warm: stat stat-7 --json", ["stat", "stat-7", "--json"], warm),
        (f"warm: search {word} --json", ["search", word, "--json"], warm),
        ("warm: search statistic --json", ["search", "statistic", "--json"], warm),
        ("warm: check ... --json", ["check", claim, "--json"], warm),
        ("warm: timeline --category topic-c --json", [*_topic_c, "--json"], warm),
        ("warm: timeline --category topic-c (lines)", _topic_c, warm),
        ("validate", ["validate"], None),
    ]


_timeline_2000 = ["timeline", "--json", "--from", "2000", "--to", "2000"]
_topic_c = ["timeline", "--category", "topic-c"]


def verdict(result: Measure, limits: tuple[float, float] | None) -> str:
    """The target beside the figure, and whether the run meets it."""
    if limits is None:
        return ""
    seconds, mib = limits
    met = result.status >= 0 and result.seconds <= seconds and result.peak_mib <= mib
    return f"{seconds:g} s, {mib:g} MiB {'ok' if met else 'MISS'}"


if __name__ == "__main__":
    main()
