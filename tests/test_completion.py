"""Shell completion through the real protocol: the _VNJP_COMPLETE environment variable."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from vnjp.model import FactPack

RICH_PROBE = (
    "import sys, runpy\n"
    "sys.argv = ['vnjp']\n"
    "try:\n    runpy.run_module('vnjp', run_name='__main__')\n"
    "except SystemExit:\n    pass\n"
    "sys.stderr.write('RICH' if any(m.split('.')[0] == 'rich' for m in sys.modules) else '')\n"
    "sys.stderr.write(' PARSER' if 'vnjp.parse' in sys.modules else '')\n"
)


def _complete(
    shell: str, line: str, cwd: Path, probe: bool = False
) -> subprocess.CompletedProcess[str]:
    """Ask vnjp for completions as the shell's completion script does."""
    env = {**os.environ, "_VNJP_COMPLETE": f"complete_{shell}"}
    if shell == "bash":
        words = line.split(" ")
        env.update(COMP_WORDS=line, COMP_CWORD=str(len(words) - 1))
    else:
        env["_TYPER_COMPLETE_ARGS"] = line
        env["_TYPER_COMPLETE_FISH_ACTION"] = "get-args"  # what fish's script asks first
    argv = [sys.executable, "-c", RICH_PROBE] if probe else [sys.executable, "-m", "vnjp"]
    return subprocess.run(argv, capture_output=True, text=True, env=env, cwd=cwd, check=False)


def test_bash_completes_stat_keys(pack: FactPack, tmp_path: Path) -> None:
    result = _complete("bash", "vnjp stat ", tmp_path)
    assert result.returncode == 0
    assert result.stdout.split() == [key.key for key in pack.stat_keys]
    assert _complete("bash", "vnjp stat tr", tmp_path).stdout.split() == ["trade", "trainees"]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("vnjp timeline --category d", {"diplomacy"}),
        ("vnjp timeline --source v", {"vns-50-years"}),
        ("vnjp leader-visits --by J", {"JP"}),
        ("vnjp leader-visits --person Ng", {"Nguyễn\\ Minh\\ Triết", "Nguyễn\\ Phú\\ Trọng"}),
        ("vnjp leader-visits --person kis", {"Kishida\\ Fumio"}),
        ("vnjp leader-visits --person do", {"Đỗ\\ Mười"}),
        ("vnjp leader-visits --person fumio", {"Kishida\\ Fumio"}),
        ("vnjp stat TR", {"trade", "trainees"}),
        ("vnjp search kishida --kind s", {"stat", "source"}),
    ],
)
def test_bash_completes_names_of_the_pack(line: str, expected: set[str], tmp_path: Path) -> None:
    assert set(_complete("bash", line, tmp_path).stdout.splitlines()) == expected


def test_zsh_and_fish_get_completions_with_their_help(tmp_path: Path) -> None:
    zsh = _complete("zsh", "vnjp stat f", tmp_path).stdout
    assert '"fdi":"Foreign direct investment (FDI)"' in zsh
    fish = _complete("fish", "vnjp stat f", tmp_path).stdout
    assert "fdi" in fish and "Foreign direct investment" in fish


def test_completion_sees_user_facts_and_never_prints_an_error(tmp_path: Path) -> None:
    mine = tmp_path / "mine.toml"
    mine.write_text('[[stats]]\nkey = "fisheries"\nname = "Fish"\nmeasures = "fish"\n')
    line = f"vnjp --facts {mine} stat fi"
    assert _complete("bash", line, tmp_path).stdout.split() == ["fisheries"]
    broken = _complete("bash", "vnjp --facts /no/such/file stat ", tmp_path)
    assert (broken.returncode, broken.stdout.strip(), broken.stderr) == (0, "", "")


def test_completion_imports_neither_rich_nor_the_parser(tmp_path: Path) -> None:
    _complete("bash", "vnjp stat ", tmp_path)  # the first call builds the index
    result = _complete("bash", "vnjp stat ", tmp_path, probe=True)
    assert "fdi" in result.stdout
    assert "RICH" not in result.stderr
    assert "PARSER" not in result.stderr, "a Tab press reads the index, not the TOML"


def test_fish_matches_case_and_accents_and_writes_one_line_a_candidate(tmp_path: Path) -> None:
    fish = _complete("fish", "vnjp leader-visits --person do", tmp_path).stdout
    assert fish.splitlines() == ["Đỗ Mười\tParty General Secretary"]


def test_zsh_and_fish_import_no_rich(tmp_path: Path) -> None:
    for shell in ("zsh", "fish"):
        _complete(shell, "vnjp stat f", tmp_path)  # builds the index
        result = _complete(shell, "vnjp stat f", tmp_path, probe=True)
        assert "fdi" in result.stdout
        assert "RICH" not in result.stderr, shell


def test_a_broken_completion_request_prints_nothing(tmp_path: Path) -> None:
    env = {**os.environ, "_VNJP_COMPLETE": "complete_bash", "COMP_WORDS": "vnjp stat "}
    env["COMP_CWORD"] = "not a number"
    result = subprocess.run(
        [sys.executable, "-m", "vnjp"], capture_output=True, text=True, env=env, check=False
    )
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_bash_completion_function_accepts_a_name_with_a_space(tmp_path: Path) -> None:
    """bash's own completion function, as `vnjp --show-completion bash` installs it:
    the candidate it offers, put back on the command line, is one argument."""
    script = subprocess.run(
        [sys.executable, "-m", "vnjp", "--show-completion", "bash"],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"},
    ).stdout
    vnjp = tmp_path / "vnjp"
    vnjp.write_text(f'#!/bin/sh\nexec {sys.executable} -m vnjp "$@"\n')
    vnjp.chmod(0o755)
    driver = (
        f"{script}\n"
        "COMP_WORDS=(vnjp leader-visits --person kis); COMP_CWORD=3\n"
        "_vnjp_completion vnjp\n"
        'line="vnjp leader-visits --person ${COMPREPLY[0]} --json"\n'
        'eval "set -- $line"\n'
        '"$@"\n'
    )
    result = subprocess.run(
        ["bash", "-c", driver],
        capture_output=True,
        text=True,
        env={**os.environ, "PATH": f"{tmp_path}:{os.environ['PATH']}"},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert '"person": "Kishida Fumio"' in result.stdout
