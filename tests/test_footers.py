"""Footers under a table point at something: the note on "*" only under a table that
shows a "*", and no "Sources:" heading with no source under it."""

from __future__ import annotations

import pytest

from tests.conftest import run

FOOTNOTE = "* inferred from the source, not stated outright"


@pytest.mark.parametrize("width", ["40", "100", "200"])
def test_check_marks_no_date_so_has_no_note_on_stars(width: str) -> None:
    claim = "Japan is the largest ODA provider to Vietnam."  # its evidence is inferred
    table = run("check", claim, "--format", "table", env={"COLUMNS": width}).stdout
    assert " *" not in table and FOOTNOTE not in table
    assert "Sources:" in table and "vns-50-years:" in table


@pytest.mark.parametrize("width", ["40", "100"])
def test_a_claim_nothing_is_about_has_no_sources_heading(width: str) -> None:
    outcome = run(
        "check", "Japan is Vietnam's largest source of rice.", "--format", "table",
        env={"COLUMNS": width},
    )  # fmt: skip
    assert outcome.exit_code == 3
    assert "NOT ENOUGH INFO" in outcome.stdout
    assert "Sources:" not in outcome.stdout


@pytest.mark.parametrize(
    "args", [("stat", "oda"), ("leader-visits",), ("timeline",), ("search", "kishida")]
)
def test_a_table_with_a_star_explains_it(args: tuple[str, ...]) -> None:
    table = run(*args, "--format", "table", env={"COLUMNS": "100"}).stdout
    assert " *" in table and FOOTNOTE in table


def test_a_table_without_a_star_has_no_note_on_stars() -> None:
    table = run("timeline", "--to", "1975", "--format", "table").stdout
    assert " *" not in table and FOOTNOTE not in table


def test_a_figure_found_by_search_shows_the_note_its_star_points_at() -> None:
    table = run("search", "ODA total", "--kind", "stat", "--format", "table").stdout
    assert "as of 2023 *" in table or "2023 *" in table
    assert "Both articles write" in table
