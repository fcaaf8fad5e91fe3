"""Real processes: closed pipes, terminals that cannot show Unicode, colour on a tty."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ANSI = re.compile(r"\x1b\[")
BASE_ENV = {k: v for k, v in os.environ.items() if k not in {"NO_COLOR", "FORCE_COLOR", "TERM"}}


def _vnjp(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "vnjp", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        env={**BASE_ENV, **env},
        check=False,
    )


@pytest.mark.parametrize("args", [("timeline",), ("stat", "fdi", "--json"), ("sources",)])
def test_a_closed_pipe_ends_quietly(args: tuple[str, ...], tmp_path: Path) -> None:
    reader, writer = os.pipe()
    os.close(reader)  # the reader is gone before vnjp writes a byte
    try:
        result = subprocess.run(
            [sys.executable, "-m", "vnjp", *args],
            stdout=writer,
            stderr=subprocess.PIPE,
            text=True,
            cwd=tmp_path,
            check=False,
        )
    finally:
        os.close(writer)
    assert result.returncode == 0
    assert result.stderr == ""


@pytest.mark.parametrize(
    "pipeline", ["vnjp timeline | head -1", "vnjp stat fdi --json | head -c 10"]
)
def test_head_ends_the_pipeline_quietly(pipeline: str, tmp_path: Path) -> None:
    command = pipeline.replace("vnjp", f"'{sys.executable}' -m vnjp", 1)
    result = subprocess.run(
        ["bash", "-o", "pipefail", "-c", command],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 0
    assert result.stderr == ""
    assert result.stdout


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_a_stream_that_cannot_encode_vietnamese_gets_ascii(encoding: str, tmp_path: Path) -> None:
    table = _vnjp("leader-visits", cwd=tmp_path, PYTHONIOENCODING=encoding)
    assert table.returncode == 0, table.stderr
    assert table.stdout.isascii()
    assert "Vo Van Kiet" in table.stdout and "Vietnam -> Japan" in table.stdout
    as_json = _vnjp("leader-visits", "--json", cwd=tmp_path, PYTHONIOENCODING=encoding)
    assert as_json.stdout.isascii()
    assert json.loads(as_json.stdout)[0]["person"] == "Võ Văn Kiệt", "JSON escapes, loses nothing"
    error = _vnjp("leader-visits", "--person", "Đỗ Mườii", cwd=tmp_path, PYTHONIOENCODING=encoding)
    assert error.returncode == 1
    assert "did you mean --person 'Do Muoi'?" in error.stderr


def _on_a_terminal(*args: str, cwd: Path, **env: str) -> str:
    """vnjp's stdout when it is a terminal (a pseudo-terminal 100 columns wide)."""
    pty = pytest.importorskip("pty")
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "vnjp", *args],
        stdout=follower,
        stderr=subprocess.PIPE,
        cwd=cwd,
        env={**BASE_ENV, "COLUMNS": "100", "LINES": "40", **env},
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal is closed once vnjp ends
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait()
    os.close(leader)
    return b"".join(chunks).decode("utf-8")


def test_colour_on_a_terminal_unless_no_color_or_dumb(tmp_path: Path) -> None:
    coloured = _on_a_terminal("sources", cwd=tmp_path)
    assert ANSI.search(coloured)
    widest = max(len(re.sub(r"\x1b\[[0-9;]*m", "", line)) for line in coloured.splitlines())
    assert widest <= 100, "a terminal's width is kept"
    assert not ANSI.search(_on_a_terminal("sources", cwd=tmp_path, NO_COLOR="1"))
    assert not ANSI.search(_on_a_terminal("sources", cwd=tmp_path, TERM="dumb"))


def test_a_pipe_gets_whole_lines_never_cut(tmp_path: Path) -> None:
    piped = _vnjp("timeline", cwd=tmp_path)
    assert not ANSI.search(piped.stdout)
    assert max(len(line) for line in piped.stdout.splitlines()) > 200
    assert "…" not in piped.stdout
