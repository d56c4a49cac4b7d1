"""Extraction quality of extract_page on the article-extraction benchmark.

Metric (same as scrapinghub/article-extraction-benchmark's evaluate.py): 4-token shingles
(``\\w+`` tokens, case kept), per-page TP/FP/FN normalised to sum 1, precision and recall
averaged over pages, F1 = harmonic mean of the two averages. Published: trafilatura F1 0.958.

Run:  .venv/bin/python -m benchmarks.extraction_quality [--limit N] [--modes full,fast,baseline]
("baseline" is plain trafilatura.extract with its defaults, for comparison.)
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import statistics
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpora"
BENCHMARK = CORPUS / "article_extraction_benchmark"
TOKEN = re.compile(r"\w+", re.UNICODE)
SHINGLE_SIZE = 4


@dataclass(frozen=True)
class Match:
    """Normalised shingle true positives, false positives and false negatives of one page."""

    tp: float
    fp: float
    fn: float

    @property
    def precision(self) -> float:
        """Share of predicted shingles that are in the truth."""
        if self.fp == self.fn == 0:
            return 1.0
        return 0.0 if self.tp == self.fp == 0 else self.tp / (self.tp + self.fp)

    @property
    def recall(self) -> float:
        """Share of true shingles that were predicted."""
        if self.fp == self.fn == 0:
            return 1.0
        return 0.0 if self.tp == self.fn == 0 else self.tp / (self.tp + self.fn)

    @property
    def f1(self) -> float:
        """Harmonic mean of this page's precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def shingles(text: str, n: int = SHINGLE_SIZE) -> Counter[tuple[str, ...]]:
    """Multiset of n-token shingles (a text shorter than n is one shingle)."""
    tokens = TOKEN.findall(text or "")
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens)


def shingle_match(true: str, pred: str, n: int = SHINGLE_SIZE) -> Match:
    """TP/FP/FN of predicted vs true shingles, normalised so long texts weigh the same."""
    want, got = shingles(true, n), shingles(pred, n)
    tp = float(sum((want & got).values()))
    fp = float(sum((got - want).values()))
    fn = float(sum((want - got).values()))
    total = tp + fp + fn
    return Match(tp / total, fp / total, fn / total) if total else Match(0.0, 0.0, 0.0)


def shingle_f1(true: str, pred: str, n: int = SHINGLE_SIZE) -> float:
    """4-token shingle F1 of one extracted text against its ground truth."""
    return shingle_match(true, pred, n).f1


def aggregate(matches: Iterable[Match]) -> tuple[float, float, float]:
    """(precision, recall, F1) over pages, computed as the benchmark does."""
    items = list(matches)
    precision = statistics.mean(m.precision for m in items if m.tp + m.fp > 0)
    recall = statistics.mean(m.recall for m in items if m.tp + m.fn > 0)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def load_truth() -> dict[str, dict[str, str]]:
    """ground-truth.json: {id: {articleBody, url}}."""
    data: dict[str, dict[str, str]] = json.loads((BENCHMARK / "ground-truth.json").read_text())
    return data


def extractor(mode: str) -> Callable[[bytes, str], str]:
    """The text extractor for a mode: "full"/"fast" (extract_page) or "baseline"."""
    import trafilatura

    from newsmon.tasks.ingest.pages import extract_page

    if mode == "baseline":  # trafilatura.extract with its defaults (comments included)
        return lambda html, url: trafilatura.extract(html, url=url) or ""
    return lambda html, url: extract_page(html, url=url, fast=mode == "fast").text


def run(
    ids: list[str], truth: dict[str, dict[str, str]], *, mode: str
) -> tuple[list[Match], float]:
    """Extract every page with ``mode``; the matches and the pages per second."""
    extract = extractor(mode)
    pages = [(i, (BENCHMARK / "html" / f"{i}.html").read_bytes()) for i in ids]
    started = time.perf_counter()
    texts = {i: extract(html, truth[i]["url"]) for i, html in pages}
    rate = len(pages) / (time.perf_counter() - started)
    return [shingle_match(truth[i]["articleBody"], texts[i]) for i in ids], rate


def main() -> None:
    """Print precision/recall/F1 and pages/s for extract_page full and fast (and a baseline)."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--limit", type=int, default=0, help="only the first N pages")
    parser.add_argument("--modes", default="full,fast", help="comma list: full, fast, baseline")
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    truth = load_truth()
    ids = sorted(truth)[: args.limit or None]
    print(f"{'mode':<10}{'pages':>6}{'precision':>11}{'recall':>8}{'F1':>7}{'pages/s':>9}")
    for mode in args.modes.split(","):
        matches, rate = run(ids, truth, mode=mode.strip())
        p, r, f1 = aggregate(matches)
        print(f"{mode:<10}{len(ids):>6}{p:>11.3f}{r:>8.3f}{f1:>7.3f}{rate:>9.1f}")


if __name__ == "__main__":
    main()
