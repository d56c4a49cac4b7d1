"""The digest flow: deliver what the outbox holds, without ingesting anything."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from prefect import flow, get_run_logger

from config.settings import load_settings
from flows.monitor import run_link
from flows.stages import send_alerts


@flow(name="digest", log_prints=False)
def digest(config_path: str | None = None) -> Counter[str]:
    """Send due alerts: digests whose period has passed, and retries of failed alerts."""
    settings = load_settings(Path(config_path) if config_path else None)
    outcome = send_alerts(settings, run_link())
    get_run_logger().info(f"alerts: {outcome['sent']} sent, {outcome['failed']} failed")
    return outcome
