"""Records as rows of text cells, for CSV and Markdown: lists joined, sources cited."""

from __future__ import annotations

import json
from typing import Any

from vnjp.present import source_ref
from vnjp.results import Result

# Joins a list's items in one cell; "; " reads well and rarely occurs in the facts.
SEPARATOR = "; "


def cell(key: str, value: Any) -> str:
    """One JSON value as a readable cell: sources as "id (published)", people as
    "name (role, country)", lists joined, null empty, numbers as written in JSON."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value) if isinstance(value, float) else str(value)
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return SEPARATOR.join(_item(key, item) for item in value)
    if isinstance(value, dict):  # a CSL-JSON item: as JSON, which a script can read back
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _item(key: str, item: Any) -> str:
    if isinstance(item, dict):
        if key == "sources":
            return source_ref(item["id"], item["published"])
        if key == "evidence":
            cited = ", ".join(source["id"] for source in item.get("sources", []))
            return f"{item['id']} ({cited})"
        if key == "parts":
            return f"{item['text']}: {item['verdict']}"
        if key == "cited_with":
            return f"{item['source']}: {', '.join(item['records'])}"
        if key == "figures":
            cited = ", ".join(source["id"] for source in item["sources"])
            figure = f"{item['qualifier']} {item['value'] if item['value'] is not None else ''}"
            rank = f" rank {item['rank']}" if item["rank"] is not None else ""
            when = item["period"] or f"as of {item['as_of']}"
            return f"{item['id']} ({cited}; {when}): {figure.strip()} {item['unit']}{rank}".strip()
        if key == "differences":
            return f"{item['id']}: {item['difference']}"
        if "name" in item:
            return f"{item['name']} ({item['role']}, {item['country']})"
    return cell(key, item)


def table(result: Result) -> tuple[list[str], list[list[str]]]:
    """Column names (the result's documented fields: the same whatever matched) and a
    row of cells a record."""
    # A ClaimReview is for publishing as JSON; the verdict column says the same.
    columns = [name for name in result.fields() if name != "claim_review"]
    rows = [[cell(key, record.get(key)) for key in columns] for record in result.rows()]
    return columns, rows
