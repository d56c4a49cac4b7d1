"""Loaded once by the worker processes' fork server, so that every worker starts warm.

Importing the extraction code takes about half a second, and its first use as long again
(date parsers, compiled patterns). Done here, once, every forked worker inherits the result.
"""

from __future__ import annotations

# Named exception to stage order: the workers run these stages' code, so it loads it.
from newsmon.tasks.figures.mentions import article_figures
from newsmon.tasks.ingest.pages import extract_page

SAMPLE_TEXT = "The ministry said on 3 March 2024 that about 12,000 troops were deployed."
SAMPLE_PAGE = (
    "<html><head><title>Sample</title><meta name='author' content='Ann Lee'>"
    "<meta property='article:published_time' content='2024-03-03'></head><body><article>"
    f"<h1>Sample</h1><p>{SAMPLE_TEXT} {SAMPLE_TEXT}</p><p>Published March 3rd, 2024.</p>"
    "</article></body></html>"
).encode()

extract_page(SAMPLE_PAGE, url="https://example.org/news/sample", fast=True)
article_figures(SAMPLE_TEXT)
