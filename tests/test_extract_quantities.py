"""Quantities, qualifiers and not-figures as the extractor reports them."""

from __future__ import annotations

import pytest

from newsmon.tasks.figures.extract import Figure, find_figures
from newsmon.tasks.figures.qualifiers import direction_of


def only(text: str) -> Figure:
    """The single quantity of a text."""
    figures = find_figures(text, all_quantities=True)
    assert len(figures) == 1, [(f.text, f.value) for f in figures]
    return figures[0]


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("They sent 3,000 troops.", 3000.0, "count"),
        ("It has up to 1.3million active personnel.", 1_300_000.0, "count"),
        ("a further 5 mi l l ion ammunition rounds", 5_000_000.0, "count"),
        ("Putin's army occupies 18% of Ukraine.", 18.0, "percent"),
        ("Turnout was 30 percent.", 30.0, "percent"),
        ("Turnout was 40 per cent.", 40.0, "percent"),
        ("a car valued at about 380,000 euros", 380_000.0, "EUR"),
        ("It cost $1.2bn.", 1_200_000_000.0, "USD"),
        ("It cost £5m.", 5_000_000.0, "GBP"),
        ("It cost €40 million.", 40_000_000.0, "EUR"),
        ("a fine of 100 million won", 100_000_000.0, "KRW"),
        ("a dozen soldiers", 12.0, "count"),
        ("some 12k protesters", 12_000.0, "count"),
        ("six officers died", 6.0, "count"),
        ("firing 152mm shells", 152.0, "mm"),
        ("nearly half of voters", 50.0, "percent"),
    ],
)
def test_values_and_units(text: str, value: float, unit: str) -> None:
    figure = only(text)
    assert (figure.value, figure.unit) == (pytest.approx(value), unit)


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("between 3,000 and 4,000 soldiers", 3000.0, 4000.0),
        ("10,000 to 12,000 troops", 10_000.0, 12_000.0),
        ("10,000-12,000 troops", 10_000.0, 12_000.0),
        ("3 to 4 million people", 3_000_000.0, 4_000_000.0),
    ],
)
def test_ranges(text: str, low: float, high: float) -> None:
    figure = only(text)
    assert (figure.qualifier, figure.low, figure.high, figure.value) == ("range", low, high, low)


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [("hundreds of soldiers", 100, 1000), ("tens of thousands of people", 1e4, 1e5)],
)
def test_vague_counts_keep_bounds(text: str, low: float, high: float) -> None:
    figure = only(text)
    assert (figure.qualifier, figure.low, figure.high) == ("vague", low, high)
    assert not figure.is_key


