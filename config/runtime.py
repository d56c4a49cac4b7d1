"""Process-wide defaults set before Prefect is imported: quiet and offline."""

from __future__ import annotations

import os
from pathlib import Path

QUIET_DEFAULTS = {
    # No telemetry: these machines are often offline, and users did not ask for it.
    "DO_NOT_TRACK": "1",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    # Libraries log outside flow runs too (apprise, httpx): no warning that those lines
    # cannot be sent to the Prefect API.
    "PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW": "ignore",
}


def apply_quiet_defaults() -> None:
    """Set the quiet defaults, leaving anything the user exported alone."""
    for name, value in QUIET_DEFAULTS.items():
        os.environ.setdefault(name, value)


SERVER_ENV = QUIET_DEFAULTS | {"PREFECT_SERVER_UI_SHOW_PROMOTIONAL_CONTENT": "false"}


def server_environment(home: Path, api_url: str) -> dict[str, str]:
    """The environment of a private `prefect server start`: ours, minus the user's PREFECT_*."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    # The UI's API address does not follow --port; without this it calls port 4200.
    return env | SERVER_ENV | {"PREFECT_HOME": str(home), "PREFECT_SERVER_UI_API_URL": api_url}
