"""JSON output: an array of records, UTF-8, numbers as numbers, dates as ISO strings."""

from __future__ import annotations

import json

from vnjp.query import Result
from vnjp.render.records import record_dicts


def render_json(result: Result) -> str:
    return json.dumps(record_dicts(result), ensure_ascii=False, indent=2) + "\n"