@pytest.mark.parametrize(
    ("text", "qualifier"),
    [
        ("Kim sent 3,000 troops.", "exact"),
        ("Kim sent about 3,000 troops.", "approx"),
        ("Kim sent some 3,000 troops.", "approx"),
        ("Kim sent roughly 3,000 troops.", "approx"),
        ("Kim sent around 3,000 troops.", "approx"),
        ("Kim sent over 3,000 troops.", "at_least"),
        ("Kim sent more than 3,000 troops.", "at_least"),
        ("Kim sent at least 3,000 troops.", "at_least"),
        ("Kim sent up to 3,000 troops.", "at_most"),
        ("Kim sent as many as 3,000 troops.", "at_most"),
        ("The toll could climb to 3,000 soldiers.", "projection"),
        ("The toll might rise to 3,000 soldiers.", "projection"),
        ("The number may soon reach 3,000 soldiers.", "projection"),
        ("It was definitely not close to 3,000.", "negated"),
        ("Even if there were 3,000, it would not matter.", "hypothetical"),
        ("The force grew to 5,000, up from 3,000 in May.", "previous"),
        ("Membership edged up to 3,100, from 3,000.", "previous"),
        ("Output cooled to 2,500 from a peak of 3,000.", "previous"),
        ("The tally was revised to 3,150 from the 3,000 first announced.", "previous"),
        ("Sales grew by 4,000 in May after a 3,000 rise the month before.", "previous"),
        ("The crowd was put at 2,800 on Friday, up from the 3,000 counted a day earlier.",
         "previous"),
        ("Enrolment fell to 1,900 from more than 3,000.", "previous"),
        ("The hall holds 2,600 seats, having shrunk from roughly 3,000.", "previous"),
        ("The census found 4,100 rough sleepers, far more than the 3,000 counted in 2019.",
         "previous"),
        ("Stocks stood at 3,400 tonnes, against 3,000 a year earlier.", "previous"),
        ("Officials counted 3,400 deaths, against 3,000 in the neighbouring state.", "exact"),
        ("Residents fled when the fire started and at least 3,000 homes burned.", "at_least"),
        ("Prices are now 4% above the 3,000 needed to break even.", "exact"),
        ("This week's tally of 3,400 compares with 3,000.", "previous"),
        ("Attendance was well above last year's 3,000.", "previous"),
        ("Sales were 2,900 in May, just below April's 3,000.", "previous"),
        ("The camp now holds 1,000 of the 3,000 people first reported displaced.", "previous"),
        ("After two straight increases of 3,000, the index paused.", "previous"),
        ("By noon the count was 4,200, hours after the agency had put it at 3,000.",
         "previous"),
        ("When the search began the list held more than 3,000, the sheriff said.", "previous"),
        ("Exports reached 3,200, above the 3,000 analysts had expected.", "exact"),
        ("One director would have preferred 3,000 new hires.", "hypothetical"),
        ("Membership edged up to 3,000.", "exact"),
        ("The rebels are fighting against the 3,000 soldiers sent north.", "exact"),
        ("The estimate was revised up to 3,000 on Monday.", "exact"),
    ],
)  # fmt: skip
def test_qualifiers(text: str, qualifier: str) -> None:
    figures = find_figures(text, all_quantities=True)
    assert figures[-1].value == 3000.0
    assert figures[-1].qualifier == qualifier


@pytest.mark.parametrize(
    "text",
    [
        "Enrolment reached 4,500 boys and 5,000 girls, up from 2,000 boys and 3,000 girls.",
        "The new survey compares with 2,000 clinics in 3,000 villages a year ago.",
    ],
)
def test_a_list_of_earlier_values_is_previous_throughout(text: str) -> None:
    found = {f.value: f.qualifier for f in find_figures(text, all_quantities=True)}
    assert (found[2000.0], found[3000.0]) == ("previous", "previous")


def test_a_new_clause_after_an_earlier_value_is_not_in_its_list() -> None:
    found = find_figures("Deaths rose to 80 from 60 and 1,000 people remain missing.",
                         all_quantities=True)  # fmt: skip
    assert {f.value: f.qualifier for f in found}[1000.0] == "exact"


def test_a_move_from_one_value_to_another_is_not_a_range() -> None:
    found = find_figures("Output is set to climb from 2,000 to 3,000.", all_quantities=True)
    assert [(f.value, f.qualifier) for f in found] == [(2000.0, "previous"), (3000.0, "exact")]
    (estimate,) = find_figures("Estimates range from 2,000 to 3,000.", all_quantities=True)
    assert (estimate.low, estimate.high) == (2000.0, 3000.0)


def test_qualifier_words_are_part_of_the_text() -> None:
    figure = only("North Korea has up to 1.3million active personnel.")
    assert figure.text == "up to 1.3million"


@pytest.mark.parametrize(
    "text",
    [
        "The Nightly cover for 21-11-2024",
        "Edition 21 November 2024",
        "It happened in 2022.",
        "since early 2022",
        "the 1950-53 Korean War",
        "on September 9, 2018",
        "at 10:30 on Friday",
        "at 3pm on Friday",
        "Call us on +44 20 7946 0958 today",
        "Call 020 7946 0958",
        "© 2024 Example News 123 Ltd",
        "It was his 22nd visit and the 3rd attempt.",
        "a new Hwasong-20 missile",
        "F-16 jets and COVID-19",
    ],
)
def test_not_figures(text: str) -> None:
    assert find_figures(text, all_quantities=True) == []


