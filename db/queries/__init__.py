"""Queries: keyword-only functions over a session, split by domain. The caller owns the
transaction. Import this package (`from newsmon.db import queries`) and call `queries.<name>`."""

from newsmon.db.queries.alerts import (
    alerts_touched_since,
    due_alerts,
    enqueue_alerts,
    last_sent,
    list_alerts,
    record_attempt,
    reset_failed_alerts,
)
from newsmon.db.queries.articles import (
    articles_per_source,
    articles_with_texts,
    banded_articles,
    get_or_create_sources,
    latest_versions,
    list_articles,
    pending_articles,
    skipped_since,
    sources,
)
from newsmon.db.queries.common import CHUNK, add_rows
from newsmon.db.queries.figures import (
    change_context,
    figures_to_compare,
    find_metrics,
    get_or_create_metrics,
    list_changes,
    list_figures,
    metric_histories,
    metric_ids,
    metric_keys,
)
from newsmon.db.queries.leases import acquire_lease, release_lease

__all__ = [
    "CHUNK",
    "acquire_lease",
    "add_rows",
    "alerts_touched_since",
    "articles_per_source",
    "articles_with_texts",
    "banded_articles",
    "change_context",
    "due_alerts",
    "enqueue_alerts",
    "figures_to_compare",
    "find_metrics",
    "get_or_create_metrics",
    "get_or_create_sources",
    "last_sent",
    "latest_versions",
    "list_alerts",
    "list_articles",
    "list_changes",
    "list_figures",
    "metric_histories",
    "metric_ids",
    "metric_keys",
    "pending_articles",
    "record_attempt",
    "release_lease",
    "reset_failed_alerts",
    "skipped_since",
    "sources",
]
