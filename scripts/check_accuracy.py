"""Measure `vnjp check` on the labelled claim sets in tests/claims/.

Run from the checkout: python scripts/check_accuracy.py [--errors] [--json] [FILE.tsv ...]

Each set is scored on its own: accuracy; precision and recall of each label, with
counts; the false SUPPORTED (a REFUTED or NOT ENOUGH INFO claim labelled SUPPORTED);
the confusion matrix; and, for a set with a gold records column, the evidence score:
the share of claims whose verdict is right and whose evidence names at least one of
the claim's gold records (a NOT ENOUGH INFO claim with no gold records needs only the
right verdict).

A set is a TSV file, one claim a line: `label<TAB>claim[<TAB>URL<TAB>why<TAB>gold
records]`, the gold records comma-separated record ids. Blank lines and lines starting
with # are comments. With no FILE, every tests/claims/*.tsv is scored except the
held-out sets (any file whose name contains "heldout"), which are scored only when
named. A malformed line stops the run with its file and line (exit 2).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

CLAIMS = Path(__file__).resolve().parent.parent / "tests" / "claims"
SUPPORTED, REFUTED, NEI = "SUPPORTED", "REFUTED", "NOT ENOUGH INFO"
LABELS = (SUPPORTED, REFUTED, NEI)
HELD_OUT = "heldout"
GOLD_COLUMN = 4  # label, claim, source URL, why, gold records


class Malformed(Exception):
    """A line of a claim set that cannot be read; its text names the file and line."""


class Engine(NamedTuple):
    """What the script needs of vnjp: a verdict on a claim, and the pack's record ids."""

    check: Callable[[str], object]
    record_ids: frozenset[str]


def load_engine() -> Engine:
    """The one place that knows where the checking engine lives: the module that
    `vnjp check` imports it from."""
    from vnjp.claims.verdict import Checker
    from vnjp.load import load_pack, open_index

    pack = load_pack()
    ids = {event.id for event in pack.events} | {visit.id for visit in pack.visits}
    ids |= {observation.id for observation in pack.observations}
    return Engine(Checker(open_index()).check, frozenset(ids))


# --- What a verdict says, read defensively (the engine is being rewritten) ----------


def _record_id(record: object) -> str:
    if isinstance(record, str):
        return record
    if isinstance(record, dict):
        return str(record.get("id") or "")
    return str(getattr(record, "id", "") or "")


def read_verdict(verdict: object) -> tuple[str, str, frozenset[str]]:
    """A verdict's label, reason and the ids of every record it cites: its own
    evidence and each part's."""
    label = getattr(verdict, "label", None)
    reason = str(getattr(verdict, "reason", "") or "")
    holders: list[Any] = [verdict, *(getattr(verdict, "parts", None) or ())]
    cited = (record for holder in holders for record in getattr(holder, "evidence", None) or ())
    ids = frozenset(_record_id(record) for record in cited) - {""}
    return str(getattr(label, "value", label)), reason, ids


# --- Reading a claim set ----------------------------------------------------------


class Labelled(NamedTuple):
    """One claim of a set, as written: where it is, its gold label and gold records."""

    line: int
    gold: str
    claim: str
    records: tuple[str, ...]


class ClaimSet(NamedTuple):
    path: Path
    claims: tuple[Labelled, ...]
    has_gold: bool  # the set has a gold records column


def _parse_line(where: str, number: int, fields: list[str], known: frozenset[str]) -> Labelled:
    if len(fields) < 2:
        raise Malformed(f"{where}:{number}: expected label<TAB>claim, found no tab")
    gold, claim = fields[0].strip(), fields[1].strip()
    if gold not in LABELS:
        raise Malformed(f"{where}:{number}: unknown label {gold!r} (one of {', '.join(LABELS)})")
    if not claim:
        raise Malformed(f"{where}:{number}: the claim is empty")
    column = fields[GOLD_COLUMN] if len(fields) > GOLD_COLUMN else ""
    records = tuple(part.strip() for part in column.split(",") if part.strip())
    unknown = [record for record in records if record not in known]
    if unknown:
        raise Malformed(f"{where}:{number}: unknown gold record id {', '.join(unknown)}")
    return Labelled(number, gold, claim, records)


