"""Process-wide defaults set before Prefect is imported: quiet and offline."""

from __future__ import annotations

import os

QUIET_DEFAULTS = {
    # No telemetry: these machines are often offline, and users did not ask for it.
    "DO_NOT_TRACK": "1",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    # The temporary server is ours alone; keep its logs out of the user's terminal.
    "PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW": "ignore",
}


def apply_quiet_defaults() -> None:
    """Set the quiet defaults, leaving anything the user exported alone."""
    for name, value in QUIET_DEFAULTS.items():
        os.environ.setdefault(name, value)
