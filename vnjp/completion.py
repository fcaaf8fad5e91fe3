"""Shell completion: what a Tab press offers in bash, zsh and fish.

Two paths write the same bytes. The launcher answers a Tab press here (`answer`),
before Typer, Click or Rich is imported, from the table of commands and options
generated from the app (`vnjp.completion_table`) and the names table of the pack's
cached index. What it cannot answer exactly (a word it does not know, an option
written with `=`, `--`, an index not built yet) it leaves to Typer's completion,
which vnjp sets up (`vnjp.completion_click`) to match and write candidates with the
functions here. A Tab press never prints an error: a broken fact file or cache means
no candidates, not a message.

Candidates are matched ignoring case and accents, at the start of the name or of any
word of it ("kis" and "fumio" find Kishida Fumio, "do" finds Đỗ Mười). Each shell is
told not to filter them again by the typed prefix: bash never does, zsh gets them with
`compadd -U`, and fish, which keeps only candidates the typed word matches, gets a
name whose accents it would not match written without them (vnjp reads it the same).
"""

from __future__ import annotations

import os
import sys

from vnjp.text import fold, inert, strip_accents

TYPE_CHECKING = False
if TYPE_CHECKING:
    import sqlite3
    from collections.abc import Callable, Mapping, Sequence
    from typing import Any

Candidates = list[tuple[str, str]]
# A candidate as a shell writes it: the value and its help, if any.
Found = list[tuple[str, "str | None"]]

SHELLS = {"complete_bash": "bash", "complete_zsh": "zsh", "complete_fish": "fish"}
VARIABLE = "_VNJP_COMPLETE"


# -- the command line being completed ---------------------------------------------


def split_words(text: str) -> list[str]:
    """Split a command line as Click's completion does (shlex, POSIX rules, no
    comments), keeping an unfinished quote or escape as the word typed so far."""
    words: list[str] = []
    token = ""
    quoted = False  # the word had quotes, so an empty one ('') is still a word
    state = " "  # " " between words, "a" in one, a quote or "\\" inside that
    escaped_from = "a"
    for char in text:
        if state in "'\"":
            quoted = True
            if char == state:
                state = "a"
            elif char == "\\" and state == '"':
                escaped_from, state = state, "\\"
            else:
                token += char
        elif state == "\\":
            if escaped_from == '"' and char not in '"\\':
                token += "\\"
            token += char
            state = escaped_from
        elif char in " \t\r\n":
            if state == "a" and (token or quoted):
                words.append(token)
            token, quoted, state = "", False, " "
        elif char in "'\"":
            state = char
        elif char == "\\":
            escaped_from, state = "a", "\\"
        else:
            token += char
            state = "a"
    if state != " " and (token or quoted or state in "'\"\\"):
        words.append(token)
    return words


class Request:
    """A completion request as each shell's script sends it (Typer's protocol)."""

    __slots__ = ("args", "fish_action", "incomplete", "shell")

    def __init__(self, shell: str, args: list[str], incomplete: str, fish_action: str) -> None:
        self.shell = shell
        self.args = args  # the words before the one being completed, the program's left out
        self.incomplete = incomplete
        self.fish_action = fish_action


def read_request(environ: Mapping[str, str]) -> Request | None:
    """The request in the environment; None when it is none vnjp reads as Typer does."""
    shell = SHELLS.get(environ.get(VARIABLE, ""))
    if shell is None:
        return None
    if shell == "bash":
        cursor = environ.get("COMP_CWORD", "")
        if "COMP_WORDS" not in environ or not (cursor.isascii() and cursor.isdigit()):
            return None
        words = split_words(environ["COMP_WORDS"])
        position = int(cursor)
        if position < 1:
            return None
        incomplete = words[position] if position < len(words) else ""
        return Request(shell, words[1:position], incomplete, "")
    line = environ.get("_TYPER_COMPLETE_ARGS", "")
    args = split_words(line)[1:]
    incomplete = ""
    if args and not line.endswith(" "):
        incomplete = args.pop()
    return Request(shell, args, incomplete, environ.get("_TYPER_COMPLETE_FISH_ACTION", ""))


def words_before_cursor() -> list[str]:
    """The words of the command line being completed before the one under the cursor,
    as Click reads them (none if the shell passed nothing usable)."""
    request = read_request(os.environ)
    return request.args if request is not None else []


# -- matching and writing candidates ----------------------------------------------


def matching(choices: Sequence[tuple[str, str]], incomplete: str) -> Candidates:
    """Choices whose name, or a word of it, starts with what was typed, ignoring case
    and accents ("kis" finds Kishida Fumio, "do" Đỗ Mười); made inert, one line each."""
    typed = fold(incomplete)
    return [
        (inert(value, one_line=True), inert(help_text, one_line=True))
        for value, help_text in choices
        if fold(value).startswith(typed) or any(w.startswith(typed) for w in fold(value).split())
    ]


