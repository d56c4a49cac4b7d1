"""Extract the key figures of stored articles and file them under their metrics."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import chain, repeat
from typing import Any

from sqlmodel import Session

from newsmon.db import queries
from newsmon.db.models import Article
from newsmon.db.models import Figure as FigureRow
from newsmon.tasks.figures.concepts import refers_to
from newsmon.tasks.figures.corrections import assigned
from newsmon.tasks.figures.extract import Figure
from newsmon.tasks.figures.mentions import article_figures
from newsmon.tasks.figures.registry import Candidate, Filing, Registry
from newsmon.tasks.figures.vocabulary import Vocabulary
from newsmon.tasks.runtime import progress
from newsmon.tasks.runtime.workers import process_pool


def figure_row(
    figure: Figure, *, article_id: int, metric_id: int, text: str, match: float = 1.0
) -> dict[str, Any]:
    """The database row (column values) for an extracted figure of the article `text`."""
    identity = figure.identity
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
        "place_from": identity.place_from or None if identity else None,
        "measure": identity.measure or None if identity else None,
        "variant": identity.variant if identity else None,
        "scope": identity.scope if identity else None,
        "horizon": identity.horizon if identity else None,
        "other_event": identity.other_event if identity else None,
        "match": match,
    }


def registry_for(session: Session, figures: Iterable[Figure]) -> Registry:
    """The registry of the story's stored metrics of the bases these figures have."""
    bases = {figure.identity.base for figure in figures if figure.identity}
    registry = Registry()
    stored = queries.metrics_by_base(session, bases=bases)
    owners = queries.metric_owners(session, metric_ids=[metric.id or 0 for metric, _ in stored])
    for metric, count in stored:
        held = owners.get(metric.id or 0, set())
        found = Candidate(metric.key, metric.label, metric.place, count, held)
        registry.by_base.setdefault(metric.base or "", []).append(found)
    return registry


def file_figures(session: Session, extracted: Sequence[Sequence[Figure]]) -> list[list[Filing]]:
    """Each figure's metric (created when new) and match, in the order given."""
    registry = registry_for(session, chain.from_iterable(extracted))
    filings = [
        [registry.file(f.identity) if f.identity else Filing(f.metric, f.metric_label, 1.0)
         for f in figures]
        for figures in extracted
    ]  # fmt: skip
    return filings


def store_figures(
    session: Session, articles: Sequence[Article], extracted: Sequence[Sequence[Figure]]
) -> int:
    """File each article's figures under their metrics and mark it analysed; returns how many.

    Thousands of figures share a few hundred metrics: every key is resolved at once, and
    the figures go in with one executemany.
    """
    filings = file_figures(session, extracted)
    specs = (
        (filing.key, filing.label, f.unit, f.identity.base if f.identity else None, filing.place)
        for figures, filed in zip(extracted, filings, strict=True)
        for f, filing in zip(figures, filed, strict=True)
    )  # fmt: skip
    metrics = queries.get_or_create_metrics(session, specs=specs)
    rows = []
    for article, figures, filed in zip(articles, extracted, filings, strict=True):
        assert article.id is not None
        text = article.text or ""
        rows += [
            figure_row(f, article_id=article.id, metric_id=metrics[filing.key], text=text,
                       match=filing.match)
            for f, filing in zip(figures, filed, strict=True)
        ]  # fmt: skip
    steps = queries.live_corrections(session)
    for row in rows:  # the analyst's merges and splits apply to new figures as to old ones
        row["filed_metric_id"] = row["metric_id"]
        row["metric_id"] = assigned(row["metric_id"], None, row, steps)
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
    titles = [article.title or "" for article in articles]
    years = [article.published.year if article.published else None for article in articles]
    months = [article.published.month if article.published else None for article in articles]
    run = pool.map if pool else map
    results = run(article_figures, texts, repeat(vocabulary), titles, years, months)
    extracted = list(progress.counted(progress.EXTRACTING, results, len(articles)))
    stored = store_figures(session, articles, extracted)
    session.flush()
    return len(articles), stored
