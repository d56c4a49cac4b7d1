"""Extract the key figures of stored articles and file them under their metrics."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import repeat

from sqlmodel import Session

from db import queries
from db.models import Article
from db.models import Figure as FigureRow
from tasks.concepts import refers_to
from tasks.figures import Figure, extract_figures
from tasks.vocabulary import Vocabulary
from tasks.workers import process_pool


def figure_row(figure: Figure, *, article_id: int, metric_id: int, text: str) -> FigureRow:
    """The database row for an extracted figure of the article `text`."""
    return FigureRow(
        article_id=article_id,
        metric_id=metric_id,
        value=figure.value,
        low=figure.low,
        high=figure.high,
        unit=figure.unit,
        qualifier=figure.qualifier,
        text=figure.text,
        start=figure.start,
        end=figure.end,
        sentence=figure.sentence,
        counted=figure.counted,
        owner=figure.owner,
        event=figure.event,
        claimant=figure.claimant,
        refers_to=" ".join(refers_to(figure, text)) or None,
        score=figure.score,
    )


def store_figures(
    session: Session, article: Article, figures: Sequence[Figure], metrics: dict[str, int]
) -> int:
    """File an article's figures under their metrics and mark it analysed; returns how many.

    `metrics` caches metric ids by key across a batch: thousands of figures share few metrics.
    """
    assert article.id is not None
    text = article.text or ""
    for figure in figures:
        if figure.metric not in metrics:
            metric = queries.get_or_create_metric(
                session, key=figure.metric, label=figure.metric_label, unit=figure.unit
            )
            metrics[figure.metric] = metric.id or 0
        row = figure_row(figure, article_id=article.id, metric_id=metrics[figure.metric], text=text)
        session.add(row)
    article.status = "analysed"
    return len(figures)


def analyse_pending(
    session: Session, vocabulary: Vocabulary | None, *, workers: int = 1
) -> tuple[int, int]:
    """Extract and store the figures of every pending article; returns (articles, figures).

    Extraction runs on `workers` processes (0: one per core) when there are enough articles.
    """
    articles = queries.pending_articles(session)
    pool = process_pool(workers, len(articles))
    texts = [article.text or "" for article in articles]
    extracted = (pool.map if pool else map)(extract_figures, texts, repeat(vocabulary))
    metrics: dict[str, int] = {}
    stored = [
        store_figures(session, a, f, metrics) for a, f in zip(articles, extracted, strict=True)
    ]
    session.flush()
    return len(articles), sum(stored)
