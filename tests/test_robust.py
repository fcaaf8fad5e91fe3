"""Streams, signals, special files and extreme values: each ends in a documented status
with one clear line, never a traceback (issue: unbreakable, round two)."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT, run
from tests.factfiles import TomlValue, write_facts
from vnjp.load import bundled_facts_dir, load_pack

VNJP = [sys.executable, "-m", "vnjp"]


def vnjp(*args: str, cwd: Path, **options: object) -> subprocess.CompletedProcess[str]:
    result: subprocess.CompletedProcess[str] = subprocess.run(  # type: ignore[call-overload]
        [*VNJP, *args], capture_output=True, text=True, cwd=cwd, check=False, **options
    )
    return result


def _assert_one_clear_line(stderr: str, fragment: str) -> None:
    assert "Traceback" not in stderr
    assert stderr.startswith("vnjp: error: ") and fragment in stderr, stderr


# -- streams --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args", [["timeline"], ["stat", "fdi", "--json"], ["--version"], ["--help"]]
)
def test_a_full_disk_is_an_output_error(args: list[str], tmp_path: Path) -> None:
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [*VNJP, *args],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            cwd=tmp_path,
            check=False,
        )
    assert result.returncode == 6
    _assert_one_clear_line(result.stderr, "cannot write output: No space left on device")


def test_a_closed_stdout_is_an_output_error(tmp_path: Path) -> None:
    result = subprocess.run(
        [*VNJP, "timeline"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
        check=False,
        close_fds=True,
        preexec_fn=lambda: os.close(1),
    )
    assert result.returncode == 6
    _assert_one_clear_line(result.stderr, "cannot write output: standard output is closed")


def test_a_failing_stderr_never_changes_the_status(tmp_path: Path) -> None:
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [*VNJP, "stat", "nope"], stdout=subprocess.PIPE, stderr=full, cwd=tmp_path, check=False
        )
    assert result.returncode == 2


def test_validate_exits_1_when_its_reader_stops_early(tmp_path: Path) -> None:
    broken = ROOT / "docs" / "examples" / "broken.toml"
    result = subprocess.run(
        f"set -o pipefail; {sys.executable} -m vnjp validate {broken} | head -1 > /dev/null",
        shell=True,
        executable="/bin/bash",
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 1


def test_check_from_a_closed_stdin_is_a_usage_error(tmp_path: Path) -> None:
    result = vnjp(
        "check", "-", cwd=tmp_path, stdin=subprocess.DEVNULL, preexec_fn=lambda: os.close(0)
    )
    assert result.returncode == 2
    _assert_one_clear_line(result.stderr, "standard input is closed")


def test_check_from_a_stdin_that_is_not_utf8_is_a_usage_error(tmp_path: Path) -> None:
    result = subprocess.run(
        [*VNJP, "check", "-"],
        input=b"Japan \xff\xfe invested\n",
        capture_output=True,
        cwd=tmp_path,
        env={**os.environ, "LC_ALL": "C", "PYTHONIOENCODING": "ascii:strict"},
        check=False,
    )
    assert result.returncode == 2
    _assert_one_clear_line(result.stderr.decode(), "not UTF-8 text")


def test_click_usage_errors_have_vnjps_style_and_a_hint() -> None:
    outcome = run("timeline", "--fro", "1990")
    assert outcome.exit_code == 2
    assert outcome.stderr.splitlines() == [
        "vnjp: error: No such option: --fro (Possible options: --format, --from, --to)",
        "hint: run 'vnjp timeline -h' for help",
    ]


def test_a_huge_argument_is_shortened_in_messages() -> None:
    huge = "x" * 2_000_000
    for args in (["stat", huge], ["timeline", "--from", huge], ["search", huge + " zzz"]):
        outcome = run(*args)
        assert outcome.exit_code in (1, 2)
        assert len(outcome.stderr) < 2_000, args


# -- signals --------------------------------------------------------------------------


def test_ctrl_c_ends_with_130_and_one_line(tmp_path: Path) -> None:
    process = subprocess.Popen(
        [*VNJP, "check", "-"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
    )
    # `check -` blocks reading stdin only once everything is imported and running.
    time.sleep(1.0)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == 130
    assert stderr.decode() == "vnjp: interrupted\n"


def test_the_interrupt_handler_is_installed_before_anything_heavy(tmp_path: Path) -> None:
    probe = (
        "import signal, sys\n"
        "import vnjp.launch as launch\n"
        "heavy = ('typer', 'rich', 'vnjp.')\n"
        "loaded = lambda: ','.join(sorted(m for m in sys.modules if m.startswith(heavy)))\n"
        "signal.signal = lambda *a: sys.exit(loaded())\n"
        "launch.main()\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=tmp_path, check=False
    )
    assert result.stderr.strip() == "vnjp.launch"


# -- special files and names ----------------------------------------------------------


def test_a_fifo_is_a_usage_error_and_never_blocks(tmp_path: Path) -> None:
    fifo = tmp_path / "facts.toml"
    os.mkfifo(fifo)
    folder = tmp_path / "folder"
    folder.mkdir()
    os.mkfifo(folder / "more.toml")
    for args in (["--facts", str(fifo), "stat"], ["--facts", str(folder), "stat"]):
        result = vnjp(*args, cwd=tmp_path, timeout=30)
        assert result.returncode == 2
        _assert_one_clear_line(result.stderr, "not a regular file")
    env = {
        **os.environ,
        "VNJP_FACTS": str(fifo),
        "_VNJP_COMPLETE": "complete_bash",
        "COMP_WORDS": "vnjp stat ",
        "COMP_CWORD": "2",
    }
    completed = subprocess.run(
        VNJP, capture_output=True, text=True, env=env, timeout=30, check=False
    )
    assert (completed.returncode, completed.stdout.strip(), completed.stderr) == (0, "", "")


def test_a_device_is_a_usage_error(tmp_path: Path) -> None:
    result = vnjp("--facts", "/dev/zero", "stat", cwd=tmp_path, timeout=30)
    assert result.returncode == 2
    _assert_one_clear_line(result.stderr, "not a regular file")


def test_editor_leftovers_and_hidden_files_are_skipped(tmp_path: Path) -> None:
    folder = tmp_path / "facts"
    folder.mkdir()
    (folder / "mine.toml").write_text('[[stats]]\nkey = "fish"\nname = "Fish"\nmeasures = "fish"\n')
    (folder / ".#mine.toml").symlink_to("/nonexistent/lock")
    (folder / "#mine.toml#").write_text("not = [toml")
    (folder / "mine.toml~").write_text("not = [toml")
    (folder / ".hidden.toml").write_text("not = [toml")
    result = vnjp("--facts", str(folder), "stat", "fish", "--json", cwd=tmp_path)
    assert result.returncode == 1, result.stderr  # the key exists, with no figures
    assert "has no figures" in result.stderr


def test_a_fact_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    name = os.fsencode(tmp_path) + b"/bad\xff.toml"
    with open(name, "w") as stream:
        stream.write('[[stats]]\nkey = "fish"\nname = "Fish"\nmeasures = "fish"\n')
    result = subprocess.run(
        [*VNJP, "validate", os.fsdecode(name)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    broken = os.fsencode(tmp_path) + b"/worse\xfe.toml"
    with open(broken, "w") as stream:
        stream.write("oops = [")
    result = subprocess.run(
        [*VNJP, "validate", os.fsdecode(broken)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 1
    assert "worse\\udcfe.toml" in result.stdout and "Traceback" not in result.stderr


def test_an_empty_path_is_a_usage_error() -> None:
    for args in (["validate", ""], ["--facts", "", "stat"]):
        outcome = run(*args)
        assert outcome.exit_code == 2, args
        assert "empty path" in outcome.stderr


# -- values at the limits ---------------------------------------------------------------

SOURCE = '[[sources]]\nid = "s"\ntitle = "T"\npublisher = "P"\npublished = "2020"\n'
STAT = '[[stats]]\nkey = "k"\nname = "K"\nmeasures = "m"\n'


def _observation(value: str) -> str:
    return (
        f'[[observations]]\nid = "o"\nstat = "k"\nmetric = "m"\nvalue = {value}\n'
        'unit = "USD"\nperiod = "2020"\nsources = ["s"]\n'
    )


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        (_observation("1" + "0" * 400), "must be at most 10^18"),
        (_observation("-1e300"), "must be at most 10^18"),
        (_observation("inf"), "must be a finite number"),
        ("x = " + "[" * 600 + "]" * 600 + "\n", "nested deeper than vnjp reads"),
        (
            '[[events]]\nid = "e"\ndate = "0000"\ntitle = "t"\nsummary = "s"\n'
            'category = "c"\nsources = ["s"]\n',
            "the year must be from 0001 to 9999",
        ),
    ],
)
def test_values_beyond_what_a_fact_can_be_are_problems(
    body: str, problem: str, tmp_path: Path
) -> None:
    path = tmp_path / "facts.toml"
    path.write_text(SOURCE + STAT + body, encoding="utf-8")
    checked = run("validate", str(path))
    assert checked.exit_code == 1
    assert problem in checked.stdout and str(path) in checked.stdout
    for args in (["stat", "k", "--json"], ["search", "k"], ["check", "k was 5"]):
        outcome = run("--facts", str(path), *args)
        assert outcome.exit_code == 4, (args, outcome.stderr)


@pytest.mark.parametrize(
    "claim",
    [
        "Japan invested " + "9" * 4400 + " dollars",
        "Japan invested 1." + "5" * 5000 + " billion",
        "Japan is among the top " + "9" * 5000 + " investors",
        "Japan" + " " * 200_000 + "invested 5 billion",
    ],
)
def test_a_claim_with_extreme_numbers_or_length_gets_a_label(claim: str) -> None:
    outcome = run("check", claim, "--json")
    assert outcome.exit_code in (0, 1, 3)
    assert '"verdict"' in outcome.stdout


@pytest.mark.parametrize(
    "claim",
    [
        "Diplomatic relations were established in 0000",
        "Japan and Vietnam established relations in 500 BC",
        "Relations were established in year -1973",
    ],
)
def test_what_is_not_a_year_is_never_supported(claim: str) -> None:
    outcome = run("check", claim)
    assert outcome.exit_code == 3
    assert "not a date the fact pack can compare" in outcome.stdout


def test_an_absurd_width_is_capped(tmp_path: Path) -> None:
    result = vnjp(
        "stat", "fdi", cwd=tmp_path, timeout=60, env={**os.environ, "COLUMNS": "1000000000"}
    )
    assert result.returncode == 0
    assert max(len(line) for line in result.stdout.splitlines()) <= 1_000


def test_csv_neutralises_formulas_unless_raw(tmp_path: Path) -> None:
    path = tmp_path / "facts.toml"
    events = "".join(
        f'[[events]]\nid = "e{n}"\ndate = "2020"\ntitle = "{start}cmd|calc"\n'
        f'summary = "s"\ncategory = "c"\nsources = ["s"]\n'
        for n, start in enumerate(["=", "+", "-", "@", "\\t", "\\r", "plain "])
    )
    path.write_text(SOURCE + events, encoding="utf-8")
    safe = run("--no-bundled", "--facts", str(path), "timeline", "--format", "csv")
    titles = [line.split(",")[3] for line in safe.stdout.splitlines()[1:]]
    assert titles[:4] == ["'=cmd|calc", "'+cmd|calc", "'-cmd|calc", "'@cmd|calc"]
    assert titles[-1] == "plain cmd|calc"
    raw = run("--no-bundled", "--facts", str(path), "timeline", "--format", "csv-raw")
    assert [line.split(",")[3] for line in raw.stdout.splitlines()[1:5]] == [
        "=cmd|calc",
        "+cmd|calc",
        "-cmd|calc",
        "@cmd|calc",
    ]


def test_completion_candidates_from_a_hostile_pack_are_inert(tmp_path: Path) -> None:
    path = tmp_path / "facts.toml"
    path.write_text(
        SOURCE + '[[stats]]\nkey = "evil"\nname = "Red\\u001b[31m \\u0007bell \\u202eright"\n'
        'measures = "m"\n',
        encoding="utf-8",
    )
    for shell in ("bash", "zsh", "fish"):
        env = {**os.environ, "_VNJP_COMPLETE": f"complete_{shell}", "VNJP_FACTS": str(path)}
        if shell == "bash":
            env.update(COMP_WORDS="vnjp stat ev", COMP_CWORD="2")
        else:
            env.update(_TYPER_COMPLETE_ARGS="vnjp stat ev", _TYPER_COMPLETE_FISH_ACTION="get-args")
        result = subprocess.run(
            VNJP, capture_output=True, text=True, env=env, cwd=tmp_path, check=False
        )
        assert result.returncode == 0 and "evil" in result.stdout, (shell, result.stderr)
        for raw in ("\x1b", "\x07", "\u202e"):
            assert raw not in result.stdout, (shell, repr(result.stdout))


# -- text files as editors save them (issue 18, item 3) ---------------------------------

BOM = b"\xef\xbb\xbf"
DRAFT = "Japan is the largest ODA provider to Vietnam.\nThe partnership is warm.\n"


def _crlf(text: str) -> bytes:
    return text.replace("\n", "\r\n").encode("utf-8")


def test_a_fact_file_with_a_bom_and_crlf_reads_as_any_other(tmp_path: Path) -> None:
    """Notepad saves UTF-8 with a byte-order mark; it was 'not valid TOML' at 1:1."""
    path = tmp_path / "notepad.toml"
    path.write_bytes(BOM + _crlf(SOURCE + STAT))
    checked = run("validate", str(path))
    assert checked.exit_code == 0, checked.stdout
    outcome = run("--facts", str(path), "sources", "--json")
    assert outcome.exit_code == 0
    assert "\ufeff" not in outcome.stdout and '"id": "s"' in outcome.stdout


def test_a_problem_in_a_file_with_a_bom_keeps_its_line(tmp_path: Path) -> None:
    path = tmp_path / "notepad.toml"
    path.write_bytes(BOM + _crlf(SOURCE + STAT + _observation("inf")))
    checked = run("validate", str(path))
    line = (SOURCE + STAT).count("\n") + 5  # the observation's `value`
    assert checked.stdout == f"{path}:{line}: record o: field 'value' must be a finite number\n"


@pytest.mark.parametrize(
    ("encoding", "named"),
    [("utf-16", "UTF-16"), ("utf-16-be", "UTF-16"), ("utf-32", "UTF-32")],
)
def test_a_fact_file_in_utf16_is_named_as_such(tmp_path: Path, encoding: str, named: str) -> None:
    path = tmp_path / "wide.toml"
    mark = {"utf-16-be": b"\xfe\xff"}.get(encoding, b"")
    path.write_bytes(mark + (SOURCE + STAT).encode(encoding))
    checked = run("validate", str(path))
    assert checked.exit_code == 1
    assert checked.stdout == (
        f"{path}: cannot read the file: not UTF-8: {named} with a byte-order mark: "
        "save it as UTF-8\n"
    )


@pytest.mark.parametrize("output", ["json", "csv", "markdown", "table"])
def test_a_draft_with_a_bom_is_reviewed_without_it(tmp_path: Path, output: str) -> None:
    draft = tmp_path / "draft.md"
    draft.write_bytes(BOM + _crlf(DRAFT))
    from_file = run("review", str(draft), "--format", output)
    piped = subprocess.run(
        [*VNJP, "review", "-", "--format", output],
        input=BOM + _crlf(DRAFT),
        capture_output=True,
        cwd=tmp_path,
        env={**os.environ, "COLUMNS": "200"},
        check=False,
    )
    for code, text in (
        (from_file.exit_code, from_file.stdout),
        (piped.returncode, piped.stdout.decode()),
    ):
        assert code == 0, text
        assert "\ufeff" not in text and "\\ufeff" not in text and "\\xef" not in text
        assert "Japan is the largest ODA provider to Vietnam." in text


def test_claims_from_a_file_with_a_bom_are_checked_without_it(tmp_path: Path) -> None:
    claims = tmp_path / "claims.txt"
    claims.write_bytes(BOM + _crlf("Japan is the largest ODA provider to Vietnam.\n"))
    outcome = run("check", "--file", str(claims), "--json")
    assert outcome.exit_code == 0
    assert "\ufeff" not in outcome.stdout and "\\ufeff" not in outcome.stdout
    assert '"SUPPORTED"' in outcome.stdout


def test_a_draft_in_utf16_is_a_usage_error_naming_it(tmp_path: Path) -> None:
    draft = tmp_path / "draft.md"
    draft.write_bytes(DRAFT.encode("utf-16"))
    outcome = run("review", str(draft))
    assert outcome.exit_code == 2
    assert outcome.stderr.startswith(
        f"vnjp: error: {draft}: not UTF-8 text (UTF-16 with a byte-order mark: save it as UTF-8)"
    )


# -- errors point where the user can fix them (issue 18, item 4) -----------------------


def _user_record(table: str, record_id: str) -> dict[str, TomlValue]:
    """A valid record of `table` with this id, citing the bundled pack's source."""
    cited: dict[str, TomlValue] = {"sources": ["trusted-partners"]}
    records: dict[str, dict[str, TomlValue]] = {
        "sources": {"title": "T", "publisher": "P", "published": "2020"},
        "events": {
            "date": "2024", "title": "T", "summary": "S", "category": "diplomacy", **cited
        },
        "visits": {
            "date": "2024", "person": "Some One", "role": "Envoy", "from": "VN", "to": "JP",
            "visit_type": "official visit", **cited,
        },
        "observations": {
            "stat": "fdi", "metric": "m", "value": 1, "unit": "USD", "period": "2020", **cited
        },
    }  # fmt: skip
    return {"id": record_id, **records[table]}


