"""The start-up policy, enforced: what each command path may import, and imports
that point one way (no cycles, no module importing from a layer above its own)."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

CLAIM = "Japan is Vietnam's fourth largest trading partner."
# Never needed when the index is built: the TOML parser and the index compiler.
COLD_ONLY = {"vnjp.parse", "vnjp.compile", "tomli", "tomllib"}
SEARCH = {"vnjp.search"}
CHECK = {
    "vnjp.claims.verdict",
    "vnjp.claims.compare",
    "vnjp.claims.parts",
    "vnjp.claims.reading",
    "vnjp.claims.amounts",
}
REVIEW = {"vnjp.review", "vnjp.sentences"}
RICH = {"rich"}
# --jq's library and the module that runs it: only when --jq is given.
JQ = {"jq", "vnjp.render.jq"}


def _second_run_imports(args: list[str], env: dict[str, str] | None, expected: str) -> set[str]:
    """The modules (and their top-level packages) the second of two runs of vnjp
    imports (the first builds the index); `expected` must be among them."""
    environ = {**os.environ, **(env or {})}
    argv = [sys.executable, "-X", "importtime", "-m", "vnjp", *args]
    subprocess.run(argv[:1] + argv[3:], capture_output=True, env=environ, check=False)  # warm
    result = subprocess.run(argv, capture_output=True, text=True, env=environ, check=False)
    modules = set()
    for line in result.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            name = line.rsplit("|", 1)[1].strip()
            modules.update({name, name.split(".")[0]})
    assert expected in modules, result.stderr[-500:]
    return modules


def imported(args: list[str], env: dict[str, str] | None = None) -> set[str]:
    """The modules (and their top-level packages) a run of vnjp imports."""
    return _second_run_imports(args, env, "vnjp.cli")


@pytest.mark.parametrize(
    ("args", "forbidden", "required"),
    [
        (
            ["timeline", "--json"],
            RICH | SEARCH | CHECK | REVIEW | COLD_ONLY | JQ,
            {"vnjp.render.json"},
        ),
        (["timeline", "--jq", ".[0].id"], RICH | SEARCH | CHECK | REVIEW | COLD_ONLY, JQ),
        (["leader-visits", "--format", "csv"], RICH | SEARCH | CHECK | REVIEW | COLD_ONLY, set()),
        (["stat", "fdi", "--format", "jsonl"], RICH | SEARCH | CHECK | REVIEW | COLD_ONLY, set()),
        (["sources", "--format", "markdown"], RICH | SEARCH | CHECK | REVIEW | COLD_ONLY, set()),
        (["search", "kishida", "--json"], RICH | CHECK | COLD_ONLY, SEARCH),
        (["check", CLAIM, "--json"], RICH | SEARCH | REVIEW | COLD_ONLY | JQ, CHECK),
        (
            ["check", CLAIM, "--format", "claimreview"],
            RICH | SEARCH | REVIEW | COLD_ONLY | JQ,
            CHECK | {"vnjp.render.claimreview"},
        ),
        (["review", "docs/examples/draft.md", "--json"], RICH | SEARCH | COLD_ONLY, CHECK | REVIEW),
        (["stat", "fdi"], SEARCH | CHECK | COLD_ONLY, RICH | {"vnjp.render.table"}),
        (["sources"], SEARCH | CHECK | COLD_ONLY, RICH),
        (["--version"], RICH | SEARCH | CHECK | COLD_ONLY | {"vnjp.query"}, set()),
    ],
)
def test_each_command_imports_only_what_it_needs(
    args: list[str], forbidden: set[str], required: set[str]
) -> None:
    modules = imported(args)
    assert not modules & forbidden, sorted(modules & forbidden)
    assert required <= modules, sorted(required - modules)


# A Tab press answered before Typer: the launcher, the completion module, the generated
# table, the pack's key, text folding and sqlite3, and nothing of the CLI's.
TAB_PRESS_FORBIDDEN = {"typer", "click", "rich", "shellingham", "vnjp.cli", "vnjp.load"}
TAB_PRESS_FORBIDDEN |= COLD_ONLY | SEARCH | CHECK | {"vnjp.query", "vnjp.index"}


def _tab_press_modules(env: dict[str, str]) -> set[str]:
    return _second_run_imports([], env, "vnjp.completion")


@pytest.mark.parametrize(
    "env",
    [
        {"_VNJP_COMPLETE": "complete_bash", "COMP_WORDS": "vnjp stat ", "COMP_CWORD": "2"},
        {"_VNJP_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "vnjp leader-visits --by "},
        {
            "_VNJP_COMPLETE": "complete_fish",
            "_TYPER_COMPLETE_ARGS": "vnjp leader-visits --person do",
            "_TYPER_COMPLETE_FISH_ACTION": "get-args",
        },
    ],
)
def test_a_tab_press_is_answered_before_typer(env: dict[str, str]) -> None:
    modules = _tab_press_modules(env)
    assert not modules & TAB_PRESS_FORBIDDEN, sorted(modules & TAB_PRESS_FORBIDDEN)


def test_a_tab_press_the_launcher_cannot_answer_goes_to_typer() -> None:
    # The check above would pass if the probe saw nothing: an option written with "="
    # is left to Typer's completion, and the probe sees Typer then.
    env = {"_VNJP_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "vnjp stat --format=j"}
    assert {"typer", "vnjp.cli"} <= _tab_press_modules(env)


def test_schema_reads_no_fact_pack() -> None:
    # With no cache, any command that opened the pack would parse and compile it.
    modules = imported(["schema"], {"VNJP_CACHE_DIR": ""})
    forbidden = RICH | SEARCH | CHECK | COLD_ONLY | JQ | {"vnjp.query"}
    assert not modules & forbidden, sorted(modules & forbidden)


def test_a_cold_start_parses_and_compiles(tmp_path: Path) -> None:
    # The check above would pass if the probe saw nothing: show it sees the cold path.
    modules = imported(["stat", "--json"], {"VNJP_CACHE_DIR": ""})
    assert {"vnjp.parse", "vnjp.compile", "tomli"} <= modules


# -- the shape of the imports ------------------------------------------------------

# Lower layers never import higher ones; a module may import its own layer.
LAYERS = [
    # The command table imports nothing: completion and help read it cheaply.
    {
        "vnjp",
        "vnjp.__init__",
        "vnjp.errors",
        "vnjp.text",
        "vnjp.model",
        "vnjp.lexicon",
        "vnjp.commands",
    },
    # What a Tab press reads before anything else: os, zlib and the generated table
    # (beside the command table, above).
    {"vnjp.packkey", "vnjp.completion_table"},
    {
        "vnjp.codec",
        "vnjp.claimreview",
        "vnjp.words",
        "vnjp.phrases",
        "vnjp.parse",
        "vnjp.sentences",
        "vnjp.citation",
    },
    # The claim pipeline, in its order: each step imports only those before it.
    {"vnjp.claims", "vnjp.claims.amounts"},
    {"vnjp.claims.reading"},
    {"vnjp.claims.parts"},
    {"vnjp.index", "vnjp.compile"},
    {"vnjp.claims.compare"},
    {"vnjp.load"},
    # present writes a record one way for the renderers and for check's reasons.
    {
        "vnjp.results",
        "vnjp.present",
        "vnjp.query",
        "vnjp.search",
        "vnjp.claims.verdict",
        "vnjp.review",
    },
    # show, cite and conflicts: the differences between sources, then the questions;
    # export's database, metadata and JSON lines.
    {"vnjp.differences", "vnjp.research", "vnjp.publish"},
    {"vnjp.render.formats", "vnjp.render.flat"},
    {
        "vnjp.render.json",
        "vnjp.render.csv",
        "vnjp.render.markdown",
        "vnjp.render.table",
        "vnjp.render.jq",
        "vnjp.render.claimreview",
    },
    {"vnjp.completion", "vnjp.completion_click", "vnjp.render"},
    # The terminal and streams, then the error boundary that writes to them.
    {"vnjp.console"},
    {"vnjp.boundary"},
    # What the commands share, then the commands, then the wiring that runs them.
    {"vnjp.commands.common"},
    {f"vnjp.commands.{path.stem}" for path in (ROOT / "vnjp" / "commands").glob("[!_]*.py")}
    - {"vnjp.commands.common"},
    {"vnjp.cli"},
    {"vnjp.launch", "vnjp.__main__"},
]


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _layer(module: str) -> int:
    for number, layer in enumerate(LAYERS):
        if module in layer:
            return number
    raise AssertionError(f"{module} has no layer: add it to LAYERS")


def _imports(path: Path) -> set[str]:
    """The vnjp modules a file imports anywhere (in functions too), but for imports
    only for type checking."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = {
        id(node)
        for block in ast.walk(tree)
        if isinstance(block, ast.If) and "TYPE_CHECKING" in ast.unparse(block.test)
        for statement in block.body
        for node in ast.walk(statement)
    }
    found = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("vnjp"):
            for alias in node.names:
                candidate = f"{node.module}.{alias.name}"
                found.add(
                    candidate
                    if (ROOT / (candidate.replace(".", "/") + ".py")).exists()
                    else node.module
                )
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("vnjp"))
    return found


GRAPH = {
    _module_name(path): _imports(path) - {_module_name(path)}
    for path in sorted((ROOT / "vnjp").rglob("*.py"))
}


def test_no_module_imports_from_a_layer_above_its_own() -> None:
    upward = [
        f"{module} -> {target}"
        for module, targets in GRAPH.items()
        for target in targets
        if _layer(target) > _layer(module)
    ]
    assert upward == []


def test_the_imports_have_no_cycle() -> None:
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for target in sorted(GRAPH.get(module, ())):
            if state.get(target) == 1:
                raise AssertionError(" -> ".join([*path, module, target]))
            if target not in state:
                visit(target, [*path, module])
        state[module] = 2

    for module in GRAPH:
        if module not in state:
            visit(module, [])
