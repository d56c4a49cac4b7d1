"""Ctrl-C and SIGTERM in the middle of `newsmon run`: out within 5 s, and a rerun at once."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlmodel import select

from newsmon.db.engine import get_engine, transaction
from newsmon.db.models import Article, Figure
from newsmon.tasks.runtime import lease
from tests.support.config import REPO, write_config
from tests.support.prefect_server import PrefectServer, prefect_server
from tests.support.site import LocalSite

__all__ = ["prefect_server"]  # the module-scoped fixture, imported for pytest
pytestmark = [pytest.mark.slow, pytest.mark.server]
EMPTY_FEED = b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>'


def stored(database_url: str) -> tuple[int, int]:
    """How many articles and figures the database holds."""
    with transaction(get_engine(database_url)) as session:
        articles = len(session.exec(select(Article)).all())
        return articles, len(session.exec(select(Figure)).all())


def config_with_feed(folder: Path, url: str) -> Path:
    folder.mkdir(exist_ok=True)
    fetch = {"allow_hosts": ["127.0.0.1"], "timeout": 120, "retries": 0}
    return write_config(folder, feeds=[{"name": "wire", "url": url}], fetch=fetch).path


@pytest.mark.parametrize(("sig", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_signal_mid_run_stops_it_within_5_s_and_a_rerun_proceeds_at_once(
    prefect_server: PrefectServer, tmp_path: Path, sig: signal.Signals, code: int
) -> None:
    with LocalSite(slow_seconds=90) as site:
        site.add("/feed.xml", EMPTY_FEED, content_type="application/rss+xml")
        config = config_with_feed(tmp_path / "cut", site.url("/nasty/slow"))
        database = f"sqlite:///{tmp_path / 'cut' / 'newsmon.db'}"
        command = [sys.executable, "-m", "newsmon", "run", "--config", str(config)]
        env = prefect_server.env()
        run = subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)  # fmt: skip
        deadline = time.monotonic() + 120
        while site.hits("/nasty/slow") == 0 and time.monotonic() < deadline:
            time.sleep(0.05)  # the run now waits in the feed's 90-second answer
        began = time.monotonic()
        run.send_signal(sig)
        out, err = run.communicate(timeout=30)
        took = time.monotonic() - began
        assert took < 5 and run.returncode == code, (took, err[-2000:])
        said = [line for line in err.splitlines() if line.startswith("interrupted")]
        assert said == [f"interrupted ({sig.name}): stopping; nothing half-written is kept"]
        assert "Traceback" not in out + err
        assert lease.holder(get_engine(database)) is None  # given back: the next run proceeds
        cut = config_with_feed(tmp_path / "cut", site.url("/feed.xml"))
        again = subprocess.run([*command[:-1], str(cut)], cwd=REPO, env=env,
                               capture_output=True, text=True)  # fmt: skip
        assert again.returncode == 0 and "articles: 5 new" in again.stdout, again.stderr[-2000:]
        whole = config_with_feed(tmp_path / "whole", site.url("/feed.xml"))
        subprocess.run([*command[:-1], str(whole)], cwd=REPO, env=env, check=True,
                       capture_output=True)  # fmt: skip
    assert stored(database) == stored(f"sqlite:///{tmp_path / 'whole' / 'newsmon.db'}")
