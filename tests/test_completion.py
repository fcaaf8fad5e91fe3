"""Shell completion through the real protocol (the _VNJP_COMPLETE environment variable),
the launcher's answer before Typer against Typer's own, and each shell's completion."""

from __future__ import annotations

import io
import os
import pty
import select
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer._click.shell_completion import split_arg_string

from vnjp import cli, completion
from vnjp.load import open_index, pack_paths
from vnjp.model import FactPack

MINE = '[[stats]]\nkey = "fisheries"\nname = "Fish"\nmeasures = "fish"\n'


def _environment(shell: str, line: str) -> dict[str, str]:
    """What each shell's completion script sets for a Tab press at the end of `line`:
    bash the words as it splits them, joined by newlines (its script sets IFS so)."""
    if shell == "bash":
        words = _bash_words(line)
        return {
            "_VNJP_COMPLETE": "complete_bash",
            "COMP_WORDS": "\n".join(words),
            "COMP_CWORD": str(len(words) - 1),
        }
    return {
        "_VNJP_COMPLETE": f"complete_{shell}",
        "_TYPER_COMPLETE_ARGS": line,
        "_TYPER_COMPLETE_FISH_ACTION": "get-args",  # what fish's script asks first
    }


def _bash_words(line: str) -> list[str]:
    """The line split into words as bash's COMP_WORDS holds them: quotes kept."""
    words: list[str] = []
    word, quote, escaped = "", "", False
    for char in line:
        if escaped:
            word, escaped = word + char, False
        elif char == "\\":
            word, escaped = word + char, True
        elif quote:
            word, quote = word + char, "" if char == quote else quote
        elif char in "'\"":
            word, quote = word + char, char
        elif char == " ":
            words, word = [*words, word] if word else words, ""
        else:
            word += char
    return [*words, word]


