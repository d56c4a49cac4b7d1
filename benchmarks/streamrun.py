"""One labelled stream through the real monitor flow, step for step as run_stream.sh runs it.

In a work dir laid out as run_stream.sh lays it out: the seeds (seeds.py), the config, serve.py
on a free loopback port, `run_monitor` in phase 1, the exports, phase 2, the exports, and
score.py over them, as is. Prefect and `newsmon.flows` are imported only inside the runs, so
the caller can set Prefect's environment first (benchmarks/streams.py does).
"""

from __future__ import annotations

import contextlib
import logging
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy.exc import SQLAlchemyError
from yaml import YAMLError

from benchmarks.streamscore import Score, parse_summary
from newsmon.config.settings import ConfigError
from newsmon.db.engine import dispose_engines

STREAMS = Path(__file__).resolve().parents[1].parent / "shared" / "streams"
TOOL_TIMEOUT = 300  # seconds for seeds.py or score.py
FEED_WAIT = 10  # seconds for serve.py to answer
# What run_stream.sh exports after each phase (suffix "1" after phase 1, "" after phase 2).
EXPORTS = {
    "figures": ("figures", "--json"),
    "changes": ("changes", "--json"),
    "changes_all": ("changes", "--json", "--all"),
}
CONFIG_HEAD = """\
# newsmon config written by benchmarks/streams.py, as run_stream.sh writes it, for {stream}
# Paths are relative to this file, except the SQLite path (absolute here).
# fetch.refetch_days: a stream's dates are in the past; the window is widened so that the
# article update is re-read. alerts.targets is empty: changes are recorded, nothing delivered.
"""


class RunError(Exception):
    """A step of a stream run failed; the message says which and why, in one line."""


@dataclass(frozen=True)
class Stream:
    """A folder of the streams directory holding a stream.yaml."""

    name: str
    folder: Path

    @property
    def yaml(self) -> Path:
        """The labelled stream."""
        return self.folder / "stream.yaml"

    @property
    def vocabulary(self) -> Path | None:
        """The stream's vocabulary.yaml, when it has one."""
        path = self.folder / "vocabulary.yaml"
        return path if path.is_file() else None

    def variants(self, wanted: tuple[str, ...]) -> list[str]:
        """The wanted variants this stream has: "vocab" needs a vocabulary file."""
        return [v for v in wanted if v == "plain" or (v == "vocab" and self.vocabulary)]


def discover(root: Path = STREAMS) -> list[Stream]:
    """Every stream folder of `root`, by name."""
    return [Stream(path.parent.name, path.parent) for path in sorted(root.glob("*/stream.yaml"))]


def last_line(text: str) -> str:
    """The last non-empty line of a text (what a tool said last)."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else "(nothing)"


def one_line(exc: BaseException) -> str:
    """An exception as one line: its type and the first line of its message."""
    message = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {message[0]}" if message else type(exc).__name__


def shared_tool(stream: Stream, script: str, *args: str | Path, cwd: Path | None = None) -> str:
    """Run a tool of the streams folder with this Python, as is; its stdout, or RunError."""
    command = [sys.executable, str(stream.folder.parent / script), *map(str, args)]
    done = subprocess.run(command, capture_output=True, text=True, cwd=cwd, timeout=TOOL_TIMEOUT)
    if done.returncode != 0:
        raise RunError(f"{script} exited {done.returncode}: {last_line(done.stderr)}")
    return done.stdout


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for_feed(server: subprocess.Popen[bytes], port: int, log: Path) -> None:
    """Return once /feed.xml answers; RunError when serve.py dies or stays silent."""
    url, deadline = f"http://127.0.0.1:{port}/feed.xml", time.monotonic() + FEED_WAIT
    direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RunError(f"serve.py died: {last_line(log.read_text(encoding='utf-8'))}")
        try:
            with direct.open(url, timeout=2) as answer:
                answer.read()
                return
        except OSError:  # refused while it starts (URLError is an OSError)
            time.sleep(0.2)
    raise RunError(f"serve.py did not answer {url} within {FEED_WAIT} s")


@contextlib.contextmanager
def stream_server(stream: Stream, work: Path) -> Iterator[int]:
    """serve.py on a free loopback port, phase 1, until the block ends; yields the port."""
    port, log = free_port(), work / "serve.log"
    (work / "phase").write_text("1\n", encoding="utf-8")
    serve = stream.folder.parent / "serve.py"
    command = [sys.executable, str(serve), str(stream.yaml), str(port), str(work / "phase")]
    with log.open("wb") as out:
        server = subprocess.Popen(command, stdout=out, stderr=out)
    try:
        wait_for_feed(server, port, log)
        yield port
    finally:
        stop(server)


def stop(server: subprocess.Popen[bytes]) -> None:
    """Stop serve.py (SIGTERM, then SIGKILL after 10 s)."""
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def topic_section(stream: Stream, work: Path, vocab: bool) -> dict[str, Any]:
    """The stream's topic; with its vocabulary, copied beside the config, when asked."""
    raw = yaml.safe_load(stream.yaml.read_text(encoding="utf-8"))
    topic = raw.get("topic") or {}
    section: dict[str, Any] = {
        "name": str(topic.get("name") or raw.get("story") or "news"),
        "keywords": [str(k) for k in topic.get("keywords") or []],
    }
    if vocab and stream.vocabulary:
        shutil.copyfile(stream.vocabulary, work / "config" / "vocabulary.yaml")
        section["vocabulary"] = "vocabulary.yaml"
    return section


