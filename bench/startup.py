"""Start-up benchmark: times whole processes and prints medians and ratios.

Run by hand from a checkout with vnjp installed:
    python bench/startup.py [--runs N]      wall and CPU time, medians of N rounds
    python bench/startup.py --instructions  instructions counted by valgrind (exact),
                                            beside paired wall times (--runs rounds)
The baselines are a minimal two-command Typer app, with and without `rich.table`,
written to a temporary folder and run with the same interpreter. Each case's target
(the largest ratio to its baseline that meets the goal) is printed beside it. Every
run is a process group of its own, killed whole past --timeout seconds.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

MINIMAL_APP = """
import typer
{extra}
app = typer.Typer()

@app.command()
def one() -> None:
    print("one")

@app.command()
def two() -> None:
    print("two")

app()
"""


CLAIM = "Japan is Vietnam's fourth largest trading partner."
TYPER = "minimal Typer app"
TYPER_RICH = "minimal Typer + rich.table app"


class Case(NamedTuple):
    name: str
    argv: list[str]
    baseline: str | None = None
    target: float | None = None  # the largest ratio to the baseline that meets the goal
    env: tuple[tuple[str, str], ...] = ()  # variables set for this case


def completion_env(shell: str, line: str) -> dict[str, str]:
    """What each shell's completion script sets for a Tab press at the end of `line`."""
    if shell == "bash":
        words = line.split(" ")
        return {
            "_VNJP_COMPLETE": "complete_bash",
            "COMP_WORDS": line,
            "COMP_CWORD": str(len(words) - 1),
        }
    return {
        "_VNJP_COMPLETE": f"complete_{shell}",
        "_TYPER_COMPLETE_ARGS": line,
        "_TYPER_COMPLETE_FISH_ACTION": "get-args",
    }


DRAFT = str(Path(__file__).resolve().parent.parent / "docs" / "examples" / "draft.md")


def cases(python: str, plain: Path, with_rich: Path) -> list[Case]:
    # The console script, as users run it (python -m vnjp also pays for runpy).
    script = Path(python).with_name("vnjp")
    vnjp = [str(script)] if script.exists() else [python, "-m", "vnjp"]
    return [
        Case("python -c pass", [python, "-c", "pass"]),
        Case(TYPER, [python, str(plain), "one"]),
        Case(TYPER_RICH, [python, str(with_rich), "one"]),
        Case("vnjp stat fdi --json", [*vnjp, "stat", "fdi", "--json"], TYPER, 1.15),
        Case("vnjp timeline --json", [*vnjp, "timeline", "--json"], TYPER, 1.15),
        Case("vnjp leader-visits --json", [*vnjp, "leader-visits", "--json"], TYPER, 1.15),
        Case("vnjp sources --json", [*vnjp, "sources", "--json"], TYPER, 1.15),
        Case("vnjp search kishida --json", [*vnjp, "search", "kishida", "--json"], TYPER, 1.15),
        Case("vnjp check ... --json", [*vnjp, "check", CLAIM, "--json"], TYPER, 1.30),
        Case("vnjp review draft.md --json", [*vnjp, "review", DRAFT, "--json"], TYPER, 1.30),
        *(
            Case(
                f"{shell} completion of stat",
                vnjp,
                TYPER,
                0.60,
                tuple(completion_env(shell, "vnjp stat ").items()),
            )
            for shell in ("bash", "zsh", "fish")
        ),
        Case("vnjp sources (table)", [*vnjp, "sources"], TYPER_RICH, 1.10),
        Case("vnjp stat fdi (table)", [*vnjp, "stat", "fdi"], TYPER_RICH, 1.10),
        Case("vnjp timeline (table)", [*vnjp, "timeline"], TYPER_RICH),
        Case("vnjp search kishida (table)", [*vnjp, "search", "kishida"], TYPER_RICH),
        Case("vnjp check ... (table)", [*vnjp, "check", CLAIM], TYPER_RICH),
    ]


class Sample(NamedTuple):
    wall_ms: float
    cpu_ms: float  # user + system time of the child: steadier than wall time on a busy machine


def run_once(argv: list[str], env: dict[str, str], timeout: float) -> Sample:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    _run(argv, env, timeout)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Sample(wall * 1000, cpu * 1000)


def _run(argv: list[str], env: dict[str, str], timeout: float) -> str:
    """Run a child in a process group of its own; past `timeout` seconds the whole
    group is killed (valgrind and what it runs too) and the run is an error."""
    process = subprocess.Popen(
        argv,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
        text=True,
        start_new_session=True,
    )
    try:
        _, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise SystemExit(f"killed after {timeout:g} s: {' '.join(argv)}") from None
    return stderr