def _bundled_ids() -> dict[str, tuple[str, str]]:
    """One id of each kind in the bundled pack, with the kind a problem calls it."""
    pack = load_pack()
    return {
        "source": (pack.sources[0].id, "source"),
        "event": (pack.events[0].id, "event"),
        "visit": (pack.visits[0].id, "visit"),
        "figure": (pack.observations[0].id, "figure"),
    }


@pytest.mark.parametrize("theirs", ["source", "event", "visit", "figure"])
@pytest.mark.parametrize("table", ["sources", "events", "visits", "observations"])
def test_an_id_of_the_bundled_pack_is_reported_at_the_users_file(
    tmp_path: Path, table: str, theirs: str
) -> None:
    """Whatever the two kinds (events are read before figures, sources before all), the
    problem is at the user's file and line, names the bundled record and a way out."""
    record_id, kind = _bundled_ids()[theirs]
    mine = write_facts(tmp_path, "mine.toml", {table: [_user_record(table, record_id)]})
    outcome = run("validate", str(mine))
    assert outcome.exit_code == 1
    (line,) = outcome.stdout.splitlines()
    bundled = bundled_facts_dir()
    assert line.startswith(
        f"{mine}:2: record {record_id}: duplicate id '{record_id}': the {kind} at {bundled}"
    ), line
    assert line.endswith(f"give yours a prefix of your own, such as 'my-{record_id}'")
    # The bundled record's place is named with its line, for the curious.
    assert re.search(rf" at {re.escape(str(bundled))}/\w+\.toml:\d+ has it;", line), line


