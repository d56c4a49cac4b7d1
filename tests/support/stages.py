"""The comparison and delivery stages called as the monitor flow calls them, from Settings."""

from __future__ import annotations

from collections import Counter

from sqlmodel import Session

from newsmon.config.settings import Settings
from newsmon.db.engine import get_engine
from newsmon.tasks.alerts import send_alerts
from newsmon.tasks.compare import compare_figures


def compare(session: Session, settings: Settings) -> tuple[Counter[str], int]:
    """compare_figures with the config's metric rules, alerted kinds and targets."""
    alerts = settings.config.alerts
    targets = [target.name for target in alerts.targets]
    return compare_figures(
        session,
        rules=settings.config.metrics,
        kinds=alerts.kinds,
        targets=targets,
        only_tracked=alerts.only_tracked,
    )


def deliver(settings: Settings) -> Counter[str]:
    """send_alerts on the config's database and alert settings."""
    return send_alerts(get_engine(settings.database_url), settings.config.alerts)
