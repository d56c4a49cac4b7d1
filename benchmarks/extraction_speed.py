"""Figure-extraction throughput, in MB of text per second on one core, beside trafilatura.

Run: .venv/bin/python benchmarks/extraction_speed.py [--lxml]
The text of the 181 pages of the article extraction benchmark is extracted first, with
trafilatura (or lxml's text_content with --lxml), timed; then find_figures runs over it. The
ratio of the two CPU times, measured in the same run, holds when the machine is loaded and
the MB/s do not: the shared machine's absolute rates vary by two times from hour to hour.
trafilatura's time is its one (cold) pass, figures' the best of three, which flatters the
figures a little.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import lxml.html
import trafilatura

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from newsmon.tasks.figures.extract import find_figures  # noqa: E402
from newsmon.tasks.figures.vocabulary import Vocabulary  # noqa: E402

HTML_DIR = REPO.parent / "shared" / "corpora" / "article_extraction_benchmark" / "html"


def page_text(path: Path, use_lxml: bool) -> str:
    """The readable text of one HTML page."""
    html = path.read_bytes().decode("utf-8", errors="replace")
    if not use_lxml:
        text = trafilatura.extract(html)
        if text:
            return text
    try:
        return str(lxml.html.fromstring(html).text_content())
    except (ValueError, lxml.etree.ParserError):
        return ""


def corpus(use_lxml: bool = False) -> list[str]:
    """The texts of every benchmark page."""
    return [page_text(p, use_lxml) for p in sorted(HTML_DIR.glob("*.html"))]


def throughput(texts: list[str], vocabulary: Vocabulary, repeats: int = 3) -> tuple[float, int]:
    """The best of several runs, in MB/s, and the number of figures found."""
    size = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    best, found = float("inf"), 0
    for _ in range(repeats):
        began = time.process_time()
        found = sum(len(find_figures(t, vocabulary, all_quantities=True)) for t in texts)
        best = min(best, time.process_time() - began)
    return size / best, found


def main() -> None:
    """Print the throughput of figure extraction, and its time beside reading the pages."""
    use_lxml = "--lxml" in sys.argv
    began = time.process_time()
    texts = corpus(use_lxml)
    reading = time.process_time() - began
    vocabulary = Vocabulary.load(REPO / "config" / "vocabulary.yaml")
    size = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    rate, found = throughput(texts, vocabulary)
    reader = "lxml" if use_lxml else "trafilatura"
    print(f"pages: {len(texts)}  text: {size:.2f} MB  quantities: {found}")
    print(f"throughput: {rate:.2f} MB/s (one core, all_quantities=True, CPU time, best of 3)")
    print(f"{reader} on the same pages: {reading:.2f} s; figures: {size / rate:.2f} s "
          f"= {size / rate / reading:.2f}x {reader}'s time")  # fmt: skip


if __name__ == "__main__":
    main()
