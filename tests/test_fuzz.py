"""Property tests: no command line and no fact file ever ends in a traceback.

Whatever the arguments or the fact file, vnjp exits with a documented status that
is not an internal error, and `--json` prints valid JSON when it exits 0 or 1.
"""

from __future__ import annotations

import functools
import json
import os
import signal
import sqlite3
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from tests.factfiles import TomlValue, toml_document
from tests.test_export import EXPORTED
from vnjp.claims.verdict import Checker
from vnjp.cli import app
from vnjp.errors import ExitStatus
from vnjp.load import open_index
from vnjp.results import Label
from vnjp.text import is_unsafe

# No example database in the working folder: tests write only in temporary folders.
SANDBOX = settings(database=None)
# Every documented status but INTERNAL_ERROR, which would be a bug.
EXPECTED = {status.value for status in ExitStatus} - {ExitStatus.INTERNAL_ERROR.value}
COMMANDS = ["timeline", "leader-visits", "stat", "sources", "validate", "search", "check"]
OPTIONS = [
    "--json",
    "--from",
    "--to",
    "--category",
    "--source",
    "--by",
    "--person",
    "--kind",
    "--limit",
    "--file",
    "-",
    "--facts",
    "--no-bundled",
    "--ascii",
    "--debug",
    "--help",
    "--version",
]
KNOWN_VALUES = [
    "fdi",
    "oda",
    "trade",
    "VN",
    "jp",
    "1993",
    "2023",
    "-1",
    "99999",
    "diplomacy",
    "event",
    "Japan is Vietnam's 4th largest trading partner",
    "over $3.5bn in the first 9 months of 2023",
    "ranked 3/143 on 21 September 1973",
]

# Text as a command line can carry it: control characters, very long strings, and
# bytes that are not UTF-8 (Python hands those over as lone surrogates).
weird_text = st.one_of(
    st.text(max_size=30),
    st.text(st.characters(max_codepoint=0x9F), max_size=30),
    st.binary(max_size=30).map(lambda raw: raw.decode("utf-8", "surrogateescape")),
    st.integers(min_value=1, max_value=5_000).map(lambda n: "x" * n),
)
tokens = st.one_of(
    st.sampled_from(COMMANDS), st.sampled_from(OPTIONS), st.sampled_from(KNOWN_VALUES), weird_text
)


def _invoke(args: list[str]) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, args)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def _assert_well_behaved(args: list[str], code: int, stdout: str, stderr: str) -> None:
    assert code in EXPECTED, (args, code, stderr)
    assert "Traceback" not in stderr and "Traceback" not in stdout
    wants_json = "--json" in args and not {"--help", "--version", "-h"} & set(args)
    if wants_json and code in (0, 1) and stdout:
        json.loads(stdout)


@settings(SANDBOX, max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(tokens, max_size=4).flatmap(
        lambda head: st.tuples(
            st.just(head), st.sampled_from(COMMANDS), st.lists(tokens, max_size=5)
        )
    )
)
def test_any_command_line_ends_in_a_documented_status(
    parts: tuple[list[str], str, list[str]],
) -> None:
    head, command, tail = parts
    args = [*head, command, *tail]
    _assert_well_behaved(args, *_invoke(args))


# -- fact files ------------------------------------------------------------------

PACK_COMMANDS = [
    ["timeline"],
    ["leader-visits"],
    ["stat"],
    ["sources"],
    ["search", "a"],
    ["check", "k was over 5 billion in 2020"],
]
FORMATS = ["table", "json", "jsonl", "csv", "csv-raw", "markdown"]

