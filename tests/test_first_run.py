"""A newcomer's first runs: the standing server starts on a busy machine, then is reused."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from newsmon.server import free_port
from tests.support.config import REPO, write_config

pytestmark = [pytest.mark.slow, pytest.mark.server]


@contextmanager
def busy_cores() -> Iterator[None]:
    """Both cores kept busy by CPU-burning processes for the block."""
    burn = [sys.executable, "-c", "while True: pass"]
    burners = [subprocess.Popen(burn) for _ in range(os.cpu_count() or 2)]
    try:
        yield
    finally:
        for burner in burners:
            burner.kill()
            burner.wait()


def newsmon(config: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "newsmon", *args, "--config", str(config)]
    return subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=600)


def test_the_first_run_on_a_busy_machine_starts_the_server_and_the_second_reuses_it(
    tmp_path: Path,
) -> None:
    settings = write_config(tmp_path, server={"port": free_port()})
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env["PREFECT_HOME"] = str(tmp_path / "fresh-prefect-home")
    try:
        with busy_cores():
            first = newsmon(settings.path, env, "run")
        assert first.returncode == 0, first.stderr[-3000:]
        assert "articles: 5 new" in first.stdout
        assert "starting newsmon's Prefect server" in first.stderr
        began = time.monotonic()
        second = newsmon(settings.path, env, "run")
        took = time.monotonic() - began
        assert second.returncode == 0 and "articles: 0 new" in second.stdout
        assert "starting newsmon's Prefect server" not in second.stderr, took
        assert "Traceback" not in first.stderr + second.stderr
        assert (
            "running: http://127.0.0.1:" in newsmon(settings.path, env, "server", "status").stdout
        )
    finally:
        assert newsmon(settings.path, env, "server", "stop").returncode == 0
    assert "not running" in newsmon(settings.path, env, "server", "status").stdout


def test_two_commands_starting_the_server_at_once_leave_one_that_stops(tmp_path: Path) -> None:
    settings = write_config(tmp_path, server={"port": free_port()})
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env["PREFECT_HOME"] = str(tmp_path / "home")
    command = [sys.executable, "-m", "newsmon", "server", "start", "--config", str(settings.path)]
    try:
        pipes = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, "text": True}
        starts = [subprocess.Popen(command, cwd=REPO, env=env, **pipes) for _ in range(2)]
        results = [start.communicate(timeout=300) for start in starts]
        assert all(start.returncode == 0 for start in starts), results
        assert all(
            out.splitlines()[-1].startswith("running: http://127.0.0.1:") for out, _ in results
        )
    finally:
        stopped = newsmon(settings.path, env, "server", "stop")
    assert stopped.stdout.strip() == "stopped"
    assert "not running" in newsmon(settings.path, env, "server", "status").stdout
