"""`newsmon serve`: the configured flows as scheduled deployments, served from one process.

It uses the Prefect server at PREFECT_API_URL when one is configured, or starts a private
one on 127.0.0.1 (state under the data folder) for as long as it serves.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any, cast

import httpx
from prefect import Flow
from prefect import serve as prefect_serve
from prefect.client.schemas.objects import ConcurrencyLimitConfig, ConcurrencyLimitStrategy
from prefect.deployments.runner import RunnerDeployment
from prefect.schedules import Cron, Interval
from prefect.schedules import Schedule as PrefectSchedule
from prefect.settings import PREFECT_API_URL, temporary_settings
from sqlalchemy.engine import make_url

from newsmon.config.runtime import server_environment
from newsmon.config.settings import Schedule, Settings

# Schedule names in the config -> the flow each one runs ("module:attribute").
FLOWS = {"monitor": "newsmon.flows.monitor:monitor", "digest": "newsmon.flows.digest:digest"}
DEPLOYMENT_NAME = "newsmon"
COLLISION = {
    "cancel": ConcurrencyLimitStrategy.CANCEL_NEW,
    "enqueue": ConcurrencyLimitStrategy.ENQUEUE,
}
HOST = "127.0.0.1"
STARTUP_SECONDS = 90.0
STOP_SECONDS = 15.0


class ServeError(RuntimeError):
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


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def server_home(settings: Settings) -> Path:
    """The local server's state folder: next to the SQLite database, else ./data."""
    url = make_url(settings.database_url)
    folder = Path("data")
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        folder = Path(str(url.database)).expanduser().parent
    return (folder / "prefect-server").resolve()


def prefect_command() -> list[str]:
    """The `prefect` CLI of this environment."""
    script = Path(sys.executable).with_name("prefect")
    return [str(script)] if script.exists() else [shutil.which("prefect") or "prefect"]


def wait_healthy(api_url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    """Block until the server answers /health; ServeError if it exits or takes too long."""
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            tail = log.read_text(errors="replace")[-2000:]
            raise ServeError(f"prefect server exited with {process.returncode}:\n{tail}")
        try:
            if httpx.get(f"{api_url}/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.25)
    raise ServeError(f"prefect server not healthy after {STARTUP_SECONDS:.0f} s (log: {log})")


def stop(process: subprocess.Popen[bytes]) -> None:
    """Terminate the server's process group, killing it if it does not stop in time."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        if process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)  # its own session: the server and any child it made
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(STOP_SECONDS)


@contextmanager
def local_server(home: Path, port: int | None = None) -> Iterator[str]:
    """A private `prefect server start` on 127.0.0.1 for the block; yields its API URL."""
    home.mkdir(parents=True, exist_ok=True)
    port = port or free_port()
    api_url = f"http://{HOST}:{port}/api"
    env = server_environment(home, api_url)
    command = [*prefect_command(), "server", "start", "--host", HOST, "--port", str(port)]
    log = home / "server.log"
    with log.open("ab") as output:
        process = subprocess.Popen(
            command, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        wait_healthy(api_url, process, log)
        yield api_url
    finally:
        stop(process)


def check_reachable(api_url: str) -> None:
    """ServeError unless the Prefect API at `api_url` answers /health."""
    try:
        httpx.get(f"{api_url.rstrip('/')}/health", timeout=10).raise_for_status()
    except httpx.HTTPError as exc:
        raise ServeError(f"cannot reach the Prefect API at {api_url}: {exc}") from exc


@contextmanager
def prefect_api(settings: Settings, port: int | None = None) -> Iterator[str]:
    """The configured PREFECT_API_URL, or a local server started for the block."""
    configured = PREFECT_API_URL.value()
    if configured:
        check_reachable(str(configured))
        yield str(configured)
        return
    with local_server(server_home(settings), port) as api_url:
        yield api_url


def serve(
    settings: Settings,
    pause_on_shutdown: bool = False,
    port: int | None = None,
    echo: Callable[[str], None] = print,
) -> None:
    """Serve the configured deployments until interrupted; print where the UI is."""
    deployments = build_deployments(settings)
    if not deployments:
        raise ServeError("no flow to serve: add a `schedules:` entry to the config")
    with prefect_api(settings, port) as api_url, temporary_settings({PREFECT_API_URL: api_url}):
        echo(f"Prefect UI: {api_url.removesuffix('/api')}")
        prefect_serve(*deployments, pause_on_shutdown=pause_on_shutdown)
