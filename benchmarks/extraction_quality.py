"""Extraction quality of tasks.pages.extract_page on the article-extraction benchmark.

Metric (same as scrapinghub/article-extraction-benchmark's evaluate.py): 4-token shingles
(``\\w+`` tokens, case kept), per-page TP/FP/FN normalised to sum 1, precision and recall
averaged over pages, F1 = harmonic mean of the two averages. Published: trafilatura F1 0.958.

Run:  .venv/bin/python -m benchmarks.extraction_quality [--limit N] [--fast-only|--full-only]
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import statistics
import time
from collections import Counter
from collections.abc import Iterable
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


def run(
    ids: list[str], truth: dict[str, dict[str, str]], *, fast: bool
) -> tuple[list[Match], float]:
    """Extract every page; the matches and the pages per second."""
    from tasks.pages import extract_page

    pages = [(i, (BENCHMARK / "html" / f"{i}.html").read_bytes()) for i in ids]
    started = time.perf_counter()
    texts = {i: extract_page(html, url=truth[i]["url"], fast=fast).text for i, html in pages}
    rate = len(pages) / (time.perf_counter() - started)
    return [shingle_match(truth[i]["articleBody"], texts[i]) for i in ids], rate


def main() -> None:
    """Print a precision/recall/F1 and pages/s table for fast=False and fast=True."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=0, help="only the first N pages")
    parser.add_argument("--fast-only", action="store_true")
    parser.add_argument("--full-only", action="store_true")
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    truth = load_truth()
    ids = sorted(truth)[: args.limit or None]
    modes = [False] if args.full_only else [True] if args.fast_only else [False, True]
    print(f"{'mode':<10}{'pages':>6}{'precision':>11}{'recall':>8}{'F1':>7}{'pages/s':>9}")
    for fast in modes:
        matches, rate = run(ids, truth, fast=fast)
        p, r, f1 = aggregate(matches)
        label = "fast" if fast else "full"
        print(f"{label:<10}{len(ids):>6}{p:>11.3f}{r:>8.3f}{f1:>7.3f}{rate:>9.1f}")


if __name__ == "__main__":
    main()
