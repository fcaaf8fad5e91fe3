"""Rerun every `$ vnjp ...` example in README.md and write its real output back.

Run from the checkout: python scripts/update_readme.py
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"
EXAMPLE = re.compile(r"```console\n\$ (vnjp [^\n]*)\n.*?```", re.DOTALL)


def output_of(command: str) -> str:
    env = {**os.environ, "COLUMNS": "100"}
    env.pop("FORCE_COLOR", None)
    vnjp = Path(sys.executable).parent / "vnjp"
    shell_command = command.replace("vnjp", str(vnjp), 1)
    result = subprocess.run(
        shell_command, shell=True, capture_output=True, text=True, env=env, check=False
    )
    return (result.stdout + result.stderr).rstrip("\n")


def main() -> None:
    text = README.read_text(encoding="utf-8")
    updated = EXAMPLE.sub(
        lambda m: f"```console\n$ {m.group(1)}\n{output_of(m.group(1))}\n```", text
    )
    README.write_text(updated, encoding="utf-8")


if __name__ == "__main__":
    main()
