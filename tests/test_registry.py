"""The metric registry and the comparison guards, on identities built for these tests."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from newsmon.tasks.compare.guards import guard
from newsmon.tasks.compare.verdicts import Observation, classify
from newsmon.tasks.figures.identity import Identity
from newsmon.tasks.figures.registry import UNCERTAIN, Registry

DEATHS = Identity(
    place="Arcadia", place_from="sentence", measure="deaths", measure_label="deaths",
    measure_known=True, variant=None, event=None, scope="total", horizon=None, unit="count",
    other_event=False,
)  # fmt: skip


def placed(name: str | None, source: str) -> Identity:
    """The deaths identity placed at `name`, read from `source`."""
    return replace(DEATHS, place=name, place_from=source)


def test_a_figure_placed_by_its_own_words_joins_that_places_metric() -> None:
    registry = Registry()
    first, again = registry.file(DEATHS), registry.file(DEATHS)
    assert first.key == again.key == "arcadia.deaths" and again.match == 1.0


def test_another_named_place_starts_its_own_metric() -> None:
    registry = Registry()
    registry.file(DEATHS)
    other = registry.file(placed("Boreal", "sentence"))
    assert other.key == "boreal.deaths" and other.match == 1.0


def test_a_cause_or_an_article_subject_joins_the_storys_only_series() -> None:
    registry = Registry()
    registry.file(DEATHS)
    assert registry.file(placed("Port Lune", "cause")).key == "arcadia.deaths"
    assert registry.file(placed("Port Lune", "article")).key == "arcadia.deaths"


def test_an_article_subject_never_names_a_new_metric() -> None:
    filing = Registry().file(placed("Port Lune", "article"))
    assert filing.key == "any.deaths"


def test_named_places_join_the_storys_only_series_while_it_is_placeless() -> None:
    registry = Registry()
    registry.file(placed(None, ""))
    assert registry.file(DEATHS).key == "any.deaths"
    assert registry.file(placed("Boreal", "sentence")).key == "any.deaths"  # the known cost
    assert registry.file(placed("Boreal", "sentence")).match == 0.8


def test_places_known_apart_never_share_the_placeless_series() -> None:
    registry = Registry()
    world = registry.file(placed("World", "article"))  # a world story's opening count
    assert (world.key, world.place) == ("any.deaths", None)
    spain = registry.file(placed("Spain", "sentence"))
    assert (spain.key, spain.place) == ("spain.deaths", "Spain")
    assert registry.file(placed("Spain", "article")).key == "spain.deaths"
    assert registry.file(placed("World", "sentence")).key == "any.deaths"


def test_a_place_not_known_apart_still_joins_the_only_series() -> None:
    registry = Registry()
    registry.file(placed("World", "article"))
    assert registry.file(placed("Lakeside", "sentence")).key == "any.deaths"  # may lie inside


def test_an_article_about_another_nation_starts_its_own_series() -> None:
    registry = Registry()
    registry.file(placed("World", "sentence"))
    registry.file(placed("Peru", "sentence"))
    assert registry.file(placed("Chile", "article")).key == "chile.deaths"


def test_a_figure_of_no_place_joins_no_nations_series() -> None:
    registry = Registry()
    registry.file(placed("Chile", "sentence"))
    assert registry.file(placed(None, "")).key == "any.deaths"
    assert registry.file(placed("Lakeside", "cause")).key == "chile.deaths"  # as before


def test_one_nation_under_two_names_is_one_series() -> None:
    registry = Registry()
    registry.file(placed("United Kingdom", "article"))
    assert registry.file(placed("UK", "sentence")).key == "any.deaths"


def test_joining_one_of_several_series_by_a_weak_place_is_uncertain() -> None:
    registry = Registry()
    registry.file(DEATHS)
    registry.file(placed("Boreal", "sentence"))
    filing = registry.file(placed("Port Lune", "cause"))
    assert filing.match < UNCERTAIN


def test_a_claimant_body_keeps_its_own_count() -> None:
    registry = Registry()
    registry.file(DEATHS)
    assert registry.file(placed("Boreal", "claimant")).key == "boreal.deaths"


def test_scope_and_unit_are_part_of_the_metric() -> None:
    registry = Registry()
    keys = {
        registry.file(DEATHS).key,
        registry.file(replace(DEATHS, scope="change")).key,
        registry.file(replace(DEATHS, scope="forecast", horizon="2025")).key,
        registry.file(replace(DEATHS, unit="percent")).key,
    }
    assert len(keys) == 4


def obs(value: float, day: int) -> Observation:
    """A count published on a day of May 2024."""
    return Observation(value, None, None, "exact", "count", date(2024, 5, day), None, "u", "s")


@pytest.mark.parametrize(
    ("old", "new", "measure", "kind"),
    [
        (115, 97, "deaths", "changed"),  # a toll revised down by 16%: real, alerted
        (1_000, 388, "missing", "changed"),  # a missing list shrinks by most of its length
        (120, 40, "deaths", "uncertain"),  # a running total losing two thirds at once
        (120, 40, "cases", "uncertain"),
        (40, 120, "deaths", "changed"),
    ],
)
def test_a_running_total_collapsing_is_held_as_uncertain(
    old: float, new: float, measure: str, kind: str
) -> None:
    verdict = classify(obs(new, 2), [obs(old, 1)])
    held = guard(verdict, match=1.0, measure=measure, scope="total")
    assert held.kind == kind and held.alert is (kind != "uncertain")


def test_an_unsure_filing_is_recorded_but_not_alerted() -> None:
    verdict = classify(obs(130, 2), [obs(120, 1)])
    assert guard(verdict, match=0.5, measure="deaths", scope="total").kind == "uncertain"
    assert guard(verdict, match=0.9, measure="deaths", scope="total").kind == "changed"