def instructions(argv: list[str], env: dict[str, str], timeout: float) -> int:
    """Instructions one run executes, counted by valgrind: the same count every time,
    however busy the machine is."""
    stderr = _run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *argv],
        env,
        timeout,
    )
    match = re.search(r"Collected : (\d+)", stderr)
    if match is None:
        raise SystemExit(f"valgrind counted nothing for {argv}: {stderr[-300:]}")
    return int(match.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument(
        "--instructions",
        action="store_true",
        help="count instructions with valgrind (one run each, exact), beside wall times",
    )
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds before a kill")
    arguments = parser.parse_args()
    # With counts, fewer timing rounds: the wall times are there to pair with them.
    runs = min(arguments.runs, 5) if arguments.instructions else arguments.runs
    timeout = arguments.timeout
    python = sys.executable
    # Bytecode must be written by the warm-up runs, as it is for users (pip compiles it
    # at install time). Any value of PYTHONDONTWRITEBYTECODE, even "0", would stop that,
    # and every run would compile every changed module again.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    with tempfile.TemporaryDirectory() as folder:
        plain = Path(folder, "typer_app.py")
        plain.write_text(MINIMAL_APP.format(extra=""))
        with_rich = Path(folder, "typer_rich_app.py")
        with_rich.write_text(MINIMAL_APP.format(extra="import rich.table"))
        measured = cases(python, plain, with_rich)
        # Warm the bytecode caches and vnjp's index first, so that every case is
        # measured alike: as the second and later calls of a session are.
        for case in measured:
            _run(case.argv, {**env, **dict(case.env)}, timeout)
        counts: dict[str, int] = {}
        if arguments.instructions:
            # A fixed hash seed: set and dict layouts, and so the counts, are the same
            # each run.
            counted = {**env, "PYTHONHASHSEED": "0"}
            for case in measured:
                counts[case.name] = instructions(case.argv, {**counted, **dict(case.env)}, timeout)
        # Rounds of every case in turn, so that a busy moment of the machine falls on
        # all cases alike rather than on one.
        samples: dict[str, list[Sample]] = {case.name: [] for case in measured}
        for _ in range(runs):
            for case in measured:
                samples[case.name].append(run_once(case.argv, {**env, **dict(case.env)}, timeout))
    wall = {name: statistics.median(s.wall_ms for s in values) for name, values in samples.items()}
    cpu = {name: statistics.median(s.cpu_ms for s in values) for name, values in samples.items()}
    if counts:
        report_instructions(measured, counts, wall, runs)
        return
    print(f"Python {sys.version.split()[0]}, {runs} rounds, medians; ratios of CPU time")
    print(f"{'case':32} {'wall ms':>8} {'cpu ms':>7} {'ratio':>6} {'target':>11}  baseline")
    for case in measured:
        print(f"{case.name:32} {wall[case.name]:8.1f} {cpu[case.name]:7.1f} {against(case, cpu)}")


def report_instructions(
    measured: list[Case], counts: dict[str, int], wall: dict[str, float], runs: int
) -> None:
    print(
        f"Python {sys.version.split()[0]}; instructions (valgrind) and their ratios to the"
        f" baseline; wall ms, median of {runs} rounds, and its ratio"
    )
    print(f"{'case':32} {'millions':>9} {'ratio':>6} {'target':>11}  {'wall ms':>8} {'ratio':>6}")
    for case in measured:
        paired = f"{wall[case.name]:8.1f}"
        if case.baseline is not None:
            paired += f" {wall[case.name] / wall[case.baseline]:5.2f}x"
        figures = _ratio_and_target(case, counts)
        print(f"{case.name:32} {counts[case.name] / 1e6:9.1f} {figures}  {paired}")
    print(f"Baselines: the {TYPER_RICH} for tables, else the {TYPER}.")


def against(case: Case, figures: dict[str, float] | dict[str, int]) -> str:
    """The ratio to the case's baseline, its target and whether it is met."""
    if case.baseline is None:
        return ""
    return f"{_ratio_and_target(case, figures)}  {case.baseline}"


def _ratio_and_target(case: Case, figures: dict[str, float] | dict[str, int]) -> str:
    if case.baseline is None:
        return " " * 18
    ratio = figures[case.name] / figures[case.baseline]
    target = ""
    if case.target is not None:
        target = f"{case.target:.2f}x" + (" ok" if ratio <= case.target else " MISS")
    return f"{ratio:5.2f}x {target:>11}"


if __name__ == "__main__":
    main()
