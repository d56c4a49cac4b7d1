"""Thin Prefect tasks over the plain functions in tasks/: one task per stage and batch."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from pathlib import Path

from prefect import task
from prefect.cache_policies import NO_CACHE

from config.settings import Settings
from db import queries
from db.engine import get_engine, transaction
from db.models import utcnow
from tasks.analyse import analyse_pending
from tasks.changes import compare_new_figures
from tasks.dedup import store_documents
from tasks.documents import Document
from tasks.outbox import deliver_due
from tasks.seeds import read_seeds
from tasks.vocabulary import Vocabulary

# Stages write to the database and must run every time: never reuse a cached result.
stage = task(cache_policy=NO_CACHE)
RUN_LEASE = "monitor"


@stage
def claim_run(settings: Settings, owner: str) -> bool:
    """Take the run lease; False when another run is still working."""
    until = utcnow() + timedelta(minutes=settings.config.max_run_minutes)
    with transaction(get_engine(settings.database_url)) as session:
        return queries.acquire_lease(session, name=RUN_LEASE, owner=owner, until=until)


@stage
def release_run(settings: Settings, owner: str) -> None:
    """Give the run lease back."""
    with transaction(get_engine(settings.database_url)) as session:
        queries.release_lease(session, name=RUN_LEASE, owner=owner)


@stage
def ingest_seeds(folder: Path) -> list[Document]:
    """Read the seed articles, oldest first."""
    return read_seeds(folder)


@stage
def deduplicate(settings: Settings, documents: list[Document]) -> Counter[str]:
    """Store new and updated articles once; count duplicates and failures."""
    with transaction(get_engine(settings.database_url)) as session:
        return store_documents(session, documents)


@stage
def extract_figures(settings: Settings) -> tuple[int, int]:
    """Extract the key figures of every article not yet analysed."""
    path = settings.vocabulary_path
    vocabulary = Vocabulary.load(path) if path else None
    with transaction(get_engine(settings.database_url)) as session:
        return analyse_pending(session, vocabulary)


@stage
def compare_figures(settings: Settings) -> tuple[Counter[str], int]:
    """Compare new figures with their history; queue alerts for what changed."""
    with transaction(get_engine(settings.database_url)) as session:
        return compare_new_figures(session, settings)


@stage
def send_alerts(settings: Settings, flow_run_url: str | None) -> Counter[str]:
    """Deliver due alerts from the outbox."""
    return deliver_due(get_engine(settings.database_url), settings, flow_run_url)
