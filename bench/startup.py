"""Start-up benchmark: times whole processes and prints medians and ratios.

Run by hand from a checkout with vnjp installed: python bench/startup.py [--runs N]
The baselines are a minimal two-command Typer app, with and without `rich.table`,
written to a temporary folder and run with the same interpreter.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

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


def time_ms(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=False)
    return (time.perf_counter() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=21)
    runs = parser.parse_args().runs
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
        # The console script, as users run it (python -m vnjp also pays for runpy).
        script = Path(python).with_name("vnjp")
        vnjp = [str(script)] if script.exists() else [python, "-m", "vnjp"]
        cases = {
            "python -c pass": ([python, "-c", "pass"], None),
            "minimal Typer app": ([python, str(plain), "one"], None),
            "minimal Typer + rich.table app": ([python, str(with_rich), "one"], None),
            "vnjp stat fdi --json": ([*vnjp, "stat", "fdi", "--json"], "minimal Typer app"),
            "vnjp timeline --json": ([*vnjp, "timeline", "--json"], "minimal Typer app"),
            "vnjp leader-visits --json": ([*vnjp, "leader-visits", "--json"], "minimal Typer app"),
            "vnjp search kishida --json": (
                [*vnjp, "search", "kishida", "--json"],
                "minimal Typer app",
            ),
            "vnjp check ... --json": ([*vnjp, "check", CLAIM, "--json"], "minimal Typer app"),
            "completion of vnjp stat": ([*vnjp], "minimal Typer app"),
            "vnjp timeline (table)": ([*vnjp, "timeline"], "minimal Typer + rich.table app"),
            "vnjp stat trade (table)": ([*vnjp, "stat", "trade"], "minimal Typer + rich.table app"),
            "vnjp search kishida (table)": (
                [*vnjp, "search", "kishida"],
                "minimal Typer + rich.table app",
            ),
            "vnjp check ... (table)": ([*vnjp, "check", CLAIM], "minimal Typer + rich.table app"),
        }
        completion = {
            "_VNJP_COMPLETE": "complete_bash",
            "COMP_WORDS": "vnjp stat ",
            "COMP_CWORD": "2",
        }
        # Warm the bytecode caches and vnjp's pack cache first, so that every case is
        # measured alike: as the second and later calls of a session are.
        for argv, _ in cases.values():
            subprocess.run(argv, capture_output=True, env=env, check=False)
        # Rounds of every case in turn, so that a busy moment of the machine falls on
        # all cases alike rather than on one.
        times: dict[str, list[float]] = {name: [] for name in cases}
        for _ in range(runs):
            for name, (argv, _) in cases.items():
                case_env = {**env, **completion} if name.startswith("completion") else env
                times[name].append(time_ms(argv, case_env))
        medians = {name: statistics.median(values) for name, values in times.items()}
    print(f"{'case':38} {'median ms':>10} {'ratio':>7}  (vs baseline)")
    for name, (_, baseline) in cases.items():
        ratio = f"{medians[name] / medians[baseline]:.2f}x" if baseline else ""
        print(f"{name:38} {medians[name]:10.1f} {ratio:>7}  {baseline or ''}")


if __name__ == "__main__":
    main()
