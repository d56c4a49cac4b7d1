"""The console of a run: progress bars on a terminal only, library chatter only with -v."""

from __future__ import annotations

import logging
import os
import pty
import re
import select
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from newsmon.console import verbose_logs
from newsmon.tasks.runtime import progress
from tests.support.config import REPO, write_config
from tests.support.prefect_server import PrefectServer, prefect_server
from tests.support.site import LocalSite, SiteRequest, SiteResponse
from tests.test_web_flow import CASUALTIES, page

__all__ = ["prefect_server"]  # the module-scoped fixture, imported for pytest
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def test_a_listener_hears_every_step_of_a_stage_and_nothing_after_it_stops() -> None:
    heard: list[tuple[str, int, int]] = []
    with progress.listening(lambda *step: heard.append(step)):
        assert list(progress.counted("reading", iter("abc"), 3)) == ["a", "b", "c"]
        progress.started("polling", 2)
        progress.advanced("polling", 2)
    progress.advanced("polling")
    assert heard == [
        ("reading", 0, 3), ("reading", 1, 3), ("reading", 2, 3), ("reading", 3, 3),
        ("polling", 0, 2), ("polling", 2, 2),
    ]  # fmt: skip


def test_steps_from_many_threads_are_all_counted() -> None:
    last: list[int] = []
    with progress.listening(lambda _stage, done, _total: last.append(done)):
        progress.started("polls", 400)
        threads = [
            threading.Thread(target=lambda: [progress.advanced("polls") for _ in range(100)])
            for _ in range(4)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert last == list(range(401))  # told in order, never a step back


@pytest.mark.parametrize(
    ("verbose", "shown"), [(False, []), (True, ["GET http://127.0.0.1/x", "delivered"])]
)
def test_verbose_shows_library_info_lines_and_restores_the_levels(
    caplog: pytest.LogCaptureFixture, verbose: bool, shown: list[str]
) -> None:
    caplog.handler.setLevel(logging.INFO)  # what reaches it is up to the loggers' levels
    assert logging.getLogger("httpx").getEffectiveLevel() == logging.WARNING
    with verbose_logs(verbose):
        logging.getLogger("httpx").info("GET http://127.0.0.1/x")
        logging.getLogger("newsmon.tasks.alerts.notify").info("delivered")
        logging.getLogger("sqlalchemy").info("never: not a chatty library of ours")
    logging.getLogger("httpx").info("after: the level is back")
    assert [record.getMessage() for record in caplog.records] == shown


@pytest.mark.parametrize("verbose", [False, True])
def test_alerts_test_says_what_apprise_did_only_with_verbose(tmp_path: Path, verbose: bool) -> None:
    targets = [{"name": "log", "url": f"logfile://{tmp_path / 'alerts.log'}"}]
    settings = write_config(tmp_path, alerts={"targets": targets})
    command = [sys.executable, "-m", "newsmon", "alerts", "test", "-c", str(settings.path)]
    done = subprocess.run(command + ["-v"] * verbose, cwd=REPO, capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout == "log: ok\n", done.stderr
    assert ("INFO apprise: Sent" in done.stderr) is verbose
    assert "Traceback" not in done.stderr


def slow_feed(site: LocalSite, paths: list[str]) -> None:
    """A feed that takes a second to answer, of pages that take a second each."""
    items = "".join(f"<item><title>t{p}</title><link>{site.url(p)}</link></item>" for p in paths)
    body = f'<?xml version="1.0"?><rss version="2.0"><channel>{items}</channel></rss>'.encode()
    for n, path in enumerate(paths):
        text = page(f"Casualties {n}", [CASUALTIES[0].format(n=f"{n + 1},000")], "Wire")
        site.add_handler(path, lambda _r, text=text: (time.sleep(1), SiteResponse(200, {
            "Content-Type": "text/html"}, text))[1])  # fmt: skip

    def answer(_request: SiteRequest) -> SiteResponse:
        time.sleep(1)
        return SiteResponse(200, {"Content-Type": "application/rss+xml"}, body)

    site.add_handler("/feed.xml", answer)


def run_in(terminal: bool, config: Path, env: dict[str, str]) -> tuple[int, str]:
    """`newsmon run` with stderr on a pseudo-terminal or a pipe: exit code, all it printed."""
    command = [sys.executable, "-m", "newsmon", "run", "-c", str(config)]
    if not terminal:
        done = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True)
        return done.returncode, done.stdout + done.stderr
    leader, follower = pty.openpty()
    env = env | {"TERM": "xterm", "COLUMNS": "120"}
    run = subprocess.Popen(command, cwd=REPO, env=env, stdout=follower, stderr=follower)
    os.close(follower)
    seen = b""
    while True:
        ready, _, _ = select.select([leader], [], [], 60)
        try:
            chunk = os.read(leader, 65536) if ready else b""
        except OSError:  # the run closed its end
            chunk = b""
        if not chunk:
            break
        seen += chunk
    os.close(leader)
    return run.wait(timeout=60), ANSI.sub("", seen.decode(errors="replace"))


@pytest.mark.slow
@pytest.mark.parametrize("terminal", [True, False])
def test_a_run_shows_progress_bars_on_a_terminal_and_none_in_a_pipe(
    prefect_server: PrefectServer, tmp_path: Path, terminal: bool
) -> None:
    with LocalSite() as site:
        slow_feed(site, ["/a", "/b", "/c"])
        fetch = {"allow_hosts": ["127.0.0.1"], "retries": 0, "workers": 1}
        feeds = [{"name": "wire", "url": site.url("/feed.xml")}]
        config = write_config(tmp_path, feeds=feeds, fetch=fetch).path
        code, printed = run_in(terminal, config, prefect_server.env())
    assert code == 0 and "articles: " in printed, printed[-3000:]
    bars = re.findall(r"(polling feeds|reading pages)\s+\S*\s+(\d+)/(\d+)", printed)
    if terminal:
        assert {(stage, total) for stage, _done, total in bars} == {
            ("polling feeds", "1"), ("reading pages", "3"),
        }  # fmt: skip
        assert {(stage, done) for stage, done, total in bars if done == total} == {
            ("polling feeds", "1"), ("reading pages", "3"),
        }  # fmt: skip
    else:
        assert bars == [] and "━" not in printed
    assert "Traceback" not in printed
