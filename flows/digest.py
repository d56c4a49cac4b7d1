"""The digest flow: deliver what the outbox holds, without ingesting anything."""

from __future__ import annotations

import uuid
from collections import Counter
from pathlib import Path

from prefect import flow, get_run_logger
from prefect.runtime import flow_run

from newsmon.config.settings import load_settings
from newsmon.flows.monitor import run_link
from newsmon.flows.stages import run_lease, send_alerts


@flow(name="digest", log_prints=False)
def digest(config_path: str | None = None) -> Counter[str]:
    """Send due alerts: digests whose period has passed, and retries of failed alerts."""
    settings = load_settings(Path(config_path) if config_path else None)
    owner = str(flow_run.id or uuid.uuid4())
    database = settings.database_url
    with run_lease(database, owner, settings.config.max_run_minutes) as taken:
        if not taken:
            get_run_logger().warning("a monitor run is delivering; this digest run does nothing")
            return Counter()
        outcome = send_alerts(database, settings.config.alerts, run_link())
    get_run_logger().info(f"alerts: {outcome['sent']} sent, {outcome['failed']} failed")
    return outcome