FIELDS = [
    "id", "key", "date", "title", "summary", "category", "sources", "people", "places",
    "note", "inferred", "person", "role", "from", "to", "visit_type", "first", "outcomes",
    "stat", "metric", "value", "unit", "qualifier", "period", "as_of", "rank", "rank_of",
    "out_of", "name", "measures", "publisher", "published",
]  # fmt: skip
TABLES = ["sources", "events", "visits", "stats", "observations", "other"]
toml_values: st.SearchStrategy[TomlValue] = st.one_of(
    st.sampled_from(["2023", "2023-09", "1993-04/1995", "2024-02-30", "VN", "JP", "over"]),
    st.sampled_from(["trusted-partners", "x", "", "diplomacy", "USD", "percent", "oda"]),
    st.text(st.characters(codec="utf-8", max_codepoint=0xFFFF), max_size=20),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.sampled_from([10**400, -(10**400), 10**18, 10**18 + 1, 0]),
    st.floats(),
    st.booleans(),
    st.lists(st.sampled_from(["trusted-partners", "vns-50-years", "", "\x1b[31m"]), max_size=3),
)
records = st.dictionaries(
    st.one_of(st.sampled_from(FIELDS), st.from_regex(r"[a-z_]{1,8}", fullmatch=True)),
    toml_values,
    max_size=12,
)
documents = st.dictionaries(st.sampled_from(TABLES), st.lists(records, max_size=3), max_size=4)


def _mutated(text: str, data: st.DataObject) -> str:
    """The document, sometimes with a line cut short or a character thrown in."""
    lines = text.splitlines()
    mutate: bool = data.draw(st.booleans(), label="mutate")
    if lines and mutate:
        index = data.draw(st.integers(0, len(lines) - 1), label="line")
        cut = data.draw(st.integers(0, len(lines[index])), label="cut")
        noise = data.draw(st.text(max_size=3), label="noise")
        lines[index] = lines[index][:cut] + noise
    return "\n".join(lines)


@settings(SANDBOX, max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents, st.booleans(), st.data())
def test_any_fact_file_ends_in_a_documented_status(
    document: dict[str, list[dict[str, TomlValue]]], bundled: bool, data: st.DataObject
) -> None:
    text = _mutated(toml_document(document), data)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzzed.toml"
        path.write_text(text, encoding="utf-8", errors="surrogateescape")
        pack_options = ["--facts", str(path)] + ([] if bundled else ["--no-bundled"])
        validated = False
        for args in (
            ["validate", str(path)],
            [*pack_options, "timeline", "--json"],
            [*pack_options, "stat"],
            [*pack_options, "leader-visits", "--person", "a"],
        ):
            code, stdout, stderr = _invoke(args)
            _assert_well_behaved(args, code, stdout, stderr)
            if args[0] == "validate":
                assert code in (0, 1)
                validated = code == 0
                for line in stdout.splitlines():
                    assert line.startswith(str(path)), line
        if validated:
            # Nothing that passes validate can break another command, in any format.
            command = data.draw(st.sampled_from(PACK_COMMANDS), label="command")
            output = data.draw(st.sampled_from(FORMATS), label="format")
            args = [*pack_options, *command, "--format", output]
            code, stdout, stderr = _invoke(args)
            assert code in (0, 1, 3), (args, code, stderr)
            assert "Traceback" not in stderr


