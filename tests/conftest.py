"""Shared fixtures: a private Prefect home, temp SQLite files, configs written per test."""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from newsmon.config.runtime import apply_quiet_defaults

# Before Prefect is imported anywhere: a private, quiet Prefect home for the test session.
os.environ.setdefault("PREFECT_HOME", tempfile.mkdtemp(prefix="newsmon-prefect-"))
apply_quiet_defaults()
os.environ.pop("NEWSMON_CONFIG", None)
os.environ.pop("NEWSMON_DATABASE_URL", None)

from newsmon.config.settings import Settings  # noqa: E402
from newsmon.db.engine import dispose_engines  # noqa: E402
from tests.support.config import PG_ADMIN, write_config  # noqa: E402
from tests.support.shared import SHARED  # noqa: E402
from tests.support.site import LocalSite  # noqa: E402


@pytest.fixture(autouse=True)
def _fresh_engines() -> Iterator[None]:
    yield
    dispose_engines()


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh PostgreSQL database on the local server, dropped afterwards."""
    name = f"newsmon_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except OperationalError as exc:
        if os.environ.get("CI"):  # CI has PostgreSQL: its absence is a failure there
            raise
        pytest.skip(f"PostgreSQL not reachable at 127.0.0.1:5432: {exc.orig}")
    yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="module")
def site() -> Iterator[LocalSite]:
    """A local web site on 127.0.0.1 shared by a test module (tests/support/site.py)."""
    with LocalSite() as local:
        yield local


@pytest.fixture(scope="session")
def prefect_harness() -> Iterator[None]:
    """One temporary Prefect server for every flow test (it takes ~10 s to start)."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=60):
        yield


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings for the seed topic on a temp SQLite file, with no alert targets."""
    return write_config(tmp_path)


# Fixtures that need a service: their tests get its marker, so `-m "not server"` leaves
# them out without every test module marking itself.
SERVICE_MARKERS = {"prefect_harness": "server", "prefect_server": "server", "pg_url": "postgres"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark tests by the services they use; skip corpus tests when ../shared is absent."""
    missing = not SHARED.is_dir()
    for item in items:
        for fixture, marker in SERVICE_MARKERS.items():
            if fixture in getattr(item, "fixturenames", ()):
                item.add_marker(marker)
        if missing and item.get_closest_marker("corpus") and not os.environ.get("CI"):
            item.add_marker(pytest.mark.skip(reason=f"corpus test: {SHARED} not found"))


def pytest_runtest_setup(item: pytest.Item) -> None:
    """In CI the shared corpora must be there: a corpus test without them fails."""
    if item.get_closest_marker("corpus") and os.environ.get("CI") and not SHARED.is_dir():
        pytest.fail(f"CI=true but the shared corpora are missing: {SHARED}")


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Say how many corpus tests did not run, and why."""
    skipped = terminalreporter.stats.get("skipped", [])
    count = sum("corpus" in report.keywords for report in skipped)
    if count:
        terminalreporter.write_line(
            f"{count} corpus tests skipped: {SHARED} not found (clone beside shared/ to run them)"
        )
