"""Rerun every `$ vnjp ...` example in README.md and docs/usage.md and write its real
output back; with --check, only report the pages whose examples are out of date.

Run from the checkout, with vnjp installed: python scripts/update_docs.py [--check]
"""

from __future__ import annotations

import argparse
import os
import pty
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = (ROOT / "README.md", ROOT / "docs" / "usage.md")
# An example may set a variable first: "$ COLUMNS=60 vnjp leader-visits".
EXAMPLE = re.compile(r"```console\n\$ ((?:[A-Z_]+=\S* )*vnjp [^\n]*)\n.*?```", re.DOTALL)
# 28 November 2023, the date of the newer source: what `check` writes into a
# ClaimReview, so that the pages do not change every day.
FIXED_DATE = "1701129600"


def output_of(command: str) -> str:
    """What a reader sees running `command` in a terminal 100 columns wide: vnjp's
    stdout is a terminal (tables for people), or a pipe where the example has one."""
    env = {
        **os.environ,
        "COLUMNS": "100",
        "SOURCE_DATE_EPOCH": FIXED_DATE,
        "NO_COLOR": "1",  # the page has no colours to show
        "VNJP_PAGER": "",
    }
    for variable in ("FORCE_COLOR", "VNJP_FACTS"):
        env.pop(variable, None)
    vnjp = Path(sys.executable).parent / "vnjp"
    shell_command = re.sub(r"\bvnjp\b", str(vnjp), command, count=1)
    terminal, end = pty.openpty()
    process = subprocess.Popen(shell_command, shell=True, stdout=end, stderr=end, env=env, cwd=ROOT)
    os.close(end)
    chunks = []
    while True:
        try:
            chunk = os.read(terminal, 65536)
        except OSError:  # EIO: every writer has closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait()
    os.close(terminal)
    # The terminal writes each newline as CR LF.
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n").rstrip("\n")


def updated(text: str) -> str:
    return EXAMPLE.sub(lambda m: f"```console\n$ {m.group(1)}\n{output_of(m.group(1))}\n```", text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="fail if a page is out of date")
    check = parser.parse_args().check
    stale = []
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        new = updated(text)
        if new != text:
            stale.append(page.relative_to(ROOT))
            if not check:
                page.write_text(new, encoding="utf-8")
    if check and stale:
        sys.exit(f"out of date (run python scripts/update_docs.py): {', '.join(map(str, stale))}")


if __name__ == "__main__":
    main()
