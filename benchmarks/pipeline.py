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

import asyncio
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
from newsmon.config.runtime import apply_quiet_defaults
from newsmon.config.settings import DEFAULT_CONFIG
from tests.support.site import LocalSite

SETTLE_SECONDS = 3


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
    raw["topic"]["relevance"] = {"min_score": 0.0, "min_names": 0.0}
    path = folder / "newsmon.yaml"
    path.write_text(yaml.safe_dump(raw), encoding="utf-8")
    return path


T = TypeVar("T")


async def empty_flow() -> None:
    """A flow that does nothing: what Prefect alone costs per run (async, as monitor is)."""


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


def cpu_seconds() -> float:
    """CPU seconds used so far by this process and every process under it (the extraction
    workers, the Prefect server), read from /proc (Linux), counting exited children."""
    tick, table = os.sysconf("SC_CLK_TCK"), {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            data = stat.read_text()
        except OSError:  # the process ended meanwhile
            continue
        fields = data[data.rindex(")") + 2 :].split()
        table[int(stat.parent.name)] = (int(fields[1]), sum(map(int, fields[11:15])) / tick)
    tree, total = [os.getpid()], 0.0
    while tree:
        pid = tree.pop()
        total += table.get(pid, (0, 0.0))[1]
        tree += [child for child, (parent, _) in table.items() if parent == pid]
    return total


def measured(function: Callable[[], T]) -> tuple[T, float, float]:
    """A settled flow run's result, wall seconds, and CPU seconds of all processes."""
    cpu, started = cpu_seconds(), time.perf_counter()
    result = settled(function)
    return result, time.perf_counter() - started, cpu_seconds() - cpu


def serve_pages(site: LocalSite, pages: dict[str, bytes]) -> str:
    """Serve every page and one RSS feed listing them all; the feed's URL."""
    for i, html in pages.items():
        site.add(f"/a/{i}.html", html, content_type="text/html; charset=utf-8")
    site.add("/feed.xml", rss(site.base_url, list(pages)), content_type="application/rss+xml")
    return site.url("/feed.xml")


def print_table(n: int, reference: float, runs: dict[str, tuple[float, float]]) -> None:
    """The side-by-side table: seconds, CPU seconds, pages/s, and ratios."""
    (first, first_cpu), (rerun, _) = runs["first"], runs["rerun"]
    empty = runs["empty"][0]
    cores = os.cpu_count() or 1
    rows = [
        ("trafilatura alone, 1 core", reference, reference, f"{n / reference:.1f}", "1.00x"),
        ("monitor flow, first run", first, first_cpu, f"{n / first:.1f}",
         f"{reference / first:.2f}x"),
        ("monitor flow, rerun (feed unchanged)", rerun, runs["rerun"][1], "-",
         f"{100 * rerun / first:.1f}% of the first run"),
        ("an empty Prefect flow (fixed cost per run)", empty, runs["empty"][1], "-",
         f"{100 * empty / first:.1f}% of the first run"),
    ]  # fmt: skip
    print("\n| run | seconds | CPU seconds, all processes | pages/s | vs trafilatura alone |")
    print("|---|---:|---:|---:|---:|")
    for label, seconds, cpu, rate, ratio in rows:
        print(f"| {label} | {seconds:.2f} | {cpu:.2f} | {rate} | {ratio} |")
    floor = first_cpu / cores
    print(f"\nfirst run: {first_cpu:.2f} CPU seconds on {cores} cores, so at best {floor:.2f} s "
          f"({reference / floor:.2f}x trafilatura alone)")  # fmt: skip
    work = (rerun - empty) / (first - empty)
    print(f"rerun work beyond Prefect's fixed cost: {100 * work:.1f}% of the first run's")


def main() -> None:
    """Print the side-by-side table."""
    apply_quiet_defaults()
    from prefect import flow
    from prefect.testing.utilities import prefect_test_harness

    from newsmon.flows.monitor import run_monitor

    empty_flow_run = flow(name="empty")(empty_flow)

    if "--log" not in sys.argv:  # --log: Prefect's run and task logs, with timestamps
        logging.disable(logging.WARNING)
    truth = load_truth()
    pages = {i: (BENCHMARK / "html" / f"{i}.html").read_bytes() for i in sorted(truth)}
    reference = trafilatura_alone(pages, truth)
    runs: dict[str, tuple[float, float]] = {}
    with tempfile.TemporaryDirectory() as tmp, LocalSite() as site:
        config = str(write_config(Path(tmp), serve_pages(site, pages)))
        with prefect_test_harness(server_startup_timeout=60):
            empties = [measured(lambda: asyncio.run(empty_flow_run()))[1:] for _ in range(3)]
            runs["empty"] = min(empties)
            first, *cold = measured(lambda: run_monitor(config_path=config))
            runs["first"] = cold[0], cold[1]
            # Scheduled runs come minutes apart: let the server file the first run's events.
            time.sleep(SETTLE_SECONDS)
            runs["rerun"] = measured(lambda: run_monitor(config_path=config))[1:]
        texts = stored_texts(Path(tmp) / "bench.db")
    p, r, f1 = aggregate(shingle_match(truth[i]["articleBody"], texts.get(i, "")) for i in truth)
    megabytes = sum(map(len, pages.values())) / 1e6
    print(f"pages: {len(pages)} ({megabytes:.1f} MB of HTML), cores: {os.cpu_count()}")
    print(f"stored: {first.articles['new']} new, {first.articles['failed']} failed, "
          f"{first.figures} figures")  # fmt: skip
    print_table(len(pages), reference, runs)
    print(f"\nstored text vs ground truth: precision {p:.3f}, recall {r:.3f}, F1 {f1:.3f}"
          " (trafilatura publishes F1 0.958)")  # fmt: skip


if __name__ == "__main__":
    main()
