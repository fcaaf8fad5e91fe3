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


def _on_a_terminal(args: list[str], env: dict[str, str], tmp_path: Path) -> str:
    """Run vnjp with stdout on a pseudo-terminal of 24 lines; return what it printed."""
    import fcntl
    import pty
    import select
    import struct
    import termios

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    environment = {k: v for k, v in os.environ.items() if k not in ("PAGER", "VNJP_PAGER")}
    environment.update(env)
    process = subprocess.Popen(
        [sys.executable, "-m", "vnjp", *args],
        stdout=follower,
        stderr=subprocess.PIPE,
        env=environment,
        cwd=tmp_path,
    )
    os.close(follower)
    output = b""
    # Read while it writes: a pseudo-terminal holds only a few KB.
    while True:
        ready, _, _ = select.select([leader], [], [], 30)
        if not ready:
            break
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closed: vnjp has ended
            break
        if not chunk:
            break
        output += chunk
    os.close(leader)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 0, stderr
    return output.decode("utf-8", "replace")


@pytest.mark.parametrize(
    ("args", "env", "paged"),
    [
        (["timeline"], {}, True),
        (["timeline"], {"PAGER": ""}, False),
        (["timeline"], {"VNJP_PAGER": ""}, False),
        (["--no-pager", "timeline"], {}, False),
        (["timeline", "--no-pager"], {}, False),
        (["stat", "--json"], {"VNJP_PAGER": "PAGER_SHOULD_NOT_RUN"}, True),
        (["sources", "--json"], {}, False),  # shorter than the terminal
    ],
)
def test_long_output_on_a_terminal_is_paged(
    args: list[str], env: dict[str, str], paged: bool, tmp_path: Path
) -> None:
    marker = tmp_path / "paged"
    pager = f"cat > {marker}"
    if env.get("VNJP_PAGER") == "PAGER_SHOULD_NOT_RUN":
        env = {"VNJP_PAGER": pager, "PAGER": "false"}  # VNJP_PAGER wins over PAGER
    elif not env:
        env = {"VNJP_PAGER": pager}
    shown = _on_a_terminal(args, env, tmp_path)
    assert marker.exists() == paged
    if paged:
        assert marker.read_text(encoding="utf-8").strip()
        assert shown == ""
    else:
        assert shown.strip()


def test_a_pipe_is_never_paged(tmp_path: Path) -> None:
    marker = tmp_path / "paged"
    env = {**os.environ, "VNJP_PAGER": f"cat > {marker}", "LINES": "5"}
    result = subprocess.run(
        [sys.executable, "-m", "vnjp", "timeline"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 0 and result.stdout
    assert not marker.exists()
