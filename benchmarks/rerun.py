"""Wall time of a `newsmon run` with nothing new: on the standing server vs a temporary one.

Side by side in one run, on the seeds in a temp folder with a fresh PREFECT_HOME: one first
run (which starts newsmon's standing server), then REPEATS reruns on it, then REPEATS
reruns with `server.standing: false` (Prefect's temporary server, started and stopped by
each run, as every run did before). Beside the standing server's reruns, alternated with
them, the same reruns started without newsmon.startup (Python's garbage collector left as
it is). Each rerun is a new `python -m newsmon run` process,
as a user or cron starts it, 2 s after the previous one ended. It also counts the commands
that printed a traceback or Prefect's "Error flushing events" (lost run events).
Run: .venv/bin/python -m benchmarks.rerun [--repeats N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from newsmon.config.settings import DEFAULT_CONFIG
from newsmon.server import free_port

REPO = Path(__file__).resolve().parents[1]
SETTLE_SECONDS = 2.0


def write_config(folder: Path, standing: bool, port: int) -> Path:
    """The bundled config on the repo's seeds, its database in `folder`."""
    raw = yaml.safe_load(DEFAULT_CONFIG.read_text(encoding="utf-8"))
    raw["seeds_folder"] = str(REPO / "seeds")
    raw["topic"]["vocabulary"] = str(DEFAULT_CONFIG.parent / "vocabulary.yaml")
    raw["database_url"] = f"sqlite:///{folder / 'newsmon.db'}"
    raw["alerts"]["targets"] = [{"name": "log", "url": f"logfile://{folder / 'alerts.log'}"}]
    raw["server"] = {"standing": standing, "port": port}
    path = folder / ("standing.yaml" if standing else "temporary.yaml")
    path.write_text(yaml.safe_dump(raw), encoding="utf-8")
    return path


# What a run must never print: a shutdown that lost the run's events, or any traceback.
BAD_OUTPUT = ("Traceback", "Error flushing events")
noisy_runs: list[str] = []


# `python -m newsmon` starts through newsmon.startup (imports with the collector off, no
# final collection at exit); this starts the same CLI with Python's collector as it is.
PLAIN_START = ["-c", "import sys; from newsmon.cli import app; sys.argv[0] = 'newsmon'; app()"]


def timed_run(
    config: Path, env: dict[str, str], *args: str, start: list[str] | None = None
) -> float:
    """Seconds one `newsmon ARGS --config CONFIG` process takes; it must succeed."""
    began = time.perf_counter()
    command = [sys.executable, *(start or ["-m", "newsmon"]), *args, "--config", str(config)]
    done = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True)
    took = time.perf_counter() - began
    if done.returncode != 0:
        raise SystemExit(f"newsmon {' '.join(args)} failed: {done.stderr[-500:]}")
    if any(bad in done.stdout + done.stderr for bad in BAD_OUTPUT):
        noisy_runs.append(config.name)
    return took


def settled(run: Callable[..., float], *args: Any, **options: Any) -> float:
    """`run(*args)` after a pause: scheduled runs are minutes apart, and meanwhile the server
    files the previous run's events (back to back, that work slows the next run)."""
    time.sleep(SETTLE_SECONDS)
    return run(*args, **options)


def seconds(times: list[float]) -> str:
    """Each time, in order."""
    return ", ".join(f"{t:.1f}" for t in times)


def main() -> None:
    """Print the rerun times on both servers and their ratio."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=9)
    repeats = parser.parse_args().repeats
    with tempfile.TemporaryDirectory(prefix="newsmon-rerun-") as tmp:
        folder, port = Path(tmp), free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
        env["PREFECT_HOME"] = str(folder / "prefect-home")
        standing, temporary = write_config(folder, True, port), write_config(folder, False, port)
        try:
            first = timed_run(standing, env, "run")
            on_standing, plain = [], []
            for _ in range(repeats):  # alternated, so that a slower spell slows both alike
                on_standing.append(settled(timed_run, standing, env, "run"))
                plain.append(settled(timed_run, standing, env, "run", start=PLAIN_START))
            on_temporary = [settled(timed_run, temporary, env, "run") for _ in range(repeats)]
        finally:
            timed_run(standing, env, "server", "stop")
    a, b = statistics.median(on_standing), statistics.median(on_temporary)
    c = statistics.median(plain)
    print(f"first run (starts the standing server): {first:.1f} s")
    print(f"rerun, nothing new, standing server:  median {a:.1f} s of {repeats}")
    print(f"  each: {seconds(on_standing)}")
    print(f"  the same, Python's collector as is: median {c:.1f} s ({a / c:.2f}x)")
    print(f"  each: {seconds(plain)}")
    print(f"rerun, nothing new, temporary server: median {b:.1f} s of {repeats}")
    print(f"  each: {seconds(on_temporary)}")
    print(f"standing / temporary: {a / b:.2f}x")
    runs = 2 + 3 * repeats
    print(f"commands printing a traceback or 'Error flushing events': {len(noisy_runs)} of {runs}")


if __name__ == "__main__":
    main()
