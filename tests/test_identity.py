"""Metric identity on the patterns of real reporting, in sentences written for these tests.

No vocabulary unless a test says so: an unknown story must work on generic English.
"""

from __future__ import annotations

import pytest

from newsmon.tasks.figures.extract import Figure, find_figures
from newsmon.tasks.figures.identity import Identity
from newsmon.tasks.figures.place import article_subject
from newsmon.tasks.figures.vocabulary import Vocabulary


def figures(text: str, year: int = 2024, title: str = "") -> list[Figure]:
    """The key figures of a text written in `year`."""
    return find_figures(text, year=year, title=title)


def identity(figure: Figure) -> Identity:
    """A figure's identity (every extracted figure has one)."""
    assert figure.identity is not None
    return figure.identity


def identities(text: str, year: int = 2024) -> dict[float, Identity]:
    """The identity of every quantity of a text written in `year`, by value."""
    return {f.value: identity(f) for f in find_figures(text, year=year, all_quantities=True)}


def by_value(text: str, **kwargs: object) -> dict[float, Figure]:
    """The key figures of a text, by value."""
    return {f.value: f for f in figures(text, **kwargs)}  # type: ignore[arg-type]


def test_paired_counts_are_two_measures() -> None:
    found = by_value("The landslide killed 12 people and injured 40 others in the valley.")
    assert (identity(found[12]).measure, identity(found[40]).measure) == ("deaths", "injured")
    assert found[12].metric != found[40].metric


@pytest.mark.parametrize(
    "text",
    [
        "The agency counted 9,100 infections in 31 countries, with Italy on 2,300 and Greece "
        "on 900.",
        "Chile has the most with 9,100 cases, followed by Italy with 2,300 and Greece with 900.",
    ],
)
def test_each_place_of_a_list_owns_its_number(text: str) -> None:
    found = identities(text)
    assert (found[2300].place, found[900].place) == ("Italy", "Greece")
    assert found[2300].measure == found[900].measure == found[9100].measure == "cases"


def test_a_relative_clause_measures_the_noun_it_hangs_on() -> None:
    text = "Pay rose 4% over the year, behind consumer inflation, which was running at 6.1%."
    found = identities(text)
    assert (found[4].measure, found[6.1].measure) == ("wages", "inflation")


@pytest.mark.parametrize(
    ("text", "value", "measure"),
    [
        ("More than 300 people remain missing, and rescuers with 12 drones are searching.",
         12, "drone"),
        ("The register of people still missing now lists 45 names.", 45, "missing"),
    ],
)  # fmt: skip
def test_a_plural_noun_of_its_own_is_what_a_number_counts(
    text: str, value: float, measure: str
) -> None:
    found = identities(text)
    assert found[value].measure == measure


def test_the_world_named_beside_the_number_beats_an_earlier_country() -> None:
    found = by_value("Officials in Peru said the global tally of 40,000 cases had doubled.")
    assert identity(found[40_000]).place == "World"


def test_dead_and_hurt_in_one_sentence_stay_apart() -> None:
    found = by_value("At least 23 people died and 61 were hurt when the ferry capsized.")
    assert identity(found[23]).measure == "deaths" and identity(found[61]).measure == "injured"


def test_a_list_of_places_gives_each_number_its_own() -> None:
    found = by_value("Officials counted 310 cases in Peru, 120 in Chile and 45 in Bolivia.")
    places = {value: identity(f).place for value, f in found.items()}
    assert places == {310: "Peru", 120: "Chile", 45: "Bolivia"}
    assert len({f.metric for f in found.values()}) == 3


@pytest.mark.parametrize(
    "sentence",
    [
        "The death toll in Arcadia rose to 31 on Tuesday.",
        "In Arcadia, 31 people have now died, officials said.",
        "Deaths in Arcadia climbed to 31.",
        "Fatalities in Arcadia reached 31, the ministry said.",
        "The number of people killed in Arcadia stood at 31.",
        "Arcadia's toll stands at 31.",
    ],
)
def test_a_running_total_told_in_many_wordings_is_one_metric(sentence: str) -> None:
    (figure,) = figures(sentence)
    assert figure.metric == "arcadia.deaths"
    assert figure.metric_label == "Arcadia deaths"


