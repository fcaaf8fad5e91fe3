"""Each shortcut taken for speed on large packs gives exactly what the plain way gives."""

from __future__ import annotations

import json
import math
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vnjp import compile as compile_module
from vnjp import query, search
from vnjp import words as words_module
from vnjp.claims.verdict import Checker
from vnjp.codec import Rendered
from vnjp.index import Index
from vnjp.load import load_pack, open_index
from vnjp.model import FactPack
from vnjp.render.json import _json_escape, render_json
from vnjp.results import CheckResults, Result, SourceSummary
from vnjp.text import replace_unsafe


class _StartsEverything:
    """A phrase-start set that every text meets: the prefilter never skips."""

    def isdisjoint(self, words: object) -> bool:
        return False


# Every phrase of the lexicon, word by word, and each of its words alone.
_PHRASES = sorted(
    {phrase for found in words_module._words().phrases.values() for phrase, _ in found}
)
_PIECES = st.one_of(
    st.sampled_from(_PHRASES),
    st.sampled_from(sorted({word for phrase in _PHRASES for word in phrase})).map(lambda w: (w,)),
    st.sampled_from(["japan's", "of", "the", "2020-2022", "s"]).map(lambda w: (w,)),
    st.from_regex(r"[a-z]{1,8}", fullmatch=True).map(lambda w: (w,)),
)


@settings(deadline=None)
@given(st.lists(_PIECES, max_size=6))
def test_the_phrase_prefilter_changes_no_words(pieces: list[tuple[str, ...]]) -> None:
    words = [word for piece in pieces for word in piece]
    vocabulary = words_module._words()
    fast = vocabulary.with_phrases(list(words))
    starts = vocabulary.phrase_starts
    try:
        vocabulary.phrase_starts = _StartsEverything()  # type: ignore[assignment]
        plain = vocabulary.with_phrases(list(words))
    finally:
        vocabulary.phrase_starts = starts
    assert fast == plain


@settings(deadline=None)
@given(st.text(alphabet="abc- '0123", max_size=30))
def test_tokens_without_a_hyphen_are_the_words_found(text: str) -> None:
    expected = [
        part
        for word in words_module._WORD.findall(text)
        for part in (word.split("-") if not word[0].isdigit() else (word,))
        if part
    ]
    assert words_module._tokens(text) == expected


