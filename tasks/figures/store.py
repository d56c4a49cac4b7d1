"""Extract the key figures of stored articles and file them under their metrics."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import chain, repeat
from typing import Any

from sqlmodel import Session

from newsmon.db import queries
from newsmon.db.models import Article
from newsmon.db.models import Figure as FigureRow
from newsmon.tasks.figures.concepts import refers_to
from newsmon.tasks.figures.extract import Figure
from newsmon.tasks.figures.mentions import article_figures
from newsmon.tasks.figures.vocabulary import Vocabulary
from newsmon.tasks.runtime.workers import process_pool


def figure_row(figure: Figure, *, article_id: int, metric_id: int, text: str) -> dict[str, Any]:
    """The database row (column values) for an extracted figure of the article `text`."""
    return {
        "article_id": article_id,
        "metric_id": metric_id,
        "value": figure.value,
        "low": figure.low,
        "high": figure.high,
        "unit": figure.unit,
        "qualifier": figure.qualifier,
        "text": figure.text,
        "start": figure.start,
        "end": figure.end,
        "sentence": figure.sentence,
        "counted": figure.counted,
        "owner": figure.owner,
        "event": figure.event,
        "claimant": figure.claimant,
        "refers_to": " ".join(refers_to(figure, text)) or None,
        "score": figure.score,
    }


def figure_rows(
    article: Article, figures: Sequence[Figure], metrics: dict[str, int]
) -> list[dict[str, Any]]:
    """The rows of an article's figures, filed under their metrics (ids by key)."""
    assert article.id is not None
    text = article.text or ""
    return [
        figure_row(figure, article_id=article.id, metric_id=metrics[figure.metric], text=text)
        for figure in figures
    ]


def store_figures(
    session: Session, articles: Sequence[Article], extracted: Sequence[Sequence[Figure]]
) -> int:
    """File each article's figures under their metrics and mark it analysed; returns how many.

    Thousands of figures share a few hundred metrics: every key is resolved at once, and
    the figures go in with one executemany.
    """
    figures = chain.from_iterable(extracted)  # a metric takes its first figure's label and unit
    specs = ((figure.metric, figure.metric_label, figure.unit) for figure in figures)
    metrics = queries.get_or_create_metrics(session, specs=specs)
    pairs = zip(articles, extracted, strict=True)
    rows = [row for article, figures in pairs for row in figure_rows(article, figures, metrics)]
    queries.add_rows(session, model=FigureRow, rows=rows)
    for article in articles:
        article.status = "analysed"
    return len(rows)


def extract_figures(
    session: Session, vocabulary: Vocabulary | None, *, workers: int = 1
) -> tuple[int, int]:
    """Extract and store the figures of every pending article; returns (articles, figures).

    Extraction runs on `workers` processes (0: one per core) when there are enough articles.
    """
    articles = queries.pending_articles(session)
    pool = process_pool(workers, len(articles))
    texts = [article.text or "" for article in articles]
    extracted = list((pool.map if pool else map)(article_figures, texts, repeat(vocabulary)))
    stored = store_figures(session, articles, extracted)
    session.flush()
    return len(articles), stored