def test_an_earlier_event_cited_for_comparison_is_not_the_storys_figure() -> None:
    text = (
        "The floods have killed 64 people in Arcadia, the worst since the 2011 storm, which "
        "killed 200 people in the same valley."
    )
    found = {f.value: f for f in find_figures(text, year=2024, all_quantities=True)}
    assert identity(found[200]).other_event and not found[200].is_key
    assert found[64].is_key and not identity(found[64]).other_event


def test_increments_are_not_levels() -> None:
    found = by_value("Health officials reported 14 more deaths, taking the toll to 203.")
    assert identity(found[14]).scope == "change" and identity(found[203]).scope == "total"
    assert found[14].metric != found[203].metric


def test_new_cases_in_a_week_are_a_change_not_the_total() -> None:
    found = by_value("The agency logged 5,100 new cases last week; the total reached 48,000.")
    assert identity(found[5100]).scope == "change"
    assert identity(found[48000]).scope == "total"


@pytest.mark.parametrize(
    ("sentence", "variant", "scope"),
    [
        ("Consumer prices rose 5.1% from a year earlier, the statistics office said.", None,
         "annual"),
        ("Core inflation, which excludes food and energy, was 4.2% over the year.", "core",
         "annual"),
        ("From March to April the consumer price index rose 0.3%.", None, "monthly"),
        ("Prices excluding food and energy rose 0.2% on the month.", "core", "monthly"),
    ],
)  # fmt: skip
def test_headline_core_annual_and_monthly_rates_are_told_apart(
    sentence: str, variant: str | None, scope: str
) -> None:
    (figure,) = figures(sentence)
    found = identity(figure)
    assert (found.measure, found.variant, found.scope) == ("inflation", variant, scope)


def test_a_forecast_is_not_the_actual() -> None:
    found = by_value("Inflation came in at 4.9%, above the 4.6% economists had expected.")
    assert identity(found[4.9]).scope == "annual"  # a bare inflation rate is annual
    assert identity(found[4.6]).scope == "forecast"
    assert found[4.9].metric != found[4.6].metric


def test_forecasts_for_different_years_stay_apart() -> None:
    text = (
        "Policymakers now see the benchmark rate at 4.4% at the end of this year and 3.9% at "
        "the end of next year."
    )
    found = by_value(text, year=2024)
    assert (identity(found[4.4]).horizon, identity(found[3.9]).horizon) == ("2024", "2025")
    assert found[4.4].metric != found[3.9].metric


def test_a_sentence_without_a_place_falls_back_on_the_articles_subject() -> None:
    text = "Ghana reports more cases\n\nHealth officials in Ghana are tracking the outbreak.\n\n"
    text += "At least 41 people have died so far, the officials said."
    deaths = next(f for f in figures(text, title="Ghana reports more cases") if f.value == 41)
    assert (identity(deaths).place, identity(deaths).place_from) == ("Ghana", "article")


def test_a_destination_is_not_an_owner() -> None:
    (figure,) = figures("Norland has sent 2,000 soldiers to Ostria, its defence ministry said.")
    assert identity(figure).place == "Norland"


def test_a_claimant_body_named_after_its_country_owns_its_count() -> None:
    (figure,) = figures("The US Centers for Disease Control reported 1,400 cases on Friday.")
    assert identity(figure).place == "US" and identity(figure).place_from == "claimant"


def test_the_vocabulary_refines_measures_and_places() -> None:
    vocabulary = Vocabulary.from_mapping(
        {
            "entities": {"Arcadia": {"aliases": ["Arcadia", "Arcadian", "Port Lune"]}},
            "counted": {"evacuees": {"label": "evacuees", "words": ["evacuees", "displaced"]}},
        }
    )
    (figure,) = find_figures("Port Lune now shelters 4,200 evacuees.", vocabulary, year=2024)
    assert identity(figure).place == "Arcadia" and identity(figure).measure == "evacuees"


@pytest.mark.parametrize(
    ("sentence", "label"),
    [
        ("The death toll in Arcadia rose to 31.", "Arcadia deaths"),
        ("Arcadia's unemployment rate fell to 4.1%.", "Arcadia unemployment rate (percent)"),
        ("Officials said 12,000 homes in Arcadia were destroyed.",
         "Arcadia structures, destroyed"),
    ],
)  # fmt: skip
def test_labels_are_built_from_the_identity(sentence: str, label: str) -> None:
    (figure,) = figures(sentence)
    assert figure.metric_label == label


