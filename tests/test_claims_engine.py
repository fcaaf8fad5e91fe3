"""The claim engine step by step: the lexicon as data, each reader of READERS, each
element compared, and the promise that SUPPORTED needs every element of a claim."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vnjp.claims.amounts import Status, compare, read_amounts
from vnjp.claims.compare import compare_times
from vnjp.claims.reading import READERS, parse_claim
from vnjp.claims.verdict import Checker
from vnjp.index import Index
from vnjp.lexicon import LEXICON_FILE, Lexicon, LexiconError, check_lexicon, lexicon
from vnjp.load import pack_key
from vnjp.model import FactFile
from vnjp.results import Label
from vnjp.text import fold

# -- the lexicon ------------------------------------------------------------------


def test_the_shipped_lexicon_is_valid_and_complete() -> None:
    data = check_lexicon(LEXICON_FILE.read_text(encoding="utf-8"))
    vocabulary = Lexicon(data)
    assert vocabulary.hedges["exactly"] == "exact"
    assert vocabulary.scales["billion"] == 10**9
    assert vocabulary.months["sept"] == 9
    assert vocabulary.places["ha noi"] == "hanoi"
    assert vocabulary.roles["party chief"] == "party general secretary"


def _edited(old: str, new: str) -> str:
    text = LEXICON_FILE.read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new, 1)


def test_a_word_in_two_lists_is_named_with_its_file_and_line(tmp_path: Path) -> None:
    text = _edited('"""a an the of', '"""reported a an the of')  # also in [filler]
    with pytest.raises(LexiconError, match=r"lexicon\.toml:\d+: .*'reported' is already in"):
        check_lexicon(text, tmp_path / "lexicon.toml")


def test_a_hedge_of_no_known_kind_is_refused() -> None:
    with pytest.raises(LexiconError, match="'roughly' is none of"):
        check_lexicon(_edited('"roughly" = "about"', '"roughly" = "roughly"'))


def test_an_unknown_section_and_a_missing_one_are_refused() -> None:
    with pytest.raises(LexiconError, match=r"unknown section \[colours\]"):
        check_lexicon(LEXICON_FILE.read_text(encoding="utf-8") + '\n[colours]\nred = "r"\n')
    with pytest.raises(LexiconError, match=r"\[places\] is missing"):
        check_lexicon(_edited("[places]", "[plaices]"))


def test_the_lexicon_is_part_of_the_pack_key(monkeypatch: pytest.MonkeyPatch) -> None:
    facts = [FactFile(Path("facts.toml"), b"")]
    before = pack_key(facts)
    monkeypatch.setattr("vnjp.load.lexicon_bytes", lambda: b"another lexicon")
    assert pack_key(facts) != before


def test_the_index_holds_the_compiled_lexicon(index: Index) -> None:
    compiled = index.meta("lexicon")
    assert compiled is not None
    assert Lexicon(__import__("json").loads(compiled)).hedges == lexicon().hedges


# -- reading: one ordered list of readers -------------------------------------------


def test_the_reading_order_is_one_list_dates_before_figures_before_words() -> None:
    fields = [reader.field for reader in READERS]
    assert fields.index("times") < fields.index("ranks") < fields.index("amounts")
    assert fields.index("amounts") < fields.index("words")


def test_a_reader_whose_strings_are_absent_does_not_run() -> None:
    (times,) = [r for r in READERS if r.field == "times"][:1]
    assert not times.applies("no digit here")
    assert times.applies("in 1973")


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("The document was signed in Paris.", {"paris"}),
        ("They met in Ha Noi in 2022.", {"hanoi"}),
        ("Kishida visited Tokyo.", {"tokyo"}),
        ("Tokyo and Hanoi have had relations since 1973.", set()),  # the governments
    ],
)
def test_places_are_where_something_happened(text: str, places: set[str]) -> None:
    assert parse_claim(text).places == places


@pytest.mark.parametrize(
    ("text", "roles"),
    [
        ("President Vo Van Kiet visited Japan.", {"president"}),
        ("Party chief Do Muoi visited Japan.", {"party general secretary"}),
        ("Prime Minister Kishida Fumio visited Vietnam.", {"prime minister"}),
        ("Vietnam and Japan set up ties in 1973.", set()),
    ],
)
def test_offices_are_read_and_are_no_topic_words(text: str, roles: set[str]) -> None:
    claim = parse_claim(text)
    assert claim.roles == roles
    assert not {"president", "minister", "secretary"} & set(claim.words)


@pytest.mark.parametrize(
    ("text", "trend"),
    [
        ("Trade rose to US$47.6 billion in 2022.", "up"),
        ("Trade fell in 2022.", "down"),
        ("Investment doubled.", "double"),
        ("Aid was halved.", "halve"),
        ("Trade reached US$47.6 billion in 2022.", None),
    ],
)
def test_the_way_a_series_went_is_read(text: str, trend: str | None) -> None:
    claim = parse_claim(text)
    assert claim.trend == trend
    assert not {"increas", "decreas"} & set(claim.words)


def test_a_date_counted_from_another_event_is_relative() -> None:
    assert parse_claim("Embassies opened two years after ties were set up.").relative
    assert parse_claim("A year later, Do Muoi visited Japan.").relative
    assert not parse_claim("The 50th anniversary fell in 2023.").relative


def test_two_events_dated_one_from_the_other_are_read_as_an_interval() -> None:
    interval = parse_claim("Embassies opened two years after relations were set up.").interval
    assert interval is not None
    assert (interval.later, interval.earlier, interval.years) == (
        "Embassies opened",
        "relations were set up",
        2,
    )
    before = parse_claim("Relations were set up a decade before the aid resumed.").interval
    assert before is not None
    assert (before.later, before.earlier, before.years) == (
        "the aid resumed",
        "Relations were set up",
        10,
    )


@pytest.mark.parametrize(
    ("claim", "label"),
    [
        (
            "Embassies were opened in both capitals two years after diplomatic relations "
            "were established.",
            Label.SUPPORTED,
        ),
        (
            "Embassies were opened in both capitals five years after diplomatic relations "
            "were established.",
            Label.REFUTED,
        ),
        (
            "Do Muoi paid an official visit to Japan a year after Murayama Tomiichi "
            "visited Vietnam.",
            Label.SUPPORTED,
        ),
        (
            "Coffee exports doubled two years after diplomatic relations were established.",
            Label.NOT_ENOUGH_INFO,
        ),
    ],
)
def test_the_years_between_two_events_are_computed_from_their_records(
    checker: Checker, claim: str, label: Label
) -> None:
    verdict = checker.check(claim)
    assert verdict.label is label, verdict.reason


def test_a_count_of_months_does_not_hide_the_names_of_months() -> None:
    claim = parse_claim("In the first 9 months of 2023, and on 20 September 2023, trade rose.")
    assert [str(t.when) for t in claim.times] == ["2023-01/2023-09", "2023-09-20"]


def test_a_statement_over_a_span_is_lasting() -> None:
    assert parse_claim("Japan has been the largest donor for the last two decades.").lasting
    assert parse_claim("It has been so over the past 30 years.").lasting
    assert not parse_claim("Japan is the largest donor.").lasting


def test_a_rank_of_n_takes_its_whole_and_leaves_no_figure() -> None:
    claim = parse_claim("Japan is the third largest of 143 foreign investors in Vietnam.")
    ((rank, of),) = [(r.rank, r.of) for r in claim.ranks]
    assert (rank, of) == (3, 143)
    assert claim.amounts == ()


# -- elements compared ----------------------------------------------------------------


def test_exactly_is_a_point_that_a_hedged_record_cannot_confirm() -> None:
    (exact,) = read_amounts(fold("exactly 30%"))
    assert exact.hedge == "exact"
    assert compare(exact, 30, "") == "match"
    assert compare(exact, 30, "over") == "conflict"  # over 30 is not exactly 30
    assert compare(exact, 30, "about") == "unsettled"


def test_scale_words_are_compared_like_digits() -> None:
    (billion,) = read_amounts(fold("about US$19.5 billion"))
    (million,) = read_amounts(fold("about US$19.5 million"))
    assert compare(million, 19_500_000, "about") == "match"
    assert compare(billion, 19_500_000, "about") == "conflict"


def test_a_relative_date_is_never_settled_by_a_records_own_date(checker: Checker) -> None:
    verdict = checker.check(
        "Do Muoi paid an official visit to Japan three years after Murayama Tomiichi "
        "visited Vietnam."
    )
    assert verdict.label is not Label.SUPPORTED


def test_compare_times_takes_the_worst_of_several_dates(checker: Checker) -> None:
    claim = parse_claim("Between 1993 and 1995, and in 1979, leaders visited.")
    (record,) = [
        r
        for r in checker.index.facts_by_seq(range(1, 200)).values()
        if r.id == "aid-suspended-1979"
    ]
    assert compare_times(claim.times, record) is Status.CONFLICT


# -- the promise: SUPPORTED needs every element ------------------------------------------


@pytest.fixture(scope="module")
def checker(index: Index) -> Checker:
    return Checker(index)


@pytest.mark.parametrize(
    ("claim", "not_label"),
    [
        # A wrong scale word, place, hedge or framework is never SUPPORTED.
        ("Vietnam's 106 projects in Japan are worth about US$19.5 billion.", Label.SUPPORTED),
        ("The document establishing diplomatic relations was signed in Tokyo.", Label.SUPPORTED),
        ("Japan accounts for exactly 30% of foreign donor funding.", Label.SUPPORTED),
        ("Vietnam and Japan established a strategic partnership in 2014.", Label.SUPPORTED),
        ("In April 1993 President Vo Van Kiet paid an official visit to Japan.", Label.SUPPORTED),
        ("Japan ranks first in the number of foreign trainees in Vietnam.", Label.SUPPORTED),
        (
            "In September 2015, Party General Secretary Nguyen Phu Trong paid his third "
            "official visit to Japan.",
            Label.SUPPORTED,
        ),
        ("Japan has been Vietnam's largest ODA donor for the last two decades.", Label.SUPPORTED),
        ("Trade between Vietnam and Japan fell to US$47.6 billion in 2022.", Label.SUPPORTED),
        # True ones are not refuted by a record about something else.
        ("Japan is the third largest of 143 foreign investors in Vietnam.", Label.REFUTED),
        ("Japan is Vietnam's largest ODA provider.", Label.REFUTED),
    ],
)
def test_no_element_is_left_unread(checker: Checker, claim: str, not_label: Label) -> None:
    assert checker.check(claim).label is not not_label


@pytest.mark.parametrize(
    ("claim", "label", "says"),
    [
        ("The document establishing diplomatic relations was signed in Tokyo.", "REFUTED", "Paris"),
        ("Trade between Vietnam and Japan rose to US$47.6 billion in 2022.", "SUPPORTED", "2022"),
        ("Trade between Vietnam and Japan fell to US$47.6 billion in 2022.", "REFUTED", "fell"),
        ("Japan accounts for exactly 30% of foreign donor funding.", "REFUTED", "exactly 30%"),
        (
            "Vietnam has 106 investment projects in Japan with a total registered capital of "
            "about US$19.5 million.",
            "SUPPORTED",
            "19.5",
        ),
        (
            "Vietnam and Japan signed a new cooperation agreement in 1973.",
            "NOT ENOUGH INFO",
            "does not name it",
        ),
    ],
)
def test_verdicts_and_the_reasons_that_name_each_element(
    checker: Checker, claim: str, label: str, says: str
) -> None:
    verdict = checker.check(claim)
    assert verdict.label.value == label, verdict.reason
    assert says in verdict.reason


_SUPPORTED = [
    "Vietnam and Japan established diplomatic relations on 21 September 1973.",
    "Two-way trade turnover reached US$42.7 billion in 2021.",
    "Japan is the largest ODA provider to Vietnam.",
]
# Informative words no record states: any of them makes a supported claim unsettled.
_EXTRA = ["secretly", "nuclear", "coffee", "submarine", "bankrupt", "tariff"]


@settings(max_examples=30, deadline=None)
@given(st.sampled_from(_SUPPORTED), st.sampled_from(_EXTRA))
def test_a_word_no_record_states_is_never_supported(claim: str, extra: str) -> None:
    from vnjp.load import open_index

    checker = Checker(open_index())
    assert checker.check(claim).label is Label.SUPPORTED
    words = claim.split(" ")
    changed = " ".join([*words[:2], extra, *words[2:]])
    assert checker.check(changed).label is not Label.SUPPORTED


@pytest.mark.parametrize(
    ("claim", "label", "says"),
    [
        ("Bilateral trade turnover fell in 2022 compared with 2021.", "REFUTED", "from US$42.7"),
        ("Bilateral trade turnover rose in 2022 compared with 2021.", "SUPPORTED", "from US$42.7"),
        ("Two-way trade turnover in 2022 was up 50% on 2021.", "REFUTED", "from US$42.7"),
        ("Two-way trade turnover in 2022 was up about 11% on 2021.", "SUPPORTED", "US$47.6"),
        ("Bilateral trade turnover doubled between 2020 and 2022.", "REFUTED", "from US$40"),
        (
            "Bilateral trade turnover rose from US$40 billion in 2020 to US$47.6 billion in 2022.",
            "SUPPORTED",
            "from US$40",
        ),
    ],
)
def test_a_change_is_computed_from_the_two_levels_of_its_series(
    checker: Checker, claim: str, label: str, says: str
) -> None:
    verdict = checker.check(claim)
    assert verdict.label.value == label, verdict.reason
    assert says in verdict.reason


@pytest.mark.parametrize(
    ("claim", "label"),
    [
        ("Japan did not reopen aid to Vietnam in 1992.", Label.REFUTED),
        ("Japan did not reopen aid to Vietnam until 1992.", Label.SUPPORTED),
        ("Japan did not reopen aid to Vietnam until 1995.", Label.REFUTED),
        ("Japan was not the first G7 country to establish a strategic partnership.", Label.REFUTED),
    ],
)
def test_polarity_not_and_not_until(checker: Checker, claim: str, label: Label) -> None:
    assert checker.check(claim).label is label


def test_the_docs_list_the_readers_in_their_order() -> None:
    docs = (Path(__file__).resolve().parent.parent / "docs" / "claims.md").read_text()
    section = docs[docs.index("### The readers, in order") : docs.index("## The vocabulary")]
    positions = [section.index(f"`{reader.field}`") for reader in READERS]
    firsts = [p for p, r in zip(positions, READERS, strict=True) if r.field != "times"]
    assert firsts == sorted(firsts)


@pytest.mark.parametrize(
    ("claim", "label"),
    [
        ("The theme of the 50th anniversary is 'Vietnam-Japan: Towards the Future'.", "NOT"),
        (
            'The theme of the 50th anniversary is "Viet Nam-Japan: Towards the Future, '
            'Reach out to the World".',
            "SUPPORTED",
        ),
        (
            'In 2002 the two countries set up a "reliable, stable and long-term partnership".',
            "SUPPORTED",
        ),
    ],
)
def test_a_quoted_name_must_be_the_records_whole(checker: Checker, claim: str, label: str) -> None:
    assert checker.check(claim).label.value.startswith(label)
    assert parse_claim(claim).quotes


def test_every_step_of_a_series_is_compared() -> None:
    from vnjp.load import open_index

    checker = Checker(open_index())
    rose = checker.check("Two-way trade increased every year from 2020 to 2022.")
    fell = checker.check("Two-way trade fell every year from 2020 to 2022.")
    assert parse_claim("Trade rose every year from 2020 to 2022.").every_step
    assert (rose.label, fell.label) == (Label.SUPPORTED, Label.REFUTED)


def test_a_short_month_with_its_full_stop_and_a_place_with_its_country() -> None:
    claim = parse_claim("Ties were set up on Sept. 21, 1973 in Paris, France.")
    assert [str(t.when) for t in claim.times] == ["1973-09-21"]
    assert claim.places == {"paris"}
    assert "franc" not in claim.words


def test_a_refutation_cites_the_record_most_like_the_claim(checker: Checker) -> None:
    verdict = checker.check("Vietnam's 106 projects in Japan are worth about US$19.5 billion.")
    assert verdict.label is Label.REFUTED
    assert verdict.evidence[0].id == "vn-capital-in-japan", verdict.reason


@pytest.mark.parametrize("compiled", ['{"hedges": {"ab', "[1, 2]", '{"hedges": {}}'])
def test_a_damaged_compiled_lexicon_is_read_from_the_file_instead(
    compiled: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import vnjp.lexicon

    monkeypatch.setattr(vnjp.lexicon, "_installed", None)
    monkeypatch.setattr(vnjp.lexicon, "_compiled", compiled)
    assert vnjp.lexicon.lexicon().hedges["exactly"] == "exact"
