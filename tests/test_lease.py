"""The run lease: renewed while a run works, so a killed run blocks the next for under a minute."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlmodel import select
from typer.testing import CliRunner

from newsmon.cli import app
from newsmon.db.engine import get_engine, transaction
from newsmon.db.models import Article, Lease, utcnow
from newsmon.tasks.runtime import lease
from tests.support.config import REPO, write_config
from tests.support.prefect_server import PrefectServer, prefect_server

__all__ = ["prefect_server"]  # the module-scoped fixture, imported for pytest
runner = CliRunner()


def test_a_held_lease_is_renewed_and_status_shows_it(tmp_path: Path) -> None:
    settings = write_config(tmp_path)
    engine = get_engine(settings.database_url)
    with lease.exclusive(engine, "run-a") as taken:
        assert taken and not lease.claim(engine, "run-b")
        first = lease.holder(engine)
        shown = runner.invoke(app, ["status", "--config", str(settings.path)]).stdout
        assert "held by run-a until" in shown
        time.sleep(lease.HEARTBEAT_SECONDS + 2)
        renewed = lease.holder(engine)
        assert first and renewed and renewed.expires_at > first.expires_at
    assert lease.holder(engine) is None
    assert "run lease: free" in runner.invoke(app, ["status", "-c", str(settings.path)]).stdout


def test_a_dead_holders_lease_is_taken_over_with_a_word() -> None:
    dead = Lease(name=lease.RUN_LEASE, owner="run-x", expires_at=utcnow())
    said = lease.abandoned(dead, "run-y", utcnow())
    assert said and said.startswith("run run-x died holding the run lease")
    assert lease.abandoned(dead, "run-x", utcnow()) is None  # its own lease
    alive = Lease(name=lease.RUN_LEASE, owner="run-x", expires_at=utcnow().replace(year=2999))
    assert lease.abandoned(alive, "run-y", utcnow()) is None


def stored(settings_path: Path, url: str) -> int:
    with transaction(get_engine(url)) as session:
        return len(session.exec(select(Article)).all())


@pytest.mark.slow
def test_a_run_killed_mid_way_blocks_the_next_for_under_a_minute(
    prefect_server: PrefectServer, tmp_path: Path
) -> None:
    settings = write_config(tmp_path)
    engine = get_engine(settings.database_url)
    command = [sys.executable, "-m", "newsmon", "run", "--config", str(settings.path)]
    env = prefect_server.env()
    with (tmp_path / "killed.log").open("wb") as out:
        killed = subprocess.Popen(command, cwd=REPO, env=env, stdout=out, stderr=out)
    deadline = time.monotonic() + 120
    while lease.holder(engine) is None and time.monotonic() < deadline and killed.poll() is None:
        time.sleep(0.05)
    killed.send_signal(signal.SIGKILL)
    killed.wait(10)
    assert lease.holder(engine) is not None, "the run ended before it could be killed"
    at = time.monotonic()
    blocked = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True)
    assert "skipped: another monitor run is in progress" in blocked.stdout
    assert blocked.returncode == 1
    time.sleep(max(0.0, 70 - (time.monotonic() - at)))
    again = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True)
    assert again.returncode == 0, again.stderr[-2000:]
    assert "died holding the run lease" in again.stdout + again.stderr
    assert stored(settings.path, settings.database_url) == 5  # the seeds, once each
    assert "Traceback" not in again.stdout + again.stderr


def test_stopping_the_heartbeats_ends_them_at_once(tmp_path: Path) -> None:
    engine = get_engine(write_config(tmp_path).database_url)
    assert lease.claim(engine, "run-a")
    with lease.heartbeat(engine, "run-a", max_minutes=5):
        began = time.monotonic()
        lease.stop_heartbeats()
        assert time.monotonic() - began < 1
        lease.release(engine, "run-a")
        time.sleep(0.3)
        assert lease.holder(engine) is None  # no beat took it back after the release
