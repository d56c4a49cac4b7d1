"""Comparison rules: new/changed/refined/conflict/confirmed/historical/ignored."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsmon.tasks.compare.edits import against_previous_version
from newsmon.tasks.compare.kinds import is_evented, is_loud
from newsmon.tasks.compare.verdicts import (
    Observation,
    Verdict,
    classify,
    interval,
    rounding_halfwidth,
)
from tests.support.shared import seed_gold

QUALIFIERS = [
    "exact",
    "approx",
    "at_least",
    "at_most",
    "range",
    "projection",
    "negated",
    "hypothetical",
    "previous",
    "vague",
]


def obs(
    value: float,
    qualifier: str = "approx",
    published: date | datetime = date(2024, 11, 1),
    claimant: str | None = None,
    unit: str = "count",
    url: str = "https://example.org/a",
) -> Observation:
    """Build an observation with sensible defaults."""
    return Observation(value, None, None, qualifier, unit, published, claimant, url, "s")


def test_first_value_is_new_and_alerts() -> None:
    verdict = classify(obs(3000), [])
    assert verdict == Verdict("new", None, None, None, None, True)


def test_identical_value_is_confirmed_without_alert() -> None:
    previous = obs(13000, published=date(2024, 11, 1))
    verdict = classify(obs(13000, published=date(2024, 11, 5)), [previous])
    assert (verdict.kind, verdict.alert, verdict.previous) == ("confirmed", False, previous)


def test_late_arriving_old_article_is_historical() -> None:
    history = [obs(13000, published=date(2024, 11, 1))]
    verdict = classify(obs(3000, published=date(2024, 10, 15)), history)
    assert (verdict.kind, verdict.alert) == ("historical", False)


def test_history_is_ordered_by_publication_not_ingest() -> None:
    newest, older = obs(13000, published=date(2024, 11, 1)), obs(3000, published=date(2024, 10, 1))
    verdict = classify(obs(13000, published=date(2024, 12, 1)), [newest, older])
    assert verdict.kind == "confirmed" and verdict.previous == newest


def test_dates_and_aware_datetimes_mix() -> None:
    history = [obs(100, "exact", datetime(2024, 11, 1, 12, tzinfo=UTC))]
    assert classify(obs(200, "exact", date(2024, 11, 2)), history).kind == "changed"
    assert classify(obs(200, "exact", date(2024, 10, 30)), history).kind == "historical"


@pytest.mark.parametrize("qualifier", ["negated", "hypothetical"])
def test_negated_and_hypothetical_are_ignored(qualifier: str) -> None:
    verdict = classify(obs(3000, qualifier), [obs(13000, published=date(2024, 1, 1))])
    assert (verdict.kind, verdict.alert) == ("ignored", False)


def test_negated_history_is_never_the_baseline() -> None:
    history = [obs(3000, published=date(2024, 1, 1)), obs(9000, "negated")]
    verdict = classify(obs(3000, published=date(2024, 12, 1)), history)
    assert verdict.kind == "confirmed"


def test_approx_interval_follows_significant_digits() -> None:
    assert rounding_halfwidth(13000) == 500
    assert rounding_halfwidth(1_280_000) == 5000
    assert rounding_halfwidth(2.5) == 0.05
    assert interval(obs(13000, "approx")) == (12500, 13500)
    assert interval(obs(13000, "approx"), tolerance=0.1) == pytest.approx((11700, 14300))


def test_range_interval_uses_bounds() -> None:
    ranged = Observation(15, 10, 20, "range", "count", date(2024, 1, 1), None, "u", "s")
    assert interval(ranged) == (10, 20)
    assert classify(obs(12, "approx", date(2024, 2, 1)), [ranged]).kind == "refined"


def test_up_to_then_some_is_a_refinement() -> None:
    verdict = classify(obs(1_280_000, "approx"), [obs(1_300_000, "at_most", date(2024, 6, 20))])
    assert (verdict.kind, verdict.alert, verdict.direction) == ("refined", True, "down")


def test_more_than_against_around_is_a_change() -> None:
    verdict = classify(obs(5000, "at_least"), [obs(4000, "approx", date(2024, 6, 1))])
    assert (verdict.kind, verdict.direction) == ("changed", "up")


def test_about_to_up_to_lower_is_a_change_down() -> None:
    verdict = classify(obs(12000, "at_most"), [obs(13000, "approx", date(2024, 6, 1))])
    assert (verdict.kind, verdict.direction) == ("changed", "down")
    assert verdict.delta_abs == -1000
    assert verdict.delta_rel == pytest.approx(-0.0769, abs=1e-4)


def test_tolerance_turns_small_moves_into_confirmations() -> None:
    history = [obs(100, "exact", date(2024, 1, 1))]
    assert classify(obs(104, "exact"), history).kind == "changed"
    assert classify(obs(104, "exact"), history, tolerance=0.05).kind == "confirmed"
    assert classify(obs(104, "exact"), history, tolerance=0.05).alert is False


def test_other_claimant_within_window_is_a_conflict() -> None:
    previous = obs(4000, claimant="South Korea", published=date(2025, 4, 20))
    new = obs(5000, "at_least", claimant="UK", published=date(2025, 4, 28))
    assert classify(new, [previous], conflict_window_days=7).kind == "changed"
    assert classify(new, [previous], conflict_window_days=10).kind == "conflict"


def test_same_claimant_is_never_a_conflict() -> None:
    previous = obs(4000, claimant="UK", published=date(2025, 4, 28))
    new = obs(9000, claimant=" uk ", published=date(2025, 4, 28))
    assert classify(new, [previous]).kind == "changed"


def test_other_unit_is_not_a_baseline() -> None:
    history = [obs(18, "exact", date(2024, 1, 1), unit="percent")]
    assert classify(obs(20000, "exact"), history).kind == "new"


def test_previous_qualifier_never_alerts() -> None:
    verdict = classify(obs(3000, "previous"), [obs(13000, published=date(2024, 1, 1))])
    assert (verdict.kind, verdict.alert) == ("historical", False)


def _seed_figures() -> dict[str, list[Observation]]:
    """Load the gold figures per metric, oldest first, as observations."""
    per_metric: dict[str, list[Observation]] = {}
    for seed in seed_gold()["seeds"]:
        for figure in seed["figures"]:
            observation = Observation(
                float(figure["value"]),
                None,
                None,
                figure["qualifier"],
                figure["unit"],
                seed["published"],
                figure.get("claimant"),
                seed["file"],
                figure["quote"],
            )
            per_metric.setdefault(figure["metric"], []).append(observation)
    return per_metric


@pytest.mark.corpus
def test_seed_gold_sequence_flags_every_expected_change() -> None:
    per_metric = _seed_figures()
    flagged: dict[tuple[str, float, float], Verdict] = {}
    for metric, observations in per_metric.items():
        for index, new in enumerate(observations):
            verdict = classify(new, observations[:index])
            if verdict.previous is not None and verdict.alert:
                flagged[(metric, verdict.previous.value, new.value)] = verdict
    gold = seed_gold()["expected_changes"]
    expected = {(c["metric"], float(c["from"]), float(c["to"])) for c in gold}
    assert set(flagged) == expected
    assert flagged[("nk_active_military_personnel", 1_300_000, 1_280_000)].kind == "refined"
    contradiction = flagged[("nk_active_military_personnel", 1_280_000, 600_000)]
    assert (contradiction.kind, contradiction.direction) == ("changed", "down")
    assert is_loud(contradiction.kind, 1_280_000, 600_000)
    troops = flagged[("nk_troops_in_russia", 13000, 12000)]
    assert (troops.kind, troops.direction) == ("changed", "down")
    assert flagged[("nk_casualties", 4000, 5000)].kind in {"changed", "conflict"}


def _at(value: float, qualifier: str, day: str, claimant: str | None = None) -> Observation:
    """Shorthand observation published on an ISO `day`."""
    return obs(value, qualifier, date.fromisoformat(day), claimant)


# The seed gold's expected_changes, inlined so the check runs without ../shared.
GOLD_PAIRS = [
    (_at(500_000, "approx", "2024-06-20"), _at(648_000, "at_least", "2024-10-08", "UK"), "changed"),
    (_at(1_300_000, "at_most", "2024-06-20"), _at(1_280_000, "approx", "2024-10-15"), "refined"),
    (_at(3000, "approx", "2024-10-15", "UA"), _at(13000, "approx", "2024-11-01", "SK"), "changed"),
    (_at(1_280_000, "approx", "2024-10-15"), _at(600_000, "approx", "2024-11-01"), "changed"),
    (
        _at(13000, "approx", "2024-11-01", "SK"),
        _at(12000, "at_most", "2025-04-28", "US"),
        "changed",
    ),
    (
        _at(4000, "approx", "2025-04-28", "SK"),
        _at(5000, "at_least", "2025-04-28", "UK"),
        "conflict",
    ),
]


@pytest.mark.parametrize(("old", "new", "kind"), GOLD_PAIRS)
def test_gold_pairs_alert(old: Observation, new: Observation, kind: str) -> None:
    verdict = classify(new, [old])
    assert (verdict.kind, verdict.alert) == (kind, True)
    assert verdict.direction == ("up" if new.value > old.value else "down")


def test_seed_late_arrival_is_not_announced() -> None:
    """Ingesting the 2024-10-15 article after the 2024-11-01 one must not alert."""
    history = [obs(13000, "approx", date(2024, 11, 1))]
    assert classify(obs(3000, "approx", date(2024, 10, 15)), history).alert is False


finite = st.floats(min_value=-1e12, max_value=1e12, allow_nan=False, allow_infinity=False)
any_float = st.floats(allow_nan=True, allow_infinity=True)
days = st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31))
observations = st.builds(
    Observation,
    value=finite,
    low=st.none() | finite,
    high=st.none() | finite,
    qualifier=st.sampled_from(QUALIFIERS),
    unit=st.sampled_from(["count", "percent"]),
    published=days,
    claimant=st.none() | st.sampled_from(["UK", "South Korea", "US"]),
    article_url=st.just("https://example.org/a"),
    sentence=st.just("s"),
)


@given(observations)
def test_identical_observation_is_never_an_alert(observation: Observation) -> None:
    assert classify(observation, [observation]).alert is False


@given(
    observations,
    st.lists(observations, max_size=6),
    st.floats(min_value=0, max_value=1) | any_float,
    st.integers(-5, 10**9),
)
def test_classify_never_raises_and_is_consistent(
    new: Observation, history: list[Observation], tolerance: float, window: int
) -> None:
    verdict = classify(new, history, tolerance=tolerance, conflict_window_days=window)
    assert verdict.kind in {
        "new",
        "changed",
        "refined",
        "conflict",
        "confirmed",
        "historical",
        "ignored",
    }
    assert verdict.alert == (verdict.kind in {"new", "changed", "refined", "conflict"})
    if verdict.delta_abs is not None and not math.isnan(verdict.delta_abs):
        expected = "up" if verdict.delta_abs > 0 else "down" if verdict.delta_abs < 0 else None
        assert verdict.direction == expected


@given(observations, st.lists(observations, max_size=6))
def test_history_order_does_not_matter_when_dates_differ(
    new: Observation, history: list[Observation]
) -> None:
    dated = [
        replace(o, published=date(2001, 1, 1) + timedelta(days=i)) for i, o in enumerate(history)
    ]
    assert classify(new, dated) == classify(new, list(reversed(dated)))


EDIT_BEFORE = "Officials said 12 people had died and 30 homes burned."


@pytest.mark.parametrize(
    ("value", "metric", "sentence", "kind"),
    [
        (12, 1, "Officials now say 12 people had died.", "confirmed"),  # same metric
        (12, 2, "Officials said 12 people had died and 30 houses burned.", "confirmed"),  # reworded
        (12, 2, "The agency sent 12 trucks of water to the valley.", None),  # unrelated: new
        (14, 1, "Officials said 14 people had died and 30 homes burned.", "changed"),  # corrected
    ],
)  # fmt: skip
def test_an_edit_is_judged_against_its_own_previous_version(
    value: float, metric: int, sentence: str, kind: str | None
) -> None:
    earlier = [(1, replace(obs(12), sentence=EDIT_BEFORE))]
    verdict = against_previous_version(replace(obs(value), sentence=sentence), metric, earlier)
    assert (verdict.kind if verdict else None) == kind


@pytest.mark.parametrize(
    ("kind", "evented"),
    [("new", True), ("changed", True), ("conflict", True), ("refined", True),
     ("uncertain", False), ("confirmed", False), ("historical", False)],
)  # fmt: skip
def test_held_and_quiet_changes_raise_no_prefect_event(kind: str, evented: bool) -> None:
    assert is_evented(kind) is evented