def _complete(
    shell: str, line: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Ask vnjp for completions as the shell's completion script does."""
    environ = {**os.environ, **_environment(shell, line), **(env or {})}
    argv = [sys.executable, "-m", "vnjp"]
    return subprocess.run(argv, capture_output=True, text=True, env=environ, cwd=cwd, check=False)


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
    assert "'fdi:Foreign direct investment (FDI)'" in zsh and "_describe" in zsh
    fish = _complete("fish", "vnjp stat f", tmp_path).stdout
    assert "fdi\tForeign direct investment (FDI)" in fish.splitlines()


def test_completion_sees_user_facts_and_never_prints_an_error(tmp_path: Path) -> None:
    mine = tmp_path / "mine.toml"
    mine.write_text(MINE)
    line = f"vnjp --facts {mine} stat fi"
    assert _complete("bash", line, tmp_path).stdout.split() == ["fisheries"]
    broken = _complete("bash", "vnjp --facts /no/such/file stat ", tmp_path)
    assert (broken.returncode, broken.stdout.strip(), broken.stderr) == (0, "", "")


def test_fish_gets_a_name_it_would_drop_for_its_accents_without_them(tmp_path: Path) -> None:
    fish = _complete("fish", "vnjp leader-visits --person do", tmp_path).stdout
    assert fish.splitlines() == ["Do Muoi\tĐỗ Mười, Party General Secretary"]
    typed_with_accents = _complete("fish", "vnjp leader-visits --person Đỗ", tmp_path).stdout
    assert typed_with_accents.splitlines() == ["Đỗ Mười\tParty General Secretary"]


def test_a_broken_completion_request_prints_nothing(tmp_path: Path) -> None:
    env = {**os.environ, "_VNJP_COMPLETE": "complete_bash", "COMP_WORDS": "vnjp stat "}
    env["COMP_CWORD"] = "not a number"
    result = subprocess.run(
        [sys.executable, "-m", "vnjp"], capture_output=True, text=True, env=env, check=False
    )
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


# -- the launcher's answer is Typer's, byte for byte ---------------------------------

WORD_CHARACTERS = st.sampled_from(list("ab -'\"\\\t\nđé="))


@given(st.text(WORD_CHARACTERS, max_size=14))
def test_the_command_line_is_split_as_click_splits_it(line: str) -> None:
    assert completion.split_words(line) == split_arg_string(line)


# Command lines the launcher answers itself: every shell, accents, case and spaces.
ANSWERED = [
    "vnjp ",
    "vnjp s",
    "vnjp st",
    "vnjp S",
    "vnjp -",
    "vnjp --",
    "vnjp --n",
    "vnjp --no-bundled -",
    "vnjp --ascii st",
    "vnjp --facts ",
    "vnjp --facts x ",
    "vnjp stat ",
    "vnjp stat f",
    "vnjp stat TR",
    "vnjp stat fdi ",
    "vnjp stat fdi -",
    "vnjp stat fdi --j",
    "vnjp stat --json ",
    "vnjp stat --json --",
    "vnjp stat --format ",
    "vnjp stat --format J",
    "vnjp stat --format json --",
    "vnjp --ascii stat --jq .x --fields id ",
    "vnjp leader-visits --person ",
    "vnjp leader-visits --person kis",
    "vnjp leader-visits --person KIS",
    "vnjp leader-visits --person do",
    "vnjp leader-visits --person ĐỖ",
    "vnjp leader-visits --person đỗ m",
    "vnjp leader-visits --person fumio",
    "vnjp leader-visits --person ng",
    "vnjp leader-visits --person nguyễn p",
    "vnjp leader-visits --person Kishida\\ F",
    'vnjp leader-visits --person "Kishida F',
    "vnjp leader-visits --person 'Đỗ M",
    'vnjp leader-visits --person "Nguyễn Phú Trọng" --',
    "vnjp leader-visits --by ",
    "vnjp leader-visits --by j",
    "vnjp leader-visits --by JP --",
    "vnjp leader-visits --from 2000 --to 2020 --person t",
    "vnjp timeline --category ",
    "vnjp timeline --category D",
    "vnjp timeline --category trade --category ",
    "vnjp timeline --category trade --",
    "vnjp timeline --source ",
    "vnjp timeline --source V",
    "vnjp timeline --from ",
    "vnjp search ",
    "vnjp search kishida --kind ",
    "vnjp search kishida --kind S",
    "vnjp search kishida --limit ",
    "vnjp search --kind stat ",
    "vnjp check ",
    "vnjp check - -",
    "vnjp check --file ",
    "vnjp review draft.md --only ",
    "vnjp review draft.md --only r",
    "vnjp review draft.md --only nei --only ",
    "vnjp show ",
    "vnjp show a b -",
    "vnjp cite x --style ",
    "vnjp cite x --style C",
    "vnjp cite x --with-fact -",
    "vnjp conflicts ",
    "vnjp conflicts O",
    "vnjp validate ",
    "vnjp validate a.toml b.toml --",
    "vnjp export --sqlite ",
    "vnjp export -",
    "vnjp schema -",
]
# Command lines left to Typer's completion (the launcher cannot answer them exactly).
LEFT = [
    "vnjp --version ",
    "vnjp -h ",
    "vnjp --json stat ",
    "vnjp nosuch ",
    "vnjp stat --category=d",
    "vnjp stat --format=j",
    "vnjp stat -- ",
    "vnjp stat a b ",
    "vnjp timeline --unknown ",
    "vnjp --facts /no/such/file stat ",
    "vnjp --no-bundled stat ",
]


def _typer_reply(environ: dict[str, str]) -> tuple[bytes, int]:
    """What Typer's completion path (vnjp.cli.main, as the launcher would call it)
    writes and its exit status, in a forked child: each call starts as a process."""
    reader, writer = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - the child
        status = 70
        try:
            os.dup2(writer, 1)
            os.environ.clear()
            os.environ.update(environ)
            sys.argv = ["vnjp"]
            sys.stdout = io.TextIOWrapper(io.FileIO(1, "w", closefd=False), encoding="utf-8")
            try:
                cli.main()
                status = 0
            except SystemExit as stop:
                status = stop.code if isinstance(stop.code, int) else 1
            sys.stdout.flush()
        finally:
            os._exit(status)
    os.close(writer)
    chunks = []
    while chunk := os.read(reader, 65536):
        chunks.append(chunk)
    os.close(reader)
    _, wait_status = os.waitpid(child, 0)
    return b"".join(chunks), os.waitstatus_to_exitcode(wait_status)


def _launcher_reply(environ: dict[str, str]) -> tuple[bytes, int] | None:
    answered = completion.answer(environ)
    if answered is None:
        return None
    text, status = answered
    return (b"" if text is None else (text + "\n").encode()), status


@pytest.fixture
def user_pack(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A user's fact file, named by VNJP_FACTS too, with its index cached."""
    mine = tmp_path / "mine.toml"
    mine.write_text(MINE)
    monkeypatch.setenv("VNJP_FACTS", "")
    open_index()  # the launcher answers from cached indexes only
    open_index(pack_paths([str(mine)]))
    open_index(pack_paths([str(mine)], bundled=False))
    return mine


@pytest.mark.skipif(not hasattr(os, "fork"), reason="compares in forked children")
@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_the_launcher_answers_as_typer_does_byte_for_byte(shell: str, user_pack: Path) -> None:
    lines = [
        *ANSWERED,
        f"vnjp --facts {user_pack} stat fi",
        f"vnjp --no-bundled --facts {user_pack} stat ",
        f"vnjp --facts {user_pack} --no-bundled stat F",
    ]
    unanswered = []
    for line in lines:
        environ = {**os.environ, **_environment(shell, line)}
        launcher = _launcher_reply(environ)
        if launcher is None:
            unanswered.append(line)
        else:
            assert launcher == _typer_reply(environ), (shell, line)
    assert not unanswered, f"the launcher left these to Typer: {unanswered}"


@pytest.mark.skipif(not hasattr(os, "fork"), reason="compares in forked children")
def test_fish_asking_whether_there_are_candidates_gets_typers_answer(user_pack: Path) -> None:
    for line, status in [("vnjp stat f", 0), ("vnjp check ", 1), ("vnjp stat fdi ", 1)]:
        environ = {**os.environ, **_environment("fish", line)}
        environ["_TYPER_COMPLETE_FISH_ACTION"] = "is-args"
        assert _launcher_reply(environ) == _typer_reply(environ) == (b"", status), line


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
@pytest.mark.parametrize("line", LEFT)
def test_what_the_launcher_cannot_answer_exactly_is_left_to_typer(shell: str, line: str) -> None:
    assert _launcher_reply({**os.environ, **_environment(shell, line)}) is None


def test_a_pack_not_indexed_yet_is_left_to_typer(tmp_path: Path) -> None:
    mine = tmp_path / "mine.toml"
    # A pack of its own (the key is the content): no other test has indexed it.
    mine.write_text(MINE.replace('name = "Fish"', f'name = "Fish of {tmp_path.name}"'))
    line = f"vnjp --facts {mine} stat "
    assert _launcher_reply({**os.environ, **_environment("bash", line)}) is None
    # Typer's completion builds the index; the next Tab press is answered before it.
    assert "fisheries" in _complete("bash", line, tmp_path).stdout
    assert _launcher_reply({**os.environ, **_environment("bash", line)}) is not None


def test_the_launcher_writes_what_it_answers(tmp_path: Path) -> None:
    line = "vnjp leader-visits --person do"
    for shell in ("bash", "zsh", "fish"):
        result = _complete(shell, line, tmp_path)
        environ = {**os.environ, **_environment(shell, line)}
        assert _launcher_reply(environ) == (result.stdout.encode(), result.returncode)


# -- each shell's own completion ------------------------------------------------------


def _vnjp_on_path(folder: Path) -> dict[str, str]:
    """An environment whose PATH finds `vnjp` (this checkout's) first."""
    folder.mkdir(exist_ok=True)
    vnjp = folder / "vnjp"
    vnjp.write_text(f'#!/bin/sh\nexec {sys.executable} -m vnjp "$@"\n')
    vnjp.chmod(0o755)
    return {**os.environ, "PATH": f"{folder}:{os.environ['PATH']}"}


def _script(shell: str) -> str:
    return subprocess.run(
        [sys.executable, "-m", "vnjp", "--show-completion", shell],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
@pytest.mark.parametrize(
    ("words", "offered"),
    [("leader-visits --person kis", "Kishida\\ Fumio"), ("leader-visits --person do", "Đỗ\\ Mười")],
)
def test_bash_completion_function_offers_a_name_that_runs(
    words: str, offered: str, tmp_path: Path
) -> None:
    """bash's own completion function, as `vnjp --show-completion bash` installs it:
    the candidate it offers, put back on the command line, is one argument."""
    env = _vnjp_on_path(tmp_path / "bin")
    driver = (
        f"{_script('bash')}\n"
        f"COMP_WORDS=(vnjp {words}); COMP_CWORD={len(words.split())}\n"
        "_vnjp_completion vnjp\n"
        'printf "%s\\n" "${COMPREPLY[@]}" > offered\n'
        f'line="vnjp {words.rsplit(" ", 1)[0]} ${{COMPREPLY[0]}} --json"\n'
        'eval "set -- $line"\n'
        '"$@"\n'
    )
    result = subprocess.run(
        ["bash", "--norc", "-c", driver],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "offered").read_text(encoding="utf-8").splitlines() == [offered]
    assert f'"person": "{offered.replace(chr(92), "")}"' in result.stdout


@pytest.mark.skipif(shutil.which("fish") is None, reason="needs fish (apt-get install fish)")
@pytest.mark.parametrize(
    ("line", "offered"),
    [
        ("vnjp leader-visits --person do", ["Do Muoi"]),  # what vnjp reads as Đỗ Mười
        ("vnjp leader-visits --person KIS", ["Kishida Fumio"]),
        ("vnjp leader-visits --person fumio", ["Kishida Fumio"]),
        ("vnjp stat TR", ["trade", "trainees"]),
        ("vnjp st", ["stat"]),
    ],
)
def test_fish_offers_names_ignoring_case_and_accents(
    line: str, offered: list[str], tmp_path: Path
) -> None:
    """fish's own completion (`complete -C`, what Tab runs), with the script
    `vnjp --show-completion fish` installs: what fish keeps of vnjp's candidates."""
    env = _vnjp_on_path(tmp_path / "bin")
    driver = f"{_script('fish')}\ncomplete -C {_fish_quoted(line)}\n"
    result = subprocess.run(
        ["fish", "--no-config", "-c", driver],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert [candidate.split("\t")[0] for candidate in result.stdout.splitlines()] == offered


def _fish_quoted(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


ZSHRC = """
PS1='> '
autoload -Uz compinit && compinit -u -D
{script}
_vnjp_dump() {{ print -r -- "$BUFFER" > {out} }}
zle -N _vnjp_dump
bindkey '^T' _vnjp_dump
"""


def _zsh_after_tab(typed: str, folder: Path) -> str:
    """The command line in an interactive zsh (a terminal of its own, compinit and
    the script `vnjp --show-completion zsh` installs) after typing `typed` and Tab."""
    out = folder / "buffer"
    zdotdir = folder / "zdotdir"
    zdotdir.mkdir(exist_ok=True)
    (zdotdir / ".zshrc").write_text(ZSHRC.format(script=_script("zsh"), out=out))
    env = {**_vnjp_on_path(folder / "bin"), "ZDOTDIR": str(zdotdir), "TERM": "dumb"}
    child, terminal = pty.fork()
    if child == 0:  # pragma: no cover - the child
        os.execvpe("zsh", ["zsh", "--no-globalrcs", "-i"], env)
    try:
        _drain(terminal, until=lambda: False, seconds=1.0)
        os.write(terminal, typed.encode() + b"\t\x14")  # Tab, then Ctrl-T writes the line
        _drain(terminal, until=out.exists, seconds=30.0)
        time.sleep(0.1)
        return out.read_text(encoding="utf-8").rstrip("\n") if out.exists() else ""
    finally:
        os.kill(child, 9)
        os.waitpid(child, 0)
        os.close(terminal)


def _drain(terminal: int, until: Callable[[], bool], seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end and not until():
        if select.select([terminal], [], [], 0.05)[0]:
            try:
                os.read(terminal, 65536)
            except OSError:
                return


@pytest.mark.skipif(shutil.which("zsh") is None, reason="needs zsh (apt-get install zsh)")
@pytest.mark.parametrize(
    ("typed", "line"),
    [
        ("vnjp leader-visits --person kis", "vnjp leader-visits --person Kishida\\ Fumio "),
        ("vnjp leader-visits --person do", "vnjp leader-visits --person Đỗ\\ Mười "),
        ("vnjp leader-visits --person fumio", "vnjp leader-visits --person Kishida\\ Fumio "),
        ("vnjp stat TR", "vnjp stat tra"),
        ("vnjp st", "vnjp stat "),
    ],
)
def test_zsh_offers_names_ignoring_case_and_accents(typed: str, line: str, tmp_path: Path) -> None:
    assert _zsh_after_tab(typed, tmp_path) == line


# -- installing for the shell named ---------------------------------------------------


@pytest.mark.parametrize(
    ("shell", "installed"),
    [
        ("zsh", ".zfunc/_vnjp"),
        ("fish", ".config/fish/completions/vnjp.fish"),
        ("bash", ".bash_completions/vnjp.sh"),
    ],
)
def test_install_completion_installs_for_the_shell_named(
    shell: str, installed: str, tmp_path: Path
) -> None:
    # Run from another shell than the one named: the name decides.
    other = "/bin/zsh" if shell == "bash" else "/bin/bash"
    env = {**os.environ, "HOME": str(tmp_path), "SHELL": other}
    result = subprocess.run(
        [sys.executable, "-m", "vnjp", "--install-completion", shell],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert f"{shell} completion installed in {tmp_path / installed}" in result.stdout
    assert "_VNJP_COMPLETE" in (tmp_path / installed).read_text(encoding="utf-8")
    files = {str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file()}
    assert not {f for f in files if "vnjp" in f} - {installed}


def test_install_completion_for_no_such_shell_is_a_usage_error(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "vnjp", "--install-completion", "tcsh"],
        capture_output=True,
        text=True,
        env={**os.environ, "HOME": str(tmp_path)},
        check=False,
    )
    assert result.returncode == 2
    assert "no completion for the shell 'tcsh'" in result.stderr
    assert not list(tmp_path.iterdir())


def test_the_completion_table_is_made_from_the_app() -> None:
    """The table the launcher answers from is the app's own (scripts/update_cli_docs.py
    writes it; tests/test_docs.py checks the file is current)."""
    import typer

    from vnjp.commands import COMMANDS as table_of_commands
    from vnjp.completion_click import table
    from vnjp.completion_table import COMMANDS, ROOT

    root, commands = table(typer.main.get_command(cli.app))  # type: ignore[arg-type]
    assert (root, commands) == (ROOT, COMMANDS)
    assert list(COMMANDS) == list(table_of_commands)


def test_powershell_matches_names_ignoring_case_as_the_others(tmp_path: Path) -> None:
    # PowerShell is left to Typer's completion; vnjp's callbacks still choose.
    env = {
        "_VNJP_COMPLETE": "complete_powershell",
        "_TYPER_COMPLETE_ARGS": "vnjp leader-visits --person kis",
        "_TYPER_COMPLETE_WORD_TO_COMPLETE": "kis",
    }
    result = subprocess.run(
        [sys.executable, "-m", "vnjp"],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        cwd=tmp_path,
        check=False,
    )
    assert result.stdout.splitlines() == ["Kishida Fumio:::Prime Minister"]
