"""The bundled fact pack: complete, and exactly what the two articles say."""

from __future__ import annotations

import datetime
import re

import pytest

from tests.conftest import SEEDS, run_json
from vnjp.model import Event, FactPack, Observation, PartialDate, Visit
from vnjp.text import fold

SEED_FILES = {
    "trusted-partners": "000_f63c67e30c6e91a3.txt",
    "vns-50-years": "003_5e426116c313bba4.txt",
}
MONTHS = [datetime.date(2000, month, 1).strftime("%B") for month in range(1, 13)]


@pytest.fixture(scope="module")
def articles() -> dict[str, str]:
    if not SEEDS.is_dir():
        pytest.skip("the source articles (../shared/seeds) are not beside this checkout")
    return {sid: (SEEDS / name).read_text(encoding="utf-8") for sid, name in SEED_FILES.items()}


def test_the_pack_holds_every_kind_of_fact(pack: FactPack) -> None:
    assert {source.id for source in pack.sources} == set(SEED_FILES)
    assert {"fdi", "oda", "trade", "labour", "community"} <= {k.key for k in pack.stat_keys}
    assert len(pack.visits) == 12
    assert len(pack.observations) >= 30
    assert len([e for e in pack.events if e.date is not None]) >= 15


def test_visits_run_from_kiet_1993_to_thuong_2023(pack: FactPack) -> None:
    visits = sorted(pack.visits, key=lambda v: v.date.sort_key)
    assert (visits[0].person, str(visits[0].date)) == ("Võ Văn Kiệt", "1993-04")
    assert (visits[-1].person, str(visits[-1].date)) == ("Vo Van Thuong", "2023-11-27/2023-11-30")


def _written_forms(value: int | float, unit: str) -> list[str]:
    """How an article may write a figure: "29.3 billion", "5,198", "30%", "30 per cent"."""
    if unit == "percent":
        return [f"{value:g}%", f"{value:g} per cent", f"{value:g} percent"]
    if unit == "USD":
        for scale, word in ((1e9, "billion"), (1e6, "million")):
            if value >= scale:
                return [f"{value / scale:g} {word}"]
    return [f"{int(value):,}", str(int(value))]


def _observations_with_values(pack: FactPack) -> list[Observation]:
    return [o for o in pack.observations if o.value is not None]


def test_every_figure_and_hedge_is_written_so_in_each_cited_article(
    pack: FactPack, articles: dict[str, str]
) -> None:
    for o in _observations_with_values(pack):
        assert o.value is not None
        forms = _written_forms(o.value, o.unit)
        for source in o.sources:
            text = articles[source.id]
            assert any(form in text for form in forms), (o.id, source.id, forms)
            if o.qualifier:
                pattern = rf"\b{o.qualifier}\s+(?:US)?\$?(?:{'|'.join(map(re.escape, forms))})"
                assert re.search(pattern, text), (o.id, source.id, o.qualifier)


def test_ranks_out_of_a_total_are_written_so(pack: FactPack, articles: dict[str, str]) -> None:
    for o in pack.observations:
        if o.rank_of is not None:
            assert any(f"{o.rank}/{o.rank_of}" in articles[s.id] for s in o.sources), o.id
        for country in o.ranked_after:
            assert all(country in articles[s.id] for s in o.sources), (o.id, country)


def _date_is_written(date: PartialDate, text: str) -> bool:
    if date.month is None:
        return str(date.year) in text
    month = MONTHS[date.month - 1]
    if date.day is None:
        return f"{month} {date.year}" in text
    return f"{month} {date.day}" in text and str(date.year) in text


def test_every_stated_date_is_written_so_in_a_cited_article(
    pack: FactPack, articles: dict[str, str]
) -> None:
    dated: list[Event | Visit] = [*pack.events, *pack.visits]
    for record in dated:
        if record.date is None or record.inferred:
            continue
        start, end = record.date.start, record.date.end
        texts = [articles[s.id] for s in record.sources]
        assert any(_date_is_written(start, text) for text in texts), (record.id, str(start))
        if (
            end != start
            and end.day is not None
            and end.month is not None
            and end.month == start.month
        ):
            # A span within a month is written "November 27 to 30, 2023".
            written = f"{MONTHS[end.month - 1]} {start.day} to {end.day}, {end.year}"
            assert any(written in text for text in texts), (record.id, written)
        elif end != start:
            assert any(_date_is_written(end, text) for text in texts), (record.id, str(end))


def test_every_visitor_is_named_in_the_cited_article(
    pack: FactPack, articles: dict[str, str]
) -> None:
    for visit in pack.visits:
        for person in [visit.person, *(p.name for p in visit.counterparts)]:
            either_order = {person, " ".join(reversed(person.split()))}
            for source in visit.sources:
                assert any(name in articles[source.id] for name in either_order), (
                    visit.id,
                    person,
                )


def test_inferred_and_undated_records_explain_themselves(pack: FactPack) -> None:
    records: list[Event | Visit | Observation] = [*pack.events, *pack.visits, *pack.observations]
    for record in records:
        if record.inferred or getattr(record, "date", True) is None:
            assert record.note, record.id


def test_titles_and_summaries_are_our_own_words(pack: FactPack, articles: dict[str, str]) -> None:
    """No run of 12 words from a title or summary stands in a source article."""
    sources = {sid: " ".join(re.findall(r"\w+", fold(text))) for sid, text in articles.items()}
    for event in pack.events:
        for text in (event.title, event.summary):
            words = re.findall(r"\w+", fold(text))
            for start in range(len(words) - 11):
                run = " ".join(words[start : start + 12])
                for source in event.sources:
                    assert run not in sources[source.id], (event.id, run)


def test_both_figures_are_kept_where_the_articles_differ(pack: FactPack) -> None:
    shares = {
        (o.qualifier, o.sources[0].id)
        for o in pack.observations
        if o.stat == "oda" and o.unit == "percent"
    }
    assert shares == {("about", "trusted-partners"), ("over", "vns-50-years")}
    fdi_capital = {
        (str(o.as_of), o.value)
        for o in pack.observations
        if o.stat == "fdi" and o.unit == "USD" and o.as_of is not None and o.from_country == "JP"
    }
    assert fdi_capital == {("2023-09-20", 71_300_000_000), ("2023-07", 71_200_000_000)}


@pytest.mark.parametrize(
    ("alias", "record"),
    [
        ("VJEPA", "economic-partnership-agreement-2008"),
        ("JVEPA", "economic-partnership-agreement-2008"),
        ("Vietnam-Japan Joint Initiative", "joint-initiative-2003"),
        ("Extensive Strategic Partnership", "extensive-strategic-partnership-2014"),
        ("Asia-Europe Meeting", "multilateral-forums"),
        ("TPP11", "cptpp-rcep-members"),
        ("grant aid", "oda-non-refundable"),
    ],
)
def test_search_finds_a_record_by_its_alias(alias: str, record: str) -> None:
    _, records = run_json("search", alias)
    assert records[0]["id"] == record
    assert alias in records[0]["aliases"]


def test_aliases_are_names_not_facts(pack: FactPack) -> None:
    """An alias names the record's thing: it carries no year or figure of its own."""
    records: list[Event | Visit | Observation] = [*pack.events, *pack.visits, *pack.observations]
    assert any(record.aliases for record in records)
    for record in records:
        for alias in record.aliases:
            assert not re.search(r"\d{3,}", alias), (record.id, alias)
