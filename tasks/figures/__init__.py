"""Figures: the key figures of each pending article, filed under their metrics.

`find_figures` reads one text (numbers, units, qualifiers, what is counted, whose, who
claims it, the metric identity) with rules and the topic vocabulary; `extract_figures`
runs it over every pending article and stores the figures.
"""

from newsmon.tasks.figures.extract import Figure, find_figures
from newsmon.tasks.figures.store import extract_figures
from newsmon.tasks.figures.vocabulary import Vocabulary

__all__ = ["Figure", "Vocabulary", "extract_figures", "find_figures"]