@settings(SANDBOX, max_examples=50, deadline=None)
@given(st.binary(max_size=200))
def test_any_bytes_as_a_fact_file_end_in_a_documented_status(raw: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bytes.toml"
        path.write_bytes(raw)
        code, stdout, stderr = _invoke(["validate", str(path)])
        _assert_well_behaved(["validate"], code, stdout, stderr)
        assert code in (0, 1)


claim_words = st.sampled_from(
    "Japan Vietnam's ODA FDI trade over about nearly US$ $ 29.3 billion bn million 5,198 "
    "30% per cent fourth largest third among 143 3/143 in on April 1993 21 September 1973 "
    "first nine months of 2023 not Kishida Fumio Đỗ Mười visited exports to from".split()
)


@settings(SANDBOX, max_examples=300, deadline=None)
@given(st.lists(st.one_of(claim_words, st.text(max_size=8)), max_size=14).map(" ".join))
def test_check_gives_a_label_for_any_sentence(sentence: str) -> None:
    verdict = _checker().check(sentence)
    assert verdict.label in set(Label)
    assert verdict.reason
    if verdict.label is Label.NOT_ENOUGH_INFO:
        assert verdict.evidence == ()


@functools.cache
def _checker() -> Checker:
    return Checker(open_index())


# -- completion, widths and homes -------------------------------------------------


def _in_environment(text: str) -> bool:
    """Whether the OS can carry the text in an environment variable."""
    try:
        return b"\0" not in os.fsencode(text)
    except UnicodeEncodeError:
        return False


@settings(SANDBOX, max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(["bash", "zsh", "fish"]),
    st.lists(tokens.filter(_in_environment), max_size=4),
    st.one_of(weird_text, st.sampled_from(["", "k", "do", "Ng", "\x1b[31m"])).filter(
        _in_environment
    ),
)
def test_completion_in_every_shell_never_fails_and_prints_inert_text(
    shell: str, words: list[str], typed: str
) -> None:
    line = " ".join(["vnjp", *words, typed])
    env = {"_VNJP_COMPLETE": f"complete_{shell}"}
    if shell == "bash":
        env.update(COMP_WORDS=line, COMP_CWORD=str(len(words) + 1))
    else:
        env.update(_TYPER_COMPLETE_ARGS=line, _TYPER_COMPLETE_FISH_ACTION="get-args")
    result = CliRunner().invoke(app, [], env=env, prog_name="vnjp")
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert not any(is_unsafe(ch) for ch in result.stdout), repr(result.stdout)


@settings(SANDBOX, max_examples=60, deadline=None)
@given(
    st.one_of(
        st.integers(min_value=-5, max_value=10**12).map(str),
        st.sampled_from(["", "abc", "80x", " 100", "1e3", "-80"]),
    ),
    st.sampled_from([["stat", "fdi"], ["leader-visits"], ["sources"]]),
)
def test_any_columns_gives_a_table_no_wider_than_the_cap(columns: str, args: list[str]) -> None:
    result = CliRunner().invoke(app, args, env={"COLUMNS": columns})
    assert result.exit_code == 0, result.output
    assert max(len(line) for line in result.stdout.splitlines()) <= 1_000


# A home that must never exist (Debian's for `nobody`): a test run as root once made
# /nonexistent/home/.cache/vnjp on the real disk. Seen before any test of this file.
NONEXISTENT = Path("/nonexistent")
NONEXISTENT_BEFORE = NONEXISTENT.exists()


@pytest.mark.parametrize(
    ("env", "cache"),
    [
        ({"HOME": ""}, None),
        ({"HOME": "relative/home"}, None),
        ({"HOME": "{tmp}/nonexistent/home", "XDG_CACHE_HOME": ""}, "nonexistent/home/.cache/vnjp"),
        ({"XDG_CACHE_HOME": "relative/cache"}, "home/.cache/vnjp"),
        ({"XDG_CACHE_HOME": "{tmp}/xdg"}, "xdg/vnjp"),
        ({"XDG_CACHE_HOME": "/proc/not-writable"}, None),
        ({"XDG_CACHE_HOME": "/dev/null"}, None),
    ],
    ids=lambda value: (
        " ".join(f"{k}={v}" for k, v in value.items()) if isinstance(value, dict) else str(value)
    ),
)
def test_any_home_and_cache_setting_answers_and_writes_only_in_its_sandbox(
    env: dict[str, str], cache: str | None, tmp_path: Path
) -> None:
    """HOME is always under this test's temporary folder (so is the home the cache
    falls back to), and the cache lands exactly where the settings say, or nowhere."""
    home, work = tmp_path / "home", tmp_path / "work"
    home.mkdir()
    work.mkdir()
    unset = ("VNJP_CACHE_DIR", "XDG_CACHE_HOME")
    environment = {k: v for k, v in os.environ.items() if k not in unset}
    environment["HOME"] = str(home)
    environment.update({k: v.replace("{tmp}", str(tmp_path)) for k, v in env.items()})
    result = subprocess.run(
        [sys.executable, "-m", "vnjp", "stat", "fdi", "--json"],
        capture_output=True,
        text=True,
        env=environment,
        cwd=work,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    json.loads(result.stdout)
    assert list(work.iterdir()) == []
    written = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file())
    assert [Path(p).parent.as_posix() for p in written] == ([cache] if cache else [])
    assert NONEXISTENT_BEFORE or not NONEXISTENT.exists(), "written outside the sandbox"


def test_no_test_before_this_one_made_the_nonexistent_home() -> None:
    """Fails when /nonexistent appears during the run (as root, a test's HOME there is
    created for real); this file runs after most others."""
    assert NONEXISTENT_BEFORE or not NONEXISTENT.exists(), (
        "a test wrote to /nonexistent: give it a HOME in its temporary folder"
    )


class _TooSlow(Exception):
    pass


def _too_slow(signum: int, frame: object) -> None:
    raise _TooSlow


adversarial = st.one_of(
    st.sampled_from([" ", "\t", "1 ", "9.", "A ", "$"]),
    st.lists(
        st.sampled_from(
            [
                " ",
                "\t",
                "1",
                "1,",
                "9.",
                ".",
                "US$ ",
                "$",
                "about ",
                "over ",
                "more than ",
                "May ",
                "first ",
                "among the ",
                "top ",
                "3/",
                "half a ",
                "billion",
                "in ",
                "A ",
                "Japan ",
                "'s",
            ]
        ),
        min_size=1,
        max_size=20,
    ).map("".join),
)


@settings(SANDBOX, max_examples=40, deadline=None)
@given(adversarial, st.integers(min_value=1_000, max_value=100_000))
# Each took 17-48 s when a span's freedom was checked against every span read before.
@example("top ", 100_000)
@example("3/", 100_000)
def test_the_claim_reader_is_fast_on_long_adversarial_input(
    monkeypatch_claim_limit: None, unit: str, length: int
) -> None:
    """Uncapped, 100,000 characters of any repeated pattern are read within 20 s: the
    reader is linear (about 0.2 s here); a quadratic one took over 5 s for 10,000
    spaces. Enforced by a generous timer in the test process, not by comparing
    wall-clock times."""
    from vnjp.claims.reading import parse_claim

    text = (unit * (length // len(unit) + 1))[:length]
    previous = signal.signal(signal.SIGALRM, _too_slow)
    signal.setitimer(signal.ITIMER_REAL, 20.0)
    try:
        parse_claim(text)
    except _TooSlow:
        pytest.fail(f"reading {length:,} characters of {unit!r} took over 20 s")
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture(scope="module")
def monkeypatch_claim_limit() -> Iterator[None]:
    import vnjp.claims.reading

    limit = vnjp.claims.reading.MAX_CLAIM_CHARS
    vnjp.claims.reading.MAX_CLAIM_CHARS = 10**9
    yield
    vnjp.claims.reading.MAX_CLAIM_CHARS = limit


# -- planted cache entries and exports (issue 18, item 7) -------------------------------

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
# A generous guard against a hang (a FIFO opened, a view that never ends), never a
# measure of speed: each call below answers in well under a second.
HANG = 120
CACHE_COMMANDS = [
    ["timeline", "--json"],
    ["stat", "fdi", "--json"],
    ["search", "kishida", "--json"],
    ["check", "Japan is the largest ODA provider to Vietnam.", "--json"],
]
PLANTS = [
    "fifo", "folder", "socket", "device", "link-to-fifo", "link-to-index", "dangling-link",
    "another-users-file", "sparse", "random-bytes", "truncated", "sql", "damaged-pages",
]  # fmt: skip
RECURSIVE = "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) "
SQL_CHANGES = [
    ("ALTER TABLE meta RENAME TO m", f"CREATE VIEW meta(key, value) AS {RECURSIVE}"
     "SELECT key, value FROM m UNION ALL SELECT 'x', n FROM r"),
    ("ALTER TABLE records RENAME TO r2",
     f"CREATE VIEW records AS {RECURSIVE}SELECT r2.* FROM r2, r"),
    ("CREATE TRIGGER t AFTER INSERT ON cites BEGIN DELETE FROM records; END",),
    ("CREATE VIEW v AS SELECT 1",),
    ("CREATE TABLE extra (x)",),
    ("ALTER TABLE people ADD COLUMN extra TEXT",),
    ("DROP INDEX people_by_key",),
    ("DROP TABLE names",),
    ("ANALYZE",),
    ("UPDATE meta SET value = '999' WHERE key = 'format'",),
    ("UPDATE meta SET value = 'another pack' WHERE key = 'key'",),
    ("DELETE FROM meta",),
    ("PRAGMA journal_mode = WAL",),
    ("PRAGMA user_version = 7",),
]  # fmt: skip


@dataclass(frozen=True, repr=False)  # a short name in hypothesis's reports
class Pristine:
    """A copy of the bundled facts, a clean index of them, and each command's answer."""

    facts: Path
    index_file: Path
    answers: dict[str, bytes]


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Pristine:
    import shutil

    from vnjp import load

    facts = tmp_path_factory.mktemp("facts")
    shutil.copytree(load.bundled_facts_dir(), facts, dirs_exist_ok=True)
    cache = tmp_path_factory.mktemp("clean-cache")
    answers = {
        " ".join(args): _vnjp_with_cache(cache, facts, args).stdout for args in CACHE_COMMANDS
    }
    (index_file,) = cache.glob("pack-*.sqlite")
    return Pristine(facts, index_file, answers)


def _vnjp_with_cache(
    cache: Path, facts: Path, args: list[str]
) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "VNJP_CACHE_DIR": str(cache), "SOURCE_DATE_EPOCH": "1701129600"}
    return subprocess.run(
        [sys.executable, "-m", "vnjp", "--no-bundled", "--facts", str(facts), *args],
        capture_output=True,
        env=env,
        cwd=cache,
        timeout=HANG,
        check=False,
    )


def _plant(kind: str, path: Path, clean: Path, data: st.DataObject) -> None:
    """Put something at the index's path, as a careless tool, a damaged disk or another
    process might."""
    import shutil

    if kind in ("device", "another-users-file") and not IS_ROOT:
        pytest.skip("a device node and another user's file need root")  # never drawn then
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
        (path / "inside").write_bytes(b"x")
    elif kind == "socket":
        import socket

        with socket.socket(socket.AF_UNIX) as server:
            server.bind(str(path))
    elif kind == "device":
        os.mknod(path, 0o600 | stat.S_IFCHR, os.makedev(1, 5))  # like /dev/zero
    elif kind.startswith(("link", "dangling")):
        target = path.parent / "target"
        if kind == "link-to-fifo":
            os.mkfifo(target)
        elif kind == "link-to-index":
            shutil.copyfile(clean, target)
        path.symlink_to(target)
    else:
        shutil.copyfile(clean, path)
        path.chmod(0o600)
        _spoil(kind, path, data)
        if kind == "another-users-file":
            os.chown(path, 65534, 65534)


def _spoil(kind: str, path: Path, data: st.DataObject) -> None:
    """Change a regular copy of a clean index."""
    size = path.stat().st_size
    page = 4096
    if kind == "sparse":
        with path.open("r+b") as stream:
            stream.truncate(size + data.draw(st.integers(1, 1 << 40), label="extra bytes"))
    elif kind == "random-bytes":
        header = data.draw(st.sampled_from([b"", b"SQLite format 3\0"]), label="header")
        path.write_bytes(header + data.draw(st.binary(max_size=3 * page), label="bytes"))
    elif kind == "truncated":
        with path.open("r+b") as stream:
            stream.truncate(data.draw(st.integers(0, size - 1), label="length"))
    elif kind == "sql":
        connection = sqlite3.connect(path)
        for statement in data.draw(st.sampled_from(SQL_CHANGES), label="change"):
            connection.execute(statement)
        connection.commit()
        connection.close()
    elif kind == "damaged-pages":
        pages = data.draw(
            st.lists(st.integers(1, size // page), min_size=1, max_size=3, unique=True),
            label="pages",
        )
        # What a page becomes: zeros, ones or noise; never a valid b-tree page type
        # (SQLite has no checksums: a page that parses is data, not damage).
        noise = data.draw(st.binary(min_size=page - 1, max_size=page - 1), label="noise")
        fill = data.draw(st.sampled_from([b"\0" * page, b"\xff" * page, b"\x01" + noise]))
        with path.open("r+b") as stream:
            for number in pages:
                stream.seek((number - 1) * page)
                stream.write(fill)


@settings(SANDBOX, max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.sampled_from([p for p in PLANTS if IS_ROOT or p not in ("device", "another-users-file")]),
       st.sampled_from(CACHE_COMMANDS), st.data())  # fmt: skip
def test_anything_planted_in_the_cache_is_replaced_and_the_answer_is_the_same(
    pristine: Pristine, kind: str, args: list[str], data: st.DataObject
) -> None:
    clean = pristine.index_file
    cache = Path(tempfile.mkdtemp(dir=clean.parent.parent))
    cache.chmod(0o700)
    path = cache / clean.name
    _plant(kind, path, clean, data)
    result = _vnjp_with_cache(cache, pristine.facts, args)
    assert b"Traceback" not in result.stderr and b"bug" not in result.stderr, result.stderr
    assert result.stdout == pristine.answers[" ".join(args)], result.stderr
    found = path.lstat()
    assert stat.S_ISREG(found.st_mode) and found.st_uid == os.getuid(), kind
    if kind == "link-to-index":
        assert (cache / "target").read_bytes() == clean.read_bytes(), "a link was followed"


# Whatever stops an export, the destination is the old file, whole, or the new one.
OLD_EXPORT = b"an old file that must survive whole or be replaced whole\n"


def _old_or_new(target: Path, old: bytes, records: int) -> str:
    if target.read_bytes() == old:
        return "old"
    connection = sqlite3.connect(f"{target.as_uri()}?mode=ro", uri=True)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert connection.execute(EXPORTED).fetchone() == (records,)
    finally:
        connection.close()
    return "new"


@pytest.fixture(scope="module")
def small_disk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A 1 MiB tmpfs (root only: elsewhere the file-size-limit fuzz stands in for it)."""
    if not IS_ROOT:
        pytest.skip("mounting a tmpfs needs root; the file-size-limit fuzz covers any user")
    disk = tmp_path_factory.mktemp("disk")
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m,mode=0755", "tmpfs", str(disk)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    yield disk
    subprocess.run(["umount", "-l", str(disk)], check=False)


@settings(SANDBOX, max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    old_size=st.integers(0, 600_000),
    free=st.integers(0, 600_000),
    mode=st.sampled_from([0o600, 0o640, 0o644, 0o400]),
)
def test_an_export_onto_a_full_disk_keeps_the_old_file_or_writes_the_new(
    pristine: Pristine, small_disk: Path, old_size: int, free: int, mode: int
) -> None:
    for leftover in small_disk.iterdir():
        leftover.unlink()
    target = small_disk / "pack.sqlite"
    old = (OLD_EXPORT * (old_size // len(OLD_EXPORT) + 1))[:old_size]
    try:
        target.write_bytes(old)
    except OSError:
        return  # this old file does not fit: nothing to keep
    target.chmod(mode)
    usage = os.statvfs(small_disk)
    room = usage.f_bavail * usage.f_frsize
    with (small_disk / "filler").open("wb") as stream:
        stream.write(b"\0" * max(room - free, 0))
    records = open_index([pristine.facts]).count()
    outcome = CliRunner().invoke(
        app, ["--no-bundled", "--facts", str(pristine.facts), "export", "--sqlite", str(target)]
    )
    assert outcome.exit_code in (0, 6), outcome.output
    state = _old_or_new(target, old, records)
    assert state == ("new" if outcome.exit_code == 0 else "old")
    assert stat.S_IMODE(target.stat().st_mode) == mode
    assert sorted(p.name for p in small_disk.iterdir()) == ["filler", "pack.sqlite"]


@settings(SANDBOX, max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
@given(limit=st.integers(0, 400_000), old_size=st.integers(0, 100_000))
def test_an_export_under_a_file_size_limit_keeps_the_old_file_or_writes_the_new(
    pristine: Pristine, tmp_path_factory: pytest.TempPathFactory, limit: int, old_size: int
) -> None:
    """A full disk for any user: no file of the child may grow past `limit` bytes."""
    import resource

    folder = Path(tempfile.mkdtemp(dir=tmp_path_factory.getbasetemp()))
    target = folder / "pack.sqlite"
    old = (OLD_EXPORT * (old_size // len(OLD_EXPORT) + 1))[:old_size]
    target.write_bytes(old)
    records = open_index([pristine.facts]).count()  # the cache is built here

    def limited() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    result = subprocess.run(
        [sys.executable, "-m", "vnjp", "--no-bundled", "--facts", str(pristine.facts),
         "export", "--sqlite", str(target)],
        capture_output=True, cwd=folder, preexec_fn=limited, timeout=HANG, check=False,
    )  # fmt: skip
    assert result.returncode in (0, 6), result.stderr
    assert _old_or_new(target, old, records) == ("new" if result.returncode == 0 else "old")
    assert [p.name for p in folder.iterdir()] == ["pack.sqlite"]


@settings(SANDBOX, max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    signum=st.sampled_from([signal.SIGINT, signal.SIGTERM, signal.SIGHUP]),
    # Often early: the first lines after the index is open are where a careless
    # export deleted the old file.
    at=st.one_of(st.integers(1, 12), st.integers(1, 150)),
    old_size=st.integers(1, 100_000),  # an empty old file looks like a truncated one
)
# Where the export before issue 18 had deleted the old file and not yet written a new one.
@example(signum=signal.SIGINT, at=4, old_size=100)
@example(signum=signal.SIGTERM, at=5, old_size=100)
def test_an_export_stopped_by_any_signal_at_any_line_keeps_the_old_file_or_the_new(
    pristine: Pristine,
    tmp_path_factory: pytest.TempPathFactory,
    signum: int,
    at: int,
    old_size: int,
) -> None:
    from tests.conftest import ROOT
    from tests.test_export import CHILD

    folder = Path(tempfile.mkdtemp(dir=tmp_path_factory.getbasetemp()))
    target = folder / "pack.sqlite"
    old = (OLD_EXPORT * (old_size // len(OLD_EXPORT) + 1))[:old_size]
    target.write_bytes(old)
    records = open_index([pristine.facts]).count()
    result = subprocess.run(
        [sys.executable, "-c", CHILD, str(at), str(int(signum)), str(target), str(pristine.facts)],
        capture_output=True, cwd=ROOT, timeout=HANG, check=False,
    )  # fmt: skip
    stopped = 130 if signum == signal.SIGINT else -signum
    assert result.returncode in (0, stopped), result.stderr
    assert b"Traceback" not in result.stderr
    state = _old_or_new(target, old, records)
    assert result.returncode == stopped or state == "new"
    assert [p.name for p in folder.iterdir()] == ["pack.sqlite"]
