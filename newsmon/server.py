"""The Prefect server every newsmon command shares: PREFECT_API_URL, or newsmon's own.

Without PREFECT_API_URL, `newsmon run` and `newsmon serve` use one local `prefect server
start` on 127.0.0.1 at the config's `server.port`, its state under the data folder. The
first command that needs it starts it in the background and waits for it to be healthy
(up to `server.startup_seconds`, saying so); later commands reuse it, so every run is in
the one UI and run links in alerts stay valid. `newsmon server stop` stops it.
`local_server` is the same server for the length of a block (tests).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import httpx
from sqlalchemy.engine import make_url

from newsmon.config.runtime import server_environment
from newsmon.config.settings import Settings

HOST = "127.0.0.1"
STOP_SECONDS = 15.0


class ServerError(RuntimeError):
    """The Prefect API cannot be reached, or the local server does not start."""


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


def healthy(api_url: str) -> bool:
    """Whether a Prefect API answers /health at `api_url`."""
    try:
        return httpx.get(f"{api_url.rstrip('/')}/health", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def reachable(api_url: str) -> bool:
    """Whether anything answers HTTP at `api_url` (Prefect Cloud wants a key for /health)."""
    try:
        httpx.get(f"{api_url.rstrip('/')}/health", timeout=5)
    except httpx.HTTPError:
        return False
    return True


def shown(url: str) -> str:
    """A URL fit to print: no user or password, no query (either may carry a secret)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    netloc = f"{host}:{parts.port}" if parts.port is not None else host
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


def port_taken(port: int) -> bool:
    """Whether something listens on 127.0.0.1:`port`."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        return sock.connect_ex((HOST, port)) == 0


def wait_healthy(api_url: str, process: subprocess.Popen[bytes], log: Path, limit: float) -> None:
    """Block until the server answers /health; ServerError if it exits or takes too long."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if healthy(api_url):
            return
        if process.poll() is not None:
            tail = " ".join(log.read_text(errors="replace")[-300:].split())
            raise ServerError(f"the Prefect server exited with {process.returncode}: {tail}")
        time.sleep(0.25)
    raise ServerError(f"the Prefect server is not healthy after {limit:.0f} s (log: {log})")


def start(home: Path, port: int) -> subprocess.Popen[bytes]:
    """`prefect server start` in its own session, its output in HOME/server.log."""
    home.mkdir(parents=True, exist_ok=True)
    env = server_environment(home, f"http://{HOST}:{port}/api")
    command = [*prefect_command(), "server", "start", "--host", HOST, "--port", str(port)]
    with (home / "server.log").open("ab") as output:
        process = subprocess.Popen(
            command, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )
    return process


def stop_group(pid: int, wait: Callable[[float], bool]) -> None:
    """SIGTERM the process group of `pid`, then SIGKILL if `wait` says it still runs."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, sig)  # its own session: the server and any child it made
        if wait(STOP_SECONDS):
            return


def standing(settings: Settings, echo: Callable[[str], None]) -> str:
    """The API URL of newsmon's local server, started in the background when not running."""
    port = settings.config.server.port
    api_url = f"http://{HOST}:{port}/api"
    if healthy(api_url):
        return api_url
    home, limit = server_home(settings), settings.config.server.startup_seconds
    home.mkdir(parents=True, exist_ok=True)
    with (home / "start.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # two commands at once: the second finds it running
        if healthy(api_url):
            return api_url
        if port_taken(port):
            raise ServerError(f"127.0.0.1:{port} is in use by something that is not a Prefect "
                              "server; set server.port in the config")  # fmt: skip
        echo(f"starting newsmon's Prefect server on {HOST}:{port} (state in {home}); "
             f"the first start can take a minute, waiting up to {limit:.0f} s")  # fmt: skip
        process = start(home, port)
        wait_healthy(api_url, process, home / "server.log", limit)
        (home / "server.pid").write_text(f"{process.pid}\n", encoding="utf-8")
    echo(f"Prefect UI: http://{HOST}:{port}")
    return api_url


def api_url(settings: Settings, configured: str | None, echo: Callable[[str], None]) -> str | None:
    """PREFECT_API_URL when set (and reachable), else newsmon's standing local server; None
    when the config turns that off (`server.standing: false`: Prefect's temporary one)."""
    if configured:
        if not reachable(configured):
            raise ServerError(
                f"cannot reach the Prefect API at {shown(configured)} (PREFECT_API_URL)"
            )
        return configured
    return standing(settings, echo) if settings.config.server.standing else None


def server_pid(pid_file: Path) -> int | None:
    """The pid the file names, if that process is still a `prefect server start`."""
    try:
        pid = int(pid_file.read_text(encoding="utf-8").split()[0])
        command = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except (OSError, ValueError, IndexError):
        return None
    return pid if b"server" in command and any(b"prefect" in part for part in command) else None


def alive(pid: int) -> bool:
    """Whether a process runs (an exited one nobody has reaped yet does not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8").rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def stop_standing(settings: Settings) -> bool:
    """Stop newsmon's local server, healthy or hung; False when it was not running."""
    pid_file = server_home(settings) / "server.pid"
    pid = server_pid(pid_file)
    if pid is None:
        pid_file.unlink(missing_ok=True)  # stale: its process is gone (or is another one)
        return False

    def gone(seconds: float) -> bool:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and alive(pid):
            time.sleep(0.2)
        return not alive(pid)

    stop_group(pid, gone)
    pid_file.unlink(missing_ok=True)
    return True


@contextmanager
def local_server(home: Path, port: int | None = None, limit: float = 180.0) -> Iterator[str]:
    """A private `prefect server start` on 127.0.0.1 for the block; yields its API URL."""
    port = port or free_port()
    url = f"http://{HOST}:{port}/api"
    process = start(home, port)

    def exited(seconds: float) -> bool:
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(seconds)
        return process.poll() is not None

    try:
        wait_healthy(url, process, home / "server.log", limit)
        yield url
    finally:
        if process.poll() is None:
            stop_group(process.pid, exited)
