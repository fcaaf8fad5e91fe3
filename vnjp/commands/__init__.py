"""The command table: every command's name and short help, in the order help lists them.

Nothing here imports Typer: help's list of commands and shell completion of a command's
name read this table without building a single command. The command `NAME` is the
function of the same name (dashes as underscores) in the module `vnjp.commands.NAME`,
imported only when that command runs or its help is asked for.
"""

COMMANDS = {
    "timeline": "Events and leader visits in date order, each with its source.",
    "leader-visits": "Visits of leaders between the two countries, with firsts and outcomes.",
    "stat": "Every figure of one statistic with its hedge, date and source; or the keys.",
    "sources": "The sources of the fact pack and the date it is current to.",
    "search": "Every record matching some words, best first.",
    "check": "Fact-check a sentence: SUPPORTED, REFUTED or NOT ENOUGH INFO, with evidence.",
    "review": "Check a whole draft, sentence by sentence; exit 1 if anything is refuted.",
    "show": "Every field of records or sources by id, what cites the same source, and the "
    "other source's figure.",
    "cite": "The citation of a source, or of a record's sources, in APA, Chicago, MLA, "
    "BibTeX or CSL-JSON.",
    "conflicts": "Every place the sources differ about the same measure at the same time.",
    "validate": "Check fact files: every problem as FILE:LINE: record ID: problem.",
    "export": "The fact pack as a SQLite database for people and tools, or as JSON lines.",
    "schema": "Print the JSON Schema of the --json output of every command.",
}


def function_name(command: str) -> str:
    """The name of the function (and of its module) that declares a command."""
    return command.replace("-", "_")
