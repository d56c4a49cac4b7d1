"""Batched stages store what handling one item at a time stores, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from newsmon.config.settings import Feed, Settings
from newsmon.db import queries
from newsmon.db.engine import open_database, transaction
from newsmon.db.models import Alert, Change, Figure, Metric
from newsmon.tasks.dedupe.store import dedupe
from newsmon.tasks.figures.extract import find_figures
from newsmon.tasks.figures.store import extract_figures, store_figures
from newsmon.tasks.figures.vocabulary import Vocabulary
from newsmon.tasks.ingest.documents import Document
from newsmon.tasks.ingest.feedsync import due_feeds, keep_validators, record_polls
from newsmon.tasks.ingest.seeds import read_seeds
from newsmon.tasks.ingest.web import FeedJob, FeedPoll
from tests.support.config import SEEDS, write_config
from tests.support.documents import ARTICLE, EDITED, OTHER, doc, stored_in_steps
from tests.support.stages import compare


def two_targets(tmp_path: Path) -> Settings:
    targets = [{"name": "console", "url": "console://"}, {"name": "log", "url": "console://"}]
    tmp_path.mkdir(exist_ok=True)
    return write_config(tmp_path, alerts={"targets": targets})


def pipeline(settings: Settings, *, batch: bool) -> dict[str, Any]:
    """Store, analyse and compare the seeds at once or one at a time; what the tables hold."""
    vocabulary = Vocabulary.load(settings.vocabulary_path) if settings.vocabulary_path else None
    seeds = read_seeds(SEEDS)
    kinds: Counter[str] = Counter()
    queued = 0
    engine = open_database(settings.database_url)
    with transaction(engine) as session:
        for part in [seeds] if batch else [[seed] for seed in seeds]:
            dedupe(session, part)
            extract_figures(session, vocabulary)
            counted, alerts = compare(session, settings)
            kinds, queued = kinds + counted, queued + alerts
        stored = {"kinds": kinds, "queued": queued, **tables(session)}
    engine.dispose()
    return stored


def tables(session: Session) -> dict[str, Any]:
    """Metrics and figures as stored; changes and alerts by figure (a batch numbers changes
    metric by metric, one article at a time does not)."""
    changes = {c.id: c for c in session.exec(select(Change)).all()}
    figures = session.exec(select(Figure).order_by(col(Figure.id))).all()
    metrics = session.exec(select(Metric).order_by(col(Metric.id))).all()
    alerts = [(changes[a.change_id].figure_id, a.target) for a in session.exec(select(Alert))]
    fields = ("figure_id", "previous_figure_id", "kind", "old_value", "new_value", "direction")
    return {
        "metrics": [(m.id, m.key, m.label, m.unit) for m in metrics],
        "figures": [
            (f.id, f.article_id, f.metric_id, f.value, f.start, f.refers_to) for f in figures
        ],
        "changes": sorted(tuple(getattr(c, name) for name in fields) for c in changes.values()),
        "alerts": sorted(alerts),
    }


def test_the_seeds_at_once_give_what_they_give_one_at_a_time(tmp_path: Path) -> None:
    batch = pipeline(two_targets(tmp_path / "batch"), batch=True)
    single = pipeline(two_targets(tmp_path / "single"), batch=False)
    assert batch == single
    metric_keys = [key for _, key, _, _ in batch["metrics"]]
    assert len(set(metric_keys)) == len(metric_keys) < len(batch["figures"])
    alerted = {figure for figure, _ in batch["alerts"]}
    assert Counter(batch["alerts"]) == {(f, t): 1 for f in alerted for t in ("console", "log")}
    assert batch["queued"] == len(batch["alerts"]) == 2 * len(alerted)
    assert sum(batch["kinds"].values()) == len(batch["changes"]) == len(batch["figures"])


def test_a_second_comparison_finds_nothing_to_compare(tmp_path: Path) -> None:
    settings = two_targets(tmp_path)
    pipeline(settings, batch=True)
    with transaction(open_database(settings.database_url)) as session:
        assert compare(session, settings) == (Counter(), 0)


def test_a_batch_files_figures_under_metrics_stored_or_created_once(tmp_path: Path) -> None:
    settings = write_config(tmp_path)
    vocabulary = Vocabulary.load(settings.vocabulary_path) if settings.vocabulary_path else None
    losses = "Kyiv now estimates that North Korea has lost 4,000 troops near Kursk this winter."
    with transaction(open_database(settings.database_url)) as session:
        dedupe(session, [doc("https://a.example/1", ARTICLE)])
        extract_figures(session, vocabulary)
        [stored] = session.exec(select(Metric)).all()
        batch = [
            doc("https://a.example/1", EDITED),
            doc("https://b/2", OTHER),
            doc("https://c/3", losses),
        ]
        dedupe(session, batch)
        articles = queries.pending_articles(session)
        extracted = [find_figures(article.text or "", vocabulary) for article in articles]
        assert store_figures(session, articles, extracted) == 3
        session.flush()
        metrics = {m.key: m.id for m in session.exec(select(Metric)).all()}
        figures = session.exec(select(Figure.metric_id).order_by(col(Figure.id))).all()
    deployed = stored.id or 0
    assert metrics == {stored.key: deployed, "north_korea.troops.lost": deployed + 1}
    assert figures == [deployed, deployed, deployed + 1, deployed + 1]
    assert {a.status for a in articles} == {"analysed"}


def everything(url: str, settings: Settings) -> tuple[Any, dict[str, Any]]:
    """The dedup scenario, then the seeds through every stage, on the database at `url`."""
    engine = open_database(url)
    stored = stored_in_steps(engine, batch=True)
    engine.dispose()
    return stored, pipeline(Settings(settings.config, settings.path, url), batch=True)


def test_postgresql_stores_and_compares_batches_as_sqlite_does(tmp_path: Path, pg_url: str) -> None:
    settings = two_targets(tmp_path)
    assert everything(pg_url, settings) == everything(settings.database_url, settings)


def poll(name: str, error: str | None = None, etag: str | None = None) -> FeedPoll:
    return FeedPoll(FeedJob(name, f"https://{name}.example/feed"), error=error, etag=etag)


def feed_health(engine: Engine, *polls: Sequence[FeedPoll]) -> list[tuple[Any, ...]]:
    """Record each group of polls in one call; every source's health afterwards."""
    now = datetime(2025, 1, 1, tzinfo=UTC)
    feeds = [Feed(name="a", url="https://a.example/feed"), Feed(name="b", url="https://b/x")]
    with transaction(engine) as session:
        due_feeds(session, feeds=feeds, now=now)
        for group in polls:
            record_polls(session, polls=group, now=now)
            keep_validators(session, polls=group)
        fields = ("id", "name", "kind", "url", "etag", "consecutive_failures", "last_error")
        return [tuple(getattr(s, f) for f in fields) for s in queries.sources(session)]