def test_a_bare_inflation_rate_joins_the_annual_series() -> None:
    bare = figures("Core inflation eased to 3.8% in March, the agency said.")[0]
    annual = figures("Core inflation was 4.1% over the past twelve months.")[0]
    assert identity(bare).scope == identity(annual).scope == "annual"
    assert bare.metric == annual.metric


def test_an_aim_is_not_a_measurement() -> None:
    text = "Inflation stood at 3.4% in May, well above the central bank's 2% goal."
    found = {f.value: f for f in find_figures(text, year=2024, all_quantities=True)}
    assert identity(found[2]).scope == "target"
    assert found[2].metric != found[3.4].metric


def test_a_policy_rates_target_range_is_its_level() -> None:
    (figure,) = figures("The central bank's target range now stands at 3.5% to 3.75%.")
    assert identity(figure).scope == "total" and identity(figure).measure == "interest rate"


def test_numbers_in_a_when_clause_belong_to_that_year() -> None:
    text = "The river last crested this high in April 1997, when the water destroyed 2,400 homes."
    (figure,) = find_figures(text, year=2024, all_quantities=True)
    assert identity(figure).other_event and not figure.is_key


@pytest.mark.parametrize(
    ("text", "other"),
    [
        ("In March 2019 alone, the mill laid off 800 workers.", True),
        ("Clinics treated 800 patients; in early May 2018 the wards had held 900.", True),
        ("In March 2024, the mill laid off 800 workers.", False),
        ("Since March 2019, the mill has laid off 800 workers.", False),
        ("Since it began cutting in March 2022 the mill has laid off 800 workers.", False),
        ("Output has fallen from a peak in March 2022 to 800 tonnes.", False),
        ("Orders beat the 800 booked last year, in 2023.", False),
        ("The mill, which opened in March 2019, laid off 800 workers on Monday.", False),
        ("The mill last shut in 2021, when it laid off 800 workers.", True),
        ("Orders beat the 800 booked in 2021.", True),
        ("Orders beat the 800 booked in 2023.", False),
        ("The mill laid off 800 workers in 2024.", False),
    ],
)
def test_a_time_long_before_the_article_is_another_event(text: str, other: bool) -> None:
    found = find_figures(text, year=2024, month=9, all_quantities=True)
    figure = next(f for f in found if f.value in (800, 900) and f.start > text.find(";"))
    assert identity(figure).other_event is other


def test_the_body_figures_are_reported_to_is_counting_them() -> None:
    (figure,) = figures(
        "Nearly 9,000 infections have been reported to the World Health Organization."
    )
    assert (identity(figure).place, identity(figure).place_from) == ("World", "claimant")


@pytest.mark.parametrize(
    "sentence",
    [
        "Two more bodies were found on Monday, bringing fatalities to 99.",
        "The storm killed 99 people, the deadliest since 1900, when a hurricane struck.",
    ],
)
def test_the_storys_own_toll_is_neither_a_target_nor_another_event(sentence: str) -> None:
    found = find_figures(sentence, year=2024, all_quantities=True)
    toll = identity(next(f for f in found if f.value == 99))
    assert (toll.measure, toll.scope, toll.other_event) == ("deaths", "total", False)


def test_a_monthly_move_is_not_filed_as_the_annual_rate() -> None:
    (figure,) = figures("The consumer price index increased 0.2% last month.")
    assert identity(figure).scope == "monthly"


@pytest.mark.parametrize(
    ("text", "value", "scope"),
    [
        ("Analysts see the jobless rate, 4.1% in May, climbing to 4.8% by the end of next year.",
         4.8, "forecast"),
        ("Analysts see the jobless rate, 4.1% in May, climbing to 4.8% by the end of next year.",
         4.1, "total"),
        ("Rents rose 0.2% from March, and core inflation slowed to 3.1%.", 3.1, "annual"),
        ("Across the whole of 2023 the economy added about 2.7 million jobs.", 2.7e6, "annual"),
        ("The economy added 200,000 jobs in May.", 200_000, "change"),
        ("Across Europe, 940 infections were reported last week.", 940, "per_week"),
        ("The list stood at 385 names, unchanged from a week earlier.", 385, "total"),
    ],
)  # fmt: skip
def test_the_slice_of_a_measure_is_read_from_the_numbers_own_clause(
    text: str, value: float, scope: str
) -> None:
    found = identities(text)
    assert found[value].scope == scope


