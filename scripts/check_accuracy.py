"""Measure `vnjp check` on the labelled claims: accuracy per label and a confusion matrix.

Run from the checkout: python scripts/check_accuracy.py [--errors] [FILE.tsv ...]
(default: every tests/claims/*.tsv except realworld-heldout.tsv, each on its own;
the held-out set is scored once, by naming it).
"""

from __future__ import annotations

import sys
from pathlib import Path

from vnjp.check import Checker
from vnjp.load import open_index
from vnjp.results import Label

CLAIMS = Path(__file__).resolve().parent.parent / "tests" / "claims"
LABELS = [label.value for label in Label]


def read_claims(path: Path) -> list[tuple[str, str]]:
    """(label, claim) pairs of a TSV file; lines starting with # are comments."""
    pairs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            label, claim = line.split("\t")[:2]
            pairs.append((label, claim))
    return pairs


def measure(path: Path, checker: Checker, show_errors: bool) -> None:
    pairs = read_claims(path)
    matrix = {(gold, got): 0 for gold in LABELS for got in LABELS}
    for gold, claim in pairs:
        verdict = checker.check(claim)
        matrix[(gold, verdict.label.value)] += 1
        if show_errors and verdict.label.value != gold:
            print(f"  {gold} -> {verdict.label.value}: {claim}\n      {verdict.reason}")
    correct = sum(matrix[(label, label)] for label in LABELS)
    print(f"{path.name}: {correct}/{len(pairs)} correct ({correct / len(pairs):.1%})")
    for label in LABELS:
        total = sum(matrix[(label, got)] for got in LABELS)
        if total:
            right = matrix[(label, label)]
            print(f"  {label:<16} {right:>3}/{total:<3} ({right / total:.1%})")
    width = max(map(len, LABELS))
    corner = "gold / checked"
    print(f"  {corner:<{width}}  " + "  ".join(f"{label:>{width}}" for label in LABELS))
    for gold in LABELS:
        cells = "  ".join(f"{matrix[(gold, got)]:>{width}}" for got in LABELS)
        print(f"  {gold:<{width}}  {cells}")
    wrongly_supported = sum(matrix[(gold, Label.SUPPORTED.value)] for gold in LABELS[1:])
    print(f"  false or unsettled claims labelled SUPPORTED: {wrongly_supported}\n")


def main() -> None:
    args = sys.argv[1:]
    show_errors = "--errors" in args
    paths = [Path(a) for a in args if a != "--errors"] or [
        path for path in sorted(CLAIMS.glob("*.tsv")) if path.name != "realworld-heldout.tsv"
    ]
    checker = Checker(open_index())
    for path in paths:
        measure(path, checker, show_errors)


if __name__ == "__main__":
    main()
