"""The first report is the earliest published; an edit is compared with its own last version.

Every case runs the real stages (dedupe, figure extraction, comparison) on a temp SQLite file.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import col, select

from newsmon.config.settings import Settings
from newsmon.db import queries
from newsmon.db.engine import get_engine, transaction
from newsmon.db.models import Article, Figure, utcnow
from newsmon.tasks.dedupe.store import dedupe
from newsmon.tasks.figures import Vocabulary, extract_figures
from newsmon.tasks.ingest.documents import Document
from newsmon.tasks.ingest.feeds import FeedEntry
from newsmon.tasks.ingest.feedsync import wants_reading
from newsmon.views import change_view
from tests.support.stages import compare

DAY = timedelta(days=1)
T0 = datetime(2024, 5, 6, 8, tzinfo=UTC)
REPORT = (
    "Flooding in the Rivermouth district has killed 14 people, the regional fire service said "
    "on Monday, and 2,300 residents have been moved to emergency shelters.\n\nThe river rose "
    "three metres overnight after a week of rain, and 40 roads remain closed, officials said."
)


def feed_doc(url: str, text: str, published: datetime) -> Document:
    """A feed item as ingestion hands it to dedupe."""
    return Document(
        url=url, canonical_url=url, source="feed", source_kind="feed", text=text,
        title="Rivermouth floods", published=published,
    )  # fmt: skip


def run_stages(settings: Settings, *docs: Document) -> tuple[Counter[str], Counter[str]]:
    """Dedupe, extract and compare, as one monitor run would; (articles, changes)."""
    engine = get_engine(settings.database_url)
    with transaction(engine) as session:
        stored = dedupe(session, docs)
    vocabulary = Vocabulary.load(settings.vocabulary_path) if settings.vocabulary_path else None
    with transaction(engine) as session:
        extract_figures(session, vocabulary)
        changes, _ = compare(session, settings)
    return stored, changes


def by_url(settings: Settings) -> dict[str, Article]:
    """Every stored article's latest version, by URL."""
    with transaction(get_engine(settings.database_url)) as session:
        rows = session.exec(select(Article).order_by(col(Article.version))).all()
        return {article.url: article for article in rows}


def figure_counts(settings: Settings) -> Counter[str]:
    """How many figures each article URL holds."""
    with transaction(get_engine(settings.database_url)) as session:
        pairs = queries.figures_of_articles(session, article_ids=range(1, 100))
        return Counter(article.url for _, article in pairs)


def test_a_batch_keeps_the_earliest_published_as_the_original(settings: Settings) -> None:
    copy = feed_doc("https://wire.example/copy", REPORT, T0 + DAY)  # a feed lists it first
    original = feed_doc("https://local.example/floods", REPORT, T0)
    stored, _ = run_stages(settings, copy, original)
    assert stored == Counter({"new": 1, "duplicate": 1})
    articles = by_url(settings)
    assert articles[copy.url].duplicate_of_id == articles[original.url].id
    assert figure_counts(settings)[original.url] > 0 and figure_counts(settings)[copy.url] == 0


def test_an_original_arriving_after_its_copy_takes_its_figures_and_changes(
    settings: Settings,
) -> None:
    copy = feed_doc("https://wire.example/copy", REPORT, T0 + DAY)
    run_stages(settings, copy)
    held = figure_counts(settings)[copy.url]
    original = feed_doc("https://local.example/floods", REPORT, T0)
    stored, changes = run_stages(settings, original)
    assert stored == Counter({"new": 1}) and changes == Counter()  # nothing re-announced
    articles = by_url(settings)
    assert articles[copy.url].status == "duplicate"
    assert articles[copy.url].duplicate_of_id == articles[original.url].id
    assert articles[original.url].status == "analysed"
    assert figure_counts(settings) == Counter({original.url: held})
    with transaction(get_engine(settings.database_url)) as session:
        views = [change_view(*row) for row in queries.list_changes(session)]
    assert views and {view["article_url"] for view in views} == {original.url}
    assert {view["published"] for view in views} == {T0.date().isoformat()}


def test_a_later_copy_of_an_original_is_still_a_duplicate(settings: Settings) -> None:
    run_stages(settings, feed_doc("https://local.example/floods", REPORT, T0))
    stored, _ = run_stages(settings, feed_doc("https://wire.example/copy", REPORT, T0 + DAY))
    assert stored == Counter({"duplicate": 1})


EDITED = REPORT.replace("killed 14 people", "killed 17 people")


def test_an_edit_flags_only_what_it_changed(settings: Settings) -> None:
    first = feed_doc("https://local.example/floods", REPORT, T0)
    run_stages(settings, first)
    stored, changes = run_stages(settings, replace(first, text=EDITED))
    assert stored == Counter({"updated": 1})
    with transaction(get_engine(settings.database_url)) as session:
        rows = queries.list_changes(session, since=utcnow() - timedelta(seconds=30))
        views = [change_view(*row) for row in rows if row[3].version == 2]
    alerted = [v for v in views if v["kind"] not in ("confirmed", "historical")]
    assert [(v["old_value"], v["new_value"]) for v in alerted] == [(14, 17)]
    assert alerted[0]["old_article_url"] == first.url
    assert alerted[0]["old_published"] == T0.date().isoformat()
    restated = {v["new_value"] for v in views if v["kind"] == "confirmed"}
    assert 2300 in restated and changes["confirmed"] == len(restated)


def stored_article(first_seen: datetime, signature: str | None = "sig") -> Article:
    """An analysed article as plan_pages finds it."""
    return Article(
        source_id=1, url="u", canonical_url="u", status="analysed", fetched_at=first_seen,
        first_seen_at=first_seen, feed_signature=signature,
    )  # fmt: skip


def entry(published: datetime, updated: datetime | None = None, summary: str = "s") -> FeedEntry:
    """A feed entry with a dateline and, maybe, an update time."""
    return FeedEntry("u", "Rivermouth floods", summary, "", published, None, "u", updated)


NOW = T0 + 400 * DAY


@pytest.mark.parametrize(
    ("article", "item", "reread"),
    [
        (None, entry(T0), True),  # never read
        (stored_article(NOW - DAY), entry(T0), True),  # an old dateline, first seen yesterday
        (stored_article(NOW - 10 * DAY, entry(T0).signature()), entry(T0), False),  # settled
        (stored_article(NOW - 10 * DAY, entry(T0).signature()), entry(T0, NOW - DAY), True),
        (stored_article(NOW - 10 * DAY, entry(T0).signature()), entry(T0, summary="new"), True),
        (stored_article(NOW - 10 * DAY, None), entry(T0, summary="new"), False),  # no signature
    ],
    ids=["new", "replayed", "settled", "updated", "resummarised", "unsigned"],
)
def test_which_stored_articles_are_read_again(
    article: Article | None, item: FeedEntry, reread: bool
) -> None:
    assert wants_reading(article, item, NOW, days=3) is reread


def test_a_figure_is_stored_once_per_article_however_often_repeated(settings: Settings) -> None:
    repeated = (
        "Rivermouth floods kill 14\n\nFlooding in the Rivermouth district has killed 14 people, "
        "the regional fire service said. The 14 dead include two firefighters."
    )
    run_stages(settings, feed_doc("https://local.example/floods", repeated, T0))
    with transaction(get_engine(settings.database_url)) as session:
        values = [f.value for f in session.exec(select(Figure)).all()]
    assert values.count(14) == 1
