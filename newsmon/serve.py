"""`newsmon serve`: the configured flows as scheduled deployments, served from one process.

It uses the Prefect server at PREFECT_API_URL when one is configured, else newsmon's own
standing local server (newsmon/server.py), the one `newsmon run` uses too.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from datetime import timedelta
from typing import Any, cast

from prefect import Flow
from prefect import serve as prefect_serve
from prefect.client.schemas.objects import ConcurrencyLimitConfig, ConcurrencyLimitStrategy
from prefect.deployments.runner import RunnerDeployment
from prefect.schedules import Cron, Interval
from prefect.schedules import Schedule as PrefectSchedule
from prefect.settings import PREFECT_API_URL, temporary_settings

from newsmon import server
from newsmon.config.settings import Schedule, Settings

# Schedule names in the config -> the flow each one runs ("module:attribute").
FLOWS = {"monitor": "newsmon.flows.monitor:monitor", "digest": "newsmon.flows.digest:digest"}
DEPLOYMENT_NAME = "newsmon"
COLLISION = {
    "cancel": ConcurrencyLimitStrategy.CANCEL_NEW,
    "enqueue": ConcurrencyLimitStrategy.ENQUEUE,
}


class ServeError(server.ServerError):
    """The deployments cannot be built, or the local Prefect server does not start."""


def load_flow(name: str) -> Flow[..., Any] | None:
    """The flow a schedule name runs; None when its module does not exist (yet)."""
    if name not in FLOWS:
        raise ServeError(f"schedule {name!r}: no such flow (known: {', '.join(sorted(FLOWS))})")
    module_name, attribute = FLOWS[name].split(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name != module_name:
            raise
        return None
    found = getattr(module, attribute)
    if not isinstance(found, Flow):
        raise ServeError(f"{FLOWS[name]} is not a Prefect flow")
    return found


def prefect_schedule(schedule: Schedule) -> PrefectSchedule | None:
    """The Prefect schedule for a config schedule; None when it gives no timing."""
    active = schedule.enabled
    if schedule.cron:
        return Cron(schedule.cron, timezone=schedule.timezone, active=active)
    if schedule.interval_minutes:
        every = timedelta(minutes=schedule.interval_minutes)
        return Interval(every, timezone=schedule.timezone, active=active)
    return None


def concurrency(schedule: Schedule) -> ConcurrencyLimitConfig:
    """One run at a time per deployment; an overlapping run is cancelled or queued."""
    return ConcurrencyLimitConfig(limit=1, collision_strategy=COLLISION[schedule.on_overlap])


def build_deployments(settings: Settings) -> list[RunnerDeployment]:
    """A deployment per configured schedule whose flow exists, with schedule and limit."""
    deployments: list[RunnerDeployment] = []
    for name, schedule in settings.config.schedules.items():
        flow = load_flow(name)
        if flow is None:
            continue
        try:
            timing = prefect_schedule(schedule)
        except ValueError as exc:  # e.g. an invalid cron string
            raise ServeError(f"schedule {name!r}: {exc}") from exc
        deployment = flow.to_deployment(
            name=DEPLOYMENT_NAME,
            schedules=[timing] if timing else None,
            concurrency_limit=concurrency(schedule),
            parameters={"config_path": str(settings.path)},
            tags=["newsmon"],
            description=f"newsmon {name}, scheduled from {settings.path}",
        )
        deployments.append(cast(RunnerDeployment, deployment))
    return deployments


def serve(
    settings: Settings,
    pause_on_shutdown: bool = False,
    echo: Callable[[str], None] = print,
) -> None:
    """Serve the configured deployments until interrupted; print where the UI is."""
    deployments = build_deployments(settings)
    if not deployments:
        raise ServeError("no flow to serve: add a `schedules:` entry to the config")
    configured = PREFECT_API_URL.value()
    api_url = server.api_url(settings, str(configured) if configured else None, echo) or (
        server.standing(settings, echo)  # serving needs a server that stays up
    )
    with temporary_settings({PREFECT_API_URL: api_url}):
        echo(f"Prefect UI: {api_url.removesuffix('/api')}")
        prefect_serve(*deployments, pause_on_shutdown=pause_on_shutdown)