def read_set(path: Path, known: frozenset[str]) -> ClaimSet:
    """A claim set; raises Malformed, naming the file and line, for a line it cannot read."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise Malformed(f"{path}: cannot read it: {error}") from error
    claims, has_gold = [], False
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = line.split("\t")
        has_gold = has_gold or len(fields) > GOLD_COLUMN
        claims.append(_parse_line(str(path), number, fields, known))
    return ClaimSet(path, tuple(claims), has_gold)


# --- Scoring ----------------------------------------------------------------------


class Checked(NamedTuple):
    """A claim with the verdict it got."""

    claim: Labelled
    got: str
    reason: str
    evidence: frozenset[str]

    @property
    def right(self) -> bool:
        return self.got == self.claim.gold

    @property
    def evidenced(self) -> bool:
        """Right, and citing a gold record (a claim with none: right is enough, for
        NOT ENOUGH INFO only)."""
        if not self.right:
            return False
        if not self.claim.records:
            return self.claim.gold == NEI
        return not self.evidence.isdisjoint(self.claim.records)


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _label_figures(checked: Sequence[Checked], label: str) -> dict[str, Any]:
    gold = sum(item.claim.gold == label for item in checked)
    predicted = sum(item.got == label for item in checked)
    right = sum(item.claim.gold == label and item.right for item in checked)
    return {
        "gold": gold,
        "predicted": predicted,
        "right": right,
        "precision": _ratio(right, predicted),
        "recall": _ratio(right, gold),
    }


def _confusion(checked: Sequence[Checked]) -> dict[str, dict[str, int]]:
    counts = Counter((item.claim.gold, item.got) for item in checked)
    return {gold: {got: counts[(gold, got)] for got in LABELS} for gold in LABELS}


def _evidence_figures(claims: ClaimSet, checked: Sequence[Checked]) -> dict[str, Any] | None:
    if not claims.has_gold:
        return None
    right = sum(item.evidenced for item in checked)
    return {"right": right, "claims": len(checked), "score": _ratio(right, len(checked))}


def _error_reason(item: Checked) -> str:
    if not item.right:
        return item.reason
    if not item.claim.records:
        return f"no gold records given for a {item.claim.gold} claim"
    cited = ", ".join(sorted(item.evidence)) or "nothing"
    return f"right verdict, but it cites {cited}; gold: {', '.join(item.claim.records)}"


def _errors(claims: ClaimSet, checked: Sequence[Checked]) -> list[dict[str, Any]]:
    """The wrong verdicts, and in a set with gold records the right ones that cite none."""
    wrong = [item for item in checked if not item.right or (claims.has_gold and not item.evidenced)]
    return [
        {
            "line": item.claim.line,
            "gold": item.claim.gold,
            "got": item.got,
            "claim": item.claim.claim,
            "verdict_right": item.right,
            "reason": _error_reason(item),
        }
        for item in wrong
    ]


def figures(claims: ClaimSet, checked: Sequence[Checked]) -> dict[str, Any]:
    """Every figure of one set, as --json prints it."""
    correct = sum(item.right for item in checked)
    confusion = _confusion(checked)
    false_supported = {gold: confusion[gold][SUPPORTED] for gold in (REFUTED, NEI)}
    return {
        "set": claims.path.name,
        "path": str(claims.path),
        "claims": len(checked),
        "correct": correct,
        "accuracy": _ratio(correct, len(checked)),
        "false_supported": sum(false_supported.values()),
        "false_supported_by_gold": false_supported,
        "labels": {label: _label_figures(checked, label) for label in LABELS},
        "confusion": confusion,
        "evidence": _evidence_figures(claims, checked),
        "errors": _errors(claims, checked),
    }


def score(claims: ClaimSet, engine: Engine) -> dict[str, Any]:
    checked = [Checked(claim, *read_verdict(engine.check(claim.claim))) for claim in claims.claims]
    return figures(claims, checked)


# --- Printing ---------------------------------------------------------------------


def _share(part: int, whole: int, *, aligned: bool = False) -> str:
    """'49/50 (98.0%)'; aligned, the counts padded for a column."""
    ratio = _ratio(part, whole)
    shown = "n/a" if ratio is None else f"{ratio:.1%}"
    return f"{part:>3}/{whole:<3} ({shown})" if aligned else f"{part}/{whole} ({shown})"


def _label_lines(labels: dict[str, dict[str, Any]]) -> list[str]:
    lines = [f"  {'label':<16} {'precision':<18} recall"]
    for label, f in labels.items():
        precision = _share(f["right"], f["predicted"], aligned=True)
        recall = _share(f["right"], f["gold"], aligned=True)
        lines.append(f"  {label:<16} {precision:<18} {recall}")
    return lines


def _matrix_lines(confusion: dict[str, dict[str, int]]) -> list[str]:
    width = max(map(len, LABELS))
    corner = "gold / checked"
    lines = [f"  {corner:<{width}}  " + "  ".join(f"{label:>{width}}" for label in LABELS)]
    for gold, row in confusion.items():
        cells = "  ".join(f"{row[got]:>{width}}" for got in LABELS)
        lines.append(f"  {gold:<{width}}  {cells}")
    return lines


def _evidence_line(evidence: dict[str, Any] | None) -> str:
    if evidence is None:
        return "  evidence: not scored (the set has no gold records column)"
    share = _share(evidence["right"], evidence["claims"])
    return f"  evidence: {share} right and citing a gold record"


def _error_lines(errors: Iterable[dict[str, Any]]) -> list[str]:
    lines = []
    for error in errors:
        lines.append(f"  line {error['line']}: {error['gold']} -> {error['got']}: {error['claim']}")
        lines.append(f"      {error['reason']}")
    return lines


def report(result: dict[str, Any], show_errors: bool) -> str:
    """One set's figures as text."""
    by_gold = result["false_supported_by_gold"]
    lines = [
        f"{result['set']}: {_share(result['correct'], result['claims'])} correct",
        f"  FALSE SUPPORTED: {result['false_supported']} "
        f"(gold REFUTED {by_gold[REFUTED]}, gold NOT ENOUGH INFO {by_gold[NEI]})",
        *_label_lines(result["labels"]),
        *_matrix_lines(result["confusion"]),
        _evidence_line(result["evidence"]),
    ]
    if show_errors:
        lines += _error_lines(result["errors"])
    return "\n".join(lines) + "\n"


# --- The command ------------------------------------------------------------------


def default_sets(folder: Path) -> list[Path]:
    """Every set in `folder` but the held-out ones."""
    return [path for path in sorted(folder.glob("*.tsv")) if HELD_OUT not in path.name]


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("sets", nargs="*", type=Path, metavar="FILE.tsv")
    parser.add_argument("--errors", action="store_true", help="list the wrong verdicts")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument(
        "--claims-dir", type=Path, default=CLAIMS, help="where the sets are when none is named"
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    engine = load_engine()
    paths = args.sets or default_sets(args.claims_dir)
    try:
        sets = [read_set(path, engine.record_ids) for path in paths]
    except Malformed as error:
        print(f"check_accuracy: {error}", file=sys.stderr)
        return 2
    results = [score(claims, engine) for claims in sets]
    if args.json:
        print(json.dumps(results, indent=2, ensure_ascii=False))
    else:
        print("\n".join(report(result, args.errors) for result in results), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