def _tables(pack: FactPack) -> dict[str, list[tuple[object, ...]]]:
    connection = sqlite3.connect(":memory:")
    compile_module.compile_pack(pack, connection, "key")
    names = [n for (n,) in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    return {
        name: connection.execute(f"SELECT * FROM {name} ORDER BY rowid").fetchall()
        for name in names
    }


def test_an_index_written_a_few_records_at_a_time_is_the_same(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pack = load_pack()
    whole = _tables(pack)
    monkeypatch.setattr(compile_module, "_CHUNK", 7)
    assert _tables(pack) == whole
    assert len(whole["postings"]) > 1000 and len(whole["records"]) > 7


# -- --json copies each record's text from the index ------------------------------


def _plain_json(result: Result, ascii_only: bool) -> str:
    """What --json printed before records were copied: the whole document encoded."""
    text = json.dumps(result.document(), ensure_ascii=ascii_only, indent=2)
    return replace_unsafe(text, _json_escape) + "\n"


def _results(index: Index) -> list[Result]:
    checker = Checker(index)
    claims = ["Japan is Vietnam's largest ODA provider.", "Kishida visited Vietnam in 2023."]
    # A claim that is the very text of a mark: the marks are not each found once.
    claims += ["\x00vnjp-record-1\x00"]
    return [
        query.timeline(index),
        query.timeline(index, category="visit"),
        query.leader_visits(index),
        query.stat(index, "fdi"),
        search.search(index, "japan investment"),
        search.search(index, "kishida"),
        CheckResults(tuple(checker.check(claim) for claim in claims), False, date(2024, 1, 2)),
    ]


@pytest.mark.parametrize("ascii_only", [False, True])
def test_json_copied_from_the_index_is_the_json_encoded(ascii_only: bool) -> None:
    index = open_index(None)
    for result in _results(index):
        copied = render_json(result, ascii_only=ascii_only)
        assert copied == _plain_json(result, ascii_only)
    # Records were copied, not encoded: the texts were there to copy.
    assert isinstance(query.timeline(index).rows()[0], Rendered)


def test_json_of_awkward_text_is_copied_as_it_would_be_encoded(tmp_path: Path) -> None:
    # Beyond the basic plane, DEL, a C1 control, a bidi override, quotes, backslash, tab,
    # and the very characters of a mark.
    awkward = r"\u0110\u1ed7 M\u01b0\u1eddi \U0001F1FB\U0001F1F3 \u007f \u0085 \u202e"
    awkward += r" \"q\" \\ \t end"
    mark = r"\u0000vnjp-record-0\u0000"
    (tmp_path / "odd.toml").write_text(
        "[[sources]]\n"
        f'id = "odd"\ntitle = "{awkward}"\npublisher = "P"\npublished = "2020"\n\n'
        "[[events]]\n"
        f'id = "odd-event"\ndate = "2020-01"\ntitle = "{awkward}"\n'
        f'summary = "{awkward} {mark}"\ncategory = "diplomacy"\nsources = ["odd"]\n',
        encoding="utf-8",
    )
    index = open_index([tmp_path])
    for ascii_only in (False, True):
        for result in (query.timeline(index), search.search(index, "muoi")):
            assert result.records
            assert render_json(result, ascii_only=ascii_only) == _plain_json(result, ascii_only)


def test_a_changed_row_is_encoded_again() -> None:
    row = query.timeline(open_index(None)).rows()[0]
    assert isinstance(row, Rendered) and row.text is not None
    row["title"] = "changed"
    assert row.text is None
    other = query.timeline(open_index(None)).rows()[0]
    assert isinstance(other, Rendered)
    other.update(title="changed")
    assert other.text is None


# -- search: the scores SQLite helps work out are the ones Python worked out alone --


def _python_search(
    index: Index, text: str, kind: str | None, limit: int | None
) -> list[tuple[int, float, tuple[str, ...]]]:
    """(seq, score, terms matched) of each hit, as search ranked them before SQLite read
    each record's best match: every posting read into Python and scored there."""
    terms = search.query_terms(text)
    documents = index.count()
    matches: dict[str, dict[int, float]] = {}
    for term in terms:
        found: dict[int, float] = {}
        for posting in index.postings(term, prefix=len(term) >= 3):
            quality = posting.weight * (1.0 if posting.term == term else search._PREFIX_FACTOR)
            if quality > found.get(posting.record, 0.0):
                found[posting.record] = quality
        matches[term] = found
    weights = {t: math.log((documents + 1) / (len(f) + 0.5)) for t, f in matches.items()}
    total = sum(weights.values()) or 1.0
    kinds = index.kinds(seq for found in matches.values() for seq in found)
    scored = []
    for seq, record_kind in kinds.items():
        if kind is not None and record_kind != kind:
            continue
        matched = {term: found[seq] for term, found in matches.items() if seq in found}
        coverage = sum(weights[term] for term in matched) / total
        strength = sum(weights[term] * quality for term, quality in matched.items()) / total
        score = round(coverage**2 * strength, 4)
        scored.append((-score, search._KIND_ORDER[record_kind], seq, score, tuple(matched)))
    scored.sort()
    return [(seq, score, matched) for _, _, seq, score, matched in scored[:limit]]


def _hits(index: Index, text: str, kind: str | None, limit: int | None) -> list[object]:
    result = search.search(index, text, kind=kind, limit=limit)
    ids = {
        record.id: seq for seq, record in index.facts_by_seq(range(1, index.count() + 1)).items()
    }
    ids.update((source.id, seq) for seq, source, _ in index.sources())
    hits: list[object] = []
    for hit in result.records:
        record = hit.record
        name = record.source.id if isinstance(record, SourceSummary) else record.id
        hits.append((ids[name], hit.score, hit.terms))
    return hits


@pytest.fixture(scope="module")
def tied_pack(tmp_path_factory: pytest.TempPathFactory) -> Index:
    """A pack of many records made of a few words: scores tie, and prefixes overlap."""
    folder = tmp_path_factory.mktemp("tied")
    words = ["trade", "trader", "trading", "aid", "aide", "visit", "visitor", "tra", "ai"]
    lines = ['[[sources]]\nid = "s"\ntitle = "Trade aid"\npublisher = "P"\npublished = "2020"\n']
    for number in range(240):
        title = " ".join(words[(number * k) % len(words)] for k in (1, 2, 5))
        summary = " ".join(words[(number + k) % len(words)] for k in range(number % 4))
        lines.append(
            f'[[events]]\nid = "e{number}"\ndate = "20{number % 20:02d}"\n'
            f'title = "{title.capitalize()}"\nsummary = "{summary or "none"}."\n'
            f'category = "{CATEGORIES[number % 3]}"\nsources = ["s"]\n'
        )
    (folder / "tied.toml").write_text("\n".join(lines), encoding="utf-8")
    return open_index([folder])


CATEGORIES = ("aid", "trade", "diplomacy")
_QUERIES = [
    *("japan", "kishida", "trade aid", "tra", "ai visit", "fdi investment", "the of"),
    *("oda japan vietnam", "visitor trading aide", "partnership 2023", "ab", "xyzzy trade"),
]


@pytest.mark.parametrize("text", _QUERIES)
def test_search_ranks_as_python_alone_did(text: str, tied_pack: Index) -> None:
    for index in (open_index(None), tied_pack):
        if not search.query_terms(text):
            continue
        for kind in (None, "event", "stat", "source"):
            for limit in (None, 1, 7):
                expected = _python_search(index, text, kind, limit)
                assert _hits(index, text, kind, limit) == expected


@settings(deadline=None)
@given(
    st.lists(st.sampled_from(["trade", "tr", "trad", "aid", "a", "visi", "e", "zz"]), min_size=1)
)
def test_search_ranks_any_query_as_python_alone_did(words: list[str]) -> None:
    index = open_index(None)
    text = " ".join(words)
    if search.query_terms(text):
        assert _hits(index, text, None, None) == _python_search(index, text, None, None)
