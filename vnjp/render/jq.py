"""`--jq EXPR`: a jq expression run on a command's JSON, as gh runs one.

The `jq` package is imported here only, when `--jq` is given: other calls pay nothing
for it. Each result is printed on a line of its own: a string as it is (so
`--jq '.[].id'` prints ids a shell can read), anything else as compact JSON.
"""

from __future__ import annotations

import json
from typing import Any

from vnjp.errors import UsageError


def run_jq(expression: str, document: str) -> str:
    """The results of `expression` on the JSON `document`, a line each."""
    try:
        import jq
    except ImportError:
        raise UsageError(
            "--jq needs the jq package: pip install 'vnjp[jq]' (or pip install jq)"
        ) from None
    try:
        program = jq.compile(expression)
    except ValueError as error:
        raise UsageError(f"--jq: {_message(error)}") from None
    try:
        results = program.input_text(document).all()
    except ValueError as error:
        raise UsageError(f"--jq: {_message(error)}") from None
    return "".join(_line(result) + "\n" for result in results)


def _line(result: Any) -> str:
    if isinstance(result, str):
        return result
    return json.dumps(result, ensure_ascii=False, separators=(",", ":"))


def _message(error: ValueError) -> str:
    """jq's own words, on one line."""
    return " ".join(str(error).split())
