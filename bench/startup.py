"""Start-up benchmark: times whole processes and prints medians and ratios.

Run by hand from a checkout with vnjp installed:
    python bench/startup.py [--runs N]      wall and CPU time, medians of N rounds
    python bench/startup.py --instructions  instructions counted by valgrind: exact
The baselines are a minimal two-command Typer app, with and without `rich.table`,
written to a temporary folder and run with the same interpreter.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
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
        Case("vnjp search kishida --json", [*vnjp, "search", "kishida", "--json"], TYPER, 1.20),
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


def run_once(argv: list[str], env: dict[str, str]) -> Sample:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Sample(wall * 1000, cpu * 1000)


def instructions(argv: list[str], env: dict[str, str]) -> int:
    """Instructions one run executes, counted by valgrind: the same count every time,
    however busy the machine is."""
    result = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *argv],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    match = re.search(r"Collected : (\d+)", result.stderr)
    if match is None:
        raise SystemExit(f"valgrind counted nothing for {argv}: {result.stderr[-300:]}")
    return int(match.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument(
        "--instructions",
        action="store_true",
        help="count instructions with valgrind (one run each, exact) instead of timing",
    )
    arguments = parser.parse_args()
    runs = arguments.runs
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
            subprocess.run(
                case.argv, capture_output=True, env={**env, **dict(case.env)}, check=False
            )
        if arguments.instructions:
            report_instructions(measured, env)
            return
        # Rounds of every case in turn, so that a busy moment of the machine falls on
        # all cases alike rather than on one.
        samples: dict[str, list[Sample]] = {case.name: [] for case in measured}
        for _ in range(runs):
            for case in measured:
                samples[case.name].append(run_once(case.argv, {**env, **dict(case.env)}))
    wall = {name: statistics.median(s.wall_ms for s in values) for name, values in samples.items()}
    cpu = {name: statistics.median(s.cpu_ms for s in values) for name, values in samples.items()}
    print(f"Python {sys.version.split()[0]}, {runs} rounds, medians; ratios of CPU time")
    print(f"{'case':32} {'wall ms':>8} {'cpu ms':>7} {'ratio':>6} {'target':>11}  baseline")
    for case in measured:
        print(f"{case.name:32} {wall[case.name]:8.1f} {cpu[case.name]:7.1f} {against(case, cpu)}")


def report_instructions(measured: list[Case], env: dict[str, str]) -> None:
    # A fixed hash seed: set and dict layouts, and so the counts, are the same each run.
    env = {**env, "PYTHONHASHSEED": "0"}
    counts = {case.name: instructions(case.argv, {**env, **dict(case.env)}) for case in measured}
    print(f"Python {sys.version.split()[0]}; instructions (valgrind), ratios to the baseline")
    print(f"{'case':32} {'millions':>9} {'ratio':>6} {'target':>11}  baseline")
    for case in measured:
        print(f"{case.name:32} {counts[case.name] / 1e6:9.1f} {against(case, counts)}")


def against(case: Case, figures: dict[str, float] | dict[str, int]) -> str:
    """The ratio to the case's baseline, its target and whether it is met."""
    if case.baseline is None:
        return ""
    ratio = figures[case.name] / figures[case.baseline]
    target = ""
    if case.target is not None:
        target = f"{case.target:.2f}x" + (" ok" if ratio <= case.target else " MISS")
    return f"{ratio:5.2f}x {target:>11}  {case.baseline}"


if __name__ == "__main__":
    main()
