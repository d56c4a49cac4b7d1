"""Whose figure it is and which slice it counts: nations speaking, brands, shares, parts,
periods, exclusions and people's fates. Sentences written for these tests, no vocabulary
unless a test says so.
"""

from __future__ import annotations

import pytest

from newsmon.tasks.figures.extract import find_figures
from newsmon.tasks.figures.identity import Identity
from newsmon.tasks.figures.vocabulary import Vocabulary

WORLD_WORDS = Vocabulary.from_mapping(
    {"entities": {"World": {"aliases": ["global", "worldwide"]}, "Brazil": {"aliases": []}}}
)


def identities(text: str, vocabulary: Vocabulary | None = None) -> dict[float, Identity]:
    """The identity of every quantity of a text written in 2026, by value."""
    found = find_figures(text, vocabulary, year=2026, month=6, all_quantities=True)
    return {f.value: f.identity for f in found if f.identity is not None}


@pytest.mark.parametrize(
    ("text", "value", "place"),
    [
        # a nation speaking in the number's own clause owns it, not the place before it
        ("Officials in Lyon added 9 cases, taking France's tally to 70, and Belgium reported "
         "four more for a total of 25.", 25, "Belgium"),
        ("Officials in Lyon added 9 cases, taking France's tally to 70, and Belgium reported "
         "four more for a total of 25.", 4, "Belgium"),
        # a body of a nation is no nation speaking: the place it names owns the count
        ("The UK Health Security Agency reported 9 new cases in Wales, taking the total there "
         "to 31.", 31, "Wales"),
        # "put the number at" is an estimate of a count named before, not the speaker's own
        ("Peru's outbreak had reached 600 cases, while Chile put the number at 650.", 650, "Peru"),
        # ...but a nation saying its own toll rose still owns it
        ("Officials in Lyon added 9 cases, and Portugal said the toll had risen to 12.", 12,
         "Portugal"),
        # a part of a count named before stays that count's, whoever speaks of it
        ("An airstrike killed 12 people in Gaza, and Israel said 9 of them were militants.", 9,
         "Gaza"),
        # a national body counts for its country
        ("The CDC has recorded 4,100 cases nationally.", 4100, "US"),
        ("The Robert Koch Institute said confirmed cases had reached 870.", 870, "Germany"),
    ],
)  # fmt: skip
def test_whose_count_it_is(text: str, value: float, place: str) -> None:
    assert identities(text)[value].place == place


@pytest.mark.parametrize(
    "text",
    [
        "The ministry bought 2 million doses of Vaxiflu, a two-dose vaccine, for the clinics.",
        "Health officials ordered 800,000 Corvex shots, and hospitals in the north got 30,000.",
        "It is buying Vaxiflu, the two-dose vaccine, and expects 6 million doses by winter.",
    ],
)
def test_a_brand_is_not_a_place(text: str) -> None:
    assert {i.place for i in identities(text).values()} & {"Vaxiflu", "Corvex"} == set()


def test_a_place_described_with_a_vaccine_word_is_still_a_place() -> None:
    text = "Kauai, the island where the vaccine clinic opened, reported 40 cases."
    assert identities(text)[40].place == "Kauai"


def test_a_share_of_the_whole_belongs_to_its_part() -> None:
    text = (
        "Europe accounts for 21%, and Brazil, with the largest outbreak, makes up 38% of the "
        "global total."
    )
    found = identities(text, WORLD_WORDS)
    assert found[38].place == "Brazil" and found[38].unit == "percent"


def test_a_share_of_a_named_group_keeps_its_place() -> None:
    assert identities("About 40% of US adults have had a booster.")[40].place == "US"


