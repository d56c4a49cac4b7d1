"""Relevance: reports that belong to a story are kept, look-alikes and unrelated news are not."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from benchmarks.extraction_quality import load_truth
from newsmon.tasks.dedupe.names import in_title_case, proper_names
from newsmon.tasks.dedupe.relevance import TopicProfile, cosine, specificity, unit, vector
from tests.support.stories import STORIES, StoryCase

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
SEED_TEXTS = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
NK_TOPIC = "North Korean troops in Russia's war on Ukraine"
NK_KEYWORDS = ["North Korea", "Pyongyang", "Kim Jong Un", "troops", "Russia", "Ukraine", "Kursk"]
NK_BRIEF = (
    "Pyongyang has sent thousands more soldiers to the Kursk region, Seoul's spy agency said, "
    "raising its estimate of casualties among them to about 4,000."
)
NK_LOOK_ALIKES = {
    "us-troops": "The Pentagon said it would send 3,000 more troops to Poland and Romania to "
    "reassure NATO allies. The soldiers, from the 82nd Airborne Division, will not fight in "
    "Ukraine, officials stressed.",
    "russian-oil": "Russia's oil revenues fell sharply in March as sanctions and lower prices "
    "bit, the finance ministry in Moscow said. The Kremlin has sought new buyers in Asia, with "
    "India and China taking most of the crude.",
}


def nk_profile(texts: list[str]) -> TopicProfile:
    """The seed topic, from the given seed texts."""
    profile = TopicProfile.build(NK_TOPIC, NK_KEYWORDS)
    for text in texts:
        profile.accept("", text)
    return profile


@pytest.mark.parametrize("held_out", range(len(SEED_TEXTS)))
def test_a_held_out_seed_belongs_to_the_story_of_the_others(held_out: int) -> None:
    others = SEED_TEXTS[:held_out] + SEED_TEXTS[held_out + 1 :]
    found = nk_profile(others).score("", SEED_TEXTS[held_out])
    assert found.kept() and found.similarity >= 0.3, found


def test_a_short_brief_without_the_topic_words_belongs() -> None:
    assert nk_profile(SEED_TEXTS).score("", NK_BRIEF).kept()


@pytest.mark.parametrize("name", sorted(NK_LOOK_ALIKES))
def test_look_alikes_of_the_seed_story_are_off_topic(name: str) -> None:
    found = nk_profile(SEED_TEXTS).score("", NK_LOOK_ALIKES[name])
    assert not found.kept()
    assert (found.reason() or "").startswith("off-topic: ")


def profile_of(story: StoryCase) -> TopicProfile:
    """A story's profile from its topic and seeds."""
    profile = TopicProfile.build(story.name, story.keywords)
    for seed in story.seeds:
        profile.accept(seed.title, seed.text)
    return profile


@pytest.mark.parametrize("story", STORIES, ids=lambda s: s.name)
def test_reports_that_belong_are_kept_and_look_alikes_are_not(story: StoryCase) -> None:
    profile = profile_of(story)
    for item in story.belongs:
        assert profile.judge(item.title, item.text).kept(), item.title
    for item in story.look_alikes:
        found = profile.score(item.title, item.text)
        assert not found.kept(), (item.title, found)


def test_an_accepted_report_teaches_the_story_a_new_name() -> None:
    profile = profile_of(STORIES[0])
    later = "Residents of Beacon Hill went home on Monday, but Anzac stayed under an order."
    before = profile.score("Anzac waits", later).names
    profile.accept("Anzac evacuated", "Crews said Anzac, south of Fort McMurray, was at risk.")
    assert profile.score("Anzac waits", later).names > before


@pytest.mark.corpus
def test_unrelated_news_pages_are_off_topic() -> None:
    profile = nk_profile(SEED_TEXTS)
    kept = [v["url"] for v in load_truth().values() if profile.score("", v["articleBody"]).kept()]
    assert kept == []


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Officials said the fire grew.", []),
        ("Maui County confirmed 36 deaths in Lahaina.", ["Maui", "Lahaina"]),  # the place
        ("The Bank of England raised rates.", ["Bank of England"]),
        ("Gov. Josh Green said FEMA's teams arrived.", ["Josh Green", "FEMA"]),
        ("Prices paid by American consumers rose.", ["US"]),
        ("It rose in the U.S. and in Britain.", ["US", "UK"]),
        ("Confirmed deaths rose. Confirmed by whom?", []),
        ("Spain reports a death. In Spain, cases rose.", ["Spain", "Spain"]),
        ("Troops went to Poland and Romania.", ["Poland", "Romania"]),
        ("Poland sent troops.", []),  # a one-word opener may be any word: not counted
    ],
)
def test_proper_names(text: str, names: list[str]) -> None:
    assert proper_names(text) == names


def test_title_case_headlines_are_told_apart() -> None:
    assert in_title_case("Evacuees Could Return Within Days, Premier Says")
    assert not in_title_case("Evacuees could return within days, premier says")


def test_rare_words_weigh_more_than_everyday_ones() -> None:
    assert specificity("lahaina") > specificity("wildfire") > specificity("fire")
    assert specificity("zzqxjv") > 6.5  # a word English does not know: the story's own


@given(st.text(), st.text())
def test_any_text_gets_scores_between_zero_and_one(title: str, text: str) -> None:
    found = nk_profile(SEED_TEXTS[:1]).score(title, text)
    assert 0.0 <= found.similarity <= 1.0001 and 0.0 < found.names <= 1.0


WORDS = st.sampled_from(["troops", "Kursk", "Pyongyang", "wildfire", "Lahaina", "inflation",
                         "casualties", "ministry", "drills", "rates"])  # fmt: skip
TEXTS = st.lists(WORDS, min_size=1, max_size=12).map(" ".join)


@given(st.lists(TEXTS, max_size=6), TEXTS)
def test_the_running_similarity_is_the_cosine_with_the_story_vector(
    accepted: list[str], item: str
) -> None:
    profile = TopicProfile.build("Pyongyang troops", ["Kursk", "casualties"])
    for text in accepted:
        profile.accept("", text)
    story = unit({t: w / math.sqrt(profile.total_squares or 1.0) for t, w in profile.total.items()})
    for term, weight in profile.topic.items():
        story[term] = story.get(term, 0.0) + weight
    expected = cosine(vector(item), unit(story))
    assert profile.similarity(vector(item)) == pytest.approx(expected, abs=1e-9)