@pytest.mark.parametrize(
    ("text", "value", "place"),
    [
        ("Cases are rising in Ohio. Officials said 21,000 cases were counted nationwide, and "
         "Ohio has reported over 4,300.", 4300, "Ohio"),
        ("Norway's outbreak is the biggest in Scandinavia: the agency counted 2,300 cases.",
         2300, "Norway"),
    ],
)  # fmt: skip
def test_a_place_owns_a_count_unless_it_only_ranks_it(text: str, value: float, place: str) -> None:
    found = identities(text)
    assert found[value].place == place


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Cases are climbing in Chile. Chile's ministry reported Latin America's first death "
         "as cases reached 4,100.", "Chile"),
        ("The fire is the deadliest in Hawaii, killing 97 people.", "Hawaii"),
        ("Infections were highest in Spain, at 4,298.", "Spain"),
    ],
)  # fmt: skip
def test_a_place_only_ranked_in_yields_to_another_named(text: str, place: str) -> None:
    found = find_figures(text, year=2024, all_quantities=True)
    assert identity(found[-1]).place == place


def test_a_reporting_body_is_not_the_place_of_its_count() -> None:
    text = "After the storm, the Coastal Fire Department reported 271 homes damaged."
    (figure,) = find_figures(text, year=2024, all_quantities=True)
    assert identity(figure).place != "Coastal Fire Department"


def test_one_component_of_a_price_index_is_its_own_series() -> None:
    text = "Consumer prices rose 3.1% from a year earlier, while the energy index fell 2.1%."
    found = {f.value: f for f in find_figures(text, year=2024, all_quantities=True)}
    assert identity(found[2.1]).variant == "energy" and found[2.1].metric != found[3.1].metric
    (gauge,) = figures("The central bank's preferred price gauge rose 2.9% over the year.")
    assert identity(gauge).variant == "pce"


def test_a_place_the_article_names_is_a_name_when_it_opens_a_sentence() -> None:
    text = "Norway reports 300 new cases. Clinics in Norway are stretched."
    found = identities(text)
    assert (found[300].place, found[300].place_from) == ("Norway", "sentence")


def test_a_place_speaking_for_itself_owns_what_it_reports() -> None:
    text = (
        "Cases rose in Peru and in Chile this week. Officials in Lima added 11 cases, lifting "
        "Peru's count to 48, and Chile confirmed two more for a total of 39."
    )
    found = identities(text)
    assert (found[48].place, found[39].place) == ("Peru", "Chile")


def test_the_article_is_about_the_place_it_reports_not_the_one_it_ranks_in() -> None:
    title = "Chile reports Latin America's first death as cases reach 4,100"
    body = (
        "The largest outbreak in Latin America is in Chile, with the most cases in Latin America."
    )
    assert article_subject(title, body, Vocabulary()) == "Chile"


@pytest.mark.parametrize(
    "text",
    [
        "The registry counts 14,200 confirmed infections. Its table puts Peru at 3,100, "
        "ahead of Chile with 2,400.",
        "Officials reported 14,200 new infections. By the evening they put Peru's total at "
        "3,100 and Chile's at 2,400.",
    ],
)
def test_a_bare_count_after_a_counted_one_counts_the_same_thing(text: str) -> None:
    found = identities(text)
    assert found[3100].measure == found[2400].measure == found[14_200].measure == "cases"
    assert (found[3100].place, found[2400].place) == ("Peru", "Chile")


def test_a_bare_number_far_from_any_count_borrows_nothing() -> None:
    text = (
        "The registry counts 14,200 confirmed infections. "
        + "Clinics stayed open. " * 30
        + "The board has 12 members, Peru with 3."
    )
    found = identities(text)
    assert found[3].measure != "cases"


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Global.health put the worldwide total at 32,000 cases on Thursday.", "World"),
        ("The global outbreak has now infected 300 people in Spain.", "Spain"),
        ("The Global Fund said 300 clinics had opened in Kenya.", "Kenya"),
    ],
)
def test_the_world_is_said_in_words_not_in_names(text: str, place: str) -> None:
    found = find_figures(text, year=2024, all_quantities=True)
    assert identity(found[0]).place == place