def test_polls_recorded_together_update_each_feed_as_one_at_a_time(tmp_path: Path) -> None:
    polls = [poll("a", etag="x"), poll("b", error="HTTP 500"), poll("new", error="timeout")]
    together = feed_health(open_database(f"sqlite:///{tmp_path / 'a.db'}"), polls)
    apart = feed_health(open_database(f"sqlite:///{tmp_path / 'b.db'}"), *([p] for p in polls))
    assert together == apart
    assert together == [
        (1, "a", "feed", "https://a.example/feed", "x", 0, None),
        (2, "b", "feed", "https://b/x", None, 1, "HTTP 500"),
        (3, "new", "feed", None, None, 1, "timeout"),  # a feed polled but no longer configured
    ]


def test_a_polls_validators_wait_for_its_items_and_a_failed_poll_keeps_the_old_ones(
    tmp_path: Path,
) -> None:
    engine = open_database(f"sqlite:///{tmp_path / 'v.db'}")
    now = datetime(2025, 1, 1, tzinfo=UTC)
    feed = Feed(name="a", url="https://a.example/feed")

    def etag_of_next_poll() -> str | None:
        with transaction(engine) as session:
            return due_feeds(session, feeds=[feed], now=now + timedelta(days=7))[0].etag

    etag_of_next_poll()
    with transaction(engine) as session:
        record_polls(session, polls=[poll("a", etag="v1")], now=now)
    assert etag_of_next_poll() is None  # items not stored yet: the next poll reads them all
    with transaction(engine) as session:
        keep_validators(session, polls=[poll("a", etag="v1")])
    assert etag_of_next_poll() == "v1"
    with transaction(engine) as session:
        record_polls(session, polls=[poll("a", error="HTTP 500")], now=now)
        keep_validators(session, polls=[poll("a", error="HTTP 500")])
    assert etag_of_next_poll() == "v1"
    dead_page = Document("https://a.example/1", "https://a.example/1", "a", "feed", None)
    with transaction(engine) as session:
        keep_validators(session, polls=[poll("a", etag="v2")], documents=[dead_page])
    assert etag_of_next_poll() is None  # the next poll is in full: the page is retried


def test_a_feed_listed_twice_is_registered_once_and_a_moved_feed_forgets_validators(
    tmp_path: Path,
) -> None:
    engine = open_database(f"sqlite:///{tmp_path / 'f.db'}")
    now = datetime(2025, 1, 1, tzinfo=UTC)
    first, moved = Feed(name="a", url="https://a/1"), Feed(name="a", url="https://a/2")
    with transaction(engine) as session:
        jobs = due_feeds(session, feeds=[first, moved], now=now)
        record_polls(session, polls=[poll("a", etag="x")], now=now)
        keep_validators(session, polls=[poll("a", etag="x")])
        assert [(job.url, job.etag) for job in jobs] == [
            ("https://a/1", None),
            ("https://a/2", None),
        ]
        [job] = due_feeds(session, feeds=[moved], now=now)
        assert job.etag == "x"
        [job] = due_feeds(session, feeds=[first], now=now)
        assert job.etag is None and len(queries.sources(session)) == 1


def test_a_later_run_keeps_places_known_apart_out_of_a_stored_series(tmp_path: Path) -> None:
    """The registry read back from the database knows whose figures a placeless series holds:
    a world story's placeless deaths series takes a town's later figure (it may lie inside),
    but not Spain's."""
    settings = write_config(tmp_path)
    world = replace(doc("https://a.example/w", "Forty people have died of the fever so far."),
                    title="Fever spreads to 12 countries")  # fmt: skip
    lakeside = doc("https://b.example/l", "In Lakeside, two people have died of the fever.")
    spain = doc("https://c.example/s", "In Spain, three people have died of the fever.")
    engine = open_database(settings.database_url)
    for batch in ([world], [lakeside], [spain]):  # three runs, three transactions
        with transaction(engine) as session:
            dedupe(session, batch)
            extract_figures(session, None)
    with Session(engine) as session:
        query = select(Figure.value, Metric.key).where(col(Figure.metric_id) == col(Metric.id))
        rows = dict(session.exec(query).all())
    assert rows == {40: "any.deaths", 3: "spain.deaths", 2: "any.deaths"}
