"""Wall time of a `newsmon run` with nothing new: on the standing server vs a temporary one.

Side by side in one run, on the seeds in a temp folder with a fresh PREFECT_HOME: one first
run (which starts newsmon's standing server), then REPEATS reruns on it, then REPEATS
reruns with `server.standing: false` (Prefect's temporary server, started and stopped by
each run, as every run did before). Each rerun is a new `python -m newsmon run` process,
as a user or cron starts it. Run: .venv/bin/python -m benchmarks.rerun [--repeats N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from newsmon.config.settings import DEFAULT_CONFIG
from newsmon.server import free_port

REPO = Path(__file__).resolve().parents[1]


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


def timed_run(config: Path, env: dict[str, str], *args: str) -> float:
    """Seconds one `newsmon ARGS --config CONFIG` process takes; it must succeed."""
    began = time.perf_counter()
    command = [sys.executable, "-m", "newsmon", *args, "--config", str(config)]
    done = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"newsmon {' '.join(args)} failed: {done.stderr[-500:]}")
    return time.perf_counter() - began


def main() -> None:
    """Print the rerun times on both servers and their ratio."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=3)
    repeats = parser.parse_args().repeats
    with tempfile.TemporaryDirectory(prefix="newsmon-rerun-") as tmp:
        folder, port = Path(tmp), free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
        env["PREFECT_HOME"] = str(folder / "prefect-home")
        standing, temporary = write_config(folder, True, port), write_config(folder, False, port)
        try:
            first = timed_run(standing, env, "run")
            on_standing = [timed_run(standing, env, "run") for _ in range(repeats)]
            on_temporary = [timed_run(temporary, env, "run") for _ in range(repeats)]
        finally:
            timed_run(standing, env, "server", "stop")
    a, b = statistics.median(on_standing), statistics.median(on_temporary)
    print(f"first run (starts the standing server): {first:.1f} s")
    print(f"rerun, nothing new, standing server:  median {a:.1f} s of {repeats}")
    print(f"rerun, nothing new, temporary server: median {b:.1f} s of {repeats}")
    print(f"standing / temporary: {a / b:.2f}x")


if __name__ == "__main__":
    main()