@pytest.mark.parametrize(
    ("text", "value", "scope"),
    [
        ("About 45 new infections are being confirmed each day, officials said.", 45, "per_day"),
        ("This week alone brought 900 new cases, the agency said.", 900, "per_week"),
        ("The agency logged 2,100 new cases over those seven days.", 2100, "per_week"),
        # a count over some other span stays a change, of no period
        ("Another 300 cases were logged over the past three days.", 300, "change"),
        ("Britain announced 11 more infections on Tuesday.", 11, "change"),
        # a period word in another clause, or "a day after", is no period of this count
        ("Officials reported 12 new cases on Monday, and each day brings more.", 12, "change"),
        ("There were 300 new cases, a day after 250 were logged.", 300, "change"),
        # "by mid-2027" dates a figure after the article's year: a forecast
        ("The order would bring the national stockpile to 5 million doses by mid-2027.",
         5_000_000, "forecast"),
    ],
)  # fmt: skip
def test_the_period_a_count_is_for(text: str, value: float, scope: str) -> None:
    assert identities(text)[value].scope == scope


def test_a_part_counts_what_its_whole_counts() -> None:
    found = identities("The virus has now been found in 9 of the 26 cantons, with 410 cases.")
    assert found[9].measure == "canton" and found[410].measure == "cases"


def test_the_whole_a_part_is_counted_in_is_no_key_figure() -> None:
    found = {f.value: f for f in find_figures("The fire destroyed 200 of the 1,000 homes.")}
    assert set(found) == {200}


def test_a_part_with_no_noun_after_its_whole_reads_its_verb() -> None:
    assert identities("Two of the three were killed when the roof fell.")[2].measure == "deaths"


def test_a_count_outside_a_place_is_its_own_slice() -> None:
    found = identities("The agency counts 30 deaths outside China, and 45 deaths in all.")
    assert found[30].variant == "outside China" and found[45].variant is None
    assert found[30].key() != found[45].key()
    assert identities("Officials counted 300 cases excluding Hawaii.")[300].variant == (
        "outside Hawaii"
    )


def test_outside_a_building_is_a_spot_not_a_slice() -> None:
    assert identities("Police arrested 40 protesters outside the White House.")[40].variant is None


@pytest.mark.parametrize(
    ("text", "value", "measure"),
    [
        ("By Tuesday 14 families had been notified, the coroner said.", 14, "notified"),
        ("Nearly 9,000 people have applied for grants since the flood.", 9000, "applicants"),
        ("Of the 80 victims identified so far, 62 have been named publicly.", 62, "named"),
        ("Of the 80 victims identified so far, 62 have been named publicly.", 80, "identified"),
        # cases are notified too: they stay cases
        ("Some 620 cases were notified last week.", 620, "cases"),
    ],
)  # fmt: skip
def test_what_befell_the_people_counted(text: str, value: float, measure: str) -> None:
    assert identities(text)[value].measure == measure


@pytest.mark.parametrize(
    ("text", "one", "other"),
    [
        ("Insurers put insured property losses at $1.2 billion. The governor said property "
         "damage was close to $4 billion.",
         1_200_000_000, 4_000_000_000),
        ("Insurers put insured property losses at $1.2 billion. Uninsured property losses "
         "came to $3 billion.", 1_200_000_000, 3_000_000_000),
        ("The agency approved $9 million in federal aid, including $2 million in rental "
         "assistance.", 9_000_000, 2_000_000),
    ],
)  # fmt: skip
def test_a_kind_of_money_is_not_all_of_it(text: str, one: float, other: float) -> None:
    found = identities(text)
    assert found[one].base != found[other].base


def test_an_order_is_its_own_event() -> None:
    assert identities("The government placed an order for 3 million doses.")[3e6].event == "ordered"
    later = identities("The clinics administered 5,000 doses and took orders for more.")
    assert later[5000].event == "administered"


@pytest.mark.parametrize(
    ("text", "value", "qualifier"),
    [
        ("Police said 120 people from the list of 400 released on Monday had been found.", 400,
         "previous"),
        ("Police said 120 people from the list of 400 released on Monday had been found.", 120,
         "exact"),
        # a toll named by its release may be the news itself
        ("Officials said the toll of 115 released on Tuesday was final.", 115, "exact"),
    ],
)  # fmt: skip
def test_a_list_named_by_its_release_is_an_earlier_count(
    text: str, value: float, qualifier: str
) -> None:
    found = {f.value: f for f in find_figures(text, year=2026, all_quantities=True)}
    assert found[value].qualifier == qualifier
