"""Every table newsmon stores. Times are timezone-aware UTC."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import Column, Index, Text, UniqueConstraint, text
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    """Now, in UTC."""
    return datetime.now(UTC)


class Source(SQLModel, table=True):
    """Where articles come from: the seeds folder or a feed, with the feed's health."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True, index=True)
    kind: str  # "seed" | "feed"
    url: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    last_attempt_at: datetime | None = None
    last_success_at: datetime | None = None
    consecutive_failures: int = 0
    next_attempt_at: datetime | None = None
    last_error: str | None = None
    created_at: datetime = Field(default_factory=utcnow)


class Article(SQLModel, table=True):
    """One version of one article, or a record of why it could not be read."""

    __table_args__ = (UniqueConstraint("canonical_url", "version"),)

    id: int | None = Field(default=None, primary_key=True)
    source_id: int = Field(foreign_key="source.id", index=True)
    url: str
    canonical_url: str = Field(index=True)
    version: int = 1
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: datetime | None = Field(default=None, index=True)
    fetched_at: datetime = Field(default_factory=utcnow)
    text: str | None = Field(default=None, sa_column=Column(Text))
    text_hash: str | None = Field(default=None, index=True)
    # pending | analysed | duplicate | skipped | failed
    status: str = Field(index=True)
    duplicate_of_id: int | None = Field(default=None, foreign_key="article.id")
    previous_version_id: int | None = Field(default=None, foreign_key="article.id")
    relevance: float | None = None  # similarity of its terms to the story's (feed items)
    relevance_names: float | None = None  # share of its names the story knows
    skip_reason: str | None = None  # why it was judged off-topic
    error: str | None = None
    attempts: int = 1
    from_feed: bool = False  # text is the feed's summary: the page could not be read
    etag: str | None = None  # of the page, for conditional re-fetches
    last_modified: str | None = None
    minhash: str | None = Field(default=None, sa_column=Column(Text))
    # When this URL was first stored (every version keeps it): edits are looked for this long.
    first_seen_at: datetime | None = None
    feed_signature: str | None = None  # the feed entry's title, summary and update time, hashed


class ArticleBand(SQLModel, table=True):
    """An LSH band of an article's MinHash: articles sharing one may be near-duplicates."""

    article_id: int = Field(foreign_key="article.id", primary_key=True)
    band: str = Field(primary_key=True, index=True)


class Metric(SQLModel, table=True):
    """A quantity followed across articles, e.g. North Korean troops in Russia."""

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True, index=True)
    label: str
    unit: str
    # Its identity without the place ("deaths", "inflation.core.annual.percent"), and the place.
    base: str | None = Field(default=None, index=True)
    place: str | None = None
    # What the analyst's corrections (Correction) make of it, replayed over the automatic
    # state: the label the registry gave it, and whether it is merged, muted or tracked.
    auto_label: str | None = None
    merged_into_id: int | None = Field(default=None, foreign_key="metric.id")
    muted: bool = False
    tracked: bool = False


class Figure(SQLModel, table=True):
    """A key figure stated in an article, with what it counts and who claims it."""

    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="article.id", index=True)
    metric_id: int = Field(foreign_key="metric.id", index=True)
    # The metric the registry filed it under; metric_id is that with the corrections applied.
    filed_metric_id: int | None = Field(default=None, foreign_key="metric.id")
    value: float
    low: float | None = None
    high: float | None = None
    unit: str
    qualifier: str
    text: str
    start: int
    end: int
    sentence: str = Field(sa_column=Column(Text, nullable=False))
    counted: str | None = None
    owner: str | None = None
    event: str | None = None
    claimant: str | None = None
    refers_to: str | None = None  # what the figure is about, in the sentence's own words
    score: float = 0.0
    # Its identity: where its place was read (sentence, claimant, cause, article), the
    # measure, variant, scope and forecast horizon; a figure of another, earlier event.
    place_from: str | None = None
    measure: str | None = None
    variant: str | None = None
    scope: str | None = None
    horizon: str | None = None
    other_event: bool | None = None
    match: float | None = None  # how surely the registry filed it under its metric (0-1)


class Change(SQLModel, table=True):
    """What one figure did to its metric's history: new, changed, refined, conflict...

    A figure has one current change. A correction that alters it retires the row (its
    alerts keep pointing at what they said) and records the recomputed one.
    """

    __table_args__ = (
        Index("uq_change_current_figure", "figure_id", unique=True,
              sqlite_where=text("retired_at IS NULL"), postgresql_where=text("retired_at IS NULL")),
    )  # fmt: skip

    id: int | None = Field(default=None, primary_key=True)
    metric_id: int = Field(foreign_key="metric.id", index=True)
    figure_id: int = Field(foreign_key="figure.id", index=True)
    previous_figure_id: int | None = Field(default=None, foreign_key="figure.id")
    kind: str
    old_value: float | None = None
    new_value: float
    direction: str | None = None
    delta_abs: float | None = None
    delta_rel: float | None = None
    published: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)
    # Which comparison pass first judged the figure: a recomputation judges in this order,
    # so a late-arriving old article stays "historical" as it was when it arrived.
    batch: int = 0
    retired_at: datetime | None = None
    correction_id: int | None = Field(default=None, foreign_key="correction.id")


class Correction(SQLModel, table=True):
    """An analyst's correction of the grouping, replayed in order over what the registry filed.

    kind: merge (other into metric), split (metric's figures matching `where` into other),
    move (figure into other), rename (metric to label), mute, unmute, track, untrack.
    """

    id: int | None = Field(default=None, primary_key=True)
    kind: str
    metric_id: int | None = Field(default=None, foreign_key="metric.id")
    other_id: int | None = Field(default=None, foreign_key="metric.id")
    figure_id: int | None = Field(default=None, foreign_key="figure.id")
    where: str | None = None
    label: str | None = None
    author: str
    note: str | None = None
    created_at: datetime = Field(default_factory=utcnow)
    undone_at: datetime | None = None
    undone_by: str | None = None


def new_alert_id() -> str:
    """A random id that travels with the alert, so a resent duplicate is recognisable."""
    return uuid.uuid4().hex


class Alert(SQLModel, table=True):
    """The outbox: one row per change and target, until delivered."""

    __table_args__ = (UniqueConstraint("change_id", "target"),)

    id: str = Field(default_factory=new_alert_id, primary_key=True)
    change_id: int = Field(foreign_key="change.id", index=True)
    target: str
    # pending | sent | failed | cancelled (its change was retired by a correction unsent)
    status: str = Field(default="pending", index=True)
    attempts: int = 0
    last_error: str | None = None
    next_attempt_at: datetime | None = None
    sent_at: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)


class Lease(SQLModel, table=True):
    """A named lock with an expiry: one monitor run at a time, across hosts."""

    name: str = Field(primary_key=True)
    owner: str
    expires_at: datetime
