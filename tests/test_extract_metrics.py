"""Metric identity: what shares a metric and what stays apart; claimants; key scores."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from newsmon.tasks.figures.extract import Figure, find_figures
from newsmon.tasks.figures.metrics import phrase_lemma
from newsmon.tasks.figures.vocabulary import Vocabulary

REPO = Path(__file__).resolve().parents[1]
VOCABULARY = Vocabulary.load(REPO / "config" / "vocabulary.yaml")


def first(text: str, vocabulary: Vocabulary | None = VOCABULARY) -> Figure:
    """The first key figure of a text."""
    figures = find_figures(text, vocabulary)
    assert figures, text
    return figures[0]


def test_troop_deployments_share_a_metric() -> None:
    texts = [
        "Roughly 13,000 North Korean soldiers, according to South Korea's intelligence "
        "services, have been sent to Russia.",
        "Pyongyang deployed up to 12,000 troops to Russia last year.",
        "The Russian army is a unit of around 3,000 North Koreans, a source told the BBC.",
        "The DPRK has sent 11,000 servicemen to Kursk.",
    ]
    assert len({first(t).metric for t in texts}) == 1


def test_troops_and_workers_stay_apart() -> None:
    troops = first("North Korea sent 10,000 troops to Russia.")
    workers = first("North Korea sent 10,000 workers to Russia.")
    assert troops.metric != workers.metric


def test_killed_wounded_and_casualties_stay_apart() -> None:
    killed = first("At least 1,000 North Korean soldiers were killed.")
    wounded = first("At least 1,000 North Korean soldiers were wounded.")
    casualties = first("North Korea has suffered 1,000 casualties.")
    assert len({killed.metric, wounded.metric, casualties.metric}) == 3


def test_russian_and_north_korean_casualties_stay_apart() -> None:
    russian = first("Russia has suffered over 648,000 casualties since the war began.")
    korean = first("Kim's army had endured around 4,000 casualties.")
    assert (russian.owner, korean.owner) == ("Russia", "North Korea")
    assert russian.metric != korean.metric


def test_synonyms_share_a_metric() -> None:
    losses = first("Kim's army suffered more than 5,000 losses.")
    casualties = first("Kim's army had endured around 4,000 casualties.")
    assert losses.metric == casualties.metric


def test_generic_fallback_uses_lemma_and_owner() -> None:
    figure = first("Officials said 2,500 Ruritanian farmers joined the march.", None)
    assert figure.metric.split(".")[:2] == ["ruritanian", "farmer"]
    assert figure.counted == "Ruritanian farmers"


def test_vocabulary_from_mapping() -> None:
    vocabulary = Vocabulary.from_mapping(
        {"entities": {"Ruritania": {"aliases": ["Ruritanian", "Strelsau"]}},
         "counted": {"farmers": {"label": "farmers", "words": ["farmers", "growers"]}}}
    )  # fmt: skip
    a = first("Strelsau evacuated 2,500 growers.", vocabulary)
    b = first("About 3,000 Ruritanian farmers were evacuated.", vocabulary)
    assert a.owner == b.owner == "Ruritania"
    assert a.metric == b.metric


def test_claimants() -> None:
    assert first("In March, South Korea estimated Kim's army had 4,000 casualties.").claimant == (
        "South Korea"
    )
    told = first("There are 3,000 North Koreans in Kursk, a Ukrainian source told the BBC.")
    assert told.claimant == "Ukrainian source"


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("the best wireless speakers", "good wireless speaker"),
        ("Johnson’s deputies", "johnson deputy"),
        ("recorded songs", "song"),
        ("lightning strikes", "lightning strike"),
        ("commercial fishermen", "commercial fisherman"),
        ("viruses", "virus"),
        ("specimen", "specimen"),
    ],
)
def test_phrase_lemma(phrase: str, expected: str) -> None:
    assert phrase_lemma(phrase) == expected


def test_a_vocabulary_file_is_read_again_only_once_it_changes(tmp_path: Path) -> None:
    path = tmp_path / "vocabulary.yaml"
    path.write_text("people_group: people\n", encoding="utf-8")
    first_read = Vocabulary.load(path)
    assert Vocabulary.load(path) is first_read  # runs in one process share it
    path.write_text("people_group: civilians\n", encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert Vocabulary.load(path).people_group == "civilians"
