"""The extractor never raises: arbitrary Unicode and real page text."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsmon.tasks.figures.extract import Figure, find_figures
from newsmon.tasks.figures.vocabulary import Vocabulary
from tests.support.shared import CORPORA

REPO = Path(__file__).resolve().parents[1]
HTML_DIR = CORPORA / "article_extraction_benchmark" / "html"
VOCABULARY = Vocabulary.load(REPO / "config" / "vocabulary.yaml")
PAGES = sorted(HTML_DIR.glob("*.html"))[::9] if HTML_DIR.exists() else []
NUMBERISH = st.text(alphabet="0123456789,.-–%$€£ kmbn()/:+ aboutuptomillion", max_size=60)


def check(text: str, figures: list[Figure]) -> None:
    """Every figure's offsets and fields are consistent with the text."""
    for figure in figures:
        assert 0 <= figure.start <= figure.end <= len(text)
        assert text[figure.start : figure.end] == figure.text
        assert 0.0 <= figure.score <= 1.0
        assert figure.metric


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_arbitrary_unicode_never_raises(text: str) -> None:
    check(text, find_figures(text, VOCABULARY, all_quantities=True))


@settings(max_examples=300, deadline=None)
@given(NUMBERISH)
def test_number_soup_never_raises(text: str) -> None:
    check(text, find_figures(text, all_quantities=True))


@pytest.mark.parametrize("text", ["", " ", "\x00", "İ" * 50 + " 3,000 troops", "1" * 5000,
                                  "5" + " mi l l ion" * 50, "(" * 1000 + "3,000"])  # fmt: skip
def test_edge_cases_never_raise(text: str) -> None:
    check(text, find_figures(text, VOCABULARY, all_quantities=True))


@pytest.mark.corpus
@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name[:12])
def test_real_pages_never_raise(page: Path) -> None:
    html = page.read_bytes().decode("utf-8", errors="replace")
    text = str(lxml.html.fromstring(html).text_content())
    check(text, find_figures(text, VOCABULARY, all_quantities=True))
