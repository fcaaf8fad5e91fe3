"""Shell completion: what a Tab press offers in bash, zsh and fish.

Two paths write the same bytes. The launcher answers a Tab press here (`answer`),
before Typer, Click or Rich is imported, from the command table (`vnjp.commands`),
the table of options generated from the app (`vnjp.completion_table`) and the names
table of the pack's cached index. What it cannot answer exactly (a word it does not know, an option
written with `=`, `--`, an index not built yet) it leaves to Typer's completion,
which vnjp sets up (`vnjp.completion_click`) to match and write candidates with the
functions here. A Tab press never prints an error: a broken fact file or cache means
no candidates, not a message.

Candidates are matched ignoring case and accents, at the start of the name or of any
word of it ("kis" and "fumio" find Kishida Fumio, "do" finds Đỗ Mười). Each shell is
told not to filter them again by the typed prefix: bash never does, zsh gets them
through `_describe` with compadd's -U, and fish, which keeps only candidates the typed
word matches, gets a name whose accents it would not match written without them (vnjp
reads it the same).
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
    splitter = _Splitter()
    for char in text:
        splitter.read(char)
    return splitter.finish()


class _Splitter:
    """shlex's states: between words (" "), in a word ("a"), in quotes (the quote),
    after a backslash ("\\", with the state it came from)."""

    def __init__(self) -> None:
        self.words: list[str] = []
        self.token = ""
        self.quoted = False  # the word had quotes, so an empty one ('') is still a word
        self.state = " "
        self.escaped_from = "a"

    def read(self, char: str) -> None:
        if self.state in "'\"":
            self._in_quotes(char)
        elif self.state == "\\":
            if self.escaped_from == '"' and char not in '"\\':
                self.token += "\\"  # in double quotes, only " and \\ are escaped
            self.token += char
            self.state = self.escaped_from
        else:
            self._outside_quotes(char)

    def _outside_quotes(self, char: str) -> None:
        if char in " \t\r\n":
            if self.state == "a" and (self.token or self.quoted):
                self.words.append(self.token)
            self.token, self.quoted, self.state = "", False, " "
        elif char in "'\"":
            self.state = char
        elif char == "\\":
            self.escaped_from, self.state = "a", "\\"
        else:
            self.token += char
            self.state = "a"

    def _in_quotes(self, char: str) -> None:
        self.quoted = True
        if char == self.state:
            self.state = "a"
        elif char == "\\" and self.state == '"':
            self.escaped_from, self.state = self.state, "\\"
        else:
            self.token += char

    def finish(self) -> list[str]:
        if self.state != " " and (self.token or self.quoted or self.state in "'\"\\"):
            self.words.append(self.token)
        return self.words


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
    if request is not None:
        return request.args
    if os.environ.get(VARIABLE, "") in ("complete_powershell", "complete_pwsh"):
        words = split_words(os.environ.get("_TYPER_COMPLETE_ARGS", ""))
        return words[1:-1] if os.environ.get("_TYPER_COMPLETE_WORD_TO_COMPLETE") else words[1:]
    return []


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


# -- installing completion for a shell named ---------------------------------------

SCRIPT_SHELLS = ("bash", "zsh", "fish", "powershell", "pwsh")
_SCRIPT_OPTIONS = ("--install-completion", "--show-completion")
INSTALL_HELP = (
    "Install completion for the shell named after it (bash, zsh, fish, powershell or "
    "pwsh), else for the current one."
)
SHOW_HELP = (
    "Show the completion script for the shell named after it, else for the current one, "
    "to copy it or customize the installation."
)


def script_request(args: Sequence[str]) -> tuple[str, str] | None:
    """("--install-completion" or "--show-completion", shell) for a command line that
    is one of them and a word after it (or joined by "="), as in `vnjp
    --install-completion zsh`; None for any other. Typer's own option is a flag that
    installs for the shell vnjp runs in, whatever word follows it."""
    if len(args) == 1 and "=" in args[0]:
        args = args[0].split("=", 1)
    if len(args) == 2 and args[0] in _SCRIPT_OPTIONS and not args[1].startswith("-"):
        return args[0], args[1]
    return None


def install_or_show(option: str, shell: str) -> int:
    """Install or print the completion script of `shell`; the exit status."""
    if shell not in SCRIPT_SHELLS:
        sys.stderr.write(
            f"vnjp: error: {option}: no completion for the shell {inert(shell, one_line=True)!r}\n"
            f"hint: name one of {', '.join(SCRIPT_SHELLS)}, or none for the current shell\n"
        )
        return 2
    from typer._completion_shared import get_completion_script, install

    if option == "--show-completion":
        script = get_completion_script(prog_name="vnjp", complete_var=VARIABLE, shell=shell)
        sys.stdout.write(script + "\n")
        return 0
    _, path = install(shell=shell, prog_name="vnjp", complete_var=VARIABLE)
    sys.stdout.write(
        f"{shell} completion installed in {path}\n"
        "Completion will take effect once you restart the terminal\n"
    )
    return 0


def describe_script_options(params: list[Any]) -> list[Any]:
    """Typer's --install-completion and --show-completion, with help that says a shell
    may be named after them (the launcher reads that word)."""
    for param in params:
        if param.name == "install_completion":
            param.help = INSTALL_HELP
        elif param.name == "show_completion":
            param.help = SHOW_HELP
    return params


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
        from vnjp.commands import COMMANDS as NAMES  # each command's name and short help
        from vnjp.completion_table import COMMANDS, ROOT

        self.args = args
        self.params: Sequence[Param] = ROOT["params"]
        self.commands: Mapping[str, str] | None = NAMES
        self.given: set[str] = set()
        self.root_values: dict[str, list[str]] = {}
        rest = self._options(list(args), self.root_values, stop_at_word=True)
        self.root_given = self.given
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
    """Click's choice of what completes the word under the cursor, and its candidates:
    option names, else the value of the option just typed, else the first argument
    still open, else command names."""
    if "=" in incomplete:
        raise _Unanswerable
    line = _Line(args)
    if incomplete.startswith("-"):
        return _names_of(line, incomplete)
    param = _option_taking(line, args[-1] if args else "") or _open_argument(line)
    return _names_of(line, incomplete) if param is None else _candidates(param, incomplete, line)


def _option_taking(line: _Line, last: str) -> Param | None:
    """The option whose value is being typed: the last word names it."""
    for param in line.params:
        if param["option"] and param["value"] and last.startswith("-") and last in param["opts"]:
            return param
    return None


def _open_argument(line: _Line) -> Param | None:
    """The first argument that takes more words: repeatable, or not given yet."""
    for param in line.params:
        if not param["option"] and (param["nargs"] == -1 or param["name"] not in line.given):
            return param
    return None


def _names_of(line: _Line, incomplete: str) -> Found:
    """The command names (of the program) and option names (if the word starts as
    an option's) that start with the typed word."""
    commands = line.commands or {}
    found: Found = [
        (name, short_help) for name, short_help in commands.items() if name.startswith(incomplete)
    ]
    if incomplete and not incomplete[0].isalnum():
        for param in line.params:
            found += [(name, param["help"]) for name in _option_names(param, line, incomplete)]
    return found


def _option_names(param: Param, line: _Line, incomplete: str) -> list[str]:
    """An option's names that start with the typed word, unless it is hidden or given
    already (and not repeatable)."""
    if not param["option"] or param["hidden"]:
        return []
    if not param["multiple"] and param["name"] in line.given:
        return []
    # In the order Click gives them: of a set's iteration, for help's.
    opts = list(set(param["opts"])) if param["opts_as_a_set"] else param["opts"]
    return [name for name in (*opts, *param["secondary"]) if name.startswith(incomplete)]


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
            bundled="no_bundled" not in line.root_given,
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
        found = _folder_files(path) if os.path.isdir(path) else [path]
        for file in found:
            if not stat.S_ISREG(os.stat(file).st_mode):
                raise _Unanswerable
            files.setdefault(os.path.realpath(file), file)
    return list(files.values())


def _folder_files(folder: str) -> list[str]:
    """A folder's .toml files in name order, but hidden files, editors' leftovers and
    folders."""
    names = sorted(
        name
        for name in os.listdir(folder)
        if name.endswith(".toml") and not name.startswith(_SKIPPED_START) and name[-1] != "~"
    )
    found = [os.path.join(folder, name) for name in names]
    found = [file for file in found if not os.path.isdir(file)]
    if not found:
        raise _Unanswerable
    return found


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
