"""Shared fixtures: a private Prefect home, temp SQLite files, configs written per test."""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from newsmon.config.runtime import apply_quiet_defaults

# Before Prefect is imported anywhere: a private, quiet Prefect home for the test session.
os.environ.setdefault("PREFECT_HOME", tempfile.mkdtemp(prefix="newsmon-prefect-"))
apply_quiet_defaults()
os.environ.pop("NEWSMON_CONFIG", None)
os.environ.pop("NEWSMON_DATABASE_URL", None)

from newsmon.config.settings import DEFAULT_CONFIG, Settings, load_settings  # noqa: E402
from newsmon.db.engine import dispose_engines  # noqa: E402
from tests.support.site import LocalSite  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
SHARED = REPO.parent / "shared"
SEEDS = REPO / "seeds"


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


def write_config(tmp_path: Path, **overrides: Any) -> Settings:
    """A config file in tmp_path: the bundled one, pointed at tmp_path, with overrides."""
    raw = yaml.safe_load(DEFAULT_CONFIG.read_text(encoding="utf-8"))
    raw["seeds_folder"] = str(SEEDS)
    raw["topic"]["vocabulary"] = str(DEFAULT_CONFIG.parent / "vocabulary.yaml")
    raw["database_url"] = f"sqlite:///{tmp_path / 'newsmon.db'}"
    raw["alerts"]["targets"] = []
    raw.update(overrides)
    path = tmp_path / "newsmon.yaml"
    path.write_text(yaml.safe_dump(raw), encoding="utf-8")
    return load_settings(path)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings for the seed topic on a temp SQLite file, with no alert targets."""
    return write_config(tmp_path)
