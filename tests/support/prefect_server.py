"""A real `prefect server start` for tests: free 127.0.0.1 port, private PREFECT_HOME.

Usage (one server per test module; it takes ~10 s to start)::

    from tests.support.prefect_server import PrefectServer, prefect_server  # noqa: F401

    def test_something(prefect_server: PrefectServer) -> None:
        with prefect_server.client() as client:   # a sync PrefectClient on that server
            ...

`wait_for(read, timeout, what)` polls; `artifacts_of(client, run_id)` reads a run's artifacts.
While the fixture is active, PREFECT_API_URL points at the server for this process
(through prefect's temporary_settings) and for subprocesses given `prefect_server.env()`.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar
from uuid import UUID

import pytest
from prefect.client.orchestration import SyncPrefectClient, get_client
from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId
from prefect.events.worker import EventsWorker
from prefect.settings import PREFECT_API_URL, temporary_settings

from newsmon.server import local_server

T = TypeVar("T")


@dataclass(frozen=True)
class PrefectServer:
    """A running server: its API and UI addresses and its state folder."""

    api_url: str
    home: Path

    @property
    def ui_url(self) -> str:
        """The UI's base address."""
        return self.api_url.removesuffix("/api")

    def client(self) -> AbstractContextManager[SyncPrefectClient]:
        """A sync Prefect client on this server."""
        return get_client(sync_client=True)

    def env(self, **extra: str) -> dict[str, str]:
        """Environment for a subprocess that should use this server (quiet, offline)."""
        base = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
        home = self.home / "client"
        return base | {
            "PREFECT_API_URL": self.api_url,
            "PREFECT_HOME": str(home),
            "DO_NOT_TRACK": "1",
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
            **extra,
        }


def wait_for(read: Callable[[], T | None], timeout: float, what: str) -> T:
    """Poll `read` until it returns something truthy."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = read()
        if found:
            return found
        time.sleep(0.5)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


def artifacts_of(client: SyncPrefectClient, run_id: UUID) -> dict[str, Any]:
    """The artifacts of a flow run (and its tasks), by key."""
    found = client.read_artifacts(
        artifact_filter=ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[run_id]))
    )
    return {artifact.key: artifact.data for artifact in found if artifact.key}


def flush_events() -> None:
    """Send every buffered event, and forget the event workers' API address."""
    EventsWorker.drain_all(timeout=15)


@pytest.fixture(scope="module")
def prefect_server() -> Iterator[PrefectServer]:
    """A private Prefect server for the test module; this process's API points at it."""
    home = Path(tempfile.mkdtemp(prefix="newsmon-prefect-server-"))
    with local_server(home / "server") as api_url:
        updates: dict[Any, Any] = {PREFECT_API_URL: api_url}
        flush_events()
        with temporary_settings(updates=updates):
            yield PrefectServer(api_url=api_url, home=home)
            flush_events()
