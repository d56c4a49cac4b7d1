"""The story's profile for relevance: the topic, plus every article already part of it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from sqlmodel import Session

from newsmon.config.settings import Topic
from newsmon.db import queries
from newsmon.db.models import Article
from newsmon.tasks.dedupe.relevance import MIN_NAMES, MIN_SCORE, TopicProfile
from newsmon.tasks.ingest.documents import Document

# The newest accepted articles describe the story well enough; older ones add little.
PROFILE_ARTICLES = 300


@dataclass(frozen=True)
class Story:
    """What the config says the story is: its name, keywords, entity aliases, thresholds."""

    name: str
    keywords: tuple[str, ...] = ()
    aliases: Mapping[str, str] = field(default_factory=dict)
    min_score: float = MIN_SCORE
    min_names: float = MIN_NAMES

    @classmethod
    def of(cls, topic: Topic, aliases: Mapping[str, str]) -> Story:
        """The story of the config's topic, names normalised by the vocabulary's aliases."""
        limits = topic.relevance
        return cls(topic.name, tuple(topic.keywords), aliases, limits.min_score, limits.min_names)


def story_profile(session: Session, story: Story, docs: Iterable[Document] = ()) -> TopicProfile:
    """The story's profile: its topic, its stored articles, and the batch's seeds."""
    profile = TopicProfile.build(
        story.name,
        story.keywords,
        aliases=story.aliases,
        min_score=story.min_score,
        min_names=story.min_names,
    )
    stored = queries.accepted_articles(session, limit=PROFILE_ARTICLES)
    for article in stored:
        profile.accept(article.title or "", article.text or "")
    urls = {article.canonical_url for article in stored}
    for doc in docs:  # seeds read for the first time
        if doc.source_kind == "seed" and doc.text and doc.canonical_url not in urls:
            profile.accept(doc.title or "", doc.text)
    return profile


def judge_relevance(article: Article, profile: TopicProfile) -> None:
    """Score a feed article against the story: pending when it is part of it, else skipped."""
    found = profile.judge(article.title or "", article.text or "")
    article.relevance, article.relevance_names = found.score, found.names
    article.skip_reason = found.reason(profile.min_score, profile.min_names)
    article.status = "pending" if article.skip_reason is None else "skipped"


def rescore_skipped(session: Session, story: Story) -> int:
    """Judge skipped articles again, oldest first (after a topic change); how many return."""
    profile = story_profile(session, story)
    skipped = sorted(
        queries.list_articles(session, statuses=["skipped"]),
        key=lambda a: (a.published is None, a.published or a.fetched_at),
    )
    for article in skipped:
        judge_relevance(article, profile)
    return sum(article.status == "pending" for article in skipped)
