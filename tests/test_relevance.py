"""relevance: on-topic articles score above THRESHOLD, look-alike off-topic ones below."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.extraction_quality import load_truth
from newsmon.tasks.dedupe.relevance import THRESHOLD, TopicProfile, terms

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
SEED_TEXTS = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
KEYWORDS = [
    "North Korea",
    "North Korean",
    "Pyongyang",
    "Kim Jong Un",
    "troops",
    "soldiers",
    "Russia",
    "Ukraine",
    "Kursk",
    "casualties",
    "deployment",
]
ON_TOPIC_BRIEF = (
    "North Korea has sent thousands more soldiers to Russia's Kursk region, South Korea's spy "
    "agency said, raising its estimate of North Korean casualties to about 4,000. Pyongyang's "
    "troops have been fighting Ukrainian forces since late last year."
)
OFF_TOPIC = {
    "us-troops": (
        "The Pentagon said it would send 3,000 more troops to Poland and Romania to reassure NATO "
        "allies. The soldiers, from the 82nd Airborne Division, will not fight in Ukraine, "
        "officials stressed."
    ),
    "korean-drills": (
        "South Korean and US troops began their annual joint military drills on Monday, involving "
        "thousands of soldiers and fighter jets. The exercises, which Seoul says are defensive, "
        "were scaled back last year. The defence ministry said the drills would run for ten days."
    ),
    "russian-oil": (
        "Russia's oil revenues fell sharply in March as sanctions and lower prices bit, the "
        "finance ministry in Moscow said. The Kremlin has sought new buyers in Asia, with India "
        "and China taking most of the crude. Analysts said the budget deficit would widen."
    ),
    "k-pop": (
        "The K-pop group announced a world tour starting in Seoul, with stops in Tokyo, Los "
        "Angeles and London. Fans crashed the ticketing site within minutes."
    ),
}

pytestmark = pytest.mark.skipif(len(SEED_TEXTS) < 5, reason="seed articles not present")


@pytest.fixture(scope="module")
def profile() -> TopicProfile:
    return TopicProfile.build(SEED_TEXTS, KEYWORDS)


@pytest.mark.parametrize("held_out", range(5))
def test_unseen_on_topic_article_scores_above_threshold(held_out: int) -> None:
    others = SEED_TEXTS[:held_out] + SEED_TEXTS[held_out + 1 :]
    profile = TopicProfile.build(others, KEYWORDS)
    score = profile.score(SEED_TEXTS[held_out])
    assert score >= 2 * THRESHOLD and profile.score(SEED_TEXTS[held_out]) >= THRESHOLD
    assert 0.0 <= score <= 1.0


def test_short_on_topic_brief(profile: TopicProfile) -> None:
    assert profile.score(ON_TOPIC_BRIEF) >= 2 * THRESHOLD


@pytest.mark.parametrize("name", sorted(OFF_TOPIC))
def test_off_topic_sharing_words_scores_below_threshold(profile: TopicProfile, name: str) -> None:
    text = OFF_TOPIC[name]
    assert profile.score(text) < THRESHOLD / 2


@pytest.mark.corpus
def test_unrelated_news_pages_score_below_threshold(profile: TopicProfile) -> None:
    scores = {v["url"]: profile.score(v["articleBody"]) for v in load_truth().values()}
    assert max(scores.values()) < THRESHOLD / 2, max(scores.items(), key=lambda kv: kv[1])


def test_keyword_phrases_match_across_spelling(profile: TopicProfile) -> None:
    assert profile.coverage("Kim Jong-un met officials") == 1 / len(KEYWORDS)
    assert profile.coverage("north-korean envoy") == 1 / len(KEYWORDS)
    assert profile.coverage("Kimberly went north") == 0.0


def test_edge_cases() -> None:
    empty = TopicProfile.build([], [])
    assert empty.score("anything at all") == 0.0
    no_keywords = TopicProfile.build(SEED_TEXTS, [])
    assert no_keywords.coverage("x") == 1.0 and no_keywords.score(SEED_TEXTS[0]) > 0.5
    assert TopicProfile.build(SEED_TEXTS, KEYWORDS).score("") == 0.0


def test_background_lowers_generic_terms() -> None:
    background = [OFF_TOPIC["russian-oil"], OFF_TOPIC["us-troops"]] * 3
    plain = TopicProfile.build(SEED_TEXTS, [])
    tuned = TopicProfile.build(SEED_TEXTS, [], background=background)
    assert tuned.weights.get("pyongyang", 0) > plain.weights.get("pyongyang", 0)
    assert tuned.cosine(OFF_TOPIC["russian-oil"]) < plain.cosine(OFF_TOPIC["russian-oil"])


def test_terms_drop_stop_words_and_numbers() -> None:
    assert terms("The 3,000 troops said they were in Kursk.") == ["troops", "kursk"]