def test_calibre_is_a_unit_not_a_count() -> None:
    figures = find_figures("Russia fired 152mm shells at the town.", all_quantities=True)
    assert [(f.value, f.unit) for f in figures] == [(152.0, "mm")]
    assert find_figures("Russia fired 152mm shells at the town.") == []


def test_offsets_point_at_the_text() -> None:
    text = "Officials said that roughly 13,000 North Korean soldiers were sent to Russia."
    (figure,) = find_figures(text, all_quantities=True)
    assert text[figure.start : figure.end] == figure.text == "roughly 13,000"
    assert figure.counted == "North Korean soldiers"
    assert figure.claimant == "Officials"


def test_incidental_figures_are_not_key() -> None:
    text = "The president was on a two-day state visit, where he met the two leaders."
    assert find_figures(text) == []
    assert find_figures(text, all_quantities=True)


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("The shares were up 5pc on Friday.", 5.0, "percent"),
        ("Brent traded at $52 a barrel.", 52.0, "USD per barrel"),
        ("a $3500 a month mortgage", 3500.0, "USD per month"),
        ("It cost $5 a year ago.", 5.0, "USD"),
        ("at 15 to 22 miles per hour", 15.0, "mph"),
        ("output of 800,000 barrels a day", 800_000.0, "barrel per day"),
        ("the 68 year-old Washington", 68.0, "year of age"),
        ("He will be 30 years old.", 30.0, "year of age"),
        ("her 18 month-old daughter", 18.0, "month of age"),
        ("at 110 JPY to the dollar", 110.0, "JPY"),
        ("more than 7.5 million Danish crowns", 7_500_000.0, "DKK"),
        ("for 7,199 Chinese yuan", 7199.0, "CNY"),
        ("or AU $89.99 per year", 89.99, "AUD per year"),
        ("it can hit 500 degrees celsius", 500.0, "celsius"),
        ("a 640bhp V10", 640.0, "brake horsepower"),
        ("a pixel pitch of 352 μm", 352.0, "micrometre"),
        ("shares fell to 164p", 164.0, "pence"),
        ("John Gant (0.5 WAR)", 0.5, "win above replacement"),
        ("a 2.4-litre four-cylinder engine", 4.0, "cylinder"),
        ("The fine was RM3.06mil.", 3_060_000.0, "MYR"),
    ],
)
def test_units_rates_ages_and_codes(text: str, value: float, unit: str) -> None:
    figure = find_figures(text, all_quantities=True)[-1]
    assert (figure.value, figure.unit) == (pytest.approx(value), unit)


def test_word_ranges_share_their_scale() -> None:
    figure = only("There are four to five thousand people.")
    assert (figure.low, figure.high) == (4000.0, 5000.0)


def test_a_rate_keeps_a_range_together() -> None:
    figure = only("at a price of between $62 and $68 per share")
    assert (figure.unit, figure.low, figure.high) == ("USD per share", 62.0, 68.0)


def test_counted_phrase_ends_at_its_plural_noun() -> None:
    text = "It has been 30 years since 96 Liverpool fans went to a game."
    assert find_figures(text, all_quantities=True)[-1].counted == "Liverpool fans"
    assert only("She was one of the students.").counted == "students"
    assert only("about 460 Kia and Hyundai vehicles").counted == "Kia and Hyundai vehicles"
    assert only("with 1,100 public housing properties").counted == "public housing properties"
    assert only("They sent 3,000 troops and tanks.").counted == "troops"