_BASH_PLAIN = frozenset("@%+=:,./-_")


def _bash_word(value: str) -> str:
    # Escaped as bash reads it back: "Kishida\ Fumio" is one word.
    return "".join(ch if ch.isalnum() or ch in _BASH_PLAIN else f"\\{ch}" for ch in value)


def _one_line(text: str | None) -> str:
    return " ".join(text.split()) if text else ""


def _zsh_quoted(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


def _zsh_reply(found: Found) -> str:
    """zsh code, on one line (Typer's zsh script evaluates the output unquoted):
    `_describe` with compadd's -U, so zsh offers the candidates without matching them
    again against the typed prefix; with none, file names, as Typer does."""
    if not found:
        return "_files"
    described = []
    for value, help_text in found:
        # _describe reads "value:help": a colon or backslash of the value is escaped.
        entry = value.replace("\\", "\\\\").replace(":", "\\:")
        if _one_line(help_text):
            entry += ":" + _one_line(help_text)
        described.append(_zsh_quoted(entry))
    return f"local -a vnjp_candidates=({' '.join(described)}); " + (
        "_describe -V values vnjp_candidates -U"
    )


def _fish_line(value: str, help_text: str | None, incomplete: str) -> str:
    """fish keeps only candidates that the typed word matches as fish sees it (case
    aside, not accents): a name it would drop is written without its accents, and its
    own spelling leads the help."""
    shown = _one_line(help_text)
    if not value.lower().startswith(incomplete.lower()) and strip_accents(value) != value:
        shown = f"{value}, {shown}" if shown else value
        value = strip_accents(value)
    return f"{value}\t{shown}" if shown else value


def reply(shell: str, found: Found, incomplete: str) -> str:
    """What the shell's completion script reads (printed with a newline after it)."""
    if shell == "bash":
        return "\n".join(_bash_word(value) for value, _ in found)
    if shell == "zsh":
        return _zsh_reply(found)
    return "\n".join(_fish_line(value, help_text, incomplete) for value, help_text in found)


# -- completion callbacks the commands declare ------------------------------------


def pack_names(kind: str) -> Callable[[object, str], Candidates]:
    """A completion callback offering the pack's names of one kind, as the command
    line being completed names the pack (its --facts and --no-bundled, VNJP_FACTS)."""

    # Typer evaluates a callback's annotations and finds its context by the name ctx.
    def complete(ctx: object, incomplete: str) -> Candidates:
        try:
            from vnjp.load import fact_paths, open_index, pack_paths

            root = ctx.find_root()  # type: ignore[attr-defined]
            paths = pack_paths(
                fact_paths(root.params.get("facts")), bundled=not root.params.get("no_bundled")
            )
            return matching(open_index(paths).names(kind), incomplete)
        except Exception:
            return []

    complete.vnjp_names = kind  # type: ignore[attr-defined]
    return complete


def fixed(choices: Sequence[tuple[str, str]]) -> Callable[[str], Candidates]:
    """A completion callback offering a fixed list."""

    def complete(incomplete: str) -> Candidates:
        return matching(choices, incomplete)

    complete.vnjp_fixed = tuple(choices)  # type: ignore[attr-defined]
    return complete


COUNTRIES = fixed([("VN", "Vietnam"), ("JP", "Japan")])
KINDS = fixed(
    [
        ("event", "dated events"),
        ("visit", "leader visits"),
        ("stat", "figures"),
        ("source", "sources"),
    ]
)


def use_vnjp_shells(group: object) -> None:
    """Typer's completion, set up to match and write candidates as `answer` does
    (called as completion starts, when the launcher left the request to Typer)."""
    from vnjp.completion_click import use_vnjp_shells as set_up

    set_up(group)


# -- the answer before Typer ------------------------------------------------------


class _Unanswerable(Exception):
    """The command line holds something only Typer's completion answers exactly."""


Param = dict[str, "Any"]


def answer(environ: Mapping[str, str]) -> tuple[str | None, int] | None:
    """The reply to a completion request and the exit status, answered from the
    generated table and the cached index; None when Typer's completion must answer.
    (A reply of None with a status: fish asked only whether there are candidates.)"""
    request = read_request(environ)
    if request is None:
        return None
    try:
        found = _found(request.args, request.incomplete)
    except _Unanswerable:
        return None
    if request.shell == "fish" and request.fish_action != "get-args":
        if request.fish_action == "is-args":
            return None, 0 if found else 1
        return "", 0
    return reply(request.shell, found, request.incomplete), 0


def answer_and_exit() -> None:
    """Answer a Tab press and exit, when it can be answered here; else return."""
    encoding = (getattr(sys.stdout, "encoding", None) or "").lower().replace("-", "")
    if encoding != "utf8":  # Click would write through a stream of its own
        return
    answered = answer(os.environ)
    if answered is None:
        return
    text, status = answered
    if text is not None:
        sys.stdout.write(text + "\n")
        sys.stdout.flush()
    sys.exit(status)


class _Line:
    """The command line before the cursor, parsed as Click parses it for completion."""

    def __init__(self, args: list[str]) -> None:
        from vnjp.completion_table import COMMANDS, ROOT

        self.args = args
        self.params: Sequence[Param] = ROOT["params"]
        self.commands: Sequence[tuple[str, str, bool]] | None = ROOT["commands"]
        self.given: set[str] = set()
        self.root_values: dict[str, list[str]] = {}
        rest = self._options(list(args), self.root_values, stop_at_word=True)
        if rest:
            name = rest.pop(0)
            if name not in COMMANDS:
                raise _Unanswerable
            self.params, self.commands, self.given = COMMANDS[name], None, set()
            positional = self._options(rest, {}, stop_at_word=False)
            self._arguments(positional)

    def _option(self, word: str) -> Param:
        for param in self.params:
            if param["option"] and (word in param["opts"] or word in param["secondary"]):
                if param["callback"]:  # --version, --help: Click runs them even here
                    raise _Unanswerable
                return param
        raise _Unanswerable

    def _options(
        self, words: list[str], values: dict[str, list[str]], *, stop_at_word: bool
    ) -> list[str]:
        """Read the options among `words` (their values into `values`); return the
        other words, from the command's name on when `stop_at_word`."""
        positional: list[str] = []
        while words:
            word = words.pop(0)
            if word == "--" or "=" in word:
                raise _Unanswerable
            if not word.startswith("-") or word == "-":
                if stop_at_word:
                    return [word, *words]
                positional.append(word)
                continue
            param = self._option(word)
            if param["value"]:
                if not words:  # its value is the word being completed
                    break
                values.setdefault(param["name"], []).append(words.pop(0))
            self.given.add(param["name"])
        return positional

    def _arguments(self, positional: list[str]) -> None:
        arguments = [param for param in self.params if not param["option"]]
        for param in arguments:
            if param["nargs"] == -1:
                positional = []
            elif positional:
                del positional[: param["nargs"]]
                self.given.add(param["name"])
        if positional:  # more words than the command takes
            raise _Unanswerable


def _found(args: list[str], incomplete: str) -> Found:
    """Click's choice of what completes the word under the cursor, and its candidates."""
    if "=" in incomplete:
        raise _Unanswerable
    line = _Line(args)
    if incomplete.startswith("-"):
        return _names_of(line, incomplete)
    last = args[-1] if args else ""
    for param in line.params:
        if param["option"] and param["value"] and last.startswith("-") and last in param["opts"]:
            return _candidates(param, incomplete, line)
    for param in line.params:
        if not param["option"] and (param["nargs"] == -1 or param["name"] not in line.given):
            return _candidates(param, incomplete, line)
    return _names_of(line, incomplete)


def _names_of(line: _Line, incomplete: str) -> Found:
    """The command names (of the program) and option names (if the word starts as
    an option's) that start with the typed word."""
    found: Found = []
    for name, short_help, hidden in line.commands or ():
        if name.startswith(incomplete) and not hidden:
            found.append((name, short_help))
    if incomplete and not incomplete[0].isalnum():
        for param in line.params:
            if not param["option"] or param["hidden"]:
                continue
            if param["multiple"] or param["name"] not in line.given:
                names = (*param["opts"], *param["secondary"])
                found += [(name, param["help"]) for name in names if name.startswith(incomplete)]
    return found


def _candidates(param: Param, incomplete: str, line: _Line) -> Found:
    completes = param["completes"]
    if completes is None:
        return []
    if completes[0] == "fixed":
        return list(matching(completes[1], incomplete))
    if completes[0] == "choice":
        _, choices, case_sensitive = completes
        if case_sensitive:
            return [(c, None) for c in choices if c.startswith(incomplete)]
        return [(c, None) for c in choices if c.lower().startswith(incomplete.lower())]
    if completes[0] == "names":
        names = _cached_names(
            completes[1],
            line.root_values.get("facts", []),
            bundled="no_bundled" not in line.given,
        )
        return list(matching(names, incomplete))
    raise _Unanswerable


# -- the names table of the cached index ------------------------------------------

_MAX_FACT_BYTES = 256 * 1024 * 1024  # as vnjp.load refuses larger files
_SKIPPED_START = (".", "#")
# Steps of SQLite's virtual machine a names query may take (the progress handler is
# called every 1,000): a damaged or planted file cannot hold a Tab press for long.
_QUERY_BUDGET = 20_000


def _fact_files(given: Sequence[str]) -> list[str]:
    """The fact files of the pack, in order, each once (as `vnjp.load.fact_files`
    finds them; anything unusual is left to it)."""
    import stat

    files: dict[str, str] = {}
    for path in given:
        if not path:
            raise _Unanswerable
        mode = os.stat(path).st_mode
        if stat.S_ISDIR(mode):
            names = sorted(
                name
                for name in os.listdir(path)
                if name.endswith(".toml")
                and not name.startswith(_SKIPPED_START)
                and not name.endswith("~")
            )
            found = [os.path.join(path, name) for name in names]
            found = [file for file in found if not stat.S_ISDIR(os.stat(file).st_mode)]
            if not found:
                raise _Unanswerable
        elif stat.S_ISREG(mode):
            found = [path]
        else:
            raise _Unanswerable
        for file in found:
            if not stat.S_ISREG(os.stat(file).st_mode):
                raise _Unanswerable
            files.setdefault(os.path.realpath(file), file)
    return list(files.values())


def _read(path: str) -> bytes:
    with open(path, "rb") as stream:
        content = stream.read(_MAX_FACT_BYTES + 1)
    if len(content) > _MAX_FACT_BYTES:
        raise _Unanswerable
    return content


def _private(path: str, *, folder: bool) -> bool:
    """A cache folder or file as `vnjp.load` trusts it: this user's, not a link, and
    (a folder) writable by nobody else."""
    import stat

    found = os.lstat(path)
    if hasattr(os, "getuid") and found.st_uid != os.getuid():
        return False
    if folder:
        return stat.S_ISDIR(os.stat(path).st_mode) and not os.stat(path).st_mode & 0o022
    return stat.S_ISREG(found.st_mode)


def _cached_names(kind: str, facts: list[str], *, bundled: bool) -> Candidates:
    """A kind's names from the pack's index when it is cached and current; a pack
    with no cached index yet (or anything odd) is left to Typer's completion."""
    from vnjp import packkey

    user_paths = packkey.fact_paths(facts)
    if not bundled and not user_paths:
        raise _Unanswerable
    paths = [packkey.bundled_facts_folder()] if bundled else []
    try:
        contents = [_read(file) for file in _fact_files([*paths, *user_paths])]
        key = packkey.pack_key([_read(packkey.lexicon_file()), *contents])
        folder = packkey.cache_folder()
        if folder is None or not _private(folder, folder=True):
            raise _Unanswerable
        index = os.path.join(folder, packkey.index_name(key))
        if not _private(index, folder=False):
            raise _Unanswerable
        return _names_in(index, key, kind)
    except (OSError, ValueError, TypeError) as error:
        raise _Unanswerable from error


def _names_in(index: str, key: str, kind: str) -> Candidates:
    import sqlite3

    from vnjp.packkey import FORMAT

    try:
        connection = sqlite3.connect(_file_uri(index) + "?mode=ro&immutable=1", uri=True)
    except sqlite3.Error as error:
        raise _Unanswerable from error
    try:
        steps = [0]

        def spent() -> int:
            steps[0] += 1
            return 1 if steps[0] > _QUERY_BUDGET else 0

        connection.set_progress_handler(spent, 1_000)
        connection.execute("PRAGMA trusted_schema = OFF")
        return _names_query(connection, key, kind, FORMAT)
    except sqlite3.Error as error:
        raise _Unanswerable from error
    finally:
        connection.close()


def _names_query(connection: sqlite3.Connection, key: str, kind: str, format_: str) -> Candidates:
    tables = connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('meta', 'names')"
    ).fetchall()
    meta = dict(
        connection.execute("SELECT key, value FROM meta WHERE key IN ('format', 'key')").fetchall()
    )
    if len(tables) != 2 or meta.get("format") != format_ or meta.get("key") != key:
        raise _Unanswerable
    rows = connection.execute(
        "SELECT value, help FROM names WHERE kind = ? ORDER BY rowid", (kind,)
    ).fetchall()
    return [(str(value), str(help_text)) for value, help_text in rows]


_URI_PLAIN = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~/")


def _file_uri(path: str) -> str:
    """An absolute `file:` URI of a path, each byte but the plain ones %-escaped."""
    raw = os.fsencode(os.path.abspath(path))
    return "file:" + "".join(chr(b) if b in _URI_PLAIN else f"%{b:02X}" for b in raw)