@pytest.mark.parametrize(
    ("text", "value", "label"),
    [
        ("Prices rose 4.1% from a year earlier, while core prices were up 3.3%.", 3.3,
         "inflation, core, annual (percent)"),
        ("Prices rose 2.9% in May. From April to May they climbed 0.2%, and in June it "
         "climbed 0.3%.", 0.3, "inflation, monthly (percent)"),
        ("Inflation slowed to 2.9%, just under the 3% analysts had forecast.", 3,
         "inflation, forecast (percent)"),
        ("The PCE price index was up 2.6% from a year earlier.", 2.6,
         "inflation, pce, annual (percent)"),
        ("Rescuers said 640 people had been found safe.", 640, "found safe"),
    ],
)  # fmt: skip
def test_labels_on_further_wordings(text: str, value: float, label: str) -> None:
    found = {f.value: f for f in find_figures(text, year=2024, all_quantities=True)}
    assert found[value].metric_label == label


def test_a_storys_own_variant_measure_meets_the_generic_one() -> None:
    vocabulary = Vocabulary.from_mapping(
        {"counted": {"core inflation": {"label": "core inflation", "words": ["core CPI"]}}}
    )
    story = find_figures("Core CPI rose 3.3% from a year earlier.", vocabulary, year=2024)
    generic = find_figures(
        "Prices excluding food and energy rose 3.3% from a year earlier.", vocabulary, year=2024
    )
    assert story[0].metric == generic[0].metric


def test_a_storys_forecast_event_is_not_doubled_by_the_forecast_scope() -> None:
    vocabulary = Vocabulary.from_mapping(
        {
            "counted": {"jobs": {"label": "jobs", "words": ["jobs", "payrolls"],
                                 "default_event": "added"}},
            "events": {"forecast": {"words": ["expected"]}, "added": {"words": ["added"]}},
        }
    )  # fmt: skip
    (figure,) = find_figures("Economists had expected payrolls to grow by 180,000.", vocabulary)
    assert figure.metric_label == "jobs, added, forecast"


def test_a_total_there_is_the_place_just_named() -> None:
    text = "The national agency reported 14 new cases in Wales, taking the total there to 70."
    found = identities(text)
    assert found[14].place == found[70].place == "Wales"


def test_a_body_aliased_to_its_country_still_only_reports() -> None:
    vocabulary = Vocabulary.from_mapping(
        {"entities": {"Arcadia": {"aliases": ["Arcadia", "Arcadia Health Agency"]},
                      "Lune": {"aliases": ["Lune"]}}}
    )  # fmt: skip
    text = "The Arcadia Health Agency reported 14 new cases in Lune."
    (figure,) = find_figures(text, vocabulary, year=2024, all_quantities=True)
    assert identity(figure).place == "Lune"


def test_what_befell_the_counted_is_not_read_from_a_clause_after_as() -> None:
    found = figures("Officials said 900 homes were destroyed as crews found 40 more damaged.")
    assert identity(found[0]).event == "destroyed"


@pytest.mark.parametrize(
    ("text", "scope"),
    [
        ("FEMA said early this month that more than $9 million had been approved.", "total"),
        ("Prices rose 0.3% last month.", "monthly"),
    ],
)
def test_this_month_dates_a_total_but_slices_a_rate(text: str, scope: str) -> None:
    (figure,) = figures(text)
    assert identity(figure).scope == scope


@pytest.mark.parametrize(
    "text",
    [
        "The toll from the Lahaina fire rose to 99.",
        "Crews said 99 people died after the Lahaina fire.",
    ],
)
def test_a_disaster_named_after_a_place_is_the_cause_of_its_toll(text: str) -> None:
    (figure,) = find_figures(text, year=2024)
    assert (identity(figure).place, identity(figure).place_from) == ("Lahaina", "cause")


def test_a_fire_named_after_a_place_owns_its_own_containment() -> None:
    (figure,) = find_figures("In Upcountry, the Kula fire was 96% contained.", year=2024)
    assert (identity(figure).place, identity(figure).place_from) == ("Kula", "sentence")