def write_config(stream: Stream, work: Path, port: int, vocab: bool) -> Path:
    """WORK/config/newsmon.yaml with run_stream.sh's keys and values."""
    config = {
        "topic": topic_section(stream, work, vocab),
        "seeds_folder": "seeds",
        "feeds": [{"name": "stream", "url": f"http://127.0.0.1:{port}/feed.xml"}],
        "database_url": f"sqlite:///{work / 'newsmon.db'}",
        "fetch": {"allow_hosts": ["127.0.0.1"], "refetch_days": 100000, "retry_delay_seconds": 1},
        "alerts": {"targets": []},
    }
    body = yaml.safe_dump(config, sort_keys=False, allow_unicode=True, width=100)
    path = work / "config" / "newsmon.yaml"
    path.write_text(CONFIG_HEAD.format(stream=stream.yaml) + body, encoding="utf-8")
    return path


@contextlib.contextmanager
def logs_to(path: Path) -> Iterator[None]:
    """Send what is logged meanwhile (the flow's and tasks' logs) to `path`, not the console."""
    root, handler = logging.getLogger(), logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(
        logging.Formatter("%(asctime)s | %(levelname)-7s | %(name)s - %(message)s")
    )
    saved, root.handlers = root.handlers, [handler]
    try:
        yield
    finally:
        root.handlers = saved
        handler.close()


def run_phase(config: Path, work: Path, phase: int) -> None:
    """Phase `phase` in the feed, one monitor run; its logs and summary in run<phase>.log."""
    from prefect.exceptions import PrefectException

    from newsmon.flows.monitor import run_monitor

    (work / "phase").write_text(f"{phase}\n", encoding="utf-8")
    log = work / f"run{phase}.log"
    # What a newsmon run is known to raise; anything else is a bug here, with its traceback.
    errors = (ConfigError, YAMLError, SQLAlchemyError, PrefectException, OSError, ValueError,
              LookupError, TypeError, RuntimeError)  # fmt: skip
    try:
        with logs_to(log):
            summary = run_monitor(config_path=str(config))
    except errors as exc:
        raise RunError(f"phase {phase} run: {one_line(exc)}") from exc
    finally:
        dispose_engines()
    with log.open("a", encoding="utf-8") as out:
        out.write("\n".join(summary.lines() + summary.error_lines()) + "\n")


def cli(config: Path, *args: str) -> str:
    """What `newsmon ARGS --config CONFIG` prints, run in-process; RunError when it fails."""
    from typer.testing import CliRunner

    from newsmon.cli import app

    result = CliRunner().invoke(app, [*args, "--config", str(config)])
    dispose_engines()
    if result.exit_code != 0:
        why = one_line(result.exception) if result.exception else last_line(result.stderr)
        raise RunError(f"newsmon {' '.join(args)} exited {result.exit_code}: {why}")
    return result.stdout


def export(config: Path, work: Path, suffix: str) -> None:
    """figures, changes and changes --all as JSON, named as run_stream.sh names them."""
    for name, args in EXPORTS.items():
        (work / f"{name}{suffix}.json").write_text(cli(config, *args), encoding="utf-8")


def score(stream: Stream, work: Path) -> Score:
    """score.py over the exports, as is; its report in score.txt."""
    exports = ("figures.json", "changes.json", "--phase1-changes", "changes1.json")
    args = (*exports, "--details", "details.json", "-v")
    report = shared_tool(stream, "score.py", stream.yaml, *args, cwd=work)
    (work / "score.txt").write_text(report, encoding="utf-8")
    return parse_summary(report)


def run_stream(stream: Stream, variant: str, work: Path) -> Score:
    """Seeds, config, serve.py, two runs with their exports, then the score."""
    (work / "config").mkdir(parents=True)
    shared_tool(stream, "seeds.py", stream.yaml, work / "config" / "seeds")
    with stream_server(stream, work) as port, contextlib.chdir(work):
        config = write_config(stream, work, port, vocab=variant == "vocab")
        for phase, suffix in ((1, "1"), (2, "")):
            run_phase(config, work, phase)
            export(config, work, suffix)
        (work / "articles.json").write_text(cli(config, "articles", "--json"), encoding="utf-8")
    return score(stream, work)