# -- names in any locale (issue 18, item 5) ----------------------------------------------


def _in_locale(c_locale: bool, *args: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    """vnjp in a UTF-8 locale, or in the C locale with Python's UTF-8 mode turned off
    (where Python reads the command line as ASCII)."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONIOENCODING", "LC_CTYPE")}
    env.update(
        {"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0"}
        if c_locale
        else {"LC_ALL": "C.UTF-8", "PYTHONUTF8": "1"}
    )
    return subprocess.run([*VNJP, *args], capture_output=True, env=env, cwd=cwd, check=False)


@pytest.mark.parametrize(
    "args",
    [
        ["leader-visits", "--person", "Võ Văn Kiệt", "--json"],
        ["leader-visits", "--person", "Đỗ Mười", "--json"],
        ["search", "Nguyễn Phú Trọng", "--json"],
        ["check", "Đỗ Mười visited Japan in 1995.", "--json"],
    ],
    ids=["person", "person-d", "search", "check"],
)
def test_arguments_match_the_same_way_in_a_c_locale(tmp_path: Path, args: list[str]) -> None:
    utf8 = _in_locale(False, *args, cwd=tmp_path)
    ascii_locale = _in_locale(True, *args, cwd=tmp_path)
    assert utf8.returncode == 0, utf8.stderr
    assert (ascii_locale.returncode, ascii_locale.stderr) == (0, b"")
    assert ascii_locale.stdout == utf8.stdout


def test_a_path_beyond_ascii_in_a_c_locale(tmp_path: Path) -> None:
    path = tmp_path / "nháp.toml"
    path.write_text(SOURCE + STAT, encoding="utf-8")
    for c_locale in (False, True):
        result = _in_locale(c_locale, "validate", str(path), cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        broken = tmp_path / "hỏng.toml"
        broken.write_text("oops = [", encoding="utf-8")
        result = _in_locale(c_locale, "validate", str(broken), cwd=tmp_path)
        assert result.returncode == 1
        assert result.stdout.startswith(os.fsencode(broken) + b":1: not valid TOML")


def test_bytes_that_are_not_utf8_stay_a_usage_error_in_a_c_locale(tmp_path: Path) -> None:
    result = subprocess.run(
        [*VNJP, "stat", os.fsdecode(b"fd\xffi")],
        capture_output=True,
        env={**os.environ, "LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0"},
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.startswith(b"vnjp: error: unknown stat key 'fd\\udcffi'")


@pytest.mark.parametrize("c_locale", [False, True], ids=["utf8", "c-locale"])
def test_the_very_name_typed_is_never_suggested(tmp_path: Path, c_locale: bool) -> None:
    """Võ Văn Kiệt visited Japan from Vietnam: with --by JP nothing matches, and the
    suggestion was his own name, as typed (in ASCII: 'Vo Van Kiet')."""
    result = _in_locale(
        c_locale, "leader-visits", "--person", "Võ Văn Kiệt", "--by", "JP", cwd=tmp_path
    )
    assert result.returncode == 1
    assert result.stderr == b"vnjp: error: no visit matches these filters\n"
    misspelt = _in_locale(c_locale, "leader-visits", "--person", "Vo Van Kiat", cwd=tmp_path)
    assert b"did you mean --person" in misspelt.stderr, "a real suggestion is still made"