@pytest.mark.parametrize(
    ("text", "direction"),
    [
        ("Tesla shares were up after plummeting 65% in 2022.", "down"),
        ("employment grew by 125,600 positions or 2.2 per cent", "up"),
        ("profit was revised upward by 40 billion", "up"),
        ("it expects to grow sales by 35 per cent", "up"),
        ("the index advancing about 1.7 percent", "up"),
        ("Ben-Moshe has raised 280 million", None),
    ],
)
def test_direction_words(text: str, direction: str | None) -> None:
    figure = find_figures(text, all_quantities=True)[-1]
    assert direction_of(text, figure.start) == direction


def test_team_names_are_not_figures() -> None:
    assert find_figures("against the San Francisco 49ers", all_quantities=True) == []


def test_levels_and_rates_past_brackets() -> None:
    index = find_figures("The S&P 500 rose 64.06 points to 4,577.10.", all_quantities=True)
    assert [(f.value, f.unit) for f in index] == [(64.06, "point"), (4577.1, "point")]
    offer = find_figures("an offer of C $6 (US $4.46) per share", all_quantities=True)
    assert [(f.text, f.unit) for f in offer] == [("C $6", "CAD per share"), ("US $4.46", "USD")]
    assert [f.unit for f in find_figures("for 1,200€ net", all_quantities=True)] == ["EUR"]
    engines = find_figures("four-, five- and six-cylinder engines", all_quantities=True)
    assert [(f.value, f.unit) for f in engines] == [
        (4, "cylinder"),
        (5, "cylinder"),
        (6, "cylinder"),
    ]
    prices = find_figures("It costs about 8 or $9.", all_quantities=True)
    assert [(f.value, f.unit) for f in prices] == [(8.0, "USD"), (9.0, "USD")]
    assert [f.unit for f in find_figures("make 5G available", all_quantities=True)] == [
        "generation wireless"
    ]


def test_bare_numbers_take_the_unit_of_their_parallel() -> None:
    text = "The highest forecast is 84.75 cents, while the lowest is 74.07."
    assert [f.unit for f in find_figures(text, all_quantities=True)] == ["cent", "cent"]
    text = "The DAX rose by 2 percent but the CAC fell by 1."
    assert [f.unit for f in find_figures(text, all_quantities=True)] == ["percent", "percent"]


def test_a_bare_previous_value_restates_the_noun() -> None:
    text = "Russia sent 3,000 troops, up from 2,000 in May."
    assert [f.counted for f in find_figures(text, all_quantities=True)] == ["troops", "troops"]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("The bank lifted rates by half a percentage point.", 0.5),
        ("Policymakers opted for a quarter-point increase.", 0.25),
        ("It was the third rise of three quarters of a percentage point this year.", 0.75),
        ("The council trimmed the levy by two-thirds of a point.", 2 / 3),
        ("Mortgage costs rose 40 basis points in a week.", 0.4),
        ("The spread narrowed by 125 basis points.", 1.25),
    ],
)
def test_rate_moves_are_percentage_points(text: str, value: float) -> None:
    (figure,) = find_figures(text, all_quantities=True)
    assert figure.unit == "percentage point"
    assert figure.value == pytest.approx(value)


def test_a_dash_between_percentages_is_a_range_not_a_minus() -> None:
    figure = only("The bank set its corridor at 1.75%-2% on Thursday.")
    assert (figure.qualifier, figure.low, figure.high) == ("range", 1.75, 2.0)


def test_half_of_something_else_is_not_a_percentage() -> None:
    found = find_figures("She moved about half a mile from the river.", all_quantities=True)
    assert [f for f in found if f.unit == "percent"] == []
    assert only("Half a dozen boats were lost.").value == 6


def test_a_range_of_basis_points_is_a_range_of_percentage_points() -> None:
    figure = only("Traders expect a move of 50-75 basis points next month.")
    assert (figure.unit, figure.low, figure.high) == ("percentage point", 0.5, 0.75)


def test_half_an_hour_is_not_a_percentage() -> None:
    assert find_figures("The talks lasted about half an hour.", all_quantities=True) == []
