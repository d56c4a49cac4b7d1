"""End-to-end web ingestion: the monitor flow over 181 real news pages served from 127.0.0.1.

Measured side by side in one run, on the same pages:
- trafilatura alone, one core, in this process (the reference);
- the whole monitor flow (feed poll, page downloads, extraction on every core, dedup,
  relevance, figure extraction, comparison, storage), first run;
- the same flow again over the unchanged feed (the feed answers 304);
- extraction quality of what the flow stored: 4-token shingle F1 against ground-truth.json.

Run:  .venv/bin/python -m benchmarks.pipeline
"""

from __future__ import annotations

import logging
import os
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path
from typing import TypeVar

import trafilatura
import yaml

from benchmarks.extraction_quality import BENCHMARK, aggregate, load_truth, shingle_match
from config.runtime import apply_quiet_defaults
from config.settings import DEFAULT_CONFIG


def rss(base: str, ids: list[str]) -> bytes:
    """One feed listing every page."""
    now = format_datetime(datetime.now(UTC))
    items = "".join(
        f"<item><title>Article {i[:8]}</title><link>{base}/a/{i}.html</link>"
        f"<pubDate>{now}</pubDate></item>"
        for i in ids
    )
    channel = f"<channel><title>bench</title>{items}</channel>"
    return f'<?xml version="1.0"?><rss version="2.0">{channel}</rss>'.encode()


def write_config(folder: Path, feed_url: str) -> Path:
    """A config analysing every page (relevance 0), with no seeds and no alert targets."""
    raw = yaml.safe_load(DEFAULT_CONFIG.read_text(encoding="utf-8"))
    (folder / "seeds").mkdir()
    (folder / "seeds" / "manifest.yaml").write_text("seeds: []\n")
    raw.update(
        seeds_folder=str(folder / "seeds"),
        database_url=f"sqlite:///{folder / 'bench.db'}",
        feeds=[{"name": "bench", "url": feed_url}],
        fetch={"allow_hosts": ["127.0.0.1"], "timeout": 30, "retries": 0},
        alerts={"targets": []},
    )
    raw["topic"]["vocabulary"] = str(DEFAULT_CONFIG.parent / "vocabulary.yaml")
    raw["topic"]["relevance_threshold"] = 0.0
    path = folder / "newsmon.yaml"
    path.write_text(yaml.safe_dump(raw), encoding="utf-8")
    return path


T = TypeVar("T")


def empty_flow() -> None:
    """A flow that does nothing: what Prefect alone costs per run."""


def settled(function: Callable[[], T]) -> T:
    """Run a flow and wait until its logs and events reach the server, so that their
    delivery is counted in its own time, not in the next run's."""
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    result = function()
    EventsWorker.drain_all()
    APILogWorker.drain_all()
    return result


def timed(function: Callable[[], object]) -> float:
    """Seconds one call takes."""
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def trafilatura_alone(pages: dict[str, bytes], truth: dict[str, dict[str, str]]) -> float:
    """Seconds for trafilatura to extract every page on one core."""
    started = time.perf_counter()
    for i, html in pages.items():
        trafilatura.bare_extraction(html, url=truth[i]["url"], with_metadata=True)
    return time.perf_counter() - started


def stored_texts(database: Path) -> dict[str, str]:
    """Text of every stored page, by page id."""
    import sqlite3

    with sqlite3.connect(database) as db:
        rows = db.execute("SELECT url, text FROM article WHERE text IS NOT NULL").fetchall()
    return {url.rsplit("/", 1)[-1].removesuffix(".html"): text for url, text in rows}


def main() -> None:
    """Print the side-by-side table."""
    apply_quiet_defaults()
    from prefect import flow
    from prefect.testing.utilities import prefect_test_harness

    from flows.monitor import monitor

    empty_flow_run = flow(name="empty")(empty_flow)
    from tests.support.site import LocalSite

    if "--log" not in sys.argv:  # --log: Prefect's run and task logs, with timestamps
        logging.disable(logging.WARNING)
    truth = load_truth()
    ids = sorted(truth)
    pages = {i: (BENCHMARK / "html" / f"{i}.html").read_bytes() for i in ids}
    reference = trafilatura_alone(pages, truth)
    with tempfile.TemporaryDirectory() as tmp, LocalSite() as site:
        for i, html in pages.items():
            site.add(f"/a/{i}.html", html, content_type="text/html; charset=utf-8")
        site.add("/feed.xml", rss(site.base_url, ids), content_type="application/rss+xml")
        config = str(write_config(Path(tmp), site.url("/feed.xml")))
        with prefect_test_harness(server_startup_timeout=60):
            overhead = min(timed(lambda: settled(empty_flow_run)) for _ in range(3))
            started = time.perf_counter()
            first = settled(lambda: monitor(config_path=config))
            flow_seconds = time.perf_counter() - started
            rerun_seconds = timed(lambda: settled(lambda: monitor(config_path=config)))
        texts = stored_texts(Path(tmp) / "bench.db")
    p, r, f1 = aggregate(shingle_match(truth[i]["articleBody"], texts.get(i, "")) for i in ids)
    n, megabytes = len(ids), sum(map(len, pages.values())) / 1e6
    print(f"pages: {n} ({megabytes:.1f} MB of HTML), cores: {os.cpu_count()}")
    print(f"stored: {first.articles['new']} new, {first.articles['failed']} failed, "
          f"{first.figures} figures")  # fmt: skip
    rows = [
        ("trafilatura alone, 1 core", reference, f"{n / reference:.1f}", "1.00x"),
        ("monitor flow, first run", flow_seconds, f"{n / flow_seconds:.1f}",
         f"{reference / flow_seconds:.2f}x"),
        ("monitor flow, rerun (feed unchanged)", rerun_seconds, "-",
         f"{100 * rerun_seconds / flow_seconds:.1f}% of the first run"),
        ("an empty Prefect flow (fixed cost per run)", overhead, "-",
         f"{100 * overhead / flow_seconds:.1f}% of the first run"),
    ]  # fmt: skip
    print("\n| run | seconds | pages/s | vs trafilatura alone |\n|---|---:|---:|---:|")
    for label, seconds, rate, ratio in rows:
        print(f"| {label} | {seconds:.2f} | {rate} | {ratio} |")
    work = (rerun_seconds - overhead) / (flow_seconds - overhead)
    print(f"\nrerun work beyond Prefect's fixed cost: {100 * work:.1f}% of the first run's")
    print(f"\nstored text vs ground truth: precision {p:.3f}, recall {r:.3f}, F1 {f1:.3f}"
          " (trafilatura publishes F1 0.958)")  # fmt: skip


if __name__ == "__main__":
    main()
