"""`kill -9` in the middle of a run, then a rerun: the database ends as after one clean run."""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import select

from newsmon.db.engine import get_engine, transaction
from newsmon.db.models import Alert, Article, Figure, Lease, utcnow
from tests.support.config import REPO, write_config
from tests.support.prefect_server import PrefectServer, prefect_server
from tests.support.site import LocalSite, SiteResponse
from tests.test_web_flow import CASUALTIES, page

__all__ = ["prefect_server"]  # the module-scoped fixture, imported for pytest
pytestmark = [pytest.mark.slow, pytest.mark.chaos]
PATHS = ["/first", "/second", "/held"]


def stored(database_url: str) -> list[tuple[object, ...]]:
    """What a run leaves that matters: each article's URL and status, figures, alerts."""
    with transaction(get_engine(database_url)) as session:
        articles = sorted((a.canonical_url, a.status) for a in session.exec(select(Article)))
        figures = sorted((f.value, f.text) for f in session.exec(select(Figure)))
        alerts = len(session.exec(select(Alert)).all())
    return [*articles, *figures, alerts]


def feed_site(site: LocalSite, gate: threading.Event) -> str:
    """A feed with an ETag (a static route) of three pages; /held answers once `gate` is set."""
    items = "".join(f"<item><title>t{p}</title><link>{site.url(p)}</link></item>" for p in PATHS)
    rss = f'<?xml version="1.0"?><rss version="2.0"><channel>{items}</channel></rss>'
    site.add("/feed.xml", rss.encode(), content_type="application/rss+xml")
    for n, path in enumerate(PATHS):
        html = page(f"Casualties {n}", [CASUALTIES[0].format(n=f"{n + 2},000"), *CASUALTIES[1:]],
                    f"Wire {n}")  # fmt: skip
        site.add_handler(
            path, lambda _r, html=html, held=path == "/held": held_page(html, held, gate)
        )
    return site.url("/feed.xml")


def held_page(html: bytes, held: bool, gate: threading.Event) -> SiteResponse:
    if held:
        gate.wait(120)
    return SiteResponse(200, {"Content-Type": "text/html"}, html)


def expire_lease(database_url: str) -> None:
    """What a minute's wait does to a killed run's lease (its heartbeat died with it)."""
    with transaction(get_engine(database_url)) as session:
        for lease in session.exec(select(Lease)):
            lease.expires_at = utcnow() - timedelta(seconds=1)


def run(config: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "newsmon", "run", "--config", str(config)]
    return subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=300)


def test_a_run_killed_while_downloading_loses_nothing_when_the_feed_sends_an_etag(
    prefect_server: PrefectServer, tmp_path: Path
) -> None:
    gate = threading.Event()
    with LocalSite() as site:
        url = feed_site(site, gate)
        fetch = {"allow_hosts": ["127.0.0.1"], "retries": 0, "timeout": 150}
        configs = {}
        for name in ("killed", "clean"):
            (tmp_path / name).mkdir()
            configs[name] = write_config(tmp_path / name, feeds=[{"name": "wire", "url": url}],
                                         fetch=fetch)  # fmt: skip
        env = prefect_server.env()
        command = [sys.executable, "-m", "newsmon", "run", "--config", str(configs["killed"].path)]
        victim = subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)  # fmt: skip
        deadline = time.monotonic() + 120
        while site.hits("/held") == 0 and time.monotonic() < deadline:
            time.sleep(0.05)  # the run has polled the feed and now waits for the held page
        assert site.hits("/held") == 1
        victim.send_signal(signal.SIGKILL)
        victim.wait(timeout=30)
        gate.set()
        expire_lease(configs["killed"].database_url)
        again = run(configs["killed"].path, env)
        assert again.returncode == 0, again.stderr[-2000:]
        assert site.hits("/feed.xml") == 2
        clean = run(configs["clean"].path, env)
        assert clean.returncode == 0, clean.stderr[-2000:]
    killed, whole = stored(configs["killed"].database_url), stored(configs["clean"].database_url)
    assert len([row for row in whole if "/held" in str(row)]) == 1
    assert killed == whole
